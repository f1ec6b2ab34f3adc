"""Train a text classifier from a CSV: TF-IDF or multilingual-e5 features with logistic regression, whichever
cross-validates better on the training part; held-out accuracy and macro-F1 with a confusion matrix; stage draft.

Files written: model.skops (scikit-learn, no pickle), confusion.json, confusion.png, report.json.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from nonla.core.errors import InvalidInput
from nonla.custom import artefacts, registry
from nonla.custom.datafile import (
    column_name,
    digest,
    first_occurrences,
    held_out_split,
    left_out,
    parse_rows,
    read_bytes,
    same_text,
)
from nonla.custom.evaluation import classification_report, metrics_of, save_confusion
from nonla.custom.progress import Cancelled, Report, Tracker
from nonla.custom.public_examples import public_rows

FEATURES = ("auto", "tfidf", "e5")
SEED = 0
E5_CHUNK = 16


def tfidf_model() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    # words catch the vocabulary; character n-grams inside words catch typos and missing diacritics' neighbours
    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_features=50_000)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, max_features=50_000)),
    ])  # fmt: skip
    return Pipeline(
        [("features", features), ("classifier", LogisticRegression(C=10.0, solver="newton-cg", max_iter=1000))]
    )


MAX_LABELS = 200


def e5_model() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0, solver="newton-cg", max_iter=1000)


class Kept(NamedTuple):
    """The rows a classifier learns from, and how many of the file's rows were left out and why."""

    texts: list[str]
    labels: list[str]
    blank: int  # without a text or a label
    duplicates: int  # the same text with the same label as an earlier row


def _check(rows: list[dict[str, str]], text_col: str, label_col: str, words_needed: bool) -> Kept:
    pairs = [(r[text_col], r[label_col]) for r in rows if r[text_col] and r[label_col]]
    kept = [pairs[i] for i in first_occurrences(pairs)]
    # said first: texts without words are often few and alike, and the few examples left would hide the cause
    if words_needed and pairs and not any(_tfidf_word().search(text) for text, _ in kept):
        raise _no_words()
    counts = Counter(label for _, label in kept)
    if len(counts) < 2:
        raise InvalidInput("A classifier needs at least two different labels in the training file.", field="data")
    if len(counts) > MAX_LABELS:  # each label costs a model column and a row and column of the confusion matrix
        raise InvalidInput(f"The training file has {len(counts):,} labels; a classifier here takes at most "
                           f"{MAX_LABELS}.", hint="Merge rare labels, or split the task into a hierarchy.",
                           field="data")  # fmt: skip
    rare = sorted(label for label, n in counts.items() if n < 5)
    if rare:
        raise InvalidInput(f"Each label needs at least 5 examples; too few for: {', '.join(rare[:10])}.",
                           hint="Add examples of those labels or merge them into others.", field="data")  # fmt: skip
    return Kept([t for t, _ in kept], [label for _, label in kept], len(rows) - len(pairs), len(pairs) - len(kept))


def _embed(texts: list[str], tracker: Tracker, start: float, span: float) -> Any:
    import numpy as np

    from nonla.core.models import shared_models
    from nonla.functions.text.embeddings import embedder

    model, parts = embedder(shared_models()), []
    for i in range(0, len(texts), E5_CHUNK):
        tracker.step(start + span * i / len(texts), f"e5 embeddings {i}/{len(texts)}")
        parts.append(model.embed(texts[i : i + E5_CHUNK], "query"))
    return np.vstack(parts)


def _cross_validate(make: Any, x: Any, y: list[str], folds: int, tracker: Tracker, label: str, at: float) -> float:
    from sklearn.base import clone
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    scores, labels = [], sorted(set(y))
    splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED).split(list(range(len(y))), y)
    for k, (train, test) in enumerate(splits):
        tracker.step(at + 0.05 * k, f"cross-validating {label}: fold {k + 1}/{folds}")
        model = clone(make()).fit(_take(x, train), [y[i] for i in train])
        predicted = list(model.predict(_take(x, test)))
        scores.append(f1_score([y[i] for i in test], predicted, labels=labels, average="macro", zero_division=0))
    return round(100 * float(sum(scores)) / len(scores), 2)


def _tfidf_word() -> re.Pattern[str]:
    """What TF-IDF reads as a word: the words vectorizer's own token pattern."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return re.compile(TfidfVectorizer().token_pattern)


def _no_words() -> InvalidInput:
    return InvalidInput("The texts hold no words to learn from: TF-IDF reads words of two or more letters or "
                        "digits, and these texts have none (only emoji, single characters or punctuation).",
                        hint="Train on texts with words, or use --features e5 (multilingual-e5 reads any text).",
                        field="data")  # fmt: skip


def _scored_families(families: list[str], score: Any) -> dict[str, float]:
    """Each family's cross-validated macro-F1. TF-IDF finds no vocabulary in texts without words: alone, that is the
    caller's 422 saying so; beside e5 (which reads any text) it just drops out."""
    cv: dict[str, float] = {}
    for n, family in enumerate(families):
        try:
            cv[family] = score(family, n)
        except ValueError as exc:
            if family != "tfidf" or "empty vocabulary" not in str(exc):
                raise
            if families == ["tfidf"]:
                raise _no_words() from None
    return cv


def _take(x: Any, index: Any) -> Any:
    return [x[i] for i in index] if isinstance(x, list) else x[index]


def train_text_classifier(data: Path | bytes, *, name: str, text_col: str = "text", label_col: str = "label",
                          features: str = "auto", owner: str = "", intended_use: str = "", risk: str = "limited",
                          folds: int = 5, command: str = "", actor: str = "local", progress: Report | None = None,
                          cancelled: Cancelled | None = None) -> registry.Version:  # fmt: skip
    """Train, measure on a held-out 20 %, write the files and register version N of custom.NAME (stage draft).

    >>> version = train_text_classifier(Path("laws.csv"), name="law_of_article", label_col="law")  # doctest: +SKIP
    """
    name = artefacts.check_name(name)
    text_col, label_col = column_name(text_col), column_name(label_col)
    if features not in FEATURES:
        raise InvalidInput(f"Features '{features}' are not one of {', '.join(FEATURES)}.", field="features")
    raw = data if isinstance(data, bytes) else read_bytes(data)
    tracker = Tracker(progress, cancelled)
    tracker.step(0.0, "reading the training file")
    kept = _check(parse_rows(raw, [text_col, label_col], all_columns=False), text_col, label_col,
                  words_needed=features == "tfidf")
    texts, labels = kept.texts, kept.labels
    classes = sorted(set(labels))
    train_i, test_i = held_out_split([same_text(t) for t in texts], labels, SEED)
    y_train, y_test = [labels[i] for i in train_i], [labels[i] for i in test_i]
    folds = max(2, min(folds, min(Counter(y_train).values())))
    families = ["tfidf", "e5"] if features == "auto" else [features]
    vectors = _embed(texts, tracker, 0.05, 0.45) if "e5" in families else None
    inputs = {"tfidf": texts, "e5": vectors}
    makers = {"tfidf": tfidf_model, "e5": e5_model}
    cv = _scored_families(families, lambda f, n: _cross_validate(makers[f], _take(inputs[f], train_i), y_train, folds,
                                                                 tracker, f, 0.5 + 0.2 * n))  # fmt: skip
    chosen = max(cv, key=lambda f: (cv[f], f == "tfidf"))  # ties: the cheaper features
    tracker.step(0.9, f"fitting {chosen} on {len(train_i)} rows, measuring on {len(test_i)} held-out rows")
    model = makers[chosen]().fit(_take(inputs[chosen], train_i), y_train)
    predicted = [str(p) for p in model.predict(_take(inputs[chosen], test_i))]
    report = classification_report(y_test, predicted, classes)
    majority = Counter(y_train).most_common(1)[0][0]
    baseline = classification_report(y_test, [majority] * len(y_test), classes)
    metrics = metrics_of(report)
    report.update(features=chosen, folds=folds, cross_validation={f"{f} macro-F1 %": v for f, v in cv.items()},
                  rows={"used": len(texts), "without a text or label": kept.blank,
                        "duplicates dropped": kept.duplicates})  # fmt: skip
    folder = artefacts.incoming_dir(name)
    try:
        from skops.io import dump

        dump(model, folder / "model.skops")
        save_confusion(report, folder)
        (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        tracker.step(0.97, "registering the version")  # the last point a cancel can stop at: nothing is stored yet
    except BaseException:
        artefacts.discard(folder)
        raise
    peers = {"majority class accuracy %": baseline["accuracy %"], "majority class macro-F1 %": baseline["macro-F1 %"],
             **{f"cross-validated macro-F1 % ({f})": v for f, v in cv.items()}}  # fmt: skip
    file_digest = digest(raw)
    card = {
        "summary": f"Text classifier '{name}': {len(classes)} labels, {chosen} features + logistic regression.",
        "languages": ["vi"],
        "licence": f"trained by {owner or actor} on their own data",
        "evaluation": command or f"nonla train text-classifier --data FILE --text-col {text_col} "
                                 f"--label-col {label_col} --name {name} --features {features}",
        "evaluation_data": f"{len(test_i)} held-out rows (stratified 20 %, seed {SEED}, a text on one side only) "
                           f"of the training file sha256 {file_digest}. "
                           f"{left_out(kept.blank, kept.duplicates, 'a label or text')}".strip(),
        "peers": peers,
        "limitations": f"Knows only the {len(classes)} labels it was trained on ({', '.join(classes[:8])}"
                       f"{', …' if len(classes) > 8 else ''}) from {len(train_i)} rows; any text gets one of them.",
        # public to every caller: held-out texts with their personal data masked, ones with none preferred
        "examples": [{"text": row["text"][:1000]} for row, _ in public_rows([{"text": texts[i]} for i in test_i], 3)],
    }  # fmt: skip
    config = {"fields": [{"name": "text", "type": "text"}], "labels": [str(c) for c in model.classes_],
              "features": chosen}  # fmt: skip
    version = registry.register(folder, name=name, kind="text-classifier", task="classification",
                                main_file="model.skops", config=config, card=card, metrics=metrics, report=report,
                                owner=owner, intended_use=intended_use or f"Sorting texts into: {', '.join(classes)}.",
                                risk=risk, data_digest=file_digest, actor=actor)  # fmt: skip
    # Drift in production is measured against the held-out rows (logged, never fatal, when it cannot be made).
    from nonla.monitoring.baseline import record_quietly

    record_quietly(version.ref, [{"text": texts[i]} for i in test_i], source="held-out split", actor=actor)
    tracker.report(1.0, f"registered {version.ref} (draft)")  # registered: a cancel now comes too late
    return version


def _read(path: Path) -> bytes:
    if not Path(path).is_file():
        raise InvalidInput(f"There is no file {path}.", field="data")
    return Path(path).read_bytes()
