"""/v1/civic: an agency's triage set-up — its taxonomy and routing table, and training its own category model."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Body, Depends, File, Form, UploadFile
from starlette.concurrency import run_in_threadpool

from nonla.api.auth import require
from nonla.civic import agencies
from nonla.core.errors import Forbidden, InvalidInput
from nonla.functions.civic.triage_taxonomy import may_set_up, may_use
from nonla.governance.keys import Principal

router = APIRouter(prefix="/v1/civic", tags=["civic"])


def _own(agency: str, who: Principal, reading: bool = False) -> None:
    """An agency's keys set up its own triage (and may read the shipped 'default' one); the installation's keys
    read any agency's, and its admins set up any agency's."""
    if may_use(who.tenant, agency) if reading else may_set_up(who.tenant, agency, admin=who.role == "admin"):
        return
    raise Forbidden(f"Agency '{agency}' is not yours: a key of '{who.tenant}' sets up only its own triage (the "
                    "installation's admins set up any).",
                    hint=f"Use /v1/civic/agencies/{who.tenant}/..., or ask the installation's admins.")  # fmt: skip


@router.get("/agencies/{agency}/taxonomy")
def get_taxonomy(agency: str, who: Principal = Depends(require("functions.read"))) -> dict[str, Any]:
    _own(agency, who, reading=True)
    return agencies.show_taxonomy(agency)


@router.put("/agencies/{agency}/taxonomy")
def put_taxonomy(
    agency: str,
    override: dict[str, Any] = Body(..., description="Same shape as the default taxonomy; merged field by field."),
    who: Principal = Depends(require("models.manage")),
) -> dict[str, Any]:
    _own(agency, who)
    return agencies.set_taxonomy(agency, override, actor=who.actor)


@router.post("/agencies/{agency}/train")
async def train(
    agency: str,
    data: UploadFile = File(..., description="CSV (UTF-8) of the agency's labelled messages."),
    text_col: str = Form("text"),
    label_col: str = Form("category"),
    who: Principal = Depends(require("models.manage")),
) -> dict[str, Any]:
    """Train the agency's category model (a minute or two); civic.triage uses it for agency=NAME at once."""
    _own(agency, who)
    raw = await data.read()
    if not raw.strip():
        raise InvalidInput("The uploaded CSV is empty.", hint="Send the agency's labelled messages as a CSV file.")
    with tempfile.TemporaryDirectory(prefix="nonla-civic-") as folder:
        path = Path(folder) / "history.csv"
        path.write_bytes(raw)
        summary = await run_in_threadpool(agencies.train_agency, path, agency, text_col, label_col, who.actor)
    return json.loads(json.dumps(summary, default=str))
