"""A job's error rows say what a REST batch row says: code, message, hint, and the field at fault."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from rest_keys import bearer

import nonla.jobs
from nonla.api.app import create_app

ITEMS: list[dict] = [{"text": "xin chào"}, {"text": ""}, {}]


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_job_error_rows_carry_the_hint_and_field_of_a_rest_batch_row(database: str, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [json.dumps(item, ensure_ascii=False) for item in ITEMS] + ["not json"]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    job = nonla.jobs.submit("vi.words@1", source, tmp_path / "out.jsonl", workers=1)
    assert (job["status"], job["errors"]) == ("done", 3), job
    rows = _rows(tmp_path / "out.jsonl")
    with TestClient(create_app(), raise_server_exceptions=False) as app:
        answer = app.post("/v1/functions/vi.words@1", headers=bearer("caller"), json={"items": ITEMS}).json()
    for position in (1, 2):
        expected = answer["items"][position]["error"]
        expected["details"].pop("index")  # its place in the batch; the job row's own index says which item it was
        assert rows[position]["error"] == expected, rows[position]
        assert rows[position]["error"]["details"]["field"] == "text"
    unreadable = rows[3]["error"]
    assert unreadable["code"] == "invalid_json" and unreadable["hint"], unreadable


def test_a_row_never_says_where_the_item_sat_in_its_chunk(database: str, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "a"}\n{"text": ""}\n', encoding="utf-8")
    nonla.jobs.submit("vi.words@1", source, tmp_path / "out.jsonl", workers=1)
    [_, row] = _rows(tmp_path / "out.jsonl")
    assert row["index"] == 1 and "index" not in row["error"].get("details", {}), row
