"""Loading a stored version's files into a predictor: rows (dicts of the declared fields) in, outputs out.

One loader per kind; every loader reads only files whose sha256 the store recorded, and never a pickle. Scores are
rounded to 6 decimals so that a batch and single calls decide alike.

>>> scored(["a", "b"], [[0.25, 0.75]])
[{'label': 'b', 'scores': {'a': 0.25, 'b': 0.75}, 'confidence': 0.75}]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from nonla.core.models import Models
from nonla.custom.artefacts import CustomModelRef
from nonla.custom.registry import Version

Row = dict[str, Any]
Predict = Callable[[list[Row], Models], list[Row]]


def scored(labels: Sequence[str], rows: Any) -> list[Row]:
    """Classification outputs from a matrix of per-label scores; ties go to the first label."""
    out: list[Row] = []
    for row in rows:
        scores = {str(label): round(float(p), 6) for label, p in zip(labels, row, strict=True)}
        label = max(scores, key=lambda name: scores[name])
        out.append({"label": label, "scores": scores, "confidence": scores[label]})
    return out


def valued(values: Any) -> list[Row]:
    return [{"value": round(float(v), 6)} for v in values]


def matrix(rows: list[Row], fields: list[dict[str, Any]]) -> Any:
    """Numeric fields as a float32 matrix in the declared order (categories as their index, unknown = NaN). A category
    is matched in NFC: typed in NFD (macOS), it looks the same and is the same.

    >>> matrix([{"city": "Hu\u0065\u0302\u0301"}], [{"name": "city", "type": "category", "categories": ["Huế"]}])
    array([[0.]], dtype=float32)
    """
    import numpy as np

    out = np.empty((len(rows), len(fields)), dtype=np.float32)
    for j, field in enumerate(fields):
        if field["type"] == "category":
            index = {_nfc(c): i for i, c in enumerate(field.get("categories", []))}
            out[:, j] = [index.get(_nfc(str(r[field["name"]])), np.nan) for r in rows]
        else:
            out[:, j] = [r[field["name"]] for r in rows]
    return out


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def trusted_skops(path: Path, shown: str = "") -> Any:
    """Load a skops file once its declared sizes fit (zip_limits, schema.json included) and every node it holds is
    allowed (skops_types): scikit-learn estimators and the parts of fitted ones, NumPy/SciPy data, and no function
    or class that could run anything. Raises ModelTooLarge or UntrustedModelContent (422) before skops imports or builds anything."""
    import json
    import zipfile

    from skops.io import get_untrusted_types, load

    from nonla.custom import skops_types
    from nonla.custom.import_errors import UntrustedModelContent
    from nonla.custom.tree_checks import check_trees
    from nonla.custom.zip_limits import schema_size, unpacked_size

    shown = shown or path.name
    unpacked_size(path, shown=shown)
    schema_size(path, shown=shown)  # before json.loads: a small schema.json can unpack to hundreds of MiB
    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
        refused = skops_types.refused_nodes(schema)
    except Exception as exc:  # no schema, not JSON, nested beyond Python's recursion limit
        raise UntrustedModelContent(f"{shown} is not a skops file nonla can read ({type(exc).__name__}).") from None
    if refused:
        raise UntrustedModelContent(f"{shown} holds what nonla does not load: {', '.join(refused[:5])}.",
                                    file=shown)  # fmt: skip
    untrusted = get_untrusted_types(file=path)
    unseen = sorted(set(untrusted) - set(skops_types.names(schema)))
    if unseen:  # skops would trust a name the check above never saw: refuse rather than guess
        raise UntrustedModelContent(f"{shown} holds what nonla does not load: {', '.join(unseen[:5])}.", file=shown)
    model = load(path, trusted=untrusted)
    check_trees(model, shown)  # the types are allowed; now what their arrays say (indices inside the tree)
    return model


def served_skops(path: Path) -> Any:
    """trusted_skops for a stored version: a file refused now (stored before a check existed) is the model's fault,
    503 imported_model_failed, not the caller's 422."""
    from nonla.core.errors import NonlaError
    from nonla.custom.import_errors import ImportedModelFailed

    try:
        return trusted_skops(path)
    except NonlaError as exc:
        if exc.http_status >= 500:
            raise
        raise ImportedModelFailed(exc.message, hint=exc.hint) from None


def _text_classifier(version: Version, ref: CustomModelRef) -> Predict:
    labels = version.config["labels"]
    features = version.config.get("features", "tfidf")

    def predict(rows: list[Row], models: Models) -> list[Row]:
        estimator = models.load(ref, served_skops)
        texts = [_nfc(r["text"]) for r in rows]  # as it was trained: the training file is read in NFC
        if features == "e5":
            from nonla.functions.text.embeddings import embedder

            inputs: Any = embedder(models).embed(texts, "query")
        else:
            inputs = texts
        return scored(labels, estimator.predict_proba(inputs))

    return predict


def _booster(path: Path) -> Any:
    import lightgbm

    return lightgbm.Booster(model_file=str(path))


def _tabular(version: Version, ref: CustomModelRef) -> Predict:
    fields, labels = version.config["fields"], version.config.get("labels")

    def predict(rows: list[Row], models: Models) -> list[Row]:
        import numpy as np

        x = matrix(rows, fields)
        if version.main_file.endswith(".skops"):  # scikit-learn's boosting, where LightGBM was not installed
            model = models.load(ref, served_skops)
            raw = np.asarray(model.predict(x) if version.task == "regression" else model.predict_proba(x))
        else:
            raw = np.asarray(models.load(ref, _booster).predict(x, num_threads=1), dtype=np.float64)
        if version.task == "regression":
            return valued(raw)
        if raw.ndim == 1:  # binary objective: the probability of the second label
            raw = np.stack([1 - raw, raw], axis=1)
        return scored(labels or [], raw)

    return predict


def skops_rows(estimator: Any, task: str, labels: list[str] | None, x: Any) -> list[Row]:
    """Outputs of a scikit-learn estimator on a matrix: scores per label, or one number per row."""
    if task == "regression":
        return valued(estimator.predict(x))
    names = labels or [str(c) for c in estimator.classes_]
    if hasattr(estimator, "predict_proba"):
        scores = estimator.predict_proba(x)
        if len(scores[0]) != len(names):
            raise ValueError(f"the model scores {len(scores[0])} classes for {len(names)} labels")
        return scored(names, scores)
    return scored(names, [[1.0 if str(p) == n else 0.0 for n in names] for p in estimator.predict(x)])


def answered(task: str, rows: list[Row], count: int) -> list[Row]:
    """An imported model's outputs, checked: one per input row, each a valid output of its task with finite numbers
    (NaN cannot be sent as JSON, and is no answer). Raises ValueError saying what is wrong.

    >>> answered("regression", [{"value": 1.5}], 1)
    [{'value': 1.5}]
    >>> answered("regression", [{"value": float("nan")}], 1)
    Traceback (most recent call last):
    ...
    ValueError: row 1 holds a number that is not finite (NaN or infinite)
    """
    import math

    from pydantic import ValidationError

    from nonla.custom.schemas import output_model

    if len(rows) != count:
        raise ValueError(f"{len(rows)} outputs for {count} input rows")
    output = output_model(task)
    for i, row in enumerate(rows, 1):
        numbers = [row.get("value"), row.get("confidence"), *(row.get("scores") or {}).values()]
        if any(isinstance(v, float) and not math.isfinite(v) for v in numbers):
            raise ValueError(f"row {i} holds a number that is not finite (NaN or infinite)")
        try:
            output.model_validate(row)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(map(str, first["loc"]))
            raise ValueError(f"row {i}: {where} {first['input']!r}: {first['msg']}") from None
    return rows


def _imported(ref: str, predict: Predict) -> Predict:
    """An imported model that fails on an input (or answers NaN) is a clear 503 imported_model_failed, not a 500."""
    from nonla.core.errors import NonlaError
    from nonla.custom.import_errors import ImportedModelFailed

    def guarded(rows: list[Row], models: Models) -> list[Row]:
        try:
            return predict(rows, models)
        except NonlaError:
            raise
        except Exception as exc:
            reason = str(exc) if isinstance(exc, ValueError) else type(exc).__name__
            raise ImportedModelFailed(f"{ref} could not answer this input: {reason[:200]}.") from None

    return guarded


def _skops(version: Version, ref: CustomModelRef) -> Predict:
    fields, labels = version.config["fields"], version.config.get("labels")

    def predict(rows: list[Row], models: Models) -> list[Row]:
        estimator = models.load(ref, served_skops)
        return answered(version.task, skops_rows(estimator, version.task, labels, matrix(rows, fields)), len(rows))

    return _imported(version.ref, predict)


def onnx_session(path: Path) -> Any:
    """A one-thread CPU session without onnxruntime's memory arena: the arena keeps the largest allocation a call
    ever made, so one large batch would hold that memory for the life of the server."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = False
    return onnxruntime.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def tensor_outputs(task: str, labels: list[str] | None, values: Any) -> list[Row]:
    """Rows from a model's output tensor: scores per label (classification) or one number per row (regression)."""
    import numpy as np

    array = np.asarray(values, dtype=np.float64)
    if task == "regression":
        return valued(array.reshape(len(array), -1)[:, 0])
    columns = array.reshape(len(array), -1)
    if labels and columns.shape[1] != len(labels):
        raise ValueError(f"the output has {columns.shape[1]} columns for {len(labels)} labels")
    return scored(labels or [str(i) for i in range(columns.shape[1])], columns)


def onnx_rows(sess: Any, config: dict[str, Any], task: str, rows: list[Row]) -> list[Row]:
    """An ONNX session's outputs for rows of the declared fields, checked (see ``answered``)."""
    import numpy as np

    x = matrix(rows, config["fields"])
    [graph_input] = [i for i in sess.get_inputs() if i.name == (config.get("input") or sess.get_inputs()[0].name)]
    if graph_input.type == "tensor(double)":
        x = x.astype(np.float64)
    output_name = config.get("output") or sess.get_outputs()[0].name
    [values] = sess.run([output_name], {graph_input.name: x})
    return answered(task, tensor_outputs(task, config.get("labels"), values), len(rows))


def _onnx(version: Version, ref: CustomModelRef) -> Predict:
    def predict(rows: list[Row], models: Models) -> list[Row]:
        return onnx_rows(models.load(ref, onnx_session), version.config, version.task, rows)

    return _imported(version.ref, predict)


def _http(version: Version, ref: CustomModelRef) -> Predict:
    from nonla.custom import http_adapters

    def predict(rows: list[Row], models: Models) -> list[Row]:
        return http_adapters.predict(version.kind, version.config, rows)

    return predict


LOADERS: dict[str, Callable[[Version, CustomModelRef], Predict]] = {
    "text-classifier": _text_classifier,
    "tabular": _tabular,
    "skops": _skops,
    "onnx": _onnx,
    "http-openai": _http,
    "http-kserve": _http,
}


def predictor(version: Version, ref: CustomModelRef) -> Predict:
    return LOADERS[version.kind](version, ref)
