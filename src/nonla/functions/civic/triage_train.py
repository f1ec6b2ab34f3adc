"""Retrain the category classifier of civic.triage from an agency's labelled history (a CSV file).

The result is ``$NONLA_HOME/agencies/<agency>.head.json``; civic.triage uses it whenever that agency is asked for.
Every text is learnt as written and with its diacritics removed (then restored, as civic.triage reads such a
message), like the shipped model, and the figures returned
are 5-fold cross-validated on the file itself; the same folds calibrate the confidences (temperature scaling). Labels must be categories of the agency's taxonomy (the default one,
or $NONLA_HOME/agencies/<agency>.json, which may add categories).

    nonla civic train --data history.csv --agency hue [--text-col text --label-col category]
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from nonla.core.errors import InvalidInput, NotFound
from nonla.functions.civic.triage_head import HEAD_MODEL, as_read, fit_logistic, head_json, temperature
from nonla.functions.civic.triage_taxonomy import AGENCY_PATTERN, agency_dir, taxonomy
from nonla.functions.vi.tone_marks import strip_diacritics

MIN_PER_LABEL = 5
FOLDS = 5
DEFAULT_C = 10.0


def read_csv(path: Path, text_col: str, label_col: str) -> tuple[list[str], list[str], int]:
    """(texts, labels, rows skipped because their text or label is empty)."""
    if not path.is_file():
        raise NotFound(f"There is no file at {path}.", hint="Check the path given to --data.")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            for column in (text_col, label_col):
                if column not in columns:
                    raise InvalidInput(
                        f"The file has no column '{column}'; its columns are: {', '.join(columns) or 'none'}.",
                        hint="Name the columns with --text-col and --label-col.",
                        column=column,
                    )
            texts, labels, skipped = [], [], 0
            for row in reader:
                text, label = (row.get(text_col) or "").strip(), (row.get(label_col) or "").strip()
                if not text or not label:
                    skipped += 1
                    continue
                texts.append(text)
                labels.append(label)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInput(f"The file is not a UTF-8 CSV file ({exc}).", hint="Save it as CSV UTF-8.") from None
    return texts, labels, skipped


def check_labels(labels: list[str], known: list[str], agency: str) -> Counter[str]:
    counts = Counter(labels)
    unknown = sorted(set(counts) - set(known))
    if unknown:
        raise InvalidInput(
            f"Unknown labels for agency '{agency}': {', '.join(unknown)}. Known: {', '.join(known)}.",
            hint=f"Use the category keys of the taxonomy, or add the new ones to agencies/{agency}.json first.",
            labels=unknown,
        )
    few = sorted(label for label, n in counts.items() if n < MIN_PER_LABEL)
    if few or len(counts) < 2:
        raise InvalidInput(
            f"Too few examples: every label needs at least {MIN_PER_LABEL} and there must be 2 labels or more"
            + (f"; short: {', '.join(f'{x} ({counts[x]})' for x in few)}." if few else "."),
            hint="Add labelled messages, or leave out the labels that have only a few.",
        )
    return counts


def cross_validate(written: Any, plain: Any, y: Any, folds: Any, classes: int, c: float) -> tuple[float, float, Any]:
    """Accuracy as written and without diacritics, and the out-of-fold logits (written rows, then plain rows).

    A message and its copy without diacritics are always in the same fold.
    """
    import numpy as np

    logits = np.zeros((2 * len(y), classes))
    for fold in sorted(set(folds.tolist())):
        train, held = folds != fold, folds == fold
        w, b = fit_logistic(np.vstack([written[train], plain[train]]), np.concatenate([y[train], y[train]]), classes, c)
        logits[: len(y)][held] = written[held] @ w.T + b
        logits[len(y) :][held] = plain[held] @ w.T + b
    hits = logits.argmax(1) == np.concatenate([y, y])
    return float(hits[: len(y)].mean()), float(hits[len(y) :].mean()), logits


def shipped_c() -> float:
    """The regularisation chosen by cross-validation when the shipped head was built."""
    import json

    try:
        return float(json.loads(HEAD_MODEL.path().read_text(encoding="utf-8")).get("C", DEFAULT_C))
    except Exception:  # the shipped model is optional here: an agency can train without it
        return DEFAULT_C


def train(csv_path: str | Path, agency: str, text_col: str = "text", label_col: str = "category") -> dict[str, Any]:
    """Train and write the agency's head; return what was learnt and its cross-validated accuracy."""
    import numpy as np

    from nonla.core.models import shared_models
    from nonla.functions.text.embeddings import embedder

    if agency == "default" or not re.match(AGENCY_PATTERN, agency):
        raise InvalidInput(
            f"'{agency}' cannot name an agency.",
            hint="Use lower-case letters, digits, '-' and '_' (at most 64), and not 'default'.",
        )
    texts, labels, skipped = read_csv(Path(csv_path), text_col, label_col)
    known = list(taxonomy(agency if agency_dir().joinpath(f"{agency}.json").exists() else "default").categories)
    counts = check_labels(labels, known, agency)
    names = [label for label in known if label in counts]
    y = np.array([names.index(label) for label in labels])
    embed = embedder(shared_models()).embed
    written, plain = embed(as_read(texts), "query"), embed(as_read([strip_diacritics(t) for t in texts]), "query")
    rank: Counter[str] = Counter()
    folds = np.zeros(len(y), dtype=int)
    for i, label in enumerate(labels):  # stratified: the k-th example of each label goes to fold k mod 5
        folds[i], rank[label] = rank[label] % FOLDS, rank[label] + 1
    c = shipped_c()
    cv_written, cv_plain, logits = cross_validate(written, plain, y, folds, len(names), c)
    scale = temperature(logits, np.concatenate([y, y]))
    w, b = fit_logistic(np.vstack([written, plain]), np.concatenate([y, y]), len(names), c)
    w, b = w / scale, b / scale
    target = agency_dir() / f"{agency}.head.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(
        head_json(names, w, b, agency=agency, method="logistic", C=c, temperature=scale, examples=len(y)),
        encoding="utf-8",
    )
    os.replace(tmp, target)  # atomic: a running server never reads half a file
    return {
        "agency": agency,
        "model": str(target),
        "examples": len(y),
        "skipped_rows": skipped,
        "labels": {name: counts[name] for name in names},
        "cv_accuracy": round(100 * cv_written, 2),
        "cv_accuracy_without_diacritics": round(100 * cv_plain, 2),
    }
