"""Shared data for the monitoring tests: evaluation texts of text.sentiment, with and without diacritics."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from nonla.monitoring.observe import monitor

DATA = Path(__file__).resolve().parents[1] / "data" / "sentiment" / "test.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
MARKED = [row["text"] for row in ROWS if row["diacritics"]]


def strip_marks(text: str) -> str:
    """The same text as typed without diacritics."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", plain.replace("đ", "d").replace("Đ", "D"))


@pytest.fixture(autouse=True)
def fresh_monitor() -> None:
    """Figures pending from an earlier test's store stay out of this one."""
    monitor._pending.clear()


@pytest.fixture
def baseline_file(tmp_path: Path) -> Path:
    path = tmp_path / "baseline.jsonl"
    path.write_text("".join(json.dumps({"text": t, "label": "x"}, ensure_ascii=False) + "\n" for t in MARKED),
                    encoding="utf-8")  # fmt: skip
    return path
