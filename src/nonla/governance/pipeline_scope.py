"""Which functions a pipeline call runs, so a key limited to some functions cannot reach others through one.

Steps were checked against the scopes of the key that added the pipeline; a key limited to ``pipeline.*`` could
then call any pipeline, including one of privacy.pii that another key added later. A limited key's call of a
pipeline now needs every step in its scopes, through nested pipelines too.
"""

from __future__ import annotations

MAX_DEPTH = 8  # pipelines calling pipelines: deeper chains are not stored in practice; a cycle must end


def step_functions(name: str, version: int | None = None, depth: int = 0) -> set[str]:
    """The names of every function a call of ``pipeline.NAME`` (that version, else any live version) runs."""
    from nonla.jobs.pipeline_store import live_sources  # the jobs package imports governance
    from nonla.jobs.pipelines import PREFIX, parse

    found: set[str] = set()
    for text in live_sources(name.split("@", 1)[0], version):
        for step in parse(text).steps:
            base, _, pinned = step.function.partition("@")
            found.add(base)
            if base.startswith(PREFIX) and depth < MAX_DEPTH:
                found |= step_functions(base, int(pinned) if pinned.isdigit() else None, depth + 1)
    return found
