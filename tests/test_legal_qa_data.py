"""The legal evaluation questions (dev and test) and the knowledge base pass their validator against the corpus:
every gold id is an article the parser produces, and no test question repeats a dev question."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_legal_questions_and_knowledge_base_are_valid(shared_data: Path) -> None:
    corpus = shared_data / "vn_laws_corpus_underthesea_vlc" / "processed"
    run = subprocess.run([sys.executable, "tests/data/legal_qa/check.py", "--quiet", "--corpus", str(corpus)],
                         cwd=REPO, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "dev 222 questions" in run.stdout and "test 100 questions" in run.stdout, run.stdout[-500:]
