"""text.classify on nonla's classification test set: zero-shot (label descriptions) and few-shot (k examples per
label from the separate pool), against a majority-class and a word-overlap baseline.

Four tasks, each item with its task's labels: department routing, news topic, citizen-message intent, app-review
aspect. Figures are given on the texts written with diacritics, as written, and on every test text with its
diacritics removed, which the function restores (vi.diacritics) before matching; the "marks not restored" figures
are the zero-shot ones with restore_diacritics=false. Accuracy and macro-F1 (the mean of per-label F1 over all tasks' labels), in %.

python evaluation/text_classify.py [--json]
"""

from __future__ import annotations

import json
import re
from collections import Counter

from _common import REPO, Timer, args, report, run_all

DATA = REPO / "tests" / "data" / "classify"
SHOTS = (1, 5)
CARD_SHOTS = 5


def plain(text: str) -> str:
    from nonla.functions.vi.tone_marks import strip_diacritics

    return strip_diacritics(text)


def load() -> tuple[list[dict], dict[str, dict[str, list[str]]]]:
    test = [json.loads(line) for line in (DATA / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    pool: dict[str, dict[str, list[str]]] = {}
    for line in (DATA / "pool.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        pool.setdefault(row["task"], {}).setdefault(row["label"], []).append(row["text"])
    return test, pool


def scores(rows: list[dict], pred: list[str]) -> dict[str, float]:
    """Accuracy, and macro-F1 over every (task, label) pair."""
    f1s = []
    for task, label in sorted({(r["task"], r["label"]) for r in rows}):
        pairs = [(r["label"], p) for r, p in zip(rows, pred, strict=True) if r["task"] == task]
        hit = sum(g == p == label for g, p in pairs)
        total = sum(p == label for _, p in pairs) + sum(g == label for g, _ in pairs)
        f1s.append(2 * hit / total if total else 0.0)
    accuracy = sum(r["label"] == p for r, p in zip(rows, pred, strict=True)) / len(rows)
    return {"accuracy": round(100 * accuracy, 2), "macro-F1": round(100 * sum(f1s) / len(f1s), 2)}


def overlap_label(text: str, labels: dict[str, str], examples: dict[str, list[str]] | None) -> str:
    """The word-overlap peer: the label whose name, description and examples share the most syllables with the
    text (each shared syllable counted once per label text, averaged over the label's texts)."""
    words = set(re.findall(r"\w+", text.lower()))
    best, best_score = next(iter(labels)), -1.0
    for name, description in labels.items():
        texts = [f"{name} {description}", *((examples or {}).get(name, []))]
        bags = [set(re.findall(r"\w+", t.lower())) for t in texts]
        bags += [set(re.findall(r"\w+", plain(t).lower())) for t in texts]  # match text typed without marks too
        score = sum(len(words & bag) for bag in bags) / len(bags)
        if score > best_score:
            best, best_score = name, score
    return best


def main() -> None:
    opts = args(__doc__ or "")
    test, pool = load()
    test = test[: opts.limit or None]
    views = {"with diacritics": [r for r in test if r["diacritics"]],
             "without diacritics": [{**r, "text": plain(r["text"])} for r in test]}  # fmt: skip
    settings: dict[str, int] = {"zero-shot": 0, **{f"{k}-shot": k for k in SHOTS}}
    run_all("text.classify", [{"text": "khởi động", "labels": ["a", "b"]}])  # load the model outside the timing
    table: dict[str, dict[str, float]] = {}
    card: dict[str, float] = {}
    peers: dict[str, float] = {}
    for view, rows in views.items():
        for setting, k in settings.items():
            items = [{"text": r["text"], "labels": r["labels"],
                      "examples": {n: pool[r["task"]][n][:k] for n in r["labels"]} if k else None} for r in rows]  # fmt: skip
            with Timer() as t:
                ours = [o.label for o in run_all("text.classify", items)]
            row = scores(rows, ours)
            for task in pool:
                hits = [r["label"] == p for r, p in zip(rows, ours, strict=True) if r["task"] == task]
                row[task] = round(100 * sum(hits) / max(1, len(hits)), 1)
            if k == 0:  # later settings reuse the cached embeddings of the same texts: their speed means nothing
                row["texts/s"] = round(len(rows) / t.seconds, 1)
            table[f"nonla {setting}, {view} ({len(rows)})"] = row
            overlap = [overlap_label(i["text"], i["labels"], i["examples"]) for i in items]
            table[f"word overlap {setting}, {view}"] = scores(rows, overlap)
            if k in (0, CARD_SHOTS):
                for metric, value in row.items():
                    if metric in ("accuracy", "macro-F1"):
                        card[f"{setting} {metric} % ({view})"] = value
                for metric, value in scores(rows, overlap).items():
                    peers[f"word overlap {setting} {metric} % ({view})"] = value
        # the majority class of each task's pool (all labels tie there, so: the first label given)
        majority = [Counter({n: len(pool[r["task"]][n]) for n in r["labels"]}).most_common(1)[0][0] for r in rows]
        table[f"majority class, {view}"] = scores(rows, majority)
        for metric, value in scores(rows, majority).items():
            peers[f"majority class {metric} % ({view})"] = value
    rows = views["without diacritics"]
    items = [{"text": r["text"], "labels": r["labels"], "restore_diacritics": False} for r in rows]
    row = scores(rows, [o.label for o in run_all("text.classify", items)])
    table[f"nonla zero-shot, without diacritics, marks not restored ({len(rows)})"] = row
    for metric, value in row.items():
        card[f"zero-shot {metric} % (without diacritics, marks not restored)"] = value
    title = f"Zero-/few-shot classification, nonla test set ({len(test)} texts, {len(pool)} tasks)"
    report(title, table, opts.json, card=card, peers=peers)


if __name__ == "__main__":
    main()
