"""`nonla inbox` as users run it: a real process, a real SQLite file in NONLA_HOME, the real civic.triage."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

NONLA = [sys.executable, "-m", "nonla.cli"]
ROWS = [json.loads(line) for line in (Path(__file__).parent / "data" / "civic" / "messages.jsonl")
        .read_text(encoding="utf-8").splitlines()]  # fmt: skip


def nonla(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NONLA_HOME": str(home), "COLUMNS": "200"}
    return subprocess.run([*NONLA, *args], capture_output=True, text=True, env=env, timeout=600)


def test_submit_a_csv_then_handle_a_message_and_read_the_statistics(nonla_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "hotline.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "channel", "received_at"])
        for row in ROWS[:8]:
            writer.writerow([row["id"], row["text"], row["channel"], "2025-03-03T08:00"])
        writer.writerow(["empty", "", "app", ""])
    submitted = nonla("inbox", "submit", str(path), home=nonla_home)
    assert submitted.returncode == 0, submitted.stderr
    assert "8 messages stored (0 held for review), 0 already in the inbox, 1 failed" in submitted.stderr
    assert "row 9" in submitted.stderr and "9/9" in submitted.stderr  # the progress bar, once done
    rerun = nonla("inbox", "submit", str(path), home=nonla_home)
    assert "0 messages stored (0 held for review), 8 already in the inbox" in rerun.stderr

    listed = nonla("inbox", "list", "--json", home=nonla_home)
    page = json.loads(listed.stdout)
    assert page["total"] == 8 and {m["key"] for m in page["messages"]} == {r["id"] for r in ROWS[:8]}
    table = nonla("inbox", "list", "--limit", "3", home=nonla_home)
    assert table.returncode == 0 and "8 messages" in table.stdout and "traffic_roads" in table.stdout
    mid = str(page["messages"][0]["id"])

    one = nonla("inbox", "submit", "--text", ROWS[212]["text"], "--channel", "hotline", home=nonla_home)
    assert one.returncode == 0 and json.loads(one.stdout)["channel"] == "hotline"

    cases = [
        (("inbox", "answer", mid, "--text", "Đã sửa."), 5, "conflict"),
        (("inbox", "close", mid), 5, "conflict"),
        (("inbox", "assign", mid), 2, "invalid_input"),
        (("inbox", "show", "999"), 3, "not_found"),
        (("inbox", "list", "--status", "lost"), 2, "invalid_input"),
        (("inbox", "stats", "--by", "colour"), 2, "invalid_input"),
        (("inbox", "submit", str(tmp_path / "missing.csv")), 3, "not_found"),
        (("inbox", "submit"), 2, "invalid_input"),
    ]
    for args, code, error in cases:
        out = nonla(*args, home=nonla_home)
        assert out.returncode == code, (args, out.stderr)
        assert error in out.stderr and "What to do" in out.stderr and "Traceback" not in out.stderr

    assigned = nonla("inbox", "assign", mid, "--department", "Sở Xây dựng", "--assignee", "Lê Minh", home=nonla_home)
    assert assigned.returncode == 0 and "assigned to Sở Xây dựng, Lê Minh" in assigned.stdout
    assert nonla("inbox", "answer", mid, "--text", "Đã lên kế hoạch sửa.", home=nonla_home).returncode == 0
    assert nonla("inbox", "close", mid, home=nonla_home).returncode == 0
    shown = json.loads(nonla("inbox", "show", mid, home=nonla_home).stdout)
    assert shown["status"] == "closed" and [h["action"] for h in shown["history"]] == [
        "submit", "assign", "answer", "close",
    ]  # fmt: skip

    stats = nonla("inbox", "stats", "--by", "department", "--period", "month", home=nonla_home)
    assert stats.returncode == 0 and "Sở Xây dựng" in stats.stdout and "2025-03" in stats.stdout
    assert "total" in stats.stdout and "median hours" in stats.stdout
    as_json = json.loads(nonla("inbox", "stats", "--period", "all", "--json", home=nonla_home).stdout)
    assert as_json["total"]["count"] == 9 and as_json["total"]["answered"] == 1
