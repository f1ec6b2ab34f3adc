"""The model store on SQLite and PostgreSQL: Python training, the unversioned name's fallback, shadow mode,
cancellation (Python and REST jobs), tabular models."""

from __future__ import annotations

import sys
import time

import pytest

import nonla
from nonla import custom
from nonla.custom import jobs, registry, routing
from nonla.custom.artefacts import store_root
from nonla.custom.errors import TrainingCancelled

TEXTS = ["Người sử dụng lao động phải trả lương đúng hạn.", "Tàu biển phải có giấy chứng nhận an toàn.",
         "Đăng ký thường trú tại chỗ ở hợp pháp.", "Tội trộm cắp tài sản bị phạt tù."]  # fmt: skip


def test_python_training_fallback_and_shadow(database: str, laws_data: bytes) -> None:
    v1 = custom.train_text_classifier(laws_data, name="laws", text_col="text", label_col="law", features="tfidf")
    assert v1.stage == "draft" and v1.report and v1.report["confusion"]["labels"]
    # nothing promoted yet: the unversioned name answers with the newest version that is not archived
    assert nonla.run("custom.laws", text=TEXTS[1]).label == "Bo-luat-hang-hai-Viet-Nam-2015"  # type: ignore[attr-defined]
    custom.promote("laws", 1)
    smaller = b"\n".join(laws_data.splitlines()[::2]) + b"\n"  # a header and every other row: another model
    v2 = custom.train_text_classifier(smaller, name="laws", text_col="text", label_col="law", features="tfidf")
    assert v2.version == 2 and v2.data_digest != v1.data_digest
    custom.shadow("laws", 2)
    direct = nonla.run_batch("custom.laws@1", [{"text": t} for t in TEXTS])
    assert nonla.run_batch("custom.laws", [{"text": t} for t in TEXTS]) == direct  # the shadow never answers
    assert routing.shadows.wait(timeout=60), "the shadow runs in the background: its calls are logged once it has run"
    report = custom.report("laws")
    assert report["mode"] == "shadow" and report["by_mode"] == {"shadow": len(TEXTS)}
    assert report["compared"] == len(TEXTS) and report["versions"]["1"]["calls_answered"] == len(TEXTS)
    assert report["versions"]["2"]["calls_run_beside"] == len(TEXTS) and report["agreement"] is not None
    assert report["shadow_skipped"] == 0
    custom.stop_rollout("laws")
    assert custom.archive("laws", 2)["stage"] == "archived"
    with pytest.raises(nonla.NonlaError) as in_production:
        custom.archive("laws", 1)
    assert in_production.value.code == "conflict"


def test_cancelled_training_registers_nothing(database: str, laws_data: bytes) -> None:
    with pytest.raises(TrainingCancelled):
        custom.train_text_classifier(laws_data, name="laws", text_col="text", label_col="law", features="tfidf",
                                     cancelled=lambda: True)  # fmt: skip
    assert registry.versions("laws") == []
    assert not any(p.name.startswith(".incoming") for p in store_root().glob("*/*"))


def test_rest_job_cancel(database: str) -> None:
    def slow(progress, cancelled):  # type: ignore[no-untyped-def]
        from nonla.custom.progress import Tracker

        tracker = Tracker(progress, cancelled)
        for step in range(200):
            tracker.step(step / 200, f"step {step}")
            time.sleep(0.05)
        raise AssertionError("never cancelled")

    job = jobs.start("laws", "text-classifier", slow, "test")
    time.sleep(0.3)
    assert jobs.cancel(job["id"])["cancel_requested"] is True
    assert jobs.wait(job["id"], timeout=30)["status"] == "cancelled"


def test_tabular_classification_and_regression(database: str, laws_table: bytes) -> None:
    data = laws_table
    version = custom.train_tabular(data, name="law_table", target="law")
    assert version.task == "classification" and 0 <= version.metrics["macro-F1 %"] <= 100
    assert [f["type"] for f in version.config["fields"]] == ["number", "number", "category", "category"]
    example = version.card["examples"][0]
    assert nonla.run("custom.law_table", **example).label in version.config["labels"]  # type: ignore[attr-defined]
    assert custom.promote("law_table", 1)["conformance"]["passed"]
    regression = custom.train_tabular(data, name="article_length", target="chars", task="regression")
    assert set(regression.metrics) == {"MAE", "R²", "held-out items"}
    value = nonla.run("custom.article_length", **regression.card["examples"][0]).value  # type: ignore[attr-defined]
    assert value > 0


def test_tabular_without_lightgbm(laws_table: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "lightgbm", None)  # as if it were not installed
    version = custom.train_tabular(laws_table, name="law_table", target="law")
    assert version.main_file == "model.skops" and "scikit-learn" in version.card["summary"]
    assert nonla.run("custom.law_table", **version.card["examples"][0]).label in version.config["labels"]  # type: ignore[attr-defined]
    assert custom.promote("law_table", 1)["conformance"]["passed"]
