"""A Bot Framework without Azure, for the Teams tests: an RSA key and its JWKS behind local OpenID
metadata, tokens signed with PyJWT like the Bot Connector's, a Bot Connector stub that records every
reply, and activities shaped like the ones Teams sends."""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

import jwt
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Request
from microsoft_agents.hosting.core import AgentAuthConfiguration, ConnectionManager

from bot.channels.teams.auth import BOT_FRAMEWORK_ISSUER

APP_ID = "6b1f3c2a-0d4e-4f5a-9b8c-7d6e5f4a3b2c"
TENANT = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
OTHER_TENANT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
KID = "upward-test-key"
OUTBOUND_TOKEN = "local-outbound-token"


def teams_settings(**overrides) -> dict:
    return {"teams_app_id": APP_ID, "teams_app_password": "not-a-real-secret", "teams_tenant_id": TENANT, **overrides}


def _b64(n: int) -> str:
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Keys:
    """The Bot Framework's signing key, and a stranger's."""

    def __init__(self) -> None:
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.public_pem = self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    def jwks(self) -> dict:
        numbers = self.private.public_key().public_numbers()
        return {"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": KID,
                          "n": _b64(numbers.n), "e": _b64(numbers.e), "endorsements": ["msteams"]}]}

    def token(self, service_url: str, *, claims: dict | None = None, headers: dict | None = None,
              key=None, algorithm: str = "RS256", drop: tuple[str, ...] = ()) -> str:
        now = int(time.time())
        payload = {"iss": BOT_FRAMEWORK_ISSUER, "aud": APP_ID, "serviceurl": service_url,
                   "nbf": now - 60, "iat": now - 60, "exp": now + 3600, **(claims or {})}
        for name in drop:
            payload.pop(name, None)
        return jwt.encode(payload, key if key is not None else self.private, algorithm=algorithm,
                          headers={"kid": KID, **(headers or {})})


def alg_none_token(service_url: str) -> str:
    """`alg: none`, unsigned (PyJWT will not make one with a kid, so by hand)."""
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    now = int(time.time())
    return part({"alg": "none", "typ": "JWT", "kid": KID}) + "." + part(
        {"iss": BOT_FRAMEWORK_ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 60, "exp": now + 3600}) + "."


@dataclass
class Connector:
    """What the Bot Connector stub received: every reply, in order."""

    calls: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, method: str, path: str, body: dict, authorization: str | None) -> str:
        with self.lock:
            reply_id = f"msg-{len(self.calls) + 1}"
            self.calls.append({"method": method, "path": path, "body": body, "auth": authorization, "id": reply_id})
            return reply_id

    def activities(self, type_: str | None = None) -> list[dict]:
        with self.lock:
            return [c["body"] for c in self.calls if type_ is None or c["body"].get("type") == type_]

    def clear(self) -> None:
        with self.lock:
            self.calls.clear()


def stub_app(keys: Keys, connector: Connector, base: str) -> FastAPI:
    app = FastAPI()

    @app.get("/openid")
    async def openid() -> dict:
        return {"issuer": BOT_FRAMEWORK_ISSUER, "jwks_uri": f"{base}/keys",
                "id_token_signing_alg_values_supported": ["RS256"]}

    @app.get("/keys")
    async def keys_() -> dict:
        return keys.jwks()

    @app.api_route("/v3/conversations/{conversation}/activities", methods=["POST"])
    @app.api_route("/v3/conversations/{conversation}/activities/{activity}", methods=["POST", "PUT"])
    async def activities(request: Request, conversation: str, activity: str | None = None) -> dict:
        body = await request.json()
        return {"id": connector.record(request.method, request.url.path, body, request.headers.get("authorization"))}

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app, port: int):
    """Run an ASGI app on 127.0.0.1:port in a thread while the context is open."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the local server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


class LocalTokens:
    """Stands in for MSAL: the outbound token the Bot Connector stub expects."""

    def __init__(self, configuration: AgentAuthConfiguration) -> None:
        self._configuration = configuration

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._configuration

    async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh: bool = False) -> str:
        return OUTBOUND_TOKEN

    def get_token_credential(self):  # pragma: no cover - never asked in these flows
        raise NotImplementedError


def local_connections() -> ConnectionManager:
    config = AgentAuthConfiguration(client_id=APP_ID, tenant_id=TENANT, client_secret="x", connection_name="SERVICE_CONNECTION")
    return ConnectionManager(LocalTokens, connections_configurations={"SERVICE_CONNECTION": config})


BOT = {"id": f"28:{APP_ID}", "name": "Upward"}


def activity(text: str, service_url: str, *, kind: str = "personal", tenant: str = TENANT, mention: bool = False,
             conversation: str | None = None, value: dict | None = None, user: str = "user-aad-1") -> dict:
    """A message as Teams sends it (personal chat, group chat or channel thread)."""
    conv_id = conversation or {
        "personal": f"a:personal-{uuid.uuid4().hex[:8]}",
        "groupChat": f"19:group-{uuid.uuid4().hex[:8]}@thread.v2",
        "channel": f"19:channel-{uuid.uuid4().hex[:8]}@thread.tacv2;messageid=17000{uuid.uuid4().int % 10**8}",
    }[kind]
    body = {
        "type": "message", "id": f"in-{uuid.uuid4().hex[:10]}", "channelId": "msteams", "serviceUrl": service_url,
        "timestamp": "2026-12-04T15:00:00.000Z", "locale": "en-GB",
        "from": {"id": f"29:{user}", "name": "Comms Officer", "aadObjectId": user},
        "recipient": BOT,
        "conversation": {"id": conv_id, "conversationType": kind, "tenantId": tenant,
                         **({"isGroup": True} if kind != "personal" else {})},
        "channelData": {"tenant": {"id": tenant}, **({"channel": {"id": "19:general@thread.tacv2"}} if kind == "channel" else {})},
        "text": (f"<at>Upward</at> {text}" if mention else text),
        "textFormat": "plain",
    }
    if mention:
        body["entities"] = [{"type": "mention", "text": "<at>Upward</at>", "mentioned": BOT}]
    if value is not None:
        body["value"] = value
    return body


def feedback_invoke(service_url: str, conversation: str, reply_to: str, reaction: str, text: str = "") -> dict:
    body = activity("", service_url, conversation=conversation)
    body.update(type="invoke", name="message/submitAction", replyToId=reply_to, text=None,
                value={"actionName": "feedback", "actionValue": {
                    "reaction": reaction, "feedback": json.dumps({"feedbackText": text})}})
    return body
