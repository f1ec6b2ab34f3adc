"""A compact back-off n-gram language model over syllables, scored many n-grams at a time with numpy.

The model is the ARPA idea in arrays: for each order n, the sorted packed keys of the n-grams kept, their
log10 probability (already interpolated with lower orders by Kneser-Ney when built) and, for histories, the log10
back-off weight. An n-gram (w1..wn) packs into one integer, ``w1 << bits*(n-1) | ... | wn``, so a lookup is one
``searchsorted`` for a whole beam of hypotheses. Arrays are read-only after loading: the model is thread-safe.

>>> lm = NgramModel.from_counts(["<s>", "</s>", "a", "b"], order=2, ngrams={
...     1: ([2, 3, 1], [-0.5, -0.5, -1.0], [-0.3, -0.3, 0.0]), 2: ([0 << 2 | 2, 2 << 2 | 3], [-0.1, -0.2], None)})
>>> [round(float(x), 2) for x in lm.score(np.array([0, 3]), np.array([2, 2]))]  # p(a|<s>) seen; p(a|b) backs off
[-0.1, -0.8]
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "nonla-ngram/1"
UNSEEN_LOGP = -8.0


class NgramModel:
    def __init__(
        self, vocab: list[str], order: int, keys: list[Any], logp: list[Any], bow: list[Any], extra: Any = None
    ) -> None:
        self.vocab = vocab
        self.extra: dict[str, Any] = extra or {}  # small side tables that travel with the model (JSON)
        self.index = {token: i for i, token in enumerate(vocab)}
        self.order = order
        self.bits = max(1, (len(vocab) - 1).bit_length())
        if self.bits * order > 63:
            raise ValueError(f"{len(vocab)} tokens and order {order} do not fit 63-bit keys")
        self.keys, self.logp, self.bow = keys, logp, bow  # index 0 unused; index n is order n
        self.masks = [np.int64((1 << (self.bits * n)) - 1) for n in range(order + 1)]

    @classmethod
    def from_counts(
        cls,
        vocab: list[str],
        order: int,
        ngrams: Mapping[int, tuple[Sequence[int], Sequence[float], Sequence[float] | None]],
    ) -> NgramModel:
        """Build from ``{n: (packed keys, log10 p, log10 back-off or None)}``; keys are sorted here."""
        keys, logp, bow = [np.zeros(0, np.int64)], [np.zeros(0, np.float32)], [np.zeros(0, np.float32)]
        for n in range(1, order + 1):
            k, p, b = ngrams[n]
            sort = np.argsort(np.asarray(k, np.int64), kind="stable")
            keys.append(np.asarray(k, np.int64)[sort])
            logp.append(np.asarray(p, np.float32)[sort])
            bow.append(np.zeros(len(sort), np.float32) if b is None else np.asarray(b, np.float32)[sort])
        return cls(vocab, order, keys, logp, bow)

    def score(self, context: Any, words: Any, history: int | None = None, parent: Any = None) -> Any:
        """log10 p(word | context) for arrays of packed contexts (the last ``history`` tokens, order-1 by default)
        and token ids. With ``parent``, word i follows context[parent[i]]: a beam's states, each followed by several
        candidates, so each state's back-off weights are looked up once."""
        context = np.asarray(context, np.int64)
        words = np.asarray(words, np.int64)
        rows = context if parent is None else context[parent]
        total = np.zeros(len(words), np.float64)
        todo = np.ones(len(words), bool)
        top = self.order if history is None else min(self.order, history + 1)
        for n in range(top, 0, -1):
            found, at = self._find(n, ((rows & self.masks[n - 1]) << self.bits) | words if n > 1 else words)
            hit = found & todo
            total[hit] += self.logp[n][at[hit]]
            todo &= ~found
            if n == 1 or not todo.any():
                break
            found, at = self._find(n - 1, context & self.masks[n - 1])  # back off: add the history's weight
            weight = np.where(found, self.bow[n - 1][at], 0.0)
            total[todo] += (weight if parent is None else weight[parent])[todo]
        total[todo] += UNSEEN_LOGP  # a token this model never saw (another model of a mixture may have)
        return total

    def _find(self, n: int, keys: Any) -> tuple[Any, Any]:
        table = self.keys[n]
        if not len(table):
            return np.zeros(len(keys), bool), np.zeros(len(keys), np.int64)
        at = np.minimum(np.searchsorted(table, keys), len(table) - 1)
        return table[at] == keys, at

    def push(self, context: Any, words: Any) -> Any:
        """The packed context after appending ``words``."""
        mask = self.masks[self.order - 1]
        return ((np.asarray(context, np.int64) << self.bits) | np.asarray(words, np.int64)) & mask

    # --- file format: one zip of .npy arrays plus a JSON header; keys stored as deltas, which compress well ----------

    def save(self, path: Path) -> None:
        header = {"format": FORMAT, "order": self.order, "vocab": self.vocab, "extra": self.extra}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            zf.writestr(zipfile.ZipInfo("header.json", (1980, 1, 1, 0, 0, 0)), json.dumps(header, ensure_ascii=False))
            for n in range(1, self.order + 1):
                deltas = np.diff(self.keys[n], prepend=np.int64(0)).astype(np.uint64)
                for name, array in (("keys", deltas), ("logp", self.logp[n].astype(np.float16)),
                                    ("bow", self.bow[n].astype(np.float16))):  # fmt: skip
                    buffer = io.BytesIO()
                    np.save(buffer, array, allow_pickle=False)
                    # a fixed timestamp keeps the file byte-identical across rebuilds
                    zf.writestr(zipfile.ZipInfo(f"{name}{n}.npy", (1980, 1, 1, 0, 0, 0)), buffer.getvalue(),
                                zipfile.ZIP_DEFLATED)  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> NgramModel:
        with zipfile.ZipFile(path) as zf:
            header = json.loads(zf.read("header.json"))
            if header.get("format") != FORMAT:
                raise ValueError(f"{path} is not a {FORMAT} file")

            def array(name: str) -> Any:
                return np.load(io.BytesIO(zf.read(f"{name}.npy")), allow_pickle=False)

            order = int(header["order"])
            keys, logp, bow = [np.zeros(0, np.int64)], [np.zeros(0, np.float32)], [np.zeros(0, np.float32)]
            for n in range(1, order + 1):
                keys.append(np.cumsum(array(f"keys{n}")).astype(np.int64))
                logp.append(array(f"logp{n}").astype(np.float32))
                bow.append(array(f"bow{n}").astype(np.float32))
        for table in (*keys, *logp, *bow):
            table.setflags(write=False)  # shared by every thread
        return cls(list(header["vocab"]), order, keys, logp, bow, header.get("extra"))
