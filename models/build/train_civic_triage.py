"""Train ``civic-triage``: the category head of civic.triage, a softmax layer over multilingual-e5-small embeddings.

1. embed the train split of tests/data/civic/messages.jsonl (written by the nonla team, CC0) with the 'query'
   prefix, each message also with its diacritics removed (a third of citizens type without them); a message
   without diacritics is read with its marks restored by vi.diacritics@1, as civic.triage reads it;
2. choose the L2 strength by 5-fold cross-validation on train only (a near-duplicate pair shares a fold); the score
   is the mean of the accuracy on messages as written and without diacritics; the same out-of-fold probabilities
   fit the temperature that calibrates the head's confidences;
3. measure the urgency rules on train, with the out-of-fold categories, and keep each rule's share of right answers
   (Laplace-smoothed) as the confidence civic.triage gives when that rule decides;
4. refit on all of train and write ``models/civic-triage/head.json`` and its entry in ``models/MANIFEST.json``.

Deterministic: fixed order, fixed folds, full-batch gradient descent from zeros; a rerun writes the same bytes.

    python models/build/train_civic_triage.py [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter

import numpy as np
from manifest import REPO, recorded, sha256_of, update_manifest  # noqa: E402

sys.path.insert(0, str(REPO / "src"))

from nonla.core.models import shared_models  # noqa: E402
from nonla.functions.civic.triage_head import HEAD_MODEL, ITERATIONS, as_read, fit_logistic, head_json, temperature  # noqa: E402
from nonla.functions.civic.triage_taxonomy import taxonomy  # noqa: E402
from nonla.functions.civic.triage_train import FOLDS, cross_validate  # noqa: E402
from nonla.functions.civic.triage_urgency import rule  # noqa: E402
from nonla.functions.text.embeddings import E5_MODEL, embedder  # noqa: E402
from nonla.functions.vi.tone_marks import strip_diacritics  # noqa: E402

DATA = REPO / "tests" / "data" / "civic" / "messages.jsonl"
L2_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)


def read(split: str) -> list[dict[str, str]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["split"] == split]


def group_folds(rows: list[dict[str, str]]) -> np.ndarray:
    """Fold of each message: by the hash of its duplicate group (or itself), so a pair is never split."""
    keys = [r["duplicate_of"] or r["id"] for r in rows]
    return np.array([int(hashlib.sha256(k.encode()).hexdigest(), 16) % FOLDS for k in keys])


def urgency_confidence(rows: list[dict[str, str]], categories: list[str]) -> dict[str, float]:
    tax = taxonomy("default")
    fired: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for row, category in zip(rows, categories, strict=True):
        urgency, which = rule(row["text"], tax.categories[category], tax)
        fired[which] += 1
        right[which] += urgency == row["urgency"]
    return {which: round((right[which] + 1) / (fired[which] + 2), 4) for which in sorted(fired)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the sha256 differs from the manifest")
    args = parser.parse_args()
    started = time.perf_counter()
    labels = list(taxonomy("default").categories)
    rows = read("train")
    y = np.array([labels.index(r["category"]) for r in rows])
    embed = embedder(shared_models()).embed
    written = embed(as_read([r["text"] for r in rows]), "query")
    plain = embed(as_read([strip_diacritics(r["text"]) for r in rows]), "query")
    print(
        f"train: {len(rows)} messages embedded as written and without diacritics in {time.perf_counter() - started:.0f} s"
    )

    folds = group_folds(rows)
    results = []
    for c in L2_GRID:
        cv_written, cv_plain, logits = cross_validate(written, plain, y, folds, len(labels), c)
        results.append(((cv_written + cv_plain) / 2, cv_written, cv_plain, c, logits))
        print(f"  logistic C={c:<6} CV accuracy {cv_written:.2%} as written, {cv_plain:.2%} without diacritics")
    _, cv_written, cv_plain, c, logits = max(results, key=lambda r: r[0])  # first of equals: fixed order
    scale = temperature(logits, np.concatenate([y, y]))
    print(f"chosen: C={c}; temperature {scale} (least log-loss of the out-of-fold probabilities)")
    confidence = urgency_confidence(rows, [labels[k] for k in logits[: len(rows)].argmax(1)])
    print(f"urgency rule confidence (train, out-of-fold categories): {confidence}")

    w, b = fit_logistic(np.vstack([written, plain]), np.concatenate([y, y]), len(labels), c)
    w, b = w / scale, b / scale
    test = read("test")
    test_y = np.array([labels.index(r["category"]) for r in test])
    test_acc = float(((embed(as_read([r["text"] for r in test]), "query") @ w.T + b).argmax(1) == test_y).mean())
    path = REPO / "models" / HEAD_MODEL.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(head_json(labels, w, b, method="logistic", C=c, temperature=scale, embeddings=E5_MODEL.key,
                              urgency_confidence=confidence), encoding="utf-8")  # fmt: skip
    digest, size = sha256_of(path), path.stat().st_size
    print(f"test accuracy {test_acc:.2%}; {path.relative_to(REPO)} {size:,} bytes, sha256 {digest}")
    print(f"took {time.perf_counter() - started:.0f} s")

    if args.check:
        expected = recorded(HEAD_MODEL.name).get("sha256")
        print(f"sha256 {'matches' if digest == expected else 'DIFFERS from'} the manifest ({expected})")
        return 0 if digest == expected else 1
    update_manifest(HEAD_MODEL.name, {
        "version": HEAD_MODEL.version, "file": HEAD_MODEL.file, "sha256": digest, "bytes": size,
        "data": "tests/data/civic/messages.jsonl train split (nonla, CC0), each message also without diacritics",
        "command": "python models/build/train_civic_triage.py",
        "params": {"method": "logistic", "prefix": "query", "C": c, "temperature": scale, "iterations": ITERATIONS,
                   "embeddings": E5_MODEL.key},
        "metrics": {"train 5-fold CV accuracy (as written)": round(cv_written * 100, 2),
                    "train 5-fold CV accuracy (without diacritics)": round(cv_plain * 100, 2),
                    "test accuracy (as written)": round(test_acc * 100, 2)},
    })  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
