"""Who may post to /api/messages: only Microsoft's Bot Connector, proven by its signed token.

The Microsoft 365 Agents SDK validates the token (RS256 signature from the issuer's published
keys, audience = our app id, expiry with 300 s leeway). Two things it does not do by default are
switched on here: issuer validation (off by default in SDK 1.9.0, so a foreign issuer would pass)
and refusing an activity whose serviceUrl differs from the token's `serviceurl` claim (the SDK only
logs that unless its host validator is on, which also refuses loopback). Before the SDK sees a
token, its header and issuer are checked, so a token with no key id, `alg: none`, or a foreign
issuer never makes the SDK fetch keys from anywhere.

The SDK has no setting for where the Bot Framework keys live; `use_jwks` is the one function that
touches its private table (`_entra_issuers.BOTFRAMEWORK_JWKS_URIS`), for a private test harness or
a sovereign cloud, and fails loudly when the pinned SDK no longer has it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import jwt
from microsoft_agents.hosting.core import AgentAuthConfiguration
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from microsoft_agents.hosting.core.authorization.jwt import JwtTokenValidator

log = logging.getLogger(__name__)

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_OPENID = "https://login.botframework.com/v1/.well-known/openidconfiguration"
SDK_VERSION = "1.9.0"  # the version whose private JWKS table `use_jwks` knows


class Unauthorized(Exception):
    """The request is not from the Bot Connector (HTTP 401). The reason goes to the log only."""


class SeamChanged(RuntimeError):
    """The SDK no longer keeps its Bot Framework JWKS table where SDK 1.9.0 did."""


def _jwks_table() -> dict[str, str]:
    """The SDK's private issuer → JWKS URL table, checked to be the one its validator reads."""
    try:
        from microsoft_agents.hosting.core.authorization import _entra_issuers
        from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator
    except ImportError as exc:  # pragma: no cover - only on an SDK upgrade
        raise SeamChanged(f"the Agents SDK moved its issuer module ({exc}); pin {SDK_VERSION} or update use_jwks") from exc
    table = getattr(_entra_issuers, "BOTFRAMEWORK_JWKS_URIS", None)
    if not isinstance(table, dict) or getattr(jwt_token_validator, "BOTFRAMEWORK_JWKS_URIS", None) is not table \
            or BOT_FRAMEWORK_ISSUER not in table or not hasattr(jwt_token_validator, "_build_jwks_uri"):
        raise SeamChanged(
            "the Agents SDK no longer reads Bot Framework keys from _entra_issuers.BOTFRAMEWORK_JWKS_URIS; "
            f"pin microsoft-agents-hosting-core=={SDK_VERSION} or update bot/channels/teams/auth.py:use_jwks"
        )
    return table


@contextmanager
def use_jwks(jwks_uri: str, issuer: str = BOT_FRAMEWORK_ISSUER) -> Iterator[None]:
    """Make the SDK fetch `issuer`'s signing keys from `jwks_uri` while the context is open (the
    SDK's default is Microsoft's published keys). The only use of the SDK's private table."""
    table = _jwks_table()
    previous = table.get(issuer)
    table[issuer] = jwks_uri
    try:
        yield
    finally:
        if previous is None:
            table.pop(issuer, None)
        else:
            table[issuer] = previous


def jwks_from_openid(metadata_url: str, *, timeout: float = 10.0) -> str:
    """The `jwks_uri` an OpenID metadata document names."""
    found = httpx.get(metadata_url, timeout=timeout).raise_for_status().json().get("jwks_uri")
    if not isinstance(found, str) or urlsplit(found).scheme not in ("https", "http"):
        raise ValueError(f"{metadata_url} names no jwks_uri")
    return found


def sdk_auth_configuration(app_id: str, tenant_id: str | None, **credentials) -> AgentAuthConfiguration:
    """The SDK's connection settings with issuer validation on (the SDK's default is off)."""
    return AgentAuthConfiguration(
        client_id=app_id, tenant_id=tenant_id, issuers=[BOT_FRAMEWORK_ISSUER], validate_issuer=True,
        anonymous_allowed=False, connection_name="SERVICE_CONNECTION", **credentials,
    )


def same_service(a: str | None, b: str | None) -> bool:
    """Do two service URLs name the same endpoint (scheme, host and port; case and a trailing
    slash aside)?"""
    if not a or not b:
        return False
    x, y = urlsplit(a.strip()), urlsplit(b.strip())
    try:
        return (x.scheme.lower(), (x.hostname or "").lower(), x.port, x.path.rstrip("/")) == \
               (y.scheme.lower(), (y.hostname or "").lower(), y.port, y.path.rstrip("/")) and bool(x.hostname)
    except ValueError:  # a malformed port
        return False


@dataclass(frozen=True)
class TokenGate:
    """Checks the Authorization header of an inbound activity; returns the verified claims."""

    config: AgentAuthConfiguration
    issuers: frozenset[str] = frozenset({BOT_FRAMEWORK_ISSUER})

    async def verify(self, authorization: str | None, activity: dict) -> ClaimsIdentity:
        if not authorization:
            raise Unauthorized("no Authorization header")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip() or " " in token.strip():
            raise Unauthorized("malformed Authorization header")
        token = token.strip()
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"malformed token ({type(exc).__name__})") from None
        if header.get("alg") != "RS256":
            raise Unauthorized(f"token algorithm {header.get('alg')!r} is not RS256")
        if not isinstance(header.get("kid"), str) or not header["kid"]:
            raise Unauthorized("token has no key id")
        if unverified.get("iss") not in self.issuers:
            raise Unauthorized("token issuer is not the Bot Framework")
        try:
            identity = await JwtTokenValidator(self.config).validate_token(token)
        except (jwt.PyJWTError, ValueError, KeyError) as exc:
            raise Unauthorized(f"token rejected by the SDK ({type(exc).__name__})") from None
        claimed = identity.get_claim_value("serviceurl")
        if not same_service(claimed, activity.get("serviceUrl")):
            raise Unauthorized("the activity's serviceUrl is not the token's serviceurl claim")
        return identity
