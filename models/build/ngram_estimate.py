"""Estimate back-off n-gram models with numpy: counting, modified Kneser-Ney, pruning, static interpolation.

Used by train_diacritics.py. Token id 0 is <s> and 1 is </s>; an n-gram packs into one int64 with the last token in
the lowest ``bits`` bits, as nonla.functions.vi.diacritics_lm.NgramModel reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nonla.functions.vi.diacritics_lm import NgramModel

Counts = dict[int, tuple[np.ndarray, np.ndarray]]


def count(sentences: Sequence[Sequence[int]], order: int, bits: int) -> Counts:
    """{n: (sorted unique packed n-grams, counts)} over n-grams inside one sentence, padded with <s> and </s>."""
    lengths = np.array([len(s) + 2 for s in sentences])
    flat = np.concatenate([np.array([0, *s, 1], np.int64) for s in sentences])
    sentence = np.repeat(np.arange(len(sentences)), lengths)
    out = {}
    for n in range(1, order + 1):
        size = len(flat) - n + 1
        keys = np.zeros(size, np.int64)
        for k in range(n):
            keys = (keys << bits) | flat[k : k + size]
        inside = sentence[:size] == sentence[n - 1 : n - 1 + size]
        unique, counts = np.unique(keys[inside], return_counts=True)
        out[n] = (unique, counts.astype(np.float64))
    return out


def discounts(counts: np.ndarray) -> np.ndarray:
    """Modified Kneser-Ney D1, D2, D3+ from counts of counts (Chen & Goodman 1998)."""
    n1, n2, n3, n4 = (int(np.sum(counts == k)) for k in (1, 2, 3, 4))
    if min(n1, n2, n3, n4) == 0:
        return np.array([0.5, 1.0, 1.5])
    y = n1 / (n1 + 2 * n2)
    return np.clip(np.array([1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3]), 0.05, None)


def _lookup(table: np.ndarray, values: np.ndarray, keys: np.ndarray, missing: float) -> np.ndarray:
    if not len(table):
        return np.full(len(keys), missing)
    at = np.minimum(np.searchsorted(table, keys), len(table) - 1)
    return np.where(table[at] == keys, values[at], missing)


def kneser_ney(
    raw: Counts, order: int, bits: int, vocab: list[str], prune: dict[int, int], unigram: np.ndarray | None = None
) -> NgramModel:
    """Interpolated modified Kneser-Ney; then n-grams seen fewer than prune[n] times are dropped.

    ``unigram`` (probabilities over ``vocab``), when given, replaces the estimated order-1 distribution that
    higher orders back off to: a frequency list knows better than a list of words how common a syllable is.
    """
    mask = [(1 << (bits * n)) - 1 for n in range(order + 1)]
    probs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    gammas: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # order n -> (histories, log10 back-off weight)
    unigrams, unigram_counts = raw[1]  # every token of the vocabulary gets a unigram, seen or not
    full = np.zeros(len(vocab))
    full[unigrams] = unigram_counts
    raw = {**raw, 1: (np.arange(len(vocab), dtype=np.int64), full)}
    for n in range(1, order + 1):
        keys, raw_counts = raw[n]
        counts = raw_counts.copy()
        if n < order:  # lower orders count distinct left contexts, except n-grams that start with <s>
            suffix_keys, suffix_counts = np.unique(raw[n + 1][0] & mask[n], return_counts=True)
            continued = _lookup(suffix_keys, suffix_counts.astype(np.float64), keys, 0.0)
            starts = (keys >> (bits * (n - 1))) == 0
            counts = np.where(starts, raw_counts, continued)
        if n == 1:
            counts[keys == 0] = 0  # <s> is context only, never predicted
        d = discounts(counts)
        disc = np.where(counts > 0, np.minimum(d[np.clip(counts.astype(int), 1, 3) - 1], counts), 0.0)
        history = keys >> bits
        hist_keys, hist_of = np.unique(history, return_inverse=True)
        hist_total = np.maximum(np.bincount(hist_of, weights=counts), 1e-12)
        gamma = np.bincount(hist_of, weights=disc) / hist_total
        lower = np.full(len(keys), 1.0 / len(vocab)) if n == 1 else _lookup(*probs[n - 1], keys & mask[n - 1], 0.0)
        p = (counts - disc) / hist_total[hist_of] + gamma[hist_of] * lower
        if n == 1 and unigram is not None:
            p = np.asarray(unigram, np.float64)[keys]
        if n == 1:
            p[keys == 0] = 1e-99
        probs[n] = (keys, p)
        gammas[n] = (hist_keys, np.log10(np.maximum(gamma, 1e-12)))
    tables = {}
    for n in range(1, order + 1):
        keys, p = probs[n]
        bow = _lookup(*gammas[n + 1], keys, 0.0) if n < order else np.zeros(len(keys))
        keep = (raw[n][1] >= prune.get(n, 1)) | (n == 1)  # raw counts: a kept n-gram's history is kept too
        tables[n] = (keys[keep], np.log10(p[keep]), bow[keep])
    return NgramModel.from_counts(vocab, order, tables)


def interpolate(a: NgramModel, b: NgramModel, weight_a: float) -> NgramModel:
    """One back-off model for ``weight_a * a + (1 - weight_a) * b``: SRILM's static mixing (ngram -mix-lm).

    Every n-gram of either model gets the mixed probability (each model backing off where it must), and each
    history gets the back-off weight that makes its distribution sum to one again. Decoding then looks up one
    model instead of two.
    """
    order, bits = max(a.order, b.order), a.bits
    assert a.vocab == b.vocab, "both models must share one vocabulary"
    mask1 = np.int64((1 << bits) - 1)
    tables: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for n in range(1, order + 1):
        keys = np.union1d(a.keys[n] if n <= a.order else [], b.keys[n] if n <= b.order else []).astype(np.int64)
        context, words = keys >> bits, keys & mask1
        mixed = weight_a * 10 ** a.score(context, words, n - 1) + (1 - weight_a) * 10 ** b.score(context, words, n - 1)
        tables[n] = (keys, np.log10(np.maximum(mixed, 1e-99)), np.zeros(len(keys)))
        if n == 1:
            continue
        partial = NgramModel.from_counts(a.vocab, n - 1, {k: tables[k] for k in range(1, n)})
        lower = 10 ** partial.score(context, words, n - 2)  # what backing off from these histories gives
        hist_keys, hist_of = np.unique(context, return_inverse=True)
        left = 1 - np.bincount(hist_of, weights=np.minimum(mixed, 1.0))
        left_lower = 1 - np.bincount(hist_of, weights=np.minimum(lower, 1.0))
        bow = np.log10(np.maximum(left, 1e-9) / np.maximum(left_lower, 1e-9))
        prev_keys, prev_logp, prev_bow = tables[n - 1]
        at = np.searchsorted(prev_keys, hist_keys)
        ok = (at < len(prev_keys)) & (prev_keys[np.minimum(at, len(prev_keys) - 1)] == hist_keys)
        prev_bow = prev_bow.copy()
        prev_bow[at[ok]] = bow[ok]
        tables[n - 1] = (prev_keys, prev_logp, prev_bow)
    return NgramModel.from_counts(a.vocab, order, tables)
