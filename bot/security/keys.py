"""API keys: least-privilege, per workspace, stored only as hashes.

A key reads `upw_<id>_<secret>`: the id finds the row, the secret is compared in constant time
with its stored SHA-256 (the secret is 256 random bits, so a slow password hash adds nothing).
Embed keys are public by design (they sit in an intranet page's HTML): they are reader-only and
valid only from the origins they were created for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, select, update
from sqlalchemy.engine import Engine

from bot.database import open_database
from bot.workspace import ROLES, Role, check_name

KeyKind = Literal["api", "embed"]
_KEY_RE = re.compile(r"^upw_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
_DURATION_RE = re.compile(r"^(\d{1,4})([dhw])$")
_ORIGIN_RE = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$|^https?://\[[0-9a-fA-F:]+\](:\d{1,5})?$")

metadata = MetaData()

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(12), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("workspace", String(40), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("origins", Text, nullable=False, default="[]"),  # JSON list, embed keys only
    Column("secret_sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
)


class KeyInfo(BaseModel):
    """A key as listed: never its secret."""

    id: str
    name: str
    workspace: str
    role: Role
    kind: KeyKind = "api"
    origins: list[str] = Field(default_factory=list)
    created_at: dt.datetime
    expires: dt.datetime | None = None
    revoked: dt.datetime | None = None
    last_used: dt.datetime | None = None


class NewKey(KeyInfo):
    """A key just created: the only time its secret is shown."""

    secret: str


class KeyRejected(Exception):
    """Why a presented key is not accepted (401)."""


def parse_duration(text: str) -> dt.timedelta:
    """'90d', '12h', '2w' → a timedelta; anything else is a ValueError that says the format."""
    found = _DURATION_RE.fullmatch(text.strip())
    if not found or int(found.group(1)) == 0:
        raise ValueError(f"invalid expiry {text!r}: use a number and d, h or w, e.g. 90d")
    n, unit = int(found.group(1)), found.group(2)
    return {"d": dt.timedelta(days=n), "h": dt.timedelta(hours=n), "w": dt.timedelta(weeks=n)}[unit]


def check_origin(origin: str) -> str:
    """An origin exactly as browsers send it: scheme://host[:port], no path, no trailing slash."""
    origin = origin.strip()
    if not _ORIGIN_RE.fullmatch(origin):
        raise ValueError(f"invalid origin {origin!r}: use scheme://host[:port], e.g. https://intranet.example.gov")
    return origin.lower()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _info(row) -> KeyInfo:
    return KeyInfo(
        id=row["id"], name=row["name"], workspace=row["workspace"], role=row["role"], kind=row["kind"],
        origins=json.loads(row["origins"] or "[]"), created_at=_aware(row["created_at"]),
        expires=_aware(row["expires_at"]), revoked=_aware(row["revoked_at"]),
        last_used=_aware(row["last_used_at"]),
    )


class KeyStore:
    """Keys of every workspace (control database)."""

    def __init__(self, database_url: str) -> None:
        self._engine: Engine = open_database(database_url, metadata)

    def create(
        self,
        *,
        workspace: str,
        role: Role,
        name: str | None = None,
        expires_in: dt.timedelta | None = None,
        kind: KeyKind = "api",
        origins: list[str] | None = None,
    ) -> NewKey:
        check_name(workspace)
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
        checked_origins = [check_origin(o) for o in origins or []]
        if kind == "embed":
            if role != "reader":
                raise ValueError("an embed key is public, so it can only have the reader role")
            if not checked_origins:
                raise ValueError("an embed key needs at least one allowed origin (--origin)")
        elif checked_origins:
            raise ValueError("only embed keys are tied to origins")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        now = dt.datetime.now(dt.UTC)
        name = (name or f"{kind}-{key_id}").strip()[:80]
        values = {
            "id": key_id, "name": name, "workspace": workspace, "role": role, "kind": kind,
            "origins": json.dumps(checked_origins), "secret_sha256": _hash(secret), "created_at": now,
            "expires_at": now + expires_in if expires_in else None, "revoked_at": None, "last_used_at": None,
        }
        with self._engine.begin() as conn:
            conn.execute(api_keys.insert().values(**values))
        return NewKey(**_info(values).model_dump(), secret=f"upw_{key_id}_{secret}")

    def list(self, workspace: str | None = None) -> list[KeyInfo]:  # noqa: A003 - the CLI's word
        query = select(api_keys).order_by(api_keys.c.workspace, api_keys.c.created_at)
        if workspace is not None:
            query = query.where(api_keys.c.workspace == workspace)
        with self._engine.connect() as conn:
            return [_info(r) for r in conn.execute(query).mappings()]

    def get(self, key_id: str) -> KeyInfo | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).mappings().first()
        return _info(row) if row else None

    def revoke(self, key_id: str, *, workspace: str | None = None) -> KeyInfo:
        """Revoke a key (within `workspace` when given: an admin revokes only their own keys)."""
        found = self.get(key_id)
        if found is None or (workspace is not None and found.workspace != workspace):
            raise KeyError(f"no key with id '{key_id}'")
        with self._engine.begin() as conn:
            conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(revoked_at=dt.datetime.now(dt.UTC)))
        return self.get(key_id)  # type: ignore[return-value]

    def delete_workspace(self, workspace: str) -> int:
        with self._engine.begin() as conn:
            return conn.execute(api_keys.delete().where(api_keys.c.workspace == workspace)).rowcount

    def any_api_keys(self) -> bool:
        """Are any usable (unrevoked, unexpired) API keys configured? Embed keys do not count:
        they never unlock anything beyond reading from their own origins."""
        now = dt.datetime.now(dt.UTC)
        return any(
            k.kind == "api" and k.revoked is None and (k.expires is None or k.expires > now)
            for k in self.list()
        )

    def embed_origins(self) -> set[str]:
        """Every origin of a usable embed key (for CORS preflights, which carry no key)."""
        now = dt.datetime.now(dt.UTC)
        return {
            o for k in self.list() if k.kind == "embed" and k.revoked is None
            and (k.expires is None or k.expires > now) for o in k.origins
        }

    def authenticate(self, presented: str) -> KeyInfo:
        """The key a bearer token names, if it is valid; `KeyRejected` says why not."""
        found = _KEY_RE.fullmatch(presented.strip())
        if not found:
            raise KeyRejected("malformed API key")
        key_id, secret = found.groups()
        with self._engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).mappings().first()
        # Compare even when the id is unknown, so timing does not tell which ids exist.
        stored = row["secret_sha256"] if row else _hash(secrets.token_urlsafe(32))
        if not hmac.compare_digest(stored, _hash(secret)) or row is None:
            raise KeyRejected("invalid API key")
        info = _info(row)
        now = dt.datetime.now(dt.UTC)
        if info.revoked is not None:
            raise KeyRejected("this API key has been revoked")
        if info.expires is not None and info.expires <= now:
            raise KeyRejected("this API key has expired")
        with self._engine.begin() as conn:
            conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=now))
        return info
