"""The FastAPI application: guards in front, thin routers behind, one Upward per process.

At start-up the shipped knowledge is indexed (if it changed), retention runs (and again daily),
and on loopback a fresh demo embed key is made for the demo intranet page. Errors never carry
exception text, SQL or file paths: a short message and the request id that is in the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bot import __version__
from bot.api import admin_routes, audit_routes, briefing_routes, influence_routes
from bot.api.openapi import AllowHeader, document_errors
from bot.api.routes import router
from bot.app_context import Upward
from bot.channels import openai, widget
from bot.config import Settings, load_settings
from bot.governance import purge_all
from bot.security.access import RateLimits, open_mode
from bot.security.guards import BodyLimit, OriginGuard, RequestId
from bot.service import UNAVAILABLE, JobsBusy, UpwardService
from bot.workspace import DEFAULT_WORKSPACE, RequestContext

log = logging.getLogger(__name__)
DAY_S = 24 * 3600
DEMO_KEY_NAME = "demo-widget"
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def create_app(
    settings: Settings | None = None, service: UpwardService | None = None, upward: Upward | None = None
) -> FastAPI:
    owned = upward is None and service is None
    if upward is None:
        upward = Upward.adopting(service) if service is not None else Upward(settings or load_settings())
    settings = upward.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await run_in_threadpool(upward.service().ensure_knowledge)
        if open_mode(upward):
            log.warning("No API key exists and the server is on loopback: the API is OPEN (single-user mode). "
                        "Create a key with `upward key create` to require one.")
        app.state.demo_embed_key = await run_in_threadpool(_demo_embed_key, upward)
        retention = asyncio.create_task(_retention_daily(upward))
        try:
            yield
        finally:
            retention.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await retention
            if owned:
                upward.close()

    app = FastAPI(
        title="Upward",
        version=__version__,
        description="Evidence-first answers for public-sector communicators making the case to leadership. "
        "Every /v1 route needs `Authorization: Bearer <key>` (except in single-user mode on loopback).",
        lifespan=lifespan,
    )
    app.state.upward = upward
    app.state.rate_limits = RateLimits(settings.rate_limit_per_minute, settings.session_rate_limit_per_minute)
    app.state.demo_embed_key = None
    app.include_router(router)
    app.include_router(audit_routes.router)
    app.include_router(influence_routes.router)
    app.include_router(briefing_routes.router)
    app.state.briefings = True  # GET /v1/features tells channels to offer the briefing download
    app.include_router(admin_routes.router)
    app.include_router(openai.router)  # GET /v1/models, POST /v1/chat/completions
    app.include_router(widget.router)  # GET /widget.js and the demo intranet page at /
    if settings.teams_app_id:  # Microsoft Teams: POST /api/messages; incomplete settings stop start-up
        from bot.channels import teams

        teams.mount(app, upward)
    _add_error_handlers(app)
    document_errors(app)
    app.add_middleware(AllowHeader, spec=app.openapi)  # a 405 names every method of the path

    hosts = LOOPBACK_HOSTS | {h.lower() for h in settings.allowed_hosts}
    if not settings.on_loopback and settings.host not in ("0.0.0.0", "::"):
        hosts.add(settings.host.lower())
    app.add_middleware(
        OriginGuard, hosts=hosts,
        allowed_origins=lambda: {o.lower() for o in settings.allowed_origins} | upward.shared.keys.embed_origins(),
    )
    app.add_middleware(BodyLimit, limit_bytes=int(settings.max_request_mb * 1e6))
    app.add_middleware(RequestId)
    return app


def _request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "") or "-"


def _add_error_handlers(app: FastAPI) -> None:
    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        log.error("component unavailable (request %s): %s", _request_id(request), exc)
        return JSONResponse(status_code=503, content={
            "detail": "Upward is not ready: the language model, the embedder or the index is unavailable "
            "(the server log has the details).", "request_id": _request_id(request),
        })

    async def busy(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=503, headers={"Retry-After": "30"},
                            content={"detail": str(exc), "request_id": _request_id(request)})

    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error (request %s)", _request_id(request), exc_info=exc)
        return JSONResponse(status_code=500, content={
            "detail": "internal error", "request_id": _request_id(request),
        })

    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if request.url.path in openai.OPENAI_PATHS:
            return openai.openai_error(exc.status_code, str(exc.detail), exc.headers)
        return JSONResponse(status_code=exc.status_code, headers=exc.headers,
                            content={"detail": exc.detail, "request_id": _request_id(request)})

    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
                  for e in exc.errors()]
        if request.url.path in openai.OPENAI_PATHS:
            where = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in errors)
            return openai.openai_error(400, f"invalid request: {where}")
        return JSONResponse(status_code=422, content={"detail": errors, "request_id": _request_id(request)})

    for error in UNAVAILABLE:
        app.add_exception_handler(error, unavailable)
    app.add_exception_handler(JobsBusy, busy)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, internal)


def _demo_embed_key(upward: Upward) -> str | None:
    """On loopback, a fresh reader embed key for the demo page at the server's own address
    (the previous one is revoked: only its hash was kept)."""
    settings = upward.settings
    if not settings.on_loopback:
        return None
    keys = upward.shared.keys
    for old in keys.list(DEFAULT_WORKSPACE):
        if old.name == DEMO_KEY_NAME and old.revoked is None:
            keys.revoke(old.id)
    origins = [f"http://{h}:{settings.port}" for h in ("127.0.0.1", "localhost")]
    return keys.create(workspace=DEFAULT_WORKSPACE, role="reader", name=DEMO_KEY_NAME, kind="embed",
                       origins=origins).secret


async def _retention_daily(upward: Upward) -> None:
    """Apply every workspace's retention period now and then once a day."""
    def system(name: str) -> RequestContext:
        return RequestContext(workspace=name, role="admin", key_name="retention")

    while True:
        await run_in_threadpool(purge_all, upward, system)
        await asyncio.sleep(DAY_S)
