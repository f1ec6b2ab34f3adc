"""Near-duplicate groups with MinHash and LSH, vectorised with numpy so a million short texts take about a minute.

Texts become sets of syllable shingles; MinHash signatures, cut into LSH bands, propose candidate pairs; each
candidate is then checked with its exact Jaccard similarity, so LSH only decides what gets compared, never what
is reported. Groups are the connected components of the confirmed pairs, except that no two members of a group may
disagree on the numbers they mention (see dedupe_numbers).

>>> near_duplicate_groups(["Tôi muốn đăng ký tạm trú cho con tôi", "toi muon dang ky tam tru cho con toi",
...                        "Hôm nay trời đẹp"], threshold=0.8, shingle=1, strip_diacritics=True)
[[0, 1]]
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nonla.functions.text.dedupe_numbers import TOKEN, canonical, has_digit, is_number, keep_numbers_apart, numbers
from nonla.functions.vi.segmenter import IN_WORD_FORMAT, without_format

NUM_PERM = 128
SEED = 20261
_WORD = re.compile(r"\w+")  # TOKEN's answer for a text without digits, found twice as fast
# A soft hyphen or zero-width joiner sits inside a word but is no part of it: "ng\xadập" is "ngập". The other format
# characters (a zero-width space) separate words already, as no token pattern matches them.
_IN_WORD_FORMAT = re.compile(f"[{IN_WORD_FORMAT}]")
_COMBINING = re.compile("[\u0300-\u036f]")  # marks left over after NFC: nothing to compose with
_MIX = 0x9E3779B97F4A7C15  # golden-ratio constant: spreads consecutive shingle values over 64 bits
_TEXT_CHUNK = 1 << 16  # texts shingled at once (numbered in 16 bits); arrays small enough to reuse memory
_LOW48 = (1 << 48) - 1
_TOKEN_CHUNK = 1 << 21
_PAIR_CHUNK = 50_000  # candidate pairs verified at once (numbered in 24 bits in the sort key)
_VERIFY_BUDGET = 1 << 22  # shingles gathered at once to verify pairs: temporary arrays of tens of MB
_NUMBER_TAG = 0xA5  # low byte of every number's hash: a mask finds them, then a lookup drops the few words alike
_SHINGLE_CHUNK = 1 << 13  # shingles hashed by all permutations at once: a buffer that stays in cache, reused


@functools.cache
def _plain_table() -> dict[int, str]:
    # One translate table for every precomposed Latin letter: far faster than NFD per text (a million texts).
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x250):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if bare != chr(code) and bare:
            table[code] = bare
    for code in range(0x1E00, 0x1F00):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if bare != chr(code) and bare:
            table[code] = bare
    return table


@functools.lru_cache(maxsize=1 << 16)  # a language has few distinct syllables; texts repeat them
def _plain(token: str) -> str:
    return _COMBINING.sub("", token.translate(_plain_table()))


def normalise(text: str, strip_diacritics: bool) -> list[str]:
    """The tokens a text is compared by: NFC, lower case, words and numbers only, optionally without diacritics.

    >>> normalise("Đăng KÝ tạm-trú số 05, phí 1.500.000đ!", strip_diacritics=True)
    ['dang', 'ky', 'tam', 'tru', 'so', '5', 'phi', '1500000', 'd']
    """
    tokens = _words(text)
    if has_digit(text):  # only a text with digits has numbers to make canonical
        tokens = list(map(canonical, tokens))
    return [_plain(t) for t in tokens] if strip_diacritics else tokens


def _words(text: str) -> list[str]:
    text = _IN_WORD_FORMAT.sub("", unicodedata.normalize("NFC", text).lower())
    # A text with no word characters (emoji, punctuation) is compared as one token, so equal ones still group.
    return (TOKEN if has_digit(text) else _WORD).findall(text) or ["".join(without_format(text).split())]


class _Vocabulary(dict[str, int]):
    """Token -> 64-bit hash, computed once per distinct token (numbers made canonical and diacritics stripped here,
    not per text); ``numbers`` lists the hashes of number tokens."""

    def __init__(self, strip_diacritics: bool) -> None:
        super().__init__()
        self.strip = strip_diacritics
        self.numbers: list[int] = []

    def __missing__(self, token: str) -> int:
        plain = canonical(token)
        plain = _plain(plain) if self.strip else plain
        value = self[token] = int.from_bytes(
            hashlib.blake2b(plain.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little"
        )
        if is_number(token):
            value = self[token] = (value & ~0xFF) | _NUMBER_TAG
            self.numbers.append(value)
        return value


@dataclass
class ShingleSets:
    """Each text's distinct shingle hashes, flattened: text i owns hashes[offsets[i]:offsets[i + 1]], sorted."""

    hashes: Any  # np.ndarray[uint64]
    offsets: Any  # np.ndarray[int64], length n + 1
    numbers: Any  # np.ndarray[uint64], per text: 0 if it mentions no number, else a hash of its set of numbers


def shingle_sets(texts: Sequence[str], shingle: int, strip_diacritics: bool) -> ShingleSets:
    """Hash runs of ``shingle`` consecutive tokens; a text shorter than that is one shingle of all its tokens.

    Shingle hashes keep 48 bits: the text's number within a chunk fills the top 16, so one plain sort (far faster
    than a two-key sort) orders by text, then hash. Two shingles of one text share 48 bits with odds ~1e-12.
    """
    import numpy as np

    vocabulary = _Vocabulary(strip_diacritics)
    hashes, sizes, numbers = [], [], []
    start = 0
    while start < len(texts):
        # A chunk ends at _TEXT_CHUNK texts (numbered in 16 bits) or _TOKEN_CHUNK tokens (long texts: bounded memory).
        ids: list[int] = []
        lengths: list[int] = []
        for text in texts[start : start + _TEXT_CHUNK]:
            tokens = _words(text)
            lengths.append(len(tokens))
            ids.extend(map(vocabulary.__getitem__, tokens))
            if len(ids) >= _TOKEN_CHUNK:
                break
        start += len(lengths)
        token_ids, counts = np.array(ids, dtype=np.uint64), np.array(lengths, dtype=np.int64)
        values, owner = _shingles(token_ids, counts, shingle)
        keys = _sorted_distinct((owner.astype(np.uint64) << np.uint64(48)) | (values >> np.uint64(16)))
        hashes.append(keys & np.uint64(_LOW48))
        sizes.append(np.bincount((keys >> np.uint64(48)).astype(np.int64), minlength=len(lengths)))
        numbers.append(_number_keys(token_ids, counts, np.array(vocabulary.numbers, dtype=np.uint64)))
    offsets = np.concatenate(([0], np.cumsum(np.concatenate(sizes)))) if sizes else np.zeros(1)
    flat = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.uint64)
    number_keys = np.concatenate(numbers) if numbers else np.empty(0, dtype=np.uint64)
    return ShingleSets(flat, offsets.astype(np.int64), number_keys)


def _number_keys(tokens: Any, lengths: Any, numbers: Any) -> Any:
    """Per text, an order-free hash of its distinct number tokens, odd; 0 for a text without numbers."""
    import numpy as np

    keys = np.zeros(len(lengths), dtype=np.uint64)
    tagged = np.flatnonzero((tokens & np.uint64(0xFF)) == np.uint64(_NUMBER_TAG))
    numeric = tagged[np.isin(tokens[tagged], numbers)]
    if len(numeric):
        doc = np.searchsorted(np.cumsum(lengths), numeric, side="right")
        distinct = _sorted_distinct((doc.astype(np.uint64) << np.uint64(48)) | (tokens[numeric] >> np.uint64(16)))
        doc = (distinct >> np.uint64(48)).astype(np.int64)
        np.bitwise_xor.at(keys, doc, distinct & np.uint64(_LOW48))
        keys[doc] |= np.uint64(1)
    return keys


def _sorted_distinct(values: Any) -> Any:
    """np.unique by sorting: numpy 2.3+ answers np.unique with a hash table, 10-30x slower on large integer arrays."""
    import numpy as np

    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def _shingles(tokens: Any, lengths: Any, shingle: int) -> tuple[Any, Any]:
    """(shingle hash, text number) for every window of ``shingle`` tokens that stays inside one text."""
    import numpy as np

    doc = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    first = np.concatenate(([0], np.cumsum(lengths)))
    position = np.arange(len(tokens), dtype=np.int64) - first[doc]
    padded_doc = np.concatenate((doc, np.full(shingle, -1, dtype=np.int64)))
    padded = np.concatenate((tokens, np.zeros(shingle, dtype=np.uint64)))
    values = tokens.copy()
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps by design: it is hashing
        for step in range(1, shingle):
            index = np.arange(step, len(tokens) + step)
            following = np.where(padded_doc[index] == doc, padded[index], np.uint64(0))
            values = values * np.uint64(_MIX) + following
        values ^= values >> np.uint64(29)  # fold the low bits up: only the top 48 bits are kept
        values *= np.uint64(_MIX)
    keep = position <= np.maximum(lengths[doc] - shingle, 0)
    return values[keep], doc[keep]


@functools.cache
def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) for a similarity threshold: the fewest false candidates below the threshold among the settings
    that propose a pair at the threshold with probability ≥ 0.99. Every candidate is checked exactly afterwards,
    so a false candidate costs only time, while a missed pair is a missed result.

    >>> lsh_bands(0.8), lsh_bands(0.5)
    ((16, 6), (35, 3))
    """
    import numpy as np

    combos = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)], dtype=np.float64)
    bands, rows = combos[:, :1], combos[:, 1:]
    below = np.linspace(0, threshold, 200)[None, :]
    false_pos = np.trapezoid(1 - (1 - below**rows) ** bands, below, axis=1)
    found_at_threshold = 1 - (1 - threshold ** rows[:, 0]) ** bands[:, 0]
    cost = np.where(found_at_threshold >= 0.99, false_pos, np.inf)
    best = int(np.argmin(cost))  # ties: the first in (bands, rows) order
    return int(combos[best, 0]), int(combos[best, 1])


def band_keys(sets: ShingleSets, bands: int, rows: int, num_perm: int = NUM_PERM) -> Any:
    """One 64-bit key per text and band: the hash of that band's MinHash values (multiply-shift permutations)."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)  # odd multipliers
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    n = len(sets.offsets) - 1
    keys = np.zeros((n, bands), dtype=np.uint64)
    a, b = a[: bands * rows], b[: bands * rows]
    # Fresh large arrays are slow to fault in; one small buffer, reused, keeps the hashing in cache.
    buffer = np.empty((_SHINGLE_CHUNK, bands * rows), dtype=np.uint64)
    start_doc = 0
    while start_doc < n:
        # Whole texts per chunk, so that reduceat sees complete segments; one long text may fill a chunk alone.
        limit = sets.offsets[start_doc] + _SHINGLE_CHUNK
        end_doc = min(max(int(np.searchsorted(sets.offsets, limit, side="right")) - 1, start_doc + 1), n)
        lo, hi = int(sets.offsets[start_doc]), int(sets.offsets[end_doc])
        work = buffer[: hi - lo] if hi - lo <= _SHINGLE_CHUNK else np.empty((hi - lo, bands * rows), np.uint64)
        np.multiply(sets.hashes[lo:hi, None], a, out=work)
        np.add(work, b, out=work)
        np.right_shift(work, np.uint64(32), out=work)  # the high half of a*x+b is the multiply-shift hash
        signature = np.minimum.reduceat(work, sets.offsets[start_doc:end_doc] - lo, axis=0)
        key = keys[start_doc:end_doc]
        with np.errstate(over="ignore"):
            for row in range(rows):  # band j holds signature columns j*rows ... j*rows + rows - 1
                key *= np.uint64(_MIX)
                key += signature[:, row::rows]
        start_doc = end_doc
    return keys


def candidate_pairs(keys: Any) -> Any:
    """Pairs (i < j) that share a band key: each bucket member is paired with the bucket's first member and with
    its predecessor, which links a bucket of m equal texts with 2m pairs instead of m²/2."""
    import numpy as np

    n = np.int64(len(keys))
    found = []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        sorted_keys = keys[order, band]
        same = np.concatenate(([False], sorted_keys[1:] == sorted_keys[:-1]))
        run_start = np.maximum.accumulate(np.where(same, 0, np.arange(len(order))))
        members = np.flatnonzero(same)
        for left in (order[run_start[members]], order[members - 1]):
            right = order[members]
            low, high = np.minimum(left, right), np.maximum(left, right)
            found.append(_sorted_distinct(low * n + high))  # one int64 per pair: far faster than axis=0
    unique = _sorted_distinct(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    unique = unique[unique // n != unique % n]
    return np.stack((unique // n, unique % n), axis=1)


def jaccard(sets: ShingleSets, pairs: Any) -> Any:
    """Exact Jaccard similarity of each pair's shingle sets, in chunks of pairs."""
    import numpy as np

    out = np.empty(len(pairs), dtype=np.float64)
    sizes = np.diff(sets.offsets)
    # Chunks of at most _PAIR_CHUNK pairs and about _VERIFY_BUDGET shingles, so long texts cannot blow up memory.
    cost = np.cumsum(sizes[pairs[:, 0]] + sizes[pairs[:, 1]]) if len(pairs) else np.zeros(0, dtype=np.int64)
    end = 0
    while end < len(pairs):
        start = end
        done = int(cost[start - 1]) if start else 0
        end = min(max(int(np.searchsorted(cost, done + _VERIFY_BUDGET, side="right")), start + 1), start + _PAIR_CHUNK)
        chunk = pairs[start:end]
        left, right = chunk[:, 0], chunk[:, 1]
        both = np.concatenate((left, right))
        counts = sizes[both]
        pair_of = np.repeat(np.tile(np.arange(len(chunk)), 2), counts)
        within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        values = sets.hashes[np.repeat(sets.offsets[both], counts) + within]
        # One plain sort on (pair << 40 | top 40 bits of the hash): two different shingles of one pair collide with
        # odds ~1e-9, which would add one shared shingle. Sets are distinct, so an equal neighbour is shared.
        keys = np.sort((pair_of.astype(np.uint64) << np.uint64(40)) | (values >> np.uint64(8)))
        common = np.bincount((keys[1:][keys[1:] == keys[:-1]] >> np.uint64(40)).astype(np.int64), minlength=len(chunk))
        union = sizes[left] + sizes[right] - common
        out[start:end] = common / np.maximum(union, 1)
    return out


def groups_from_pairs(n: int, pairs: Any) -> list[list[int]]:
    """Connected components with at least two members, each sorted, ordered by their first member."""
    return _groups(_components(n, pairs)) if len(pairs) else []


def _components(n: int, pairs: Any) -> Any:
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _groups(labels: Any) -> list[list[int]]:
    """Texts sharing a label, for labels with at least two texts, each sorted, ordered by their first member."""
    import numpy as np

    linked = np.flatnonzero(np.bincount(labels)[labels] > 1)
    if not len(linked):
        return []
    order = linked[np.argsort(labels[linked], kind="stable")]
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    return sorted((part.tolist() for part in np.split(order, cuts)), key=lambda g: g[0])


def near_duplicate_groups(
    texts: Sequence[str], threshold: float, shingle: int, strip_diacritics: bool
) -> list[list[int]]:
    """Groups of texts linked by shingle-set Jaccard similarity ≥ threshold (directly or through each other),
    with no two members disagreeing on numbers."""
    sets = shingle_sets(texts, shingle, strip_diacritics)
    bands, rows = lsh_bands(threshold)
    pairs = candidate_pairs(band_keys(sets, bands, rows))
    if not len(pairs):
        return []
    similarity = jaccard(sets, pairs)
    confirmed = similarity >= threshold - 1e-12
    pairs, similarity = pairs[confirmed], similarity[confirmed]
    if not len(pairs):
        return []
    labels = _components(len(texts), pairs)
    labels = keep_numbers_apart(labels, pairs, similarity, sets.numbers, lambda i: numbers(texts[i]), _components)
    return _groups(labels)
