"""THE one dispatcher: resolve, validate once, batch, call, check outputs, time, emit one event per call.

Every surface (Python, CLI, REST, console, jobs) and every domain function that calls another goes through here,
so validation, errors and audit are the same everywhere.

>>> from nonla.core.catalog import Catalog
>>> runner = Runner(Catalog(builtins={}, plugins=False))
>>> runner.call("vi.nothing", [{"text": "x"}])
Traceback (most recent call last):
...
nonla.core.errors.UnknownFunction: There is no function named 'vi.nothing'.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from nonla.core import served, step_review
from nonla.core.catalog import ROUTE_VERSION, Catalog, CatalogEntry, default_catalog
from nonla.core.config import settings
from nonla.core.context import current_tenant, tenant_scope, warm_up
from nonla.core.errors import (
    BatchTooLarge,
    EmptyText,
    FunctionFailed,
    FunctionSuspended,
    InvalidEncoding,
    InvalidInput,
    NonlaError,
    TextTooLong,
)
from nonla.core.events import FunctionCalled, Sink
from nonla.core.function import FunctionSpec
from nonla.core.models import Models, shared_models

log = logging.getLogger("nonla.runner")

Result = BaseModel | NonlaError


def canonical_digest(value: Any) -> str:
    """SHA-256 of a canonical JSON form: the audit log keeps this instead of raw text.

    >>> canonical_digest({"b": 1, "a": "á"}) == canonical_digest({"a": "á", "b": 1})
    True
    """
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def input_error(exc: ValidationError, index: int | None = None) -> NonlaError:
    """Turn pydantic's report into one stable, plain error (the first problem found)."""
    problems = exc.errors(include_url=False, include_input=False, include_context=True)
    first = problems[0]
    field = ".".join(str(part) for part in first["loc"]) or "input"
    kind = first["type"]
    where: dict[str, Any] = {} if index is None else {"index": index}
    if kind == "string_too_short":
        return EmptyText(field, index)
    if kind == "string_too_long":
        limit = int(first.get("ctx", {}).get("max_length", 0))
        return TextTooLong(field, limit=limit, length=_length_at(exc, first["loc"]), index=index)
    if kind in ("invalid_unicode", "string_unicode"):
        return InvalidEncoding(f"Field '{field}' contains characters that are not valid Unicode text.", **where)
    if kind == "missing":
        return InvalidInput(f"Field '{field}' is required.", field=field, **where)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if not first["loc"]:  # the item itself, not a value inside it
            return InvalidInput("Each input must be a JSON object with the function's fields.", **where)
        return InvalidInput(f"Field '{field}' must be a JSON object.", field=field, problem=kind, **where)
    if kind == "extra_forbidden":
        return InvalidInput(f"Field '{field}' is not an input of this function.", field=field, **where)
    return InvalidInput(f"Field '{field}': {first['msg']}.", field=field, problem=kind, **where)


def _length_at(exc: ValidationError, loc: tuple[Any, ...]) -> int:
    for problem in exc.errors(include_url=False):
        if tuple(problem["loc"]) == tuple(loc) and isinstance(problem.get("input"), str):
            return len(problem["input"])
    return 0


@dataclass(frozen=True)
class CallResult:
    entry: CatalogEntry
    results: list[Result]
    latency_ms: float
    event: FunctionCalled
    review: tuple[dict[str, Any], ...] = ()  # {index, id, reason} of each result queued for a person

    @property
    def ok(self) -> bool:
        return not any(isinstance(r, NonlaError) for r in self.results)


# (call, items, tenant, subject_id) -> the results it queued for review. Surfaces pass governance's hook; core
# stays free of the store, and a runner without a hook (nested calls, tests) pays nothing.
ReviewHook = Callable[[CallResult, Sequence[Any], str, str | None], Sequence[dict[str, Any]]]
# (entry, tenant) -> None, raising a NonlaError to refuse the call (governance: suspended functions).
GuardHook = Callable[[CatalogEntry, str], None]
# (call, items, tenant) -> None: watchers of every finished call (monitoring); a failing observer never fails a call.
Observer = Callable[[CallResult, Sequence[Any], str], None]


class Runner:
    def __init__(
        self,
        catalog: Catalog | None = None,
        models: Models | None = None,
        sinks: Iterable[Sink] = (),
        review: ReviewHook | None = None,
        guard: GuardHook | None = None,
        observers: Iterable[Observer] = (),
    ) -> None:
        self.catalog = catalog or default_catalog()
        self.models = models or shared_models()
        self.sinks: list[Sink] = list(sinks)
        self.review = review
        # what reviews a pipeline's steps: this runner's hook, or the one of the call this nested runner serves
        self.steps_review = review
        self.guard = guard
        self.observers: list[Observer] = list(observers)

    def call(
        self,
        ref: str,
        items: Sequence[Any],
        actor: str = "local",
        *,
        tenant: str | None = None,
        subject_id: str | None = None,
    ) -> CallResult:
        """Run ``ref`` over ``items`` (dicts or Input models). Bad items get their own error; the rest run.

        The call runs for ``tenant`` (None: the tenant already in force, the default one outside any call); the
        function reads it as ``nonla.core.context.current_tenant()``."""
        with tenant_scope(tenant) as chosen:  # around the lookup too: custom models and pipelines belong to a tenant
            return self._call(ref, items, actor, tenant=chosen, subject_id=subject_id)

    def _call(
        self, ref: str, items: Sequence[Any], actor: str, *, tenant: str, subject_id: str | None
    ) -> CallResult:
        entry = self.catalog.resolve(ref)
        if self.guard is not None:  # before validation: a refused function does no work at all
            self.guard(entry, tenant)
        spec = entry.spec
        limit = settings().max_batch_items
        if len(items) > limit:
            raise BatchTooLarge(f"A batch may hold at most {limit:,} items; this one has {len(items):,}.")
        started = time.perf_counter()
        results: list[Result | None] = [None] * len(items)
        valid: list[tuple[int, BaseModel]] = []
        for index, raw in enumerate(items):
            try:
                valid.append((index, raw if isinstance(raw, spec.input) else spec.input.model_validate(raw)))
            except ValidationError as exc:
                results[index] = input_error(exc, index if len(items) > 1 else None)
        # functions this one calls (subcall) answer to this runner's guard, and review their results for its subject
        outer = _outer.set(_OuterCall(self, entry, actor, subject_id))
        try:
            # a routed name (custom.NAME) says which version answered; a pipeline's steps, what review queued
            with served.collecting() as answered, step_review.collecting() as steps:
                for start in range(0, len(valid), spec.batch_size):
                    chunk = valid[start : start + spec.batch_size]
                    ran = self._run_chunk(spec, [item for _, item in chunk])
                    for (index, _), result in zip(chunk, ran, strict=True):
                        results[index] = result
        finally:
            _outer.reset(outer)
        latency_ms = (time.perf_counter() - started) * 1000
        done: list[Result] = [r for r in results if r is not None]
        model_sha256 = spec.card.model_sha256
        if entry.version == ROUTE_VERSION and len(answered) == 1:  # one version answered every item
            [(version, model_sha256)] = answered
            entry = replace(entry, version=version)
        event = self._event(entry, items, done, latency_ms, actor, model_sha256)
        for sink in self.sinks:
            sink(event)
        called = CallResult(entry, done, latency_ms, event)
        queued: Sequence[dict[str, Any]] = ()
        if self.review is not None:  # after the sinks, so the call's audit row precedes its queue row
            queued = self.review(called, items, tenant, subject_id)
        if steps:  # queued when the pipeline ran, so after the call's own row too
            done_items = [(index, item) for index, item in valid if not isinstance(results[index], NonlaError)]
            queued = step_review.merged(queued, steps, done_items)
        if queued:
            called = replace(called, review=tuple(queued))
        for observer in self.observers:
            try:
                observer(called, items, tenant)
            except Exception:  # watching a call must never fail it
                log.exception("observer %r failed on %s", observer, entry.ref)
        return called

    def warm(self, ref: str) -> None:
        """Load ``ref``'s models now by running its first card example, unaudited: worker pools call this once
        per worker so that no caller's first item pays for loading."""
        spec = self.catalog.resolve(ref).spec
        if spec.card.examples:
            with warm_up():  # no caller's call: a routed custom model must not count it in its rollout report
                self._run_chunk(spec, [spec.input.model_validate(spec.card.examples[0])])

    def _run_chunk(self, spec: FunctionSpec, chunk: list[BaseModel]) -> list[Result]:
        try:
            outputs = spec.run(chunk, self.models)
            if len(outputs) != len(chunk):
                raise FunctionFailed(f"{spec.ref} returned {len(outputs)} results for {len(chunk)} inputs.")
            return [out if isinstance(out, spec.output) else spec.output.model_validate(out) for out in outputs]
        except FunctionSuspended:
            raise  # a suspended step or version the call reached refuses the whole call, as the guard does by name
        except NonlaError as exc:
            if len(chunk) == 1:
                return [exc]
            # One item spoiled the chunk: run each alone so only that item carries the error.
            return [result for item in chunk for result in self._run_chunk(spec, [item])]
        except Exception as exc:  # a bug in a function must not take the surface down or leak a traceback
            log.exception("function %s failed", spec.ref)
            failed = FunctionFailed(f"{spec.ref} failed on this input ({type(exc).__name__}).")
            if len(chunk) == 1:
                return [failed]
            return [result for item in chunk for result in self._run_chunk(spec, [item])]

    def _event(
        self,
        entry: CatalogEntry,
        items: Sequence[Any],
        results: list[Result],
        latency_ms: float,
        actor: str,
        model_sha256: str,
    ) -> FunctionCalled:
        errors = [r for r in results if isinstance(r, NonlaError)]
        inputs = [item.model_dump(mode="json") if isinstance(item, BaseModel) else item for item in items]
        outputs = [r.to_dict() if isinstance(r, NonlaError) else r.model_dump(mode="json") for r in results]
        status = "ok" if not errors else ("error" if len(errors) == len(results) else "partial")
        return FunctionCalled(
            actor=actor,
            function=entry.name,
            version=entry.version,
            status=status,
            items=len(items),
            errors=len(errors),
            error_code=errors[0].code if errors else None,
            model_sha256=model_sha256,
            input_digest=canonical_digest(inputs),
            output_digest=canonical_digest(outputs),
            latency_ms=round(latency_ms, 3),
            tenant=current_tenant(),
        )


@dataclass(frozen=True)
class _OuterCall:
    """The call in progress, as the functions it runs see it: the runner whose guard and review apply to what they
    call, the entry called, the caller and the data subject it named (REST's X-Subject-Id, a job's subject_id)."""

    runner: Runner
    entry: CatalogEntry
    actor: str
    subject_id: str | None


_inner: Runner | None = None
_outer: ContextVar[_OuterCall | None] = ContextVar("nonla_outer_runner", default=None)
# The guard of nested calls made outside any runner call (a collection segmenting what it indexes, a search
# embedding its query): governance installs its own (nonla.governance.incidents), so a suspension holds there too.
_unattended_guards: list[Callable[[CatalogEntry, str], None]] = []


def guard_unattended(guard: Callable[[CatalogEntry, str], None]) -> None:
    """Guard the nested calls that run outside any runner call with ``guard`` (replacing any guard installed)."""
    _unattended_guards[:] = [guard]


def _unattended_guard(entry: CatalogEntry, tenant: str) -> None:
    for guard in _unattended_guards:
        guard(entry, tenant)


def subcall(ref: str, items: Sequence[Any]) -> list[Result]:
    """Call another function from inside a function (domain code composes functions only this way).

    The same validation and errors apply; the outer call is the one audited, so nested calls emit no events. The
    outer runner's guard applies: a function suspended for the tenant is refused inside a pipeline or another
    function too (FunctionSuspended), not only when called by name.

    >>> [w.words for w in subcall("vi.words", [{"text": "xin chào"}])]
    [['xin', 'chào']]
    """
    return nested_call(ref, items).results


def nested_call(ref: str, items: Sequence[Any]) -> CallResult:
    """subcall's whole call, for callers that hand it on to ``review_nested`` (pipelines)."""
    global _inner
    outer = _outer.get()
    if outer is not None and (outer.runner.guard is not None or outer.runner.steps_review is not None):
        runner = outer.runner
        nested = Runner(runner.catalog, runner.models, guard=runner.guard)  # audited and reviewed by the outer call
        nested.steps_review = runner.steps_review
        # the outer call's subject goes on down, so the steps of a pipeline inside this one are tagged with it too
        return nested.call(ref, items, outer.actor, tenant=current_tenant(), subject_id=outer.subject_id)
    if _inner is None:
        _inner = Runner(guard=_unattended_guard)
    return _inner.call(ref, items, tenant=current_tenant())  # the outer call's tenant


def review_nested(called: CallResult, items: Sequence[Any], owners: Sequence[object]) -> None:
    """Apply the outer call's review hook to a nested call's results and record what it queued against the outer
    call's items (``owners``, one per nested item; nonla.core.step_review): a pipeline does this for each step."""
    outer = _outer.get()
    if outer is None:
        return
    queued = list(called.review)  # a nested pipeline's own steps
    if outer.runner.steps_review is not None:
        mine = replace(called, event=replace(called.event, actor=outer.actor))  # the item names the real caller
        # tagged with the outer call's data subject, so that person's export finds the item and erasure removes it
        queued = [*outer.runner.steps_review(mine, items, current_tenant(), outer.subject_id), *queued]
    for entry in queued:
        step_review.record(owners[entry["index"]], [{**entry, "step": entry.get("step", called.entry.ref)}])


def guard_answering(spec: FunctionSpec) -> None:
    """Apply the guard of the call in progress to ``spec``, the version a routed name (``custom.NAME``) picked to
    answer: the runner guarded the route before routing chose, so a suspended version (``custom.NAME@N``) is refused
    here, before it predicts (FunctionSuspended refuses the whole call). Outside a guarded call nothing is checked."""
    outer = _outer.get()
    if outer is not None and outer.runner.guard is not None:
        entry = CatalogEntry(spec.name, spec.version, spec, outer.entry.source, _spec=spec)
        outer.runner.guard(entry, current_tenant())
