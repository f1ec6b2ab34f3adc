"""vi.pos against pyvi and underthesea on UD-VTB test: UPOS accuracy with gold words, and from raw text.

Peers tag with the VLSP tag set; their tags are mapped to UPOS with the majority mapping learned on UD-VTB
train+dev (the fairest fixed mapping; see models/build/train_pos_crf.py).

Then from raw text typed without diacritics (marks stripped, đ → d, offsets unchanged): vi.pos restores the marks
first (vi.diacritics); "marks not restored" is restore_diacritics=false.

    python evaluation/vi_pos.py [--json]
"""

from __future__ import annotations

import sys

from _common import REPO, UD, Timer, args, report, run_all

from nonla.functions.vi.tone_marks import strip_diacritics

sys.path.insert(0, str(REPO / "models" / "build"))


def main() -> None:
    opts = args(__doc__ or "")
    from nonla.functions.vi.conllu import read_conllu

    test = read_conllu(UD / "vi_vtb-ud-test.conllu")[: opts.limit or None]
    gold_words = [[w for w, _ in s] for s in test]
    total = sum(len(s) for s in test)
    run_all("vi.pos", [{"text": "khởi động"}])
    with Timer() as t:
        tagged = run_all("vi.pos", [{"text": " ".join(ws), "words": ws} for ws in gold_words])
    gold_acc = 100 * sum(tok.tag == g for out, s in zip(tagged, test, strict=True)
                         for tok, (_, g) in zip(out.tokens, s, strict=True)) / total  # fmt: skip
    rows = {
        "nonla vi.pos (gold words)": {"accuracy %": round(gold_acc, 2), "sentences/s": round(len(test) / t.seconds, 1)}
    }
    raw = run_all("vi.pos", [{"text": " ".join(ws)} for ws in gold_words])
    from _common import spans_of

    def own_segmentation(outputs: list) -> float:  # type: ignore[type-arg]
        hits = 0
        for out, s, ws in zip(outputs, test, gold_words, strict=True):
            gold = dict(zip(spans_of(" ".join(ws), ws), (g for _, g in s), strict=True))
            hits += sum(gold.get((tok.start, tok.end)) == tok.tag for tok in out.tokens)
        return round(100 * hits / total, 2)

    rows["nonla vi.pos (own segmentation)"] = {"accuracy %": own_segmentation(raw)}
    plain = [strip_diacritics(" ".join(ws)) for ws in gold_words]
    for name, restore in (("", True), (", marks not restored", False)):
        outputs = run_all("vi.pos", [{"text": x, "restore_diacritics": restore} for x in plain])
        rows[f"nonla vi.pos (own segmentation, without diacritics{name})"] = {"accuracy %": own_segmentation(outputs)}
    from train_pos_crf import load_split, peer_table

    train_dev = load_split(UD, "train") + load_split(UD, "dev")
    for name, _fixed, learned in peer_table(train_dev, test):
        rows[name] = {"accuracy %": round(100 * learned, 2)}
    card = {"UD-VTB test UPOS accuracy % (gold words)": rows["nonla vi.pos (gold words)"]["accuracy %"],
            "UD-VTB test UPOS accuracy % (own segmentation)": rows["nonla vi.pos (own segmentation)"]["accuracy %"],
            **{f"UD-VTB test UPOS accuracy % ({name[len('nonla vi.pos ('):-1]})": row["accuracy %"]
               for name, row in rows.items() if "without diacritics" in name}}  # fmt: skip
    peers = {f"{name} accuracy %": row["accuracy %"] for name, row in rows.items() if not name.startswith("nonla")}
    report(
        f"Part of speech (UPOS), UD-VTB test ({len(test)} sentences, {total} words)",
        rows,
        opts.json,
        card=card,
        peers=peers,
    )


if __name__ == "__main__":
    main()
