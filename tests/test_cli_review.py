"""`nonla review` as users run it: a real process, a real SQLite file in NONLA_HOME, a real function."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NONLA = [sys.executable, "-m", "nonla.cli"]
RIGHT = {"language": "vi", "confidence": 1.0, "diacritics": False}


def nonla(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NONLA_HOME": str(home), "COLUMNS": "200"}
    return subprocess.run([*NONLA, *args], capture_output=True, text=True, env=env, timeout=300)


def test_policy_queue_decisions_and_examples(nonla_home: Path, tmp_path: Path) -> None:
    set_policy = nonla("review", "policy", "set", "text.language", "--threshold", "0.5", home=nonla_home)
    assert set_policy.returncode == 0, set_policy.stderr
    assert json.loads(set_policy.stdout)["threshold"] == 0.5
    assert "text.language" in nonla("review", "policy", "list", home=nonla_home).stdout
    for text in ("xin chao", "Tôi muốn đăng ký tạm trú cho con tại phường.", "toi"):
        assert nonla("run", "text.language", "--text", text, home=nonla_home).returncode == 0
    listed = nonla("review", "list", home=nonla_home)
    assert listed.returncode == 0 and "low_confidence" in listed.stdout and "text.language@1" in listed.stdout
    shown = json.loads(nonla("review", "show", "1", home=nonla_home).stdout)
    assert shown["input"] == {"text": "xin chao"} and shown["status"] == "pending"

    cases = [
        (("review", "correct", "1", "--output", "{oops"), 2, "invalid_json"),
        (("review", "correct", "1", "--output", '{"language": "vi"}'), 2, "invalid_input"),
        (("review", "accept", "99"), 3, "not_found"),
        (("review", "list", "--status", "lost"), 2, "invalid_input"),
        (("review", "policy", "set", "vi.words", "--threshold", "0.5"), 2, "invalid_input"),
    ]
    for args, code, error in cases:
        out = nonla(*args, home=nonla_home)
        assert out.returncode == code, (args, out.stderr)
        assert error in out.stderr and "What to do" in out.stderr and "Traceback" not in out.stderr

    corrected = nonla(
        "review", "correct", "1", "--output", json.dumps(RIGHT), "--note", "gõ không dấu", home=nonla_home
    )
    assert corrected.returncode == 0 and "training example" in corrected.stdout
    assert nonla("review", "accept", "2", home=nonla_home).returncode == 0
    again = nonla("review", "accept", "1", home=nonla_home)
    assert again.returncode == 5 and "already corrected" in again.stderr
    assert "accepted" in nonla("review", "list", "--status", "accepted", home=nonla_home).stdout

    target = tmp_path / "examples.jsonl"
    exported = nonla("review", "examples", "export", "text.language", "--output", str(target), home=nonla_home)
    assert exported.returncode == 0 and "1 examples" in exported.stderr
    [line] = target.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["input"] == {"text": "xin chao"} and json.loads(line)["output"] == RIGHT
    to_stdout = nonla("review", "examples", "export", "text.language", home=nonla_home)
    assert to_stdout.stdout.strip() == line
    removed = nonla("review", "policy", "set", "text.language", home=nonla_home)
    assert json.loads(removed.stdout) == {"function": "text.language", "removed": True}
    verify = nonla("audit", "verify", home=nonla_home)
    assert verify.returncode == 0 and "9 rows" in verify.stdout, verify.stdout


def test_always_reviewed_file_runs_queue_every_good_line(nonla_home: Path, tmp_path: Path) -> None:
    assert nonla("review", "policy", "set", "vi.words", "--always", "--required", home=nonla_home).returncode == 0
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"text": t}) for t in ["xin chào", "", "Hà Nội"]), encoding="utf-8")
    run = nonla("run", "vi.words", "--input", str(source), "--output", str(tmp_path / "out.jsonl"), home=nonla_home)
    assert run.returncode == 0, run.stderr
    pending = nonla("review", "list", "--function", "vi.words", home=nonla_home).stdout
    assert sum("always" in line and "held" in line for line in pending.splitlines()) == 2
    assert "vi.words" not in nonla("review", "list", "--status", "released", home=nonla_home).stdout


def test_run_says_when_a_result_waits_for_review(nonla_home: Path) -> None:
    assert nonla("review", "policy", "set", "text.language", "--always", home=nonla_home).returncode == 0
    ran = nonla("run", "text.language", "--text", "Tôi muốn đăng ký tạm trú.", home=nonla_home)
    assert ran.returncode == 0 and json.loads(ran.stdout)["language"] == "vi"
    assert "Queued for review (always): nonla review show 1" in ran.stderr
