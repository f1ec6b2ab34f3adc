"""Near-duplicate search at scale: text.dedupe's engine against datasketch's MinHashLSH and exact hashing.

Texts are synthetic and deterministic: windows of 6-25 words from the lines of the 208 laws, and for 30 % of them
an edited copy of an earlier text (a word dropped, a typo, diacritics removed, halves swapped). Each system runs
in its own process, so its peak RSS (getrusage) is its own; the time covers shingling, MinHash/LSH and grouping,
not reading the texts. datasketch indexes one text at a time in Python, so it runs on --peer-n texts and nonla
runs again at that size for the ratio. The function itself takes 10,000 texts per call; this drives its engine.

    python bench/dedupe.py [--n 1000000] [--peer-n 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "evaluation"))
THRESHOLD, SHINGLE = 0.8, 1


def texts(n: int) -> list[str]:
    from _laws import laws

    from nonla.functions.text.minhash import normalise

    pool = [line.split() for _, text in laws() for line in text.splitlines() if len(line.split()) >= 6]
    rng = random.Random(0)
    out: list[str] = []
    for _ in range(n):
        if out and rng.random() < 0.3:
            words = out[rng.randrange(len(out))].split()
            kind = rng.randrange(4)
            if kind == 0 and len(words) > 3:
                del words[rng.randrange(len(words))]
            elif kind == 1:
                i = rng.randrange(len(words))
                words[i] = words[i][1:] + words[i][:1]
            elif kind == 2:
                words = normalise(" ".join(words), strip_diacritics=True)
            else:
                words = words[len(words) // 2 :] + words[: len(words) // 2]
            out.append(" ".join(words))
        else:
            line = pool[rng.randrange(len(pool))]
            size = rng.randint(6, 25)
            start = rng.randrange(max(1, len(line) - size))
            out.append(" ".join(line[start : start + size]))
    return out


def nonla_groups(data: list[str]) -> list[list[int]]:
    from nonla.functions.text.minhash import near_duplicate_groups

    return near_duplicate_groups(data, THRESHOLD, SHINGLE, strip_diacritics=True)


def exact_groups(data: list[str]) -> list[list[int]]:
    from nonla.functions.text.minhash import normalise

    by_key: dict[tuple[str, ...], list[int]] = {}
    for i, text in enumerate(data):
        by_key.setdefault(tuple(normalise(text, strip_diacritics=True)), []).append(i)
    return [g for g in by_key.values() if len(g) > 1]


def datasketch_groups(data: list[str]) -> list[list[int]]:
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from nonla.functions.text.minhash import groups_from_pairs, normalise

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
    pairs = []
    for i, text in enumerate(data):
        sketch = MinHash(num_perm=128, seed=1)
        sketch.update_batch([t.encode("utf-8") for t in set(normalise(text, strip_diacritics=True))])
        pairs += [(j, i) for j in lsh.query(sketch)]
        lsh.insert(i, sketch)
    return groups_from_pairs(len(data), np.array(pairs, dtype=np.int64).reshape(-1, 2))


SYSTEMS = {"nonla": nonla_groups, "exact": exact_groups, "datasketch": datasketch_groups}
LABELS = {"nonla": "nonla text.dedupe engine (numpy MinHash/LSH)", "exact": "exact hash after normalisation",
          "datasketch": "datasketch 2.0 MinHashLSH"}  # fmt: skip


def measure(system: str, n: int, path: str) -> dict[str, float]:
    """Runs in a child process: read the texts, then time one system and read the process's peak RSS."""
    with open(path, encoding="utf-8") as fh:
        data = [line.rstrip("\n") for _, line in zip(range(n), fh, strict=False)]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    groups = SYSTEMS[system](data)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 1), "peak RSS MB": round(peak), "RSS with texts MB": round(before),
            "groups": len(groups), "texts in groups": sum(map(len, groups))}  # fmt: skip


def child(system: str, n: int, path: str) -> dict[str, float]:
    run = subprocess.run([sys.executable, __file__, "--child", system, "--n", str(n), "--texts", path],
                         capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(run.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="texts for nonla and exact hashing")
    parser.add_argument("--peer-n", type=int, default=50_000, help="texts for datasketch (and nonla again)")
    parser.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--texts", help=argparse.SUPPRESS)
    parser.add_argument("--make", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.child:
        print(json.dumps(measure(opts.child, opts.n, opts.texts)))
        return
    if opts.make:
        with open(opts.make, "w", encoding="utf-8") as fh:
            fh.writelines(text + "\n" for text in texts(opts.n))
        return
    started = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="nonla-bench-dedupe-")
    path = str(Path(folder) / "texts.txt")
    # Made once, in a process of its own: Linux carries a process's peak RSS across fork and exec, so this
    # process stays small and the laws corpus never shows in a measuring child's figure.
    subprocess.run([sys.executable, __file__, "--make", path, "--n", str(max(opts.n, opts.peer_n))], check=True)
    print(f"{max(opts.n, opts.peer_n):,} texts made in {time.perf_counter() - started:.0f} s")
    print(f"threshold {THRESHOLD}, {SHINGLE}-syllable shingles, diacritics stripped; one process per row")
    print(f"{'system':<46}{'texts':>10}{'seconds':>10}{'peak RSS MB':>13}{'RSS with texts MB':>19}{'groups':>9}")
    rows = {}
    for system, n in (("nonla", opts.n), ("exact", opts.n), ("nonla", opts.peer_n), ("datasketch", opts.peer_n)):
        row = rows[system, n] = child(system, n, path)
        print(f"{LABELS[system]:<46}{n:>10,}{row['seconds']:>10}{row['peak RSS MB']:>13}{row['RSS with texts MB']:>19}"
              f"{row['groups']:>9,}")  # fmt: skip
    ours, peer = rows["nonla", opts.peer_n], rows["datasketch", opts.peer_n]
    extra = lambda r: r["peak RSS MB"] - r["RSS with texts MB"]  # noqa: E731
    print(f"at {opts.peer_n:,} texts datasketch takes {peer['seconds'] / max(ours['seconds'], 0.1):.1f}x the time and "
          f"{extra(peer) / max(extra(ours), 1):.1f}x the memory beyond the texts of nonla")  # fmt: skip
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
