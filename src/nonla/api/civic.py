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
from nonla.core.errors import InvalidInput
from nonla.governance.keys import Principal

router = APIRouter(prefix="/v1/civic", tags=["civic"])


@router.get("/agencies/{agency}/taxonomy")
def get_taxonomy(agency: str, _: Principal = Depends(require("functions.read"))) -> dict[str, Any]:
    return agencies.show_taxonomy(agency)


@router.put("/agencies/{agency}/taxonomy")
def put_taxonomy(
    agency: str,
    override: dict[str, Any] = Body(..., description="Same shape as the default taxonomy; merged field by field."),
    who: Principal = Depends(require("models.manage")),
) -> dict[str, Any]:
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
    raw = await data.read()
    if not raw.strip():
        raise InvalidInput("The uploaded CSV is empty.", hint="Send the agency's labelled messages as a CSV file.")
    with tempfile.TemporaryDirectory(prefix="nonla-civic-") as folder:
        path = Path(folder) / "history.csv"
        path.write_bytes(raw)
        summary = await run_in_threadpool(agencies.train_agency, path, agency, text_col, label_col, who.actor)
    return json.loads(json.dumps(summary, default=str))
