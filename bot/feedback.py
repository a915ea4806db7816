"""Feedback on answers (helpful or not, a reason, a comment), stored in the workspace's database
against the answer it is about and the citations that answer carried, so a reviewer can see
which sources people found wanting. Kept under the workspace's retention period."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, select

from bot.database import open_database

Rating = Literal["helpful", "not_helpful"]
metadata = MetaData()

feedback = Table(
    "feedback",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("conversation_id", String(32), nullable=False, index=True),
    Column("turn", Integer, nullable=True),  # the assistant turn's seq
    Column("rating", String(16), nullable=False),
    Column("reason", String(200), nullable=True),
    Column("comment", Text, nullable=True),
    Column("channel", String(16), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("citations", Text, nullable=False),  # JSON list of citation ids of that answer
)


class FeedbackIn(BaseModel):
    conversation_id: str = Field(..., pattern=r"^[0-9a-f]{32}$")
    rating: Rating
    turn: int | None = Field(None, ge=1, description="The answer's turn in the conversation; default: the latest.")
    reason: str | None = Field(None, max_length=200)
    comment: str | None = Field(None, max_length=2000)


class FeedbackRecord(FeedbackIn):
    id: str
    created_at: dt.datetime
    channel: str
    actor: str
    citations: list[str] = Field(default_factory=list)


class FeedbackStore:
    def __init__(self, database_url: str) -> None:
        self._engine = open_database(database_url, metadata)

    def add(self, item: FeedbackIn, *, turn: int | None, citations: list[str], channel: str, actor: str) -> FeedbackRecord:
        record = FeedbackRecord(
            **item.model_dump(exclude={"turn"}), id=uuid.uuid4().hex, created_at=dt.datetime.now(dt.UTC), turn=turn,
            channel=channel, actor=actor, citations=citations,
        )
        with self._engine.begin() as conn:
            conn.execute(feedback.insert().values(
                **record.model_dump(exclude={"citations"}), citations=json.dumps(citations)
            ))
        return record

    def list(self, limit: int = 500) -> list[FeedbackRecord]:  # noqa: A003
        with self._engine.connect() as conn:
            rows = conn.execute(select(feedback).order_by(feedback.c.created_at.desc()).limit(limit)).mappings()
            return [
                FeedbackRecord(**{**r, "citations": json.loads(r["citations"]),
                                  "created_at": r["created_at"] if r["created_at"].tzinfo
                                  else r["created_at"].replace(tzinfo=dt.UTC)})
                for r in rows
            ]

    def purge_before(self, cutoff: dt.datetime) -> int:
        with self._engine.begin() as conn:
            return conn.execute(feedback.delete().where(feedback.c.created_at < cutoff)).rowcount

    def delete_conversation(self, conversation_id: str) -> int:
        with self._engine.begin() as conn:
            return conn.execute(feedback.delete().where(feedback.c.conversation_id == conversation_id)).rowcount

    def close(self) -> None:
        self._engine.dispose()
