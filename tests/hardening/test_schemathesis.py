"""Schemathesis over the app's own OpenAPI document, in process (ASGI): no operation answers with a 5xx.

Every operation gets schema-shaped (positive) and schema-breaking (negative) requests with an admin key. CI runs a
few derandomized examples per operation; NONLA_FUZZ_EXAMPLES=100 runs a deeper search. Each 5xx is collected (not
stopped at) so that one run reports them all.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from nonla.api.app import create_app
from nonla.governance import keys

DEEP = int(os.environ.get("NONLA_FUZZ_EXAMPLES", "0"))
EXAMPLES = DEEP or 15
# Operations that decode media or run large models: fewer examples (each may take a second or more on 2 cores).
HEAVY = ("/v1/functions/vision.", "/v1/functions/speech.", "/v1/functions/text.embed", "/v1/functions/legal.answer",
         "/v1/functions/text.summarize", "/v1/faces/", "/v1/models/train")  # fmt: skip


def _examples(label: str) -> int:
    return DEEP or (5 if any(part in label for part in HEAVY) else EXAMPLES)


# Schemathesis' own multipart strategy draws from `random`, which this hypothesis version deprecates.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
def test_no_operation_answers_with_a_server_error() -> None:
    key, _ = keys.create_key("admin", "schemathesis")
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
    headers = {"Authorization": f"Bearer {key}"}
    server_errors: list[str] = []
    sent: Counter[str] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 100  # the whole surface, functions included

    for operation in operations:
        _fuzz(operation, headers, sent, server_errors)

    summary = f"{len(operations)} operations, {sum(sent.values())} requests, {len(server_errors)} 5xx"
    print(summary)
    assert not server_errors, summary + "\n" + "\n".join(server_errors[:20])


def _fuzz(operation: Any, headers: dict[str, str], sent: Counter[str], server_errors: list[str]) -> None:
    label = operation.label
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=_examples(label), derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])  # fmt: skip
    @given(case=cases)
    def fuzz(case: Any) -> None:
        response = case.call(headers=headers)
        sent[label] += 1
        if response.status_code >= 500:
            body = response.text[:300].replace("\n", " ")
            server_errors.append(f"{label} -> {response.status_code}: {case.as_curl_command()} :: {body}")

    fuzz()


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_modes_reach_the_functions(mode: str) -> None:
    """A guard on the fuzzer itself: generated bodies do reach a function (not only the auth layer)."""
    key, _ = keys.create_key("admin", "schemathesis")
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
    operation = next(r.ok() for r in schema.get_all_operations() if r.ok().label == "POST /v1/functions/vi.words")
    statuses: Counter[int] = Counter()
    generation = GenerationMode.POSITIVE if mode == "positive" else GenerationMode.NEGATIVE

    @settings(max_examples=10, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation))
    def probe(case: Any) -> None:
        statuses[case.call(headers={"Authorization": f"Bearer {key}"}).status_code] += 1

    probe()
    assert statuses.keys() <= {200, 400, 401, 422}, statuses  # negative cases may break the Authorization header
    assert (200 if mode == "positive" else 422) in statuses or 400 in statuses
