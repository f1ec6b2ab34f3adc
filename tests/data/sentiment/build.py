"""Build the sentiment data set (train.jsonl, test.jsonl) from the hand-written sentences beside this file.

positive.txt, negative.txt and neutral.txt hold one ``domain|text`` per line, written by the nonla team for this
set (CC0: free to redistribute). Domains: public services, citizen complaints, products, apps, news, health,
education, transport, food, travel, banking, delivery, work, telecom, housing, insurance, legal and short
teen-code messages ("ko", "dc", "k", "mn"); about one in ten is typed without diacritics.

The split is stratified and deterministic: within each label the sentences are ordered by the sha256 of their text
and every third goes to test, the rest to train. Rerunning writes the same bytes.

    python tests/data/sentiment/build.py
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "src"))
from nonla.functions.vi.tone_marks import strip_diacritics  # noqa: E402

LABELS = ("positive", "negative", "neutral")
TEST_EVERY = 3


def read(label: str) -> list[dict[str, object]]:
    rows = []
    for number, line in enumerate((HERE / f"{label}.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        domain, sep, text = line.partition("|")
        if not sep or not text.strip() or "|" in text:
            raise SystemExit(f"{label}.txt:{number}: expected 'domain|text'")
        text = unicodedata.normalize("NFC", text.strip())
        rows.append(
            {"text": text, "label": label, "domain": domain.strip(), "diacritics": strip_diacritics(text) != text}
        )
    return rows


def main() -> None:
    seen: dict[str, str] = {}
    splits: dict[str, list[dict[str, object]]] = {"train": [], "test": []}
    for label in LABELS:
        rows = read(label)
        for row in rows:
            key = str(row["text"]).casefold()
            if key in seen:
                raise SystemExit(f"duplicate sentence in {label} and {seen[key]}: {row['text']}")
            seen[key] = label
        rows.sort(key=lambda r: hashlib.sha256(str(r["text"]).encode()).hexdigest())
        for rank, row in enumerate(rows):
            splits["test" if rank % TEST_EVERY == 0 else "train"].append(row)
    for split, rows in splits.items():
        lines = [json.dumps({"id": f"{split}-{i:04d}", **row}, ensure_ascii=False) for i, row in enumerate(rows, 1)]
        (HERE / f"{split}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        counts = {label: sum(r["label"] == label for r in rows) for label in LABELS}
        plain = sum(not r["diacritics"] for r in rows)
        print(f"{split}: {len(rows)} sentences {counts}, {plain} without diacritics")


if __name__ == "__main__":
    main()
