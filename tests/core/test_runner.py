from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from nonla.core.catalog import Catalog
from nonla.core.errors import BatchTooLarge, EmptyText, FunctionFailed, InvalidInput, NonlaError, TextTooLong
from nonla.core.events import Event, FunctionCalled
from nonla.core.function import Card, Text, function
from nonla.core.runner import Runner


class Input(BaseModel):
    text: Text
    times: int = 1


class Output(BaseModel):
    text: str


calls: list[int] = []


@function("test.repeat", version=1, card=Card(summary="repeat", metrics={"exact": 1.0}), batch_size=3)
def repeat(batch: list[Input], models: Any) -> list[Output]:
    calls.append(len(batch))
    if any(item.text == "boom" for item in batch):
        raise RuntimeError("a bug")
    return [Output(text=item.text * item.times) for item in batch]


@pytest.fixture
def runner() -> tuple[Runner, list[Event]]:
    catalog = Catalog(builtins={}, plugins=False)
    catalog.register(repeat.__nonla_spec__)  # type: ignore[attr-defined]
    events: list[Event] = []
    calls.clear()
    return Runner(catalog, sinks=[events.append]), events


def test_one_item_and_a_batch_give_the_same_outputs(runner: tuple[Runner, list[Event]]) -> None:
    run, _ = runner
    items = [{"text": "a", "times": 2}, {"text": "b"}, {"text": "c", "times": 3}, {"text": "d"}]
    batch = run.call("test.repeat", items).results
    singles = [run.call("test.repeat", [item]).results[0] for item in items]
    assert batch == singles
    assert calls[:2] == [3, 1]  # the batch was cut at the function's batch_size


def test_a_bad_item_fails_alone(runner: tuple[Runner, list[Event]]) -> None:
    run, events = runner
    results = run.call(
        "test.repeat", [{"text": "ok"}, {"text": "  "}, {"text": 5}, {"times": 2}, {"text": "x" * 200_001}]
    ).results
    assert isinstance(results[0], Output)
    assert isinstance(results[1], EmptyText) and results[1].details["index"] == 1
    assert isinstance(results[2], InvalidInput)
    assert isinstance(results[3], InvalidInput) and "required" in results[3].message
    assert isinstance(results[4], TextTooLong) and results[4].details["limit"] == 200_000
    (event,) = events
    assert isinstance(event, FunctionCalled)
    assert (event.status, event.items, event.errors, event.error_code) == ("partial", 5, 4, "empty_text")


def test_a_crash_in_one_item_is_isolated_and_reported_as_our_failure(runner: tuple[Runner, list[Event]]) -> None:
    run, _ = runner
    results = run.call("test.repeat", [{"text": "a"}, {"text": "boom"}, {"text": "c"}]).results
    assert isinstance(results[1], FunctionFailed) and "boom" not in results[1].message
    assert [r.text for r in (results[0], results[2])] == ["a", "c"]  # type: ignore[union-attr]


def test_one_event_per_call_with_digests_not_text(runner: tuple[Runner, list[Event]]) -> None:
    run, events = runner
    run.call("test.repeat", [{"text": "bí mật"}, {"text": "riêng tư"}])
    (event,) = events
    assert isinstance(event, FunctionCalled)
    assert event.function == "test.repeat" and event.version == 1 and event.latency_ms >= 0
    assert len(event.input_digest) == 64 and len(event.output_digest) == 64
    assert "bí mật" not in repr(event)


def test_batches_over_the_limit_are_refused(
    runner: tuple[Runner, list[Event]], monkeypatch: pytest.MonkeyPatch
) -> None:
    run, _ = runner
    monkeypatch.setenv("NONLA_MAX_BATCH_ITEMS", "2")
    with pytest.raises(BatchTooLarge):
        run.call("test.repeat", [{"text": "a"}] * 3)


def test_errors_are_plain_and_have_a_hint() -> None:
    for err in (EmptyText("text"), TextTooLong("text", 10, 11), InvalidInput("Field x is wrong.")):
        body = err.to_dict()
        assert body["code"] and body["message"].endswith(".") and body["hint"]
        assert isinstance(err, NonlaError) and 400 <= err.http_status < 500


def test_errors_survive_pickling_across_processes() -> None:
    import pickle

    for err in (EmptyText("text", 3), TextTooLong("text", 10, 11), FunctionFailed("x failed.")):
        copy = pickle.loads(pickle.dumps(err))
        assert type(copy) is type(err) and copy.to_dict() == err.to_dict()
