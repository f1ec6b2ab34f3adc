"""legal.answer quotes the point a question names, says plainly when the laws do not answer a question, and the
console shows how sure an answer is.

Over real laws in a real database: the Penal Code for named points; the residence and Capital laws, embedded with
the real e5 model, for questions they do not answer (a collection's vectors are what tell those apart).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from console_session import sign_in
from fastapi.testclient import TestClient

import nonla
from nonla import collections
from nonla.api.app import create_app
from nonla.collections import service
from nonla.console.i18n import text
from nonla.functions.legal.answer import nothing_found

REPO = Path(__file__).resolve().parents[2]
PENAL = "bo-luat-100-2015-qh13"


def add_laws(shared_data: Path, *names: str) -> str:
    folder = shared_data / "vn_laws_corpus_underthesea_vlc" / "processed"
    service.create("laws")
    service.add("laws", [{"text": (folder / f"{name}.txt").read_text(encoding="utf-8")} for name in names])
    return "laws"


@pytest.fixture
def penal_code(database: str, shared_data: Path) -> str:
    return add_laws(shared_data, "Bo-luat-hinh-su-2015-296661", "Luat-68-2020-QH14-cu-tru-435315")


@pytest.fixture
def laws(database: str, shared_data: Path) -> str:
    """The residence and Capital laws with their vectors (the Capital law speaks of Hà Nội, as weather questions do)."""
    add_laws(shared_data, "Luat-68-2020-QH14-cu-tru-435315", "Luat-Thu-do-2012-25-2012-QH13-152718")
    collections.embed("laws")
    return "laws"


@pytest.mark.parametrize(
    ("question", "point"),
    [
        ("Điểm a khoản 2 Điều 173 BLHS quy định gì?", "dieu-173/khoan-2/diem-a"),
        ("Điểm đ khoản 2 Điều 260 Bộ luật Hình sự quy định gì?", "dieu-260/khoan-2/diem-dd"),
        ("Điểm s khoản 1 Điều 51 BLHS 2015", "dieu-51/khoan-1/diem-s"),
        ("diem b khoan 1 dieu 51 blhs quy dinh gi", "dieu-51/khoan-1/diem-b"),
    ],
)
def test_a_named_point_is_quoted_first_with_its_clause_lead_in(penal_code: str, question: str, point: str) -> None:
    out = nonla.run("legal.answer", question=question, collection=penal_code)
    sources = [s.source for s in out.sentences]
    clause = point.rsplit("/", 1)[0]
    # The clause's lead-in ("... thì bị phạt tù từ ... :"), then the point itself, before anything else.
    assert sources[:2] == [f"{PENAL}/{clause}", f"{PENAL}/{point}"], sources
    assert all(s.text in out.answer for s in out.sentences)


def test_a_named_clause_is_still_quoted_from_that_clause(penal_code: str) -> None:
    out = nonla.run("legal.answer", question="Khoản 2 Điều 20 Luật Cư trú quy định gì?", collection=penal_code)
    assert out.sentences[0].source == "luat-68-2020-qh14/dieu-20/khoan-2", out.sentences


def offtopic() -> list[str]:
    lines = (REPO / "tests/data/legal_qa/offtopic.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line]


def test_questions_the_laws_do_not_answer_are_told_so(laws: str) -> None:
    for question in ("Trận chung kết World Cup 2022 ai thắng?", "Thời tiết Hà Nội ngày mai thế nào?",
                     "Làm sao để nấu cơm ngon?", "Giá vàng SJC hôm nay bao nhiêu?", "thoi tiet ha noi ngay mai the nao"):  # fmt: skip
        out = nonla.run("legal.answer", question=question, collection=laws)
        assert (out.answer, out.sentences, out.confidence) == (nothing_found(laws), [], 0.0), (question, out.sentences)
    questions = offtopic()
    quoted = [q for q in questions if nonla.run("legal.answer", question=q, collection=laws).sentences]
    assert len(questions) >= 30 and len(quoted) <= len(questions) // 10, quoted
    for question in ("Thủ tục đăng ký tạm trú cần giấy tờ gì?", "gia han tam tru khi nao",
                     "Chính sách phát triển Thủ đô Hà Nội gồm những gì?"):  # fmt: skip
        out = nonla.run("legal.answer", question=question, collection=laws)
        assert out.sentences and out.confidence > 0, question


@pytest.fixture
def client(laws: str) -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as found:
        yield found


def test_the_console_shows_the_confidence_or_that_nothing_was_found(client: TestClient) -> None:
    token = sign_in(client, "caller")
    answered = client.post("/console/legal/answer", data={"csrf": token, "question": "Thủ tục đăng ký tạm trú?"})
    page = html.unescape(answered.text)
    assert answered.status_code == 200 and "<blockquote>" in page, page[-2000:]
    assert f"{text('vi', 'legal.confidence')}: " in page and text("vi", "legal.not_found") not in page
    nothing = client.post("/console/legal/answer", data={"csrf": token, "question": "Làm sao để nấu cơm ngon?"})
    page = html.unescape(nothing.text)
    assert nothing.status_code == 200 and "<blockquote>" not in page, page[-2000:]
    assert text("vi", "legal.not_found") in page and f"{text('vi', 'legal.confidence')}: " not in page
