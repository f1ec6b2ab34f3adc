"""A legal text stored under the caller's own id names its clauses under that id too: legal.search's clause and
legal.answer's citations sit beside the article they belong to, not under the text's số hiệu."""

from __future__ import annotations

import nonla
from nonla.collections import service as collections
from nonla.collections.chunking import draft

LAW = ("Luật số: 1/2020/QH14\nLUẬT\nTHỬ NGHIỆM\nĐiều 1. Phạm vi điều chỉnh\n1. Luật này quy định việc cấp giấy phép "
       "nuôi ong mật.\n2. Luật này không áp dụng cho ong rừng.\nĐiều 2. Lệ phí\nNgười nuôi ong nộp lệ phí hằng năm.")  # fmt: skip


def test_clause_ids_follow_the_callers_id() -> None:
    parts = draft(LAW, key="my-law").parts
    assert [p.key for p in parts] == ["my-law/dieu-1", "my-law/dieu-2"]
    assert [u[0] for u in parts[0].meta["units"]] == ["my-law/dieu-1/khoan-1", "my-law/dieu-1/khoan-2"]
    assert [u[0] for u in draft(LAW).parts[0].meta["units"]][0] == "luat-1-2020-qh14/dieu-1/khoan-1"


def test_search_and_answer_cite_clauses_under_the_callers_id(database: str) -> None:
    collections.create("laws")
    collections.add("laws", [{"id": "my-law", "text": LAW}])
    found = nonla.run("legal.search", query="không áp dụng cho ong rừng", collection="laws", k=1).results[0]
    assert (found.id, found.clause) == ("my-law/dieu-1", "my-law/dieu-1/khoan-2")
    answer = nonla.run("legal.answer", question="Luật có áp dụng cho ong rừng không?", collection="laws")
    cited = [s.source for s in answer.sentences]
    assert cited and all(source.startswith("my-law/") for source in cited), cited
