"""Every figure on a card is what its evaluation command measures now, on real data: no figure is typed in by hand.

Runs each card's evaluation command (the one the card names) and compares the card's metrics and peer figures.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import nonla

REPO = Path(__file__).resolve().parents[1]
ENTRIES = [e for e in nonla.catalog() if e.source == "builtin"]


@pytest.mark.slow
@pytest.mark.parametrize("entry", ENTRIES, ids=[e.ref for e in ENTRIES])
def test_card_figures_match_a_fresh_measurement(entry: nonla.core.catalog.CatalogEntry, tmp_path: Path) -> None:  # type: ignore[name-defined]
    command = shlex.split(entry.card.evaluation)
    assert command[0] == "python"
    env = {**os.environ, "NONLA_HOME": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, *command[1:], "--json"], cwd=REPO, capture_output=True, text=True, env=env, timeout=900
    )
    assert run.returncode == 0, run.stderr[-2000:]
    measured = json.loads(run.stdout.strip().splitlines()[-1])
    assert measured["card"], "the evaluation must say which figures go on the card"
    assert entry.card.metrics == pytest.approx(measured["card"], abs=0.011), measured["card"]
    assert entry.card.peers == pytest.approx(measured["peers"], abs=0.011), measured["peers"]
