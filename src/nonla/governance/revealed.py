"""Where a function's output holds the personal data it removed: privacy.pii's ``mapping`` (placeholder → original),
returned when the call asked ``reversible`` (nonla.governance.revealing says who may ask).

The call's own answer is the only place the mapping goes. A batch job's results file keeps it, as the answer of the
key that asked; whoever else reads that file without ``pii.reveal`` gets each row's mapping empty. The review queue
never keeps it at all: a reviewer corrects what was detected, and the stored item would outlive the call. Empty
reads as null, as in the answer to a call that did not ask for the mapping, so every row keeps the output's shape.

>>> hidden_field("caller", "privacy.pii@1"), hidden_field("admin", "privacy.pii"), hidden_field("caller", "vi.words")
('mapping', None, None)
>>> withheld({"text": "[PHONE_1]", "mapping": {"[PHONE_1]": "0912345678"}}, "mapping")
{'text': '[PHONE_1]', 'mapping': None}
"""

from __future__ import annotations

from typing import Any

from nonla.governance.revealing import PERMISSION
from nonla.governance.roles import allowed

REVEALED = {"privacy.pii": "mapping"}  # function name -> the output field holding the originals


def revealed_field(function: str) -> str | None:
    """The output field of a function ('privacy.pii', 'privacy.pii@1') that holds the originals, if it has one."""
    return REVEALED.get(function.split("@", 1)[0])


def hidden_field(role: str, function: str) -> str | None:
    """The output field a key of this role may not read in the function's results (None: it may read them all)."""
    field = revealed_field(function)
    return None if field is None or allowed(role, PERMISSION) else field


def withheld(output: dict[str, Any], field: str | None) -> dict[str, Any]:
    """The output with ``field`` emptied (the output itself when it has nothing there to withhold)."""
    if field is None or output.get(field) is None:
        return output
    return {**output, field: None}
