"""An agency's triage set-up as data: read and replace its taxonomy file, train its model; audited.

The surfaces (REST /v1/civic, `nonla civic`) call these; civic.triage reads the same files on its next call.

>>> import json
>>> out = set_taxonomy("doc-agency", {"categories": {"health": {"department": "Sở Y tế thành phố"}}}, actor="doc")
>>> out["categories"]["health"]["department"]
'Sở Y tế thành phố'
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from nonla.core.errors import InvalidInput
from nonla.functions.civic.taxonomy import DEFAULT_TAXONOMY
from nonla.functions.civic.triage_taxonomy import AGENCY_PATTERN, agency_files, merge, taxonomy
from nonla.store.file_lock import file_lock


def _check(agency: str) -> None:
    if not re.match(AGENCY_PATTERN, agency):
        raise InvalidInput(
            f"'{agency}' is not a valid agency name.", hint="Use lower-case letters, digits, '-' and '_' (at most 64)."
        )


def show_taxonomy(agency: str) -> dict[str, Any]:
    """The taxonomy civic.triage uses for the agency: every category with its department and deadlines."""
    _check(agency)
    merged = taxonomy(agency)
    return {"agency": agency, "categories": {key: asdict(cat) for key, cat in merged.categories.items()}}


def set_taxonomy(agency: str, override: dict[str, Any], actor: str = "local") -> dict[str, Any]:
    """Validate the agency's override against the default taxonomy, then write it atomically (and audit it)."""
    _check(agency)
    if agency == "default":
        raise InvalidInput("The default taxonomy ships with nonla.", hint="Give your agency a name of its own.")
    path, _ = agency_files(agency)
    merge(DEFAULT_TAXONOMY, override, f"{agency}.json")  # raises BrokenAgencyFile (422) before anything is written
    path.parent.mkdir(parents=True, exist_ok=True)
    # One writer at a time, threads of this process too: two requests writing one partial file let triage read it
    # half-written and one request's rename fail; the answer is read back before the next writer may change it.
    with file_lock(path.with_suffix(".lock")):
        partial = path.with_suffix(f".{os.getpid()}.partial")
        partial.write_text(json.dumps(override, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(partial, path)
        _audit(actor, "civic.taxonomy", agency, {"categories": sorted(override.get("categories", {}))})
        return show_taxonomy(agency)


def train_agency(
    csv_path: str | Path, agency: str, text_col: str, label_col: str, actor: str = "local"
) -> dict[str, Any]:
    """Train the agency's category model from its labelled history (see triage_train.train), audited."""
    from nonla.functions.civic.triage_train import train

    _check(agency)
    summary = train(csv_path, agency, text_col=text_col, label_col=label_col)
    _audit(actor, "civic.train", agency, {k: v for k, v in summary.items() if isinstance(v, (int, float, str))})
    return summary


def _audit(actor: str, action: str, agency: str, detail: dict[str, Any]) -> None:
    from nonla.core.events import Changed
    from nonla.governance.audit import append
    from nonla.store.db import session

    with session(write=True) as s:  # the agency's own auditors read the row too (nonla.governance.audit_scope)
        append(s, Changed(actor=actor, action=action, target=agency, detail={**detail, "tenant": agency}))
