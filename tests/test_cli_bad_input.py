"""Arguments the `nonla` command cannot use end in its error message and exit code (2 bad input, 3 not found),
never a traceback: output paths that are folders, ids beyond SQLite's integers, input nested too deeply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.test_cli import nonla


def refused(out: object, code: int) -> str:
    assert out.returncode == code, (out.stdout, out.stderr)  # type: ignore[attr-defined]
    assert "Traceback" not in out.stderr and "What to do" in out.stderr  # type: ignore[attr-defined]
    return str(out.stderr)  # type: ignore[attr-defined]


def test_paths_ids_and_inputs_the_command_cannot_use(nonla_home: Path, tmp_path: Path) -> None:
    good = tmp_path / "in.jsonl"
    good.write_text(json.dumps({"text": "Hà Nội"}) + "\n", encoding="utf-8")
    assert "is a folder" in refused(nonla("run", "vi.words", "-i", str(good), "-o", str(tmp_path), home=nonla_home), 2)
    assert "is a folder" in refused(nonla("audit", "export", "-o", str(tmp_path), home=nonla_home), 2)
    refused(nonla("inbox", "show", "9" * 30, home=nonla_home), 3)
    refused(nonla("review", "show", "9" * 30, home=nonla_home), 3)
    deep = tmp_path / "deep.jsonl"
    deep.write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert "nested too deeply" in refused(nonla("run", "vi.words", "-i", str(deep), home=nonla_home), 2)
    digits = tmp_path / "digits.jsonl"
    digits.write_text('{"text": "x", "k": ' + "9" * 5000 + "}\n", encoding="utf-8")
    refused(nonla("inbox", "submit", str(digits), home=nonla_home), 2)


@pytest.mark.parametrize("args", [("run", "vi.words", "-t", "x", "--batch-size", "0"),
                                  ("collections", "search", "laws", "x", "-k", "9" * 30)])  # fmt: skip
def test_option_values_out_of_range_are_usage_errors(nonla_home: Path, args: tuple[str, ...]) -> None:
    out = nonla(*args, home=nonla_home)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr


def test_job_inputs_that_are_not_their_format(nonla_home: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text\nHà Nội\n".encode() + "Hu\xe9\n".encode("latin-1"))
    parquet = tmp_path / "junk.parquet"
    parquet.write_bytes(b"PAR1 this is no parquet file")
    unclosed = tmp_path / "unclosed.csv"  # (a long cell is read: tests/jobs/test_csv_cells.py)
    unclosed.write_text('text\nxin\n"never closed\nchào\n', encoding="utf-8")
    for source, says in ((latin, "not UTF-8"), (parquet, "Parquet"), (unclosed, "never closed")):
        out = nonla("jobs", "run", "vi.words", "--input", str(source), "--output", str(tmp_path / "o.jsonl"),
                    home=nonla_home)  # fmt: skip
        assert says in refused(out, 2), source.name


def test_deleting_a_collection_needs_a_document_id_or_yes(nonla_home: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "d1", "text": "Điều 1. Công dân có quyền tự do kinh doanh."}) + "\n",
                    encoding="utf-8")  # fmt: skip
    assert nonla("collections", "create", "laws", home=nonla_home).returncode == 0
    assert nonla("collections", "add", "laws", "-i", str(docs), home=nonla_home).returncode == 0
    for blank in ("", "   "):
        said = refused(nonla("collections", "delete", "laws", "--document", blank, home=nonla_home), 2)
        assert "--document is empty" in said
    assert "--yes" in refused(nonla("collections", "delete", "laws", home=nonla_home), 2)
    assert "laws" in nonla("collections", "list", home=nonla_home).stdout, "nothing was deleted"
    deleted = nonla("collections", "delete", "laws", "--yes", home=nonla_home)
    assert deleted.returncode == 0 and "deleted" in deleted.stdout, deleted.stderr
    assert "laws" not in nonla("collections", "list", home=nonla_home).stdout


def test_worker_processes_beyond_the_machine_are_refused(nonla_home: Path, tmp_path: Path) -> None:
    import os

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Hà Nội"}) + "\n", encoding="utf-8")
    for workers in (str(max(os.cpu_count() or 1, 2) + 1), "100000", "-3"):
        said = refused(nonla("run", "vi.words", "-i", str(source), "--workers", workers, home=nonla_home), 2)
        assert "--workers" in said and "cores" in said
        said = refused(nonla("jobs", "run", "vi.words", "-i", str(source), "-o", str(tmp_path / "o.jsonl"),
                             "--workers", workers, home=nonla_home), 2)  # fmt: skip
        assert "--workers" in said and not (tmp_path / "o.jsonl").exists()


@pytest.mark.parametrize("args", [("inbox", "list", "--offset", "9" * 20), ("inbox", "list", "--limit", "0"),
                                  ("audit", "export", "--since", "9" * 20), ("audit", "export", "--since", "-1"),
                                  ("legal", "kb", "list", "--limit", "9" * 20), ("legal", "kb", "list", "--limit", "-1"),
                                  ("review", "list", "--limit", "-1"), ("review", "list", "--limit", "0"),
                                  ("serve", "--port", "99999"), ("serve", "--port", "0")])  # fmt: skip
def test_numbers_out_of_their_range_are_refused(nonla_home: Path, args: tuple[str, ...]) -> None:
    out = nonla(*args, home=nonla_home)
    assert out.returncode == 2 and "Traceback" not in out.stderr and "Invalid value" in out.stderr, out.stderr
    assert out.stdout == "", "nothing listed, no key made"


def test_a_blank_scope_is_refused(nonla_home: Path) -> None:
    for scope in ("", "  "):
        said = refused(nonla("keys", "create", "--role", "caller", "--name", "x", "--scope", scope, home=nonla_home), 2)
        assert "scope is empty" in said
    assert "caller" not in nonla("keys", "list", home=nonla_home).stdout


def test_a_search_query_is_held_to_the_limits_python_and_rest_apply(nonla_home: Path) -> None:
    assert nonla("collections", "create", "c1", home=nonla_home).returncode == 0
    for query in ("", "   ", "hội " * 1000):
        said = refused(nonla("collections", "search", "c1", query, "--mode", "bm25", home=nonla_home), 2)
        assert "The query must be 1 to 2,000 characters" in said


def test_text_beside_an_input_file_is_refused_not_dropped(nonla_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": "Hà Nội"}) + "\n", encoding="utf-8")
    for given in (("--text", "xin chào"), ("--field", "text=xin chào")):
        out = nonla("run", "vi.words", "-i", str(source), "-o", str(tmp_path / "o.jsonl"), *given, home=nonla_home)
        assert "invalid_input" in refused(out, 2) and "--input" in out.stderr
        assert out.stdout == "" and not (tmp_path / "o.jsonl").exists()


def test_serve_on_a_port_in_use_makes_no_key(nonla_home: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        said = refused(out := nonla("serve", "--port", port, home=nonla_home), 2)
    assert "Address already in use" in said and out.stdout == ""
    assert "admin" not in nonla("keys", "list", home=nonla_home).stdout


@pytest.mark.parametrize("command", ["canary", "shadow"])
def test_a_rollout_without_a_version_is_refused_not_stopped(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from nonla.cli import app
    from nonla.custom import rollout

    stopped: list[str] = []
    monkeypatch.setattr(rollout, "stop_rollout", lambda name, actor: stopped.append(name) or {"stopped": name})
    missing = CliRunner().invoke(app, ["models", command, "m1"])
    assert missing.exit_code != 0 and "VERSION is missing" in str(missing.exception), missing.output
    both = CliRunner().invoke(app, ["models", command, "m1", "2", "--stop"])
    assert both.exit_code != 0 and stopped == []
    assert CliRunner().invoke(app, ["models", command, "m1", "--stop"]).exit_code == 0 and stopped == ["m1"]


@pytest.mark.parametrize(("args", "says"), [
    (("review", "examples", "export", "vi.nope", "-o", "{tmp}/ex.jsonl"), "vi.nope"),
    (("models", "show", "m1@x"), "names no version"),
    (("jobs", "list", "--status", "bogus"), "Unknown job state"),
])  # fmt: skip
def test_misspelt_names_and_states_are_refused_not_answered_empty(
    nonla_home: Path, tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    out = nonla(*(arg.replace("{tmp}", str(tmp_path)) for arg in args), home=nonla_home)
    assert out.returncode in (2, 3) and says in out.stderr, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and not (tmp_path / "ex.jsonl").exists()
