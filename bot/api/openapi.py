"""The OpenAPI document says what the API really answers (schemathesis checks it, clients rely
on it): every error is `{"detail": ..., "request_id": ...}` where `detail` is a message, a list
of validation errors or an object listing import problems, and every /v1 operation may answer
401 (no or bad key), 403 (role, origin), 404, 413 (body too large), 422, 429 (rate limit, with
Retry-After) and 503 (busy or not ready); any operation may answer 400 for an unknown Host.
The OpenAI-compatible routes keep OpenAI's error shape.
"""

from __future__ import annotations

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
