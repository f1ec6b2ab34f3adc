"""vi.sentences against underthesea.sent_tokenize: sentence-end F1 on UD-VTB test run together into paragraphs.

The 800 test sentences are joined ten at a time into running text; a predicted sentence end counts when it falls
at a gold sentence end.

    python evaluation/vi_sentences.py [--json]
"""

from __future__ import annotations

from _common import UD, Timer, args, prf, report, run_all, spans_of

GROUP = 10


def paragraphs() -> list[tuple[str, list[int]]]:
    from nonla.functions.vi.conllu import read_conllu_sentences

    sentences = [" ".join(w.form for w in s.words) for s in read_conllu_sentences(UD / "vi_vtb-ud-test.conllu")]
    out = []
    for start in range(0, len(sentences), GROUP):
        group = sentences[start : start + GROUP]
        text = " ".join(group)
        ends, cursor = [], 0
        for sentence in group:
            cursor += len(sentence)
            ends.append(cursor)
            cursor += 1
        out.append((text, ends))
    return out


def main() -> None:
    opts = args(__doc__ or "")
    data = paragraphs()[: opts.limit or None]
    gold = [(i, e) for i, (_, ends) in enumerate(data) for e in ends]
    rows = {}
    run_all("vi.sentences", [{"text": "Khởi động."}])
    with Timer() as t:
        ours = run_all("vi.sentences", [{"text": text} for text, _ in data])
    rows["nonla vi.sentences"] = {**prf(gold, [(i, e) for i, o in enumerate(ours) for _, e in o.spans]),
                                  "paragraphs/s": round(len(data) / t.seconds, 1)}  # fmt: skip
    from underthesea import sent_tokenize

    with Timer() as t:
        theirs = [spans_of(text, sent_tokenize(text)) for text, _ in data]
    rows["underthesea 9.5"] = {**prf(gold, [(i, e) for i, spans in enumerate(theirs) for _, e in spans]),
                               "paragraphs/s": round(len(data) / t.seconds, 1)}  # fmt: skip
    ours_row = rows["nonla vi.sentences"]
    card = {"UD-VTB test sentence-end F1": ours_row["f1"], "UD-VTB test sentence-end precision": ours_row["precision"],
            "UD-VTB test sentence-end recall": ours_row["recall"]}  # fmt: skip
    peers = {"underthesea 9.5 sent_tokenize F1": rows["underthesea 9.5"]["f1"]}
    report(
        f"Sentence ends, UD-VTB test ({len(gold)} sentences in {len(data)} paragraphs)",
        rows,
        opts.json,
        card=card,
        peers=peers,
    )


if __name__ == "__main__":
    main()
