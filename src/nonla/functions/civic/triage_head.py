"""The category classifier of civic.triage: a softmax layer over multilingual-e5-small embeddings.

The shipped head (models/civic-triage/head.json) is trained on tests/data/civic by
models/build/train_civic_triage.py; an agency's own head ($NONLA_HOME/agencies/<agency>.head.json) is trained from
its labelled history by triage_train.train. Both are fitted by ``fit_logistic`` below and read messages through
``as_read``, so they behave alike.

e5-small reads Vietnamese typed without diacritics poorly, so a message typed without them is read with its marks
restored by vi.diacritics@1 (evaluation/civic_triage.py measures both ways).

>>> import numpy as np
>>> x = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
>>> w, b = fit_logistic(x, np.array([0, 0, 1, 1]), classes=2, c=10.0)
>>> head = TriageHead({"labels": ["a", "b"], "prefix": "query", "weights": w.tolist(), "bias": b.tolist()})
>>> [max(s, key=s.get) for s in head.scores(np.array([[1.0, 0.0], [0.0, 1.0]]))]
['a', 'b']
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from nonla.core.errors import ModelUnavailable
from nonla.core.models import ModelRef
from nonla.functions.text.embeddings import DIM
from nonla.functions.text.logistic import fit_logistic  # noqa: F401 — training code imports it from here

HEAD_MODEL = ModelRef("civic-triage", "2026.11", sha256="a6f65dd7551c2d6f72d7a35cfa5f39671986c2bdb5f46f3e8c7f77356cc41cee",
                      file="civic-triage/head.json", licence="CC0 (trained by nonla on its own messages)")  # fmt: skip
ITERATIONS = 500  # accelerated gradient descent converges on a few thousand points well before this


def as_read(texts: list[str]) -> list[str]:
    """What the classifier reads: each text, with its marks restored first (vi.diacritics@1, pinned: a new version
    must not change what this head was trained on) when it was typed without them."""
    from nonla.functions.vi.unmarked import as_if_marked

    return as_if_marked(texts, [True] * len(texts))


class TriageHead:
    """Read-only after loading, so one instance serves every thread."""

    def __init__(self, head: dict[str, Any]) -> None:
        import numpy as np

        self.labels: list[str] = list(head["labels"])
        self.prefix: str = head.get("prefix", "query")
        self.weights = np.asarray(head["weights"], dtype=np.float64)
        self.bias = np.asarray(head["bias"], dtype=np.float64)
        self.urgency_confidence: dict[str, float] = dict(head.get("urgency_confidence", {}))
        if (
            self.weights.ndim != 2
            or self.weights.shape[0] != len(self.labels)
            or self.bias.shape != (len(self.labels),)
        ):
            raise ValueError("weights must have one row per label and bias one value per label")

    @classmethod
    def from_file(cls, path: Path) -> TriageHead:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def scores(self, vectors: Any) -> list[dict[str, float]]:
        """Probability of each label per row, rounded to 6 decimals so equal inputs decide equally."""
        import numpy as np

        logits = np.asarray(vectors, dtype=np.float64) @ self.weights.T + self.bias
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        return [{label: round(float(p), 6) for label, p in zip(self.labels, row, strict=True)} for row in probs]


def temperature(logits: Any, y: Any) -> float:
    """The temperature that makes softmax(logits / T) best predict y (least log-loss; a grid, so deterministic).

    An L2-regularised head is underconfident when classes overlap: its probabilities sit well below its accuracy.
    Dividing the weights by T fitted on out-of-fold logits brings the confidences in line with how often it is right.
    """
    import numpy as np

    logits, y = np.asarray(logits, dtype=np.float64), np.asarray(y)

    def loss(t: float) -> float:
        z = logits / t
        z = z - z.max(1, keepdims=True)
        return float((np.log(np.exp(z).sum(1)) - z[np.arange(len(y)), y]).mean())

    grid: list[float] = [float(t) for t in np.geomspace(0.05, 5.0, 93)]
    best: float = min(grid, key=loss)
    return round(best, 4)


def head_json(labels: list[str], w: Any, b: Any, **extra: Any) -> str:
    """The head file's bytes: weights rounded to 6 decimals, compact, so a rebuild writes the same bytes."""
    body = {"labels": labels, "prefix": "query", **extra,
            "weights": [[round(float(v), 6) for v in row] for row in w], "bias": [round(float(v), 6) for v in b]}  # fmt: skip
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n"


_agency_heads: dict[tuple[str, str], TriageHead] = {}
_lock = threading.Lock()


def agency_head(path: Path) -> TriageHead:
    """An agency's trained head, cached by its sha256 so a retrained file is picked up on the next call."""
    data = path.read_bytes()
    key = (str(path), hashlib.sha256(data).hexdigest())
    with _lock:
        cached = _agency_heads.get(key)
    if cached is not None:
        return cached
    try:
        head = TriageHead(json.loads(data.decode("utf-8")))
        if head.weights.shape[1] != DIM:
            raise ValueError(f"it was trained on vectors of {head.weights.shape[1]} numbers, not {DIM}")
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailable(
            f"The trained model of this agency ({path.name}) cannot be read: {exc}.",
            hint="Train it again with `nonla civic train --data FILE.csv --agency NAME`, or remove the file.",
        ) from None
    with _lock:
        _agency_heads[key] = head
    return head
