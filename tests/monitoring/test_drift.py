"""PSI and quantiles on known distributions; features and the generic confidence extractor."""

from __future__ import annotations

import math

import pytest

from nonla.monitoring import alerts, drift
from nonla.monitoring.features import input_features, output_confidence


def test_psi_of_identical_distributions_is_zero() -> None:
    assert drift.psi([10, 20, 30, 40], [1, 2, 3, 4]) == pytest.approx(0.0)


def test_psi_matches_the_formula() -> None:
    expected, actual = [25, 25, 25, 25], [10, 20, 30, 40]
    by_hand = sum((a - e) * math.log(a / e) for e, a in zip([0.25] * 4, [0.1, 0.2, 0.3, 0.4], strict=True))
    assert drift.psi(expected, actual) == pytest.approx(by_hand)
    assert 0.2 < by_hand < 0.3  # a known "significant" shift


def test_psi_small_shift_stays_below_the_default_threshold() -> None:
    assert drift.psi([250, 250, 250, 250], [240, 260, 255, 245]) < 0.01


def test_psi_empty_bins_stay_finite_and_no_data_is_none() -> None:
    assert math.isfinite(drift.psi([100, 0], [0, 100]) or math.inf)
    assert drift.psi([0, 0], [1, 2]) is None and drift.psi([1, 2], [0, 0]) is None
    assert drift.psi([1, 2], [1, 2, 3]) is None


def test_quantiles_from_bins() -> None:
    edges = drift.LATENCY_EDGES_MS
    counts = drift.empty("latency_ms")
    counts[drift.bin_of(7, edges)] += 100  # every call took 5-10 ms
    assert 5 <= drift.quantile(counts, edges, 0.5) <= 10
    assert drift.quantile(counts, edges, 0.95) == pytest.approx(9.75)
    assert drift.quantile(drift.empty("latency_ms"), edges, 0.5) is None


def test_slow_calls_are_not_capped_at_thirty_seconds() -> None:
    edges = drift.LATENCY_EDGES_MS
    counts = drift.empty("latency_ms")
    counts[drift.bin_of(120_000, edges)] += 10
    assert drift.quantile(counts, edges, 0.95) > 60_000
    # every accepted threshold lies below the last edge, so a p95 read from the bins can cross it
    assert alerts.LIMITS["latency_p95_ms"][1] < edges[-1]


def test_histograms_of_an_older_shorter_layout_add_into_the_first_bins() -> None:
    assert drift.add([0, 0, 0, 0], [1, 2, 3]) == [1, 2, 3, 0]
    assert drift.add([1, 1], [1, 2, 3]) == [1, 1]  # a newer, longer layout is not read


def test_features_of_text_and_non_text_inputs() -> None:
    marked, plain = input_features({"text": "Tôi rất hài lòng"}), input_features({"text": "toi rat hai long"})
    assert marked == {"size": 16.0, "plain_share": 0.0} and plain == {"size": 16.0, "plain_share": 1.0}
    assert input_features({"texts": ["ab", "cd"]})["size"] == 4.0
    assert input_features({"values": [1.5, 2]}) == {"size": float(len('{"values": [1.5, 2]}'))}


def test_confidence_extractor() -> None:
    assert output_confidence({"label": "x", "confidence": 0.8}) == 0.8
    assert output_confidence({"entities": [{"confidence": 0.4}, {"confidence": 0.6}], "n": 2}) == pytest.approx(0.5)
    assert output_confidence({"words": ["a"]}) is None and output_confidence({"entities": []}) is None
