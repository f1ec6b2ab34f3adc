"""Print the README's function table from the catalogue: every figure comes from a card, so the table cannot drift.

    python scripts/readme_table.py > /tmp/table.md
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import nonla  # noqa: E402


def figures(values: dict[str, float]) -> str:
    return "; ".join(f"{name} **{value:g}**" for name, value in values.items()) or "—"


def main() -> None:
    print("| function | what it does | measured (ours) | peers, same data and run | reproduce |")
    print("|---|---|---|---|---|")
    for entry in nonla.catalog():
        card = entry.card
        peers = "; ".join(f"{name} {value:g}" for name, value in card.peers.items()) or "no offline peer"
        print(f"| `{entry.ref}` | {card.summary} | {figures(card.metrics)} | {peers} | `{card.evaluation}` |")


if __name__ == "__main__":
    main()
