"""What the BM25 index stores and what a query looks for: words and syllables, with and without diacritics.

A part is indexed under its syllables and its multi-syllable words (joined by '_', so "tòa_án" is one term that
matches only the word); the same again without marks serves queries typed without diacritics, where adjacent
query syllables are tried as words ("toa an" → "toa_an").
"""

from __future__ import annotations

import re

from nonla.core.errors import NonlaError
from nonla.core.runner import subcall
from nonla.functions.vi.tone_marks import strip_diacritics

_TOKEN = re.compile(r"\w+", re.UNICODE)
# Function words that match nearly every article; dropping them from queries keeps OR queries fast and sharp.
STOPWORDS = frozenset(
    "và của là các có được cho trong theo với những này đó không một thì để khi về từ do tại bị hay hoặc như "
    "nào gì ai sao thế nếu mà vì lại đã đang sẽ ra vào lên phải nên cũng rất".split()
)


def segmented(texts: list[str]) -> list[list[str]]:
    """Words of each text via vi.words@1 (the fast segmenter: indexing millions of parts must stay cheap)."""
    out: list[list[str]] = []
    for start in range(0, len(texts), 256):
        batch = [{"text": t if t.strip() else "."} for t in texts[start : start + 256]]
        for result in subcall("vi.words@1", batch):
            out.append([] if isinstance(result, NonlaError) else [w.lower() for w in result.words])  # type: ignore[attr-defined]
    return out


def index_terms(words: list[str]) -> tuple[str, str]:
    """(terms with marks, terms without marks) for one part.

    >>> index_terms(["tòa án", "nhân dân", "xét xử", "."])
    ('tòa án nhân dân xét xử tòa_án nhân_dân xét_xử', 'toa an nhan dan xet xu toa_an nhan_dan xet_xu')
    """
    syllables = [s for w in words for s in w.split() if _TOKEN.fullmatch(s)]
    compounds = [w.replace(" ", "_") for w in words if " " in w and all(_TOKEN.fullmatch(s) for s in w.split())]
    marked = " ".join(syllables + compounds)
    return marked, strip_diacritics(marked)


def has_marks(text: str) -> bool:
    return strip_diacritics(text) != text


def query_terms(query: str) -> tuple[list[str], bool]:
    """(terms, plain): plain is True when the query was typed without diacritics.

    >>> query_terms("toa an nhan dan xet xu vu an")
    (['toa', 'an', 'nhan', 'dan', 'xet', 'xu', 'vu', 'toa_an', 'an_nhan', 'nhan_dan', 'dan_xet', 'xet_xu', 'xu_vu', 'vu_an'], True)
    """
    if has_marks(query):
        words = segmented([query])[0]
        terms = [s for w in words for s in w.split() if _TOKEN.fullmatch(s) and s not in STOPWORDS]
        terms += [w.replace(" ", "_") for w in words if " " in w]
        return list(dict.fromkeys(terms)), False
    syllables = [s.lower() for s in _TOKEN.findall(query)]
    kept = [s for s in syllables if s not in STOPWORDS]
    bigrams = [f"{a}_{b}" for a, b in zip(syllables, syllables[1:], strict=False)]
    return list(dict.fromkeys(kept + bigrams)), True
