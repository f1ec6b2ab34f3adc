"""Custom models: train, import, version, roll out and serve them like built-ins (``custom.NAME@N``).

- Train: ``train_text_classifier`` (TF-IDF or multilingual-e5 features, chosen by cross-validation) and
  ``train_tabular`` (LightGBM); both measure a held-out 20 % and register version N in stage ``draft``.
- Import: ``import_onnx``, ``import_skops`` (pickle and joblib refused), ``add_http_model`` (OpenAI-compatible or
  KServe v2), each with a sidecar declaring inputs, task, labels, examples and the owner's metrics.
- Files: ``$NONLA_HOME/models/custom/.tenants/<tenant>/<name>/<version>/`` (names are each tenant's own), every
  file's sha256 in the store and checked on load.
- Serve: ``custom.NAME@N`` is that version; ``custom.NAME`` is the production version or, while none is promoted,
  the newest version that is not archived; during a rollout it is routed (routing.py, the one place that routes).
- Roll out: ``promote`` (needs an evaluation report and passing conformance checks), ``rollback``, ``archive``,
  ``shadow``, ``canary``, ``stop_rollout``, ``report``.

Heavy modules load on first use, so ``import nonla.custom`` stays cheap.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "train_text_classifier": "nonla.custom.train_text",
    "train_tabular": "nonla.custom.tabular",
    "import_onnx": "nonla.custom.importers",
    "import_skops": "nonla.custom.importers",
    "add_http_model": "nonla.custom.importers",
    "promote": "nonla.custom.rollout",
    "rollback": "nonla.custom.rollout",
    "archive": "nonla.custom.rollout",
    "shadow": "nonla.custom.rollout",
    "canary": "nonla.custom.rollout",
    "stop_rollout": "nonla.custom.rollout",
    "report": "nonla.custom.rollout",
    "list_models": "nonla.custom.rollout",
    "show": "nonla.custom.rollout",
    "check_version": "nonla.custom.conformance",
}
__all__ = sorted(_EXPORTS)


def __getattr__(attr: str) -> Any:
    if attr in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[attr]), attr)
    raise AttributeError(f"module 'nonla.custom' has no attribute {attr!r}")
