"""Sentence selection for text.summarize: LexRank centrality over TF-IDF cosine similarity, then MMR.

LexRank (Erkan & Radev, 2004) ranks a sentence high when many sentences resemble it; maximal marginal relevance
(Carbonell & Goldstein, 1998) then trades that centrality against similarity to sentences already chosen, so
documents that repeat each other do not fill the summary with the same point twice. The constants were chosen on
the dev laws, the figures on the card measured on the test laws.

>>> import numpy as np
>>> similarity = np.array([[1.0, 0.5, 0.5], [0.5, 1.0, 0.0], [0.5, 0.0, 1.0]])
>>> [round(float(x), 3) for x in lexrank(similarity)]
[1.0, 0.528, 0.528]
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import Any

from nonla.functions.text.idf import Vocabulary

DAMPING = 0.85
MMR_LAMBDA = 0.7  # weight of centrality against redundancy with the sentences already chosen
# Several documents: each one's opening sentence usually states its point (the multi-document lead baseline is
# strong), and a synthesis should draw on many sources. Chosen on the dev laws (evaluation/text_summarize.py).
LEAD_PRIOR = 1.0  # centrality x (1 + LEAD_PRIOR / (1 + position in its document))
SAME_DOCUMENT = 0.3  # gain lost by a sentence whose document is already in the summary
NEAR_DUPLICATE = 0.8  # cosine at which a sentence only repeats one already chosen: never chosen
MIN_CONTENT_WORDS = 3  # shorter sentences (headings, list markers) are chosen only when nothing else is there
MAX_GRAPH = 1500  # beyond this, the sentences closest to the centroid form the graph: memory grows with n²


@dataclass(frozen=True)
class Sentence:
    document_id: str | None
    index: int
    start: int
    end: int
    text: str
    words: tuple[str, ...]  # lower-case content words

    @classmethod
    def cut(cls, document_id: str | None, text: str, split: Any, segmented: Any, vocab: Vocabulary) -> list[Sentence]:
        """Sentences of one document (vi.sentences output) with their content words (vi.words output)."""
        starts = [start for start, _ in segmented.spans]
        out = []
        for index, (start, end) in enumerate(split.spans):
            first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
            lower = (w.lower() for w in segmented.words[first:last])
            out.append(
                cls(document_id, index, start, end, text[start:end], tuple(w for w in lower if vocab.is_content(w)))
            )
        return out


def lexrank(similarity: Any) -> Any:
    """Stationary distribution of the similarity graph (continuous LexRank), scaled so the maximum is 1."""
    import numpy as np

    n = len(similarity)
    weights = similarity - np.diag(np.diag(similarity))
    totals = weights.sum(axis=1, keepdims=True)
    # A sentence like no other jumps uniformly, so the chain stays ergodic and the result unique.
    transition = np.where(totals > 0, weights / np.where(totals > 0, totals, 1), 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(200):
        updated = (1 - DAMPING) / n + DAMPING * (transition.T @ rank)
        done = np.abs(updated - rank).sum() < 1e-12
        rank = updated
        if done:
            break
    return rank / rank.max()


def _tfidf(sentences: list[Sentence], vocab: Vocabulary) -> Any:
    import numpy as np
    from scipy.sparse import csr_matrix

    columns: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, sentence in enumerate(sentences):
        for word, count in Counter(sentence.words).items():
            rows.append(row)
            cols.append(columns.setdefault(word, len(columns)))
            values.append(count * vocab.idf(word))
    matrix = csr_matrix((values, (rows, cols)), shape=(len(sentences), max(1, len(columns))), dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return csr_matrix(matrix.multiply(1 / np.where(norms > 0, norms, 1)[:, None]))


def select(pool: list[Sentence], k: int, vocab: Vocabulary, documents: bool = False) -> list[tuple[Sentence, float]]:
    """Up to k sentences with their centrality, in reading order (documents in input order, then position)."""
    import numpy as np

    candidates = [i for i, s in enumerate(pool) if len(s.words) >= MIN_CONTENT_WORDS]
    candidates = candidates or [i for i, s in enumerate(pool) if s.words]
    if not candidates:  # nothing to compare (symbols, numbers only): the opening sentences, unscored
        return [(s, 0.0) for s in pool[:k]]
    vectors = _tfidf([pool[i] for i in candidates], vocab)
    if len(candidates) > MAX_GRAPH:
        centroid = np.asarray(vectors.sum(axis=0)).ravel()
        closest = np.argsort(-(vectors @ centroid), kind="stable")[:MAX_GRAPH]
        keep = np.sort(closest)
        candidates, vectors = [candidates[i] for i in keep], vectors[keep]
    similarity = (vectors @ vectors.T).toarray()
    centrality = lexrank(similarity)
    prior = np.ones(len(candidates))
    numbers: dict[str | None, int] = {}
    owner = np.array([numbers.setdefault(pool[i].document_id, len(numbers)) for i in candidates])
    if documents:
        prior = 1 + LEAD_PRIOR / (1 + np.array([pool[i].index for i in candidates]))
    chosen: list[int] = []
    while len(chosen) < min(k, len(candidates)):
        redundancy = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(candidates))
        gain = MMR_LAMBDA * centrality * prior - (1 - MMR_LAMBDA) * redundancy
        if documents and chosen:
            gain -= SAME_DOCUMENT * np.isin(owner, owner[chosen])
        gain[chosen] = -np.inf
        gain[redundancy >= NEAR_DUPLICATE] = -np.inf  # the same sentence again, from another source or place
        if not np.isfinite(gain).any():
            break
        chosen.append(int(np.argmax(gain)))  # first of equals: the earlier sentence
    return [(pool[candidates[i]], float(centrality[i])) for i in sorted(chosen)]
