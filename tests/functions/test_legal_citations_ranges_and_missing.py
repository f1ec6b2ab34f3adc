"""legal.citations: ranges of articles, clauses and points, one citation per listed point, a clause or point the article
lacks left unresolved, and a collection that does not exist refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rest_keys import bearer

import nonla
from nonla.api.app import create_app
from nonla.collections import service
from nonla.core.errors import NotFound
from nonla.functions.legal.citation_parts import TooManyCitations

BLHS = "bo-luat-100-2015-qh13"
FOUR = [("168", None), ("169", None), ("170", None), ("171", None)]  # Điều 168 to 171


def cite(text: str, **extra: object) -> list[nonla.BaseModel]:  # type: ignore[name-defined]
    return nonla.run("legal.citations", text=text, **extra).citations  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def laws(database: str, shared_data: Path) -> str:
    code = shared_data / "vn_laws_corpus_underthesea_vlc/processed/Bo-luat-hinh-su-2015-296661.txt"
    service.create("laws")
    service.add("laws", [{"text": code.read_text(encoding="utf-8")}])
    return "laws"


def test_a_clause_or_point_the_article_lacks_is_not_resolved_and_each_listed_point_is_checked(laws: str) -> None:
    """Điều 168 has six clauses and khoản 1 of Điều 51 no point z: neither is read as the article or clause."""
    text = ("Áp dụng khoản 9 Điều 168 BLHS 2015; khoản 1 Điều 168 BLHS 2015; điểm z khoản 1 Điều 51 BLHS 2015; "
            "điểm b, z khoản 1 Điều 51 BLHS 2015; điểm b, s khoản 1, khoản 2 Điều 51 BLHS 2015.")  # fmt: skip
    found = cite(text, collection=laws)
    assert [(c.article, c.clause, c.point, c.points, c.resolved) for c in found] == [
        ("168", "9", None, [], None),
        ("168", "1", None, [], f"{BLHS}/dieu-168/khoan-1"),
        ("51", "1", "z", ["z"], None),
        ("51", "1", "b", ["b"], f"{BLHS}/dieu-51/khoan-1/diem-b"),
        ("51", "1", "z", ["z"], None),
        ("51", "1", "b", ["b"], f"{BLHS}/dieu-51/khoan-1/diem-b"),
        ("51", "1", "s", ["s"], f"{BLHS}/dieu-51/khoan-1/diem-s"),
        ("51", "2", None, [], f"{BLHS}/dieu-51/khoan-2"),
    ]
    assert found[3].text == found[4].text == "điểm b, z khoản 1 Điều 51 BLHS 2015"  # as listed articles share theirs
    assert all(c.text == text[c.start : c.end] for c in found)


def test_a_missing_clause_is_a_missing_article_of_the_answer(laws: str) -> None:
    out = nonla.run("legal.answer", question="Khoản 9 Điều 168 Bộ luật Hình sự quy định gì?", collection=laws)
    assert [(m.document, m.article) for m in out.missing_articles] == [(BLHS, "168")]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Căn cứ các Điều 168 đến 171 Bộ luật Hình sự.", FOUR),
        ("Căn cứ từ Điều 168 đến Điều 171 Bộ luật Hình sự.", FOUR),
        ("Áp dụng Điều 168 - 171 BLHS.", FOUR),
        ("Áp dụng Điều 168 \u2013 170, 173 BLHS.", [("168", None), ("169", None), ("170", None), ("173", None)]),
        ("Áp dụng khoản 1 đến khoản 3 Điều 173 BLHS.", [("173", "1"), ("173", "2"), ("173", "3")]),
        ("Áp dụng Điều 171 đến 168 BLHS.", [("171", None), ("168", None)]),  # not in order: its two ends
        ("Áp dụng Điều 12a đến 15 BLHS.", [("12a", None), ("15", None)]),
    ],
)
def test_ranges_are_spelled_out_with_their_document(text: str, parts: list[tuple[str, str | None]]) -> None:
    found = cite(text)
    assert [(c.article, c.clause) for c in found] == parts
    assert all(c.title == "Bộ luật Hình sự" for c in found)
    assert len({(c.start, c.end) for c in found}) == 1 and found[0].text == text[found[0].start : found[0].end]


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("Áp dụng điểm a đến điểm d khoản 1 Điều 51 BLHS.", ["a", "b", "c", "d"]),
        ("Áp dụng từ điểm c đến điểm e khoản 1 Điều 51 BLHS.", ["c", "d", "đ", "e"]),  # đ comes after d; no f
        ("Áp dụng điểm b, h - k khoản 1 Điều 51 BLHS.", ["b", "h", "i", "k"]),
        ("Áp dụng điểm d đến điểm a khoản 1 Điều 51 BLHS.", ["d", "a"]),  # not in order: its two ends
        ("Áp dụng điểm a1 đến a3 khoản 1 Điều 51 BLHS.", ["a1", "a3"]),
    ],
)
def test_point_ranges_are_spelled_out_in_the_order_of_point_letters(text: str, points: list[str]) -> None:
    found = cite(text)
    assert [(c.article, c.clause, c.point) for c in found] == [("51", "1", p) for p in points]
    assert all(c.text == text[c.start : c.end] and c.title == "Bộ luật Hình sự" for c in found)


def test_a_point_range_resolves_each_point(laws: str) -> None:
    found = cite("Áp dụng điểm a đến điểm c khoản 1 Điều 51 BLHS 2015.", collection=laws)
    assert [c.resolved for c in found] == [f"{BLHS}/dieu-51/khoan-1/diem-{p}" for p in "abc"]


def test_ranges_resolve_each_article_and_a_number_of_a_document_is_no_range(laws: str) -> None:
    found = cite("Căn cứ các Điều 168 đến 171 Bộ luật Hình sự.", collection=laws)
    assert [c.resolved for c in found] == [f"{BLHS}/dieu-{n}" for n in range(168, 172)]
    found = cite("Căn cứ Điều 2 - Nghị quyết 01/2019/NQ-HĐTP và Điều 2-01/2019/NQ-HĐTP.")
    assert [c.article for c in found if c.article] == ["2", "2"]


@pytest.mark.parametrize("text", ["Điều 1 đến 9999 BLHS", "khoản 1 đến 1500 Điều 1, 2 BLHS",
                                  "Điều 1 đến 99999999999999999999 BLHS"])  # fmt: skip
def test_a_huge_range_is_refused_before_it_is_spelled_out(text: str) -> None:
    with pytest.raises(TooManyCitations) as refused:
        cite(text)
    assert refused.value.code == "too_many_citations"


def test_a_collection_that_does_not_exist_is_not_found(laws: str) -> None:
    with pytest.raises(NotFound):
        cite("Điều 173 BLHS", collection="lawz")
    with pytest.raises(NotFound):
        cite("Không trích dẫn điều luật nào.", collection="lawz")  # checked even when nothing is cited
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        answer = client.post("/v1/functions/legal.citations", headers=bearer("caller"),
                             json={"text": "Điều 173 BLHS", "collection": "lawz"})  # fmt: skip
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found", answer.text
        huge = client.post("/v1/functions/legal.citations", headers=bearer("caller"),
                           json={"text": "Điều 1 đến 9999 BLHS"})  # fmt: skip
        assert huge.status_code == 422 and huge.json()["error"]["code"] == "too_many_citations", huge.text


def test_an_article_not_split_into_clauses_is_as_deep_as_a_citation_resolves(laws: str) -> None:
    """Điều 13 is one paragraph in the store: 'khoản 1 Điều 13' (or a point of it) resolves to the article, since
    the store cannot tell its clauses apart; Điều 168 is split, so its khoản 9 stays unresolved."""
    found = cite("Theo khoản 1 Điều 13 BLHS 2015 và điểm a khoản 1 Điều 13 BLHS 2015.", collection=laws)
    assert [c.resolved for c in found] == [f"{BLHS}/dieu-13", f"{BLHS}/dieu-13"]
