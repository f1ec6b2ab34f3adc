"""Word rarity shared by text.keywords and text.summarize: document frequencies over law articles, and stopwords.

>>> vocab = Vocabulary(documents=99, df={"của": 99, "thường trú": 1}, stopwords=frozenset({"của"}))
>>> round(vocab.idf("của"), 2), round(vocab.idf("thường trú"), 2), round(vocab.idf("chưa thấy"), 2)
(1.0, 4.91, 5.61)
>>> vocab.is_content("thường trú"), vocab.is_content("của"), vocab.is_content("2024"), vocab.is_content("COVID-19")
(True, False, False, True)
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from nonla.core.models import ModelRef, Models

DF_MODEL = ModelRef("text-keywords-df", "2026.11", sha256="d77a62c1790f3dacb3e18816d3643549e273d3f04a8c72849cc5ff8fb6d84f81",
                    file="text-keywords-df/df.json", licence="Apache-2.0 (built by nonla from statutes, outside copyright)")  # fmt: skip
STOPWORDS = ModelRef("underthesea-stopwords", "9.5.0", sha256="730cd71b7c1f2046d2dc7011fd8ccd3126d7c5009341c20700c81fde2f010332",
                     file="datasets/stopwords/stopwords.txt", source="package:underthesea", licence="Apache-2.0")  # fmt: skip

_CONTENT_WORD = re.compile(r"^(?=.*[^\W\d_])[^\W_]+(?:[ -][^\W_]+)*$")  # letters (digits allowed), at least one letter


@dataclass(frozen=True)
class Vocabulary:
    documents: int
    df: dict[str, int]
    stopwords: frozenset[str]

    def idf(self, word: str) -> float:
        """Smoothed IDF of a lower-case word; a word the laws never use counts as the rarest."""
        return math.log((self.documents + 1) / (self.df.get(word, 0) + 1)) + 1

    def is_content(self, lower: str) -> bool:
        """A lower-case word that can carry meaning: not a stopword, not a number or punctuation."""
        return lower not in self.stopwords and bool(_CONTENT_WORD.match(lower))


def _load_df(path: Path) -> tuple[int, dict[str, int]]:
    body = json.loads(path.read_text(encoding="utf-8"))
    return int(body["documents"]), dict(body["df"])


def _load_stopwords(path: Path) -> frozenset[str]:
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def vocabulary(models: Models) -> Vocabulary:
    documents, df = models.load(DF_MODEL, _load_df)
    return Vocabulary(documents, df, models.load(STOPWORDS, _load_stopwords))
