"""Bring models made elsewhere into the store: ONNX files and scikit-learn models saved with skops (each with a
small JSON or YAML sidecar declaring inputs, task, labels and the owner's measured metrics), and remote models
behind an HTTP adapter. Raw pickle and joblib files are refused: loading one can run any code.

A sidecar looks like::

    {"task": "classification", "labels": ["no", "yes"],
     "fields": [{"name": "age", "type": "number"}, {"name": "city", "type": "category", "categories": ["HN"]}],
     "examples": [{"age": 30, "city": "HN"}], "metrics": {"accuracy %": 91.2},
     "evaluation": "python eval.py", "evaluation_data": "...", "summary": "...", "limitations": "..."}
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

from nonla.core.errors import InvalidInput
from nonla.custom import artefacts, registry
from nonla.custom.errors import UnsafeModelFormat
from nonla.custom.schemas import check_fields, output_model

PICKLE_SUFFIXES = (".pkl", ".pickle", ".joblib", ".sav", ".dill", ".cloudpickle")


def read_sidecar(path: Path | dict[str, Any]) -> dict[str, Any]:
    if isinstance(path, dict):
        return dict(path)
    if not Path(path).is_file():
        raise InvalidInput(f"There is no schema file {path}.", field="schema")
    try:
        text = Path(path).read_text(encoding="utf-8")
        if Path(path).suffix.lower() in (".yaml", ".yml"):
            import yaml

            found = yaml.safe_load(text)
        else:
            found = json.loads(text)
    except Exception as exc:
        raise InvalidInput(f"The schema file {Path(path).name} cannot be read ({type(exc).__name__}).",
                           field="schema") from None  # fmt: skip
    if not isinstance(found, dict):
        raise InvalidInput("The schema file must hold an object with task, fields and examples.", field="schema")
    return found


def _card(sidecar: dict[str, Any], what: str) -> dict[str, Any]:
    return {
        "summary": sidecar.get("summary") or f"Imported {what} model.",
        "languages": sidecar.get("languages", ["vi"]),
        "licence": sidecar.get("licence", "declared by the owner"),
        "evaluation": sidecar.get("evaluation", ""),
        "evaluation_data": sidecar.get("evaluation_data", ""),
        "peers": sidecar.get("peers", {}),
        "limitations": sidecar.get("limitations", "Declared by the owner; not measured by nonla."),
        "examples": sidecar.get("examples", []),
    }


def _register(folder: Path, sidecar: dict[str, Any], *, name: str, kind: str, main_file: str, config: dict[str, Any],
              what: str, actor: str, owner: str = "", intended_use: str = "", risk: str = "limited") -> registry.Version:  # fmt: skip
    task = sidecar.get("task", "classification")
    try:  # the folder holds the copied model: nothing of a refused import stays behind
        output_model(task)
        check_fields(config["fields"])
        metrics = _metrics(sidecar.get("metrics"))
    except BaseException:
        artefacts.discard(folder)
        raise
    report = {"declared_by_owner": metrics, "evaluation": sidecar.get("evaluation", "")} if metrics else None
    (folder / "schema.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1), encoding="utf-8")
    return registry.register(folder, name=name, kind=kind, task=task, main_file=main_file, config={**config, "task": task},
                             card=_card(sidecar, what), metrics=metrics, report=report, owner=owner,
                             intended_use=intended_use or sidecar.get("intended_use", ""), risk=risk, actor=actor)  # fmt: skip


def _metrics(declared: Any) -> dict[str, float]:
    """The owner's figures: {"accuracy %": 91.2, ...}, each a finite number."""
    if declared is None:
        return {}
    try:
        metrics = {str(k): float(v) for k, v in declared.items()}
        if all(math.isfinite(v) for v in metrics.values()):
            return metrics
    except (AttributeError, TypeError, ValueError):
        pass
    raise InvalidInput('The schema\'s "metrics" must map names to numbers, e.g. {"accuracy %": 91.2}.', field="metrics")


def _copy_in(source: Path, name: str, target: str) -> Path:
    if not Path(source).is_file():
        raise InvalidInput(f"There is no model file {source}.", field="model")
    folder = artefacts.incoming_dir(artefacts.check_name(name))
    shutil.copyfile(source, folder / target)
    return folder


def import_onnx(model: Path, schema: Path | dict[str, Any], *, name: str, actor: str = "local",
                **meta: Any) -> registry.Version:  # fmt: skip
    """Register an ONNX model; the sidecar names its input and output tensors (default: the first of each)."""
    sidecar = read_sidecar(schema)
    folder = _copy_in(model, name, "model.onnx")
    try:
        import onnxruntime

        onnxruntime.InferenceSession(str(folder / "model.onnx"), providers=["CPUExecutionProvider"])
    except Exception as exc:
        artefacts.discard(folder)
        raise InvalidInput(f"{Path(model).name} is not an ONNX model onnxruntime can load ({type(exc).__name__}).",
                           field="model") from None  # fmt: skip
    config = {k: sidecar.get(k) for k in ("fields", "labels", "input", "output")}
    return _register(folder, sidecar, name=name, kind="onnx", main_file="model.onnx", config=config, what="ONNX",
                     actor=actor, **meta)  # fmt: skip


def import_skops(model: Path, schema: Path | dict[str, Any], *, name: str, actor: str = "local",
                 **meta: Any) -> registry.Version:  # fmt: skip
    """Register a scikit-learn estimator saved with ``skops.io.dump``; pickles are refused."""
    path = Path(model)
    head = path.read_bytes()[:2] if path.is_file() else b""
    if path.suffix.lower() in PICKLE_SUFFIXES or head[:1] == b"\x80":
        raise UnsafeModelFormat(f"{path.name} is a pickle/joblib file, which can run code when loaded; it is refused.",
                                file=path.name)  # fmt: skip
    if head != b"PK":
        raise InvalidInput(f"{path.name} is not a skops file (skops files are zip archives).", field="model")
    sidecar = read_sidecar(schema)
    folder = _copy_in(path, name, "model.skops")
    try:
        from nonla.custom.predictors import trusted_skops

        trusted_skops(folder / "model.skops")
    except Exception as exc:
        artefacts.discard(folder)
        message = getattr(exc, "message", f"{path.name} cannot be loaded ({type(exc).__name__}).")
        raise InvalidInput(message, field="model") from None
    config = {k: sidecar.get(k) for k in ("fields", "labels")}
    return _register(folder, sidecar, name=name, kind="skops", main_file="model.skops", config=config,
                     what="scikit-learn", actor=actor, **meta)  # fmt: skip


def add_http_model(protocol: str, url: str, schema: Path | dict[str, Any], *, name: str, model: str = "",
                   timeout: float = 10.0, retries: int = 2, api_key_env: str = "", actor: str = "local",
                   **meta: Any) -> registry.Version:  # fmt: skip
    """Register a remote model: protocol 'openai' (chat completions; input text, output text) or 'kserve' (v2)."""
    if protocol not in ("openai", "kserve"):
        raise InvalidInput("The protocol must be 'openai' or 'kserve'.", field="protocol")
    from nonla.custom.http_adapters import check_settings

    check_settings(url, timeout, retries)
    sidecar = read_sidecar(schema)
    if protocol == "openai":
        sidecar.setdefault("task", "generation")
        sidecar.setdefault("fields", [{"name": "text", "type": "text"}])
    config = {"url": url, "model": model, "timeout": float(timeout), "retries": int(retries),
              "api_key_env": api_key_env, "system": sidecar.get("system", ""),
              **{k: sidecar.get(k) for k in ("fields", "labels", "input", "output")}}  # fmt: skip
    folder = artefacts.incoming_dir(artefacts.check_name(name))
    (folder / "adapter.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return _register(folder, sidecar, name=name, kind=f"http-{protocol}", main_file="adapter.json", config=config,
                     what=f"remote ({protocol})", actor=actor, **meta)  # fmt: skip
