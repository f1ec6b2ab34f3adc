"""vi.entities against underthesea.ner on our annotated test set: per-type precision, recall, F1 (exact spans).

Data: tests/data/entities/test.jsonl — 200 sentences we wrote and annotated (laws, citizen complaints, judgment
excerpts, news-style), guidelines in tests/data/entities/GUIDELINES.md. ``--version 1`` scores PER, LOC and ORG;
``--version 2`` scores all six types (PER, LOC, ORG, DATE, MONEY, LAW). underthesea.ner only knows PER, LOC and ORG,
so its DATE, MONEY and LAW figures are 0 and its "all" counts every gold span of the six types.
``--version 2`` also scores the sentences typed without diacritics (marks stripped, offsets unchanged), which
vi.entities@2 reads with its marks restored, and as typed (restore_diacritics=false).
``--split dev`` scores the 120 development sentences, the only ones rules were tuned on.

    python evaluation/vi_entities.py [--json] [--version 1|2] [--split dev|test]
"""

from __future__ import annotations

import json
import re
import sys

from _common import REPO, Timer, args, prf, report, run_all

from nonla.functions.vi.tone_marks import strip_diacritics

TYPES = ("PER", "LOC", "ORG")
TYPES_V2 = ("PER", "LOC", "ORG", "DATE", "MONEY", "LAW")


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


def score(
    data: list[dict], predicted: list[list[tuple[str, int, int]]], types: tuple[str, ...] = TYPES
) -> dict[str, dict[str, float]]:  # type: ignore[type-arg]
    gold = [[(e["type"], e["start"], e["end"]) for e in d["entities"] if e["type"] in types] for d in data]
    rows = {}
    for kind in (*types, "all"):
        g = [(i, s) for i, spans in enumerate(gold) for s in spans if kind in ("all", s[0])]
        p = [(i, s) for i, spans in enumerate(predicted) for s in spans if kind in ("all", s[0])]
        rows[kind] = prf(g, p)
    return rows


def split_option() -> str:
    """Take ``--split dev|test`` out of argv (the shared parser does not know it); test is the default."""
    if "--split" not in sys.argv:
        return "test"
    at = sys.argv.index("--split")
    value = sys.argv[at + 1] if at + 1 < len(sys.argv) else ""
    if value not in ("dev", "test"):
        raise SystemExit("--split takes dev or test")
    del sys.argv[at : at + 2]
    return value


def main() -> None:
    split = split_option()
    opts = args(__doc__ or "", versions=True)
    ref = f"vi.entities@{opts.version}"
    types = TYPES if opts.version == 1 else TYPES_V2
    data = load(split)[: opts.limit or None]
    run_all(ref, [{"text": "Hà Nội"}])
    with Timer() as t:
        ours = run_all(ref, [{"text": d["text"]} for d in data])
    mine = score(data, [[(e.type, e.start, e.end) for e in o.entities] for o in ours], types)
    theirs = score(data, [underthesea_spans(d["text"]) for d in data], types)
    rows = {}
    for kind in (*types, "all"):
        rows[kind] = {"nonla P": mine[kind]["precision"], "nonla R": mine[kind]["recall"], "nonla F1": mine[kind]["f1"],
                      "underthesea F1": theirs[kind]["f1"]}  # fmt: skip
    card = {f"{kind} F1 ({split}, exact span)": mine[kind]["f1"] for kind in (*types, "all")}
    peers = {f"underthesea 9.5 ner {kind} F1": theirs[kind]["f1"] for kind in (*types, "all")}
    if opts.version == 2:  # the same sentences typed without diacritics (offsets unchanged): restored, and as typed
        plain = [strip_diacritics(d["text"]) for d in data]
        for view, restore in (("without diacritics", True), ("without diacritics, marks not restored", False)):
            outputs = run_all(ref, [{"text": x, "restore_diacritics": restore} for x in plain])
            found = score(data, [[(e.type, e.start, e.end) for e in o.entities] for o in outputs], types)
            rows[f"all, {view}"] = {"nonla P": found["all"]["precision"], "nonla R": found["all"]["recall"],
                                    "nonla F1": found["all"]["f1"]}  # fmt: skip
            card[f"all F1 ({split}, exact span, {view})"] = found["all"]["f1"]
        theirs_plain = score(data, [underthesea_spans(x) for x in plain], types)
        rows["all, without diacritics"]["underthesea F1"] = theirs_plain["all"]["f1"]
        peers["underthesea 9.5 ner all F1, without diacritics"] = theirs_plain["all"]["f1"]
    name = "Named entities" if opts.version == 1 else f"Named entities, {ref}"
    report(f"{name}, nonla annotated {split} set ({len(data)} sentences, {t.seconds:.1f} s)", rows, opts.json,
           card=card, peers=peers)  # fmt: skip


if __name__ == "__main__":
    main()
