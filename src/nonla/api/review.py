"""/v1/review: the human review queue. Admins set each function's policy; reviewers accept or correct results.

Results queue themselves: a call to POST /v1/functions/{name} whose results match the caller's agency policy answers
with ``"review": [{"index", "id", "reason"}]``. Everything here is scoped to the key's tenant.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from nonla.api.auth import principal, require
from nonla.api.errors import STORE_INT_MAX
from nonla.api.tenancy import tenant_scoped
from nonla.core.errors import NotFound
from nonla.governance import review, review_examples, review_policy, review_result
from nonla.governance.keys import Principal

router = APIRouter(prefix="/v1/review", tags=["review"], dependencies=[Depends(tenant_scoped)])


class PolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    threshold: float | None = Field(None, gt=0, le=1, description="Queue results whose confidence is below this.")
    always: bool = Field(False, description="Queue every result.")
    required: bool = Field(False, description="Hold queued results until a reviewer acts.")


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accept: bool = Field(False, description="Accept the result as it is.")
    correction: dict[str, Any] | None = Field(None, description="Or: the whole corrected output.")
    note: str | None = Field(None, max_length=2000)


@router.get("/policies")
def list_policies(who: Principal = Depends(require("review.decide"))) -> dict[str, Any]:
    return {"policies": [p.to_dict() for p in review_policy.policies(who.tenant)]}


@router.get("/policies/{function}")
def get_policy(function: str, who: Principal = Depends(require("review.decide"))) -> dict[str, Any]:
    name = function.split("@", 1)[0]
    for policy in review_policy.policies(who.tenant):
        if policy.function == name:
            return policy.to_dict()
    raise NotFound(f"There is no review policy for '{name}'.", hint="List policies with GET /v1/review/policies.")


@router.put("/policies/{function}")
def put_policy(function: str, body: PolicyIn, who: Principal = Depends(require("review.manage"))) -> dict[str, Any]:
    """Set the agency's policy for a function; no threshold and always=false removes it."""
    policy = review_policy.set_policy(function, body.threshold, body.always, body.required, who.tenant, who.actor)
    return {"function": function.split("@", 1)[0], "removed": True} if policy is None else policy.to_dict()


@router.delete("/policies/{function}")
def delete_policy(function: str, who: Principal = Depends(require("review.manage"))) -> dict[str, Any]:
    review_policy.set_policy(function, tenant=who.tenant, actor=who.actor)
    return {"function": function.split("@", 1)[0], "removed": True}


@router.get("")
def list_items(
    status: review.Status = Query(
        "pending", description="'released': the results that may go out now (held ones are left out); 'all'."
    ),
    function: str | None = Query(None, max_length=100),
    limit: int = Query(50, ge=1, le=1000),
    after: int = Query(
        0, ge=0, le=review.MAX_ID, description="Only items with a larger id (to page through the queue)."
    ),
    who: Principal = Depends(require("review.decide")),
) -> dict[str, Any]:
    return {"items": review.items(status, function, who.tenant, limit, after)}


@router.get("/examples/{function}", response_model=None,
            responses={200: {"description": "The examples: a JSON object, or one JSON line each with format=jsonl",
                             "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}})
def list_examples(
    function: str,
    as_: Literal["json", "jsonl"] = Query("json", alias="format", description="jsonl: one example per line."),
    limit: int | None = Query(None, ge=1, le=STORE_INT_MAX),
    who: Principal = Depends(require("review.decide")),
) -> dict[str, Any] | PlainTextResponse:
    found = review_examples.examples(function, who.tenant, limit)
    if as_ == "jsonl":
        body = "".join(review_examples.export_line(example) + "\n" for example in found)
        return PlainTextResponse(body, media_type="application/x-ndjson")
    return {"function": function.split("@", 1)[0], "examples": found}


@router.get("/{item_id}")
def get_item(item_id: int, who: Principal = Depends(require("review.decide"))) -> dict[str, Any]:
    return review.get(item_id, who.tenant)


@router.get("/{item_id}/result")
def get_result(item_id: int, who: Principal = Depends(principal)) -> dict[str, Any]:
    """The caller's own held result: the output once a reviewer released it, else ``released: false``. Any key may
    ask; only the key that made the call (or a reviewer) finds the item."""
    return review_result.result_for(item_id, who)


@router.post("/{item_id}/decision")
def decide(item_id: int, body: DecisionIn, who: Principal = Depends(require("review.decide"))) -> dict[str, Any]:
    """Accept ({"accept": true}) or correct ({"correction": {...}}); a correction must match the output schema."""
    return review.decide(item_id, body.accept, body.correction, who.actor, who.tenant, body.note)
