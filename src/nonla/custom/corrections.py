"""What a reviewer's correction of a custom classifier may say: only the model's own labels.

The output schema of a custom classifier is the same for every model (``label`` is any text), so the review queue
asks here, after the schema, whether the corrected label and the labels scored are ones the model knows. A
correction naming another label would become a training example of a class the model does not have.
"""

from __future__ import annotations

from typing import Any

from nonla.core.catalog import ROUTE_VERSION
from nonla.core.errors import InvalidInput
from nonla.custom import artefacts, registry


def known_labels(function: str, version: int) -> list[str] | None:
    """The labels ``custom.NAME@version`` answers with (every version's, for a call the route split between
    versions); None when it is not a classifier or does not name its labels (outputs numbered by column)."""
    name = function.removeprefix(artefacts.PREFIX)
    found = registry.versions(name) if version == ROUTE_VERSION else [registry.get(name, version)]
    labels: list[str] = []
    for stored in found:
        own = stored.config.get("labels") if stored.task == "classification" else None
        if not isinstance(own, list) or not own:
            return None
        labels += [str(label) for label in own if str(label) not in labels]
    return labels or None


def check_correction(function: str, version: int, correction: dict[str, Any]) -> None:
    """Refuse (422) a corrected classification whose label, or a label it scores, is not one of the model's."""
    if not function.startswith(artefacts.PREFIX) or "label" not in correction:
        return
    labels = known_labels(function, version)
    if labels is None:
        return
    shown = ", ".join(f"'{label}'" for label in labels[:30]) + (" …" if len(labels) > 30 else "")
    hint = f"Choose one of the labels of {function}: {shown}."
    if correction["label"] not in labels:
        raise InvalidInput(f"The correction's label '{str(correction['label'])[:100]}' is not one of the labels of "
                           f"{function}.", hint=hint, field="label")  # fmt: skip
    unknown = [key for key in correction.get("scores") or {} if key not in labels]
    if unknown:
        raise InvalidInput(f"The correction scores '{str(unknown[0])[:100]}', which is not one of the labels of "
                           f"{function}.", hint=hint, field="scores")  # fmt: skip
