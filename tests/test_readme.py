"""The README's function table is the one the cards print today, and the counts it quotes are the ones there are."""

from __future__ import annotations

import re
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


def quoted(pattern: str) -> list[int]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [int(found.replace(",", "")) for found in re.findall(pattern, readme)]


def test_readme_counts_the_hardening_tests_there_are() -> None:
    collected = subprocess.run([sys.executable, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider",
                                "tests/hardening"], cwd=REPO, capture_output=True, text=True, check=True).stdout  # fmt: skip
    count = int(re.search(r"(\d+) tests? collected", collected).group(1))  # type: ignore[union-attr]
    assert quoted(r"all of it: ([\d,]+) tests") == [count]


def test_readme_counts_the_operations_the_api_has() -> None:
    from nonla.api.app import create_app

    paths = create_app().openapi()["paths"]
    count = sum(method in {"get", "put", "post", "patch", "delete"} for item in paths.values() for method in item)
    assert set(quoted(r"([\d,]+) operations")) == {count}
