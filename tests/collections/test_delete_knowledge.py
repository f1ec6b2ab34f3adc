"""Deleting or replacing a document takes the knowledge-base entries that rested on its articles alone, in the same
transaction and audited, and legal.answer never quotes an entry, or cites a source, the collection no longer holds.
Both databases."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text

import nonla
from nonla.collections import knowledge, service
from nonla.governance import audit
from nonla.store.db import session
from nonla.store.schema import Document

GONE = "luat-99-2020-qh14"
KEPT = "luat-98-2020-qh14"
SECRET = "Zyxwvq"  # a made-up word only the deleted law and the answers quoting it have


def law(number: int, first: str, second: str | None) -> str:
    text = (f"QUỐC HỘI\nLuật số: {number}/2020/QH14\nHà Nội, ngày 13 tháng 11 năm 2020\nLUẬT\nTHỬ NGHIỆM {number}\n"
            f"Điều 1. Điều khoản một\n{first}\n")  # fmt: skip
    return text + (f"Điều 2. Hiệu lực thi hành\n{second}\n" if second else "")


GONE_LAW = law(99, f"Công dân {SECRET} được gia hạn tạm trú tối đa hai năm tại xã Quqmlo.",
               "Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2021.")  # fmt: skip
KEPT_LAW = law(98, "Hộ gia đình nộp tiền nước sinh hoạt cho công ty cấp nước mỗi tháng.",
               "Luật này có hiệu lực thi hành từ ngày 01 tháng 8 năm 2021.")  # fmt: skip
ENTRIES = [
    {"id": "kb1", "question": "thời hạn gia hạn tạm trú tối đa là bao lâu",
     "answer": f"Theo Điều 1 Luật Thử nghiệm, công dân {SECRET} được gia hạn tạm trú tối đa hai năm.",
     "sources": [f"{GONE}/dieu-1"]},
    {"id": "kb2", "question": "luật thử nghiệm có hiệu lực từ ngày nào",
     "answer": "Theo Điều 2, luật có hiệu lực thi hành từ ngày 01 tháng 7 năm 2021.", "sources": [f"{GONE}/dieu-2"]},
    {"id": "kb3", "question": "hộ gia đình nộp tiền nước sinh hoạt cho ai",
     "answer": "Hộ gia đình nộp tiền nước sinh hoạt cho công ty cấp nước mỗi tháng.",
     "sources": [f"{GONE}/dieu-1", f"{KEPT}/dieu-1"]},
    {"id": "kb4", "question": "tiền nước sinh hoạt nộp mỗi tháng cho công ty cấp nước",
     "answer": "Hộ gia đình nộp tiền nước mỗi tháng.", "sources": [f"{KEPT}/dieu-1"]},
]  # fmt: skip


@pytest.fixture
def laws(database: str) -> str:
    service.create("laws")
    service.add("laws", [{"text": GONE_LAW}, {"text": KEPT_LAW}])
    assert knowledge.add("laws", ENTRIES)["added"] == 4
    return database


def keys() -> list[str]:
    listed = knowledge.list_entries("laws")
    assert listed["total"] == len(listed["entries"])
    return [e["id"] for e in listed["entries"]]


def fts_rows(database: str) -> int | None:
    if not database.startswith("sqlite"):
        return None
    with session() as s:
        return int(s.scalar(text("SELECT count(*) FROM legal_kb_fts")) or 0)


def answered(question: str) -> Any:
    return nonla.run("legal.answer", question=question, collection="laws")


def cited(out: Any) -> list[str]:
    return [s.source for s in out.sentences] + [src for q in out.similar_questions for src in q.sources]


def quoted(out: Any) -> str:
    return out.answer + " ".join(q.answer for q in out.similar_questions)


def test_deleting_a_document_takes_the_answers_resting_on_it_alone(laws: str) -> None:
    assert answered(ENTRIES[0]["question"]).sentences[0].kb == "kb1"  # quoted while its law is there
    service.delete_document("laws", GONE, actor="tester")
    assert keys() == ["kb3", "kb4"]  # kb3 also rests on an article still there
    assert fts_rows(laws) in (2, None)
    out = answered(ENTRIES[0]["question"])
    assert SECRET not in quoted(out) and out.confidence < 1.0
    assert not [src for src in cited(out) if src.startswith(GONE)]
    kept = answered(ENTRIES[2]["question"])  # the entry that stays cites only the article left
    assert kept.sentences and kept.sentences[0].kb == "kb3"
    assert cited(kept) and not [src for src in cited(kept) if src.startswith(GONE)]
    dropped = [r for r in audit.export() if r["action"] == "kb.delete"]
    assert [(r["target"], r["actor"], r["detail"]["document"]) for r in dropped] == [
        ("laws/kb1", "tester", GONE), ("laws/kb2", "tester", GONE)]  # fmt: skip
    assert audit.verify().ok


def test_replacing_a_document_keeps_the_entries_on_articles_it_still_has(laws: str) -> None:
    effect = "Điều 3. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2022.\n"
    renumbered = law(99, "Công dân được gia hạn tạm trú tối đa một năm.", None) + effect  # Điều 2 is gone
    assert service.add("laws", [{"id": GONE, "text": renumbered}])["replaced"] == 1
    assert keys() == ["kb1", "kb3", "kb4"]
    assert fts_rows(laws) in (3, None)
    assert [r["target"] for r in audit.export() if r["action"] == "kb.delete"] == ["laws/kb2"]


def test_erasing_a_subjects_document_takes_its_answers(laws: str) -> None:
    leaving = service.Leaving()
    with session(write=True) as s:
        doc = s.scalar(select(Document).where(Document.key == GONE))
        assert doc is not None
        service._remove_document(s, doc, leaving=leaving)  # the path a data subject's erase takes
    leaving.remove()
    assert keys() == ["kb3", "kb4"]


def test_an_answer_never_quotes_an_entry_whose_articles_are_gone(laws: str) -> None:
    with session(write=True) as s:  # as if the entries had outlived the law (a store from before the fix)
        doc = s.scalar(select(Document).where(Document.key == GONE))
        assert doc is not None
        service._remove_document(s, doc, leaving=None, knowledge=False)
    assert keys() == ["kb1", "kb2", "kb3", "kb4"]
    out = answered(ENTRIES[0]["question"])
    assert SECRET not in quoted(out) and not [s for s in out.sentences if s.kb == "kb1"]
    assert not [src for src in cited(out) if src.startswith(GONE)]
    kept = answered(ENTRIES[2]["question"])
    assert kept.sentences[0].kb == "kb3" and kept.sentences[0].source == f"{KEPT}/dieu-1"
    assert not [src for src in cited(kept) if src.startswith(GONE)]
