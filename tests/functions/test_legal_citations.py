from __future__ import annotations

from pathlib import Path

import pytest

import nonla
from nonla.collections import service


def cite(text: str, **extra: object) -> list[nonla.BaseModel]:  # type: ignore[name-defined]
    return nonla.run("legal.citations", text=text, **extra).citations  # type: ignore[attr-defined,no-any-return]


def test_parts_of_a_full_reference() -> None:
    (c,) = cite("Áp dụng điểm đ khoản 2 Điều 174 Bộ luật Hình sự năm 2015 (sửa đổi, bổ sung năm 2017).")
    assert (c.article, c.clause, c.point, c.document_type, c.title, c.year, c.issuer) == (
        "174",
        "2",
        "đ",
        "Bộ luật",
        "Bộ luật Hình sự",
        2015,
        "Quốc hội",
    )
    assert c.text.startswith("điểm đ khoản 2 Điều 174")


def test_lists_abbreviations_numbers_and_self_references() -> None:
    found = cite("Căn cứ các Điều 35, 39 Luật Hôn nhân và gia đình, Điều 2 Nghị quyết 01/2019/NQ-HĐTP, "
                 "khoản 1 Điều 168 BLDS và khoản 2 Điều 5 của Luật này.")  # fmt: skip
    assert [(c.article, c.title or c.number) for c in found] == [
        ("35", "Luật Hôn nhân và gia đình"), ("39", "Luật Hôn nhân và gia đình"), ("2", "01/2019/NQ-HĐTP"),
        ("168", "Bộ luật Dân sự"), ("5", None)]  # fmt: skip
    assert found[2].issuer == "Hội đồng Thẩm phán Tòa án nhân dân tối cao" and found[-1].this_document


def test_citations_resolve_to_articles_clauses_and_points_in_a_collection(shared_data: Path) -> None:
    code = (shared_data / "vn_laws_corpus_underthesea_vlc/processed/Bo-luat-hinh-su-2015-296661.txt").read_text()
    service.create("laws")
    service.add("laws", [{"text": code}])
    found = cite("Bị cáo phạm tội theo điểm a khoản 2 Điều 173 BLHS; áp dụng Điều 51 Bộ luật Hình sự 2015 "
                 "và Điều 9999 Bộ luật Hình sự; Luật Cư trú.", collection="laws")  # fmt: skip
    assert [c.resolved for c in found] == [
        "bo-luat-100-2015-qh13/dieu-173/khoan-2/diem-a",
        "bo-luat-100-2015-qh13/dieu-51",
        None,
        None,
    ]


def test_citations_resolve_by_the_title_of_laws_headed_in_older_layouts(shared_data: Path) -> None:
    """A title on the type line ("LUẬT GIÁ") or after "CỦA QUỐC HỘI ... VỀ" names its law for resolution."""
    folder = shared_data / "vn_laws_corpus_underthesea_vlc/processed"
    service.create("laws")
    service.add("laws", [{"text": (folder / f"{name}.txt").read_text()}
                         for name in ("Luat-gia-2012-142540", "Luat-phong-chay-chua-chay-2001-47923")])  # fmt: skip
    found = cite("Căn cứ khoản 1 Điều 4 Luật Giá 2012 và Điều 5 Luật Phòng cháy và chữa cháy.", collection="laws")
    assert [c.resolved for c in found] == ["luat-11-2012-qh13/dieu-4/khoan-1", "luat-27-2001-qh10/dieu-5"]


def test_references_typed_without_marks_in_lower_case_are_found_and_parsed() -> None:
    """As citizens type them: no diacritics, no capitals. The marks are restored before reading, the title is
    written as titles are, and the span and text are those of the text as typed."""
    text = "toi bi xu phat theo diem a khoan 2 dieu 173 bo luat hinh su 2015 co dung khong"
    [c] = nonla.run("legal.citations", text=text).citations
    assert text[c.start : c.end] == c.text == "diem a khoan 2 dieu 173 bo luat hinh su 2015"
    assert (c.document_type, c.title, c.year, c.article, c.clause, c.point) == (
        "Bộ luật", "Bộ luật Hình sự", 2015, "173", "2", "a"
    )
    as_typed = nonla.run("legal.citations", text=text, restore_diacritics=False).citations
    assert not any(c.article == "173" and c.title for c in as_typed)


@pytest.mark.parametrize(("text", "parts"), [
    ("can cu khoan 3 Dieu 12 Thong tu lien tich 02/2015/TTLT-BTP-BCA",
     ("Thông tư liên tịch", "02/2015/TTLT-BTP-BCA", "12", "3")),
    ("Quyet dinh so 15/2020/QD-UBND cua tinh", ("Quyết định", "15/2020/QĐ-UBND", None, None)),
    ("theo dieu 4 nghi quyet 03/2019/NQ-HDND", ("Nghị quyết", "03/2019/NQ-HĐND", "4", None)),
    ("diem b khoan 1 dieu 6 thong tu 58/2020/TT-BCA", ("Thông tư", "58/2020/TT-BCA", "6", "1")),
])  # fmt: skip
def test_document_types_and_numbers_typed_without_marks(text: str, parts: tuple[str | None, ...]) -> None:
    """Types and provision words are read exactly whatever the restorer makes of them, and the Đ of the usual
    number symbols (NĐ, QĐ, HĐND, HĐTP) is put back; the text is still the text as typed."""
    [c] = nonla.run("legal.citations", text=text).citations
    assert (c.document_type, c.number, c.article, c.clause) == parts
    assert text[c.start : c.end] == c.text


def test_a_known_law_title_in_lower_case_is_a_reference() -> None:
    [c] = nonla.run("legal.citations", text="Theo điều 31 luật hôn nhân và gia đình thì sao?").citations
    assert (c.title, c.article) == ("Luật Hôn nhân và gia đình", "31")


def small_law(number: str) -> str:
    return f"QUỐC HỘI\nLuật số: {number}\nLUẬT\nTHỬ NGHIỆM\nĐiều 1. Phạm vi\nMột.\nĐiều 2. Hai\nHai."


def test_citations_resolve_in_the_callers_own_collection_only() -> None:
    from nonla.core.context import tenant_scope

    service.create("laws", tenant="so-y-te")
    service.add("laws", [{"id": "luat-thu", "text": small_law("1/2020/QH14")}], tenant="so-y-te")
    with tenant_scope("so-y-te"):
        assert [c.resolved for c in cite("Điều 2 Luật số 1/2020/QH14", collection="laws")] == ["luat-thu/dieu-2"]
    service.create("laws")  # the default tenant's collection of the same name does not hold it
    assert [c.resolved for c in cite("Điều 2 Luật số 1/2020/QH14", collection="laws")] == [None]


def test_a_replaced_document_resolves_by_its_new_number() -> None:
    """SQLite gives a replaced last document the id of the one it replaced: the cache must still see the change."""
    service.create("laws")
    service.add("laws", [{"id": "truoc", "text": small_law("5/2019/QH14")}, {"id": "sau", "text": small_law("1/2020/QH14")}])
    assert [c.resolved for c in cite("Điều 2 Luật số 1/2020/QH14", collection="laws")] == ["sau/dieu-2"]
    service.add("laws", [{"id": "sau", "text": small_law("2/2021/QH15")}])
    assert [c.resolved for c in cite("Điều 2 Luật số 2/2021/QH15", collection="laws")] == ["sau/dieu-2"]
    assert [c.resolved for c in cite("Điều 2 Luật số 1/2020/QH14", collection="laws")] == [None]


def test_keyword_look_alikes_do_not_break_the_reading() -> None:
    """"ſ" (long s) matches the keyword patterns case-blind but stays itself in lower case."""
    assert cite("ſo 5 dieu 3") is not None
    service.create("laws")
    service.add("laws", [{"id": "luat-thu", "text": small_law("1/2020/QH14")}])
    assert nonla.run("legal.search", query="ſo 5 dieu 3").results is not None  # type: ignore[attr-defined]


def test_full_width_digits_and_other_hyphens_are_read_as_ascii() -> None:
    """Word processors write 'NĐ‑CP' with a non-breaking hyphen; East Asian keyboards type full-width digits. The
    fields come out in ASCII, the offsets and texts stay those of the input."""
    text = "theo khoản ２ Điều １７３ BLHS; Nghị định số 100/2019/NĐ\u2011CP và Thông tư 01/2021/TT\u2013BTP"
    found = nonla.run("legal.citations", text=text).citations
    assert [(c.article, c.clause, c.number, c.issuer, c.year) for c in found] == [
        ("173", "2", None, "Quốc hội", None),
        (None, None, "100/2019/NĐ-CP", "Chính phủ", 2019),
        (None, None, "01/2021/TT-BTP", "Bộ Tư pháp", 2021),
    ]
    assert [c.text for c in found] == [text[c.start : c.end] for c in found]
    assert found[1].text == "Nghị định số 100/2019/NĐ\u2011CP"


def test_commas_between_levels_and_points_before_a_list_of_clauses() -> None:
    """As judgments write them: 'điểm a, khoản 2, Điều 173' and 'điểm b, s khoản 1, khoản 2 Điều 51' (the points
    are those of khoản 1, the clause right after them)."""
    (a,) = cite("Bị cáo phạm tội theo điểm a, khoản 2, Điều 173 BLHS.")
    assert (a.article, a.clause, a.points, a.title) == ("173", "2", ["a"], "Bộ luật Hình sự")
    cites = cite("Áp dụng điểm b, s khoản 1, khoản 2 Điều 51 BLHS 2015.")  # one citation per point, as per clause
    assert [(c.article, c.clause, c.points) for c in cites] == [("51", "1", ["b"]), ("51", "1", ["s"]), ("51", "2", [])]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("luat dat dai dieu 5", ("Luật Đất đai", None, "5", None, None)),
        ("BLDS 2015, Điều 590", ("Bộ luật Dân sự", 2015, "590", None, None)),
        ("Luật Hôn nhân và gia đình 2014 - Điều 8 khoản 2", ("Luật Hôn nhân và gia đình", 2014, "8", "2", None)),
        ("blhs dieu 173 khoan 1 diem a", ("Bộ luật Hình sự", None, "173", "1", "a")),
        ("Điều 173 khoản 1 điểm a BLHS", ("Bộ luật Hình sự", None, "173", "1", "a")),
    ],
)
def test_the_document_named_first_and_provisions_in_the_other_order(text: str, parts: tuple[object, ...]) -> None:
    """How search queries and hurried notes cite: the document before its article, the article before its clause."""
    [c] = nonla.run("legal.citations", text=text).citations
    assert (c.title, c.year, c.article, c.clause, c.point) == parts and c.text == text, c


def test_provisions_after_a_document_belong_to_it_only_when_nothing_else_claims_them() -> None:
    cited = nonla.run("legal.citations", text="Nghị định 100/2019/NĐ-CP, Điều 5 Luật Cư trú").citations
    assert [(c.number or c.title, c.article) for c in cited] == [("100/2019/NĐ-CP", None), ("Luật Cư trú", "5")]
    cited = nonla.run("legal.citations", text="Theo Luật Đất đai. Điều 5 quy định").citations  # a sentence apart
    assert [(c.title, c.article) for c in cited] == [("Luật Đất đai", None), (None, "5")]


def test_a_text_citing_thousands_of_provisions_is_refused_before_they_are_built() -> None:
    """'khoản 1..300 Điều 1..300' was 90,000 citations (1.8 GB) from 2.8 KB; 1,000 of each ran out of memory."""
    from fastapi.testclient import TestClient
    from rest_keys import bearer

    from nonla.api.app import create_app
    from nonla.core.errors import NonlaError

    numbers = ", ".join(str(i) for i in range(1, 301))
    text = f"khoản {numbers} Điều {numbers} Bộ luật Hình sự"
    with pytest.raises(NonlaError) as refused:
        nonla.run("legal.citations", text=text)
    assert refused.value.code == "too_many_citations" and refused.value.http_status == 422
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        response = app.post("/v1/functions/legal.citations", headers=bearer("caller"), json={"text": text})
    assert response.status_code == 422 and response.json()["error"]["code"] == "too_many_citations", response.text
    listed = "các Điều " + ", ".join(str(i) for i in range(1, 1001)) + " Bộ luật Hình sự"  # many, but a real list
    assert sum(c.article is not None for c in nonla.run("legal.citations", text=listed).citations) == 1000


def test_a_long_list_of_provisions_keeps_its_document() -> None:
    # a judgment's "Căn cứ" paragraph runs past 300 characters: its provisions lost the code they belong to
    bare = "Căn cứ các Điều " + ", ".join(str(i) for i in range(1, 81)) + " của Bộ luật Dân sự năm 2015, Tòa án quyết định."
    found = cite(bare)
    assert [c.article for c in found] == [str(i) for i in range(1, 81)]
    assert {(c.start, c.title, c.year) for c in found} == {(7, "Bộ luật Dân sự", 2015)}
    found = cite(bare.replace(" của", " và Điều 81 của"))  # a keyword item after the bare numbers
    assert [c.article for c in found] == [str(i) for i in range(1, 82)]
    assert {(c.title, c.year) for c in found} == {("Bộ luật Dân sự", 2015)}
    mixed = ("Căn cứ khoản 1 Điều 28, điểm a khoản 1 Điều 35, Điều 39, Điều 144, Điều 147, khoản 1 Điều 227, "
             "khoản 1 Điều 228, Điều 266, Điều 271, Điều 273, khoản 2 Điều 92, Điều 96, Điều 97, khoản 4 Điều 157, "
             "khoản 1 Điều 165, Điều 186, Điều 187, Điều 188, Điều 189, khoản 3 Điều 200, Điều 201, Điều 202 và "
             "Điều 203 của Bộ luật Tố tụng dân sự năm 2015.")  # fmt: skip
    found = cite(mixed)
    assert len(found) == 23 and found[0].start == mixed.index("khoản 1 Điều 28")
    assert {c.title for c in found} == {"Bộ luật Tố tụng dân sự"}


def test_a_long_list_of_provisions_is_one_law_entity() -> None:
    text = "Căn cứ các Điều " + ", ".join(str(i) for i in range(1, 81)) + " của Bộ luật Dân sự năm 2015."
    [law] = [e for e in nonla.run("vi.entities", text=text).entities if e.type == "LAW"]
    assert text[law.start : law.end] == text[text.index("các Điều 1,") : -1]
