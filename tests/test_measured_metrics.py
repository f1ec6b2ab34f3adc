"""Every figure on a card is what its evaluation command measures now, on real data: no figure is typed in by hand.

Runs each card's evaluation command (the one the card names) and compares the card's metrics and peer figures.
"""

from __future__ import annotations

import json
import math
import os
import re
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
    for kind, card in (("card", entry.card.metrics), ("peers", entry.card.peers)):
        assert set(card) == set(measured[kind]), (kind, sorted(set(card) ^ set(measured[kind])))
        assert all(math.isfinite(value) for value in measured[kind].values()), measured[kind]
        off = {name: (value, measured[kind][name]) for name, value in card.items()
               if abs(value - measured[kind][name]) > tolerance(name, value)}  # fmt: skip
        assert not off, f"{kind} figures (card, measured now): {off}"


SAMPLE = re.compile(r"(\d[\d,]*)(?:\s+[\w-]+)*")
# what a figure's name counts when that count is its unit (a WER over 10 clips counts words, not clips)
COUNTED = {"questions", "sentences", "words", "items", "messages", "texts", "references", "pairs", "pages"}


def tolerance(name: str, value: float) -> float:
    """How far a fresh measurement may sit from the card's figure.

    The evaluations are deterministic on one machine, but the same pinned packages round differently on another
    CPU (BLAS, distance and ONNX kernels are picked for the processor they run on), and the odd borderline item
    flips: a text at a classifier's decision boundary, two articles tied in a ranking, one word of a transcript.
    Between two CPU families a figure moved by up to 2 % of its value (text.sentiment on unmarked text: 71.5 and
    70.56), or by one item of a small set (legal.answer on 46 questions: 73.91 and 71.74). So a figure may move by
    2 % of itself (at most 1.5 points) or by one item of the set its name counts, and never less than 0.011; a
    figure typed in by hand rarely lands that close, and a small one (an error rate of 0.68 %) keeps a tight bound.

    >>> tolerance("recall@5 (222 questions)", 0.8423), tolerance("grounded % (KB-backed, 46)", 73.91)
    (0.016846, 2.184913)
    >>> tolerance("FAR % (originals and copies)", 0.68), tolerance("WER % (telephone (8 kHz))", 81.15)
    (0.0136, 1.5)
    """
    scale = 100.0 if "%" in name or abs(value) > 1 else 1.0
    one_item = 0.0
    for group in re.findall(r"\(([^()]*)\)", name):
        found = SAMPLE.fullmatch(group.split(",")[-1].strip())
        if found and (found.group() == found.group(1) or found.group().split()[-1] in COUNTED):
            one_item = scale / int(found.group(1).replace(",", "")) + 0.011
    return round(max(0.011, min(1.5, 0.02 * abs(value)), one_item), 6)
