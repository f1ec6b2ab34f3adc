"""legal.citations: parsing accuracy on our citation set, and LAW reference spans on the annotated entities test set.

- tests/data/citations/parse.jsonl: 30 references in sentences, each with the expected parts per cited provision;
  a reference counts as right when every provision's parts match exactly.
- tests/data/entities/test.jsonl: the LAW spans (a chain of provisions with its document) of 200 sentences; a
  reference counts when the span our citations cover (first provision to end of document) matches exactly.

    python evaluation/legal_citations.py [--json]
"""

from __future__ import annotations

import json

from _common import REPO, args, prf, report, run_all

FIELDS = ("article", "clause", "point", "document_type", "title", "number", "year")


def load(path: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in (REPO / path).read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    opts = args(__doc__ or "")
    parse = load("tests/data/citations/parse.jsonl")[: opts.limit or None]
    outputs = run_all("legal.citations", [{"text": row["text"]} for row in parse])
    right = fields_right = fields_total = 0
    for row, out in zip(parse, outputs, strict=True):
        got = [{f: getattr(c, f) for f in FIELDS} for c in out.citations]
        right += got == row["expected"]
        for expected, found in zip(row["expected"], got + [{}] * len(row["expected"]), strict=False):
            fields_total += len(FIELDS)
            fields_right += sum(expected[f] == found.get(f) for f in FIELDS)
    entities = load("tests/data/entities/test.jsonl")
    cited = run_all("legal.citations", [{"text": row["text"]} for row in entities])
    gold = [(i, e["start"], e["end"]) for i, row in enumerate(entities) for e in row["entities"] if e["type"] == "LAW"]
    pred = []
    for i, out in enumerate(cited):
        for end in sorted({c.end for c in out.citations if not c.this_document and (c.document_type or c.number)}):
            pred.append((i, min(c.start for c in out.citations if c.end == end), end))
    spans = prf(gold, pred)
    rows = {
        "references parsed exactly (30)": {"%": round(100 * right / len(parse), 2)},
        "fields right (all provisions)": {"%": round(100 * fields_right / fields_total, 2)},
        "LAW span precision (entities test)": {"%": spans["precision"]},
        "LAW span recall (entities test)": {"%": spans["recall"]},
        "LAW span F1 (entities test)": {"%": spans["f1"]},
    }
    card = {name: row["%"] for name, row in rows.items()}
    report("Legal citations", rows, opts.json, card=card, peers={})


if __name__ == "__main__":
    main()
