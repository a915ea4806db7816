"""Who is calling: the one dependency every /v1 route uses.

A bearer key names a workspace and a role; the route states the least role it needs. 401 says the
key is missing or bad, 403 that the role is too low or an embed key is used from a foreign
origin, 429 that the key (or a widget's browser session) is over its rate. With no API key
configured and the server on loopback, the API is open (single-user mode) and the caller acts as
the default workspace's admin.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from bot.app_context import Upward
from bot.security.keys import KeyRejected
from bot.service import UpwardService
from bot.workspace import DEFAULT_WORKSPACE, RequestContext, Role

SESSION_HEADER = "X-Upward-Session"


@dataclass(frozen=True)
class Caller:
    """The authenticated caller and the service of their workspace."""

    ctx: RequestContext
    service: UpwardService


class RateLimits:
    """Moving-window limits per key and per browser session (the `limits` library)."""

    def __init__(self, per_key: int, per_session: int) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._per_key = RateLimitItemPerMinute(per_key)
        self._per_session = RateLimitItemPerMinute(per_session)

    def check(self, ctx: RequestContext) -> None:
        checks = [(self._per_key, "key", ctx.actor)]
        if ctx.session:
            checks.append((self._per_session, "session", f"{ctx.actor}:{ctx.session[:64]}"))
        for item, what, ident in checks:
            if not self._limiter.hit(item, what, ident):
                reset, _ = self._limiter.get_window_stats(item, what, ident)
                wait = max(1, math.ceil(reset - time.time()))
                raise HTTPException(
                    status_code=429,
                    detail=f"rate limit: at most {item.amount} requests per minute per {what}; "
                    f"try again in {wait} s",
                    headers={"Retry-After": str(wait)},
                )


def upward_of(request: Request) -> Upward:
    return request.app.state.upward


def open_mode(upward: Upward) -> bool:
    """Single-user mode: loopback only, and only while no API key exists."""
    return upward.settings.on_loopback and not upward.shared.keys.any_api_keys()


def authenticate(request: Request) -> RequestContext:
    upward = upward_of(request)
    header = request.headers.get("authorization", "")
    session = request.headers.get(SESSION_HEADER)
    if not header:
        if open_mode(upward):
            return RequestContext(workspace=DEFAULT_WORKSPACE, role="admin", key_name="open-mode", session=session)
        raise HTTPException(
            status_code=401,
            detail="missing API key: send 'Authorization: Bearer <key>' (create one with `upward key create`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "malformed Authorization header: use 'Bearer <key>'",
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        key = upward.shared.keys.authenticate(token)
    except KeyRejected as exc:
        raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from None
    if key.kind == "embed":
        origin = (request.headers.get("origin") or "").lower()
        if not origin and request.headers.get("sec-fetch-site") == "same-origin":
            # Browsers send no Origin on a same-origin GET (the demo page reading /v1/sources):
            # Sec-Fetch-Site, which only the browser sets, says the page is this server's own.
            origin = f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
        if origin not in key.origins:
            raise HTTPException(403, "this embed key is not valid from this origin")
    return RequestContext(
        workspace=key.workspace, role=key.role, key_id=key.id, key_name=key.name, session=session
    )


def caller(role: Role):
    """A dependency that admits callers with at least `role`, rate-limited, with their service."""

    def admit(request: Request, ctx: Annotated[RequestContext, Depends(authenticate)]) -> Caller:
        if not ctx.can(role):
            raise HTTPException(403, f"this needs the {role} role; the key '{ctx.key_name}' is a {ctx.role}")
        request.app.state.rate_limits.check(ctx)
        return Caller(ctx=ctx, service=upward_of(request).for_request(ctx))

    return admit


Reader = Annotated[Caller, Depends(caller("reader"))]
Editor = Annotated[Caller, Depends(caller("editor"))]
Admin = Annotated[Caller, Depends(caller("admin"))]
