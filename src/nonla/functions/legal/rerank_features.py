"""What the legal reranker looks at for one (query, candidate article) pair: how each first-stage ranker placed the
article, how much of the query its title and body repeat, whether the query names its law, and how many of the
other candidates come from the same law.

Everything is computed from the candidates themselves (no extra index or model), so it works the same on every
store backend. Words are compared without diacritics: a fourth of the questions are typed without them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from nonla.collections.terms import QUESTION_PHRASES, STOPWORDS
from nonla.functions.vi.tone_marks import strip_diacritics

FEATURES = (
    "fused_rank", "fused_score", "bm25_rank", "bm25_score", "marked_rank", "marked_score", "dense_rank",
    "dense_score", "dense_gap", "plain_query", "query_words", "title_cover", "title_precision", "body_cover",
    "bigram_cover", "title_bigram_cover", "law_named", "other_law_named", "law_share_20", "law_share_5",
    "article_chars", "article_number",
)  # fmt: skip
MISSING_RANK = 200  # where a ranker that did not propose the article is taken to have placed it
_WORD = re.compile(r"\w+", re.UNICODE)
_MARKED_STOP = frozenset(s for w in STOPWORDS | QUESTION_PHRASES for s in w.split("_"))
_PLAIN_STOP = frozenset(strip_diacritics(s) for s in _MARKED_STOP)
_TITLE_NOISE = frozenset({"dieu", "khoan", "diem", "chuong", "muc"})
_LAW_PREFIX = re.compile(r"^(bo luat|luat|phap lenh|nghi quyet|nghi dinh)\s+")


@dataclass(frozen=True)
class Candidate:
    """The few things the features read from one candidate article."""

    part_id: int
    key: str
    title: str
    text: str
    law: str  # the document's title, e.g. "Bộ luật Hình sự"
    document: str


def words(text: str) -> list[str]:
    """Lower-cased syllables without diacritics.

    >>> words("Điều 173. Tội trộm cắp tài sản")
    ['dieu', '173', 'toi', 'trom', 'cap', 'tai', 'san']
    """
    return _WORD.findall(strip_diacritics(text).lower())


def content(text: str) -> list[str]:
    """The syllables that carry meaning, without diacritics: function words and question phrasing dropped (told
    apart by their marks when the text has them: "tại" goes, "tài" stays).

    >>> content("Trộm cắp tài sản thì bị phạt bao nhiêu năm?")
    ['trom', 'cap', 'tai', 'san', 'phat', 'nam']
    >>> content("trom cap tai san thi bi phat bao nhieu nam")
    ['trom', 'cap', 'san', 'phat', 'nam']
    """
    marked = _WORD.findall(text.lower())
    if strip_diacritics(text) == text:
        return [w for w in marked if w not in _PLAIN_STOP]
    return [strip_diacritics(w) for w in marked if w not in _MARKED_STOP]


def law_name(title: str) -> str:
    """The words that name a law, its kind dropped: "Luật Đất đai" → "dat dai".

    >>> law_name("Bộ luật Hình sự")
    'hinh su'
    """
    return _LAW_PREFIX.sub("", " ".join(words(title)))


def _bigrams(syllables: list[str]) -> set[tuple[str, str]]:
    return set(zip(syllables, syllables[1:], strict=False))


def _cover(needles: list[str] | set[tuple[str, str]], hay: set[str] | set[tuple[str, str]]) -> float:
    return sum(1 for n in needles if n in hay) / len(needles) if needles else 0.0


def _ranks(found: list[tuple[int, float]] | None) -> dict[int, tuple[int, float]]:
    return {part_id: (rank, score) for rank, (part_id, score) in enumerate(found or [], 1)}


def features(
    query: str,
    plain: bool,
    lists: dict[str, list[tuple[int, float]]],
    fused: list[tuple[int, float]],
    candidates: dict[int, Candidate],
) -> np.ndarray:
    """One row of FEATURES per fused candidate (in fused order); lists holds 'bm25', 'marked' (may be absent) and
    'dense' as (part id, score) best first."""
    query_words = words(query)
    meaning = content(query)
    query_text = " " + " ".join(query_words) + " "
    query_pairs = _bigrams(query_words)
    bm25, marked, dense = _ranks(lists.get("bm25")), _ranks(lists.get("marked")), _ranks(lists.get("dense"))
    top = {name: (found[0][1] if found else 0.0) for name, found in lists.items()}
    dense_floor = lists["dense"][-1][1] if lists.get("dense") else 0.0
    named = {
        c.document for c in candidates.values() if len(law_name(c.law)) > 3 and f" {law_name(c.law)} " in query_text
    }
    order = [part_id for part_id, _ in fused if part_id in candidates]
    documents = [candidates[p].document for p in order]
    rows = []
    for rank, (part_id, fused_score) in enumerate(fused, 1):
        c = candidates.get(part_id)
        if c is None:
            continue
        title_words = [w for w in words(c.title) if w not in _TITLE_NOISE and not w.isdigit()]
        title_meaning = [w for w in content(c.title) if w not in _TITLE_NOISE and not w.isdigit()]
        body_words = words(c.text)
        body_set = set(body_words)
        b_rank, b_score = bm25.get(part_id, (MISSING_RANK, 0.0))
        m_rank, m_score = marked.get(part_id, (MISSING_RANK, 0.0))
        d_rank, d_score = dense.get(part_id, (MISSING_RANK, dense_floor))
        number = re.search(r"dieu-(\d+)", c.key)
        rows.append([
            math.log(rank), fused_score / top_or_one(fused[0][1]), math.log(b_rank), b_score / top_or_one(top.get("bm25")),
            math.log(m_rank), m_score / top_or_one(top.get("marked")), math.log(d_rank), d_score,
            top.get("dense", 0.0) - d_score, float(plain), float(len(meaning)),
            _cover(meaning, set(title_words)), _cover(title_meaning, set(query_words)), _cover(meaning, body_set),
            _cover(query_pairs, _bigrams(body_words)), _cover(query_pairs, _bigrams(title_words)),
            float(c.document in named), float(bool(named) and c.document not in named),
            documents[:20].count(c.document) / min(20, len(documents)),
            documents[:5].count(c.document) / min(5, len(documents)),
            math.log(1 + len(c.text)), math.log(1 + int(number.group(1))) if number else 0.0,
        ])  # fmt: skip
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURES))


def top_or_one(score: float | None) -> float:
    """A list's best score, to scale the others by; 1 when there is none to scale by."""
    return score if score else 1.0
