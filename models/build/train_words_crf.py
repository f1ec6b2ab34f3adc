"""Train vi-words-crf, the stacked word segmenter of vi.words@2, on UD Vietnamese-VTB train+dev.

c1/c2 are chosen on dev (trained on train only), then the model is retrained on train+dev and written to
models/vi-words-crf/model.crfsuite with its manifest entry. The test split is only scored, never trained on.

    python models/build/train_words_crf.py [--check]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from manifest import REPO, SHARED_DATA, recorded, sha256_of, update_manifest  # noqa: E402

sys.path.insert(0, str(REPO / "src"))
os.environ.setdefault("NONLA_HOME", str(Path("/tmp") / "nonla-model-build"))

from nonla.core.models import shared_models  # noqa: E402
from nonla.functions.vi.conllu import read_conllu_sentences  # noqa: E402
from nonla.functions.vi.segmenter import WORD_NGRAMS, word_model  # noqa: E402
from nonla.functions.vi.word_ensemble import UTS_WORDS, VIET74K, UtsWords, features, load_compounds  # noqa: E402

NAME, VERSION = "vi-words-crf", "2026.11"
FILE = f"{NAME}/model.crfsuite"
UD = SHARED_DATA / "ud_vietnamese_vtb"
GRID = [(c1, c2) for c1 in (0.01, 0.03, 0.1, 0.3) for c2 in (0.001, 0.005, 0.02)]
METRIC = "UD-VTB test word F1 (gold syllables)"

Sample = tuple[list[str], list[str]]


def split(name: str) -> list[Sample]:
    out = []
    for sentence in read_conllu_sentences(UD / f"vi_vtb-ud-{name}.conllu"):
        sylls, labels = [], []
        for word in sentence.words:
            parts = word.form.split(" ")
            sylls += parts
            labels += ["B"] + ["I"] * (len(parts) - 1)
        out.append((sylls, labels))
    return out


def featurise(data: list[Sample]) -> list[list[list[str]]]:
    pyvi = word_model(shared_models())
    uts = UtsWords(UTS_WORDS.path())
    compounds = load_compounds(WORD_NGRAMS.path(), VIET74K.path())
    return [features(s, pyvi.labels(s), uts.labels(s), compounds) for s, _ in data]


def train(xs: list[list[list[str]]], ys: list[list[str]], c1: float, c2: float, path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 200, "feature.possible_transitions": True})
    trainer.train(str(path))


def f1(model: Path, xs: list[list[list[str]]], ys: list[list[str]]) -> float:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))

    def spans(labels: list[str]) -> set[tuple[int, int]]:
        starts = [i for i, label in enumerate(labels) if label == "B" or i == 0] + [len(labels)]
        return set(zip(starts, starts[1:], strict=False))

    hit = gold = pred = 0
    for x, y in zip(xs, ys, strict=True):
        g, p = spans(y), spans(tagger.tag(x))
        hit, gold, pred = hit + len(g & p), gold + len(g), pred + len(p)
    precision, recall = hit / pred, hit / gold
    return round(100 * 2 * precision * recall / (precision + recall), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild and fail if the sha256 differs from the manifest")
    opts = parser.parse_args()
    started = time.perf_counter()
    tr, dv, te = split("train"), split("dev"), split("test")
    xtr, xdv, xte = featurise(tr), featurise(dv), featurise(te)
    ytr, ydv, yte = [y for _, y in tr], [y for _, y in dv], [y for _, y in te]
    scratch = Path("/tmp") / "nonla-words-grid.crfsuite"
    scores = []
    for c1, c2 in GRID:
        train(xtr, ytr, c1, c2, scratch)
        scores.append((f1(scratch, xdv, ydv), -GRID.index((c1, c2)), c1, c2))
        print(f"  c1={c1} c2={c2}: dev F1 {scores[-1][0]}")
    _, _, c1, c2 = max(scores)
    out = REPO / "models" / FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    target = scratch if opts.check else out
    train(xtr + xdv, ytr + ydv, c1, c2, target)
    digest = sha256_of(target)
    test_f1 = f1(target, xte, yte)
    print(f"c1={c1} c2={c2}  test F1 {test_f1}  sha256 {digest}  {time.perf_counter() - started:.0f} s")
    if opts.check:
        return 0 if recorded(NAME).get("sha256") == digest else 1
    update_manifest(NAME, {"version": VERSION, "file": FILE, "sha256": digest, "bytes": target.stat().st_size,
                      "data": "UD_Vietnamese-VTB r2.17 train+dev (CC BY-SA 4.0); features from pyvi 0.1.1 and underthesea 9.5 models",
                      "command": "python models/build/train_words_crf.py",
                      "params": {"algorithm": "lbfgs", "c1": c1, "c2": c2, "max_iterations": 200},
                      "metrics": {METRIC: test_f1}})  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
