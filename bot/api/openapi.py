"""The OpenAPI document says what the API really answers (schemathesis checks it, clients rely
on it): every error is `{"detail": ..., "request_id": ...}` where `detail` is a message, a list
of validation errors or an object listing import problems, and every /v1 operation may answer
401 (no or bad key), 403 (role, origin), 404, 413 (body too large), 422, 429 (rate limit, with
Retry-After) and 503 (busy or not ready); any operation may answer 400 for an unknown Host.
The OpenAI-compatible routes keep OpenAI's error shape.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "title": "Detail",
            "description": "A message; a list of validation errors; or {message, problems} for uploads.",
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "object"}},
                {"type": "object"},
            ],
        },
        "request_id": {"title": "Request id", "type": "string", "description": "Also in the server log."},
    },
}
ERRORS = {
    "400": "Unknown Host header (UPWARD_ALLOWED_HOSTS).",
    "401": "Missing, invalid, revoked or expired API key.",
    "403": "The key's role is not enough, or the request's Origin is not allowed.",
    "404": "Not found in this workspace.",
    "413": "Request body over the limit (UPWARD_MAX_REQUEST_MB).",
    "422": "The request or its files cannot be used; nothing changed.",
    "429": "Over the per-key or per-session rate limit (see Retry-After).",
    "503": "Busy (see Retry-After) or a component is not ready.",
}


# The OpenAI-compatible face answers errors in OpenAI's shape, documented by its own routes.
OWN_SHAPES = ("/v1/chat/", "/v1/models")


def _ref() -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def document_errors(app: FastAPI) -> None:
    """Make `app.openapi()` list the error responses every route really gives."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas["Error"] = ERROR
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                responses = operation["responses"]
                if path.startswith(OWN_SHAPES):
                    continue
                codes = ERRORS if path.startswith("/v1/") else {
                    code: ERRORS[code] for code in ("400", "422") if code == "400" or code in responses}
                for code, description in codes.items():
                    responses[code] = {"description": description, **_ref()}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


class AllowHeader:
    """A 405 names every method the path supports (from the OpenAPI paths). Starlette keeps one
    route per method, and its 405 lists only the first route's (`Allow: POST` on a path that
    also has GET)."""

    def __init__(self, app, spec) -> None:
        self.app = app
        self.spec = spec  # the FastAPI app's `openapi`, called once on the first 405
        self._paths: list[tuple[re.Pattern[str], list[str]]] | None = None

    def _allowed(self, path: str) -> list[str]:
        if self._paths is None:
            self._paths = [
                (re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)) + "$"),
                 sorted(m.upper() for m in ops if m in ("get", "post", "put", "patch", "delete")))
                for template, ops in self.spec().get("paths", {}).items()
            ]
        return next((methods for pattern, methods in self._paths if pattern.match(path)), [])

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_allow(message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allowed = self._allowed(scope["path"])
                if allowed:
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                    message["headers"] = [*headers, (b"allow", ", ".join(allowed).encode())]
            await send(message)

        await self.app(scope, receive, with_allow)
