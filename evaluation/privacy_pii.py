"""privacy.pii: per-type precision, recall and F1 (exact spans) on three sets, and invalid ids flagged.

1. tests/data/pii/test.jsonl — Vietnamese sentences we wrote (hand-written and templated: complaints, judgments,
   forms, chat, notices; about a third without tone marks; valid and invalid ids), built by tests/data/pii/build.py
   (guidelines: tests/data/pii/GUIDELINES.md). Half its templated sentences and a third of its hand-written ones
   were written after the rules were tuned on dev.jsonl.
2. PERSON on tests/data/entities/dev.jsonl — PER spans annotated by another team member for vi.entities, never used
   to tune these rules: an independent check of the names figure.
3. Statute lines from /work/shared/data/vn_laws_corpus_underthesea_vlc, which hold next to no personal data: how
   many spans get flagged anyway.

No offline Vietnamese PII tool exists to compare with; the peer figure is underthesea 9.5's NER on PERSON alone.

    python evaluation/privacy_pii.py [--json] [--split dev|test]
"""

from __future__ import annotations

import json
import sys

from _common import REPO, SHARED_DATA, Timer, args, prf, report, run_all

TYPES = ("PERSON", "ID", "PHONE", "EMAIL", "BANK_ACCOUNT", "TAX_CODE", "HEALTH_INSURANCE", "PASSPORT", "PLATE", "DOB",
         "ADDRESS")  # fmt: skip
STRUCTURED = ("ID", "PHONE", "EMAIL", "TAX_CODE", "HEALTH_INSURANCE", "PASSPORT", "PLATE", "BANK_ACCOUNT")
STATUTE_LINES = 500
Spans = list[list[tuple[str, int, int]]]


def jsonl(path: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in (REPO / path).read_text(encoding="utf-8").splitlines() if line.strip()]


def score(gold: Spans, pred: Spans, kinds: tuple[str, ...]) -> dict[str, float]:
    g = [(i, s) for i, spans in enumerate(gold) for s in spans if s[0] in kinds]
    p = [(i, s) for i, spans in enumerate(pred) for s in spans if s[0] in kinds]
    return {**prf(g, p), "gold": len(g)}


def statute_lines() -> list[str]:
    """The first STATUTE_LINES sentence-length lines of every tenth law (sorted by file name)."""
    files = sorted((SHARED_DATA / "vn_laws_corpus_underthesea_vlc" / "processed").glob("*.txt"))[::10]
    lines = [line.strip() for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if 40 < len(line) < 400][:STATUTE_LINES]


def underthesea_persons(texts: list[str]) -> Spans:
    from vi_entities import underthesea_spans

    return [[("PERSON", s, e) for kind, s, e in underthesea_spans(text) if kind == "PER"] for text in texts]


def main() -> None:
    split = "test"
    if "--split" in sys.argv:
        at = sys.argv.index("--split")
        split, sys.argv[at : at + 2] = sys.argv[at + 1], []
    opts = args(__doc__ or "")
    data = jsonl(f"tests/data/pii/{split}.jsonl")[: opts.limit or None]
    gold = [[(e["type"], e["start"], e["end"]) for e in d["entities"]] for d in data]
    run_all("privacy.pii", [{"text": "Ông An"}])  # load the tagger outside the timing
    with Timer() as t:
        ours = run_all("privacy.pii", [{"text": d["text"]} for d in data])
    pred = [[(e.type, e.start, e.end) for e in o.entities] for o in ours]
    rows = {kind: score(gold, pred, (kind,)) for kind in TYPES}
    rows["structured ids"] = score(gold, pred, STRUCTURED)
    rows["all"] = score(gold, pred, TYPES)
    invalid = [(i, x["start"], x["end"]) for i, d in enumerate(data) for x in d.get("invalid", [])]
    flagged = sum(any(s < end and start < e for _, s, e in pred[i]) for i, start, end in invalid)
    peer_ours = score(gold, underthesea_persons([d["text"] for d in data]), ("PERSON",))
    rows["underthesea 9.5 ner, PERSON"] = peer_ours

    other = jsonl("tests/data/entities/dev.jsonl")
    other_gold = [[("PERSON", e["start"], e["end"]) for e in d["entities"] if e["type"] == "PER"] for d in other]
    other_out = run_all("privacy.pii", [{"text": d["text"], "types": ["PERSON"]} for d in other])
    other_pred = [[("PERSON", e.start, e.end) for e in o.entities] for o in other_out]
    rows["PERSON, entities dev set"] = score(other_gold, other_pred, ("PERSON",))
    peer_other = score(other_gold, underthesea_persons([d["text"] for d in other]), ("PERSON",))
    rows["underthesea 9.5 ner, entities dev set"] = peer_other

    lines = statute_lines()
    statute_flags = sum(len(o.entities) for o in run_all("privacy.pii", [{"text": line} for line in lines]))

    card = {f"{kind} recall %": rows[kind]["recall"] for kind in TYPES}
    card |= {f"{kind} precision %": rows[kind]["precision"] for kind in TYPES}
    card |= {"structured ids recall %": rows["structured ids"]["recall"], "all F1 %": rows["all"]["f1"],
             "invalid ids flagged": float(flagged), "invalid ids in test": float(len(invalid)),
             "PERSON recall % (entities dev set)": rows["PERSON, entities dev set"]["recall"],
             "PERSON precision % (entities dev set)": rows["PERSON, entities dev set"]["precision"],
             f"spans flagged in {len(lines)} statute lines": float(statute_flags)}  # fmt: skip
    peers = {"underthesea 9.5 ner PERSON recall %": peer_ours["recall"],
             "underthesea 9.5 ner PERSON precision %": peer_ours["precision"],
             "underthesea 9.5 ner PERSON recall % (entities dev set)": peer_other["recall"]}  # fmt: skip
    title = (f"privacy.pii on tests/data/pii/{split}.jsonl ({len(data)} sentences, {t.seconds:.1f} s); invalid ids "
             f"flagged: {flagged} of {len(invalid)}; spans flagged in {len(lines)} statute lines: {statute_flags}")  # fmt: skip
    report(title, rows, opts.json, card=card, peers=peers)


if __name__ == "__main__":
    main()
