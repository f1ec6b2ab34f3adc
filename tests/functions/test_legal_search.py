from __future__ import annotations

from pathlib import Path

import pytest

import nonla
from nonla.collections import service
from nonla.core.errors import InvalidInput, NotFound


@pytest.fixture
def laws(database: str, shared_data: Path) -> str:
    folder = shared_data / "vn_laws_corpus_underthesea_vlc" / "processed"
    service.create("laws")
    service.add("laws", [{"text": (folder / f"{name}.txt").read_text(encoding="utf-8")}
                         for name in ("Luat-68-2020-QH14-cu-tru-435315", "Bo-luat-hinh-su-2015-296661")])  # fmt: skip
    return "laws"


def test_articles_clauses_snippets_with_and_without_diacritics(laws: str) -> None:
    for query in ("tội trộm cắp tài sản", "toi trom cap tai san", "Điều 173 BLHS trộm cắp", "dieu 173 blhs"):
        top = nonla.run("legal.search", query=query, collection=laws, k=3).results[0]
        assert top.id == "bo-luat-100-2015-qh13/dieu-173", query
        assert top.clause and top.clause.startswith(top.id + "/khoan-")
        assert all(top.snippet[a:b] for a, b in top.highlights)
        assert top.metadata["doc_type"] == "Bộ luật" and top.document == "bo-luat-100-2015-qh13"


def test_an_article_the_query_cites_comes_first_under_the_filters(laws: str) -> None:
    for query, cited in (("Điều 20 Luật Cư trú", "luat-68-2020-qh14/dieu-20"),
                         ("dieu 20 luat cu tru", "luat-68-2020-qh14/dieu-20"),
                         ("khoản 1 Điều 51 BLHS", "bo-luat-100-2015-qh13/dieu-51")):  # fmt: skip
        assert nonla.run("legal.search", query=query, collection=laws, k=5).results[0].id == cited, query
    filtered = nonla.run("legal.search", query="Điều 20 Luật Cư trú", collection=laws, doc_type="Bộ luật").results
    assert filtered and not any(r.id.startswith("luat-68-2020-qh14/") for r in filtered)


def test_filters(laws: str) -> None:
    def search(**f: object) -> list[str]:
        return [r.id for r in nonla.run("legal.search", query="đăng ký tạm trú", collection=laws, **f).results]  # type: ignore[attr-defined]

    assert all(i.startswith("luat-68-2020-qh14/") for i in search(doc_type="Luật"))
    assert search(year=2015) == [] or all(i.startswith("bo-luat-100-2015-qh13/") for i in search(year=2015))
    assert search(in_force_on="2020-01-01") and not any(
        i.startswith("luat-68") for i in search(in_force_on="2020-01-01")
    )


def test_clear_errors(laws: str) -> None:
    with pytest.raises(NotFound):
        nonla.run("legal.search", query="x", collection="nowhere")
    with pytest.raises(InvalidInput):
        nonla.run("legal.search", query="x", in_force_on="1/1/2020")
    with pytest.raises(InvalidInput):
        nonla.run("legal.search", query="   ")


def test_articles_cited_by_answers_to_similar_questions_rank_first(laws: str) -> None:
    from nonla.collections import knowledge


    knowledge.add(laws, [{"question": "Trộm vào nhà, chủ nhà đánh trả làm trộm bị thương có phạm tội không?",
                          "answer": "Theo Điều 22 Bộ luật Hình sự, phòng vệ chính đáng không phải là tội phạm.",
                          "sources": ["bo-luat-100-2015-qh13/dieu-22/khoan-1"]},
                         {"question": "Trộm đột nhập vào nhà bị đánh thì có được bồi thường không?", "status": "draft",
                          "answer": "Chưa duyệt.", "sources": ["bo-luat-100-2015-qh13/dieu-134"]}])  # fmt: skip
    question = "Trộm đột nhập vào nhà, tôi đánh trả làm nó bị thương thì tôi có phạm tội không?"

    def ids(query: str = question, **extra: object) -> list[str]:
        return [r.id for r in nonla.run("legal.search", query=query, collection=laws, **extra).results]

    cited = "bo-luat-100-2015-qh13/dieu-22"
    texts_alone = ids(answered_questions=False)
    assert cited not in texts_alone[:3]  # the statute's words are not the question's
    assert cited in ids()[:2]  # a reviewer answered nearly this question from Điều 22
    plain = "trom dot nhap vao nha toi danh tra lam no bi thuong co pham toi khong"  # typed without marks

    def rank(found: list[str]) -> int:
        return found.index(cited) if cited in found else len(found)

    assert rank(ids(plain, k=50)) < rank(ids(plain, k=50, answered_questions=False))  # found as alike: it rises
    assert ids(mode="bm25") == texts_alone  # a single ranker asked for stays a single ranker
    assert cited not in ids(doc_type="Luật")  # the filters hold for cited articles too
    assert "bo-luat-100-2015-qh13/dieu-134" not in ids()[:1]  # a draft answer is not used
