"""The OpenAI-compatible face in-process: documented error shapes and the request rules
(the real clients against a real server are in tests/integration/test_openai_face.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.app_context import Upward
from bot.channels.openai.routes import body_text, sources_markdown
from bot.config import load_settings
from bot.contract import Citation
from tests.conftest import fake_chat


@pytest.fixture
def client(knowledge_copy):
    up = Upward(load_settings(data_dir=knowledge_copy), fake_chat("x"))
    key = up.shared.keys.create(workspace="default", role="reader")
    with TestClient(create_app(upward=up), base_url="http://localhost") as c:
        c.headers["Authorization"] = f"Bearer {key.secret}"
        yield c


def test_errors_are_in_openais_shape_and_documented(client):
    spec = client.get("/openapi.json").json()
    responses = spec["paths"]["/v1/chat/completions"]["post"]["responses"]
    assert {"400", "401", "429"} <= set(responses)
    assert responses["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    bad_key = client.post("/v1/chat/completions", headers={"Authorization": "Bearer nope"},
                          json={"model": "upward", "messages": [{"role": "user", "content": "hi"}]})
    assert bad_key.status_code == 401 and bad_key.json()["error"]["code"] == "invalid_api_key"
    no_user = client.post("/v1/chat/completions", json={"model": "upward", "messages": [{"role": "system", "content": "x"}]})
    assert no_user.status_code == 400 and "no user message" in no_user.json()["error"]["message"]
    invalid = client.post("/v1/chat/completions", json={"model": "upward", "messages": []})
    assert invalid.status_code == 400 and invalid.json()["error"]["type"] == "invalid_request_error"


def test_the_body_carries_no_link_and_the_sources_list_only_own_urls():
    text = "Half of adults [1]. ![x](https://evil.example/p.png) See [here](https://evil.example).\nNext line [2]."
    assert body_text(text) == "Half of adults [1]. x See here.\nNext line [2]."
    listed = sources_markdown([
        Citation(n=1, id="a", kind="evidence", title="Ofcom news report", publisher="Ofcom", year="2024",
                 url="https://www.ofcom.org.uk/x", strength="second-hand", text="t"),
        Citation(n=2, id="b", kind="guidance", title="Own guide", url="javascript:alert(1)", text="t"),
    ])
    assert "[1] Ofcom news report — Ofcom, 2024 (second-hand report: check the original) https://www.ofcom.org.uk/x" in listed
    assert "[2] Own guide" in listed and "javascript" not in listed
