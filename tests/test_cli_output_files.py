"""A file the `nonla` command writes appears whole or not at all: a run that fails before, during or after its first
line (an unknown function, a full disk, Ctrl-C) leaves the file already there as it was, and the input is never the
output. Devices (/dev/full) and odd paths end in a plain message, not a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.test_cli import NONLA, nonla
from tests.test_cli_bad_input import refused

PREVIOUS = '{"previous": "results, kept"}\n'


@pytest.fixture
def lines(tmp_path: Path) -> Path:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in ["Hà Nội", "xin chào"]),
                      encoding="utf-8")  # fmt: skip
    return source


def hidden_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_the_output_may_not_be_the_input(nonla_home: Path, lines: Path, tmp_path: Path) -> None:
    before = lines.read_bytes()
    assert "is the input file" in refused(nonla("run", "vi.words", "-i", str(lines), "-o", str(lines),
                                                home=nonla_home), 2)  # fmt: skip
    (tmp_path / "link.jsonl").symlink_to(lines)
    os.link(lines, tmp_path / "hard.jsonl")
    for other in ("link.jsonl", "hard.jsonl", "./in.jsonl"):
        target = str(tmp_path / other)
        assert "is the input file" in refused(nonla("run", "vi.words", "-i", str(lines), "-o", target,
                                                    home=nonla_home), 2), other  # fmt: skip
    assert lines.read_bytes() == before


def test_a_run_that_fails_leaves_the_previous_output(nonla_home: Path, lines: Path, tmp_path: Path) -> None:
    previous = tmp_path / "prev.jsonl"
    previous.write_text(PREVIOUS, encoding="utf-8")
    assert "unknown_function" in refused(nonla("run", "vi.nope", "-i", str(lines), "-o", str(previous),
                                               home=nonla_home), 3)  # fmt: skip
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert hidden_files(tmp_path) == []
    done = nonla("run", "vi.words", "-i", str(lines), "-o", str(previous), home=nonla_home)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["output"]["words"] for line in previous.read_text(encoding="utf-8").splitlines()] == [
        ["Hà Nội"], ["xin", "chào"]]  # fmt: skip
    assert hidden_files(tmp_path) == []


def test_ctrl_c_leaves_the_previous_output(nonla_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    source.write_text("".join(json.dumps({"text": f"Bộ luật Hình sự số {i}"}, ensure_ascii=False) + "\n"
                              for i in range(200_000)), encoding="utf-8")  # fmt: skip
    previous = tmp_path / "prev.jsonl"
    previous.write_text(PREVIOUS, encoding="utf-8")
    env = {**os.environ, "NONLA_HOME": str(nonla_home)}
    with subprocess.Popen([*NONLA, "run", "vi.words", "-i", str(source), "-o", str(previous), "--batch-size", "8"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                          start_new_session=True) as run:  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(p.name.endswith(".partial") for p in tmp_path.iterdir()):
            time.sleep(0.2)  # the hidden file beside the output exists once the run writes
        time.sleep(1)
        os.killpg(run.pid, signal.SIGINT)  # as Ctrl-C: the whole foreground group
        _, err = run.communicate(timeout=120)
    assert run.returncode == 130 and "Traceback" not in err, err
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert hidden_files(tmp_path) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_device_is_a_plain_error(nonla_home: Path, lines: Path) -> None:
    assert nonla("run", "vi.words", "-t", "x", home=nonla_home).returncode == 0  # an audit row to export
    for args in (("run", "vi.words", "-i", str(lines), "-o", "/dev/full"), ("audit", "export", "-o", "/dev/full"),
                 ("subjects", "export", "someone", "--out", "/dev/full")):  # fmt: skip
        assert "'/dev/full': No space left on device" in refused(nonla(*args, home=nonla_home), 2), args


def test_exports_that_fail_leave_the_previous_file(nonla_home: Path, tmp_path: Path) -> None:
    previous = tmp_path / "audit.jsonl"
    previous.write_text(PREVIOUS, encoding="utf-8")
    nonla_home.mkdir(parents=True)
    (nonla_home / "nonla.db").write_bytes(b"this is not a database" * 100)  # the export fails after opening its file
    refused(nonla("audit", "export", "-o", str(previous), home=nonla_home), 6)
    refused(nonla("subjects", "export", "someone", "--out", str(previous), home=nonla_home), 6)
    refused(nonla("review", "examples", "export", "vi.words", "-o", str(previous), home=nonla_home), 6)
    assert previous.read_text(encoding="utf-8") == PREVIOUS
    assert hidden_files(tmp_path) == []


def test_written_exports_are_whole(nonla_home: Path, tmp_path: Path) -> None:
    assert nonla("run", "vi.words", "-t", "x", home=nonla_home).returncode == 0
    audit, subject = tmp_path / "audit.jsonl", tmp_path / "subject.json"
    assert nonla("audit", "export", "-o", str(audit), home=nonla_home).returncode == 0
    assert len(audit.read_text(encoding="utf-8").splitlines()) == 1
    assert nonla("subjects", "export", "someone", "--out", str(subject), home=nonla_home).returncode == 0
    assert json.loads(subject.read_text(encoding="utf-8"))
    assert hidden_files(tmp_path) == []


def test_a_missing_folder_or_a_file_given_as_a_folder(nonla_home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "out.jsonl"
    assert "does not exist" in refused(nonla("audit", "export", "-o", str(missing), home=nonla_home), 2)
    afile = tmp_path / "ok.jsonl"
    afile.write_text(PREVIOUS, encoding="utf-8")
    said = refused(nonla("governance", "report", "vi.words", "--out", str(afile), home=nonla_home), 2)
    assert "must be a folder" in said and afile.read_text(encoding="utf-8") == PREVIOUS


@pytest.mark.skipif(sys.platform != "linux", reason="/proc is Linux's")
def test_a_path_under_proc_is_a_plain_error(nonla_home: Path, lines: Path) -> None:
    assert "'/proc/version'" in refused(nonla("run", "vi.words", "-i", str(lines), "-o", "/proc/version",
                                              home=nonla_home), 2)  # fmt: skip


def test_one_input_is_written_to_the_output_file(nonla_home: Path, tmp_path: Path) -> None:
    """--output was ignored for --text: the result went to stdout and no file appeared."""
    target = tmp_path / "one.jsonl"
    target.write_text(PREVIOUS, encoding="utf-8")
    done = nonla("run", "vi.words", "--text", "xin chào", "--output", str(target), home=nonla_home)
    assert done.returncode == 0 and done.stdout == "", done.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["words"] == ["xin", "chào"]
    assert "empty_text" in refused(nonla("run", "vi.words", "--text", "", "-o", str(target), home=nonla_home), 2)
    assert json.loads(target.read_text(encoding="utf-8"))["words"] == ["xin", "chào"], "a failed run leaves the file"
    assert hidden_files(tmp_path) == []
