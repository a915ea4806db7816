"""The FastAPI application. The service is opened (and the index built if empty) at start-up."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bot import __version__
from bot.api import audit_routes, influence_routes
from bot.api.routes import router
from bot.channels import widget
from bot.config import Settings, load_settings
from bot.service import UNAVAILABLE, UpwardService


def create_app(settings: Settings | None = None, service: UpwardService | None = None) -> FastAPI:
    owned = service is None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        svc = service or UpwardService(settings or load_settings())
        await run_in_threadpool(svc.ensure_knowledge)
        app.state.service = svc
        try:
            yield
        finally:
            if owned:
                svc.close()

    app = FastAPI(
        title="Upward",
        version=__version__,
        description="Evidence-first answers for public-sector communicators making the case to leadership.",
        lifespan=lifespan,
    )
    app.include_router(router)
    app.include_router(audit_routes.router)
    app.include_router(influence_routes.router)
    app.include_router(widget.router)  # GET /widget.js and the demo intranet page at /

    async def unavailable(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc)})

    for error in UNAVAILABLE:
        app.add_exception_handler(error, unavailable)
    return app
