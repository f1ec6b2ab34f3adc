"""Training a custom model records its monitoring baseline from the held-out split; its calls are monitored like
any function's."""

from __future__ import annotations

from pathlib import Path

from nonla import custom
from nonla.core.runner import Runner
from nonla.monitoring import service
from nonla.monitoring.baseline import baseline_of
from nonla.monitoring.observe import monitor
from nonla.sources import catalog

from ..custom.conftest import laws_csv


def test_training_records_the_held_out_baseline(database: str, shared_data: Path) -> None:
    data = laws_csv(shared_data / "vn_laws_corpus_underthesea_vlc")
    version = custom.train_text_classifier(data, name="laws", text_col="text", label_col="law", features="tfidf")
    held_out = int(version.metrics["held-out items"])
    found = baseline_of("default", "custom.laws", version.version)
    assert found is not None and found["source"] == "held-out split" and found["items"] == held_out
    assert sum(found["histograms"]["confidence"]) == held_out  # every prediction has a confidence

    runner = Runner(catalog(), observers=[monitor])
    runner.call("custom.laws", [{"text": "Người sử dụng lao động phải trả lương đúng hạn."}])
    [row] = service.summary("default", "custom.laws")
    assert row["ref"] == "custom.laws@1" and row["calls"] == 1  # called by its routed name: version 1 answered
    assert row["baseline"]["source"] == "held-out split" and row["confidence_psi"] is not None
