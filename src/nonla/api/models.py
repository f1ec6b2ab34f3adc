"""/v1/models: custom models — list and show versions, train in the background, promote, roll back, archive,
shadow and canary rollouts, and the rollout report. Calling a model is POST /v1/functions/custom.NAME.

Reading needs ``functions.read``; everything that changes the store needs ``models.manage`` (developer, admin);
a key limited to some functions reaches only the models among them (custom.NAME).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from nonla.api.auth import require
from nonla.api.tenancy import tenant_scoped
from nonla.governance.keys import Principal

router = APIRouter(prefix="/v1/models", tags=["models"], dependencies=[Depends(tenant_scoped)])
MAX_CSV_CHARS = 20_000_000
READ, MANAGE = require("functions.read"), require("models.manage")


def _in_scope(who: Principal, name: str) -> Principal:
    """A key limited to some functions reads and changes only the custom models among them (custom.NAME). The name
    is checked as the store reads it (without a leading 'custom.'), so custom.secret is the model secret here too."""
    from nonla.custom.artefacts import check_name

    who.require_scope(f"custom.{check_name(name)}")
    return who


def manage_model(name: str, who: Principal = Depends(MANAGE)) -> Principal:
    return _in_scope(who, name)


def read_model(name: str, who: Principal = Depends(READ)) -> Principal:
    return _in_scope(who, name)


class TrainIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["text-classifier", "tabular"]
    name: str = Field(min_length=1, max_length=63, description="The model's name: it is called as custom.NAME.")
    csv: str = Field(min_length=1, max_length=MAX_CSV_CHARS, description="The training data: CSV with a header.")
    text_col: str = Field("text", description="text-classifier: the column holding the text.")
    label_col: str = Field("label", description="text-classifier: the column holding the label.")
    features: Literal["auto", "tfidf", "e5"] = "auto"
    target: str = Field("target", description="tabular: the column to predict.")
    task: Literal["classification", "regression"] | None = Field(None, description="tabular: guessed when absent.")
    owner: str = Field("", max_length=200)
    intended_use: str = Field("", max_length=2000)
    risk: Literal["minimal", "limited", "high"] = "limited"


class VersionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)


class PromoteIn(VersionIn):
    stage: Literal["staging", "production"] = "production"


class CanaryIn(VersionIn):
    percent: float = Field(gt=0, lt=100, description="Share of calls the candidate answers, chosen by input hash.")


@router.get("")
def list_models(who: Principal = Depends(READ)) -> dict[str, Any]:
    from nonla.custom.rollout import list_models

    return {"models": [m for m in list_models() if who.may_use(f"custom.{m['name']}")]}


@router.post("/train", status_code=202)
def train(body: TrainIn, who: Principal = Depends(MANAGE)) -> dict[str, Any]:
    """Start training; poll GET /v1/models/train/{id} for progress and the registered version."""
    from functools import partial

    from nonla.custom import jobs
    from nonla.custom.artefacts import check_name

    name, data = check_name(body.name), body.csv.encode("utf-8")
    _in_scope(who, name)
    common: dict[str, Any] = dict(name=name, owner=body.owner or who.actor, intended_use=body.intended_use, risk=body.risk,
                  actor=who.actor, command=f"POST /v1/models/train (kind={body.kind}, name={name})")  # fmt: skip
    if body.kind == "text-classifier":
        from nonla.custom.train_text import train_text_classifier

        run = partial(train_text_classifier, data, text_col=body.text_col, label_col=body.label_col,
                      features=body.features, **common)  # fmt: skip
    else:
        from nonla.custom.tabular import train_tabular

        run = partial(train_tabular, data, target=body.target, task=body.task, **common)
    return jobs.start(name, body.kind, run, who.actor)


def _job_in_scope(who: Principal, job_id: str) -> dict[str, Any]:
    """The training job, once the key's scopes cover the model it trains (as starting it needed)."""
    from nonla.custom import jobs

    job = jobs.get(job_id)
    _in_scope(who, job["name"])
    return job


@router.get("/train/{job_id}")
def train_status(job_id: str, who: Principal = Depends(MANAGE)) -> dict[str, Any]:
    return _job_in_scope(who, job_id)


@router.post("/train/{job_id}/cancel")
def train_cancel(job_id: str, who: Principal = Depends(MANAGE)) -> dict[str, Any]:
    from nonla.custom import jobs

    _job_in_scope(who, job_id)
    return jobs.cancel(job_id)


@router.get("/{name}")
def show(name: str, _: Principal = Depends(read_model)) -> dict[str, Any]:
    from nonla.custom.rollout import show

    return show(name)


@router.get("/{name}/versions/{version}")
def show_version(name: str, version: int, _: Principal = Depends(read_model)) -> dict[str, Any]:
    from nonla.custom.rollout import show

    return show(name, version)


@router.post("/{name}/promote")
def promote(name: str, body: PromoteIn, who: Principal = Depends(manage_model)) -> dict[str, Any]:
    """Runs the conformance checks; 409 promotion_refused when they fail or the version has no evaluation report."""
    from nonla.custom.rollout import promote

    return promote(name, body.version, body.stage, actor=who.actor)


@router.post("/{name}/rollback")
def rollback(name: str, who: Principal = Depends(manage_model)) -> dict[str, Any]:
    from nonla.custom.rollout import rollback

    return rollback(name, actor=who.actor)


@router.post("/{name}/archive")
def archive(name: str, body: VersionIn, who: Principal = Depends(manage_model)) -> dict[str, Any]:
    from nonla.custom.rollout import archive

    return archive(name, body.version, actor=who.actor)


@router.post("/{name}/shadow")
def shadow(name: str, body: VersionIn, who: Principal = Depends(manage_model)) -> dict[str, Any]:
    from nonla.custom.rollout import shadow

    return shadow(name, body.version, actor=who.actor)


@router.post("/{name}/canary")
def canary(name: str, body: CanaryIn, who: Principal = Depends(manage_model)) -> dict[str, Any]:
    from nonla.custom.rollout import canary

    return canary(name, body.version, body.percent, actor=who.actor)


@router.delete("/{name}/rollout")
def stop(name: str, who: Principal = Depends(manage_model)) -> dict[str, Any]:
    from nonla.custom.rollout import stop_rollout

    return stop_rollout(name, actor=who.actor)


@router.get("/{name}/report")
def report(name: str, since: str | None = None, _: Principal = Depends(read_model)) -> dict[str, Any]:
    from nonla.custom.rollout import report

    return report(name, since)
