"""Pipelines: functions chained in YAML, each step's inputs taken from the pipeline's input or an earlier step's output.

```yaml
name: civic_intake
description: Clean the text, redact personal data, then route the message.
steps:
  - id: clean                                   # optional; steps can also be named by position: $steps.0
    function: vi.normalize
    inputs: {text: $input.text}
  - function: privacy.pii
    inputs: {text: $steps.clean.text, mode: pseudonym}   # a value without '$' is a constant
  - function: civic.triage
    inputs: {text: $steps.1.text}
output:                                         # optional; default: the last step's output
  text: $steps.1.text
  category: $steps.2.category
```

Loading checks everything a call would trip over later, and names the step: an unknown function, an input field the
function does not take, a required field left out, a reference to a later step or to an output field that does not
exist, and types that cannot fit (a list into a text field). The pipeline's Input schema is derived from the fields
its steps take from ``$input``; its Output from the ``output`` mapping. Steps call functions only through the
runner's nested calls, so each is validated like any call, and the pipeline's call is the one audited; each step's
function keeps the review policy its agency set for it (nonla.core.step_review).

>>> spec = build(parse("name: words\\nsteps:\\n  - function: vi.words\\n    inputs: {text: $input.text}"), 1)
>>> spec.ref, list(spec.input.model_fields), spec.run([spec.input(text="xin chào")], None)[0].words
('pipeline.words@1', ['text'], ['xin', 'chào'])
>>> parse("name: bad\\nsteps:\\n  - function: vi.words\\n    inputs: {txt: $input.text}")
Traceback (most recent call last):
...
nonla.core.errors.InvalidInput: Step 0 (vi.words): 'txt' is not an input of vi.words; its inputs: text, restore_diacritics.
"""

from __future__ import annotations

import copy
import re
import threading
import types
import typing
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from nonla.core.errors import Conflict, InvalidInput, NonlaError
from nonla.core.function import Card, FunctionSpec, Risk
from nonla.core.models import Models

PREFIX = "pipeline."
MAX_SOURCE = 100_000  # characters of YAML
MAX_NODES = 100_000  # values once aliases are written out: a definition written out in full has far fewer
NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_REF = re.compile(r"^\$(input|steps)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+)*)$")
_RISK_ORDER = [Risk.MINIMAL, Risk.LIMITED, Risk.HIGH]
_building = threading.local()


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
    function: str = Field(min_length=3, max_length=200)
    inputs: dict[str, Any] = Field(default_factory=dict)


class Definition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str = ""
    steps: list[Step] = Field(min_length=1, max_length=50)
    output: dict[str, str] | None = None
    examples: list[dict[str, Any]] = Field(default_factory=list)


def _fail(message: str, step: int | None = None, ref: str = "", **details: Any) -> InvalidInput:
    where = f"Step {step} ({ref}): " if step is not None else ""
    hint = "Fix the pipeline's YAML and add it again (nonla pipelines add FILE.yaml)."
    return InvalidInput(where + message, hint=hint, **({"step": step} if step is not None else {}), **details)


def parse(text: str) -> Definition:
    """Read and check a YAML definition; raises InvalidInput naming the step at fault."""
    import yaml

    if len(text) > MAX_SOURCE:
        raise _fail(f"The pipeline has {len(text):,} characters; the limit is {MAX_SOURCE:,}.")
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _fail(f"The pipeline is not valid YAML ({str(exc).splitlines()[0]}).") from None
    except RecursionError:
        raise _fail("The pipeline nests lists or mappings too deeply to read.") from None
    if not isinstance(raw, dict):
        raise _fail("A pipeline is a YAML mapping with 'name' and 'steps'.")
    if _expanded_size(raw) > MAX_NODES:
        raise _fail(f"The pipeline expands to more than {MAX_NODES:,} values; write it out without nested aliases (*).")
    try:
        definition = Definition.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise _fail(f"'{where}': {first['msg']}.") from None
    if not NAME.match(definition.name):
        raise _fail(f"'{definition.name}' is not a pipeline name: use lower-case letters, digits and '_'.")
    _reveals_nothing(definition)
    build(definition, 1)  # resolves every step: the checks below run now, not at the first call
    return definition


def _reveals_nothing(definition: Definition) -> None:
    """A step may not ask for the personal data its function removed (privacy.pii's reversible mapping): whoever may
    call the pipeline would get it, though only roles with pii.reveal may (nonla.governance.revealing)."""
    from nonla.governance.revealing import PERMISSION, REVEALING

    for index, step in enumerate(definition.steps):
        field = REVEALING.get(step.function.split("@", 1)[0])
        if field is not None and step.inputs.get(field, False) is not False:
            raise _fail(f"'{field}' would hand the originals {step.function} removed to every caller of the pipeline: "
                        f"leave it out (a key whose role holds {PERMISSION} asks {step.function} for them directly).",
                        index, step.function)  # fmt: skip


def _expanded_size(value: Any) -> int:
    """Values in the definition with every alias (*name) written out, counted up to just past MAX_NODES: YAML
    aliases are shared references, so 600 bytes of aliases nested nine deep stand for billions of values, which
    the card, the stored examples and every answer describing the pipeline would write out.

    >>> import yaml
    >>> _expanded_size(yaml.safe_load("{a: &x [1, 2], b: [*x, *x]}"))  # the mapping, 2 keys, 3 lists, 7 items
    13
    """
    count, todo = 0, [value]
    while todo and count <= MAX_NODES:
        item = todo.pop()
        count += 1
        if isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return count


def _strip(annotation: Any) -> Any:
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _kinds(annotation: Any) -> set[str]:
    """Coarse JSON kinds a type accepts: enough to catch a list sent into a text field."""
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        return {k for arg in typing.get_args(annotation) if arg is not type(None) for k in _kinds(arg)}
    if origin is Literal:
        return {"number" if isinstance(v, int | float) and not isinstance(v, bool) else type(v).__name__
                for v in typing.get_args(annotation)}  # fmt: skip
    if origin in (list, tuple, set, frozenset):
        return {"list"}
    if origin is dict:
        return {"dict"}
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel) or annotation is dict:
            return {"dict"}
        if issubclass(annotation, bool):
            return {"bool"}
        if issubclass(annotation, int | float):
            return {"number"}
        if issubclass(annotation, str | date | datetime):
            return {"str"}
        if annotation in (list, tuple, set):
            return {"list"}
    return {"any"}


def _fits(source: Any, target: Any) -> bool:
    have, want = _kinds(source), _kinds(target)
    return "any" in have or "any" in want or bool(have & want)


def _field_type(model: type[BaseModel], path: list[str], step: int, ref: str, what: str) -> Any:
    annotation: Any = model
    for depth, name in enumerate(path):
        inner = _strip(annotation)
        if typing.get_origin(inner) in (Union, types.UnionType):
            inner = next((a for a in typing.get_args(inner) if a is not type(None)), inner)
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)) or name not in inner.model_fields:
            fields = ", ".join(inner.model_fields) if isinstance(inner, type) and issubclass(inner, BaseModel) else ""
            known = f"; its fields: {fields}" if fields else ""
            raise _fail(f"{what} has no field '{'.'.join(path[: depth + 1])}'{known}.", step, ref)
        annotation = inner.model_fields[name].annotation
    return annotation


class _Plan:
    """A definition resolved against the catalogue: step specs, where every value comes from, and the schemas."""

    def __init__(self, definition: Definition) -> None:
        from nonla.sources import catalog

        self.definition = definition
        self.specs: list[FunctionSpec] = []
        self.ids: dict[str, int] = {}
        self.input_fields: dict[str, tuple[Any, Any]] = {}
        for index, step in enumerate(definition.steps):
            try:
                spec = catalog().resolve(step.function).spec
            except NonlaError as exc:
                raise _fail(exc.message, index, step.function) from None
            self._check_step(index, step, spec)
            self.specs.append(spec)
            for key in (str(index), step.id):
                if key is not None:
                    if key in self.ids:
                        raise _fail(f"Another step is already called '{key}'.", index, step.function)
                    self.ids[key] = index

    def source_type(self, value: str, index: int, ref: str) -> tuple[str, Any] | None:
        """(where, type) of a '$...' reference made by step ``index``; None for a constant."""
        if not isinstance(value, str) or not value.startswith("$"):
            return None
        match = _REF.match(value)
        if match is None:
            raise _fail(f"'{value}' is not a reference: write $input.FIELD or $steps.ID.FIELD.", index, ref)
        kind, head, tail = match.group(1), match.group(2), [p for p in match.group(3).split(".") if p]
        if kind == "input":
            return value, None
        if head not in self.ids:
            raise _fail(f"'{value}' names no earlier step (a step reads only the steps before it).", index, ref)
        source = self.ids[head]
        if not tail:
            raise _fail(f"'{value}' must name a field of step {head}'s output.", index, ref)
        spec = self.specs[source]
        return value, _field_type(spec.output, tail, index, ref, f"The output of step {head} ({spec.ref})")

    def _check_step(self, index: int, step: Step, spec: FunctionSpec) -> None:
        fields = spec.input.model_fields
        for name, value in step.inputs.items():
            if name not in fields:
                raise _fail(f"'{name}' is not an input of {spec.name}; its inputs: {', '.join(fields)}.", index,
                            step.function)  # fmt: skip
            found = self.source_type(value, index, step.function)
            target = fields[name]
            if found is None:
                continue
            where, annotation = found
            if annotation is None:  # $input.FIELD: the pipeline takes this field with the step field's type
                field = where.split(".", 1)[1]
                if "." in field:
                    raise _fail(f"'{where}': the pipeline's input fields are flat.", index, step.function)
                known = self.input_fields.get(field)
                if known is not None and not _fits(known[0], target.annotation):
                    raise _fail(f"'{where}' feeds fields of different types.", index, step.function)
                self.input_fields.setdefault(field, (target.annotation, copy.copy(target)))
            elif not _fits(annotation, target.annotation):
                raise _fail(f"'{where}' ({_name(annotation)}) does not fit '{name}' ({_name(target.annotation)}).",
                            index, step.function)  # fmt: skip
        missing = [n for n, f in fields.items() if f.is_required() and n not in step.inputs]
        if missing:
            raise _fail(f"{spec.name} needs {', '.join(repr(m) for m in missing)}: map it in 'inputs'.", index,
                        step.function)  # fmt: skip


def _name(annotation: Any) -> str:
    annotation = _strip(annotation)
    return getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")


def _steps_changed(name: str, version: int, steps: list[tuple[str, Any]]) -> Conflict:
    """A step called by name (no @version) answers in another shape than when the pipeline was stored: a new
    version of a pipeline or custom model it calls. The pipeline was checked against the steps as they were."""
    unpinned = sorted({ref for ref, _ in steps if "@" not in ref})
    return Conflict(f"{PREFIX}{name}@{version} reads fields its steps no longer give: a step it calls by name "
                    f"({', '.join(unpinned) or 'none'}) has changed since it was stored.",
                    hint="Store the pipeline again, so it is checked against its steps as they are now, or name the "
                    "version of each step it was written for (e.g. pipeline.x@1).")  # fmt: skip


def _lookup(value: Any, context: dict[str, Any], ids: dict[str, int]) -> Any:
    if not isinstance(value, str) or not value.startswith("$"):
        return value
    match = _REF.match(value)
    assert match is not None
    kind, head, tail = match.group(1), match.group(2), [p for p in match.group(3).split(".") if p]
    found = context["input"].get(head) if kind == "input" else context["steps"][ids[head]]
    for name in tail:
        found = None if found is None else found.get(name)
    return found


def build(definition: Definition, version: int) -> FunctionSpec:
    """The pipeline as a FunctionSpec named pipeline.NAME@version."""
    building: set[str] = getattr(_building, "names", set())
    if definition.name in building:
        raise _fail(f"Pipeline '{definition.name}' calls itself through its steps.")
    _building.names = building | {definition.name}
    try:
        plan = _Plan(definition)
    finally:
        _building.names = building
    title = "".join(part.title() for part in definition.name.split("_"))
    input_model = create_model(
        f"{title}Input", __config__=ConfigDict(extra="forbid"), **{k: (a, f) for k, (a, f) in plan.input_fields.items()}
    )  # type: ignore[call-overload]
    last = len(plan.specs) - 1
    if definition.output is None:
        output_model: type[BaseModel] = plan.specs[last].output
        outputs = None
    else:
        fields = {}
        for name, ref in definition.output.items():
            found = plan.source_type(ref, last + 1, "output")
            if found is None or found[1] is None:
                raise _fail(f"output '{name}' must read a step's field ($steps.ID.FIELD).")
            fields[name] = (found[1], ...)
        output_model = create_model(f"{title}Output", **fields)  # type: ignore[call-overload]
        outputs = definition.output
    steps = [(step.function, step.inputs) for step in definition.steps]

    def run(batch: list[BaseModel], models: Models) -> list[BaseModel]:
        from nonla.core.runner import nested_call, review_nested

        contexts: list[dict[str, Any]] = [{"input": item.model_dump(), "steps": []} for item in batch]
        calls = []
        for index, (ref, inputs) in enumerate(steps):
            payload = [{k: _lookup(v, c, plan.ids) for k, v in inputs.items()} for c in contexts]
            called = nested_call(ref, payload)
            calls.append((called, payload))
            for context, result in zip(contexts, called.results, strict=True):
                if isinstance(result, NonlaError):  # the runner runs a spoiled batch item by item
                    failed = copy.copy(result)
                    failed.message = f"Step {index} ({ref}): {result.message}"
                    failed.args = (failed.message,)
                    raise failed
                context["steps"].append(result.model_dump())
        for called, payload in calls:  # the whole batch ran: each step's review policy applies once per item
            review_nested(called, payload, batch)
        try:
            if outputs is None:
                return [output_model.model_validate(c["steps"][last]) for c in contexts]
            return [output_model(**{k: _lookup(v, c, plan.ids) for k, v in outputs.items()}) for c in contexts]
        except ValidationError:
            raise _steps_changed(definition.name, version, steps) from None

    cards = [spec.card for spec in plan.specs]
    models = list({ref.name + ref.version: ref for card in cards for ref in card.models}.values())
    card = Card(
        summary=definition.description or "Pipeline: " + " → ".join(s.ref for s in plan.specs),
        languages=sorted({lang for c in cards for lang in c.languages}),
        licence="; ".join(sorted({c.licence for c in cards if c.licence})),
        models=models,
        risk=max((c.risk for c in cards), key=_RISK_ORDER.index),
        intended_use=definition.description,
        limitations="Those of each step: " + ", ".join(s.ref for s in plan.specs) + ".",
        examples=definition.examples,
    )
    batch_size = min(spec.batch_size for spec in plan.specs)
    return FunctionSpec(PREFIX + definition.name, version, input_model, output_model, run, card, batch_size)
