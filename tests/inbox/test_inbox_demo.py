"""`nonla serve --demo-inbox FILE` loads the messages once: loading them again (a restart) adds nothing."""

from __future__ import annotations

import json
from pathlib import Path

from nonla import inbox
from nonla.cli_inbox import load_demo
from nonla.governance import audit

MESSAGES = Path(__file__).resolve().parents[1] / "data" / "civic" / "messages.jsonl"


def _load_and_wait(path: Path) -> None:
    thread = load_demo(path)
    thread.join(timeout=600)
    assert not thread.is_alive()


def test_demo_loading_is_idempotent(database: str, tmp_path: Path) -> None:
    lines = MESSAGES.read_text(encoding="utf-8").splitlines()[:24]  # labelled lines: extra fields are ignored
    demo = tmp_path / "messages.jsonl"
    demo.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _load_and_wait(demo)
    first = inbox.messages(limit=100)
    assert first["total"] == 24
    keys = {json.loads(line)["id"] for line in lines}
    assert {m["key"] for m in first["messages"]} == keys
    calls = sum(1 for _ in audit.export(action="function.call"))

    _load_and_wait(demo)  # the server restarts with the same file
    again = inbox.messages(limit=100)
    assert again["total"] == 24 and [m["id"] for m in again["messages"]] == [m["id"] for m in first["messages"]]
    assert sum(1 for _ in audit.export(action="function.call")) == calls  # nothing was triaged a second time
    channels = {json.loads(line)["id"]: json.loads(line)["channel"] for line in lines}
    assert all(m["channel"] == channels[m["key"]] for m in again["messages"])
    assert audit.verify().ok


def test_a_missing_or_broken_demo_file_leaves_the_inbox_empty(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "text": "Đèn đường hỏng"}\n{oops\n', encoding="utf-8")
    _load_and_wait(broken)  # reported on stderr; the server keeps serving
    assert inbox.messages()["total"] == 0
