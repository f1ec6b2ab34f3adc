"""The review queue: results the agency's policy held for a person; accept them as they are or correct them."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response

from nonla.console.web import ConsoleRoute, ai_label, posted, redirect, render, signed_in
from nonla.core.errors import InvalidInput
from nonla.core.strict_json import LoneSurrogate, loads
from nonla.governance import review
from nonla.governance.review import STATUSES

router = APIRouter(prefix="/console/review", route_class=ConsoleRoute, include_in_schema=False)


@router.get("")
def queue(request: Request) -> Response:
    _, who = signed_in(request, "review.decide")
    status = request.query_params.get("status") or "pending"
    if status not in STATUSES:
        raise InvalidInput(f"Unknown status '{status[:40]}'.", hint=f"Use one of: {', '.join(STATUSES)}.")
    function = request.query_params.get("function") or None
    found = review.items(status, function, who.tenant, limit=200)  # type: ignore[arg-type]
    return render(request, "review.html", items=found, status=status, function=function or "", statuses=STATUSES)


@router.get("/{item_id}")
def item(item_id: int, request: Request) -> Response:
    current, who = signed_in(request, "review.decide")
    found = review.get(item_id, who.tenant)
    return render(request, "review_item.html", item=found, label=ai_label(current.lang, found["function"]),
                  correction=json.dumps(found["result"], ensure_ascii=False, indent=2))  # fmt: skip


@router.post("/{item_id}")
async def decide(item_id: int, request: Request) -> Response:
    _, who = signed_in(request, "review.decide")
    _, form = await posted(request)
    note = str(form.get("note") or "").strip() or None
    correction: dict[str, Any] | None = None
    if form.get("decision") != "accept":
        try:
            correction = loads(str(form.get("correction") or ""))
        except LoneSurrogate:
            raise InvalidInput("The correction holds a lone surrogate escape (\\ud800-\\udfff), not text.",
                               hint="Edit the JSON of the result, keeping every field.") from None  # fmt: skip
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"The correction is not valid JSON ({exc.msg}, line {exc.lineno}).",
                               hint="Edit the JSON of the result, keeping every field.") from None  # fmt: skip
        if not isinstance(correction, dict):  # "null" would otherwise read as an accept
            raise InvalidInput("The correction must be the result's JSON object.", field="correction",
                               hint="Edit the JSON of the result, keeping every field.")  # fmt: skip
    review.decide(item_id, correction is None, correction, who.actor, who.tenant, note)
    return redirect(request, "/console/review")
