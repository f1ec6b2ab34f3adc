"""1:N face search at 100,000 faces: nonla's gallery index against plain numpy and usearch, same vectors.

Vectors are random unit vectors in 128 dimensions (the size of vision.faces' descriptors), queries are gallery
vectors with a little noise, so each has one true match. Timed per query, after one warm-up:
- nonla: GalleryIndex.search (exact; one matrix-vector product, argpartition, one result per subject);
- numpy brute force: np.linalg.norm(gallery - query, axis=1) then argsort, as one would write it first;
- usearch exact (exact=True) and usearch HNSW (approximate; its recall@1 printed), built on the same vectors;
- the whole service call (nonla.faces.search with an embedding on a SQLite store of the same faces), which adds
  the store's freshness check and the audit row.

    python bench/faces_gallery.py [--n 100000] [--queries 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def timed(fn, queries) -> tuple[float, list]:  # type: ignore[no-untyped-def]
    fn(queries[0])
    times, found = [], []
    for q in queries:
        start = time.perf_counter()
        found.append(fn(q))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), found


def main() -> None:
    import numpy as np
    from usearch.index import Index

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    options = parser.parse_args()
    rng = np.random.default_rng(7)
    gallery = rng.normal(size=(options.n, 128)).astype(np.float32)
    gallery /= np.linalg.norm(gallery, axis=1, keepdims=True)
    truth = rng.choice(options.n, options.queries, replace=False)
    queries = gallery[truth] + rng.normal(scale=0.02, size=(options.queries, 128)).astype(np.float32)
    subjects = [f"s{i}" for i in range(options.n)]

    from nonla.faces.index import GalleryIndex

    index = GalleryIndex(gallery, subjects, list(range(options.n)))
    ours, ours_found = timed(lambda q: int(index.search(q, 5)[0].face_id), queries)
    brute, brute_found = timed(lambda q: int(np.argsort(np.linalg.norm(gallery - q, axis=1))[0]), queries)
    exact_index = Index(ndim=128, metric="l2sq", dtype="f32")
    exact_index.add(np.arange(options.n), gallery)
    exact, _ = timed(lambda q: int(exact_index.search(q, 5, exact=True).keys[0]), queries)
    start = time.perf_counter()
    hnsw_index = Index(ndim=128, metric="l2sq", dtype="f32", connectivity=16, expansion_add=64)
    hnsw_index.add(np.arange(options.n), gallery)
    build_s = time.perf_counter() - start
    hnsw, hnsw_found = timed(lambda q: int(hnsw_index.search(q, 5).keys[0]), queries)
    service_ms = service(gallery, subjects, queries)
    recall = lambda found: 100 * float(np.mean(np.asarray(found) == truth))  # noqa: E731
    print(f"1:N search over {options.n:,} faces, median of {options.queries} queries (ms), recall@1 %")
    rows = [("nonla GalleryIndex (exact)", ours, recall(ours_found)),
            ("numpy brute force (peer)", brute, recall(brute_found)),
            ("usearch exact", exact, None),
            (f"usearch HNSW (built in {build_s:.1f} s)", hnsw, recall(hnsw_found)),
            ("nonla.faces.search (store + audit)", service_ms, None)]  # fmt: skip
    for name, ms, rec in rows:
        print(f"  {name:<40} {ms:8.2f} ms   {'' if rec is None else f'recall@1 {rec:.1f} %'}")
    print(f"ratio numpy brute force / nonla: {brute / ours:.1f}x;  usearch exact / nonla: {exact / ours:.1f}x;  "
          f"usearch HNSW / nonla: {hnsw / ours:.2f}x")  # fmt: skip


def service(gallery, subjects, queries) -> float:  # type: ignore[no-untyped-def]
    """Median ms of nonla.faces.search on a fresh SQLite store holding the same faces (bulk-loaded)."""
    os.environ["NONLA_HOME"] = tempfile.mkdtemp(prefix="nonla-bench-faces-")
    from sqlalchemy import insert

    import nonla.faces
    from nonla.functions.vision.faces_run import EMBEDDING_MODEL_KEY
    from nonla.governance.consent import grant
    from nonla.store.db import session
    from nonla.store.schema_faces import FaceEmbedding

    consent = grant("bench", "bench", granted_by="bench")["id"]
    rows = [{"tenant": "default", "gallery": "bench", "subject_id": s, "embedding": v.astype("<f4").tobytes(),
             "model": EMBEDDING_MODEL_KEY, "consent_id": consent, "created_at": "2026-01-01T00:00:00.000000Z",
             "created_by": "bench"} for s, v in zip(subjects, gallery, strict=True)]  # fmt: skip
    with session(write=True) as s:
        s.execute(insert(FaceEmbedding), rows)
    ms, _ = timed(lambda q: nonla.faces.search("bench", embedding=[float(x) for x in q]), list(queries[:50]))
    Path(os.environ["NONLA_HOME"]).exists()
    return ms


if __name__ == "__main__":
    main()
