"""Models (custom models in the model store, by stage) and batch jobs (with their progress): read-only lists.

Training, promotion and job submission stay in the CLI and REST (`nonla train`, `nonla batch`, /v1/models, /v1/jobs);
these pages show where things stand, and the jobs page refreshes itself while work is running.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from nonla.console.web import ConsoleRoute, render, signed_in

router = APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)
RUNNING = ("queued", "running")


@router.get("/models")
def models(request: Request) -> Response:
    signed_in(request, "functions.read")  # the same permission as GET /v1/models
    from nonla.custom.rollout import list_models

    return render(request, "models.html", models=list_models())


@router.get("/jobs")
def jobs(request: Request) -> Response:
    _, who = signed_in(request, "jobs.read")
    from nonla.jobs.service import list_jobs

    found = list_jobs(who.tenant, limit=100)
    return render(request, "jobs.html", jobs=found, refresh=any(job["status"] in RUNNING for job in found))
