"""The `nonla` command as users run it: a real process, a real SQLite file in NONLA_HOME."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

NONLA = [sys.executable, "-m", "nonla.cli"]


def nonla(*args: str, home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NONLA_HOME": str(home), "COLUMNS": "200"}
    return subprocess.run([*NONLA, *args], capture_output=True, text=True, env=env, input=stdin, timeout=300)


def test_help_lists_the_commands(nonla_home: Path) -> None:
    out = nonla("--help", home=nonla_home)
    assert out.returncode == 0
    for command in ("functions", "describe", "run", "serve", "keys", "audit"):
        assert command in out.stdout


def test_run_text_prints_the_output_as_json(nonla_home: Path) -> None:
    out = nonla("run", "vi.words", "--text", "Bộ luật Hình sự năm 2015", home=nonla_home)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["words"] == ["Bộ luật", "Hình sự", "năm", "2015"]


def test_run_over_a_jsonl_file_writes_one_result_per_line(nonla_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in ["xin chào", "", "Hà Nội"]), encoding="utf-8"
    )
    target = tmp_path / "out.jsonl"
    out = nonla("run", "vi.words", "--input", str(source), "--output", str(target), home=nonla_home)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [("output" in r, "error" in r) for r in rows] == [(True, False), (False, True), (True, False)]
    assert rows[1]["error"]["code"] == "empty_text"
    assert "1 of 3 items failed" in out.stderr


def test_errors_are_plain_sentences_with_exit_codes(nonla_home: Path, tmp_path: Path) -> None:
    cases = [
        (("run", "vi.words", "--text", ""), 2, "empty_text"),
        (("run", "vi.nothing", "--text", "x"), 3, "unknown_function"),
        (("run", "vi.words@7", "--text", "x"), 3, "unknown_version"),
        (("run", "vi.words", "--input", str(tmp_path / "missing.jsonl")), 3, "not_found"),
        (("keys", "create", "--role", "root", "--name", "x"), 2, "invalid_input"),
    ]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{oops\n')
    cases.append((("run", "vi.words", "--input", str(bad)), 2, "invalid_json"))
    for args, code, error in cases:
        out = nonla(*args, home=nonla_home)
        assert out.returncode == code, (args, out.stderr)
        assert error in out.stderr and "What to do" in out.stderr and "Traceback" not in out.stderr


def test_functions_and_describe(nonla_home: Path) -> None:
    listed = nonla("functions", home=nonla_home)
    assert listed.returncode == 0 and "vi.words@2" in listed.stdout and "UD-VTB" in listed.stdout
    described = nonla("describe", "vi.words", home=nonla_home)
    assert described.returncode == 0 and '"maxLength": 200000' in described.stdout


def test_keys_create_list_revoke(nonla_home: Path) -> None:
    created = nonla("keys", "create", "--role", "caller", "--name", "portal", "--scope", "vi.*", home=nonla_home)
    assert created.returncode == 0
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("nonla_")
    key_id = key.split("_")[1]
    assert key_id in nonla("keys", "list", home=nonla_home).stdout
    assert nonla("keys", "revoke", key_id, home=nonla_home).returncode == 0
    assert nonla("keys", "revoke", "nope", home=nonla_home).returncode == 3
    agency = nonla("keys", "create", "--role", "admin", "--name", "so y te", "--tenant", "so-y-te", home=nonla_home)
    assert agency.returncode == 0 and "tenant so-y-te" in agency.stderr
    assert "so-y-te" in nonla("keys", "list", home=nonla_home).stdout
    bad = nonla("keys", "create", "--role", "caller", "--name", "x", "--tenant", "Sở Y tế", home=nonla_home)
    assert bad.returncode == 2 and "not a tenant id" in bad.stderr


def test_audit_verify_names_the_edited_row(nonla_home: Path, tmp_path: Path) -> None:
    for text in ("một", "hai", "ba"):
        assert nonla("run", "vi.words", "--text", text, home=nonla_home).returncode == 0
    ok = nonla("audit", "verify", home=nonla_home)
    assert ok.returncode == 0 and "3 rows" in ok.stdout
    exported = nonla("audit", "export", "--output", str(tmp_path / "audit.jsonl"), home=nonla_home)
    assert exported.returncode == 0 and len((tmp_path / "audit.jsonl").read_text().splitlines()) == 3
    with sqlite3.connect(nonla_home / "nonla.db") as db:
        db.execute("UPDATE audit_log SET status = 'error' WHERE seq = 2")
    broken = nonla("audit", "verify", home=nonla_home)
    assert broken.returncode == 1
    assert "row 2" in broken.stderr


def test_a_file_in_two_worker_processes_gives_the_same_lines_in_order(nonla_home: Path, tmp_path: Path) -> None:
    texts = ["Tòa án nhân dân tối cao", "", "xin chào Việt Nam", "Bộ luật Hình sự"] * 40
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts), encoding="utf-8")
    outputs = []
    for workers in ("1", "2"):
        target = tmp_path / f"out{workers}.jsonl"
        run = nonla("run", "vi.words", "-i", str(source), "-o", str(target), "--workers", workers, "--batch-size", "16", home=nonla_home)
        assert run.returncode == 0, run.stderr
        outputs.append(target.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert outputs[0].count('"empty_text"') == 40
    verify = nonla("audit", "verify", home=nonla_home)
    assert verify.returncode == 0 and "rows verified" in verify.stdout


def test_collections_embed_and_search_by_meaning(nonla_home: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    rows = [{"id": "xe", "text": "Người điều khiển xe máy phải đội mũ bảo hiểm khi tham gia giao thông."},
            {"id": "dat", "text": "Tranh chấp quyền sử dụng đất được hòa giải tại Ủy ban nhân dân cấp xã."}]  # fmt: skip
    docs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    assert nonla("collections", "create", "docs", home=nonla_home).returncode == 0
    assert nonla("collections", "add", "docs", "--input", str(docs), home=nonla_home).returncode == 0
    before = nonla("collections", "search", "docs", "nón an toàn mô tô", "--mode", "dense", home=nonla_home)
    assert "BM25 only" in before.stderr
    embedded = nonla("collections", "embed", "docs", home=nonla_home)
    assert embedded.returncode == 0 and "2 of 2 parts have vectors" in embedded.stdout, embedded.stderr
    found = nonla("collections", "search", "docs", "nón an toàn mô tô", "--mode", "dense", "-k", "1", home=nonla_home)
    assert found.stdout.split()[0] == "xe", found.stdout
    bad = nonla("collections", "search", "docs", "xe", "--mode", "fuzzy", home=nonla_home)
    assert bad.returncode != 0 and "hybrid, bm25 or dense" in bad.stderr


def test_a_usage_error_is_a_message_not_a_traceback(nonla_home: Path) -> None:
    run = nonla("functions", "--no-such-option", home=nonla_home)
    assert run.returncode == 2 and "No such option" in run.stderr and "Traceback" not in run.stderr


def test_civic_taxonomy_show_and_set(nonla_home: Path, tmp_path: Path) -> None:
    shipped = nonla("civic", "taxonomy", "default", home=nonla_home)
    assert shipped.returncode == 0 and json.loads(shipped.stdout)["categories"]["health"]["department"] == "Sở Y tế"
    override = tmp_path / "hue.json"
    override.write_text(json.dumps({"categories": {"health": {"department": "Sở Y tế Huế"}}}), encoding="utf-8")
    saved = nonla("civic", "taxonomy", "hue", "--set", str(override), home=nonla_home)
    assert saved.returncode == 0 and json.loads(saved.stdout)["categories"]["health"]["department"] == "Sở Y tế Huế"
    override.write_text("{not json", encoding="utf-8")
    bad = nonla("civic", "taxonomy", "hue", "--set", str(override), home=nonla_home)
    assert bad.returncode == 2 and "not a readable JSON file" in bad.stderr


def test_a_batch_size_above_the_runners_limit_is_lowered_to_it(nonla_home: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """--batch-size over NONLA_MAX_BATCH_ITEMS failed the run at its first batch once the file held more lines."""
    monkeypatch.setenv("NONLA_MAX_BATCH_ITEMS", "4")
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps({"text": f"xin chào {n}"}) + "\n" for n in range(10)), encoding="utf-8")
    out = nonla("run", "vi.words", "-i", str(source), "-o", str(target), "--batch-size", "10", home=nonla_home)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [r["output"]["words"][-1] for r in rows] == [str(n) for n in range(10)]
    assert "NONLA_MAX_BATCH_ITEMS" in nonla("run", "--help", home=nonla_home).stdout
