"""Build the text.classify data set (test.jsonl, pool.jsonl) from the hand-written files beside this file.

tasks.json names four tasks and describes each label the way a user would in a request: department routing of a
citizen's report, news topic, intent of a message to a public-service desk, and the aspect of an app review.
<task>.txt holds one ``label|text`` per line, written by the nonla team for this set (CC0: free to redistribute);
about one in ten is typed without diacritics, a few in teen code.

The split is stratified and deterministic: within each (task, label) the texts are ordered by the sha256 of their
text and every third goes to pool.jsonl (the few-shot examples, and the dev set for design choices), the rest to
test.jsonl. Every test item carries its task's label descriptions. Rerunning writes the same bytes.

    python tests/data/classify/build.py
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

POOL_EVERY = 3


def read(task: str, labels: dict[str, str]) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {label: [] for label in labels}
    for number, line in enumerate((HERE / f"{task}.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        label, sep, text = line.partition("|")
        if not sep or label not in labels or not text.strip():
            raise SystemExit(f"{task}.txt:{number}: expected 'label|text' with a label from tasks.json")
        texts[label].append(unicodedata.normalize("NFC", text.strip()))
    return texts


def main() -> None:
    tasks = json.loads((HERE / "tasks.json").read_text(encoding="utf-8"))
    test: list[dict[str, object]] = []
    pool: list[dict[str, object]] = []
    seen: set[str] = set()
    for task, spec in tasks.items():
        labels = spec["labels"]
        for label, texts in read(task, labels).items():
            for text in texts:
                if text.casefold() in seen:
                    raise SystemExit(f"duplicate text in {task}: {text}")
                seen.add(text.casefold())
            texts.sort(key=lambda t: hashlib.sha256(t.encode()).hexdigest())
            for rank, text in enumerate(texts):
                row = {"task": task, "text": text, "label": label, "diacritics": strip_diacritics(text) != text}
                (pool if rank % POOL_EVERY == 0 else test).append(row)
    for name, rows in (("test", test), ("pool", pool)):
        lines = []
        for i, row in enumerate(rows, 1):
            extra = {"labels": tasks[row["task"]]["labels"]} if name == "test" else {}
            lines.append(json.dumps({"id": f"{name}-{i:04d}", **row, **extra}, ensure_ascii=False))
        (HERE / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        per_task = {task: sum(r["task"] == task for r in rows) for task in tasks}
        print(f"{name}: {len(rows)} texts {per_task}, {sum(not r['diacritics'] for r in rows)} without diacritics")


if __name__ == "__main__":
    main()
