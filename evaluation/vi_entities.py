"""vi.entities against underthesea.ner on our annotated test set: per-type precision, recall, F1 (exact spans).

Data: tests/data/entities/test.jsonl — 200 sentences we wrote and annotated (laws, citizen complaints, judgment
excerpts, news-style), guidelines in tests/data/entities/GUIDELINES.md. Only PER, LOC and ORG are scored here.

    python evaluation/vi_entities.py [--json] [--split dev|test]
"""

from __future__ import annotations

import json
import re

from _common import REPO, Timer, args, prf, report, run_all

TYPES = ("PER", "LOC", "ORG")


def load(split: str) -> list[dict]:  # type: ignore[type-arg]
    path = REPO / "tests" / "data" / "entities" / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def underthesea_spans(text: str) -> list[tuple[str, int, int]]:
    from underthesea import ner

    spans: list[tuple[str, int, int]] = []
    cursor, current = 0, None
    for word, *_, tag in ner(text):
        match = re.compile(r"\s*".join(re.escape(p) for p in word.split())).search(text, cursor)
        if not match:
            current = None
            continue
        cursor = match.end()
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        if kind in TYPES and (tag.startswith("B-") or current is None or current[0] != kind):
            current = [kind, match.start(), match.end()]
            spans.append(tuple(current))  # type: ignore[arg-type]
        elif kind in TYPES and current is not None:
            current[2] = match.end()
            spans[-1] = tuple(current)  # type: ignore[assignment]
        else:
            current = None
    return spans


def score(data: list[dict], predicted: list[list[tuple[str, int, int]]]) -> dict[str, dict[str, float]]:  # type: ignore[type-arg]
    gold = [[(e["type"], e["start"], e["end"]) for e in d["entities"] if e["type"] in TYPES] for d in data]
    rows = {}
    for kind in (*TYPES, "all"):
        g = [(i, s) for i, spans in enumerate(gold) for s in spans if kind in ("all", s[0])]
        p = [(i, s) for i, spans in enumerate(predicted) for s in spans if kind in ("all", s[0])]
        rows[kind] = prf(g, p)
    return rows


def main() -> None:
    opts = args(__doc__ or "")
    data = load("test")[: opts.limit or None]
    run_all("vi.entities", [{"text": "Hà Nội"}])
    with Timer() as t:
        ours = run_all("vi.entities", [{"text": d["text"]} for d in data])
    mine = score(data, [[(e.type, e.start, e.end) for e in o.entities] for o in ours])
    theirs = score(data, [underthesea_spans(d["text"]) for d in data])
    rows = {}
    for kind in (*TYPES, "all"):
        rows[kind] = {"nonla P": mine[kind]["precision"], "nonla R": mine[kind]["recall"], "nonla F1": mine[kind]["f1"],
                      "underthesea F1": theirs[kind]["f1"]}  # fmt: skip
    card = {f"{kind} F1 (test, exact span)": mine[kind]["f1"] for kind in (*TYPES, "all")}
    peers = {f"underthesea 9.5 ner {kind} F1": theirs[kind]["f1"] for kind in (*TYPES, "all")}
    report(f"Named entities, nonla annotated test set ({len(data)} sentences, {t.seconds:.1f} s)", rows, opts.json,
           card=card, peers=peers)  # fmt: skip


if __name__ == "__main__":
    main()
