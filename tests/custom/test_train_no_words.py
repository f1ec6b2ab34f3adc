"""Texts with nothing TF-IDF can read (emoji, single characters) are the caller's 422 saying so, in Python, over the
CLI (exit 2, no traceback) and as a failed REST training job; with features=auto, e5 alone is used instead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.test_cli import nonla as run_cli

import nonla
from nonla.custom import train_text
from nonla.custom.train_text import train_text_classifier

# no two rows alike: repeated rows are dropped before training, and each label needs five different examples
EMOJI = ("text,label\n" + "".join(f"{('👍' if i % 2 else '👎') * (i // 2 + 1)},{'ok' if i % 2 else 'no'}\n"
                                  for i in range(20))).encode()  # fmt: skip
LETTERS = ("text,label\n" + "".join(f"{'a' if i % 2 else 'b'},{'x' if i % 2 else 'y'}\n" for i in range(20))).encode()


@pytest.mark.parametrize("data", [EMOJI, LETTERS], ids=["emoji", "one letter"])
def test_texts_without_words_are_invalid_input(data: bytes) -> None:
    with pytest.raises(nonla.NonlaError) as caught:
        train_text_classifier(data, name="shorty", features="tfidf")
    assert (caught.value.code, caught.value.http_status) == ("invalid_input", 422)
    assert "no words to learn from" in caught.value.message and "e5" in caught.value.hint


def test_the_cli_says_so_and_exits_2(nonla_home: Path, tmp_path: Path) -> None:
    (tmp_path / "short.csv").write_bytes(LETTERS)
    out = run_cli("train", "text-classifier", "--data", str(tmp_path / "short.csv"), "--name", "shorty", "--features",
                "tfidf", home=nonla_home)  # fmt: skip
    assert out.returncode == 2, out.stderr
    assert "no words to learn from" in out.stderr and "Traceback" not in out.stderr


def test_auto_falls_back_to_e5_when_only_tfidf_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def embed(texts: list[str], *_: Any) -> Any:  # stands in for multilingual-e5: one direction per emoji
        return np.array([[1.0, 0.0] if t.startswith("👍") else [0.0, 1.0] for t in texts])

    monkeypatch.setattr(train_text, "_embed", embed)
    version = train_text_classifier(EMOJI, name="emoji", features="auto")
    assert version.config["features"] == "e5"
    assert list(version.report["cross_validation"]) == ["e5 macro-F1 %"]


def test_a_rest_training_job_fails_with_invalid_input() -> None:
    from fastapi.testclient import TestClient
    from rest_keys import bearer

    from nonla.api.app import create_app
    from nonla.custom import jobs

    with TestClient(create_app(), raise_server_exceptions=False) as app:
        started = app.post("/v1/models/train", headers=bearer("admin"), json={
            "kind": "text-classifier", "name": "emoji", "csv": EMOJI.decode(), "features": "tfidf"})  # fmt: skip
        assert started.status_code == 202, started.text
        job = jobs.wait(started.json()["id"], timeout=60)
    assert job["status"] == "failed" and job["error"]["code"] == "invalid_input", job
    assert "no words to learn from" in job["error"]["message"]
