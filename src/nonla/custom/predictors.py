"""Loading a stored version's files into a predictor: rows (dicts of the declared fields) in, outputs out.

One loader per kind; every loader reads only files whose sha256 the store recorded, and never a pickle. Scores are
rounded to 6 decimals so that a batch and single calls decide alike.

>>> scored(["a", "b"], [[0.25, 0.75]])
[{'label': 'b', 'scores': {'a': 0.25, 'b': 0.75}, 'confidence': 0.75}]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from nonla.core.errors import ModelUnavailable
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
    """Numeric fields as a float32 matrix in the declared order (categories as their index, unknown = NaN)."""
    import numpy as np

    out = np.empty((len(rows), len(fields)), dtype=np.float32)
    for j, field in enumerate(fields):
        if field["type"] == "category":
            index = {c: i for i, c in enumerate(field.get("categories", []))}
            out[:, j] = [index.get(str(r[field["name"]]), np.nan) for r in rows]
        else:
            out[:, j] = [r[field["name"]] for r in rows]
    return out


SAFE_TYPES = {"builtins.slice", "numpy.float64", "numpy.int64", "numpy.float32", "numpy.int32",
              "numpy.random.mtrand.RandomState",
              # functions fitted estimators hold (HistGradientBoosting: partial(check_array, ...)), each known to
              # only check or convert data; a partial can call nothing but a function this list or the rule allows
              "functools.partial", "sklearn.utils.validation.check_array"}  # fmt: skip
# scikit-learn classes that are no estimators but live inside fitted ones (trees, losses, boosting predictors)
SKLEARN_PARTS = ("sklearn.tree._tree.", "sklearn._loss.", "sklearn.ensemble._hist_gradient_boosting.",
                 "sklearn.neighbors._kd_tree.", "sklearn.neighbors._ball_tree.", "sklearn.utils._bunch.")  # fmt: skip


def _resolved(name: str) -> Any:
    """The object a dotted type name from a skops file names, or None (imports only the module it names)."""
    import importlib

    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute, None)
        return found
    return None


def allowed_type(name: str) -> bool:
    """Whether a skops file may hold this type: a scikit-learn estimator or one of the parts of fitted ones, or a
    NumPy/SciPy container. Never a function: a file naming one can run it when loaded or called (a
    FunctionTransformer around scikit-learn's own test helper runs any Python source in a subprocess).

    >>> allowed_type("sklearn.linear_model._logistic.LogisticRegression"), allowed_type("numpy.ndarray")
    (True, True)
    >>> allowed_type("sklearn.utils._testing.assert_run_python_script_without_output")
    False
    >>> allowed_type("builtins.eval"), allowed_type("os.system"), allowed_type("sklearn.datasets.fetch_openml")
    (False, False, False)
    """
    if name in SAFE_TYPES:
        return True
    if not name.startswith(("sklearn.", "numpy.", "scipy.sparse.")):
        return False
    found = _resolved(name)
    if not isinstance(found, type):
        return False
    if name.startswith("sklearn."):
        from sklearn.base import BaseEstimator

        return issubclass(found, BaseEstimator) or name.startswith(SKLEARN_PARTS)
    return True


def trusted_skops(path: Path) -> Any:
    """Load a skops file whose types are all scikit-learn estimators or their parts, or NumPy and SciPy containers
    (anything else, and every function, is refused)."""
    from skops.io import get_untrusted_types, load

    untrusted = get_untrusted_types(file=path)
    foreign = [t for t in untrusted if not allowed_type(t)]
    if foreign:
        raise ModelUnavailable(f"The skops file {path.name} holds types that are not scikit-learn estimators: "
                               f"{', '.join(foreign[:5])}.", hint="Save a plain scikit-learn estimator or pipeline.")  # fmt: skip
    return load(path, trusted=untrusted)


def _text_classifier(version: Version, ref: CustomModelRef) -> Predict:
    labels = version.config["labels"]
    features = version.config.get("features", "tfidf")

    def predict(rows: list[Row], models: Models) -> list[Row]:
        estimator = models.load(ref, trusted_skops)
        texts = [r["text"] for r in rows]
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
            model = models.load(ref, trusted_skops)
            raw = np.asarray(model.predict(x) if version.task == "regression" else model.predict_proba(x))
        else:
            raw = np.asarray(models.load(ref, _booster).predict(x, num_threads=1), dtype=np.float64)
        if version.task == "regression":
            return valued(raw)
        if raw.ndim == 1:  # binary objective: the probability of the second label
            raw = np.stack([1 - raw, raw], axis=1)
        return scored(labels or [], raw)

    return predict


def _skops(version: Version, ref: CustomModelRef) -> Predict:
    fields, labels = version.config["fields"], version.config.get("labels")

    def predict(rows: list[Row], models: Models) -> list[Row]:
        estimator = models.load(ref, trusted_skops)
        x = matrix(rows, fields)
        if version.task == "regression":
            return valued(estimator.predict(x))
        if hasattr(estimator, "predict_proba"):
            return scored(labels or [str(c) for c in estimator.classes_], estimator.predict_proba(x))
        names = labels or [str(c) for c in estimator.classes_]
        return scored(names, [[1.0 if str(p) == n else 0.0 for n in names] for p in estimator.predict(x)])

    return predict


def _onnx_session(path: Path) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def tensor_outputs(task: str, labels: list[str] | None, values: Any) -> list[Row]:
    """Rows from a model's output tensor: scores per label (classification) or one number per row (regression)."""
    import numpy as np

    array = np.asarray(values, dtype=np.float64)
    if task == "regression":
        return valued(array.reshape(len(array), -1)[:, 0])
    return scored(labels or [str(i) for i in range(array.shape[1])], array.reshape(len(array), -1))


def _onnx(version: Version, ref: CustomModelRef) -> Predict:
    config = version.config

    def predict(rows: list[Row], models: Models) -> list[Row]:
        sess = models.load(ref, _onnx_session)
        x = matrix(rows, config["fields"])
        input_name = config.get("input") or sess.get_inputs()[0].name
        output_name = config.get("output") or sess.get_outputs()[0].name
        [values] = sess.run([output_name], {input_name: x})
        return tensor_outputs(version.task, config.get("labels"), values)

    return predict


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
