"""Importing hostile model files: each is built here and refused with its own 4xx code before it can run anything,
allocate beyond a limit, or register a version that never answers; legitimate models still import and serve."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nonla
from nonla.custom import import_onnx, import_skops

ONE = {"task": "regression", "fields": [{"name": "x", "type": "number"}], "examples": [{"x": 1.0}]}
TWO = {"task": "classification", "labels": ["low", "high"], "input": "x",
       "fields": [{"name": "a", "type": "number"}, {"name": "b", "type": "number"}], "examples": [{"a": 1.0, "b": 3.0}]}  # fmt: skip


def refused(load: Any, path: Path, sidecar: dict[str, Any], code: str, says: str = "") -> nonla.NonlaError:
    with pytest.raises(nonla.NonlaError) as caught:
        load(path, sidecar, name="hostile")
    assert (caught.value.code, caught.value.http_status) == (code, 422), caught.value
    assert says in caught.value.message
    return caught.value


def rewritten(source: Path, target: Path, edit: Any) -> Path:
    """A copy of a skops zip with its members edited (``edit(files)`` changes the dict of name → bytes)."""
    with zipfile.ZipFile(source) as z:
        files = {n: z.read(n) for n in z.namelist()}
    edit(files)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return target


# --- skops: what the file holds ------------------------------------------------------------------------------------


def test_a_class_under_an_alias_module_is_refused_and_never_runs(tmp_path: Path) -> None:
    """numpy.distutils.fcompiler.gnu.Popen *is* subprocess.Popen: a name is checked as written by the real object."""
    import subprocess

    from sklearn.compose import TransformedTargetRegressor
    from sklearn.dummy import DummyRegressor
    from sklearn.preprocessing import FunctionTransformer
    from skops.io import dump

    marker = tmp_path / "ran"
    inner = DummyRegressor().fit(np.zeros((3, 1)), np.zeros(3))
    popen = FunctionTransformer(inverse_func=subprocess.Popen, inv_kw_args={"shell": True}, check_inverse=False)
    popen.n_features_in_ = 1
    model = TransformedTargetRegressor(regressor=inner, transformer=popen, check_inverse=False)
    model.regressor_, model.transformer_, model._training_dim = inner, popen, 1
    dump(model, tmp_path / "raw.skops")

    def alias(files: dict[str, bytes]) -> None:
        schema = files["schema.json"].decode()
        assert '"__module__": "subprocess"' in schema
        files["schema.json"] = schema.replace('"__module__": "subprocess"',
                                              '"__module__": "numpy.distutils.fcompiler.gnu"').encode()  # fmt: skip

    evil = rewritten(tmp_path / "raw.skops", tmp_path / "evil.skops", alias)
    error = refused(import_skops, evil, ONE, "untrusted_model_content", "numpy.distutils.fcompiler.gnu.Popen")
    assert "class" in error.message and error.hint
    assert not marker.exists()
    assert "hostile" not in [e.ref.split("@")[0].removeprefix("custom.") for e in nonla.catalog()]


def test_a_partial_of_numpy_memmap_cannot_truncate_a_file(tmp_path: Path) -> None:
    from functools import partial

    from sklearn.dummy import DummyRegressor
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from skops.io import dump

    victim = tmp_path / "victim.txt"
    victim.write_text("precious data", encoding="utf-8")
    step = FunctionTransformer(func=partial(np.memmap, str(victim), np.uint8, "w+", 0, (4,)), validate=False)
    step.n_features_in_ = 1
    dump(Pipeline([("ft", step), ("reg", DummyRegressor().fit(np.zeros((3, 1)), np.zeros(3)))]), tmp_path / "mm.skops")
    refused(import_skops, tmp_path / "mm.skops", ONE, "untrusted_model_content", "numpy.memmap")
    assert victim.read_text(encoding="utf-8") == "precious data"


@pytest.mark.parametrize("holds", ["builtin function", "scikit-learn function", "operator", "bound method"])
def test_functions_other_than_numpy_maths_are_refused(tmp_path: Path, holds: str) -> None:
    import operator

    from sklearn.datasets import fetch_openml
    from sklearn.dummy import DummyRegressor
    from sklearn.preprocessing import FunctionTransformer
    from skops.io import dump

    fitted = DummyRegressor().fit(np.zeros((3, 1)), np.zeros(3))
    func = {"builtin function": print, "scikit-learn function": fetch_openml,
            "operator": operator.methodcaller("fit"), "bound method": fitted.predict}[holds]  # fmt: skip
    dump(FunctionTransformer(func=func), tmp_path / "f.skops")
    refused(import_skops, tmp_path / "f.skops", ONE, "untrusted_model_content")


def test_legitimate_models_still_import_and_serve(tmp_path: Path) -> None:
    """What fitted estimators really hold: trees, losses, binners, partial(check_array), NumPy maths, encoders."""
    from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestRegressor
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
    from skops.io import dump

    rng = np.random.default_rng(0)
    x = np.column_stack([rng.integers(0, 3, 200), rng.normal(size=200)]).astype(np.float32)
    y = np.where(x[:, 0] == 1, "high", "low")
    fields = [{"name": "a", "type": "number"}, {"name": "b", "type": "number"}]
    example = {"a": 1.0, "b": 0.5}
    models = {
        "hgb": HistGradientBoostingClassifier(categorical_features=[True, False], max_iter=5).fit(x, y),
        "ttr": TransformedTargetRegressor(regressor=RandomForestRegressor(n_estimators=3, random_state=0),
                                          func=np.log1p, inverse_func=np.expm1, check_inverse=False).fit(x, np.abs(x[:, 1]) + x[:, 0]),
        "ct": Pipeline([("prep", ColumnTransformer([("oh", OneHotEncoder(handle_unknown="ignore"), [0]),
                                                    ("sc", StandardScaler(), [1])])),
                        ("log", FunctionTransformer(np.tanh)), ("clf", LogisticRegression())]).fit(x, y),
        "ridge": Ridge().fit(x, x[:, 1]),
    }  # fmt: skip
    for name, model in models.items():
        dump(model, tmp_path / f"{name}.skops")
        task = "regression" if name in ("ttr", "ridge") else "classification"
        sidecar = {"task": task, "fields": fields, "examples": [example]}
        import_skops(tmp_path / f"{name}.skops", sidecar, name=f"legit_{name}")
        out = nonla.run(f"custom.legit_{name}", **example)
        if task == "classification":
            assert out.label == "high", name  # type: ignore[attr-defined]
        else:
            assert np.isfinite(out.value), name  # type: ignore[attr-defined]


@pytest.mark.parametrize("part", ["forest", "boosting", "neighbours"])
def test_a_tree_whose_indices_leave_its_arrays_is_refused_before_it_predicts(tmp_path: Path, part: str) -> None:
    """skops builds only allowed types, but a tree's arrays are data: a child index past the end reads memory the
    tree does not own when it predicts (a crash of the server, at best)."""
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.neighbors import KNeighborsClassifier
    from skops.io import dump

    rng = np.random.default_rng(1)
    x = rng.normal(size=(120, 2))
    y = np.where(x[:, 0] > 0, "high", "low")
    if part == "forest":
        model: Any = RandomForestClassifier(n_estimators=3, random_state=0).fit(x, y)
        tree = model.estimators_[2].tree_
        state = tree.__getstate__()
        state["nodes"] = state["nodes"].copy()
        state["nodes"]["right_child"][0] = 1_000_000
        tree.__setstate__(state)
        says = "a child index points outside the tree"
    elif part == "boosting":
        model = HistGradientBoostingClassifier(max_iter=3).fit(x, y)
        model._predictors[1][0].nodes["feature_idx"][0] = 40
        says = "a split reads a feature the model does not have"
    else:
        model = KNeighborsClassifier(algorithm="kd_tree").fit(x, y)
        says = "neighbour search tree"
    dump(model, tmp_path / "bent.skops")
    sidecar = {k: v for k, v in TWO.items() if k != "input"}
    refused(import_skops, tmp_path / "bent.skops", sidecar, "untrusted_model_content", says)


# --- skops: how much it unpacks to ---------------------------------------------------------------------------------


def _linear(tmp_path: Path) -> tuple[Path, str]:
    from sklearn.linear_model import LinearRegression
    from skops.io import dump

    dump(LinearRegression().fit(np.arange(3.0)[:, None], np.arange(3.0)), tmp_path / "small.skops")
    with zipfile.ZipFile(tmp_path / "small.skops") as z:
        schema = json.loads(z.read("schema.json"))
    return tmp_path / "small.skops", schema["content"]["content"]["coef_"]["file"]


def test_an_array_header_declaring_more_than_its_bytes_is_refused_before_allocation(tmp_path: Path) -> None:
    source, member = _linear(tmp_path)

    def lie(files: dict[str, bytes]) -> None:
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (10**9,)})
        files[member] = header.getvalue() + b"\0" * 64

    bomb = rewritten(source, tmp_path / "bomb.skops", lie)
    refused(import_skops, bomb, ONE, "model_too_large", "declares an array of 8,000,000,000 bytes")


def test_a_file_unpacking_beyond_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A few kB of zip that unpack to far more: the declared sizes are summed before anything is read."""
    from nonla.custom import zip_limits

    monkeypatch.setattr(zip_limits, "MAX_UNPACKED_BYTES", 4 * 2**20)  # keeps the test small: 4 MiB
    source, member = _linear(tmp_path)

    def grow(files: dict[str, bytes]) -> None:
        buffer = io.BytesIO()
        np.save(buffer, np.zeros(2**20))  # 8 MiB of zeros, a few kB compressed
        files[member] = buffer.getvalue()

    bomb = rewritten(source, tmp_path / "bomb.skops", grow)
    assert bomb.stat().st_size < 100_000
    refused(import_skops, bomb, ONE, "model_too_large", "unpacks to more than 4 MiB")


# --- ONNX ------------------------------------------------------------------------------------------------------------


def onnx_model(path: Path, nodes: list[Any], initializers: list[Any] | None = None, output: str = "p",
               width: int = 2) -> Path:  # fmt: skip
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 2])],
                              [helper.make_tensor_value_info(output, TensorProto.FLOAT, [None, width])],
                              initializers or [])  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)
    return path


def softmax(path: Path) -> Path:
    from onnx import helper, numpy_helper

    weights = numpy_helper.from_array(np.array([[1.0, -1.0], [-1.0, 1.0]], dtype=np.float32), "W")
    return onnx_model(path, [helper.make_node("MatMul", ["x", "W"], ["l"]),
                             helper.make_node("Softmax", ["l"], ["p"], axis=1)], [weights])  # fmt: skip


def test_a_graph_sized_by_the_input_values_is_refused(tmp_path: Path) -> None:
    from onnx import TensorProto, helper, numpy_helper

    nodes = [helper.make_node("ReduceMax", ["x"], ["m"], keepdims=0),
             helper.make_node("Cast", ["m"], ["mi"], to=TensorProto.INT64),
             helper.make_node("Unsqueeze", ["mi", "ax"], ["mv"]), helper.make_node("Concat", ["mv", "mv"], ["shape"], axis=0),
             helper.make_node("ConstantOfShape", ["shape"], ["big"],
                              value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0])),
             helper.make_node("ReduceSum", ["big"], ["s"], keepdims=0), helper.make_node("Mul", ["x", "s"], ["p0"]),
             helper.make_node("Softmax", ["p0"], ["p"], axis=1)]  # fmt: skip
    axis = numpy_helper.from_array(np.array([0], dtype=np.int64), "ax")
    bomb = onnx_model(tmp_path / "bomb.onnx", nodes, [axis])
    refused(import_onnx, bomb, TWO, "unbounded_model_graph", "ConstantOfShape")


def test_a_constant_tensor_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    from onnx import TensorProto, helper, numpy_helper

    shape = numpy_helper.from_array(np.array([40000, 40000], dtype=np.int64), "shape")
    nodes = [helper.make_node("ConstantOfShape", ["shape"], ["big"],
                              value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0])),
             helper.make_node("ReduceSum", ["big"], ["s"], keepdims=0), helper.make_node("Mul", ["x", "s"], ["p0"]),
             helper.make_node("Softmax", ["p0"], ["p"], axis=1)]  # fmt: skip
    refused(import_onnx, onnx_model(tmp_path / "big.onnx", nodes, [shape]), TWO, "model_too_large", "'big'")


def test_weights_in_another_file_are_refused(tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    weights = onnx.TensorProto(name="W", data_type=TensorProto.FLOAT, dims=[2, 2],
                               data_location=TensorProto.EXTERNAL)  # fmt: skip
    for key, value in {"location": "../../../../etc/passwd", "offset": "0", "length": "16"}.items():
        entry = weights.external_data.add()
        entry.key, entry.value = key, value
    path = onnx_model(tmp_path / "ext.onnx", [helper.make_node("MatMul", ["x", "W"], ["l"]),
                                              helper.make_node("Softmax", ["l"], ["p"], axis=1)])  # fmt: skip
    model = onnx.load(str(path))
    model.graph.initializer.append(weights)
    path.write_bytes(model.SerializeToString())
    refused(import_onnx, path, TWO, "unbounded_model_graph", "external data")


def test_a_sidecar_that_does_not_describe_the_graph_is_refused(tmp_path: Path, nonla_home: Path) -> None:
    from onnx import helper

    model = softmax(tmp_path / "ok.onnx")
    refused(import_onnx, model, {**TWO, "labels": ["a", "b", "c"]}, "model_schema_mismatch", "3 labels")
    refused(import_onnx, model, {**TWO, "input": "features"}, "model_schema_mismatch", "'features'")
    refused(import_onnx, model, {**TWO, "output": "scores"}, "model_schema_mismatch", "'scores'")
    raw = onnx_model(tmp_path / "raw.onnx", [helper.make_node("Identity", ["x"], ["p"])])  # scores, not probabilities
    refused(import_onnx, raw, {**TWO, "examples": [{"a": 1.0, "b": 3.0}]}, "model_trial_failed", "confidence 3.0")
    three = {**TWO, "fields": [*TWO["fields"], {"name": "c", "type": "number"}], "examples": [{"a": 1, "b": 2, "c": 3}]}
    refused(import_onnx, model, three, "model_schema_mismatch", "[rows, 3]")
    assert not list(nonla_home.rglob(".incoming*")), "a refused import leaves no files behind"
    import_onnx(model, TWO, name="described")
    assert nonla.run("custom.described", a=1, b=3).label == "high"  # type: ignore[attr-defined]


def test_a_model_answering_nan_is_refused_at_import_and_a_clear_503_when_serving(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from onnx import helper
    from rest_keys import bearer

    from nonla.api.app import create_app

    model = onnx_model(tmp_path / "log.onnx", [helper.make_node("Log", ["x"], ["p"])])  # NaN for a negative input
    sidecar = {**TWO, "task": "regression", "labels": None, "examples": [{"a": 1.0, "b": 2.0}]}
    refused(import_onnx, model, {**sidecar, "examples": [{"a": -1.0, "b": 2.0}]}, "model_trial_failed", "not finite")
    import_onnx(model, sidecar, name="logs")  # finite on its examples: imported
    with pytest.raises(nonla.NonlaError) as failed:
        nonla.run("custom.logs", a=-1, b=2)
    assert (failed.value.code, failed.value.http_status) == ("imported_model_failed", 503)
    with TestClient(create_app()) as app:
        answer = app.post("/v1/functions/custom.logs", headers=bearer("caller"), json={"a": -1.0, "b": 2.0})
        good = app.post("/v1/functions/custom.logs", headers=bearer("caller"), json={"a": 1.0, "b": 2.0})
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "imported_model_failed"
    assert good.status_code == 200


def test_sessions_return_memory_to_the_system(tmp_path: Path) -> None:
    from nonla.custom.predictors import onnx_session

    assert onnx_session(softmax(tmp_path / "ok.onnx")).get_session_options().enable_cpu_mem_arena is False


def test_the_cli_refuses_with_the_code_and_exit_code_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from sklearn.preprocessing import FunctionTransformer
    from skops.io import dump

    from nonla.cli import main

    dump(FunctionTransformer(func=np.memmap), tmp_path / "mm.skops")
    (tmp_path / "schema.json").write_text(json.dumps(ONE), encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["nonla", "models", "import", str(tmp_path / "mm.skops"), "--schema",
                                     str(tmp_path / "schema.json"), "--name", "mm"])  # fmt: skip
    with pytest.raises(SystemExit) as exited:
        main()
    err = capsys.readouterr().err
    assert exited.value.code == 2 and "untrusted_model_content" in err and "Traceback" not in err
