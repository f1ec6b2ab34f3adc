"""Keys of a collection's vectors, and how a part's vectors score it for a query.

A part has one vector for its passage and one for each window of the rest of it (nonla.collections.passages).
The key packs the part id in its low 40 bits and the piece (0 = the passage, 1… = the windows) above them, so a
part's passage keeps the key it always had (its part id) and an index built before windows existed stays valid.

A part scores the mean of its passage's similarity and its best piece's: the passage (title and first clauses)
says what the part is about, the best window finds the clause deep inside; the best piece alone ranks long
articles above short ones merely for having more windows. In a one-off comparison on the tuning half of the
legal questions (evaluation/legal_search.py's split; the comparison script is not kept) the mean lifted hybrid
recall@5 from 0.811 to 0.820; the best piece alone left it at 0.811.

>>> key(7, 0), key(7, 2), part_of(key(7, 2)), piece_of(key(7, 2))
(7, 2199023255559, 7, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

PIECE_SHIFT = 40  # a trillion parts per store before a part id would spill into the piece bits
PART_MASK = (1 << PIECE_SHIFT) - 1
PIECES_PER_PART = 4  # a search for k parts reads the best 4k vectors: a long part's windows crowd the list


def key(part_id: int, piece: int) -> int:
    return (piece << PIECE_SHIFT) | part_id


def part_of(vector_key: int) -> int:
    return vector_key & PART_MASK


def piece_of(vector_key: int) -> int:
    return vector_key >> PIECE_SHIFT


def part_scores(
    found: Iterable[tuple[int, float]], passage_similarity: Callable[[list[int]], dict[int, float]], k: int
) -> list[tuple[int, float]]:
    """The best k (part id, score) from (vector key, similarity) hits; passage_similarity gives the passage's
    similarity for parts whose passage was not among the hits.

    >>> part_scores([(key(1, 2), 0.9), (1, 0.5), (2, 0.8)], lambda parts: {}, 5)
    [(2, 0.8), (1, 0.7)]
    """
    best: dict[int, float] = {}
    passage: dict[int, float] = {}
    for vector_key, similarity in found:
        part = part_of(vector_key)
        best[part] = max(best.get(part, similarity), similarity)
        if piece_of(vector_key) == 0:
            passage[part] = similarity
    passage |= passage_similarity([p for p in best if p not in passage])
    scores = {p: round((passage.get(p, best[p]) + best[p]) / 2, 6) for p in best}
    return sorted(scores.items(), key=lambda item: -item[1])[:k]
