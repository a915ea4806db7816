"""Serve the web widget (GET /widget.js) and a demo intranet page with it (GET /).

The widget is one static file read once at import; the demo page carries a strict
Content-Security-Policy: scripts only from this server, connections only to it, its one inline
style allowed by hash, nothing else. The widget's own styles are a constructed stylesheet inside
its Shadow DOM, which a style-src without 'unsafe-inline' does not block.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

HERE = Path(__file__).parent
WIDGET_JS = (HERE / "widget.js").read_bytes()
WIDGET_ETAG = '"' + hashlib.sha256(WIDGET_JS).hexdigest()[:32] + '"'
DEMO_PAGE = (HERE / "demo.html").read_text(encoding="utf-8")


def _style_hashes(page: str) -> list[str]:
    """CSP hash sources for each inline <style> of the page, so they need no 'unsafe-inline'."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    ]


DEMO_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
        f"style-src {' '.join(_style_hashes(DEMO_PAGE))}",
        "img-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)

router = APIRouter(tags=["widget"])


@router.get("/widget.js", include_in_schema=False)
async def widget_js(request: Request) -> Response:
    """The widget: one script tag with `data-embed-key` puts Upward on any page."""
    headers = {
        "Cache-Control": "public, max-age=300",
        "ETag": WIDGET_ETAG,
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "cross-origin",  # loaded by intranet pages on other origins
    }
    if request.headers.get("if-none-match") == WIDGET_ETAG:
        return Response(status_code=304, headers=headers)
    return Response(WIDGET_JS, media_type="text/javascript; charset=utf-8", headers=headers)


def widget_tag(embed_key: str | None) -> str:
    """The one tag an intranet page needs (the key is escaped: it is only ever an attribute)."""
    key = f' data-embed-key="{html.escape(embed_key, quote=True)}"' if embed_key else ""
    return f'<script src="/widget.js"{key} data-audience="chief executive" defer></script>'


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def demo_page(request: Request) -> HTMLResponse:
    """A demo intranet page with the widget on it, under a strict Content-Security-Policy."""
    embed_key = getattr(request.app.state, "demo_embed_key", None)
    page = DEMO_PAGE.replace("<!--WIDGET-->", widget_tag(embed_key))
    return HTMLResponse(
        page,
        headers={
            "Content-Security-Policy": DEMO_CSP,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )
