"""Shared helpers for the evaluation scripts: where the data is, how to call functions, how to score and report.

Every script prints a table and, with --json, one JSON object; card metrics are copied from these outputs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("NONLA_SHARED_DATA", REPO.parent / "shared" / "data"))
UD = SHARED_DATA / "ud_vietnamese_vtb"
sys.path.insert(0, str(REPO / "src"))


def args(description: str, versions: bool = False) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    if versions:
        parser.add_argument("--version", type=int, default=1, help="which version of the function to evaluate")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--limit", type=int, default=0, help="only the first N items (quick checks)")
    return parser.parse_args()


def run_all(name: str, items: Sequence[dict[str, Any]], batch: int = 256) -> list[Any]:
    """Call a function through the runner (same validation as every surface), without writing audit rows."""
    from nonla.core.errors import NonlaError
    from nonla.core.runner import Runner

    runner = Runner()
    out: list[Any] = []
    for start in range(0, len(items), batch):
        for result in runner.call(name, list(items[start : start + batch])).results:
            if isinstance(result, NonlaError):
                raise SystemExit(f"{name} failed on an evaluation item: {result.to_dict()}")
            out.append(result)
    return out


def prf(gold: Iterable[Any], pred: Iterable[Any]) -> dict[str, float]:
    """Precision, recall and F1 (in %) of two multisets given as iterables of hashable items."""
    from collections import Counter

    g, p = Counter(gold), Counter(pred)
    hit = sum((g & p).values())
    precision = 100 * hit / max(1, sum(p.values()))
    recall = 100 * hit / max(1, sum(g.values()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {"precision": round(precision, 2), "recall": round(recall, 2), "f1": round(f1, 2)}


def ranking_metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    """recall@1/5/10 and MRR from each question's rank (0-based) of its first right answer, None when not found.

    >>> ranking_metrics([0, 3, None, 7])
    {'recall@1': 0.25, 'recall@5': 0.5, 'recall@10': 0.75, 'MRR': 0.3438}
    """
    found = [r for r in ranks if r is not None]
    n = max(1, len(ranks))
    return {
        "recall@1": round(sum(r < 1 for r in found) / n, 4),
        "recall@5": round(sum(r < 5 for r in found) / n, 4),
        "recall@10": round(sum(r < 10 for r in found) / n, 4),
        "MRR": round(sum(1 / (r + 1) for r in found) / n, 4),
    }


def spans_of(text: str, pieces: Sequence[str], start: int = 0) -> list[tuple[int, int]]:
    """Character spans of consecutive pieces in text (pieces may differ in inner spacing, e.g. '_' joins)."""
    spans = []
    cursor = start
    for piece in pieces:
        syllables = piece.replace("_", " ").split()
        if not syllables:
            continue
        first = text.find(syllables[0], cursor)
        if first < 0:
            continue
        end = first
        for syllable in syllables:
            end = text.find(syllable, end) + len(syllable)
        spans.append((first, end))
        cursor = end
    return spans


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *_: Any) -> None:
        self.seconds = time.perf_counter() - self.start


def report(
    title: str,
    rows: dict[str, dict[str, Any]],
    as_json: bool,
    extra: dict[str, Any] | None = None,
    card: dict[str, float] | None = None,
    peers: dict[str, float] | None = None,
) -> None:
    """Print the table (or JSON). ``card`` and ``peers`` are the figures the function's card must carry, verbatim:
    tests/test_measured_metrics.py checks the cards against them."""
    if as_json:
        body = {"title": title, "results": rows, "card": card or {}, "peers": peers or {}, **(extra or {})}
        print(json.dumps(body, ensure_ascii=False))
        return
    print(f"\n{title}")
    columns = list(dict.fromkeys(c for row in rows.values() for c in row))
    widths = [max(12, len(c) + 2) for c in columns]
    width = max(len(r) for r in rows) + 2
    print("".ljust(width) + "".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)))
    for name, row in rows.items():
        print(name.ljust(width) + "".join(str(row.get(c, "")).rjust(w) for c, w in zip(columns, widths, strict=True)))
    for key, value in (extra or {}).items():
        print(f"{key}: {value}")
    if card:
        print("card metrics:", json.dumps(card, ensure_ascii=False))
        print("card peers:  ", json.dumps(peers or {}, ensure_ascii=False))
