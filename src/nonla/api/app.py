"""The FastAPI application: health, metrics, functions, keys, audit, and the console's placeholder page."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import text

import nonla
from nonla.api import admin, civic, collections, errors, functions, inbox, legal, metrics, openapi, review
from nonla.core.catalog import Catalog, default_catalog
from nonla.core.runner import Runner
from nonla.governance.audit import record
from nonla.governance.review import queue_results
from nonla.sources import attach
from nonla.store.db import engine_for


def create_app(catalog: Catalog | None = None) -> FastAPI:
    app = FastAPI(
        title="nonla",
        version=nonla.__version__,
        description="Offline-first, Vietnamese-first AI functions. Send keys as 'Authorization: Bearer <key>'.",
    )
    app.state.runner = Runner(attach(catalog or default_catalog()), sinks=[record, metrics.observe], review=queue_results)
    errors.install(app)
    app.include_router(functions.router)
    app.include_router(admin.router)
    app.include_router(collections.router)
    app.include_router(legal.router)
    app.include_router(review.router)
    app.include_router(civic.router)
    app.include_router(inbox.router)

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

    @app.get("/metrics", tags=["service"])
    def prometheus() -> Response:
        return Response(metrics.exposition(), media_type="text/plain; version=0.0.4")

    @app.get("/", include_in_schema=False)
    def console() -> HTMLResponse:
        from nonla.console.placeholder import page

        return HTMLResponse(page(app.state.runner.catalog))

    app.openapi = lambda: app.openapi_schema or _cache(app, openapi.build(app, app.state.runner.catalog))  # type: ignore[method-assign]
    return app


def _cache(app: FastAPI, doc: dict[str, Any]) -> dict[str, Any]:
    app.openapi_schema = doc
    return doc
