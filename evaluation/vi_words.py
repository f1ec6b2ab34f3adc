"""vi.words against pyvi and underthesea on UD Vietnamese-VTB test: word-span precision, recall, F1.

Then the same sentences typed without diacritics (marks stripped, đ → d: every offset stays where it was), as many
people type: vi.words restores the marks first (vi.diacritics) and cuts the words from the text as typed; "marks
not restored" is vi.words with restore_diacritics=false, and the peers read the stripped text as it is.

python evaluation/vi_words.py [--json]
"""

from __future__ import annotations

from _common import UD, Timer, args, prf, report, run_all, spans_of

from nonla.functions.vi.tone_marks import strip_diacritics


def gold() -> list[tuple[str, list[tuple[int, int]]]]:
    from nonla.functions.vi.conllu import read_conllu_sentences

    out = []
    for sentence in read_conllu_sentences(UD / "vi_vtb-ud-test.conllu"):
        forms = [w.form for w in sentence.words]
        text = " ".join(forms)
        out.append((text, spans_of(text, forms)))
    return out


def score(
    name: str, data: list[tuple[str, list[tuple[int, int]]]], predicted: list[list[tuple[int, int]]], seconds: float
) -> dict[str, float]:
    g = [(i, s) for i, (_, spans) in enumerate(data) for s in spans]
    p = [(i, s) for i, spans in enumerate(predicted) for s in spans]
    return {**prf(g, p), "sentences/s": round(len(data) / seconds, 1)}


def main() -> None:
    opts = args(__doc__ or "", versions=True)
    ref = f"vi.words@{opts.version}"
    data = gold()[: opts.limit or None]
    texts = [t for t, _ in data]
    rows = {}
    run_all(ref, [{"text": "khởi động"}])  # load the model outside the timing, as the peers load at import
    with Timer() as t:
        ours = run_all(ref, [{"text": x} for x in texts])
    rows[f"nonla {ref}"] = score("nonla", data, [[tuple(s) for s in o.spans] for o in ours], t.seconds)
    from pyvi import ViTokenizer

    with Timer() as t:
        pyvi = [spans_of(x, ViTokenizer.tokenize(x).split(" ")) for x in texts]
    rows["pyvi 0.1.1"] = score("pyvi", data, pyvi, t.seconds)
    from underthesea import word_tokenize

    with Timer() as t:
        uts = [spans_of(x, word_tokenize(x)) for x in texts]
    rows["underthesea 9.5"] = score("underthesea", data, uts, t.seconds)
    ours_row = rows[f"nonla {ref}"]
    card = {"UD-VTB test word F1": ours_row["f1"], "UD-VTB test word precision": ours_row["precision"],
            "UD-VTB test word recall": ours_row["recall"]}  # fmt: skip
    peers = {"pyvi 0.1.1 F1": rows["pyvi 0.1.1"]["f1"], "underthesea 9.5 F1": rows["underthesea 9.5"]["f1"]}
    plain = [strip_diacritics(x) for x in texts]
    assert all(len(a) == len(b) for a, b in zip(plain, texts, strict=True))
    runs = {
        f"nonla {ref}, without diacritics": lambda: [o.spans for o in run_all(ref, [{"text": x} for x in plain])],
        f"nonla {ref}, without diacritics, marks not restored": lambda: [
            o.spans for o in run_all(ref, [{"text": x, "restore_diacritics": False} for x in plain])
        ],
        "pyvi 0.1.1, without diacritics": lambda: [spans_of(x, ViTokenizer.tokenize(x).split(" ")) for x in plain],
        "underthesea 9.5, without diacritics": lambda: [spans_of(x, word_tokenize(x)) for x in plain],
    }
    for name, segment in runs.items():
        with Timer() as t:
            found = segment()
        rows[name] = score(name, data, [[tuple(s) for s in spans] for spans in found], t.seconds)
    card["UD-VTB test word F1, without diacritics"] = rows[f"nonla {ref}, without diacritics"]["f1"]
    card["UD-VTB test word F1, without diacritics, marks not restored"] = rows[
        f"nonla {ref}, without diacritics, marks not restored"
    ]["f1"]
    peers["pyvi 0.1.1 F1, without diacritics"] = rows["pyvi 0.1.1, without diacritics"]["f1"]
    peers["underthesea 9.5 F1, without diacritics"] = rows["underthesea 9.5, without diacritics"]["f1"]
    report(f"Word segmentation, UD-VTB test ({len(data)} sentences)", rows, opts.json, card=card, peers=peers)


if __name__ == "__main__":
    main()
