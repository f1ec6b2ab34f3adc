"""Shared fixtures: a small, real training set of Vietnamese law articles (../shared/data), labelled by law."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

ARTICLE = re.compile(r"^Điều \d+[a-z]?\.", re.MULTILINE)
LAWS = [
    "Bo-Luat-lao-dong-2019-333670",
    "Luat-68-2020-QH14-cu-tru-435315",
    "Bo-luat-hinh-su-2015-296661",
    "Bo-luat-hang-hai-Viet-Nam-2015-298374",
]


def articles(path: Path, limit: int) -> list[str]:
    """The law's first ``limit`` articles with a body, each cut to 600 characters (enough to tell laws apart)."""
    text = path.read_text(encoding="utf-8")
    starts = [m.start() for m in ARTICLE.finditer(text)] + [len(text)]
    bodies = [" ".join(text[a:b].split())[:600] for a, b in zip(starts, starts[1:], strict=False)]
    return [b for b in bodies if len(b) > 80][:limit]


def laws_csv(corpus: Path, laws: list[str] | None = None, per_law: int = 25) -> bytes:
    """CSV with columns text,law: ``per_law`` articles of each law."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["text", "law"])
    for law in laws or LAWS:
        label = re.sub(r"-\d+$", "", law)
        for body in articles(corpus / "processed" / f"{law}.txt", per_law):
            writer.writerow([body, label])
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="session")
def laws_data(shared_data: Path) -> bytes:
    return laws_csv(shared_data / "vn_laws_corpus_underthesea_vlc")


@pytest.fixture
def laws_file(laws_data: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "laws.csv"
    path.write_bytes(laws_data)
    return path


@pytest.fixture(scope="session")
def laws_table(shared_data: Path) -> bytes:
    """One row per article of four laws: numeric and categorical facts about it, and (the start of) its law."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["chars", "clauses", "mentions_fine", "first_word", "law"])
    for law in LAWS:
        for body in articles(shared_data / "vn_laws_corpus_underthesea_vlc" / "processed" / f"{law}.txt", 40):
            words = body.split()
            fine = "yes" if "phạt" in body else "no"
            writer.writerow([len(body), body.count(". "), fine, words[2].lower(), law[:12]])
    return out.getvalue().encode("utf-8")
