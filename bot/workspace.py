"""Workspaces: everything an organisation adds lives in one, apart from every other.

A workspace has its own Chroma collection (its documents, audit facts and public-comment facts),
its own keyword index and files folder, and its own database (a SQLite file, or a PostgreSQL
schema). The shipped knowledge is a shared, read-only base every workspace sees. The registry of
workspaces, and their retention settings, live in the control database.

`RequestContext` is who is asking: it is passed explicitly to everything that acts for a caller,
never read from a global.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, select
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.database import is_sqlite, open_database, with_schema

DEFAULT_WORKSPACE = "default"
NAME_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
Role = Literal["reader", "editor", "admin"]
ROLES: tuple[Role, ...] = ("reader", "editor", "admin")

metadata = MetaData()

workspaces = Table(
    "workspaces",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("retention_days", Integer, nullable=False),
    Column("settings", Text, nullable=False, default="{}"),  # JSON: per-workspace settings
)


class UnknownWorkspace(ValueError):
    """A workspace name that is not registered."""


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise ValueError(
            f"invalid workspace name {name!r}: use 1-40 lower-case letters, digits and hyphens, "
            "starting and ending with a letter or digit"
        )
    return name


@dataclass(frozen=True)
class IndexLocation:
    """Where one searchable collection lives: vectors, keyword index and file manifest."""

    collection: str
    bm25_path: Path
    database_url: str


@dataclass(frozen=True)
class Workspace:
    """One organisation's data: its folder, database and collection. Pure paths, nothing opened."""

    name: str
    root: Path
    database_url: str
    collection: str

    @property
    def index(self) -> IndexLocation:
        return IndexLocation(self.collection, self.root / "bm25", self.database_url)

    @property
    def audits_dir(self) -> Path:
        return self.root / "audits"

    @property
    def briefings_dir(self) -> Path:
        return self.root / "briefings"

    @property
    def files_dir(self) -> Path:
        return self.root / "files"


def workspace_at(settings: Settings, name: str) -> Workspace:
    """The locations of workspace `name` under these settings (the workspace need not exist)."""
    check_name(name)
    root = settings.data_dir / "workspaces" / name
    base_url = settings.resolved_database_url
    if is_sqlite(base_url):
        url = f"sqlite:///{(root / 'upward.db').resolve()}"
    else:
        url = with_schema(base_url, f"ws_{name.replace('-', '_')}")
    return Workspace(name=name, root=root, database_url=url, collection=f"{settings.collection}-ws-{name}")


def shared_index(settings: Settings) -> IndexLocation:
    """The shipped knowledge: one collection that every workspace reads and none writes."""
    return IndexLocation(settings.collection, settings.bm25_path, settings.resolved_database_url)


class RequestContext(BaseModel):
    """Who is asking, on behalf of which workspace; the CLI acts as the workspace's admin."""

    workspace: str
    role: Role
    key_id: str | None = None
    key_name: str = Field("local", description="The key's name, or 'local' for the CLI and open mode.")
    session: str | None = None  # a browser session (widget), for per-session rate limits

    def can(self, role: Role) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def actor(self) -> str:
        """Who to name in the activity log and as a conversation's owner."""
        return self.key_id or self.key_name


def local_context(workspace: str = DEFAULT_WORKSPACE) -> RequestContext:
    return RequestContext(workspace=workspace, role="admin", key_name="local")


class WorkspaceInfo(BaseModel):
    name: str
    created_at: dt.datetime
    retention_days: int
    settings: dict = Field(default_factory=dict)


class WorkspaceRegistry:
    """The registered workspaces (control database). `default` always exists."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._engine: Engine = open_database(settings.resolved_database_url, metadata)
        if self.get(DEFAULT_WORKSPACE) is None:
            self.create(DEFAULT_WORKSPACE)

    def create(self, name: str, *, retention_days: int | None = None) -> WorkspaceInfo:
        check_name(name)
        if self.get(name) is not None:
            raise ValueError(f"workspace '{name}' already exists")
        days = self._settings.retention_days if retention_days is None else retention_days
        if days < 1:
            raise ValueError(f"retention must be at least 1 day, not {days}")
        info = WorkspaceInfo(name=name, created_at=dt.datetime.now(dt.UTC), retention_days=days)
        with self._engine.begin() as conn:
            conn.execute(workspaces.insert().values(
                name=name, created_at=info.created_at, retention_days=days, settings="{}"
            ))
        return info

    def get(self, name: str) -> WorkspaceInfo | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(workspaces).where(workspaces.c.name == name)).mappings().first()
        return _info(row) if row else None

    def require(self, name: str) -> WorkspaceInfo:
        found = self.get(check_name(name))
        if found is None:
            raise UnknownWorkspace(
                f"no workspace '{name}': create it with `upward workspace create {name}`"
            )
        return found

    def all(self) -> list[WorkspaceInfo]:
        with self._engine.connect() as conn:
            return [_info(r) for r in conn.execute(select(workspaces).order_by(workspaces.c.name)).mappings()]

    def set_retention(self, name: str, days: int) -> WorkspaceInfo:
        self.require(name)
        if days < 1:
            raise ValueError(f"retention must be at least 1 day, not {days}")
        with self._engine.begin() as conn:
            conn.execute(workspaces.update().where(workspaces.c.name == name).values(retention_days=days))
        return self.require(name)

    def remove(self, name: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(workspaces.delete().where(workspaces.c.name == name))


def _info(row) -> WorkspaceInfo:
    created = row["created_at"]
    return WorkspaceInfo(
        name=row["name"],
        created_at=created if created.tzinfo else created.replace(tzinfo=dt.UTC),
        retention_days=row["retention_days"],
        settings=json.loads(row["settings"] or "{}"),
    )
