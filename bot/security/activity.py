"""The activity log: who (which key), when, what — for information governance.

It records actions that change data or access (ingest, audit, import, delete, key changes,
exports, purges), never secrets and never comment or document text: only names and ids.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, select

from bot.database import open_database
from bot.workspace import RequestContext

metadata = MetaData()

activity_log = Table(
    "activity_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("workspace", String(40), nullable=False, index=True),
    Column("actor", String(80), nullable=False),  # key id, or 'local'
    Column("key_name", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", Text, nullable=False),  # an id or a file name, never content
)


class Activity(BaseModel):
    at: dt.datetime
    workspace: str
    actor: str
    key_name: str
    action: str
    target: str


class ActivityLog:
    def __init__(self, database_url: str) -> None:
        self._engine = open_database(database_url, metadata)

    def record(self, ctx: RequestContext, action: str, target: str = "") -> None:
        with self._engine.begin() as conn:
            conn.execute(activity_log.insert().values(
                at=dt.datetime.now(dt.UTC), workspace=ctx.workspace, actor=ctx.actor,
                key_name=ctx.key_name, action=action, target=target[:500],
            ))

    def read(self, workspace: str, limit: int = 200) -> list[Activity]:
        """Newest first."""
        query = (
            select(activity_log).where(activity_log.c.workspace == workspace)
            .order_by(activity_log.c.id.desc()).limit(limit)
        )
        with self._engine.connect() as conn:
            rows = conn.execute(query).mappings()
            return [
                Activity(
                    at=r["at"] if r["at"].tzinfo else r["at"].replace(tzinfo=dt.UTC),
                    workspace=r["workspace"], actor=r["actor"], key_name=r["key_name"],
                    action=r["action"], target=r["target"],
                )
                for r in rows
            ]
