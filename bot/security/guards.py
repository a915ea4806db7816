"""ASGI guards in front of every route: request ids, body size, Host and Origin, CORS.

- Every response carries `X-Request-ID`; errors carry it in their body, and the log has it.
- A request body over the limit is refused as it streams in (Content-Length first, then a
  running count), before anything is spooled to disk.
- Host must be one the server is configured to answer to (DNS rebinding), and a state-changing
  request that carries an Origin must come from an allowed one (CSRF from any page a staff
  member visits). CORS answers only allowed origins.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("upward.http")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CORS_HEADERS = "Authorization, Content-Type, X-Upward-Session"


async def _json(send: Send, status: int, body: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    payload = json.dumps(body).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                    *headers],
    })
    await send({"type": "http.response.body", "body": payload})


class RequestId:
    """Give each request an id (or keep a sane one the client sent), echo it, log it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        sent = Headers(scope=scope).get("x-request-id", "")
        rid = sent if sent.isalnum() and len(sent) <= 64 else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", rid.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info("%s %s %s %d %.0fms", rid, scope["method"], scope["path"], status,
                     (time.perf_counter() - started) * 1000)


class BodyLimit:
    """Refuse bodies over `limit_bytes` with 413 before reading them whole."""

    def __init__(self, app: ASGIApp, limit_bytes: int) -> None:
        self.app = app
        self.limit = limit_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        message = f"request body over the {self.limit / 1e6:g} MB limit (UPWARD_MAX_REQUEST_MB)"
        declared = Headers(scope=scope).get("content-length")
        if declared and declared.isdigit() and int(declared) > self.limit:
            return await _json(send, 413, {"detail": message})
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, counted, tracking_send)
        except _TooLarge:
            if not started:
                await _json(send, 413, {"detail": message})


class _TooLarge(Exception):
    pass


class OriginGuard:
    """Host allow-list, Origin check on state-changing requests, and CORS for allowed origins.

    `allowed_origins` is called per request, so embed keys created at run time take effect."""

    def __init__(self, app: ASGIApp, hosts: set[str], allowed_origins: Callable[[], set[str]]) -> None:
        self.app = app
        self.hosts = {h.lower() for h in hosts}
        self.allowed_origins = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        host = headers.get("host", "").lower()
        hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if "*" not in self.hosts and hostname not in self.hosts:
            return await _json(send, 400, {"detail": f"unknown Host '{host[:100]}' (UPWARD_ALLOWED_HOSTS)"})
        origin = headers.get("origin")
        method = scope["method"]
        allowed = origin is not None and origin.lower() in self._origins(scope)
        if origin is not None and not allowed:
            if method == "OPTIONS" or method not in SAFE_METHODS:
                return await _json(send, 403, {"detail": f"requests from the origin '{origin[:100]}' are not allowed"})
            return await self.app(scope, receive, send)  # a cross-origin GET: no CORS headers
        if allowed and method == "OPTIONS" and headers.get("access-control-request-method"):
            await send({"type": "http.response.start", "status": 204, "headers": self._cors(origin) + [
                (b"access-control-allow-methods", b"GET, POST, PUT, DELETE"),
                (b"access-control-allow-headers", CORS_HEADERS.encode()),
                (b"access-control-max-age", b"600"),
            ]})
            return await send({"type": "http.response.body", "body": b""})
        if not allowed:
            return await self.app(scope, receive, send)

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).extend(self._cors(origin))
            await send(message)

        await self.app(scope, receive, with_cors)

    def _origins(self, scope: Scope) -> set[str]:
        own = {f"{scope.get('scheme', 'http')}://{h}" for h in self._host_headers(scope)}
        return own | self.allowed_origins()

    @staticmethod
    def _host_headers(scope: Scope) -> set[str]:
        host = Headers(scope=scope).get("host", "").lower()
        return {host} if host else set()

    @staticmethod
    def _cors(origin: str) -> list[tuple[bytes, bytes]]:
        return [
            (b"access-control-allow-origin", origin.encode()),
            (b"vary", b"Origin"),
            (b"access-control-expose-headers", b"Retry-After, X-Request-ID"),
        ]
