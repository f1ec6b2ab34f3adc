"""vi.diacritics against pyvi's add_accents: syllable and whole-sentence accuracy of restored marks.

Three sets: UD Vietnamese-VTB test with marks removed (news and fiction, never used for training), 600 lines of the
laws held out from training (tests/data/vi_diacritics/legal_heldout.tsv) and the citizens' feedback of the civic test
split that is typed with marks (tests/data/civic/messages.jsonl, 111 messages: hotline and app wording, addresses,
abbreviations), marks removed; the model never trains on that set. Tokens are the space-separated pieces of
the original text, compared position by position; an output with a different number of pieces, or an exception,
counts every piece of that sentence as wrong.

python evaluation/vi_diacritics.py [--json] [--limit N]
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from _common import REPO, SHARED_DATA, Timer, args, report, run_all

UD_TEST = SHARED_DATA / "diacritics_from_ud_vtb_test" / "test.tsv"
LEGAL = REPO / "tests" / "data" / "vi_diacritics" / "legal_heldout.tsv"
CIVIC = REPO / "tests" / "data" / "civic" / "messages.jsonl"


def pairs(path: Path) -> list[tuple[str, str]]:
    """(text without marks, original) rows; quoting is off because the text contains '"'."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(row[1], row[2]) for row in rows[1:]]


def civic_pairs(split: str) -> list[tuple[str, str]]:
    """(without marks, original) of the civic messages of a split that are typed with marks (the training script
    tunes on the training split; this evaluation reads the test split)."""
    import json

    from nonla.functions.vi.tone_marks import strip_diacritics

    rows = [json.loads(line) for line in CIVIC.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [unicodedata.normalize("NFC", row["text"]) for row in rows if row["split"] == split]
    return [(strip_diacritics(text), text) for text in texts if strip_diacritics(text) != text]


def score(outputs: Sequence[str | None], data: Sequence[tuple[str, str]], seconds: float) -> dict[str, float]:
    hits = total = whole = 0
    for out, (_, gold) in zip(outputs, data, strict=True):
        want = gold.split(" ")
        got = out.split(" ") if out is not None else []
        total += len(want)
        hits += sum(a == b for a, b in zip(got, want, strict=True)) if len(got) == len(want) else 0
        whole += out == gold
    return {
        "syllable accuracy %": round(100 * hits / total, 2),
        "sentence accuracy %": round(100 * whole / len(data), 2),
        "sentences/s": round(len(data) / seconds, 1),
    }


def guarded(restore: Callable[[str], str]) -> Callable[[str], str | None]:
    def call(text: str) -> str | None:
        try:
            return unicodedata.normalize("NFC", str(restore(text)))
        except Exception:  # pyvi raises on some inputs: that sentence counts as wrong
            return None

    return call


def main() -> None:
    opts = args(__doc__ or "")
    sets = {"UD-VTB test": pairs(UD_TEST)[: opts.limit or None], "legal held-out": pairs(LEGAL)[: opts.limit or None],
            "citizen feedback test": civic_pairs("test")[: opts.limit or None]}  # fmt: skip
    from pyvi import ViUtils

    pyvi = guarded(ViUtils.add_accents)
    run_all("vi.diacritics", [{"text": "khoi dong"}])  # load the model outside the timing, as pyvi loads at import
    rows: dict[str, dict[str, float]] = {}
    for name, data in sets.items():
        with Timer() as t:
            ours = [o.text for o in run_all("vi.diacritics", [{"text": plain} for plain, _ in data])]
        rows[f"nonla vi.diacritics, {name}"] = score(ours, data, t.seconds)
        with Timer() as t:
            theirs = [pyvi(plain) for plain, _ in data]
        rows[f"pyvi 0.1.1 add_accents, {name}"] = score(theirs, data, t.seconds)
        failed = sum(out is None for out in theirs)
        rows[f"pyvi 0.1.1 add_accents, {name}"]["exceptions"] = failed
    card, peers = {}, {}
    for name in sets:
        for metric in ("syllable accuracy %", "sentence accuracy %"):
            card[f"{name} {metric}"] = rows[f"nonla vi.diacritics, {name}"][metric]
            peers[f"pyvi 0.1.1 add_accents {name} {metric}"] = rows[f"pyvi 0.1.1 add_accents, {name}"][metric]
    sizes = ", ".join(f"{name} {len(data)} sentences" for name, data in sets.items())
    report(f"Diacritic restoration ({sizes})", rows, opts.json, card=card, peers=peers)


if __name__ == "__main__":
    main()
