"""legal.search on 222 questions over the 208 laws: recall@1/5/10 and MRR for BM25, dense and hybrid ranking.

Questions: tests/data/legal_qa/dev.jsonl (citizens', lawyers' and judges' wording, a quarter typed without
diacritics). A question counts as found at k when any of its gold articles is in the first k results. The
article vectors come from models/legal-demo-vectors (the same e5 the function embeds queries with).

The ranking's few parameters (field boosts in nonla.collections.bm25, list weights in nonla.collections.search)
were chosen on a tuning half of the questions (a fixed shuffle, seed SEED); the held-out half shows whether they
generalise. The card quotes all 222; --misses prints the questions hybrid search misses in its first five.

    python evaluation/legal_search.py [--json] [--misses]
"""

from __future__ import annotations

import json
import random
import sys
import time

from _common import REPO, args, report, run_all
from _laws_collection import laws_home

SEED = 2026


def halves(count: int) -> tuple[set[int], set[int]]:
    """(tuning, held-out) question indices: a fixed shuffle cut in two."""
    order = list(range(count))
    random.Random(SEED).shuffle(order)
    return set(order[: count // 2]), set(order[count // 2 :])


def scores(questions: list[dict], results: list[list[str]]) -> dict[str, float]:  # type: ignore[type-arg]
    r1 = r5 = r10 = mrr = 0.0
    for q, ids in zip(questions, results, strict=True):
        rank = next((i for i, key in enumerate(ids) if key in set(q["gold"])), None)
        if rank is not None:
            r1, r5, r10, mrr = r1 + (rank < 1), r5 + (rank < 5), r10 + (rank < 10), mrr + 1 / (rank + 1)
    n = len(questions)
    return {
        "recall@1": round(r1 / n, 4),
        "recall@5": round(r5 / n, 4),
        "recall@10": round(r10 / n, 4),
        "MRR": round(mrr / n, 4),
    }


def main() -> None:
    misses = "--misses" in sys.argv
    if misses:
        sys.argv.remove("--misses")
    opts = args(__doc__ or "")
    laws_home()
    from nonla.collections.vectors import embed

    embed("laws")  # from the shipped vectors: seconds
    questions = [
        json.loads(line)
        for line in (REPO / "tests/data/legal_qa/dev.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    questions = questions[: opts.limit or None]
    rows, card, peers = {}, {}, {}
    for mode, label in (("hybrid", "hybrid"), ("bm25", "BM25"), ("dense", "dense")):
        started = time.perf_counter()
        items = [{"query": q["question"], "k": 10, "mode": mode} for q in questions]
        outputs = run_all("legal.search", items, batch=16)
        ms = 1000 * (time.perf_counter() - started) / len(questions)
        assert all(out.mode == mode for out in outputs), "the collection has no vectors"
        ranked = [[r.id for r in out.results] for out in outputs]
        rows[f"{label}, all questions"] = {**scores(questions, ranked), "ms/query": round(ms, 1)}
        for half, chosen in zip(("tuning half", "held-out half"), halves(len(questions)), strict=True):
            subset = [(q, r) for i, (q, r) in enumerate(zip(questions, ranked, strict=True)) if i in chosen]
            rows[f"{label}, {half} ({len(subset)})"] = scores([q for q, _ in subset], [r for _, r in subset])
        if misses and mode == "hybrid":
            for q, ids in zip(questions, ranked, strict=True):
                if not set(q["gold"]) & set(ids[:5]):
                    print(f"miss {q['id']}: {q['question']} | gold {q['gold']} | got {ids[:3]}", file=sys.stderr)
        for marks in (True, False):
            subset = [(q, r) for q, r in zip(questions, ranked, strict=True) if q["diacritics"] == marks]
            rows[f"{label}, {'with' if marks else 'without'} diacritics ({len(subset)})"] = scores(
                [q for q, _ in subset], [r for _, r in subset]
            )
        figures = {f"{m} (222 questions)": v for m, v in rows[f"{label}, all questions"].items() if m != "ms/query"}
        figures |= {
            f"recall@5 {name.split(', ')[1]}": row["recall@5"]
            for name, row in rows.items()
            if name.startswith(label + ",") and "diacritics" in name
        }
        if mode == "hybrid":
            card = figures
        else:  # the single rankers are the baselines the fused ranking is compared with
            peers |= {f"{label} {m}": v for m, v in figures.items()}
    report("Legal search, 208 laws", rows, opts.json, card=card, peers=peers)


if __name__ == "__main__":
    main()
