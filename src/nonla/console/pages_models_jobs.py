"""Models (custom models in the model store, by stage, with their rollout actions) and batch jobs (with progress).

Keys whose role has ``models.manage`` get, per version, forms to promote, archive, start a canary or a shadow, and
per model to roll back and stop the rollout: each a CSRF-checked POST that calls nonla.custom, the same functions
the CLI and /v1/models call. A refusal (a promotion that fails its checks, say) is shown on the models page in plain
words with what failed. Training and job submission stay in the CLI and REST (`nonla train`, `nonla batch`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from nonla.console.web import ConsoleRoute, Visit, number, page_error, posted, redirect, render, signed_in
from nonla.core.errors import InvalidInput, NonlaError

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
RUNNING = ("queued", "running")
STAGES = ("staging", "production")  # where a version can be promoted to (nonla.custom.rollout.PROMOTABLE)
ACTIONS = ("promote", "rollback", "archive", "canary", "shadow", "stop")
NEEDS_VERSION = ("promote", "archive", "canary", "shadow")


def _models_page(request: Request, current: Visit, status_code: int = 200, **context: Any) -> Response:
    from nonla.custom.rollout import list_models

    done = current.data.pop("done", None)  # the outcome of the last action, shown once
    if done is not None:
        current.dirty = True
    who = current.principal
    shown = [m for m in list_models() if who and who.may_use(f"custom.{m['name']}")]  # as GET /v1/models lists them
    return render(request, "models.html", status_code=status_code, models=shown, stages=STAGES,
                  manage=current.may("models.manage"), done=done, **context)  # fmt: skip


@router.get("/models")
def models(request: Request) -> Response:
    current, _ = signed_in(request, "functions.read")  # the same permission as GET /v1/models
    return _models_page(request, current)


def _percent(value: Any) -> float:
    """The canary share from the form: a number between 0 and 100 (the rollout checks the bounds)."""
    try:
        return float(str(value or "").strip().replace(",", "."))
    except ValueError:
        raise InvalidInput("Field 'percent' must be a number, such as 10.", field="percent") from None


def _apply(name: str, action: str, form: FormData, actor: str) -> dict[str, Any]:
    """Run one rollout action through nonla.custom; returns what the page says about it afterwards."""
    from nonla import custom
    from nonla.custom.artefacts import check_name

    name = check_name(name)
    version = number(form.get("version"), "version", 1, 1_000_000) or 0  # 0: none chosen
    if not version and action in NEEDS_VERSION:
        raise InvalidInput(f"Choose the version to {action}.", field="version")
    if action in ("promote", "rollback", "archive"):
        if action == "promote":
            found = custom.promote(name, version, str(form.get("stage") or "production"), actor=actor)
        elif action == "archive":
            found = custom.archive(name, version, actor=actor)
        else:
            found = custom.rollback(name, actor=actor)
        return {"action": action, "name": name, "ref": found["ref"], "stage": found["stage"]}
    if action == "canary":
        view = custom.canary(name, version, _percent(form.get("percent")), actor=actor)
    elif action == "shadow":
        view = custom.shadow(name, version, actor=actor)
    else:
        view = custom.stop_rollout(name, actor=actor)
    ref = f"custom.{name}" if action == "stop" else f"custom.{name}@{version}"
    return {"action": action, "name": name, "ref": ref, "percent": f"{view.get('percent') or 0:g}",
            "serving": view["serving"]}  # fmt: skip


def _bare(name: str) -> str:
    """The model's name as the store reads it: the scope is checked on that, so custom.secret is secret here too."""
    from nonla.custom.artefacts import check_name

    return check_name(name)


@router.post("/models/{name}/{action}")
async def act(name: str, action: str, request: Request) -> Response:
    _, who = signed_in(request, "models.manage")  # the same permission as POST /v1/models/...
    current, form = await posted(request)
    if action not in ACTIONS:
        raise InvalidInput(f"Unknown action '{action[:40]}'.", hint=f"Use one of: {', '.join(ACTIONS)}.")
    try:
        who.require_scope(f"custom.{_bare(name)}")
        current.data["done"] = await run_in_threadpool(_apply, name, action, form, who.actor)
    except NonlaError as err:  # stay on the page, with the forms, and say what went wrong
        failed = {**page_error(err), "action": action, "model": name, "checks": err.details.get("checks") or {}}
        return _models_page(request, current, status_code=err.http_status, failed=failed)
    current.dirty = True
    return redirect(request, f"/console/models#model-{current.data['done']['name']}")


@router.get("/models/{name}/report")
def report(name: str, request: Request) -> Response:
    _, who = signed_in(request, "functions.read")  # the same permission as GET /v1/models/NAME/report
    who.require_scope(f"custom.{_bare(name)}")
    from nonla.custom import report as rollout_report

    return render(request, "models_report.html", report=rollout_report(name))


@router.get("/jobs")
def jobs(request: Request) -> Response:
    _, who = signed_in(request, "jobs.read")
    from nonla.jobs.service import list_jobs

    # a key limited to some functions sees only their jobs, as over REST: a privacy.pii job's results are names,
    # and a pipeline's results are its steps' output
    found = [job for job in list_jobs(who.tenant, limit=100) if who.may_run(job["function"])]
    return render(request, "jobs.html", jobs=found, refresh=any(job["status"] in RUNNING for job in found))
