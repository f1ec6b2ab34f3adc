"""Importing models made elsewhere: ONNX, skops (pickles refused), remote models over HTTP (OpenAI-compatible and
KServe v2, against a real HTTP server started here), and functions from an installed package's entry point."""

from __future__ import annotations

import json
import pickle
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import nonla
from nonla.core.catalog import Catalog
from nonla.custom import add_http_model, import_onnx, import_skops, promote
from nonla.custom.errors import AdapterUnavailable, UnsafeModelFormat

IRIS_FIELDS = [{"name": n, "type": "number"} for n in ("sepal_length", "sepal_width", "petal_length", "petal_width")]
IRIS_EXAMPLE = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}


def onnx_file(path: Path) -> Path:
    """A two-input softmax classifier written with the onnx package: 'high' when b outweighs a."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weights = numpy_helper.from_array(np.array([[1.0, -1.0], [-1.0, 1.0]], dtype=np.float32), "W")
    bias = numpy_helper.from_array(np.zeros(2, dtype=np.float32), "B")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["xw"]), helper.make_node("Add", ["xw", "B"], ["logits"]),
         helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1)],
        "demo", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 2])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2])], [weights, bias],
    )  # fmt: skip
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)
    return path


def test_onnx_import_serves_and_promotes(tmp_path: Path) -> None:
    sidecar = {"task": "classification", "labels": ["low", "high"], "input": "x", "output": "probabilities",
               "fields": [{"name": "a", "type": "number"}, {"name": "b", "type": "number"}],
               "examples": [{"a": 1.0, "b": 3.0}, {"a": 2.0, "b": 0.5}], "metrics": {"accuracy %": 100.0},
               "evaluation": "python make_demo.py", "evaluation_data": "the rule itself",
               "intended_use": "Showing how ONNX models are served."}  # fmt: skip
    (tmp_path / "demo.json").write_text(json.dumps(sidecar), encoding="utf-8")
    version = import_onnx(onnx_file(tmp_path / "demo.onnx"), tmp_path / "demo.json", name="onnx_demo")
    assert version.ref == "custom.onnx_demo@1" and len(version.files["model.onnx"]) == 64
    out = nonla.run("custom.onnx_demo", a=1, b=3)
    assert out.label == "high" and out.scores["high"] > 0.98  # type: ignore[attr-defined]
    with pytest.raises(nonla.NonlaError) as bad:
        nonla.run("custom.onnx_demo", a="many", b=1)
    assert bad.value.http_status == 422
    assert promote("onnx_demo", 1)["stage"] == "production"


def test_skops_import_and_pickle_refused(tmp_path: Path) -> None:
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from skops.io import dump

    iris = load_iris()
    estimator = LogisticRegression(max_iter=500).fit(iris.data, iris.target_names[iris.target])
    dump(estimator, tmp_path / "iris.skops")
    sidecar = {"task": "classification", "fields": IRIS_FIELDS, "examples": [IRIS_EXAMPLE]}
    version = import_skops(tmp_path / "iris.skops", sidecar, name="iris")
    assert nonla.run("custom.iris", **IRIS_EXAMPLE).label == "setosa"  # type: ignore[attr-defined]
    refused = nonla.NonlaError
    with pytest.raises(refused) as no_report:  # no declared metrics: no evaluation report, so no promotion
        promote("iris", version.version)
    assert no_report.value.code == "promotion_refused" and no_report.value.http_status == 409

    (tmp_path / "iris.pkl").write_bytes(pickle.dumps(estimator))
    (tmp_path / "iris.model").write_bytes(pickle.dumps(estimator))
    for path in (tmp_path / "iris.pkl", tmp_path / "iris.model"):
        with pytest.raises(UnsafeModelFormat) as unsafe:
            import_skops(path, sidecar, name="iris")
        assert unsafe.value.code == "unsafe_model_format" and unsafe.value.http_status == 422


class Remote(BaseHTTPRequestHandler):
    """An OpenAI-compatible and KServe v2 server in one; the first call to /flaky answers 503."""

    calls: dict[str, int] = {}

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Remote.calls[self.path] = Remote.calls.get(self.path, 0) + 1
        if self.path.startswith("/slow"):
            time.sleep(6.0)
        if self.path.startswith("/flaky") and Remote.calls[self.path] == 1:
            self.send_response(503)
            self.end_headers()
            return
        if self.path.endswith("/chat/completions"):
            answer: Any = {"choices": [{"message": {"content": "Đáp: " + body["messages"][-1]["content"]}}]}
        else:
            [tensor] = body["inputs"]
            rows = [tensor["data"][i : i + 4] for i in range(0, len(tensor["data"]), 4)]
            scores = [v for row in rows for v in ((1.0, 0.0) if row[2] < 2.5 else (0.0, 1.0))]
            answer = {"outputs": [{"name": "scores", "shape": [len(rows), 2], "datatype": "FP32", "data": scores}]}
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def remote() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Remote)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_http_adapters(remote: str) -> None:
    chat = {"examples": [{"text": "xin chào"}], "metrics": {"answers checked %": 100.0}}
    add_http_model("openai", f"{remote}/v1", chat, name="remote_chat", model="demo", timeout=5)
    assert nonla.run("custom.remote_chat", text="xin chào").text == "Đáp: xin chào"  # type: ignore[attr-defined]

    iris = {"task": "classification", "labels": ["setosa", "other"], "fields": IRIS_FIELDS, "examples": [IRIS_EXAMPLE]}
    add_http_model("kserve", f"{remote}/flaky", iris, name="remote_iris", model="iris", timeout=5, retries=2)
    results = nonla.run_batch("custom.remote_iris", [IRIS_EXAMPLE, {**IRIS_EXAMPLE, "petal_length": 5.0}])
    assert [r.label for r in results] == ["setosa", "other"]  # type: ignore[union-attr]
    assert Remote.calls["/flaky/v2/models/iris/infer"] == 2  # the 503 was retried

    add_http_model("kserve", f"{remote}/slow", iris, name="remote_slow", model="iris", timeout=0.3, retries=1)
    started = time.perf_counter()
    [slow] = nonla.run_batch("custom.remote_slow", [IRIS_EXAMPLE])
    assert isinstance(slow, AdapterUnavailable) and "did not answer" in slow.message
    assert time.perf_counter() - started < 4.0  # two tries of 0.3 s and a pause, not the server's 6 s each

    add_http_model("kserve", "http://127.0.0.1:9/", iris, name="remote_gone", model="iris", timeout=1, retries=1)
    [gone] = nonla.run_batch("custom.remote_gone", [IRIS_EXAMPLE])
    assert isinstance(gone, AdapterUnavailable) and gone.http_status == 503


def test_entry_point_functions_join_the_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package that declares `[nonla.functions] demo.shout@1 = module:run` is callable once installed."""
    (tmp_path / "nonla_shout_plugin.py").write_text(
        "from pydantic import BaseModel\n"
        "from nonla.core.function import Card, Text, function\n"
        "class Input(BaseModel):\n    text: Text\n"
        "class Output(BaseModel):\n    text: str\n"
        "@function('demo.shout', version=1, card=Card(summary='Shout', metrics={'accuracy': 1.0}))\n"
        "def run(batch: list[Input], models) -> list[Output]:\n"
        "    return [Output(text=i.text.upper()) for i in batch]\n",
        encoding="utf-8",
    )
    info = tmp_path / "nonla_shout_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: nonla-shout-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[nonla.functions]\ndemo.shout@1 = nonla_shout_plugin:run\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    catalog = Catalog()
    entry = catalog.resolve("demo.shout")
    assert (entry.ref, entry.source) == ("demo.shout@1", "plugin")
    assert entry.spec.run([entry.spec.input(text="xin chào")], None)[0].text == "XIN CHÀO"
    sys.modules.pop("nonla_shout_plugin", None)


def test_skops_file_calling_eval_is_refused(tmp_path: Path) -> None:
    """A skops file (not a pickle) can still name a dangerous function; only scikit-learn's own types load."""
    from sklearn.preprocessing import FunctionTransformer
    from skops.io import dump

    dump(FunctionTransformer(func=eval), tmp_path / "evil.skops")
    sidecar = {"task": "regression", "fields": [{"name": "x", "type": "number"}], "examples": [{"x": 1.0}]}
    with pytest.raises(nonla.NonlaError) as refused:
        import_skops(tmp_path / "evil.skops", sidecar, name="evil")
    assert refused.value.http_status == 422 and "builtins.eval" in refused.value.message


def test_skops_file_calling_a_scikit_learn_function_that_runs_code_is_refused(tmp_path: Path) -> None:
    """'Only scikit-learn's types' is not enough: its test helpers run any Python source. Functions are refused
    unless known to only check data; classes must be estimators or parts of fitted ones."""
    import functools

    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.utils._testing import assert_run_python_script_without_output
    from skops.io import dump

    marker = tmp_path / "ran"
    payload = f"import pathlib; pathlib.Path({str(marker)!r}).write_text('ran')"
    step = FunctionTransformer(func=functools.partial(assert_run_python_script_without_output, payload))
    classifier = LogisticRegression().fit(np.array([[0.0], [1.0], [0.1], [0.9]]), ["a", "b", "a", "b"])
    dump(Pipeline([("prep", step), ("clf", classifier)]), tmp_path / "evil.skops")
    sidecar = {"task": "classification", "labels": ["a", "b"], "fields": [{"name": "x", "type": "number"}],
               "examples": [{"x": 0.5}]}  # fmt: skip
    with pytest.raises(nonla.NonlaError) as refused:
        import_skops(tmp_path / "evil.skops", sidecar, name="evil")
    assert refused.value.http_status == 422 and "assert_run_python_script_without_output" in refused.value.message
    assert not marker.exists()


class Misbehaving(BaseHTTPRequestHandler):
    """A remote model server that answers everything but what its protocol promises."""

    seen_keys: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.startswith("/elsewhere"):
            Misbehaving.seen_keys.append(self.headers.get("Authorization", ""))
        if self.path.startswith("/redirect"):
            self.send_response(307)
            self.send_header("Location", "/elsewhere" + self.path.removeprefix("/redirect"))
            self.end_headers()
            return
        if self.path.startswith("/garbage"):
            self.wfile.write(b"\x00\xffnot http at all\r\n\r\n")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.path.startswith("/drip"):  # headers at once, then a byte every 0.3 s: no single read times out
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.3)
            return
        answer: Any = {"outputs": [{"name": "scores", "data": [float("nan"), 0.5]}]}
        if self.path.endswith("/chat/completions"):
            answer = {"choices": [{"message": {"content": None}}]}
        data = json.dumps(answer).encode()
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


def test_http_adapters_refuse_what_the_protocol_does_not_promise(monkeypatch: pytest.MonkeyPatch) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Misbehaving)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("REMOTE_KEY", "sk-secret")
    iris = {"task": "classification", "labels": ["setosa", "other"], "fields": IRIS_FIELDS, "examples": [IRIS_EXAMPLE]}
    try:
        for name, path, timeout in (("r_redirect", "/redirect", 5.0), ("r_garbage", "/garbage", 5.0),
                                    ("r_drip", "/drip", 1.0), ("r_nan", "/nan", 5.0)):  # fmt: skip
            add_http_model("kserve", base + path, iris, name=name, model="iris", timeout=timeout, retries=0,
                           api_key_env="REMOTE_KEY")  # fmt: skip
            started = time.perf_counter()
            [answer] = nonla.run_batch(f"custom.{name}", [IRIS_EXAMPLE])
            assert isinstance(answer, AdapterUnavailable) and answer.http_status == 503, (name, answer)
            assert time.perf_counter() - started < 3.0, "the timeout bounds the whole answer, not each read"
        assert Misbehaving.seen_keys == [], "the key was sent to the redirect's target"
        add_http_model("openai", base + "/v1", {"examples": [{"text": "x"}]}, name="r_null", timeout=5, retries=0)
        [null] = nonla.run_batch("custom.r_null", [{"text": "xin chào"}])
        assert isinstance(null, AdapterUnavailable), "a null content is not the text 'None'"
        for url, timeout in (("http://[::1", 5.0), ("http://host with space/", 5.0), (base, -1.0)):
            with pytest.raises(nonla.NonlaError) as refused:
                add_http_model("kserve", url, iris, name="r_bad", model="iris", timeout=timeout)
            assert refused.value.http_status == 422
    finally:
        server.shutdown()
        server.server_close()


def test_a_version_that_cannot_be_described_is_refused_and_never_breaks_the_others(
    tmp_path: Path, nonla_home: Path
) -> None:
    sidecar = {"task": "classification", "labels": ["low", "high"], "input": "x", "output": "probabilities",
               "fields": [{"name": "a", "type": "number"}, {"name": "b", "type": "number"}],
               "examples": [{"a": 1.0, "b": 3.0}], "metrics": {"accuracy %": 100.0}, "evaluation": "by rule",
               "evaluation_data": "the rule itself", "intended_use": "tests"}  # fmt: skip
    model = onnx_file(tmp_path / "demo.onnx")
    import_onnx(model, sidecar, name="mix")
    promote("mix", 1)
    for broken, says in (({"examples": "not a list"}, "examples"), ({"languages": "vi"}, "languages"),
                         ({"metrics": {"accuracy %": "high"}}, "metrics"), ({"metrics": ["a"]}, "metrics")):  # fmt: skip
        with pytest.raises(nonla.NonlaError, match=says) as refused:
            import_onnx(model, {**sidecar, **broken}, name="mix")
        assert refused.value.http_status == 422
    assert not list(nonla_home.rglob(".incoming*")), "a refused import leaves no files behind"
    assert nonla.run("custom.mix", a=1, b=3).label == "high"  # type: ignore[attr-defined]

    # a version stored before these checks, whose description no longer builds: left out, the rest still served
    import_onnx(model, sidecar, name="mix")
    from sqlalchemy import update

    from nonla.store.db import session
    from nonla.store.schema_custom import CustomModelVersion

    with session(write=True) as s:
        s.execute(update(CustomModelVersion).where(CustomModelVersion.version == 2)
                  .values(card={**_stored_card(s), "examples": "not a list"}))  # fmt: skip
    names = [entry.ref for entry in nonla.catalog()]
    assert "custom.mix@1" in names and "custom.mix@2" not in names
    assert nonla.run("custom.mix", a=1, b=3).label == "high"  # type: ignore[attr-defined]


def _stored_card(s: Any) -> dict[str, Any]:
    from sqlalchemy import select

    from nonla.store.schema_custom import CustomModelVersion

    return dict(s.scalar(select(CustomModelVersion.card).where(CustomModelVersion.version == 2)))


def test_each_call_of_a_routed_name_is_audited_as_the_version_that_answered(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from rest_keys import bearer

    from nonla.api.app import create_app
    from nonla.custom import canary
    from nonla.custom import registry as models
    from nonla.governance import audit

    sidecar = {"task": "classification", "labels": ["low", "high"], "input": "x", "output": "probabilities",
               "fields": [{"name": "a", "type": "number"}, {"name": "b", "type": "number"}],
               "examples": [{"a": 1.0, "b": 3.0}], "metrics": {"accuracy %": 100.0}, "evaluation": "by rule",
               "evaluation_data": "the rule itself", "intended_use": "tests"}  # fmt: skip
    model = onnx_file(tmp_path / "demo.onnx")
    first, second = import_onnx(model, sidecar, name="split"), import_onnx(model, sidecar, name="split")
    promote("split", 1)
    canary("split", 2, 50)
    caller = bearer("caller")
    with TestClient(create_app()) as app:
        heads = [app.post("/v1/functions/custom.split", headers=caller, json={"a": a, "b": 1.0}).json()["function"]
                 for a in range(12)]  # fmt: skip
    served = [f"custom.split@{call.served}" for call in models.routed_calls("split")]
    assert heads == served and set(served) == {first.ref, second.ref}, "both versions answered some calls"
    rows = [r for r in audit.export() if r["action"] == "function.call" and r["target"].startswith("custom.split")]
    assert [r["target"] for r in rows] == served
    sha = {first.ref: first.files["model.onnx"], second.ref: second.files["model.onnx"]}
    assert all(row["model_sha256"] == sha[row["target"]] for row in rows)
