"""The catalogue surfaces use: built-ins and plugins, plus the store-backed sources (custom models, pipelines).

Core never imports the store, so the sources are attached here, once, to the default catalogue; every surface (the
Python API, CLI, REST, job workers) asks ``catalog()`` for it, so a model or pipeline registered by any process is
callable from all of them.
"""

from __future__ import annotations

import threading

from nonla.core.catalog import Catalog, default_catalog

_attached: set[int] = set()
_lock = threading.Lock()


def attach(target: Catalog) -> Catalog:
    """Give ``target`` every store-backed source (once); returns it for chaining."""
    with _lock:
        if id(target) in _attached:
            return target
        _attached.add(id(target))
        from nonla.custom.specs import source as custom_models

        target.add_source("custom.", custom_models)
        from nonla.jobs.pipeline_store import source as pipelines

        target.add_source("pipeline.", pipelines)
    return target


def catalog() -> Catalog:
    """The default catalogue with the store-backed sources attached.

    >>> catalog().resolve("vi.words@1").ref
    'vi.words@1'
    """
    return attach(default_catalog())
