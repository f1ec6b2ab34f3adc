"""Build messages.jsonl, the civic feedback data set, from the hand-written sources beside this file.

sources/<category>.txt hold one ``urgency|channel|text`` per line, written by the nonla team (CC0). A line that
starts with ``+`` reports the same problem as the line above it in other words (a near-duplicate pair); a text that
starts with ``~`` was typed without diacritics and is stored with its marks removed, as the sender sent it.

Each row: id, text, category, department (the default routing table, src/nonla/functions/civic/taxonomy.py),
urgency, split, duplicate_of (both members of a pair carry the id of the first report; null otherwise), channel.
The split is stratified by category and deterministic: groups (a message, or a duplicate pair, kept together) are
ordered by the sha256 of their first text and a group goes to test while test holds under 30 % of the groups seen.

    python tests/data/civic/build.py
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO / "src"))
from nonla.functions.civic.taxonomy import DEFAULT_TAXONOMY as TAXONOMY  # noqa: E402
from nonla.functions.vi.tone_marks import strip_diacritics  # noqa: E402

URGENCIES = ("high", "normal", "low")
CHANNELS = ("app", "hotline", "portal")
TEST_SHARE = 0.3


def read(category: str) -> list[list[dict[str, str]]]:
    """The category's messages in groups: a single report, or a report and its near-duplicate."""
    groups: list[list[dict[str, str]]] = []
    path = HERE / "sources" / f"{category}.txt"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        repeat = line.startswith("+")
        urgency, channel, text = (line[1:] if repeat else line).split("|", 2)
        if urgency not in URGENCIES or channel not in CHANNELS or not text.strip():
            raise SystemExit(f"{path.name}:{number}: expected 'urgency|channel|text'")
        text = unicodedata.normalize("NFC", text.strip())
        if text.startswith("~"):
            text = strip_diacritics(text[1:].strip())
        row = {"text": text, "category": category, "urgency": urgency, "channel": channel}
        if repeat:
            if not groups or len(groups[-1]) != 1:
                raise SystemExit(f"{path.name}:{number}: '+' must follow a single report")
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for category in TAXONOMY["categories"]:
        groups = sorted(read(category), key=lambda g: digest(g[0]["text"]))
        test = total = 0
        for group in groups:
            total += 1
            split = "test" if test < TEST_SHARE * total else "train"
            test += split == "test"
            first_id = f"civic-{len(rows) + 1:04d}"
            for row in group:
                if row["text"].casefold() in seen:
                    raise SystemExit(f"the same text twice: {row['text']}")
                seen.add(row["text"].casefold())
                rows.append({
                    "id": f"civic-{len(rows) + 1:04d}",
                    "text": row["text"],
                    "category": category,
                    "department": TAXONOMY["categories"][category]["department"],
                    "urgency": row["urgency"],
                    "split": split,
                    "duplicate_of": first_id if len(group) > 1 else None,
                    "channel": row["channel"],
                })  # fmt: skip
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    (HERE / "messages.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} messages written to messages.jsonl")


if __name__ == "__main__":
    main()
