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

from nonla.core.errors import InvalidInput, NonlaError
from nonla.custom import artefacts, registry
from nonla.custom.errors import UnsafeModelFormat
from nonla.custom.import_errors import ModelSchemaMismatch, ModelTrialFailed
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


def _refused(folder: Path, exc: BaseException, shown: str) -> BaseException:
    """What a failed check of a copied-in model raises: a 4xx NonlaError as it is, anything else as a 422 saying the
    file cannot be loaded. The copy is removed either way."""
    artefacts.discard(folder)
    if not isinstance(exc, Exception) or (isinstance(exc, NonlaError) and exc.http_status < 500):
        return exc  # Ctrl-C stays Ctrl-C
    message = f"{shown} cannot be loaded ({type(exc).__name__})."
    if isinstance(exc, NonlaError):
        message = exc.message
    return InvalidInput(message, field="model")


def trial_rows(sidecar: dict[str, Any], fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows an imported model is tried on: the sidecar's examples (checked as a caller's input would be), or,
    when it has none, one row of zeros and first categories.

    >>> trial_rows({}, [{"name": "age", "type": "number"}, {"name": "city", "type": "category", "categories": ["HN"]}])
    [{'age': 0.0, 'city': 'HN'}]
    """
    from pydantic import ValidationError

    from nonla.custom.schemas import input_model

    examples = sidecar.get("examples")
    if not examples:
        return [{f["name"]: (f.get("categories") or ["?"])[0] if f["type"] == "category" else 0.0 for f in fields}]
    if not isinstance(examples, list) or not all(isinstance(e, dict) for e in examples):
        raise InvalidInput('The schema\'s "examples" must be a list of objects, one value per field.', field="examples")
    model = input_model(fields)
    try:
        return [model.model_validate(example).model_dump() for example in examples]
    except ValidationError as exc:
        raise InvalidInput(f"An example in the schema does not fit the declared fields: {exc.errors()[0]['msg']} "
                           f"({'.'.join(map(str, exc.errors()[0]['loc']))}).", field="examples") from None  # fmt: skip


def _tried(answer: Any, shown: str) -> None:
    """Run the examples through the model once at import: a version that cannot answer is never registered."""
    try:
        answer()
    except NonlaError:
        raise
    except Exception as exc:
        reason = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
        raise ModelTrialFailed(f"{shown} failed on the schema's examples: {reason[:300]}.") from None


def _matrix_fields(sidecar: dict[str, Any], what: str) -> tuple[str, list[dict[str, Any]]]:
    """Task and fields of a model that takes a matrix: classification or regression, number and category fields."""
    task = sidecar.get("task", "classification")
    fields = check_fields(sidecar.get("fields"))
    if task not in ("classification", "regression"):
        raise ModelSchemaMismatch(f"{what} models answer classification or regression, not {task!r}.", field="task")
    text = [f["name"] for f in fields if f["type"] == "text"]
    if text:
        raise ModelSchemaMismatch(f"{what} models take numbers and categories; field '{text[0]}' is text.",
                                  field="fields")  # fmt: skip
    labels = sidecar.get("labels")
    if labels is not None and (not isinstance(labels, list) or not labels or len(set(map(str, labels))) != len(labels)):
        raise ModelSchemaMismatch('The schema\'s "labels" must be a list of distinct names.', field="labels")
    return task, fields


def _chat_fields(sidecar: dict[str, Any]) -> None:
    """A chat model takes one text field named 'text' (the user's message) and answers text: any other sidecar
    would register a version whose every call fails."""
    task, fields = sidecar.get("task"), check_fields(sidecar.get("fields"))
    if task != "generation":
        raise ModelSchemaMismatch(f"An OpenAI-compatible chat model answers text (task 'generation'), not {task!r}.",
                                  field="task", hint="Leave 'task' out, or serve a classifier over KServe v2.")  # fmt: skip
    if [(f["name"], f["type"]) for f in fields] != [("text", "text")]:
        raise ModelSchemaMismatch("An OpenAI-compatible chat model takes one field, 'text' of type text (the message "
                                  f"sent); the schema declares {', '.join(repr(f['name']) for f in fields)}.",
                                  field="fields", hint="Leave 'fields' out, or declare "
                                  '[{"name": "text", "type": "text"}].')  # fmt: skip


def import_onnx(model: Path, schema: Path | dict[str, Any], *, name: str, actor: str = "local",
                **meta: Any) -> registry.Version:  # fmt: skip
    """Register an ONNX model; the sidecar names its input and output tensors (default: the first of each).

    Refused (422, each with its code): weights in another file or tensors sized by the input's values
    (unbounded_model_graph), a tensor over the size limit (model_too_large), a sidecar that does not describe the
    graph (model_schema_mismatch), and a model that fails or answers NaN on the sidecar's examples
    (model_trial_failed)."""
    from nonla.custom import onnx_checks
    from nonla.custom.predictors import onnx_rows, onnx_session

    sidecar = read_sidecar(schema)
    task, fields = _matrix_fields(sidecar, "ONNX")
    shown = Path(model).name
    folder = _copy_in(model, name, "model.onnx")
    config = {k: sidecar.get(k) for k in ("fields", "labels", "input", "output")}
    try:
        onnx_checks.check_graph(folder / "model.onnx", shown)
        try:
            session = onnx_session(folder / "model.onnx")
        except Exception as exc:
            raise InvalidInput(f"{shown} is not an ONNX model onnxruntime can load ({type(exc).__name__}).",
                               field="model") from None  # fmt: skip
        onnx_checks.check_sidecar(session, config, task, shown)
        rows = trial_rows(sidecar, fields)
        _tried(lambda: onnx_rows(session, config, task, rows), shown)
    except BaseException as exc:
        raise _refused(folder, exc, shown) from None
    return _register(folder, sidecar, name=name, kind="onnx", main_file="model.onnx", config=config, what="ONNX",
                     actor=actor, **meta)  # fmt: skip


def import_skops(model: Path, schema: Path | dict[str, Any], *, name: str, actor: str = "local",
                 **meta: Any) -> registry.Version:  # fmt: skip
    """Register a scikit-learn estimator saved with ``skops.io.dump``; pickles are refused, and so is a file that
    names anything but estimators and data (untrusted_model_content), unpacks beyond the limit (model_too_large), or
    fails on the sidecar's examples (model_trial_failed)."""
    path = Path(model)
    head = path.read_bytes()[:2] if path.is_file() else b""
    if path.suffix.lower() in PICKLE_SUFFIXES or head[:1] == b"\x80":
        raise UnsafeModelFormat(f"{path.name} is a pickle/joblib file, which can run code when loaded; it is refused.",
                                file=path.name)  # fmt: skip
    if head != b"PK":
        raise InvalidInput(f"{path.name} is not a skops file (skops files are zip archives).", field="model")
    sidecar = read_sidecar(schema)
    task, fields = _matrix_fields(sidecar, "scikit-learn")
    folder = _copy_in(path, name, "model.skops")
    config = {k: sidecar.get(k) for k in ("fields", "labels")}
    try:
        from nonla.custom.predictors import answered, matrix, skops_rows, trusted_skops

        estimator = trusted_skops(folder / "model.skops", path.name)
        if not hasattr(estimator, "predict"):
            raise ModelSchemaMismatch(f"{path.name} holds a {type(estimator).__name__}, not a fitted estimator.",
                                      field="model")  # fmt: skip
        rows = trial_rows(sidecar, fields)
        labels = config.get("labels")
        _tried(lambda: answered(task, skops_rows(estimator, task, labels, matrix(rows, fields)), len(rows)), path.name)
    except BaseException as exc:
        raise _refused(folder, exc, path.name) from None
    return _register(folder, sidecar, name=name, kind="skops", main_file="model.skops", config=config,
                     what="scikit-learn", actor=actor, **meta)  # fmt: skip


def add_http_model(protocol: str, url: str, schema: Path | dict[str, Any], *, name: str, model: str = "",
                   timeout: float = 10.0, retries: int = 2, api_key_env: str = "", actor: str = "local",
                   **meta: Any) -> registry.Version:  # fmt: skip
    """Register a remote model: protocol 'openai' (chat completions; input text, output text) or 'kserve' (v2; numbers
    and categories in, scores or a number out). A sidecar its protocol cannot carry is model_schema_mismatch (422)."""
    if protocol not in ("openai", "kserve"):
        raise InvalidInput("The protocol must be 'openai' or 'kserve'.", field="protocol")
    from nonla.custom.http_adapters import check_settings

    check_settings(url, timeout, retries)
    sidecar = read_sidecar(schema)
    if protocol == "openai":
        sidecar.setdefault("task", "generation")
        sidecar.setdefault("fields", [{"name": "text", "type": "text"}])
        _chat_fields(sidecar)
    else:
        _matrix_fields(sidecar, "KServe")
    config = {"url": url, "model": model, "timeout": float(timeout), "retries": int(retries),
              "api_key_env": api_key_env, "system": sidecar.get("system", ""),
              **{k: sidecar.get(k) for k in ("fields", "labels", "input", "output")}}  # fmt: skip
    folder = artefacts.incoming_dir(artefacts.check_name(name))
    (folder / "adapter.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    return _register(folder, sidecar, name=name, kind=f"http-{protocol}", main_file="adapter.json", config=config,
                     what=f"remote ({protocol})", actor=actor, **meta)  # fmt: skip
