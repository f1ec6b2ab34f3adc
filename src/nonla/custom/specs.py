"""Each stored version as a real FunctionSpec (``custom.NAME@N``), and the catalogue source for the prefix.

The unversioned name ``custom.NAME`` resolves to a routing spec (see routing.py): it answers with the production
version, or, while none is promoted, with the newest version that is not archived (so a model is usable, and
testable, the moment it is trained); during a rollout it also runs the candidate (shadow or canary). The routing
spec carries the catalogue's ROUTE_VERSION, which answers the bare name and is never listed.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from nonla.core.catalog import ROUTE_VERSION
from nonla.core.config import settings
from nonla.core.context import current_tenant
from nonla.core.function import Card, FunctionSpec, Risk
from nonla.core.models import ModelRef, Models
from nonla.custom import artefacts, registry
from nonla.custom.predictors import predictor
from nonla.custom.registry import Version
from nonla.custom.schemas import input_model, output_model

log = logging.getLogger("nonla.custom")

_cache: dict[tuple[Any, ...], FunctionSpec] = {}
_lock = threading.Lock()


def card_of(version: Version) -> Card:
    body = dict(version.card)
    refs: list[ModelRef] = [artefacts.model_ref(version.name, version.version, version.main_file,
                                                version.files[version.main_file], body.pop("model_licence", ""),
                                                version.tenant)]  # fmt: skip
    if version.config.get("features") == "e5":
        from nonla.functions.text.embeddings import E5_MODEL

        refs.insert(0, E5_MODEL)
    body.setdefault("summary", f"Custom model {version.ref}")
    body.update(models=refs, metrics=version.metrics, risk=Risk(version.risk), intended_use=version.intended_use)
    return Card.model_validate(body)


def build_spec(version: Version) -> FunctionSpec:
    card = card_of(version)
    main_ref = card.models[-1]
    assert isinstance(main_ref, artefacts.CustomModelRef)
    predict = predictor(version, main_ref)
    Input, Output = input_model(version.config["fields"]), output_model(version.task)

    def run(batch: list[Any], models: Models) -> list[Any]:
        rows = predict([item.model_dump() for item in batch], models)
        return [Output.model_validate(row) for row in rows]

    batch_size = 8 if version.kind.startswith("http-") else 64
    return FunctionSpec(f"{artefacts.PREFIX}{version.name}", version.version, Input, Output, run, card, batch_size)


def version_spec(name: str, number: int, sha: str) -> FunctionSpec:
    key = (settings().database_url, current_tenant(), name, number, sha)
    spec = _cache.get(key)
    if spec is None:
        spec = build_spec(registry.get(name, number))
        with _lock:
            _cache[key] = spec
    return spec


def _usable_spec(name: str, number: int, sha: str) -> FunctionSpec | None:
    """The version's spec, or None (logged) when its stored description cannot be built: one broken version,
    stored before registration checked descriptions, must not take down its model or the function list."""
    try:
        return version_spec(name, number, sha)
    except Exception as exc:
        _left_out(exc, "custom.%s@%d cannot be described; it is left out", name, number)
        return None


def _left_out(exc: Exception, message: str, *args: Any) -> None:
    """Log what is left out and why in one line; the traceback only at debug level. The command line sets up no
    logging, so Python prints warnings on stderr as they are: a traceback there, before the command's own plain
    error (a store it cannot open), would read as a crash."""
    log.warning(message + " (%s)", *args, _why(exc))
    log.debug(message, *args, exc_info=exc)


def _why(exc: Exception) -> str:
    """The error in one line: a NonlaError's sentence, the store's (its URL without the password), else its type."""
    from nonla.core.errors import NonlaError
    from nonla.store import db_errors

    if isinstance(exc, NonlaError):
        return exc.message
    try:
        down = db_errors.unavailable(exc, settings().database_url)
    except Exception:  # the settings themselves are what is wrong
        down = None
    return down.message if down is not None else type(exc).__name__


def serving_version(stored: list[tuple[int, str, str]]) -> tuple[int, str] | None:
    """(version, sha) the unversioned name answers with: production, else the newest not archived, else None.

    >>> serving_version([(1, "production", "a"), (2, "draft", "b")]), serving_version([(1, "draft", "a")])
    ((1, 'a'), (1, 'a'))
    >>> serving_version([(1, "archived", "a")]) is None
    True
    """
    production = [(v, sha) for v, stage, sha in stored if stage == "production"]
    if production:
        return production[-1]
    usable = [(v, sha) for v, stage, sha in stored if stage != "archived"]
    return usable[-1] if usable else None


def source(name: str | None) -> list[FunctionSpec]:
    """The catalogue source for 'custom.': every stored version, plus the routing spec when a name is asked."""
    if name is not None:
        try:
            bare = artefacts.check_name(name)
        except Exception:
            return []
    try:
        stored, rollouts = registry.state()
    except Exception as exc:
        if name is not None:
            raise
        _left_out(exc, "the model store could not be read; custom models are not listed")
        return []
    if name is None:
        return [spec for n, v, _, sha in stored if (spec := _usable_spec(n, v, sha)) is not None]
    mine = [(v, stage, sha) for n, v, stage, sha in stored if n == bare]
    specs = [spec for v, _, sha in mine if (spec := _usable_spec(bare, v, sha)) is not None]
    built = {spec.version for spec in specs}
    mine = [(v, stage, sha) for v, stage, sha in mine if v in built]  # a broken version never serves the name
    serving = serving_version(mine)
    if serving is not None:
        from nonla.custom.routing import routed_spec

        rollout = next(((c, m, p) for n, c, m, p in rollouts if n == bare), None)
        shas = {v: sha for v, _, sha in mine}
        candidate = None
        if rollout is not None and rollout[0] in shas and rollout[0] != serving[0]:
            candidate = (version_spec(bare, rollout[0], shas[rollout[0]]), rollout[1], rollout[2])
        key = (settings().database_url, current_tenant(), bare, "routed", serving, rollout and (*rollout, shas.get(rollout[0])))
        spec = _cache.get(key)
        if spec is None:
            spec = routed_spec(version_spec(bare, *serving), candidate, ROUTE_VERSION)
            with _lock:
                _cache[key] = spec
        specs.append(spec)
    return specs
