"""The one place calls to ``custom.NAME`` are routed: production answers; a shadow candidate runs beside it and is
only logged; a canary candidate answers the share of calls whose input hash falls under its percentage.

Which calls go to a canary depends only on the input (a hash of its canonical JSON), so the same input is always
served by the same version and a rerun reproduces the split. The candidate never breaks a call: if it fails, the
production answer is returned and the failure is logged as a disagreement.

>>> canary_bucket("0" * 64), canary_bucket("f" * 64)
(0.0, 72.95)
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from typing import Any

from nonla.core import served
from nonla.core.events import utc_now
from nonla.core.function import FunctionSpec
from nonla.core.models import Models
from nonla.core.runner import canonical_digest
from nonla.custom import registry
from nonla.custom.schemas import agree

log = logging.getLogger("nonla.custom.routing")
Candidate = tuple[FunctionSpec, str, float]  # (spec, "shadow" | "canary", percent)


def canary_bucket(digest: str) -> float:
    """Where an input falls in [0, 100): the canary answers the inputs below its percentage."""
    return (int(digest[:8], 16) % 10_000) / 100


def _timed(spec: FunctionSpec, items: list[Any], models: Models) -> tuple[list[Any], float]:
    started = time.perf_counter()
    outputs = spec.run(items, models) if items else []
    return outputs, (time.perf_counter() - started) * 1000 / max(1, len(items))


def routed_spec(production: FunctionSpec, candidate: Candidate | None, version: int) -> FunctionSpec:
    name = production.name
    bare = name.split(".", 1)[1]
    task = "regression" if "value" in production.output.model_fields else (
        "classification" if "label" in production.output.model_fields else "generation")  # fmt: skip

    def run(batch: list[Any], models: Models) -> list[Any]:
        if candidate is None:
            served.record(production.version, production.card.model_sha256)
            return production.run(batch, models)
        spec, mode, percent = candidate
        digests = [canonical_digest(item.model_dump(mode="json")) for item in batch]
        answers, production_ms = _timed(production, batch, models)
        picked = [i for i, d in enumerate(digests) if mode == "shadow" or canary_bucket(d) < percent]
        try:
            inputs = [spec.input.model_validate(batch[i].model_dump()) for i in picked]
            tried, candidate_ms = _timed(spec, inputs, models)
            others: dict[int, Any] = dict(zip(picked, tried, strict=True))
        except Exception:  # the candidate must never take a call down
            log.warning("candidate %s failed; production answered", spec.ref, exc_info=True)
            others, candidate_ms = {}, 0.0
        out, rows, now = list(answers), [], utc_now()
        for i, digest in enumerate(digests):
            row = {"name": bare, "at": now, "mode": "production", "served": production.version, "compared": None,
                   "agree": None, "served_ms": production_ms, "compared_ms": None, "input_digest": digest}  # fmt: skip
            if i in picked:
                theirs = others.get(i)
                same = theirs is not None and agree(task, answers[i].model_dump(), theirs.model_dump())
                if mode == "canary" and theirs is not None:
                    out[i] = production.output.model_validate(theirs.model_dump())
                    row.update(served=spec.version, served_ms=candidate_ms, compared=production.version,
                               compared_ms=production_ms)  # fmt: skip
                else:
                    row.update(compared=spec.version, compared_ms=candidate_ms if theirs is not None else None)
                row.update(mode=mode, agree=same)
            rows.append(row)
        for version in {row["served"] for row in rows}:
            served.record(version, (production if version == production.version else spec).card.model_sha256)
        try:
            registry.log_calls(rows)
        except Exception:  # the log is for the report; the caller's answer matters more
            log.warning("could not log routed calls of %s", name, exc_info=True)
        return out

    summary = f"{production.card.summary} — routed: version {production.version} answers"
    if candidate is not None:
        spec, mode, percent = candidate
        summary += f", {mode} version {spec.version}" + (f" on {percent:g} % of calls" if mode == "canary" else "")
    models = [*production.card.models, *(candidate[0].card.models if candidate else [])]
    card = production.card.model_copy(update={"summary": summary, "models": models})
    return replace(production, version=version, run=run, card=card)
