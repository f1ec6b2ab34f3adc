"""Text stored from untrusted callers (a citizen's message, a key's name, a document id) reaches the operator's
terminal as visible characters: an escape sequence is shown as \\x1b, never obeyed; rich markup in it is shown as
written. Ids are never cut short in the tables, whatever the width."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.test_cli import NONLA, nonla

CLEAR = "\x1b[2J"  # clears the screen
TITLE = "\x1b]0;pwned\x07"  # sets the window's title


def no_escapes(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text, repr(text)


def test_a_citizens_message_is_shown_not_obeyed(nonla_home: Path) -> None:
    sent = nonla("inbox", "submit", "--text", f"hi {CLEAR} there [red]x[/red] {TITLE}", home=nonla_home)
    assert sent.returncode == 0, sent.stderr
    listed = nonla("inbox", "list", home=nonla_home)
    assert listed.returncode == 0, listed.stderr
    no_escapes(listed.stdout)
    assert "\\x1b[2J" in listed.stdout and "[red]x[/red]" in listed.stdout


def test_one_message_shown_whole_is_shown_not_obeyed(nonla_home: Path) -> None:
    sent = nonla("inbox", "submit", "--text", f"đèn hỏng \u202eđường Lê Lợi\u202c \x85 {CLEAR}", home=nonla_home)
    assert sent.returncode == 0, sent.stderr
    shown = nonla("inbox", "show", "1", home=nonla_home)
    assert shown.returncode == 0, shown.stderr
    no_escapes(shown.stdout)
    for raw in ("\u202e", "\u202c", "\x85"):  # text shown in another order than stored; a C1 line end
        assert raw not in shown.stdout, repr(shown.stdout)
    body = json.loads(shown.stdout)  # still JSON, which reads back as stored
    assert "\u202eđường Lê Lợi\u202c" in body["text"] and body["history"][0]["action"] == "submit"


def test_key_names_and_scopes_are_shown_not_obeyed(nonla_home: Path) -> None:
    made = nonla("keys", "create", "--role", "caller", "--name", f"robot {CLEAR}", "--scope", f"vi.{TITLE}*",
                 home=nonla_home)  # fmt: skip
    assert made.returncode == 0, made.stderr
    no_escapes(made.stderr)
    listed = nonla("keys", "list", home=nonla_home)
    no_escapes(listed.stdout)
    assert "\\x1b[2J" in listed.stdout


def test_document_ids_in_search_results_are_shown_not_obeyed(nonla_home: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": f"d{CLEAR}1", "text": "Điều 1. Công dân có quyền tự do kinh doanh."}) + "\n",
                    encoding="utf-8")  # fmt: skip
    assert nonla("collections", "create", "c", home=nonla_home).returncode == 0
    assert nonla("collections", "add", "c", "-i", str(docs), home=nonla_home).returncode == 0
    found = nonla("collections", "search", "c", "công dân", "--mode", "bm25", home=nonla_home)
    assert found.returncode == 0, found.stderr
    no_escapes(found.stdout)
    assert "d\\x1b[2J1" in found.stdout


def test_an_error_quoting_the_input_is_shown_not_obeyed(nonla_home: Path) -> None:
    out = nonla("collections", "search", f"laws{CLEAR}", "x", home=nonla_home)
    assert out.returncode == 3 and "laws\\x1b[2J" in out.stderr, out.stderr
    no_escapes(out.stderr)


def test_key_ids_are_listed_whole_on_a_narrow_terminal(nonla_home: Path) -> None:
    ids = []
    for n in range(2):
        made = nonla("keys", "create", "--role", "caller", "--name", f"a robot with quite a long name, number {n}",
                     "--scope", "vi.*", "--scope", "legal.answer", home=nonla_home)  # fmt: skip
        ids.append(made.stdout.strip().splitlines()[-1].split("_")[1])
    for width in ("60", "80"):  # a pipe is 80 wide
        env = {**os.environ, "NONLA_HOME": str(nonla_home), "COLUMNS": width}
        listed = subprocess.run([*NONLA, "keys", "list"], capture_output=True, text=True, env=env, timeout=300)
        for key_id in ids:
            assert key_id in listed.stdout, (width, listed.stdout)
