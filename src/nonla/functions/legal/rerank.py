"""Second stage of legal.search: reorder the best DEPTH fused candidates with a learned ranking model.

The first stage (BM25 and dense vectors fused by reciprocal rank, nonla.collections.search) finds the right
article among its first fifty far more often than among its first five; the reranker scores each of those fifty
by the features of nonla.functions.legal.rerank_features with a LambdaRank tree ensemble trained on questions we
generate from the statutes themselves (models/build/train_legal_reranker.py). The trees are stored as plain
arrays and evaluated with numpy, so searching needs no LightGBM. Only the candidates are reordered, so the same
code serves every store backend.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from nonla.core.models import ModelRef, Models
from nonla.functions.legal.rerank_features import FEATURES, Candidate, features

if TYPE_CHECKING:
    from nonla.collections.bm25 import Filters

RERANK_MODEL = ModelRef("legal-reranker", "2026.11.2", sha256="97c98b51b9ef99f5f301bb2dcde665b15179bf35f7872181a6012727c62723fc",
                        file="legal-reranker/model.json",
                        licence="Apache-2.0 (trained by nonla on questions generated from the 208 public laws)")  # fmt: skip
DEPTH = 50  # fused candidates the reranker reorders


class Reranker:
    """A tree ensemble read from model.json: per tree, flat arrays of split feature, threshold, children, leaf values."""

    def __init__(self, path: Path) -> None:
        model = json.loads(path.read_text(encoding="utf-8"))
        if tuple(model["features"]) != FEATURES:
            raise ValueError("the reranker was trained on other features; rebuild it with `make models`")
        self.trees = [{k: np.asarray(v) for k, v in tree.items()} for tree in model["trees"]]

    def scores(self, x: np.ndarray) -> np.ndarray:
        """Sum of the trees' leaf values; a node < 0 is leaf ~node (LightGBM's layout), a row goes left when ≤."""
        total = np.zeros(len(x))
        rows = np.arange(len(x))
        for tree in self.trees:
            if not len(tree["feature"]):  # a tree that is one leaf
                total += tree["leaf"][0]
                continue
            node = np.zeros(len(x), dtype=np.int64)
            while (node >= 0).any():
                inner = node >= 0
                at = node[inner]
                left = x[rows[inner], tree["feature"][at]] <= tree["threshold"][at]
                node[inner] = np.where(left, tree["left"][at], tree["right"][at])
            total += tree["leaf"][~node]
        return total


def reranker(models: Models) -> Reranker:
    return models.load(RERANK_MODEL, Reranker)


def first_stage(s: Any, collection_id: int, query: str, filters: Filters) -> tuple[dict[str, Any], list[Any], bool]:
    """(the ranked lists by name, their fusion, whether the query was typed without marks), as hybrid search has them."""
    from nonla.collections.search import CANDIDATES, WEIGHTS, _dense, fuse, keyword_lists
    from nonla.collections.terms import query_terms

    keyword = keyword_lists(s, collection_id, query, CANDIDATES, filters)
    lists = dict(zip(("bm25", "marked"), keyword, strict=False))
    lists["dense"] = _dense(s, collection_id, query, CANDIDATES, filters)
    weights = [WEIGHTS[0], WEIGHTS[1]][: len(keyword)] + [WEIGHTS[2]]
    return lists, fuse([*keyword, lists["dense"]], weights), query_terms(query)[1]


def candidates(s: Any, part_ids: list[int]) -> dict[int, Candidate]:
    from sqlalchemy import select

    from nonla.store.schema import Document, Part

    parts = list(s.scalars(select(Part).where(Part.id.in_(part_ids))))
    docs = {d.id: d for d in s.scalars(select(Document).where(Document.id.in_({p.document_id for p in parts})))}
    return {p.id: Candidate(p.id, p.key, p.title, p.text, str(docs[p.document_id].meta.get("title") or ""),
                            docs[p.document_id].key) for p in parts}  # fmt: skip


def rerank_search(
    name: str, query: str, k: int, filters: Filters, models: Models, tenant: str = "default"
) -> tuple[list[Any], str]:
    """Hybrid search whose first DEPTH fused candidates are reordered by the reranker; (hits, mode) like search().
    A collection without vectors has no dense list to learn from: it is searched by BM25 alone, unreranked."""
    from nonla.collections.search import _has_vectors, _hits, search
    from nonla.collections.service import collection_row
    from nonla.store.db import session

    with session() as s:
        collection = collection_row(s, name, tenant)
        if not _has_vectors(s, collection.id):
            return search(name, query, k, filters, tenant, mode="bm25")
        lists, fused, plain = first_stage(s, collection.id, query, filters)
        head = fused[:DEPTH]
        found = candidates(s, [p for p, _ in head])
        head = [(p, score) for p, score in head if p in found]
        if head:
            scores = reranker(models).scores(features(query, plain, lists, head, found))
            order = sorted(range(len(head)), key=lambda i: (-scores[i], i))  # ties keep the fused order
            head = [(head[i][0], round(float(scores[i]), 4)) for i in order]
        ranked = (head + fused[DEPTH:])[:k]
        return _hits(s, ranked, collection.id), "hybrid"
