"""Train the Vietnamese UPOS tagger ``vi-pos-crf`` (python-crfsuite) on UD Vietnamese-VTB train+dev.

1. tune c1/c2 on a small grid: train on train, score on dev;
2. retrain on train+dev with the best pair and write ``models/vi-pos-crf/model.crfsuite``;
3. score UD-VTB test with gold words and record sha256, size and accuracy in ``models/MANIFEST.json``;
4. print, for comparison only, the UPOS accuracy of pyvi and underthesea on the same test set.

Training is deterministic (fixed data order, fixed parameters, no random state), so a rerun writes the same bytes:
``--check`` rebuilds the model and fails when its sha256 differs from the manifest, leaving the manifest alone.

    python models/build/train_pos_crf.py [--data-dir DIR] [--no-peers] [--check]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from multiprocessing import get_context
from pathlib import Path

from manifest import MODELS_DIR, REPO, SHARED_DATA, recorded, sha256_of, update_manifest  # noqa: E402

sys.path.insert(0, str(REPO / "src"))

import pycrfsuite  # noqa: E402

from nonla.functions.vi.conllu import read_conllu  # noqa: E402
from nonla.functions.vi.pos_features import sentence_features  # noqa: E402

MODEL_NAME = "vi-pos-crf"
MODEL_VERSION = "2026.11"
MODEL_FILE = f"{MODEL_NAME}/model.crfsuite"
METRIC = "UD-VTB test UPOS accuracy (gold words)"
DATA_NOTE = "UD_Vietnamese-VTB r2.17 train+dev (CC BY-SA 4.0)"
DATA_DIRS = [SHARED_DATA / "ud_vietnamese_vtb"]
C1_GRID = (0.02, 0.1, 0.3)
C2_GRID = (0.01, 0.1)
MAX_ITERATIONS = 300

Tagged = list[list[tuple[str, str]]]
Features = list[list[dict[str, float | str | bool]]]


def load_split(data_dir: Path, split: str) -> Tagged:
    return read_conllu(data_dir / f"vi_vtb-ud-{split}.conllu")


def featurise(sentences: Tagged) -> tuple[Features, list[list[str]]]:
    return [sentence_features([w for w, _ in s]) for s in sentences], [[t for _, t in s] for s in sentences]


def train(xs: Features, ys: list[list[str]], c1: float, c2: float, path: Path) -> None:
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": MAX_ITERATIONS})
    trainer.train(str(path))


def predict(model: Path, xs: Features) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    try:
        return [tagger.tag(x) for x in xs]
    finally:
        tagger.close()


def accuracy(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> float:
    pairs = [(p, g) for ps, gs in zip(predicted, gold, strict=True) for p, g in zip(ps, gs, strict=True)]
    return sum(p == g for p, g in pairs) / len(pairs)


_GRID: dict[str, object] = {}  # filled before the pool forks, so workers share the features without pickling


def _score_pair(pair: tuple[float, float]) -> tuple[float, float, float]:
    c1, c2 = pair
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "model.crfsuite")
        train(_GRID["x_train"], _GRID["y_train"], c1, c2, path)  # type: ignore[arg-type]
        return c1, c2, accuracy(predict(path, _GRID["x_dev"]), _GRID["y_dev"])  # type: ignore[arg-type]


def tune(train_set: Tagged, dev_set: Tagged, jobs: int) -> tuple[float, float]:
    _GRID["x_train"], _GRID["y_train"] = featurise(train_set)
    _GRID["x_dev"], _GRID["y_dev"] = featurise(dev_set)
    grid = [(c1, c2) for c1 in C1_GRID for c2 in C2_GRID]
    with get_context("fork").Pool(jobs) as pool:
        results = pool.map(_score_pair, grid)
    for c1, c2, acc in results:
        print(f"  c1={c1:<5} c2={c2:<5} dev UPOS accuracy {acc:.2%}")
    best = max(results, key=lambda r: r[2])  # first of equals wins: the grid order is fixed
    return best[0], best[1]


# --- peers: pyvi and underthesea tag with the VLSP tag set; map it to UPOS to compare ------------------------------

VLSP_TO_UPOS = {
    **dict.fromkeys(["N", "Nc", "Nu", "Ny", "Nb", "B"], "NOUN"), "Np": "PROPN",
    **dict.fromkeys(["V", "Vb", "Vy"], "VERB"), **dict.fromkeys(["A", "Ab"], "ADJ"),
    "P": "PRON", "R": "ADV", "E": "ADP", **dict.fromkeys(["C", "CC", "Cc"], "CCONJ"), "M": "NUM", "L": "DET",
    "T": "PART", "I": "INTJ", **dict.fromkeys(["CH", "F"], "PUNCT"), **dict.fromkeys(["X", "Z", "Y", "S", "FW"], "X"),
}  # fmt: skip


def _spans(words: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans over the text with all whitespace removed, so two segmentations of one text compare."""
    spans, at = [], 0
    for word in words:
        width = len("".join(word.split()))
        spans.append((at, at + width))
        at += width
    return spans


def _aligned(gold: Sequence[tuple[str, str]], predicted: Sequence[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """(gold UPOS, peer VLSP tag or None) for each gold word; None where the peer has no word with the same span."""
    gold_spans = _spans([w for w, _ in gold])
    peer_spans = _spans([w for w, _ in predicted])
    if gold_spans[-1][1] != peer_spans[-1][1]:  # the peer changed the text's length: count every word wrong
        return [(g, None) for _, g in gold]
    by_span = dict(zip(peer_spans, (t for _, t in predicted), strict=True))
    return [(g, by_span.get(span)) for (_, g), span in zip(gold, gold_spans, strict=True)]


def _peer_taggers() -> dict[str, Callable[[list[str]], list[tuple[str, str]]]]:
    from pyvi import ViPosTagger
    from underthesea import pos_tag
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    def pyvi_gold(words: list[str]) -> list[tuple[str, str]]:
        tokens, tags = ViPosTagger.postagging(" ".join(w.replace(" ", "_") for w in words))
        return [(t.replace("_", " "), str(tag)) for t, tag in zip(tokens, tags, strict=True)]

    def underthesea_gold(words: list[str]) -> list[tuple[str, str]]:
        return list(CRFPOSTagPredictor.Instance().predict(words))  # the model behind pos_tag, minus its segmenter

    def underthesea_text(words: list[str]) -> list[tuple[str, str]]:
        return list(pos_tag(" ".join(words)))

    return {
        "pyvi ViPosTagger (gold words)": pyvi_gold,
        "underthesea pos_tag model (gold words)": underthesea_gold,
        "underthesea.pos_tag (own segmentation)": underthesea_text,
    }


def peer_table(train_dev: Tagged, test: Tagged) -> list[tuple[str, float, float]]:
    """Per peer: test accuracy under the fixed VLSP→UPOS map and under the majority map learned on train+dev."""
    rows = []
    for name, tag in _peer_taggers().items():
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for sentence in train_dev:
            for gold, peer in _aligned(sentence, tag([w for w, _ in sentence])):
                if peer is not None:
                    counts[peer][gold] += 1
        learned = {peer: c.most_common(1)[0][0] for peer, c in sorted(counts.items())}
        learned = {**{p: u for p, u in VLSP_TO_UPOS.items() if p not in learned}, **learned}  # tags unseen on train+dev
        pairs = [p for s in test for p in _aligned(s, tag([w for w, _ in s]))]
        fixed_acc = sum(p is not None and VLSP_TO_UPOS.get(p, "X") == g for g, p in pairs) / len(pairs)
        learned_acc = sum(p is not None and learned.get(p, "X") == g for g, p in pairs) / len(pairs)
        changed = {p: u for p, u in learned.items() if VLSP_TO_UPOS.get(p, "X") != u}
        print(f"  {name}: learned map differs from the fixed one at {changed}")
        rows.append((name, fixed_acc, learned_acc))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=next((d for d in DATA_DIRS if d.exists()), DATA_DIRS[-1]))
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--no-peers", action="store_true", help="skip the pyvi / underthesea comparison")
    parser.add_argument("--check", action="store_true", help="fail if the sha256 differs from the manifest")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    train_set, dev_set, test_set = (load_split(args.data_dir, s) for s in ("train", "dev", "test"))
    print(f"UD-VTB: train {len(train_set)}, dev {len(dev_set)}, test {len(test_set)} sentences")

    print("tuning c1/c2 (train → dev):")
    c1, c2 = tune(train_set, dev_set, args.jobs)
    print(f"best c1={c1} c2={c2}; retraining on train+dev")
    x_all, y_all = featurise(train_set + dev_set)
    model = MODELS_DIR / MODEL_FILE
    model.parent.mkdir(parents=True, exist_ok=True)
    partial = model.with_suffix(".partial")
    train(x_all, y_all, c1, c2, partial)
    os.replace(partial, model)
    train_seconds = time.perf_counter() - started

    x_test, y_test = featurise(test_set)
    predicted = predict(model, x_test)
    test_acc = accuracy(predicted, y_test)
    seen = {w.lower() for s in train_set + dev_set for w, _ in s}
    words = [w.lower() for s in test_set for w, _ in s]
    hits = [p == g for ps, gs in zip(predicted, y_test, strict=True) for p, g in zip(ps, gs, strict=True)]
    for label, flag in (("known", True), ("unknown", False)):
        subset = [hit for word, hit in zip(words, hits, strict=True) if (word in seen) is flag]
        print(f"  {label} words: {len(subset)}, accuracy {sum(subset) / len(subset):.2%}")
    digest, size = sha256_of(model), model.stat().st_size
    print(f"test UPOS accuracy (gold words): {test_acc:.2%}; model {size:,} bytes, sha256 {digest}")
    print(f"tuning + training took {train_seconds:.0f} s")

    if args.check:
        expected = recorded(MODEL_NAME).get("sha256")
        print(f"sha256 {'matches' if digest == expected else 'DIFFERS from'} the manifest ({expected})")
        if digest != expected:
            return 1
    else:
        update_manifest(MODEL_NAME, {
            "version": MODEL_VERSION, "file": MODEL_FILE, "sha256": digest, "bytes": size, "data": DATA_NOTE,
            "command": "python models/build/train_pos_crf.py",
            "params": {"algorithm": "lbfgs", "c1": c1, "c2": c2, "max_iterations": MAX_ITERATIONS},
            "metrics": {METRIC: round(test_acc * 100, 2)},
        })  # fmt: skip

    if not args.no_peers:
        print("peers on the same test set (not recorded in the manifest):")
        rows = [("nonla vi-pos-crf (gold words)", test_acc, test_acc), *peer_table(train_set + dev_set, test_set)]
        print(f"\n| {'tagger':<42} | fixed VLSP→UPOS map | majority map (train+dev) |")
        print(f"|{'-' * 44}|---------------------|--------------------------|")
        for name, fixed, learned in rows:
            print(f"| {name:<42} | {fixed:>19.2%} | {learned:>24.2%} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
