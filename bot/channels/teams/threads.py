"""Teams conversations and threads mapped to Upward conversations, in the workspace's database.

A Teams personal chat, group chat or channel thread keeps one Upward conversation, so follow-ups
("shorter", "now for the FD", "what's our source?") work there as anywhere. The Teams ids are
long and not ours, so rows are keyed by their SHA-256. A rehearsal in progress is kept on its
thread, and each answer message's Teams id points at the answer turn it showed, so a feedback
press is stored against that answer and not merely the latest one.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, select
from sqlalchemy.exc import OperationalError

from bot.database import open_database

metadata = MetaData()

teams_threads = Table(
    "teams_threads",
    metadata,
    Column("thread", String(64), primary_key=True),  # sha256 of the Teams conversation id
    Column("conversation_id", String(32), nullable=True),  # the Upward conversation
    Column("rehearsal", Text, nullable=True),  # JSON of the rehearsal in progress
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)

teams_messages = Table(
    "teams_messages",
    metadata,
    Column("message", String(64), primary_key=True),  # sha256 of the Teams activity id
    Column("conversation_id", String(32), nullable=False),
    Column("turn", Integer, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
)


class Rehearsal(BaseModel):
    """A rehearsal in a thread: which leader, which objection, what they said last, which round."""

    objection: str
    audience: str | None = None
    line: str
    round: int = 1


def _key(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


class TeamsThreads:
    def __init__(self, database_url: str) -> None:
        for attempt in range(len(metadata.tables) + 1):
            try:
                self._engine = open_database(database_url, metadata)
                break
            except OperationalError:  # retention (another thread) created a table at the same moment
                if attempt == len(metadata.tables):
                    raise

    def _get(self, thread: str):
        with self._engine.connect() as conn:
            return conn.execute(select(teams_threads).where(teams_threads.c.thread == _key(thread))).mappings().first()

    def _put(self, thread: str, **values) -> None:
        key, now = _key(thread), dt.datetime.now(dt.UTC)
        with self._engine.begin() as conn:
            done = conn.execute(
                teams_threads.update().where(teams_threads.c.thread == key).values(**values, updated_at=now)
            ).rowcount
            if not done:
                conn.execute(teams_threads.insert().values(thread=key, updated_at=now, **values))

    def conversation(self, thread: str) -> str | None:
        row = self._get(thread)
        return row["conversation_id"] if row else None

    def set_conversation(self, thread: str, conversation_id: str) -> None:
        self._put(thread, conversation_id=conversation_id)

    def forget_conversation(self, thread: str) -> None:
        """The Upward conversation is gone (retention): the thread starts a new one."""
        self._put(thread, conversation_id=None)

    def rehearsal(self, thread: str) -> Rehearsal | None:
        row = self._get(thread)
        return Rehearsal.model_validate_json(row["rehearsal"]) if row and row["rehearsal"] else None

    def set_rehearsal(self, thread: str, rehearsal: Rehearsal | None) -> None:
        self._put(thread, rehearsal=rehearsal.model_dump_json() if rehearsal else None)

    def remember_message(self, message_id: str, conversation_id: str, turn: int | None) -> None:
        key = _key(message_id)
        with self._engine.begin() as conn:
            conn.execute(teams_messages.delete().where(teams_messages.c.message == key))
            conn.execute(teams_messages.insert().values(
                message=key, conversation_id=conversation_id, turn=turn, created_at=dt.datetime.now(dt.UTC)
            ))

    def message(self, message_id: str) -> tuple[str, int | None] | None:
        """The Upward conversation and answer turn a Teams message showed."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(teams_messages).where(teams_messages.c.message == _key(message_id))
            ).mappings().first()
        return (row["conversation_id"], row["turn"]) if row else None

    def purge_before(self, cutoff: dt.datetime) -> int:
        with self._engine.begin() as conn:
            n = conn.execute(teams_messages.delete().where(teams_messages.c.created_at < cutoff)).rowcount
            return n + conn.execute(teams_threads.delete().where(teams_threads.c.updated_at < cutoff)).rowcount
