"""Train ``text-sentiment``: a softmax layer over multilingual-e5-small embeddings (positive / negative / neutral).

1. embed our own train set (tests/data/sentiment/train.jsonl, written by the nonla team, CC0) with both e5
   prefixes, each sentence also with its diacritics removed (people type Vietnamese both ways);
2. choose the head by 5-fold cross-validation on train only: logistic regression (several L2 strengths), nearest
   centroid, or zero-shot prototypes from label descriptions; the score is the mean of the accuracy on sentences as
   written and with diacritics removed;
3. refit the chosen head on all of train and write ``models/text-sentiment/head.json`` (weights rounded to 6
   decimals) and its entry in ``models/MANIFEST.json``; the test set is read only to record its accuracy there.

Deterministic: fixed order, fixed folds, full-batch gradient descent from zeros; a rerun writes the same bytes.

    python models/build/train_text_sentiment.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
from manifest import REPO, recorded, sha256_of, update_manifest  # noqa: E402

sys.path.insert(0, str(REPO / "src"))

from nonla.core.models import shared_models  # noqa: E402
from nonla.functions.text.embeddings import E5_MODEL, embedder  # noqa: E402
from nonla.functions.vi.tone_marks import strip_diacritics  # noqa: E402

MODEL_NAME = "text-sentiment"
MODEL_VERSION = "2026.11"
MODEL_FILE = f"{MODEL_NAME}/head.json"
DATA = REPO / "tests" / "data" / "sentiment"
LABELS = ("positive", "negative", "neutral")
FOLDS = 5
L2_GRID = (1.0, 10.0, 100.0)  # C as in scikit-learn: larger is weaker regularisation
ITERATIONS = 500  # accelerated gradient descent converges on these ~800 points well before this
PROTOTYPES = {  # zero-shot candidate: what each label means, in the words a user would use
    "positive": "hài lòng, khen ngợi, cảm ơn, tốt, nhanh, tuyệt vời, rất thích",
    "negative": "bực bội, phàn nàn, thất vọng, tệ, chậm, lừa đảo, không chấp nhận được",
    "neutral": "câu hỏi, thông báo, thông tin, lịch làm việc, mô tả sự việc",
}
PROTOTYPE_TEMPERATURE = 0.02  # e5 was trained with a contrastive temperature of 0.01; cosines sit close together


def read(split: str) -> tuple[list[str], np.ndarray]:
    rows = [json.loads(line) for line in (DATA / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
    return [r["text"] for r in rows], np.array([LABELS.index(r["label"]) for r in rows])


def fit_logistic(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    from nonla.functions.text.logistic import fit_logistic as fit

    return fit(x, y, len(LABELS), c, ITERATIONS)  # type: ignore[no-any-return]


def fit_centroid(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    centroids = np.stack([x[y == k].mean(0) for k in range(len(LABELS))]).astype(np.float64)
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    return centroids / PROTOTYPE_TEMPERATURE, np.zeros(len(LABELS))


def prototype_head(kind: str) -> tuple[np.ndarray, np.ndarray]:
    embed = embedder(shared_models()).embed
    rows = [embed([p.strip() for p in PROTOTYPES[label].split(",")], kind).mean(0) for label in LABELS]
    return np.stack(rows).astype(np.float64) / PROTOTYPE_TEMPERATURE, np.zeros(len(LABELS))


def fit_head(fit: str, kind: str, x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    if fit == "logistic":
        return fit_logistic(x, y, c)
    return fit_centroid(x, y) if fit == "centroid" else prototype_head(kind)


def accuracy(head: tuple[np.ndarray, np.ndarray], x: np.ndarray, y: np.ndarray) -> float:
    w, b = head
    return float(((x @ w.T + b).argmax(1) == y).mean())


def cross_validate(views: dict[str, np.ndarray], y: np.ndarray, fit: str, kind: str, c: float) -> tuple[float, float]:
    """Mean fold accuracy (as written, without diacritics); a sentence and its stripped copy share a fold."""
    x, plain = views[kind], views[kind + "+plain"]
    folds = np.arange(len(y)) % FOLDS
    written, stripped = [], []
    for fold in range(FOLDS):
        train, held = folds != fold, folds == fold
        xs, ys = np.vstack([x[train], plain[train]]), np.concatenate([y[train], y[train]])
        head = fit_head(fit, kind, xs, ys, c)
        written.append(accuracy(head, x[held], y[held]))
        stripped.append(accuracy(head, plain[held], y[held]))
    return float(np.mean(written)), float(np.mean(stripped))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the sha256 differs from the manifest")
    args = parser.parse_args()
    started = time.perf_counter()
    texts, y = read("train")
    plain = [strip_diacritics(t) for t in texts]
    embed = embedder(shared_models()).embed
    views = {k: embed(texts, k) for k in ("query", "passage")}
    views |= {f"{k}+plain": embed(plain, k) for k in ("query", "passage")}
    print(f"train: {len(texts)} sentences embedded twice per prefix in {time.perf_counter() - started:.0f} s")

    candidates = [("logistic", k, c) for k in ("query", "passage") for c in L2_GRID]
    candidates += [("centroid", k, 0.0) for k in ("query", "passage")] + [("prototypes", "query", 0.0)]
    results = []
    for fit, kind, c in candidates:
        written, stripped = cross_validate(views, y, fit, kind, c)
        results.append(((written + stripped) / 2, written, stripped, fit, kind, c))
        print(f"  {fit:<10} {kind:<7} C={c:<6} CV accuracy {written:.2%} as written, {stripped:.2%} without diacritics")
    _, cv_written, cv_stripped, fit, kind, c = max(results, key=lambda r: r[0])  # first of equals: fixed order
    print(f"chosen: {fit} on '{kind}' embeddings (C={c})")

    x = np.vstack([views[kind], views[kind + "+plain"]])
    ys = np.concatenate([y, y])
    w, b = fit_head(fit, kind, x, ys, c)
    test_texts, test_y = read("test")
    test_acc = accuracy((w, b), embed(test_texts, kind), test_y)
    head = {"labels": list(LABELS), "prefix": kind, "method": fit, "C": c, "embeddings": E5_MODEL.key,
            "weights": [[round(float(v), 6) for v in row] for row in w], "bias": [round(float(v), 6) for v in b]}  # fmt: skip
    path = REPO / "models" / MODEL_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(head, separators=(",", ":")) + "\n", encoding="utf-8")
    digest, size = sha256_of(path), path.stat().st_size
    print(f"test accuracy {test_acc:.2%}; {path.relative_to(REPO)} {size:,} bytes, sha256 {digest}")
    print(f"took {time.perf_counter() - started:.0f} s")

    if args.check:
        expected = recorded(MODEL_NAME).get("sha256")
        print(f"sha256 {'matches' if digest == expected else 'DIFFERS from'} the manifest ({expected})")
        return 0 if digest == expected else 1
    update_manifest(MODEL_NAME, {
        "version": MODEL_VERSION, "file": MODEL_FILE, "sha256": digest, "bytes": size,
        "data": "tests/data/sentiment/train.jsonl (nonla, CC0), each sentence also without diacritics",
        "command": "python models/build/train_text_sentiment.py",
        "params": {"method": fit, "prefix": kind, "C": c, "iterations": ITERATIONS, "embeddings": E5_MODEL.key},
        "metrics": {"train 5-fold CV accuracy (as written)": round(cv_written * 100, 2),
                    "train 5-fold CV accuracy (without diacritics)": round(cv_stripped * 100, 2),
                    "test accuracy (as written)": round(test_acc * 100, 2)},
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
