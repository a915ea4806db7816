"""Workspaces, keys and roles through the real HTTP app: who can see and change what.

Two workspaces over one copy of the real shipped-knowledge index: `default` (with the sample
council's audit and comments) and `other` (empty). Keys of each role are real keys in the
control database; answers are composed (the fake model's drafts never pass the verifier).
"""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from bot.api.app import create_app
from bot.app_context import Upward
from bot.config import load_settings
from bot.security.keys import api_keys
from tests.conftest import fake_chat

OWN_DATA = "How did our Facebook engagement change over the last year?"


def bearer(key) -> dict:
    return {"Authorization": f"Bearer {key.secret}"}


@pytest.fixture
def upward(knowledge_copy):
    settings = load_settings(data_dir=knowledge_copy, rate_limit_per_minute=1000)
    up = Upward(settings, fake_chat("About 99.9% of chief executives agree [1]."))
    up.shared.registry.create("other")
    return up


@pytest.fixture
def keys(upward):
    store = upward.shared.keys
    return {
        "reader": store.create(workspace="default", role="reader", name="comms officer"),
        "editor": store.create(workspace="default", role="editor", name="digital lead"),
        "admin": store.create(workspace="default", role="admin", name="it admin"),
        "other_reader": store.create(workspace="other", role="reader", name="other reader"),
        "other_admin": store.create(workspace="other", role="admin", name="other admin"),
    }


@pytest.fixture
def client(upward, keys):
    with TestClient(create_app(upward=upward), base_url="http://localhost") as c:
        yield c


def test_without_a_key_every_v1_route_is_refused_with_a_reason(client):
    for method, path in [("get", "/v1/objections"), ("post", "/v1/ask"), ("get", "/v1/audit"),
                         ("get", "/v1/keys"), ("get", "/v1/documents")]:
        response = getattr(client, method)(path, **({"json": {"question": "x"}} if method == "post" else {}))
        assert response.status_code == 401, path
        assert "missing API key" in response.json()["detail"] and response.json()["request_id"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_bad_revoked_and_expired_keys_get_401(client, upward, keys):
    assert client.get("/v1/objections", headers={"Authorization": "Bearer upw_nothing"}).status_code == 401
    forged = keys["reader"].secret[:-4] + "AAAA"
    assert client.get("/v1/objections", headers={"Authorization": f"Bearer {forged}"}).json()["detail"] == "invalid API key"
    upward.shared.keys.revoke(keys["editor"].id)
    assert client.get("/v1/objections", headers=bearer(keys["editor"])).json()["detail"] == "this API key has been revoked"
    engine = upward.shared.keys._engine
    with engine.begin() as conn:
        conn.execute(update(api_keys).where(api_keys.c.id == keys["reader"].id)
                     .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    response = client.get("/v1/objections", headers=bearer(keys["reader"]))
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_roles_are_least_privilege(client, keys):
    assert client.get("/v1/objections", headers=bearer(keys["reader"])).status_code == 200
    refused = client.post("/v1/keys", json={"role": "reader"}, headers=bearer(keys["editor"]))
    assert refused.status_code == 403 and "admin role" in refused.json()["detail"]
    assert client.post("/v1/audit", headers=bearer(keys["reader"]),
                       files={"files": ("x.csv", b"a,b\n1,2\n", "text/csv")}).status_code == 403
    assert client.get("/v1/activity", headers=bearer(keys["editor"])).status_code == 403
    created = client.post("/v1/keys", json={"role": "reader", "name": "new"}, headers=bearer(keys["admin"]))
    assert created.status_code == 201 and created.json()["secret"].startswith("upw_")
    listed = client.get("/v1/keys", headers=bearer(keys["admin"])).json()
    assert all("secret" not in k for k in listed) and {k["workspace"] for k in listed} == {"default"}
    log = client.get("/v1/activity", headers=bearer(keys["admin"])).json()
    assert log[0]["action"] == "key.create" and log[0]["key_name"] == "it admin"
    assert created.json()["secret"] not in str(log)


def test_a_reader_of_one_workspace_sees_nothing_of_another(client, upward, keys):
    mine = client.post("/v1/ask", json={"question": OWN_DATA}, headers=bearer(keys["reader"])).json()
    audit_facts = [c for c in mine["citations"] if c["kind"] == "audit"]
    assert audit_facts, "the default workspace answers from its (sample) audit"
    active = client.get("/v1/audit", headers=bearer(keys["reader"])).json()["active"]

    other = bearer(keys["other_reader"])
    assert client.get("/v1/audit", headers=other).json() == {"active": None, "audits": []}
    assert client.get(f"/v1/audit/{active}", headers=other).status_code == 404
    assert client.get(f"/v1/sources/{audit_facts[0]['id']}", headers=other).status_code == 404
    theirs = client.post("/v1/ask", json={"question": OWN_DATA}, headers=other).json()
    assert not [c for c in theirs["citations"] if c["kind"] in ("audit", "public")]
    follow = client.post("/v1/ask", json={"question": "shorter", "conversation_id": mine["conversation_id"]},
                         headers=other)
    assert follow.status_code == 404
    # Not even another key of the same workspace can continue a reader's conversation.
    again = client.post("/v1/ask", json={"question": "shorter", "conversation_id": mine["conversation_id"]},
                        headers=bearer(keys["editor"]))
    assert again.status_code == 404
    assert client.get("/v1/conversations", headers=other).json() == {"conversations": [theirs["conversation_id"]]}


def test_deleting_a_comment_import_removes_its_facts_from_answers_at_once(client, keys):
    admin = bearer(keys["admin"])
    question = "What are residents saying about bin collections?"
    before = client.post("/v1/ask", json={"question": question}, headers=admin).json()
    public = [c for c in before["citations"] if c["kind"] == "public"]
    assert public, "the sample comments answer what the public is saying"
    assert client.get(f"/v1/sources/{public[0]['id']}", headers=admin).status_code == 200
    import_id = next(s for s in client.app.state.upward.service().listening.list() if s.active).id
    assert client.delete(f"/v1/listen/{import_id}", headers=bearer(keys["editor"])).status_code == 403
    assert client.delete(f"/v1/listen/{import_id}", headers=admin).status_code == 204
    after = client.post("/v1/ask", json={"question": question}, headers=admin).json()
    assert not [c for c in after["citations"] if c["kind"] == "public"]
    assert client.get(f"/v1/sources/{public[0]['id']}", headers=admin).status_code == 404
    assert client.get(f"/v1/listen/{import_id}", headers=admin).status_code == 404


def test_embed_keys_work_only_from_their_origins(client, upward):
    embed = upward.shared.keys.create(workspace="default", role="reader", kind="embed",
                                      origins=["https://intranet.example.gov"])
    ok = client.get("/v1/objections", headers={**bearer(embed), "Origin": "https://intranet.example.gov"})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "https://intranet.example.gov"
    foreign = client.post("/v1/ask", json={"question": "x"},
                          headers={**bearer(embed), "Origin": "https://evil.example.com"})
    assert foreign.status_code == 403
    no_origin = client.get("/v1/objections", headers=bearer(embed))
    assert no_origin.status_code == 403


def test_host_and_origin_checks_stop_rebinding_and_cross_site_posts(client, keys):
    rebound = client.get("/v1/objections", headers={**bearer(keys["reader"]), "Host": "attacker.example"})
    assert rebound.status_code == 400
    csrf = client.post("/v1/audit", headers={**bearer(keys["editor"]), "Origin": "https://evil.example.com"},
                       files={"files": ("x.csv", b"a,b\n1,2\n", "text/csv")})
    assert csrf.status_code == 403
    preflight = client.options("/v1/ask", headers={"Origin": "https://evil.example.com",
                                                   "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 403


def test_rate_limit_gives_429_with_retry_after(knowledge_copy):
    settings = load_settings(data_dir=knowledge_copy, rate_limit_per_minute=3)
    up = Upward(settings, fake_chat("x"))
    key = up.shared.keys.create(workspace="default", role="reader")
    with TestClient(create_app(upward=up), base_url="http://localhost") as c:
        codes = [c.get("/v1/objections", headers=bearer(key)).status_code for _ in range(4)]
        last = c.get("/v1/objections", headers=bearer(key))
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    assert int(last.headers["retry-after"]) >= 1 and "per minute per key" in last.json()["detail"]


def test_oversized_bodies_and_overlong_questions_are_refused_with_the_limit(knowledge_copy):
    settings = load_settings(data_dir=knowledge_copy, max_request_mb=0.01, max_question_chars=50)
    up = Upward(settings, fake_chat("x"))
    with TestClient(create_app(upward=up), base_url="http://localhost") as c:
        big = c.post("/v1/audit", files={"files": ("x.csv", b"a,b\n" + b"1,2\n" * 10_000, "text/csv")})
        assert big.status_code == 413 and "UPWARD_MAX_REQUEST_MB" in big.json()["detail"]
        long = c.post("/v1/ask", json={"question": "why " * 30})
        assert long.status_code == 422 and "UPWARD_MAX_QUESTION_CHARS" in long.json()["detail"]


def test_open_mode_only_on_loopback_and_only_without_keys(knowledge_copy):
    up = Upward(load_settings(data_dir=knowledge_copy), fake_chat("x"))
    with TestClient(create_app(upward=up), base_url="http://localhost") as c:
        assert c.get("/v1/objections").status_code == 200  # single-user mode
        up.shared.keys.create(workspace="default", role="admin")
        assert c.get("/v1/objections").status_code == 401  # a key exists: keys are required


def test_readers_brief_and_see_only_their_own_briefings(client, keys):
    made = client.post("/v1/briefings", json={"objection": "only_young_people", "format": "md"},
                       headers=bearer(keys["reader"]))
    assert made.status_code == 201, made.text
    download = made.json()["download"]
    assert client.get(download, headers=bearer(keys["reader"])).status_code == 200
    assert client.get(download, headers=bearer(keys["editor"])).status_code == 404
    assert client.get("/v1/briefings", headers=bearer(keys["editor"])).json()["briefings"] == []
    assert len(client.get("/v1/briefings", headers=bearer(keys["admin"])).json()["briefings"]) == 1
    assert client.get(download, headers=bearer(keys["other_admin"])).status_code == 404


def test_feedback_is_stored_against_the_rated_answer(client, keys):
    reader = bearer(keys["reader"])
    first = client.post("/v1/ask", json={"question": OWN_DATA}, headers=reader).json()
    client.post("/v1/ask", json={"question": "what's our source for that?",
                                 "conversation_id": first["conversation_id"]}, headers=reader)
    rated = client.post("/v1/feedback", headers=reader, json={
        "conversation_id": first["conversation_id"], "rating": "not_helpful", "turn": 2, "reason": "wrong figure",
    })
    assert rated.status_code == 201 and rated.json()["turn"] == 2
    assert set(rated.json()["citations"]) == {c["id"] for c in first["citations"]}
    missing = client.post("/v1/feedback", headers=reader, json={
        "conversation_id": first["conversation_id"], "rating": "helpful", "turn": 99})
    assert missing.status_code == 404
    listed = client.get("/v1/feedback", headers=bearer(keys["admin"])).json()
    assert [f["reason"] for f in listed] == ["wrong figure"]
