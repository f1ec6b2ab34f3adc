"""legal.answer over the residence law with part of the knowledge base, the knowledge base itself, and ratings.

Both databases: every quoted sentence must be in the text it cites, the knowledge base must stay searchable through
replacements, and every stored change must leave an audit row.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

import nonla
from nonla.collections import articles, knowledge, service
from nonla.core.errors import InvalidInput, InvalidJSON, NotFound
from nonla.functions.legal.answer import nothing_found
from nonla.governance import audit, ratings
from nonla.store.db import session
from nonla.store.schema import AnswerRating

REPO = Path(__file__).resolve().parents[2]
KB_FILE = REPO / "tests/data/legal_qa/knowledge_base.jsonl"
RESIDENCE = "Luat-68-2020-QH14-cu-tru-435315"


def residence_kb() -> list[dict[str, Any]]:
    """The knowledge-base entries about the residence law (kb029-kb031)."""
    rows = [json.loads(line) for line in KB_FILE.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if all(s.startswith("luat-68-2020-qh14/") for s in r["sources"])]


@pytest.fixture
def laws(database: str, shared_data: Path) -> str:
    law = shared_data / "vn_laws_corpus_underthesea_vlc" / "processed" / f"{RESIDENCE}.txt"
    service.create("laws")
    service.add("laws", [{"text": law.read_text(encoding="utf-8")}])
    assert knowledge.add("laws", residence_kb(), actor="test")["added"] == 3
    return "laws"


def check_quotes(out: Any, collection: str) -> None:
    """Every sentence cites a provision of the collection and is found, word for word, where it says."""
    quoted = articles.fetch(collection, sorted({articles.article_of(s.source) for s in out.sentences}))
    entries = {e["id"]: e for e in knowledge.list_entries(collection)["entries"]}
    for sentence in out.sentences:
        article = quoted[articles.article_of(sentence.source)]
        assert sentence.source == article.key or sentence.source in {u[0] for u in article.units}, sentence
        if sentence.kb:
            assert sentence.text in entries[sentence.kb]["answer"]
            assert articles.article_of(sentence.source) in entries[sentence.kb]["sources"]
        else:
            assert sentence.text in article.text, sentence
    assert out.answer == "\n".join(s.text for s in out.sentences)


def test_answers_quote_and_cite_the_law(laws: str) -> None:
    for question in ("Thủ tục đăng ký tạm trú cần giấy tờ gì?", "ho so dang ky tam tru gom nhung giay to gi"):
        out = nonla.run("legal.answer", question=question, collection=laws)
        assert out.sentences and 0 < out.confidence <= 1
        assert "luat-68-2020-qh14/dieu-28" in [a.id for a in out.articles[:3]]  # Hồ sơ, thủ tục đăng ký tạm trú
        assert any(s.source.startswith("luat-68-2020-qh14/dieu-28/khoan-") for s in out.sentences), out.sentences
        check_quotes(out, laws)
        again = nonla.run("legal.answer", question=question, collection=laws)
        assert again == out and len(out.answer_id) == 32  # deterministic, so the id can be rated later


def test_a_question_naming_a_clause_is_answered_from_that_clause(laws: str) -> None:
    for question in ("Khoản 2 Điều 20 Luật Cư trú quy định gì?", "khoan 2 dieu 20 luat cu tru quy dinh gi"):
        out = nonla.run("legal.answer", question=question, collection=laws)
        assert out.sentences[0].source == "luat-68-2020-qh14/dieu-20/khoan-2", out.sentences
        check_quotes(out, laws)


def test_a_question_naming_an_article_the_law_lacks_is_told_so(laws: str) -> None:
    """Luật Cư trú has 38 articles: a question about its Điều 999 is told it is not there, not shown another one."""
    for question in ("Điều 999 Luật Cư trú quy định gì?", "dieu 999 luat cu tru quy dinh gi",
                     "Khoản 2 Điều 999 Luật Cư trú 2020 quy định gì?"):  # fmt: skip
        out = nonla.run("legal.answer", question=question, collection=laws)
        assert (out.sentences, out.articles, out.confidence) == ([], [], 0.0), question  # no other article instead
        assert [(m.document, m.article) for m in out.missing_articles] == [("luat-68-2020-qh14", "999")], question
        cited = out.missing_articles[0].text  # as the question wrote it, so the answer names it as asked
        assert cited in question and out.answer.startswith(f"Không có {cited} trong bộ văn bản '{laws}'")
    both = nonla.run("legal.answer", question="Khoản 2 Điều 20 Luật Cư trú và Điều 999 Luật Cư trú", collection=laws)
    assert [m.article for m in both.missing_articles] == ["999"]  # noted, and the article that exists is answered
    assert both.sentences[0].source == "luat-68-2020-qh14/dieu-20/khoan-2" and both.confidence > 0
    check_quotes(both, laws)
    elsewhere = "Điều 999 Bộ luật Hình sự 2015 quy định gì?"  # a law the collection does not hold: nothing to check
    for question in ("Khoản 2 Điều 20 Luật Cư trú quy định gì?", "Thủ tục đăng ký tạm trú cần giấy tờ gì?", elsewhere):
        assert nonla.run("legal.answer", question=question, collection=laws).missing_articles == [], question


def test_a_question_citing_a_document_the_collection_lacks_is_told_so(laws: str) -> None:
    """Another year's Luật Cư trú, or a decree it does not hold: said so, and no other article quoted as the one asked."""
    for question, held in (("Điều 5 Luật Cư trú 2006 quy định gì?", "luat-68-2020-qh14"),
                           ("dieu 5 luat cu tru 2006 quy dinh gi", "luat-68-2020-qh14"),
                           ("Khoản 1 Điều 5 Nghị định 62/2021/NĐ-CP quy định gì?", None)):  # fmt: skip
        out = nonla.run("legal.answer", question=question, collection=laws)
        assert (out.sentences, out.articles, out.confidence, out.missing_articles) == ([], [], 0.0, []), question
        assert [m.held for m in out.missing_documents] == [held], question
        cited = out.missing_documents[0].text
        assert cited in question and out.answer.startswith(f"Không có {cited} trong bộ văn bản '{laws}'"), out.answer
    # a document alone, without an article: noted, and the question is still answered from what the search finds
    out = nonla.run("legal.answer", question="Theo Nghị định 62/2021/NĐ-CP, đăng ký tạm trú cần giấy tờ gì?",
                    collection=laws)  # fmt: skip
    assert [m.text for m in out.missing_documents] == ["Nghị định 62/2021/NĐ-CP"] and out.articles, out
    # the document and article the collection holds, cited beside one it lacks: answered, the gap noted
    both = nonla.run("legal.answer", question="Khoản 2 Điều 20 Luật Cư trú và Điều 5 Luật Cư trú 2006", collection=laws)
    assert both.sentences[0].source == "luat-68-2020-qh14/dieu-20/khoan-2" and both.missing_documents
    check_quotes(both, laws)
    assert nonla.run("legal.answer", question="Khoản 2 Điều 20 Luật Cư trú quy định gì?",
                     collection=laws).missing_documents == []  # fmt: skip


def test_a_missing_article_over_rest_and_the_cli(laws: str, nonla_home: Path) -> None:
    from console_session import sign_in
    from fastapi.testclient import TestClient
    from rest_keys import bearer

    from nonla.api.app import create_app

    question = "Điều 999 Luật Cư trú quy định gì?"
    mixed = "Khoản 2 Điều 20 Luật Cư trú và Điều 999 Luật Cư trú"
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        response = app.post("/v1/functions/legal.answer", headers=bearer("caller"), json={"question": question})
        token = sign_in(app, "caller")
        shown = app.post("/console/legal/answer", data={"csrf": token, "question": mixed, "collection": laws})
    assert shown.status_code == 200 and 'role="note">Điều 999 Luật Cư trú: chưa có trong bộ sưu tập' in shown.text
    gone = app.post("/console/legal/answer", data={"csrf": token, "question": "Điều 5 Luật Cư trú 2006",
                                                    "collection": laws})  # fmt: skip
    assert 'role="note">Điều 5 Luật Cư trú 2006: chưa có trong bộ sưu tập' in gone.text, gone.text
    assert response.status_code == 200, response.text
    body = response.json()["output"]
    assert body["missing_articles"] == [{"text": "Điều 999 Luật Cư trú", "document": "luat-68-2020-qh14",
                                         "article": "999"}] and body["confidence"] == 0.0  # fmt: skip
    cli = nonla_cli("run", "legal.answer", "--field", f"question={question}", home=nonla_home)
    assert cli.returncode == 0 and json.loads(cli.stdout)["missing_articles"] == body["missing_articles"], cli.stderr


def test_similar_questions_come_from_the_knowledge_base(laws: str) -> None:
    out = nonla.run("legal.answer", question="Tạm trú sắp hết hạn thì gia hạn khi nào?", collection=laws)
    top = out.similar_questions[0]
    assert (top.id, top.sources) == ("kb030", ["luat-68-2020-qh14/dieu-28"]) and top.score >= 0.5
    assert [s.kb for s in out.sentences][:2] == ["kb030", "kb030"]
    assert out.sentences[0].source == "luat-68-2020-qh14/dieu-28/khoan-3"  # "Theo khoản 3 Điều 28 ..."
    check_quotes(out, laws)
    plain = nonla.run("legal.answer", question="gia han tam tru khi nao", collection=laws)
    assert plain.similar_questions[0].id == "kb030"
    unrelated = nonla.run("legal.answer", question="thủ tục đăng ký thường trú cho con", collection=laws)
    assert all(s.kb is None for s in unrelated.sentences) or unrelated.similar_questions[0].score >= 0.5


def test_nothing_relevant_says_so(laws: str) -> None:
    for question in ("🙂🙂🙂 !!! ???", "xyzzy quux", "Hà Nội"):
        out = nonla.run("legal.answer", question=question, collection=laws)
        assert (out.answer, out.sentences, out.confidence) == (nothing_found(laws), [], 0.0), question
    with pytest.raises(NotFound):
        nonla.run("legal.answer", question="tạm trú", collection="nowhere")
    with pytest.raises(InvalidInput):
        nonla.run("legal.answer", question="   ")


def test_knowledge_base_add_replace_and_search(laws: str, database: str, tmp_path: Path) -> None:
    assert knowledge.add("laws", residence_kb())["unchanged"] == 3  # the same content again is a no-op
    entry = {"question": "Người nước ngoài tạm trú có cần khai báo không?", "answer": "Có. Theo Điều 30 Luật Cư trú.",
             "sources": ["luat-68-2020-qh14/dieu-30"]}  # fmt: skip
    assert knowledge.add("laws", [entry])["ids"] == ["kb032"]  # the next free number
    changed = {**entry, "id": "kb032", "question": "Khai báo lưu trú cho khách ở nhờ làm thế nào?"}
    assert knowledge.add("laws", [changed])["replaced"] == 1
    assert knowledge.similar("laws", "khai báo lưu trú cho khách")[0]["id"] == "kb032"
    assert all(e["id"] != "kb032" for e in knowledge.similar("laws", "người nước ngoài"))  # the old text is gone
    assert knowledge.list_entries("laws")["total"] == 4
    with pytest.raises(InvalidInput):  # sources must be articles of the collection
        knowledge.add("laws", [{**entry, "sources": ["luat-68-2020-qh14/dieu-999"]}])
    with pytest.raises(InvalidInput):
        knowledge.add("laws", [{**entry, "sources": ["Điều 30"]}])
    with pytest.raises(InvalidInput):
        knowledge.add("laws", [{**entry, "answer": " "}])
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(entry, ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InvalidJSON):
        knowledge.import_file("laws", bad)
    assert knowledge.list_entries("laws")["total"] == 4  # all lines or none
    actions = [row["action"] for row in audit.export()]
    assert actions.count("kb.add") == 4 and actions.count("kb.replace") == 1 and audit.verify().ok
    service.delete_collection("laws")  # its answered questions go with it, from every index
    tables = ["legal_kb", "legal_kb_fts"] if database.startswith("sqlite") else ["legal_kb"]
    with session() as s:
        assert [s.scalar(text(f"SELECT count(*) FROM {t}")) for t in tables] == [0] * len(tables)


def test_ratings_keep_digests_and_are_reported(laws: str) -> None:
    out = nonla.run("legal.answer", question="gia hạn tạm trú", collection=laws)
    ratings.rate({"answer_id": out.answer_id, "rating": 4, "question": "gia hạn tạm trú"}, key_id="k1")
    ratings.rate({"answer_id": out.answer_id, "helpful": False, "comment": "thiếu khoản 2"}, key_id="k2")
    ratings.rate({"answer_id": out.answer_id, "rating": 5, "helpful": True, "question": "gia hạn tạm trú",
                  "store_question": True}, key_id="k3")  # fmt: skip
    with session() as s:
        rows = list(s.scalars(select(AnswerRating).order_by(AnswerRating.id)))
    assert [r.question for r in rows] == [None, None, "gia hạn tạm trú"]  # text only with consent
    assert rows[0].question_digest == rows[2].question_digest == ratings.question_digest("gia hạn tạm trú")
    report = ratings.report()
    assert report["collections"]["laws"]["ratings"] == 3
    assert (report["ratings"], report["answers"], report["mean_rating"], report["helpful_share"]) == (3, 1, 4.5, 0.5)
    assert report["collections"]["laws"]["comments"] == 1
    for bad in ({"answer_id": out.answer_id}, {"answer_id": "nope", "rating": 3},
                {"answer_id": out.answer_id, "rating": 6}):  # fmt: skip
        with pytest.raises(InvalidInput):
            ratings.rate(bad, key_id="k1")
    rated = [row for row in audit.export() if row["action"] == "rating.add"]
    assert len(rated) == 3 and rated[0]["target"] == out.answer_id and audit.verify().ok
    assert "thiếu" not in json.dumps(rated, ensure_ascii=False)  # comments and questions stay out of the audit log


def nonla_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NONLA_HOME": str(home), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "nonla.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)  # fmt: skip


def test_cli_import_rate_report(shared_data: Path, nonla_home: Path, tmp_path: Path) -> None:
    law = shared_data / "vn_laws_corpus_underthesea_vlc" / "processed" / f"{RESIDENCE}.txt"
    assert nonla_cli("collections", "ingest", "laws", str(law), "--create", home=nonla_home).returncode == 0
    subset = tmp_path / "kb.jsonl"
    subset.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in residence_kb()), encoding="utf-8")
    out = nonla_cli("legal", "kb", "import", str(subset), home=nonla_home)
    assert out.returncode == 0 and json.loads(out.stdout)["added"] == 3, out.stderr
    assert nonla_cli("legal", "kb", "import", str(KB_FILE), home=nonla_home).returncode == 2  # other laws' articles
    listed = nonla_cli("legal", "kb", "list", "--query", "gia hạn tạm trú", home=nonla_home)
    assert "kb030" in listed.stdout
    answer = nonla_cli("run", "legal.answer", "--field", "question=gia hạn tạm trú khi nào", home=nonla_home)
    answer_id = json.loads(answer.stdout)["answer_id"]
    assert nonla_cli("legal", "rate", answer_id, "--rating", "5", "--helpful", home=nonla_home).returncode == 0
    assert nonla_cli("legal", "rate", answer_id, "--rating", "9", home=nonla_home).returncode == 2
    report = json.loads(nonla_cli("legal", "ratings", home=nonla_home).stdout)
    assert (report["ratings"], report["mean_rating"], report["helpful_share"]) == (1, 5.0, 1.0)


def test_serve_demo_kb_is_imported_after_the_demo_laws(shared_data: Path, tmp_path: Path) -> None:
    import threading

    from nonla.cli import _load_demo_laws

    folder = tmp_path / "laws"
    folder.mkdir()
    (folder / f"{RESIDENCE}.txt").write_text(
        (shared_data / "vn_laws_corpus_underthesea_vlc" / "processed" / f"{RESIDENCE}.txt").read_text(encoding="utf-8")
    )
    subset = tmp_path / "kb.jsonl"
    subset.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in residence_kb()), encoding="utf-8")
    _load_demo_laws(folder, subset)
    for thread in [t for t in threading.enumerate() if t.name == "demo-laws"]:
        thread.join(timeout=120)
    assert knowledge.list_entries("laws")["total"] == 3
    assert [r["actor"] for r in audit.export() if r["action"] == "kb.add"] == ["local:serve"] * 3
