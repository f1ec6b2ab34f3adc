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
    "nào gì ai sao thế nếu mà vì lại đã đang sẽ ra vào lên phải nên cũng rất tôi mấy đâu vậy nhé ạ".split()
)
# How people ask, not what they ask about: rare in statutes, so BM25 would weigh them high and match noise.
QUESTION_PHRASES = frozenset(
    "bao_nhiêu bao_lâu thế_nào như_thế_nào ra_sao làm_sao làm_gì là_gì được_không hay_không có_phải "
    "thì_sao xin_hỏi cho_hỏi".split()
)
_PLAIN_STOP = frozenset(strip_diacritics(w) for w in STOPWORDS | QUESTION_PHRASES)


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


def context_of(law_title: str, part_meta: dict[str, object]) -> str:
    """What a part sits under: its document's title and the headings of its chapter, section, ...

    >>> context_of("Bộ luật Hình sự", {"path": ["Chương XVI. CÁC TỘI XÂM PHẠM SỞ HỮU"]})
    'Bộ luật Hình sự. chương xvi. các tội xâm phạm sở hữu'
    """
    path = part_meta.get("path")
    # headings set mostly in capitals are lowered: the segmenter reads capitals as names
    headings = [_mostly_capitals(str(h)) for h in path] if isinstance(path, list) else []
    return ". ".join(h for h in [law_title, *headings] if h.strip())


def _mostly_capitals(heading: str) -> str:
    letters = [c for c in heading if c.isalpha()]
    return heading.lower() if 2 * sum(c.isupper() for c in letters) > len(letters) else heading


def has_marks(text: str) -> bool:
    return strip_diacritics(text) != text


def query_terms(query: str) -> tuple[list[str], bool]:
    """(terms, plain): plain is True when the query was typed without diacritics.

    >>> query_terms("toa an nhan dan xet xu vu an the nao")
    (['toa', 'an', 'nhan', 'dan', 'xet', 'xu', 'vu', 'toa_an', 'an_nhan', 'nhan_dan', 'dan_xet', 'xet_xu', 'xu_vu', 'vu_an', 'an_the'], True)
    """
    if has_marks(query):
        words = segmented([query])[0]
        terms = [s for w in words for s in w.split() if _TOKEN.fullmatch(s) and s not in STOPWORDS]
        terms += [w.replace(" ", "_") for w in words if " " in w and w.replace(" ", "_") not in QUESTION_PHRASES]
        return list(dict.fromkeys(terms)), False
    syllables = [s.lower() for s in _TOKEN.findall(query)]
    kept = [s for s in syllables if s not in _PLAIN_STOP]
    bigrams = [f"{a}_{b}" for a, b in zip(syllables, syllables[1:], strict=False)
               if f"{a}_{b}" not in _PLAIN_STOP and not (a in _PLAIN_STOP and b in _PLAIN_STOP)]  # fmt: skip
    return list(dict.fromkeys(kept + bigrams)), True
