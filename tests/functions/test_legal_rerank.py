from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import nonla
from nonla.collections import service
from nonla.collections.bm25 import Filters
from nonla.core.models import Models, sha256_file
from nonla.functions.legal.rerank import DEPTH, RERANK_MODEL, Reranker, reranker
from nonla.functions.legal.rerank_features import FEATURES, Candidate, features

REPO = Path(__file__).resolve().parents[2]
THEFT = Candidate(1, "bo-luat-100-2015-qh13/dieu-173", "Điều 173. Tội trộm cắp tài sản",
                  "Điều 173. Tội trộm cắp tài sản\n1. Người nào trộm cắp tài sản của người khác trị giá từ 2.000.000 "
                  "đồng thì bị phạt tù từ 06 tháng đến 03 năm", "Bộ luật Hình sự", "bo-luat-100-2015-qh13")  # fmt: skip
RESIDENCE = Candidate(2, "luat-68-2020-qh14/dieu-27", "Điều 27. Điều kiện đăng ký tạm trú",
                      "Điều 27. Điều kiện đăng ký tạm trú\n1. Công dân đến sinh sống tại chỗ ở hợp pháp ngoài phạm vi "
                      "đơn vị hành chính cấp xã nơi đã đăng ký thường trú", "Luật Cư trú", "luat-68-2020-qh14")  # fmt: skip


def column(rows: np.ndarray, name: str) -> list[float]:
    return [round(float(v), 4) for v in rows[:, FEATURES.index(name)]]


def test_features_of_a_tiny_candidate_list() -> None:
    query = "trộm cắp tài sản thì bị phạt tù bao nhiêu năm theo bộ luật hình sự"
    lists = {"bm25": [(1, 20.0), (2, 5.0)], "dense": [(2, 0.9), (1, 0.8)]}
    rows = features(query, False, lists, [(2, 0.03), (1, 0.02)], {1: THEFT, 2: RESIDENCE})
    assert rows.shape == (2, len(FEATURES))
    assert column(rows, "bm25_score") == [0.25, 1.0]  # scaled by the list's best
    assert column(rows, "dense_rank") == [0.0, round(np.log(2), 4)]
    assert column(rows, "marked_rank") == [round(np.log(200), 4)] * 2  # no restored-marks list: not proposed
    assert column(rows, "title_cover") == [0.0, 0.3636]  # 4 of 11 meaningful query syllables
    assert column(rows, "title_precision") == [0.0, 0.8]  # toi is not in the query
    assert column(rows, "law_named") == [0.0, 1.0] and column(rows, "other_law_named") == [1.0, 0.0]
    assert column(rows, "law_share_20") == [0.5, 0.5]
    assert column(rows, "article_number") == [round(np.log(28), 4), round(np.log(174), 4)]
    assert column(rows, "plain_query") == [0.0, 0.0]


def test_a_clearly_better_candidate_moves_up() -> None:
    query = "toi trom cap tai san bi phat tu bao nhieu nam"
    lists = {"bm25": [(1, 30.0)], "marked": [(1, 31.0)], "dense": [(2, 0.86), (1, 0.85)]}
    rows = features(query, True, lists, [(2, 0.025), (1, 0.024)], {1: THEFT, 2: RESIDENCE})
    scores = reranker(Models()).scores(rows)
    assert scores[1] > scores[0]  # the theft article, second by fusion, comes first


def test_tree_evaluation_follows_lightgbm_layout(tmp_path: Path) -> None:
    stump = {"feature": [FEATURES.index("title_cover")], "threshold": [0.5], "left": [-1], "right": [-2],
             "leaf": [-1.0, 2.0]}  # fmt: skip
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": list(FEATURES), "trees": [stump, {**stump, "leaf": [0.5, 0.0]}]}))
    x = np.zeros((2, len(FEATURES)))
    x[1, FEATURES.index("title_cover")] = 0.9
    assert Reranker(path).scores(x).tolist() == [-0.5, 2.0]


def test_model_file_matches_the_manifest() -> None:
    entry = json.loads((REPO / "models/MANIFEST.json").read_text(encoding="utf-8"))["legal-reranker"]
    assert entry["sha256"] == RERANK_MODEL.sha256 == sha256_file(REPO / "models" / entry["file"])
    assert entry["version"] == RERANK_MODEL.version and RERANK_MODEL.file == entry["file"]
    model = Models().load(RERANK_MODEL, Reranker)
    assert model.trees and model.scores(np.zeros((3, len(FEATURES)))).shape == (3,)


@pytest.fixture
def embedded_laws(shared_data: Path, database: str) -> str:  # SQLite + usearch, PostgreSQL + pgvector
    from nonla.collections.vectors import embed

    folder = shared_data / "vn_laws_corpus_underthesea_vlc" / "processed"
    service.create("laws")
    service.add("laws", [{"text": (folder / "Luat-68-2020-QH14-cu-tru-435315.txt").read_text(encoding="utf-8")}])
    assert embed("laws")["embedded"] == 0  # the shipped vectors of the 208 laws cover it: no e5 run
    return "laws"


def test_rerank_off_keeps_the_fused_order_and_on_reorders_it(embedded_laws: str) -> None:
    from nonla.collections.search import search

    query = "đăng ký tạm trú cần điều kiện gì"
    fused, mode = search(embedded_laws, query, DEPTH, Filters(), mode="hybrid")
    assert mode == "hybrid"
    plain = nonla.run("legal.search", query=query, collection=embedded_laws, k=10, rerank=False)
    assert [r.id for r in plain.results] == [h.key for h in fused[:10]]
    reranked = nonla.run("legal.search", query=query, collection=embedded_laws, k=10, rerank=True)
    assert reranked.mode == "hybrid" and len(reranked.results) == 10
    assert {r.id for r in reranked.results} <= {h.key for h in fused}
    assert reranked.results[0].id == "luat-68-2020-qh14/dieu-27"
    assert [r.score for r in reranked.results] == sorted((r.score for r in reranked.results), reverse=True)
