"""vi.normalize on UD-VTB test sentences: legacy TCVN3/VNI restored, NFD recomposed, Unicode left alone.

Each gold sentence is encoded to TCVN3 and to VNI (as an old document opened without its font shows it) and
decomposed to NFD; vi.normalize (encoding=auto, tidy_spacing off) must give the sentence back exactly. The peer is
underthesea.text_normalize, which has no legacy decoding.

    python evaluation/vi_normalize.py [--json]
"""

from __future__ import annotations

import unicodedata

from _common import UD, args, report, run_all


def main() -> None:
    opts = args(__doc__ or "")
    from nonla.functions.vi.conllu import read_conllu_sentences
    from nonla.functions.vi.legacy_encodings import encode_tcvn3, encode_vni
    from nonla.functions.vi.tone_marks import set_tone_style

    # Gold in the house style (old tone placement), since that is what normalize promises to return.
    gold = [
        set_tone_style(" ".join(w.form for w in s.words), "old")
        for s in read_conllu_sentences(UD / "vi_vtb-ud-test.conllu")
    ]
    gold = gold[: opts.limit or None]
    variants = {
        "TCVN3 (ABC) → Unicode": [encode_tcvn3(g) for g in gold],
        "VNI → Unicode": [encode_vni(g) for g in gold],
        "NFD → NFC": [unicodedata.normalize("NFD", g) for g in gold],
        "Unicode unchanged": gold,
    }
    from underthesea import text_normalize

    rows = {}
    for name, inputs in variants.items():
        ours = run_all("vi.normalize", [{"text": x, "tidy_spacing": False} for x in inputs])
        exact = sum(o.text == g for o, g in zip(ours, gold, strict=True))
        theirs = sum(text_normalize(x) == g for x, g in zip(inputs, gold, strict=True))
        rows[name] = {
            "nonla exact %": round(100 * exact / len(gold), 2),
            "underthesea %": round(100 * theirs / len(gold), 2),
        }
    card = {f"UD-VTB test sentences exact, {name}": row["nonla exact %"] for name, row in rows.items()}
    peers = {f"underthesea text_normalize, {name}": row["underthesea %"] for name, row in rows.items()}
    report(f"Normalisation, UD-VTB test ({len(gold)} sentences)", rows, opts.json, card=card, peers=peers)


if __name__ == "__main__":
    main()
