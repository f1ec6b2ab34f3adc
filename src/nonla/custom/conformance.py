"""The conformance checks every function passes (tests/test_conformance.py), run on one stored version before it
may serve: schema round-trip, bad input gives a clear 4xx error, garbage text never crashes it, a batch equals
single calls, the output is deterministic, and the card holds measured metrics.

The result is stored on the version (``conformance``) and shown by ``nonla models show``.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel

from nonla.core.errors import FunctionFailed, NonlaError
from nonla.core.events import utc_now
from nonla.core.function import FunctionSpec
from nonla.core.runner import Runner
from nonla.custom import registry

GARBAGE_TEXTS = ["🙂🙂🙂 !!! ???", "\x00\x01\x02 control \x7f", "...", "a", "Đ", "x" * 5000,
                 "Céng hßa x· héi chñ nghÜa ViÖt Nam", "\u0301\u0300 combining marks alone"]  # fmt: skip
VARIANTS = ["Hà Nội", "Phường Bến Nghé, Quận 1, TP.HCM", "Toi la nguoi Viet Nam"]


def _text_fields(spec: FunctionSpec) -> list[str]:
    schema = spec.input.model_json_schema()
    return [name for name, prop in schema.get("properties", {}).items()
            if prop.get("type") == "string" and "maxLength" in prop and name in schema.get("required", [])]  # fmt: skip


def _card(spec: FunctionSpec) -> None:
    card = spec.card
    missing = [f for f in ("summary", "evaluation", "evaluation_data", "intended_use") if not getattr(card, f)]
    assert not missing, f"the card has no {', '.join(missing)}"
    assert card.metrics, "the card has no measured metrics"
    assert all(math.isfinite(v) for v in card.metrics.values()), "a metric is not a finite number"
    assert card.examples, "the card has no example inputs"


def _round_trip(spec: FunctionSpec, call: Any) -> None:
    for example in spec.card.examples:
        item = spec.input.model_validate(example)
        assert spec.input.model_validate_json(item.model_dump_json()) == item, "input does not round-trip"
    for out in call(spec.card.examples):
        assert isinstance(out, spec.output), f"an example failed: {out!r}"
        assert spec.output.model_validate_json(out.model_dump_json()) == out, "output does not round-trip"


def _bad_input(spec: FunctionSpec, call: Any) -> None:
    bad: list[Any] = [{}, [], "just a string", None, 42, {"unexpected": True}]
    base = spec.card.examples[0]
    for field in _text_fields(spec):
        limit = spec.input.model_json_schema()["properties"][field]["maxLength"]
        bad += [{**base, field: ""}, {**base, field: "  \n\t "}, {**base, field: "x" * (limit + 1)},
                {**base, field: None}, {**base, field: ["a"]}]  # fmt: skip
    for item, out in zip(bad, call(bad), strict=True):
        assert isinstance(out, NonlaError) and 400 <= out.http_status < 500, f"{str(item)[:60]} gave {out!r}"


def _garbage(spec: FunctionSpec, call: Any) -> None:
    fields = _text_fields(spec)
    if fields:
        items = [{**spec.card.examples[0], fields[0]: text} for text in GARBAGE_TEXTS]
        for text, out in zip(GARBAGE_TEXTS, call(items), strict=True):
            assert not isinstance(out, FunctionFailed), f"crashed on {text[:30]!r}"


def _batch_and_determinism(spec: FunctionSpec, call: Any) -> None:
    items = list(spec.card.examples)
    fields = _text_fields(spec)
    if fields:
        items += [{**spec.card.examples[0], fields[0]: text} for text in VARIANTS]
    batch: list[BaseModel | NonlaError] = call(items)
    assert batch == [call([item])[0] for item in items], "a batch differs from single calls"
    assert batch == call(items), "two runs gave different outputs"


CHECKS = {
    "card": lambda spec, call: _card(spec),
    "schema_round_trip": _round_trip,
    "bad_input_is_4xx": _bad_input,
    "garbage_never_crashes": _garbage,
    "batch_equals_singles_and_deterministic": _batch_and_determinism,
}


def run_checks(ref: str) -> dict[str, Any]:
    """Run every check on the catalogued function ``ref``; never raises for a failing check."""
    from nonla.sources import catalog

    runner = Runner(catalog())  # no sinks: checks are not calls anyone made
    spec = runner.catalog.resolve(ref).spec

    def call(items: list[Any]) -> list[BaseModel | NonlaError]:
        return runner.call(ref, items).results

    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check(spec, call)
            results[name] = "ok"
        except AssertionError as exc:
            results[name] = f"failed: {exc}"
        except Exception as exc:  # a check that cannot even run is a failure of the version, reported plainly
            results[name] = f"failed: {type(exc).__name__}: {str(exc)[:200]}"
    return {"passed": all(v == "ok" for v in results.values()), "checks": results, "at": utc_now()}


def check_version(name: str, version: int) -> dict[str, Any]:
    """Run the checks on custom.NAME@N and store the result on the version.

    >>> check_version("law_of_article", 1)["passed"]  # doctest: +SKIP
    True
    """
    found = registry.get(name, version)
    result = run_checks(found.ref)
    registry.save_checks(found.name, version, result)
    return result
