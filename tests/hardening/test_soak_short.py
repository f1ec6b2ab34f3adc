"""bench/soak.py for a few seconds: a real server under concurrent load answers no 5xx and its memory stays bounded.

Only relative figures are checked (absolute latencies depend on the machine); the full soak is
`python bench/soak.py --seconds 600`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GROWTH_MB = 150  # after every model is loaded, 20 s of load must not grow the server by more than this


@pytest.mark.timeout(240)
def test_short_soak_has_no_server_error_and_bounded_memory(tmp_path: Path) -> None:
    out = tmp_path / "soak.json"
    run = subprocess.run([sys.executable, str(REPO / "bench" / "soak.py"), "--seconds", "20", "--clients", "4",
                          "--sample", "5", "--json", str(out)], capture_output=True, text=True, timeout=220)  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["server_errors"] == 0 and not figures["unexpected"]
    assert figures["total"] >= 20 and {"vi.words", "civic.triage", "bad: not JSON"} <= {
        row["endpoint"] for row in figures["rows"]
    }
    assert all(status < 500 for status in map(int, figures["by_status"]))
    rss = [mb for _, mb in figures["rss_mb"]]
    assert len(rss) >= 3 and rss[-1] - rss[0] < GROWTH_MB, rss
