"""One word, one body, one date, one clause, however it is written: tone placement (hòa/hoà, Tòa/Toà, Ủy/Uỷ) in
keyword search, the knowledge base and the issuer filter; blank date metadata; knowledge-base sources that name a
clause the article lacks; the titles of amending texts. Both databases where a store is involved."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import nonla
from nonla.collections import knowledge, service
from nonla.collections.bm25 import Bm25, Filters
from nonla.collections.legal_metadata import parse_metadata
from nonla.collections.search import search
from nonla.core.errors import InvalidInput
from nonla.functions.vi.tone_marks import set_tone_style
from nonla.store.db import session

BODY = ("Điều 1. Phạm vi\nLuật này quy định về hòa giải tranh chấp tại Tòa án nhân dân.\n"
        "Điều 2. Hòa giải viên\nHòa giải viên do Tòa án nhân dân chỉ định.")  # fmt: skip
LAW = ("QUỐC HỘI\nLuật số: 10/2022/QH15\nHà Nội, ngày 15 tháng 6 năm 2022\nLUẬT\nHÒA GIẢI CỘNG ĐỒNG\n"
       "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về hòa giải tranh chấp đất đai.\n"
       "Điều 2. Hòa giải viên\n1. Hòa giải viên là người có uy tín trong cộng đồng.\n"
       "2. Hòa giải viên được bầu tại thôn.\n"
       "Điều 3. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2023.")  # fmt: skip


def scores(query: str) -> dict[str, float]:
    hits, _ = search("tone", query, 4, mode="bm25")
    return {h.key: round(h.score, 4) for h in hits}


def test_both_tone_placements_are_one_word(database: str) -> None:
    service.create("tone")
    service.add("tone", [{"id": "old", "text": BODY}, {"id": "new", "text": set_tone_style(BODY, "new")}])
    typed_old, typed_new = scores("hòa giải viên tòa án"), scores("hoà giải viên toà án")
    assert typed_old == typed_new
    assert typed_old["old/dieu-2"] == typed_old["new/dieu-2"] and typed_old["old/dieu-1"] == typed_old["new/dieu-1"]


def test_a_store_indexed_in_the_other_placement_is_still_found(database: str) -> None:
    """Terms written before they had one placement are as the text had them: a query finds them until reindex."""
    service.create("tone")
    service.add("tone", [{"id": "new", "text": set_tone_style(BODY, "new")}])
    with session(write=True) as s:
        collection_id = s.scalar(text("SELECT id FROM collections WHERE name = 'tone'"))
        s.execute(text("UPDATE parts SET words = replace(replace(words, 'hòa', 'hoà'), 'tòa', 'toà')"))
        s.execute(text("UPDATE parts SET title_words = replace(title_words, 'hòa', 'hoà')"))
        assert s.scalar(text("SELECT count(*) FROM parts WHERE words LIKE '%hòa%'")) == 0
        Bm25(s).rebuild(collection_id)
    for query in ("hòa", "tòa", "hoà"):  # no other word to match by
        assert set(scores(query)) == {"new/dieu-1", "new/dieu-2"}, query


def test_knowledge_base_similarity_ignores_tone_placement(database: str) -> None:
    service.create("laws")
    service.add("laws", [{"text": LAW}])
    knowledge.add("laws", [{"id": "kb1", "question": "Ai được làm hòa giải viên ở Tòa án?", "answer": "Người có uy tín.",
                            "sources": ["luat-10-2022-qh15/dieu-2"]}])  # fmt: skip
    old = knowledge.similar("laws", "Người nào được làm hòa giải viên ở Tòa án?")
    new = knowledge.similar("laws", "Người nào được làm hoà giải viên ở Toà án?")
    assert [(e["id"], e["score"]) for e in old] == [(e["id"], e["score"]) for e in new] and old


def in_force(day: str) -> list[str]:
    hits, _ = search("laws", "hòa giải tranh chấp đất đai", 10, Filters(in_force_on=day), mode="bm25")
    return sorted({h.document for h in hits})


def test_blank_dates_are_no_dates(database: str) -> None:
    service.create("laws")
    service.add("laws", [{"id": "a", "text": LAW},
                         {"id": "b", "text": LAW.replace("đất đai", "đất đai ở nông thôn"), "metadata": {"expired": ""}},
                         {"id": "c", "text": LAW.replace("đất đai", "đất đai ở miền núi"), "metadata": {"effective": " "}}])  # fmt: skip
    assert in_force("2022-12-01") == []  # not yet: the date read from the text stands
    assert in_force("2030-01-01") == ["a", "b", "c"]  # never expired
    with pytest.raises(InvalidInput, match="must be a date"):
        service.add("laws", [{"id": "d", "text": LAW, "metadata": {"expired": "chưa rõ"}}])


def test_a_source_must_name_a_clause_the_article_holds(database: str) -> None:
    service.create("laws")
    service.add("laws", [{"text": LAW}])

    def entry(source: str) -> dict[str, object]:
        return {"question": f"Hỏi về {source}?", "answer": "Theo luật.", "sources": [source]}

    with pytest.raises(InvalidInput, match="khoan-7"):
        knowledge.add("laws", [entry("luat-10-2022-qh15/dieu-2/khoan-7")])
    for held in ("luat-10-2022-qh15/dieu-2/khoan-2", "luat-10-2022-qh15/dieu-2/khoan-1/diem-a",
                 "luat-10-2022-qh15/dieu-1/khoan-1"):  # fmt: skip
        assert knowledge.add("laws", [entry(held)])["added"] == 1, held  # the article is split no further


DECREE = ("UỶ BAN NHÂN DÂN TỈNH BẮC NINH\nSố: 12/2024/QĐ-UBND\nBắc Ninh, ngày 05 tháng 02 năm 2024\nQUYẾT ĐỊNH\n"
          "VỀ HÒA GIẢI NÔNG THÔN\nĐiều 1. Phạm vi\nQuy định về hòa giải nông thôn trong tỉnh.\n"
          "Điều 2. Hiệu lực\nQuyết định này có hiệu lực kể từ ngày 15 tháng 02 năm 2024.")  # fmt: skip
ORDINANCE = ("UỶ BAN THƯỜNG VỤ QUỐC HỘI\nPháp lệnh số: 02/2010/UBTVQH12\nHà Nội, ngày 10 tháng 5 năm 2010\n"
             "PHÁP LỆNH\nHÒA GIẢI NÔNG THÔN\nĐiều 1. Phạm vi\nPháp lệnh này quy định về hòa giải nông thôn.\n"
             "Điều 2. Hiệu lực\nPháp lệnh này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2010.")  # fmt: skip


def test_the_issuer_filter_takes_either_spelling(database: str) -> None:
    service.create("laws")
    # a document whose header issuer was stored as written, before the parser placed its marks one way
    service.add("laws", [{"text": ORDINANCE}, {"text": DECREE},
                         {"text": DECREE.replace("12/2024", "13/2024").replace("trong tỉnh", "ở thôn bản"),
                          "metadata": {"issuer": "Uỷ ban nhân dân tỉnh Bắc Ninh"}}])  # fmt: skip
    hits, _ = search("laws", "hòa giải nông thôn", 10, mode="bm25")
    issuers = {h.document: h.metadata["issuer"] for h in hits}
    assert issuers["quyet-dinh-12-2024-qd-ubnd"] == "Ủy ban nhân dân tỉnh Bắc Ninh"
    for issuer, documents in (("Uỷ ban Thường vụ Quốc hội", ["phap-lenh-02-2010-ubtvqh12"]),
                              ("UỶ BAN THƯỜNG VỤ QUỐC HỘI", ["phap-lenh-02-2010-ubtvqh12"]),
                              ("Ủy ban nhân dân tỉnh Bắc Ninh", ["quyet-dinh-12-2024-qd-ubnd", "quyet-dinh-13-2024-qd-ubnd"]),
                              ("Uỷ ban nhân dân tỉnh bắc ninh", ["quyet-dinh-12-2024-qd-ubnd", "quyet-dinh-13-2024-qd-ubnd"])):  # fmt: skip
        found = nonla.run("legal.search", query="hòa giải nông thôn", collection="laws", mode="bm25", issuer=issuer)
        assert sorted({r.document for r in found.results}) == documents, issuer  # type: ignore[attr-defined]


def amending(number: str, amended: str, about: str) -> str:
    return (f"CHÍNH PHỦ\nSố: {number}/NĐ-CP\nHà Nội, ngày 16 tháng 4 năm 2024\nNGHỊ ĐỊNH\n"
            f"SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA NGHỊ ĐỊNH SỐ {amended}/NĐ-CP NGÀY 17 THÁNG 01 NĂM 2020 CỦA CHÍNH PHỦ "
            f"QUY ĐỊNH VỀ {about}\nĐiều 1. Sửa đổi\nNội dung.")  # fmt: skip


def test_an_amending_title_keeps_the_text_it_amends() -> None:
    first = parse_metadata(amending("41/2024", "10/2020", "KINH DOANH VẬN TẢI BẰNG XE Ô TÔ")).title
    second = parse_metadata(amending("42/2024", "15/2020", "XỬ PHẠT VI PHẠM HÀNH CHÍNH TRONG LĨNH VỰC BƯU CHÍNH")).title
    assert first == ("Nghị định Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP ngày 17 tháng 01 năm "
                     "2020 của chính phủ quy định về kinh doanh vận tải bằng xe ô tô")  # fmt: skip
    assert second is not None and "Nghị định số 15/2020/NĐ-CP" in second and first != second
    own = parse_metadata("QUỐC HỘI\nLUẬT\nTHUẾ NHÀ ĐẤT SỐ 23-L/CTN NGÀY 10/07/1993 CỦA QUỐC HỘI\nĐiều 1. Thuế.")
    assert own.title == "Luật Thuế nhà đất"  # its own number still goes
