"""Train ``vi-diacritics-lm``: a syllable 4-gram model (modified Kneser-Ney) for restoring Vietnamese marks.

Data: UD Vietnamese-VTB train+dev (news and fiction, the register of everyday text) with the everyday text nonla wrote
(the sentiment training sentences and the few-shot examples of tests/data/classify: only what is typed with marks);
the 208 laws of the VLC corpus minus every 20th file, which is held out: ``tests/data/vi_diacritics/legal_heldout.tsv``
is cut from those laws for the "legal" figure; and the names of every administrative unit, 2025 and former
(models/geo-units), as "phường Bến Nghé, thành phố Hồ Chí Minh" phrases. UD-VTB test is never read here, nor the
civic feedback set but for tuning the place weight (--tune-places, its training split).

1. tokenise every sentence the way the function does (nonla.functions.vi.diacritics_text);
2. estimate four models with numpy: a 3-gram on UD and the everyday text, a 4-gram on the laws (3- and 4-grams seen
   once pruned), a 3-gram on the place phrases and a bigram of syllable pairs inside the words of pyvi's and
   underthesea's word lists that backs off to wordfreq's general-text syllable frequencies (diacritics_lexicons.py);
3. mix them into one back-off model, UD_WEIGHT to the everyday model against the laws (4 million legal syllables
   would otherwise drown 65,000 everyday ones), then PLACES_WEIGHT to a 3-gram of the place phrases, then
   WORDS_WEIGHT to the word-list model; add the spellings of capitalised syllables (names) seen in UD, the everyday
   text and the place names;
4. write ``models/vi-diacritics-lm/lm.zip``, the held-out legal TSV, and sha256, size and the held-out figure in
   MANIFEST.json. ``--tune`` first scores mixtures trained on UD train only against UD dev; ``--tune-places`` scores
   place weights against UD dev and the civic training messages (never trained on).

Deterministic: fixed file order, no random state, a zip with fixed timestamps, so a rerun writes the same bytes.

    python models/build/train_diacritics.py [--check] [--tune] [--tune-places]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from manifest import MODELS_DIR, REPO, SHARED_DATA, recorded, sha256_of, update_manifest  # noqa: E402

sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "evaluation"))  # the civic messages are read as the evaluation reads them

from diacritics_lexicons import (  # noqa: E402
    WORDFREQ_NOTE,
    WORDLISTS_NOTE,
    word_list_entries,
    word_pair_model,
    wordfreq_syllables,
)
from ngram_estimate import count, interpolate, kneser_ney  # noqa: E402
from vi_diacritics import civic_pairs  # noqa: E402

from nonla.functions.vi.conllu import read_conllu_sentences  # noqa: E402
from nonla.functions.vi.diacritics_decode import Restorer  # noqa: E402
from nonla.functions.vi.diacritics_lm import NgramModel  # noqa: E402
from nonla.functions.vi.diacritics_text import BOS, EOS, SPECIALS, segments  # noqa: E402
from nonla.functions.vi.tone_marks import strip_diacritics  # noqa: E402

MODEL_NAME = "vi-diacritics-lm"
MODEL_VERSION = "2026.11.3"
MODEL_FILE = f"{MODEL_NAME}/lm.zip"
SHARED = SHARED_DATA
UD = SHARED / "ud_vietnamese_vtb"
LAWS = SHARED / "vn_laws_corpus_underthesea_vlc" / "processed"
HELDOUT_TSV = REPO / "tests/data/vi_diacritics/legal_heldout.tsv"
HELDOUT_EVERY = 20  # every 20th law file (sorted by name) is held out from training
HELDOUT_SENTENCES = 600
ORDER = 4
UD_ORDER = 3
UD_WEIGHT = 0.7  # share of the UD model against the laws, tuned on UD dev (--tune)
WORDS_WEIGHT = 0.35  # share of the word-list model in the final mixture, tuned on UD dev (--tune)
PLACES_WEIGHT = 0.05  # share of the place-name model, chosen with --tune-places (UD dev and civic train messages)
TUNE_GRID = ((0.7, 0.0), (0.7, 0.15), (0.7, 0.25), (0.7, 0.35), (0.7, 0.45), (0.6, 0.35), (0.8, 0.35))
PLACES_GRID = (0.0, 0.05, 0.1, 0.2)
GEO_UNITS = MODELS_DIR / "geo-units" / "units.json"
# Everyday text nonla wrote (reviews, complaints, requests): training sentences and few-shot examples, only what is
# typed with marks. The civic feedback set is never trained on: written by the same team in the same style, its
# training split would flatter its test split; the training split tunes PLACES_WEIGHT, the test split measures
# (evaluation/vi_diacritics.py). With it in training, "tiếng Việt rất khó" came out "rất khổ" (two complaints say so).
EVERYDAY = (REPO / "tests/data/sentiment/train.jsonl", REPO / "tests/data/classify/pool.jsonl")
PRUNE = {1: 1, 2: 1, 3: 2, 4: 2}
DATA_NOTE = (
    "UD_Vietnamese-VTB r2.17 train+dev (CC BY-SA 4.0), mixed in at weight {w}; 198 of the 208 laws of the VLC "
    "corpus (every 20th file held out, see tests/data/vi_diacritics/legal_heldout.tsv); "
    f"{WORDLISTS_NOTE}, backing off to the {WORDFREQ_NOTE}, at weight {{words}}; the names of the 2025 and the "
    "former administrative units (models/geo-units: thanglequoc/vietnamese-provinces-database and dvhcvn, MIT) as "
    "'phường X, tỉnh Y' phrases, at weight {places}; everyday text written by nonla (CC0) beside UD: "
    "tests/data/sentiment/train.jsonl and tests/data/classify/pool.jsonl"
)


def law_files() -> tuple[list[Path], list[Path]]:
    files = sorted(LAWS.glob("*.txt"))
    return [f for i, f in enumerate(files) if i % HELDOUT_EVERY], [
        f for i, f in enumerate(files) if not i % HELDOUT_EVERY
    ]


def ud_texts(split: str) -> list[str]:
    return [unicodedata.normalize("NFC", s.text or "") for s in read_conllu_sentences(UD / f"vi_vtb-ud-{split}.conllu")]


def law_lines(files: Sequence[Path]) -> list[str]:
    return [unicodedata.normalize("NFC", line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]


def everyday_texts() -> list[str]:
    """nonla's own everyday text typed with marks: the sentiment training sentences and the few-shot examples."""
    rows = [json.loads(line) for path in EVERYDAY for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [unicodedata.normalize("NFC", row["text"]) for row in rows]
    return [text for text in texts if strip_diacritics(text) != text]


def place_phrases() -> list[str]:
    """'phường Bến Nghé, thành phố Hồ Chí Minh'-style phrases for every unit, old and new, as people write them:
    the unit word in lower case, alone and followed by the province."""
    units = json.loads(GEO_UNITS.read_text(encoding="utf-8"))

    def spoken(name: str) -> str:  # "Phường Bến Nghé" -> "phường Bến Nghé"
        kind = re.match(r"(Thành phố|Thị xã|Phường|Xã|Đặc khu|Tỉnh|Thị trấn)\s", name)
        return name if kind is None else kind.group(1).lower() + name[kind.end(1):]

    provinces = {code: spoken(name) for code, name in units["provinces"].items()}
    old_provinces = {code: spoken(entry[0]) for code, entry in units["old_provinces"].items()}
    phrases = sorted(set(provinces.values()) | set(old_provinces.values()))
    for wards, by_code in ((units["wards"], provinces), (units["old_wards"], old_provinces)):
        for name, province, *_ in wards.values():
            ward = spoken(name)
            phrases += [ward, f"{ward}, {by_code[province]}"]
    return [unicodedata.normalize("NFC", phrase) for phrase in phrases]


def token_sentences(texts: Sequence[str]) -> list[list[str]]:
    return [[p.token for p in segment] for text in texts for segment in segments(text)]


def build(
    ud: Sequence[str],
    laws: Sequence[str],
    weights: tuple[float, float] = (UD_WEIGHT, WORDS_WEIGHT),
    places: Sequence[str] = (),
    places_weight: float = PLACES_WEIGHT,
) -> NgramModel:
    """The everyday model (UD and nonla's own text, order UD_ORDER) and the laws model (order ORDER, pruned) mixed
    at weights[0], then the place-name model at places_weight, then the word-list model at weights[1]: one back-off
    model."""
    ud_sents, law_sents, place_sents = token_sentences(ud), token_sentences(laws), token_sentences(places)
    frequencies, words = wordfreq_syllables(), word_list_entries()
    seen = {t for s in ud_sents + law_sents + place_sents + words for t in s} | set(frequencies)
    vocab = list(SPECIALS) + sorted(seen - set(SPECIALS))
    assert vocab[0] == BOS and vocab[1] == EOS
    index = {t: i for i, t in enumerate(vocab)}
    bits = max(1, (len(vocab) - 1).bit_length())
    models = []
    for sents, order, prune in ((ud_sents, UD_ORDER, {}), (law_sents, ORDER, PRUNE), (place_sents, UD_ORDER, {})):
        ids = [[index[t] for t in s] for s in sents]
        models.append(kneser_ney(count(ids, order, bits), order, bits, vocab, prune) if ids else None)
    mixed = interpolate(models[0], models[1], weights[0])
    if models[2] is not None and places_weight:
        mixed = interpolate(mixed, models[2], 1 - places_weight)
    if weights[1]:
        mixed = interpolate(mixed, word_pair_model(vocab, words, frequencies), 1 - weights[1])
    mixed.extra["names"] = name_spellings([*ud, *places])  # place names are names too (Điện Biên, not Diễn Biến)
    return mixed


def name_spellings(texts: Sequence[str]) -> dict[str, dict[str, int]]:
    """{unaccented: {spelling: count}} of capitalised syllables inside sentences (mostly names) in ``texts``: on UD
    dev, taking the place names in too raised syllable accuracy 86.94 -> 87.00 and on the civic training messages
    87.83 -> 88.73 (place weight 0.05)."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for segment in segments(text):
            for piece in segment[1:]:
                if piece.text[0].isupper() and piece.text[1:].islower() and piece.token not in SPECIALS:
                    names[strip_diacritics(piece.token)][piece.token] += 1
    return {plain: dict(sorted(forms.items())) for plain, forms in sorted(names.items())}


def score(restorer: Restorer, pairs: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """(syllable accuracy %, sentence accuracy %): tokens split on spaces, compared position by position."""
    hits = total = whole = 0
    outputs = restorer.restore([plain for plain, _ in pairs])
    for (out, _), (_, gold) in zip(outputs, pairs, strict=True):
        got, want = out.split(" "), gold.split(" ")
        total += len(want)
        hits += sum(a == b for a, b in zip(got, want, strict=False)) if len(got) == len(want) else 0
        whole += out == gold
    return round(100 * hits / total, 2), round(100 * whole / len(pairs), 2)


def write_heldout(files: Sequence[Path], training: Sequence[str]) -> None:
    """Every k-th line of the held-out laws with at least 8 words and not also in a training law (the boilerplate
    every law repeats), stripped of marks, as a TSV shaped like the UD test set."""
    seen = set(training)
    lines = [s for s in law_lines(files) if len(s.split()) >= 8 and "\t" not in s and s not in seen]
    step = max(1, len(lines) // HELDOUT_SENTENCES)
    chosen = lines[::step][:HELDOUT_SENTENCES]
    HELDOUT_TSV.parent.mkdir(parents=True, exist_ok=True)
    rows = ["sent_id\tno_diacritics\toriginal"]
    rows += [f"law-{i}\t{strip_diacritics(line)}\t{line}" for i, line in enumerate(chosen, 1)]
    HELDOUT_TSV.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the sha256 differs from the manifest")
    parser.add_argument("--tune", action="store_true", help="also score models trained on train only against dev")
    parser.add_argument("--tune-places", action="store_true",
                        help="score place-name weights against UD dev and the civic training messages")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    train_laws, heldout_laws = law_files()
    laws = law_lines(train_laws)
    dev_pairs = [(strip_diacritics(t), t) for t in ud_texts("dev")]
    if args.tune:
        for weights in TUNE_GRID:
            restorer = Restorer(build(ud_texts("train"), laws, weights))
            print(f"  UD and word-list weights {weights}: dev syllable / sentence accuracy "
                  f"{score(restorer, dev_pairs)}", flush=True)  # fmt: skip
    places = place_phrases()
    if args.tune_places:
        civic_train = civic_pairs("train")
        for weight in PLACES_GRID:
            restorer = Restorer(build(ud_texts("train") + everyday_texts(), laws, places=places,
                                      places_weight=weight))  # fmt: skip
            print(f"  place weight {weight}: UD dev {score(restorer, dev_pairs)}, civic train messages "
                  f"{score(restorer, civic_train)} (syllable / sentence accuracy)", flush=True)  # fmt: skip
    lm = build(ud_texts("train") + ud_texts("dev") + everyday_texts(), laws, places=places)
    model = MODELS_DIR / MODEL_FILE
    model.parent.mkdir(parents=True, exist_ok=True)
    partial = model.with_suffix(".partial")
    lm.save(partial)
    os.replace(partial, model)
    write_heldout(heldout_laws, laws)
    with HELDOUT_TSV.open(encoding="utf-8") as fh:
        held = [tuple(line.rstrip("\n").split("\t")[1:]) for line in list(fh)[1:]]
    legal = score(Restorer(lm), held)  # type: ignore[arg-type]
    print(f"legal held-out syllable / sentence accuracy {legal}")
    digest, size = sha256_of(model), model.stat().st_size
    sizes = {n: len(lm.keys[n]) for n in range(1, lm.order + 1)}
    print(f"{len(lm.vocab)} tokens, n-grams per order {sizes}; {size:,} bytes, sha256 {digest}")
    print(f"built in {time.perf_counter() - started:.0f} s")
    if args.check:
        expected = recorded(MODEL_NAME)
        print(f"sha256 {'matches' if digest == expected.get('sha256') else 'DIFFERS from'} the manifest")
        return 0 if digest == expected.get("sha256") else 1
    update_manifest(MODEL_NAME, {
        "version": MODEL_VERSION, "file": MODEL_FILE, "sha256": digest, "bytes": size,
        "data": DATA_NOTE.format(w=UD_WEIGHT, words=WORDS_WEIGHT, places=PLACES_WEIGHT),
        "command": "python models/build/train_diacritics.py",
        "licence": "CC BY-SA 4.0 (UD Vietnamese-VTB and wordfreq data; attribution: Universal Dependencies, "
                   "Robyn Speer et al. for wordfreq)",
        "params": {"order": ORDER, "ud_weight": UD_WEIGHT, "word_list_weight": WORDS_WEIGHT, "places_weight": PLACES_WEIGHT, "prune_min_count": PRUNE, "smoothing": "modified Kneser-Ney"},
        "metrics": {"legal held-out syllable accuracy %": legal[0], "legal held-out sentence accuracy %": legal[1],
                    "n-grams": sum(sizes.values())},
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
