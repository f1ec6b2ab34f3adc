"""Match a text to labels described in words (and optionally a few examples) with e5 embeddings.

The engine behind text.classify, kept apart so that other functions (triage, routing) score labels the same way.
Constants were chosen on the classify pool (tests/data/classify/pool.jsonl, leave-one-out) and the sentiment train
set used as a second task, never on a test set.

>>> from nonla.core.models import shared_models
>>> from nonla.functions.text.embeddings import embedder
>>> embed = embedder(shared_models()).embed
>>> labels = LabelSet({"y tế": "bệnh viện, tiêm chủng", "giao thông": "ổ gà, đèn tín hiệu"}, None, embed)
>>> text = "Đèn đỏ ở ngã tư bị hỏng"
>>> scores = labels.scores(text, embed([text], PREFIX)[0])
>>> max(scores, key=scores.get)
'giao thông'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from nonla.functions.vi.tone_marks import strip_diacritics

PREFIX = "query"  # e5's prefix for symmetric comparison: the text, label descriptions and examples are all 'query'
DESCRIPTION_WEIGHT = 4.0  # a label's description counts as this many examples in its prototype
TEMPERATURE = 0.07  # softmax temperature over centred cosines: lowest log-loss on the pool, text as written
# e5 understands Vietnamese typed without marks poorly (zero-shot accuracy falls by half), so for such text a
# syllable-overlap score joins in: with this weight one shared syllable in ten moves a label as much as
# about 0.5 of cosine / TEMPERATURE.
LEXICAL_WEIGHT = 80.0
_PIECES = re.compile(r"[:;,\n]")
_WORD = re.compile(r"\w+")

Embed = Callable[[Sequence[str], Any], Any]


def label_texts(name: str, description: str) -> list[str]:
    """What a label's prototype is built from: 'name: description', then each comma-separated piece of it, since
    e5 matches a short text to one topic in a list better than to the whole list.

    >>> label_texts("y tế", "bệnh viện, tiêm chủng")
    ['y tế: bệnh viện, tiêm chủng', 'bệnh viện', 'tiêm chủng']
    >>> label_texts("y tế", "")
    ['y tế']
    """
    if not description:
        return [name]
    pieces = [p.strip() for p in _PIECES.split(description) if p.strip()]
    return [f"{name}: {description}", *(pieces if len(pieces) > 1 else [])]


def syllables(text: str) -> frozenset[str]:
    """Lower-case syllables without diacritics.

    >>> sorted(syllables("Đèn ĐỎ, đèn xanh"))
    ['den', 'do', 'xanh']
    """
    return frozenset(_WORD.findall(strip_diacritics(text).lower()))


class LabelSet:
    """Prototypes for one request's labels: one set for text written with diacritics (label texts and examples as
    given) and one for text without (the examples also stripped of their marks), plus syllable bags."""

    def __init__(self, labels: dict[str, str], examples: dict[str, list[str]] | None, embed: Embed) -> None:
        import numpy as np

        self.names = list(labels)
        self._embed = embed
        self._described = [embed(label_texts(n, d), PREFIX).astype(np.float64).mean(axis=0) for n, d in labels.items()]
        self._shots = [list((examples or {}).get(name, [])) for name in self.names]
        self.written = np.stack([self._prototype(d, s) for d, s in zip(self._described, self._shots, strict=True)])
        self._plain: Any = None  # built on the first text without diacritics: most requests never need it
        self.bags = [
            [syllables(f"{name} {description}"), *map(syllables, shots)]
            for (name, description), shots in zip(labels.items(), self._shots, strict=True)
        ]

    @property
    def plain(self) -> Any:
        import numpy as np

        if self._plain is None:
            rows = []
            for described, shots in zip(self._described, self._shots, strict=True):
                stripped = [s for s in map(strip_diacritics, shots) if s not in shots]
                rows.append(self._prototype(described, shots + stripped))
            self._plain = np.stack(rows)
        return self._plain

    def _prototype(self, described: Any, shots: list[str]) -> Any:
        import numpy as np

        if not shots:
            return described
        total = DESCRIPTION_WEIGHT * described + self._embed(shots, PREFIX).astype(np.float64).sum(axis=0)
        return total / (DESCRIPTION_WEIGHT + len(shots))

    def scores(self, text: str, vector: Any) -> dict[str, float]:
        """Probability of each label (6 decimals): softmax over the cosine to each prototype once what all the
        prototypes share (the task's common topic) is removed, plus syllable overlap when the text has no marks."""
        import numpy as np

        marked = strip_diacritics(text) != text
        protos = self.written if marked else self.plain
        centre = protos.mean(axis=0)
        offsets = protos - centre
        offsets /= np.maximum(np.linalg.norm(offsets, axis=1, keepdims=True), 1e-12)
        query = np.asarray(vector, dtype=np.float64) - centre
        logits = offsets @ (query / max(float(np.linalg.norm(query)), 1e-12)) / TEMPERATURE
        if not marked:
            words = syllables(text)
            overlap = [np.mean([len(words & bag) / max(1, len(words)) for bag in bags]) for bags in self.bags]
            logits = logits + LEXICAL_WEIGHT * np.asarray(overlap)
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        return {name: round(float(p), 6) for name, p in zip(self.names, probs, strict=True)}
