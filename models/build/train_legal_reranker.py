"""Train ``legal-reranker``: a LightGBM LambdaRank tree ensemble that reorders legal.search's first fifty candidates.

1. build the 'laws' collection of the 208 public laws (evaluation/_laws_collection.py) with its shipped vectors;
2. generate questions from the statutes themselves (models/build/legal_synthetic.py): an article's title set in
   question templates, a clause's words thinned out and reordered, the two mixed, some naming their law, a fourth
   typed without diacritics; the article they come from is the one right answer;
3. run the first stage (hybrid search) for each, keep the fifty fused candidates as the list to rank (the other
   forty-nine are hard negatives) and compute their features (nonla.functions.legal.rerank_features);
4. every fifth law (by document key) is held out: train on the others, report recall on the held-out laws'
   questions for the first stage alone and reranked, and write those questions to validation.jsonl so that
   evaluation/legal_search.py measures them again;
5. write the trees as flat arrays to ``models/legal-reranker/model.json`` and its entry in ``models/MANIFEST.json``.

No question of tests/data/legal_qa/dev.jsonl is read: it is the test set. Deterministic: fixed seeds, one thread;
a rerun writes the same bytes.

    python models/build/train_legal_reranker.py [--check]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from typing import Any

import numpy as np
from legal_synthetic import questions_for
from manifest import MODELS_DIR, REPO, recorded, sha256_of, update_manifest

sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "evaluation"))

MODEL_NAME = "legal-reranker"
MODEL_VERSION = "2026.11.2"
OUT = MODELS_DIR / MODEL_NAME
SEED = 2026
HELD_OUT_EVERY = 5  # every fifth law, by document key, is held out for validation
PARAMS = {"objective": "lambdarank", "metric": "ndcg", "eval_at": [1, 5, 10], "learning_rate": 0.05,
          "num_leaves": 15, "min_data_in_leaf": 20, "feature_fraction": 0.8, "bagging_fraction": 0.8,
          "bagging_freq": 1, "lambda_l2": 1.0, "lambdarank_truncation_level": 20, "num_threads": 1,
          "deterministic": True, "force_row_wise": True, "seed": SEED, "verbosity": -1}  # fmt: skip
ROUNDS = 300


def articles() -> tuple[int, dict[str, list[tuple[str, str, str, list[Any]]]]]:
    """(collection id, law key → its articles as (key, title, text, units)) from the store."""
    from sqlalchemy import select

    from nonla.collections.service import collection_row
    from nonla.store.db import session
    from nonla.store.schema import Document, Part

    with session() as s:
        collection = collection_row(s, "laws", "default")
        docs = {
            d.id: (d.key, str(d.meta.get("title") or ""))
            for d in s.scalars(select(Document).where(Document.collection_id == collection.id))
        }
        laws: dict[str, list[Any]] = {}
        for p in s.scalars(select(Part).where(Part.collection_id == collection.id).order_by(Part.id)):
            key, law = docs[p.document_id]
            laws.setdefault(key, []).append((p.key, p.title, p.text, p.meta.get("units", []), law))
        return collection.id, laws


def ranked_lists(collection_id: int, queries: list[dict[str, str]]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per question: (features of its fused candidates, relevance labels, first-stage order) — gold in top fifty only."""
    from nonla.collections.bm25 import Filters
    from nonla.functions.legal.rerank import DEPTH, candidates, first_stage
    from nonla.functions.legal.rerank_features import features
    from nonla.functions.vi.segmenter import nfc
    from nonla.store.db import session

    out = []
    for number, q in enumerate(queries, 1):
        query = nfc(q["question"])
        with session() as s:
            lists, fused, plain = first_stage(s, collection_id, query, Filters())
            head = fused[:DEPTH]
            found = candidates(s, [p for p, _ in head])
        head = [(p, score) for p, score in head if p in found]
        labels = np.array([float(found[p].key == q["gold"]) for p, _ in head])
        out.append((features(query, plain, lists, head, found), labels, np.arange(len(head))))
        if number % 200 == 0:
            print(f"  {number}/{len(queries)} questions through the first stage", flush=True)
    return out


def cached_lists(collection_id: int, split: dict[str, list[dict[str, str]]]) -> dict[str, list[Any]]:
    """ranked_lists of each split, kept in NONLA_RERANK_CACHE (a pickle named by the questions' digest) when set:
    the first stage is the slow part, the training seconds."""
    import hashlib
    import os
    import pickle
    from pathlib import Path

    folder = os.environ.get("NONLA_RERANK_CACHE")
    digest = hashlib.sha256(json.dumps(split, sort_keys=True).encode()).hexdigest()[:16]
    path = Path(folder) / f"lists-{digest}.pickle" if folder else None
    if path and path.exists():
        return pickle.loads(path.read_bytes())  # type: ignore[no-any-return]
    groups = {name: ranked_lists(collection_id, qs) for name, qs in split.items()}
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(groups))
    return groups


def recall(
    groups: list[tuple[np.ndarray, np.ndarray, np.ndarray]], scores: list[np.ndarray] | None
) -> dict[str, float]:
    """recall@1/5/10 and MRR over all questions (gold outside the top fifty counts as a miss)."""
    from _common import ranking_metrics

    ranks = []
    for i, (_, labels, first) in enumerate(groups):
        order = first if scores is None else np.argsort(-scores[i], kind="stable")
        hits = np.flatnonzero(labels[order] > 0)
        ranks.append(int(hits[0]) if len(hits) else None)
    return ranking_metrics(ranks)


def _walk(node: dict[str, Any], inner: dict[int, dict[str, Any]], leaves: dict[int, float]) -> int:
    """Number a LightGBM node: an inner node by its split index, a leaf as ~leaf index; collects both."""
    if "split_index" not in node:
        leaves[node.get("leaf_index", 0)] = node["leaf_value"]
        return ~node.get("leaf_index", 0)
    assert node["decision_type"] == "<=", node["decision_type"]
    inner[node["split_index"]] = node
    node["_left"], node["_right"] = _walk(node["left_child"], inner, leaves), _walk(node["right_child"], inner, leaves)
    return int(node["split_index"])


def flat_trees(booster: Any) -> list[dict[str, list[Any]]]:
    """LightGBM's nested trees as arrays: inner node i splits on feature[i] at threshold[i]; a child < 0 is leaf ~c."""
    trees = []
    for info in booster.dump_model()["tree_info"]:
        inner: dict[int, dict[str, Any]] = {}
        leaves: dict[int, float] = {}
        _walk(info["tree_structure"], inner, leaves)
        order = sorted(inner)
        trees.append({"feature": [inner[i]["split_feature"] for i in order],
                      "threshold": [inner[i]["threshold"] for i in order], "left": [inner[i]["_left"] for i in order],
                      "right": [inner[i]["_right"] for i in order], "leaf": [leaves[i] for i in sorted(leaves)]})  # fmt: skip
    return trees


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the sha256 differs from the manifest")
    opts = parser.parse_args()
    started = time.perf_counter()
    import lightgbm  # before the index and model libraries load: they bring native runtimes of their own
    from _laws_collection import laws_home

    laws_home()
    from nonla.collections.vectors import embed

    embed("laws")
    from nonla.functions.legal.rerank import DEPTH, Reranker
    from nonla.functions.legal.rerank_features import FEATURES

    collection_id, laws = articles()
    held_out = {key for i, key in enumerate(sorted(laws)) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1}
    rng = random.Random(SEED)
    split: dict[str, list[dict[str, str]]] = {"train": [], "validation": []}
    for key in sorted(laws):
        split["validation" if key in held_out else "train"] += questions_for(laws[key], rng)
    print(f"{len(split['train'])} training and {len(split['validation'])} validation questions "
          f"({len(laws) - len(held_out)} / {len(held_out)} laws)", flush=True)  # fmt: skip
    groups = cached_lists(collection_id, split)
    train = [g for g in groups["train"] if g[1].any()]  # a list without its answer teaches no order
    data = lightgbm.Dataset(np.vstack([g[0] for g in train]), np.concatenate([g[1] for g in train]),
                            group=[len(g[1]) for g in train], free_raw_data=False)  # fmt: skip
    booster = lightgbm.train(PARAMS, data, num_boost_round=ROUNDS)
    OUT.mkdir(parents=True, exist_ok=True)
    model = {"features": list(FEATURES), "depth": DEPTH, "trees": flat_trees(booster)}
    path = OUT / "model.json"
    path.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
    ours = Reranker(path)
    validation = groups["validation"]
    scores = [ours.scores(g[0]) for g in validation]
    assert all(
        np.allclose(s, booster.predict(g[0], num_threads=1), atol=1e-9) for s, g in zip(scores, validation, strict=True)
    )
    before, after = recall(validation, None), recall(validation, scores)
    print(f"held-out laws, {len(validation)} questions: first stage {before}, reranked {after}")
    with (OUT / "validation.jsonl").open("w", encoding="utf-8") as fh:
        for q in split["validation"]:
            fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    importance = dict(zip(FEATURES, booster.feature_importance("gain").round(1).tolist(), strict=True))
    print("gain by feature:", dict(sorted(importance.items(), key=lambda kv: -kv[1])))
    sha = sha256_of(path)
    if opts.check and recorded(MODEL_NAME).get("sha256") != sha:
        print(f"sha256 {sha} differs from the manifest", file=sys.stderr)
        return 1
    update_manifest(MODEL_NAME, {
        "version": MODEL_VERSION, "file": f"{MODEL_NAME}/model.json", "sha256": sha, "bytes": path.stat().st_size,
        "data": "questions generated from the 208 laws of vn_laws_corpus_underthesea_vlc (statutes, public domain); "
        "no question of tests/data/legal_qa is used",
        "command": "python models/build/train_legal_reranker.py",
        "params": {**{k: v for k, v in PARAMS.items() if k != "verbosity"}, "rounds": ROUNDS, "depth": DEPTH,
                   "lightgbm": lightgbm.__version__, "held_out": f"every {HELD_OUT_EVERY}th law by key"},
        "metrics": {"train questions": len(split["train"]), "validation questions": len(validation),
                    **{f"held-out laws first stage {m}": v for m, v in before.items()},
                    **{f"held-out laws reranked {m}": v for m, v in after.items()}},
    })  # fmt: skip
    print(f"wrote {path} ({path.stat().st_size} bytes, sha256 {sha[:12]}…) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
