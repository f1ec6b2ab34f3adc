"""Train a model on a table: numeric and categorical columns, LightGBM gradient boosting, one thread and a fixed
seed (so the same file gives the same model). Classification reports accuracy and macro-F1 with a confusion
matrix; regression reports MAE and R², both on a held-out 20 %.

Files written: model.lgb.txt (LightGBM's own text format, no pickle) — or model.skops (scikit-learn's
HistGradientBoosting) where LightGBM is not installed —, report.json, confusion.json/.png.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from nonla.custom.evaluation import classification_report, metrics_of, regression_report, save_confusion
from nonla.custom.predictors import matrix
from nonla.custom.progress import Cancelled, Report, Tracker
from nonla.custom.public_examples import public_rows

SEED = 0
MAX_CATEGORIES = 1000


def _number(value: str) -> float | None:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def describe_columns(rows: list[dict[str, str]], target: str) -> list[dict[str, Any]]:
    """Each input column as a number (every value that is not blank parses) or a category (its values, most frequent
    first). Blank cells are missing values, not a category: one empty age must not turn ages into names. A number
    column with blanks is optional: the model learned what a missing value means, so a caller may leave it out.

    >>> describe_columns([{"age": "30", "y": "a"}, {"age": " ", "y": "b"}, {"age": "41,5", "y": "a"}], "y")
    [{'name': 'age', 'type': 'number', 'optional': True}]
    """
    fields: list[dict[str, Any]] = []
    for column in [c for c in rows[0] if c != target]:
        values = [r[column] for r in rows]
        present = [v for v in values if v.strip()]
        if present and all(_number(v) is not None for v in present):
            blanks = len(present) < len(values)
            fields.append({"name": column, "type": "number", **({"optional": True} if blanks else {})})
        else:
            categories = [v for v, _ in Counter(values).most_common(MAX_CATEGORIES)]
            fields.append({"name": column, "type": "category", "categories": sorted(categories)})
    for field in fields:
        if not field["name"].isidentifier():
            raise InvalidInput(f"Column '{field['name']}' must be a plain name (letters, digits, '_').", field="data")
    return fields


def _coerce(rows: list[dict[str, str]], fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{f["name"]: _number(r[f["name"]]) if f["type"] == "number" else r[f["name"]] for f in fields}
            for r in rows]  # fmt: skip


def train_tabular(data: Path | bytes, *, name: str, target: str, task: str | None = None, owner: str = "",
                  intended_use: str = "", risk: str = "limited", command: str = "", actor: str = "local",
                  progress: Report | None = None, cancelled: Cancelled | None = None) -> registry.Version:  # fmt: skip
    """Train and register version N of custom.NAME (stage draft) from a CSV with a ``target`` column.

    >>> train_tabular(Path("houses.csv"), name="price", target="price", task="regression")  # doctest: +SKIP
    """
    import numpy as np

    name = artefacts.check_name(name)
    target = column_name(target)
    tracker = Tracker(progress, cancelled)
    raw = data if isinstance(data, bytes) else read_bytes(data)
    tracker.step(0.0, "reading the training file")
    read = parse_rows(raw, [target])
    with_target = [r for r in read if r[target]]
    rows = [with_target[i] for i in first_occurrences([tuple(r.values()) for r in with_target])]
    blank, duplicates = len(read) - len(with_target), len(with_target) - len(rows)
    if len(rows) < 20:
        raise InvalidInput("A tabular model needs at least 20 rows with a target value.", field="data")
    numeric_target = all(_number(r[target]) is not None for r in rows)
    task = task or ("regression" if numeric_target and len({r[target] for r in rows}) > 20 else "classification")
    if task not in ("classification", "regression"):
        raise InvalidInput("The task must be classification or regression.", field="task")
    if task == "regression" and not numeric_target:
        raise InvalidInput(f"Regression needs a numeric target; column '{target}' is not.", field="target")
    fields = describe_columns(rows, target)
    if not fields:
        raise InvalidInput("The training file has no column besides the target.", field="data")
    x = matrix(_coerce(rows, fields), fields)
    labels = sorted({r[target] for r in rows}) if task == "classification" else None
    y = np.asarray([labels.index(r[target]) if labels else _number(r[target]) for r in rows], dtype=np.float64)
    if labels is not None and (len(labels) < 2 or min(Counter(y.tolist()).values()) < 2):
        raise InvalidInput("Each class needs at least 2 rows, and there must be at least 2 classes.", field="data")
    if labels is not None and len(labels) > len(rows) // 5:  # a fifth is held out, with a row of every class
        raise InvalidInput(f"{len(labels)} classes need at least {5 * len(labels)} rows (a fifth is held out to "
                           f"measure the model, with each class in it); the file has {len(rows)}.",
                           hint="Add rows or merge classes.", field="data")  # fmt: skip
    same_inputs = ["\x1f".join(same_text(r[f["name"]]) for f in fields) for r in rows]  # no cell holds \x1f
    train, held_out = held_out_split(same_inputs, [r[target] for r in rows] if labels else None, SEED)
    train_i, test_i = np.asarray(train), np.asarray(held_out)
    categorical = [j for j, f in enumerate(fields) if f["type"] == "category"]
    tracker.step(0.2, f"boosting on {len(train_i)} rows")
    try:
        fitted = _lightgbm(x[train_i], y[train_i], task, len(labels or []), categorical, tracker)
    except ImportError:  # lightgbm is optional: scikit-learn's histogram boosting is the same idea, a bit slower
        fitted = _histogram_boosting(x[train_i], y[train_i], task, categorical)
    main_file, save, scores = fitted
    predicted = np.asarray(scores(x[test_i]))
    if task == "regression":
        report = regression_report(y[test_i].tolist(), predicted.tolist())
    else:
        assert labels is not None
        picks = predicted.argmax(axis=1)
        report = classification_report([labels[int(i)] for i in y[test_i]], [labels[int(i)] for i in picks], labels)
    metrics = metrics_of(report)
    report["rows"] = {"used": len(rows), "without a target value": blank, "duplicates dropped": duplicates}
    folder = artefacts.incoming_dir(name)
    try:
        save(folder / main_file)
        if "confusion" in report:
            save_confusion(report, folder)
        (folder / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        tracker.step(0.95, "registering the version")  # the last point a cancel can stop at: nothing is stored yet
    except BaseException:
        artefacts.discard(folder)
        raise
    file_digest = digest(raw)
    example = _public_example(rows, [int(i) for i in test_i], fields, x[train_i])
    card = {
        "summary": f"Tabular {task} model '{name}' ({'LightGBM' if main_file.endswith('.txt') else 'scikit-learn'})"
        f" predicting '{target}' from {len(fields)} columns.",
        "languages": ["vi"],
        "licence": f"trained by {owner or actor} on their own data",
        "evaluation": command or f"nonla train tabular --data FILE --target {target} --name {name} --task {task}",
        "evaluation_data": f"{len(test_i)} held-out rows (20 %, seed {SEED}, rows with the same inputs on one side) "
                           f"of the training file sha256 {file_digest}. "
                           f"{left_out(blank, duplicates, 'a target value')}".strip(),
        "limitations": f"Trained on {len(train_i)} rows; categories it never saw count as missing values.",
        "examples": [example],
    }  # fmt: skip
    config = {"fields": fields, "labels": labels, "target": target}
    version = registry.register(folder, name=name, kind="tabular", task=task, main_file=main_file,
                                config=config, card=card, metrics=metrics, report=report, owner=owner,
                                intended_use=intended_use or f"Predicting '{target}' for rows like the training "
                                "file's.", risk=risk, data_digest=file_digest, actor=actor)  # fmt: skip
    # Drift in production is measured against the held-out rows (logged, never fatal, when it cannot be made).
    from nonla.monitoring.baseline import record_quietly

    record_quietly(version.ref, [rows[int(i)] for i in test_i], source="held-out split", actor=actor)
    tracker.report(1.0, f"registered {version.ref} (draft)")  # registered: a cancel now comes too late
    return version


def _public_example(rows: list[dict[str, str]], held_out: list[int], fields: list[dict[str, Any]],
                    x_train: Any) -> dict[str, Any]:  # fmt: skip
    """The card's example (public to every caller): a held-out row with its personal data masked by privacy.pii,
    one in which it finds nothing preferred; a number it reads as personal (a phone or ID number written as digits)
    becomes the column's mean over the training rows."""
    import numpy as np

    names = [f["name"] for f in fields]
    [(row, changed)] = public_rows([{n: rows[i][n] for n in names} for i in held_out], 1)
    example: dict[str, Any] = {}
    for j, f in enumerate(fields):
        if f["type"] != "number":
            example[f["name"]] = row[f["name"]]
        elif f["name"] in changed or _number(row[f["name"]]) is None:  # personal, or a blank cell
            example[f["name"]] = round(float(np.nanmean(x_train[:, j])), 2)
        else:
            example[f["name"]] = _number(row[f["name"]])
    return example


Fitted = tuple[str, Callable[[Path], None], Callable[[Any], Any]]  # (file name, save to path, scores of rows)


def _lightgbm(x: Any, y: Any, task: str, classes: int, categorical: list[int], tracker: Tracker) -> Fitted:
    import lightgbm
    import numpy as np

    params: dict[str, Any] = {"num_threads": 1, "deterministic": True, "seed": SEED, "verbosity": -1,
                              "min_data_in_leaf": max(2, len(y) // 50), "learning_rate": 0.1}  # fmt: skip
    if task == "regression":
        params["objective"] = "regression"
    elif classes == 2:
        params["objective"] = "binary"
    else:
        params.update(objective="multiclass", num_class=classes)
    rounds = 200

    def report_rounds(env: Any) -> None:
        if env.iteration % 20 == 0:
            tracker.step(0.2 + 0.6 * env.iteration / rounds, f"boosting: round {env.iteration}/{rounds}")

    data = lightgbm.Dataset(x, label=y, categorical_feature=categorical or "auto", free_raw_data=False)
    booster = lightgbm.train(params, data, num_boost_round=rounds, callbacks=[report_rounds])

    def scores(rows: Any) -> Any:
        raw = np.asarray(booster.predict(rows, num_threads=1))
        return np.stack([1 - raw, raw], axis=1) if task != "regression" and raw.ndim == 1 else raw

    return "model.lgb.txt", lambda path: booster.save_model(str(path)), scores


def _histogram_boosting(x: Any, y: Any, task: str, categorical: list[int]) -> Fitted:
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from skops.io import dump

    kind = HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier
    import numpy as np

    # its categorical columns hold codes below 255; a column with more categories is read as ordered codes
    mask = [j in categorical and bool(np.nan_to_num(x[:, j], nan=0).max() < 250) for j in range(x.shape[1])]
    model = kind(categorical_features=mask or None, random_state=SEED).fit(x, y)

    def scores(rows: Any) -> Any:
        return model.predict(rows) if task == "regression" else model.predict_proba(rows)

    return "model.skops", lambda path: dump(model, path), scores
