"""The 208 Vietnamese laws (underthesea's VLC corpus) cut into articles and chapters, with one fixed split.

Split by law, not by article, so no law feeds both a model table (models/build/train_keywords_df.py) and a score:
sorted by file name, every fifth law is held out, alternately for tuning ("dev") and for reported figures ("test").

    >>> [a.title for a in articles("Chương I\\nQUY ĐỊNH CHUNG\\nĐiều 1. Phạm vi\\nLuật này quy định.\\nĐiều 2. Đối tượng\\nCông dân.")]
    ['Phạm vi', 'Đối tượng']
    >>> split_of(0), split_of(5), split_of(1)
    ('test', 'dev', 'train')
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

LAWS = Path(
    os.environ.get("NONLA_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")
) / "vn_laws_corpus_underthesea_vlc" / "processed"  # fmt: skip

_ARTICLE = re.compile(r"^Điều\s+(\d+[a-zđ]?)\s*\.\s*(.*)$")
_CHAPTER = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLCDM]+|\d+)\b")
_OTHER_HEADING = re.compile(r"^(?:Mục|MỤC|Phần|PHẦN)\s+(?:[IVXLCDM]+|\d+)\b")


@dataclass
class Article:
    number: str
    title: str
    body: str  # the article's text without its heading line


@dataclass
class Chapter:
    title: str
    articles: list[Article] = field(default_factory=list)


def split_of(index: int) -> str:
    if index % 5:
        return "train"
    return "test" if (index // 5) % 2 == 0 else "dev"


def laws(split: str | None = None) -> list[tuple[str, str]]:
    """(file name, NFC text) of each law in the split (all laws when split is None), in file-name order."""
    files = sorted(LAWS.glob("*.txt"))
    return [(f.name, unicodedata.normalize("NFC", f.read_text(encoding="utf-8")))
            for i, f in enumerate(files) if split is None or split_of(i) == split]  # fmt: skip


def chapters(text: str) -> list[Chapter]:
    """Chapters with their articles; articles before the first chapter heading form an untitled chapter."""
    out: list[Chapter] = [Chapter("")]
    lines = text.splitlines()
    current: Article | None = None
    body: list[str] = []

    def close() -> None:
        nonlocal current
        if current is not None:
            current.body = "\n".join(body).strip()
            out[-1].articles.append(current)
        current = None
        body.clear()

    for i, raw in enumerate(lines):
        line = raw.strip()
        if _CHAPTER.match(line):
            close()
            title = lines[i + 1].strip() if i + 1 < len(lines) else ""
            out.append(Chapter(title))
        elif _OTHER_HEADING.match(line):
            close()
        elif match := _ARTICLE.match(line):
            close()
            current = Article(match.group(1), match.group(2).strip(), "")
        elif current is not None:
            body.append(line)
    close()
    return [c for c in out if c.articles]


def articles(text: str) -> list[Article]:
    return [a for c in chapters(text) for a in c.articles]
