"""Vectors computed ahead of time and shipped in ``models/`` (the demo laws), looked up by passage key.

A lookup is a binary search in a sorted array of 16-byte keys, so the 48,586 shipped vectors cost 38 MB of
memory mapped from disk and no start-up time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nonla.collections.passages import passage_key
from nonla.core.models import ModelRef, shared_models

DEMO_VECTORS = ModelRef("legal-demo-vectors", "2026.11.3", sha256="16b692d8c21d8b96c43a3ad9b85c6cb6dfc08b26ca23ada20141be59bfd5b1d9", file="legal-demo-vectors/vectors.bin",
                        licence="derived from the 208 laws (public documents) with multilingual-e5-small (MIT)")  # fmt: skip
DIM = 384


class VectorCache:
    def __init__(self, path: Path) -> None:
        raw = np.memmap(path, dtype=np.uint8, mode="r")
        count = len(raw) // (16 + 2 * DIM)
        self.keys = raw[: 16 * count].view("S16")
        self.vectors = raw[16 * count :].view("<f2").reshape(count, DIM)

    def lookup(self, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """{position in texts: float32 vector} for the texts whose passage is in the cache."""
        wanted = np.array([passage_key(t) for t in texts], dtype="S16")
        at = np.searchsorted(self.keys, wanted).clip(0, len(self.keys) - 1)
        hit = self.keys[at] == wanted
        return {i: self.vectors[at[i]].astype(np.float32) for i in np.flatnonzero(hit).tolist()}


def cached_vectors(texts: Sequence[str]) -> dict[int, np.ndarray]:
    """Shipped vectors for these passages; {} when the file is absent (a trimmed install embeds everything)."""
    from nonla.core.errors import ModelUnavailable

    if not texts:
        return {}
    try:
        return shared_models().load(DEMO_VECTORS, VectorCache).lookup(texts)
    except ModelUnavailable:
        return {}
