"""Only Microsoft's signed tokens get in: every bad token is a 401 that reaches no handler and never
calls the Bot Connector; a message from a tenant no workspace has is refused politely."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.metadata
import json
import time

import jwt
import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.app_context import Upward
from bot.channels.teams import TeamsMisconfigured
from bot.channels.teams.auth import (
    BOT_FRAMEWORK_ISSUER, SDK_VERSION, TokenGate, Unauthorized, _jwks_table, jwks_from_openid, same_service,
    sdk_auth_configuration, use_jwks,
)
from bot.channels.teams.channel import TeamsChannel
from bot.config import load_settings
from tests.conftest import fake_chat
from tests.teams_fixtures import bot_framework  # noqa: F401 (fixture)
from tests.teams_harness import (
    APP_ID, KID, OTHER_TENANT, TENANT, activity, alg_none_token, local_connections, teams_settings,
)


@pytest.fixture(scope="module")
def gate_app(tmp_path_factory, bot_framework):
    """The real app with the Teams channel on, over an empty data dir; no lifespan (nothing is
    indexed: every request here is refused before any answer, or asks for help)."""
    settings = load_settings(data_dir=tmp_path_factory.mktemp("teams-auth") / "data", **teams_settings())
    upward = Upward(settings, chat_model=fake_chat("unused"))
    app = create_app(upward=upward)
    app.state.teams = TeamsChannel(upward, connections=local_connections())
    app.state.teams.links.link(TENANT, "default", by="test")
    yield TestClient(app, base_url="http://localhost")
    upward.close()


def _hs256_with_public_key(bf) -> str:
    """The classic key-confusion attack: HS256 'signed' with the RSA public key as the secret."""
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    now = int(time.time())
    head = part({"alg": "HS256", "typ": "JWT", "kid": KID}) + "." + part(
        {"iss": BOT_FRAMEWORK_ISSUER, "aud": APP_ID, "serviceurl": bf.url, "nbf": now - 60, "exp": now + 3600})
    sig = hmac.new(bf.keys.public_pem, head.encode(), hashlib.sha256).digest()
    return head + "." + base64.urlsafe_b64encode(sig).rstrip(b"=").decode()


def _bad(kind: str, bf) -> tuple[dict, str | None]:
    """(activity, Authorization header) for one row of the matrix."""
    body = activity("help", bf.url)
    now = int(time.time())
    token = {
        "none": None,
        "malformed": "Bearer not-a.jwt",
        "not bearer": "Basic " + bf.keys.token(bf.url),
        "wrong signature": "Bearer " + bf.keys.token(bf.url, key=bf.keys.stranger),
        "wrong audience": "Bearer " + bf.keys.token(bf.url, claims={"aud": "11111111-2222-4333-8444-555555555555"}),
        "wrong issuer": "Bearer " + bf.keys.token(bf.url, claims={"iss": "https://sts.evil.example/"}),
        "expired": "Bearer " + bf.keys.token(bf.url, claims={"exp": now - 3600, "nbf": now - 7200, "iat": now - 7200}),
        "not yet valid": "Bearer " + bf.keys.token(bf.url, claims={"nbf": now + 3600, "iat": now + 3600}),
        "unknown key id": "Bearer " + bf.keys.token(bf.url, headers={"kid": "rotated-away"}),
        "no key id": "Bearer " + jwt.encode({"iss": BOT_FRAMEWORK_ISSUER, "aud": APP_ID, "serviceurl": bf.url,
                                             "exp": now + 3600}, bf.keys.private, algorithm="RS256"),
        "alg none": "Bearer " + alg_none_token(bf.url),
        "HS256 with the public key": "Bearer " + _hs256_with_public_key(bf),
        "serviceUrl mismatch": "Bearer " + bf.keys.token("https://smba.trafficmanager.net/emea/"),
        "no serviceurl claim": "Bearer " + bf.keys.token(bf.url, drop=("serviceurl",)),
    }[kind]
    return body, token


MATRIX = ["none", "malformed", "not bearer", "wrong signature", "wrong audience", "wrong issuer", "expired",
          "not yet valid", "unknown key id", "no key id", "alg none", "HS256 with the public key",
          "serviceUrl mismatch", "no serviceurl claim"]


@pytest.mark.parametrize("kind", MATRIX)
def test_a_bad_token_is_401_and_reaches_nothing(kind, gate_app, bot_framework):
    bot_framework.connector.clear()
    body, header = _bad(kind, bot_framework)
    response = gate_app.post("/api/messages", json=body, headers={"Authorization": header} if header else {})
    assert response.status_code == 401, (kind, response.text)
    assert "help" not in response.text.lower() and "upward answers" not in response.text.lower()
    assert bot_framework.connector.calls == []


def test_the_same_activity_with_a_good_token_is_answered(gate_app, bot_framework):
    """The control for the matrix: only the token differs."""
    bot_framework.connector.clear()
    body = activity("help", bot_framework.url)
    token = bot_framework.keys.token(bot_framework.url)
    response = gate_app.post("/api/messages", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (200, 202), response.text
    [reply] = bot_framework.connector.activities("message")
    assert "case" in reply["text"] and "rehearse" in reply["text"]
    assert bot_framework.connector.calls[0]["path"].startswith(f"/v3/conversations/{body['conversation']['id']}/activities")


def test_an_unlinked_tenant_is_refused_politely_and_logged(gate_app, bot_framework):
    bot_framework.connector.clear()
    body = activity("my CEO says social media is a waste of time", bot_framework.url, tenant=OTHER_TENANT)
    token = bot_framework.keys.token(bot_framework.url)
    response = gate_app.post("/api/messages", json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "not linked to an Upward workspace" in response.json()["error"]
    assert bot_framework.connector.calls == []
    log = gate_app.app.state.upward.shared.activity.read("default")
    assert any(a.action == "teams.refused" and OTHER_TENANT in a.target for a in log)


async def test_the_sdk_itself_refuses_a_foreign_issuer(bot_framework):
    """The SDK's issuer check is on (its default is off): even with the pre-check widened and the
    foreign issuer's keys reachable, a correctly signed token from another issuer fails."""
    evil = "https://sts.evil.example/"
    channel_config = sdk_auth_configuration(APP_ID, TENANT, client_secret="x")
    assert channel_config.VALIDATE_ISSUER is True
    gate = TokenGate(channel_config, issuers=frozenset({BOT_FRAMEWORK_ISSUER, evil}))
    keys_url = jwks_from_openid(f"{bot_framework.url}openid")
    with use_jwks(keys_url, issuer=evil):
        token = bot_framework.keys.token(bot_framework.url, claims={"iss": evil})
        with pytest.raises(Unauthorized, match="rejected by the SDK"):
            await gate.verify(f"Bearer {token}", {"serviceUrl": bot_framework.url})
        good = bot_framework.keys.token(bot_framework.url)
        identity = await gate.verify(f"Bearer {good}", {"serviceUrl": bot_framework.url})
    assert identity.get_claim_value("aud") == APP_ID


def test_the_jwks_seam_is_where_the_pinned_sdk_keeps_it():
    """Fails loudly when an SDK upgrade moves the private table that `use_jwks` writes."""
    assert importlib.metadata.version("microsoft-agents-hosting-core") == SDK_VERSION, (
        "the Agents SDK was upgraded: check bot/channels/teams/auth.py:use_jwks against the new SDK, then update SDK_VERSION")
    from microsoft_agents.hosting.core import AgentAuthConfiguration
    from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import _build_jwks_uri

    table = _jwks_table()
    config = AgentAuthConfiguration(client_id=APP_ID, tenant_id=TENANT)
    default = _build_jwks_uri(BOT_FRAMEWORK_ISSUER, config, config)
    assert default == table[BOT_FRAMEWORK_ISSUER]  # the SDK's validator reads this very table
    with use_jwks("http://127.0.0.1:9/keys"):
        assert _build_jwks_uri(BOT_FRAMEWORK_ISSUER, config, config) == "http://127.0.0.1:9/keys"
    assert _build_jwks_uri(BOT_FRAMEWORK_ISSUER, config, config) == default


def test_service_urls_compare_by_endpoint():
    assert same_service("https://smba.trafficmanager.net/emea/", "https://SMBA.trafficmanager.net/emea")
    assert not same_service("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net.evil.example/emea/")
    assert not same_service("https://smba.trafficmanager.net/emea/", "http://smba.trafficmanager.net/emea/")
    assert not same_service(None, "https://smba.trafficmanager.net/emea/")


@pytest.mark.parametrize("missing", ["teams_app_password", "teams_tenant_id"])
def test_a_half_configured_channel_stops_start_up(missing, tmp_path):
    settings = load_settings(data_dir=tmp_path / "data", **{k: v for k, v in teams_settings().items() if k != missing})
    with pytest.raises(TeamsMisconfigured, match=f"UPWARD_{missing.upper()}"):
        create_app(upward=Upward(settings, chat_model=fake_chat("unused")))


def test_the_channel_is_off_without_an_app_id(tmp_path):
    app = create_app(upward=Upward(load_settings(data_dir=tmp_path / "data"), chat_model=fake_chat("unused")))
    assert "/api/messages" not in {getattr(r, "path", "") for r in app.routes}


def test_adding_upward_to_a_chat_gets_a_welcome(gate_app, bot_framework):
    from tests.teams_harness import BOT

    bot_framework.connector.clear()
    body = activity("", bot_framework.url, kind="groupChat")
    body.update(type="conversationUpdate", text=None, membersAdded=[BOT, {"id": "29:someone-else"}])
    token = bot_framework.keys.token(bot_framework.url)
    assert gate_app.post("/api/messages", json=body, headers={"Authorization": f"Bearer {token}"}).status_code in (200, 202)
    [welcome] = bot_framework.connector.activities("message")
    assert "rehearse" in welcome["text"]
    bot_framework.connector.clear()
    body.update(membersAdded=[{"id": "29:someone-else"}])
    gate_app.post("/api/messages", json=body, headers={"Authorization": f"Bearer {token}"})
    assert bot_framework.connector.calls == []
