"""The same checks over every catalogued function (scikit-learn's check_estimator idea).

A function that fails here cannot ship: schema round-trip, examples run, batch equals singles, deterministic
output, bad input gives a clear 4xx NonlaError (never a crash), and a complete card with measured metrics.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import nonla
from nonla.core.catalog import CatalogEntry
from nonla.core.errors import FunctionFailed, NonlaError
from nonla.core.runner import Runner

REPO = Path(__file__).resolve().parents[1]
ENTRIES = nonla.catalog()
ids = [e.ref for e in ENTRIES]

GARBAGE_TEXTS = [
    "🙂🙂🙂 !!! ???",
    "\x00\x01\x02 control \x7f",
    "...",
    "a",
    "Đ",
    "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ",
    "x" * 5000,
    "tiếng Việt " * 3000,
    "http://example.vn/a_b?c=d e@x.vn 0912.345.678",
    "Céng hßa x· héi chñ nghÜa ViÖt Nam",
    "\u0301\u0300 combining marks alone",
    "1.000.000.000.000đ 12/12/2024 15:30",
]


@pytest.fixture(scope="module")
def conformance_home(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """One store for the whole suite, holding a small 'laws' collection for the functions that search one."""
    home = tmp_path_factory.mktemp("conformance-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NONLA_HOME", str(home))
        from nonla.collections import service

        service.create("laws")
        law = shared_data / "vn_laws_corpus_underthesea_vlc" / "processed" / "Luat-68-2020-QH14-cu-tru-435315.txt"
        service.add("laws", [{"text": law.read_text(encoding="utf-8")}])
    return home


@pytest.fixture(autouse=True)
def nonla_home(conformance_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NONLA_HOME", str(conformance_home))
    return conformance_home


@pytest.fixture(scope="module")
def runner() -> Runner:
    return Runner()  # no sinks: conformance checks the functions, the audit has its own tests


def text_fields(entry: CatalogEntry) -> list[str]:
    schema = entry.spec.input.model_json_schema()
    return [name for name, prop in schema.get("properties", {}).items()
            if prop.get("type") == "string" and "maxLength" in prop and name in schema.get("required", [])]  # fmt: skip


def flag_fields(entry: CatalogEntry) -> list[str]:
    properties = entry.spec.input.model_json_schema().get("properties", {})
    return [name for name, prop in properties.items() if prop.get("type") == "boolean"]


def results(runner: Runner, entry: CatalogEntry, items: list[Any]) -> list[BaseModel | NonlaError]:
    return runner.call(entry.ref, items).results


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_card_is_complete_and_measured(entry: CatalogEntry) -> None:
    card = entry.card
    assert card.summary and card.licence and card.intended_use and card.limitations and card.evaluation_data
    assert card.metrics, "a card needs measured metrics"
    assert all(isinstance(v, float) and 0 <= v < float("inf") for v in card.metrics.values()), card.metrics
    script = shlex.split(card.evaluation)
    assert script[0] == "python" and (REPO / script[1]).is_file(), card.evaluation
    assert card.examples, "a card needs at least one example input"
    for ref in card.models:
        assert len(ref.sha256) == 64 and ref.licence, ref


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_schemas_round_trip(entry: CatalogEntry, runner: Runner) -> None:
    spec = entry.spec
    json.dumps(spec.input.model_json_schema())
    json.dumps(spec.output.model_json_schema())
    for example in entry.card.examples:
        item = spec.input.model_validate(example)
        assert spec.input.model_validate_json(item.model_dump_json()) == item
    for out in results(runner, entry, entry.card.examples):
        assert isinstance(out, spec.output), out
        assert spec.output.model_validate_json(out.model_dump_json()) == out


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_batch_equals_singles_and_is_deterministic(entry: CatalogEntry, runner: Runner) -> None:
    items = list(entry.card.examples)
    if text_fields(entry):
        field = text_fields(entry)[0]
        base = entry.card.examples[0]
        items += [
            {**base, field: text} for text in ("Hà Nội", "Phường Bến Nghé, Quận 1, TP.HCM", "Toi la nguoi Viet Nam")
        ]
    batch = results(runner, entry, items)
    assert batch == [results(runner, entry, [item])[0] for item in items]
    assert batch == results(runner, entry, items)


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_bad_input_is_a_clear_4xx_error(entry: CatalogEntry, runner: Runner) -> None:
    bad: list[Any] = [{}, [], "just a string", None, 42, {"unexpected": True}]
    for field in text_fields(entry):
        base = entry.card.examples[0]
        limit = entry.spec.input.model_json_schema()["properties"][field]["maxLength"]
        bad += [{**base, field: ""}, {**base, field: "  \n\t "}, {**base, field: "x" * (limit + 1)},
                {**base, field: 12}, {**base, field: None}, {**base, field: ["a"]}]  # fmt: skip
    for field in flag_fields(entry):  # restore_diacritics and the like: a switch, never a guess at what was meant
        bad += [{**entry.card.examples[0], field: "sometimes"}, {**entry.card.examples[0], field: [True]}]
    for item, out in zip(bad, results(runner, entry, bad), strict=True):
        assert isinstance(out, NonlaError) and 400 <= out.http_status < 500, (item, out)
        assert out.code and out.message and out.hint


@pytest.mark.parametrize("entry", ENTRIES, ids=ids)
def test_garbage_text_never_crashes(entry: CatalogEntry, runner: Runner) -> None:
    fields = text_fields(entry)
    if not fields:
        pytest.skip("no free-text input")
    base = entry.card.examples[0]
    items = [{**base, fields[0]: text} for text in GARBAGE_TEXTS]
    for item, out in zip(items, results(runner, entry, items), strict=True):
        assert not isinstance(out, FunctionFailed), (item[fields[0]][:40], out)
