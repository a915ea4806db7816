"""The widget's routes without a browser: the one file, cached, and the demo page under a strict
CSP with the embed key only ever inside an attribute."""

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.channels import widget
from bot.channels.widget.routes import DEMO_PAGE, WIDGET_JS


def client(embed_key: str | None) -> TestClient:
    app = FastAPI()
    app.include_router(widget.router)
    app.state.demo_embed_key = embed_key
    return TestClient(app)


def test_widget_js_is_one_cacheable_file():
    c = client(None)
    response = c.get("/widget.js")
    assert response.status_code == 200 and response.content == WIDGET_JS
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert c.get("/widget.js", headers={"If-None-Match": response.headers["etag"]}).status_code == 304
    # No framework and nothing fetched but the API: no imports, no eval, no HTML parsing of text.
    source = WIDGET_JS.decode("utf-8")
    assert not re.search(r"^\s*import\s|\beval\(|new Function\(|\.innerHTML\s*=|insertAdjacentHTML|document\.write", source, re.M)


def test_demo_page_has_a_strict_csp_that_allows_its_own_style_by_hash():
    response = client("upw_abc_def").get("/")
    assert response.status_code == 200
    csp = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
    assert csp["default-src"] == "'none'" and csp["script-src"] == "'self'" and csp["connect-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["base-uri"] == "'none'" and csp["object-src"] == "'none'"
    style = re.search(r"<style>(.*?)</style>", DEMO_PAGE, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert csp["style-src"] == f"'sha256-{digest}'"
    assert "unsafe" not in response.headers["content-security-policy"]
    assert '<script src="/widget.js" data-embed-key="upw_abc_def" data-audience="chief executive" defer></script>' in response.text


def test_the_demo_key_is_escaped_and_absent_when_there_is_none():
    hostile = client('"><script>alert(1)</script>').get("/").text
    assert "<script>alert(1)" not in hostile and 'data-embed-key="&quot;&gt;&lt;script&gt;' in hostile
    assert '<script src="/widget.js" data-audience="chief executive" defer></script>' in client(None).get("/").text
