"""legal.citations: parsing accuracy on our citation set, and LAW reference spans on the annotated entities test set.

- tests/data/citations/parse.jsonl: 30 references in sentences, each with the expected parts per cited provision;
  a reference counts as right when every provision's parts match exactly.
- tests/data/entities/test.jsonl: the LAW spans (a chain of provisions with its document) of 200 sentences; a
  reference counts when the span our citations cover (first provision to end of document) matches exactly.

Both again on the same texts typed without diacritics (marks stripped, đ → d, offsets unchanged; parts compared
without marks too): legal.citations restores the marks first, and "marks not restored" is restore_diacritics=false.

    python evaluation/legal_citations.py [--json]
"""

from __future__ import annotations

import json
from collections.abc import Callable

from _common import REPO, args, prf, report, run_all

from nonla.functions.vi.tone_marks import strip_diacritics

FIELDS = ("article", "clause", "point", "document_type", "title", "number", "year")


def load(path: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in (REPO / path).read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(parse: list[dict], entities: list[dict], view: Callable[[str], str], restore: bool) -> dict[str, float]:  # type: ignore[type-arg]
    """The five figures on the texts as ``view`` shows them; parts are compared as ``view`` shows them too."""
    outputs = run_all("legal.citations", [{"text": view(row["text"]), "restore_diacritics": restore} for row in parse])
    right = fields_right = fields_total = 0
    for row, out in zip(parse, outputs, strict=True):
        got = [{f: shown(getattr(c, f), view) for f in FIELDS} for c in out.citations]
        expected_all = [{f: shown(e[f], view) for f in FIELDS} for e in row["expected"]]
        right += got == expected_all
        for expected, found in zip(expected_all, got + [{}] * len(expected_all), strict=False):
            fields_total += len(FIELDS)
            fields_right += sum(expected[f] == found.get(f) for f in FIELDS)
    cited = run_all("legal.citations", [{"text": view(row["text"]), "restore_diacritics": restore} for row in entities])
    gold = [(i, e["start"], e["end"]) for i, row in enumerate(entities) for e in row["entities"] if e["type"] == "LAW"]
    pred = []
    for i, out in enumerate(cited):
        for end in sorted({c.end for c in out.citations if not c.this_document and (c.document_type or c.number)}):
            pred.append((i, min(c.start for c in out.citations if c.end == end), end))
    spans = prf(gold, pred)
    return {
        f"references parsed exactly ({len(parse)})": round(100 * right / len(parse), 2),
        "fields right (all provisions)": round(100 * fields_right / fields_total, 2),
        "LAW span precision (entities test)": spans["precision"],
        "LAW span recall (entities test)": spans["recall"],
        "LAW span F1 (entities test)": spans["f1"],
    }


def shown(value: object, view: Callable[[str], str]) -> object:
    return view(value) if isinstance(value, str) else value


def main() -> None:
    opts = args(__doc__ or "")
    parse = load("tests/data/citations/parse.jsonl")[: opts.limit or None]
    entities = load("tests/data/entities/test.jsonl")
    card = measure(parse, entities, str, True)
    rows = {name: {"%": value} for name, value in card.items()}
    for label, restore in (("without diacritics", True), ("without diacritics, marks not restored", False)):
        for name, value in measure(parse, entities, strip_diacritics, restore).items():
            rows[f"{name}, {label}"] = {"%": value}
            if name.startswith(("references parsed", "LAW span F1")):
                card[f"{name}, {label}"] = value
    report("Legal citations", rows, opts.json, card=card, peers={})


if __name__ == "__main__":
    main()
