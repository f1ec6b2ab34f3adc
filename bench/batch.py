"""Batch jobs: items/s of vi.words and privacy.pii over N texts, sequential against the local process pool and a
Dask cluster of two worker processes, in one run, through the whole job path (read the file, run, write and fsync
each chunk, commit each checkpoint).

    python bench/batch.py [--texts N] [--chunk 256]

The texts are UD-VTB sentences and lines of the 208 laws (../shared/data), repeated up to N (default 100,000).
Each rate is the job's wall time from start to the last checkpoint, so it includes starting the pool or the
cluster and loading the models in every worker (a few seconds): on small N that start-up weighs on the ratio.

Scaling. A chunk is independent of every other, so throughput grows with workers until one of three things binds:
the cores (two processes on two cores cannot beat 2x, and the parent that reads, writes and checkpoints needs some
CPU too); the parent's serial work per chunk (JSON encoding, one fsync and one small transaction: about a
millisecond, so chunks of 256 keep it far below the workers' time, while chunks of 10 would not); and, for Dask,
moving the items and rows through the scheduler (pickled lists of dicts: cheap for sentences, noticeable for very
long texts). Models load once per worker (the per-process runner, warmed by a worker plugin), so more workers cost
memory, not repeated loading per chunk. On a cluster the bottleneck moves to the parent's reading and writing of
one file; splitting the input into several jobs spreads that too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("NONLA_SHARED_DATA", REPO.parent / "shared" / "data"))


def texts(n: int) -> list[str]:
    from nonla.functions.vi.conllu import read_conllu_sentences

    pool = [" ".join(w.form for w in s.words) for split in ("train", "dev", "test")
            for s in read_conllu_sentences(DATA / "ud_vietnamese_vtb" / f"vi_vtb-ud-{split}.conllu")]  # fmt: skip
    for law in sorted((DATA / "vn_laws_corpus_underthesea_vlc" / "processed").glob("*.txt")):
        pool += [
            line.strip() for line in law.read_text(encoding="utf-8").splitlines() if 20 <= len(line.strip()) <= 400
        ]
    return (pool * (n // len(pool) + 1))[:n]


def run_job(ref: str, source: Path, folder: Path, executor: str, workers: int, chunk: int) -> float:
    from nonla.jobs import engine, service

    output = folder / f"{ref}-{executor}-{workers}.jsonl"
    job = service.submit(ref, source, output, executor=executor, workers=workers, chunk_size=chunk, overwrite=True)
    started = time.perf_counter()
    state = engine.execute(job["id"])
    seconds = time.perf_counter() - started
    assert state["status"] == "done" and state["done"] == state["total"], state
    return state["total"] / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--chunk", type=int, default=256)
    parser.add_argument(
        "--pii-texts", type=int, default=None, help="privacy.pii over the first N texts only (default: all)"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nonla-bench-batch-"))
    os.environ.setdefault("NONLA_HOME", str(folder / "home"))  # a store of its own, unless one is given
    data = texts(args.texts)
    source = folder / "texts.jsonl"
    source.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in data), encoding="utf-8")
    cores = os.cpu_count() or 1
    print(f"{len(data):,} texts, chunks of {args.chunk}, {cores} cores, Python {sys.version.split()[0]}")
    pii_texts = min(args.pii_texts or len(data), len(data))
    if pii_texts < len(data):
        # privacy.pii is ~5x slower per text than vi.words; a shorter run keeps the bench under half an hour.
        source_pii = folder / "texts-pii.jsonl"
        source_pii.write_text(
            "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in data[:pii_texts]), encoding="utf-8"
        )
    for ref in ("vi.words", "privacy.pii"):
        src = source_pii if ref == "privacy.pii" and pii_texts < len(data) else source
        n = pii_texts if ref == "privacy.pii" else len(data)
        sequential = run_job(ref, src, folder, "local", 1, args.chunk)
        pool = run_job(ref, src, folder, "local", cores, args.chunk)
        dask = run_job(ref, src, folder, "dask", 2, args.chunk)
        print(f"{ref} ({n:,} texts)")
        print(f"  sequential (1 process)          {sequential:>10,.0f} items/s")
        print(f"  local pool ({cores} processes)        {pool:>10,.0f} items/s   {pool / sequential:.2f}x sequential")
        print(f"  Dask (2 worker processes)       {dask:>10,.0f} items/s   {dask / sequential:.2f}x sequential")


if __name__ == "__main__":
    main()
