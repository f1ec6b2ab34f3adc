"""Which functions a pipeline call runs, so a key limited to some functions cannot reach others through one.

Steps were checked against the scopes of the key that added the pipeline; a key limited to ``pipeline.*`` could
then call any pipeline, including one of privacy.pii that another key added later. A limited key's call of a
pipeline now needs every step in its scopes, through nested pipelines too.

The walk stops ``MAX_DEPTH`` pipelines down; what lies below is never assumed harmless: it stands in the answer as
``TOO_DEEP``, which no function scope covers, so the call is refused. Storing a pipeline nested deeper is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_DEPTH = 8  # pipelines below a pipeline: deeper chains are refused when stored, and refused when called
# Stands for the steps below MAX_DEPTH: no dotted name, so a scope such as 'pipeline.*' does not cover it.
TOO_DEEP = f"(pipelines nested more than {MAX_DEPTH} deep)"


def step_functions(name: str, version: int | None = None, depth: int = 0,
                   seen: set[tuple[str, str]] | None = None) -> set[str]:  # fmt: skip
    """The names of every function a call of ``pipeline.NAME`` (that version, else any live version) runs, with
    ``TOO_DEEP`` among them when a pipeline lies more than ``MAX_DEPTH`` pipelines down."""
    from nonla.jobs.pipeline_store import live_sources  # the jobs package imports governance
    from nonla.jobs.pipelines import parse

    seen = set() if seen is None else seen
    found: set[str] = set()
    for text in live_sources(name.split("@", 1)[0], version):
        found |= functions_of_steps(parse(text).steps, depth, seen)
    return found


def functions_of_steps(steps: Iterable[Any], depth: int = 0, seen: set[tuple[str, str]] | None = None) -> set[str]:
    """The names of every function ``steps`` run (a definition's, ``depth`` pipelines down), nested ones too."""
    from nonla.jobs.pipelines import PREFIX

    seen = set() if seen is None else seen
    found: set[str] = set()
    for step in steps:
        base, _, pinned = step.function.partition("@")
        found.add(base)
        if not base.startswith(PREFIX):
            continue
        if depth >= MAX_DEPTH:
            found.add(TOO_DEEP)
            continue
        if (base, pinned) in seen:  # walked already (a cycle, or the same pipeline twice): its steps are in
            continue
        seen.add((base, pinned))
        found |= step_functions(base, int(pinned) if pinned.isdigit() else None, depth + 1, seen)
    return found
