"""The example inputs a trained model's card publishes, taken from held-out rows without their personal data.

A card is shown to every caller (GET /v1/functions/custom.NAME), the rows are the owner's data. Each candidate
row's cells go through privacy.pii in mask mode: rows in which it finds nothing come first, then rows with what it
found masked ('[PERSON]', '[PHONE]', '[ID]'); a cell it could not check becomes '[REDACTED]' (and its row comes
last). The card's examples are these masked inputs, so what the card shows is what the checks run the model on.

>>> chosen = public_rows([{"text": "Gọi 0912345678 ngay"}, {"text": "Tàu biển"}], count=2)
>>> [(row["text"], sorted(changed)) for row, changed in chosen]
[('Tàu biển', []), ('Gọi [PHONE] ngay', ['text'])]
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("nonla.custom.examples")

PII = "privacy.pii@1"  # pinned, as other functions that call it: a version never changes meaning
REDACTED = "[REDACTED]"
CANDIDATES = 20  # held-out rows looked at to find ones with nothing personal in them
CHUNK = 256  # cells per call of privacy.pii


def public_rows(rows: list[dict[str, str]], count: int) -> list[tuple[dict[str, str], set[str]]]:
    """Up to ``count`` of the first ``CANDIDATES`` rows (at least ``count``), each cell masked, with the names of
    the cells that were changed; rows with nothing found first, otherwise in their order."""
    candidates = rows[: max(count, CANDIDATES)]
    cells = [(r, name, value) for r, row in enumerate(candidates) for name, value in row.items() if value.strip()]
    masked = _mask([value for _, _, value in cells])
    out = [dict(row) for row in candidates]
    changed: list[set[str]] = [set() for _ in candidates]
    rank = [0] * len(candidates)  # 0: nothing found, 1: masked, 2: a cell could not be checked
    for (r, name, value), (text, found) in zip(cells, masked, strict=True):
        if text is None:
            out[r][name], rank[r] = REDACTED, 2
            changed[r].add(name)
        elif found or text != value:
            out[r][name], rank[r] = text, max(rank[r], 1)
            changed[r].add(name)
    order = sorted(range(len(candidates)), key=lambda r: rank[r])[:count]
    return [(out[r], changed[r]) for r in order]


def _mask(texts: list[str]) -> list[tuple[str | None, int]]:
    """Each text masked by privacy.pii with the number of entities it found; (None, 0) where it failed."""
    if not texts:
        return []
    from nonla.core.errors import NonlaError
    from nonla.core.runner import subcall
    from nonla.governance import incidents  # noqa: F401  (a suspended privacy.pii is refused here too: redacted)

    try:
        results: list[Any] = []
        for start in range(0, len(texts), CHUNK):  # a wide table's cells are more than one call takes
            results += subcall(PII, [{"text": text, "mode": "mask"} for text in texts[start : start + CHUNK]])
    except Exception:  # the examples must never fail a training: what cannot be checked is not published
        log.warning("%s could not check the card's examples; they are redacted", PII, exc_info=True)
        return [(None, 0)] * len(texts)
    out: list[tuple[str | None, int]] = []
    for result in results:
        if isinstance(result, NonlaError):
            log.warning("%s could not check a card example (%s); it is redacted", PII, result.code)
            out.append((None, 0))
        else:
            out.append((str(result.text), len(result.entities)))
    return out
