"""The knowledge base takes as sources the part ids search returns, whatever document id the collection accepted
("/" and capitals included), on every surface: Python, the CLI, a JSONL import and REST. Both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from nonla.api.app import create_app
from nonla.cli import app as cli_app
from nonla.collections import knowledge, service
from nonla.collections.search import search
from nonla.core.errors import InvalidInput
from nonla.governance import keys

DOCUMENTS = [
    {"id": "luat/2", "text": "Điều 5. Thuế thu nhập cá nhân được nộp hàng năm.\n"
                             "Điều 6. Người nộp thuế có quyền khiếu nại."},
    {"id": "Luat-GT", "text": "Điều 2. Người tham gia giao thông phải đội mũ bảo hiểm.\n"
                              "Điều 3. Người điều khiển xe phải có giấy phép lái xe."},
    {"id": "ghi-chu", "text": "Thuế được nộp tại cơ quan thuế nơi cư trú."},
]  # fmt: skip


@pytest.fixture
def laws(database: str) -> dict[str, str]:
    """The collection, and the id search returns for each question."""
    service.create("laws")
    service.add("laws", DOCUMENTS)
    return {question: search("laws", question, 1)[0][0].key
            for question in ("thuế thu nhập nộp hàng năm", "đội mũ bảo hiểm", "cơ quan thuế nơi cư trú")}  # fmt: skip


def entry(source: str, **more: object) -> dict[str, object]:
    return {"question": f"Nguồn {source}?", "answer": "Theo điều luật.", "sources": [source], **more}


def test_search_results_are_sources(laws: dict[str, str]) -> None:
    assert laws["thuế thu nhập nộp hàng năm"] == "luat/2/dieu-5" and laws["đội mũ bảo hiểm"] == "Luat-GT/dieu-2"
    for source in laws.values():
        assert knowledge.add("laws", [entry(source)])["added"] == 1, source
    assert knowledge.add("laws", [entry("luat/2/dieu-6/khoan-1")])["added"] == 1  # a clause of an article held


def test_ids_the_collection_lacks_are_still_refused(laws: dict[str, str]) -> None:
    for source in ("luat/2/dieu-9", "luat/3/dieu-5", "Điều 28"):
        with pytest.raises(InvalidInput, match="has no article"):
            knowledge.add("laws", [entry(source)])
    for sources in ([], ["luat/2/dieu-5", "luat/2/dieu-5"], [""]):
        with pytest.raises(InvalidInput):
            knowledge.add("laws", [{"question": "Hỏi?", "answer": "Đáp.", "sources": sources}])


def test_the_cli_and_an_import_take_them(laws: dict[str, str], tmp_path: Path) -> None:
    added = CliRunner().invoke(cli_app, ["legal", "kb", "add", "-c", "laws", "--question", "Thuế nộp khi nào?",
                                         "--answer", "Hàng năm.", "--source", "luat/2/dieu-5"])  # fmt: skip
    assert added.exit_code == 0, added.output
    lines = tmp_path / "kb.jsonl"
    lines.write_text("\n".join(json.dumps(entry(s), ensure_ascii=False) for s in ("Luat-GT/dieu-3", "luat/2/dieu-6")),
                     encoding="utf-8")  # fmt: skip
    assert knowledge.import_file("laws", lines)["added"] == 2


def test_rest_takes_them(laws: dict[str, str]) -> None:
    key, _ = keys.create_key("reviewer", "kb editor")
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        headers = {"Authorization": f"Bearer {key}"}
        added = app.post("/v1/legal/kb", headers=headers, json={**entry("luat/2/dieu-5"), "collection": "laws"})
        assert added.status_code == 201, added.text
        refused = app.post("/v1/legal/kb", headers=headers, json={**entry("luat/2/dieu-9"), "collection": "laws"})
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_input"
