"""The README's function table is the one the cards print today: no figure in it can go stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_readme_table_matches_the_cards() -> None:
    table = subprocess.run([sys.executable, "scripts/readme_table.py"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert table.strip() in readme, "README table is stale: run python scripts/readme_table.py and paste its output"
    for command in ("make run", "make test"):
        assert command in readme
