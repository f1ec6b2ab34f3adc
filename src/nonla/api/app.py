"""The FastAPI application: health, metrics, functions, keys, audit, and the web console's pages."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

import nonla
from nonla.api import access_log, admin, civic, collections, errors, functions, inbox, legal, metrics, openapi, review
from nonla.api import faces as faces_api
from nonla.api import governance as governance_api
from nonla.api import jobs as jobs_api
from nonla.api import models as custom_models
from nonla.api import monitoring as monitoring_api
from nonla.api import pipelines as pipelines_api
from nonla.api.auth import principal
from nonla.api.body_guard import JsonBodyGuard
from nonla.api.body_limit import BodyLimit
from nonla.console import (
    pages_audit,
    pages_auth,
    pages_functions,
    pages_inbox,
    pages_legal,
    pages_models_jobs,
    pages_monitoring,
    pages_review,
)
from nonla.core.catalog import Catalog, default_catalog
from nonla.core.runner import Runner
from nonla.governance.audit import record
from nonla.governance.incidents import guard
from nonla.governance.retention import install as install_retention
from nonla.governance.review import queue_results
from nonla.jobs.worker import install as install_job_worker
from nonla.monitoring.observe import install as install_monitoring_flush
from nonla.monitoring.observe import monitor
from nonla.sources import attach
from nonla.store.db import engine_for


def create_app(catalog: Catalog | None = None) -> FastAPI:
    app = FastAPI(
        title="nonla",
        version=nonla.__version__,
        description="Offline-first, Vietnamese-first AI functions. Send keys as 'Authorization: Bearer <key>'.",
    )
    app.state.runner = Runner(
        attach(catalog or default_catalog()), sinks=[record, metrics.observe], review=queue_results, guard=guard,
        observers=[monitor],
    )
    errors.install(app)
    access_log.install()  # the request lines uvicorn logs name data subjects by digest
    app.add_middleware(JsonBodyGuard)
    app.add_middleware(BodyLimit)  # outermost: counts the bytes before anything stores them
    app.include_router(functions.router)
    app.include_router(admin.router)
    app.include_router(collections.router)
    app.include_router(legal.router)
    app.include_router(review.router)
    app.include_router(civic.router)
    app.include_router(inbox.router)
    app.include_router(faces_api.router)
    app.include_router(custom_models.router)
    app.include_router(jobs_api.router)
    app.include_router(pipelines_api.router)
    app.include_router(governance_api.router)
    app.include_router(monitoring_api.router)
    install_retention(app)  # purges data older than each tenant's retention policy, at start and every hour
    install_job_worker(app)  # runs queued jobs; resumes unfinished ones at start
    install_monitoring_flush(app)  # writes the monitoring figures every minute, calls or none

    @app.get("/healthz", tags=["service"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["service"])
    def readyz() -> JSONResponse:
        checks: dict[str, Any] = {}
        try:
            engine, _, _ = engine_for()
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:  # readiness reports, it does not raise
            checks["database"] = f"unavailable: {type(exc).__name__}"
        checks["functions"] = len(app.state.runner.catalog.entries(latest_only=True))
        ready = checks["database"] == "ok"
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": checks}, status_code=200 if ready else 503
        )

    @app.get("/metrics", tags=["service"], response_class=Response,
             responses={200: {"description": "Prometheus text exposition",
                              "content": {"text/plain; version=0.0.4": {"schema": {"type": "string"}}}}})
    def prometheus(request: Request) -> Response:
        """Prometheus text. With a key that may read monitoring (Prometheus' `authorization` setting), also the
        monitoring gauges of the key's tenant, or of every tenant for an admin of the default tenant."""
        visible: set[str] | None = set()
        if request.headers.get("authorization"):
            who = principal(request)
            who.require("monitoring.read")
            visible = None if (who.tenant == "default" and who.role == "admin") else {who.tenant}
        return Response(metrics.exposition(visible), media_type="text/plain; version=0.0.4")

    app.include_router(pages_auth.router)
    app.include_router(pages_functions.router)
    app.include_router(pages_legal.router)
    app.include_router(pages_inbox.router)
    app.include_router(pages_review.router)
    app.include_router(pages_audit.router)
    app.include_router(pages_models_jobs.router)
    app.include_router(pages_monitoring.router)

    app.openapi = lambda: app.openapi_schema or _cache(app, openapi.build(app, app.state.runner.catalog))  # type: ignore[method-assign]
    return app


def _cache(app: FastAPI, doc: dict[str, Any]) -> dict[str, Any]:
    app.openapi_schema = doc
    return doc
