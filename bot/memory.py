"""Conversation memory (SQLAlchemy: SQLite by default, PostgreSQL by URL).

Follow-ups such as "shorter", "now for the finance director" or "where does that figure come
from?" need the previous turns, and an assistant turn keeps its whole Answer JSON, so a later
turn can re-verify against the same citations instead of trusting remembered text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable, Iterator
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine, RowMapping

from bot.database import open_database

Role = Literal["user", "assistant"]
ROLES: tuple[Role, ...] = ("user", "assistant")
_ID_RE = re.compile(r"[0-9a-f]{32}")

metadata = MetaData()

conversations = Table(
    "conversations",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    # Who started it (a key id, or 'local'): readers see only their own conversations.
    Column("owner", String(80), nullable=True),
)

conversation_turns = Table(
    "conversation_turns",
    metadata,
    Column(
        "conversation_id",
        String(32),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("seq", Integer, nullable=False),  # 1, 2, 3 ... within a conversation
    Column("role", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("flow", String(32), nullable=True),
    Column("request_json", Text, nullable=True),  # user turns: what was asked
    Column("answer_json", Text, nullable=True),  # assistant turns: the full Answer
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Unique per conversation; the primary key is that pair, so no surrogate id is needed.
    PrimaryKeyConstraint("conversation_id", "seq", name="pk_conversation_turns"),
)


class StoredTurn(BaseModel):
    seq: int
    role: Role
    content: str
    flow: str | None = None  # assistant turns: "answer", "rebuttal", "case", "shorter" ...
    request: dict | None = None  # user turns: {"question": ..., "audience": ..., "flow": ...}
    answer: dict | None = None  # assistant turns: Answer.model_dump(), citations included
    created_at: dt.datetime


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _valid_id(conversation_id: str) -> str:
    """A conversation id is a uuid4 hex (32 hex digits); anything else is refused before any query."""
    if not isinstance(conversation_id, str) or not _ID_RE.fullmatch(conversation_id.lower()):
        raise ValueError(f"malformed conversation id {conversation_id!r}: expected 32 hex digits")
    return conversation_id.lower()


def _dump(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _turn(row: RowMapping) -> StoredTurn:
    return StoredTurn(
        seq=row["seq"],
        role=row["role"],
        content=row["content"],
        flow=row["flow"],
        request=json.loads(row["request_json"]) if row["request_json"] else None,
        answer=json.loads(row["answer_json"]) if row["answer_json"] else None,
        created_at=_aware(row["created_at"]),
    )


class ConversationStore:
    """Conversations and their turns. Safe to share between threads: each call takes its own
    connection from the engine's pool, and appends to one conversation are serialised."""

    def __init__(self, database_url: str) -> None:
        self._engine: Engine = open_database(database_url, metadata)

    def create(self, owner: str | None = None) -> str:
        conversation_id = uuid.uuid4().hex
        now = _now()
        with self._engine.begin() as conn:
            conn.execute(
                conversations.insert().values(id=conversation_id, created_at=now, updated_at=now, owner=owner)
            )
        return conversation_id

    def exists(self, conversation_id: str, owner: str | None = None) -> bool:
        """Is there such a conversation (started by `owner`, when one is given)?"""
        cid = _valid_id(conversation_id)
        query = select(conversations.c.id).where(conversations.c.id == cid)
        if owner is not None:
            query = query.where(conversations.c.owner == owner)
        with self._engine.connect() as conn:
            found = conn.execute(query).first()
        return found is not None

    def ids(self, owner: str | None = None) -> list[str]:
        """Conversation ids, newest first (only `owner`'s when given)."""
        query = select(conversations.c.id).order_by(conversations.c.updated_at.desc())
        if owner is not None:
            query = query.where(conversations.c.owner == owner)
        with self._engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def purge_before(self, cutoff: dt.datetime) -> list[str]:
        """Forget every conversation not touched since `cutoff` (retention); their ids."""
        with self._engine.connect() as conn:
            stale = list(conn.execute(select(conversations.c.id).where(conversations.c.updated_at < cutoff)).scalars())
        for cid in stale:
            self.delete(cid)
        return stale

    def append(
        self,
        conversation_id: str,
        role: Role,
        content: str,
        *,
        flow: str | None = None,
        request: dict | None = None,
        answer: dict | None = None,
    ) -> StoredTurn:
        """Add a turn at the end, atomically.

        The conversation row is updated first: that takes SQLite's write lock (or PostgreSQL's row
        lock) before the next seq is read, so two concurrent appends can never get the same seq.
        """
        cid = _valid_id(conversation_id)
        if role not in ROLES:
            raise ValueError(f"role must be 'user' or 'assistant', not {role!r}")
        now = _now()
        with self._engine.begin() as conn:
            touched = conn.execute(
                update(conversations).where(conversations.c.id == cid).values(updated_at=now)
            ).rowcount
            if not touched:
                raise KeyError(f"no conversation with id {cid}: create it first")
            last_seq = conn.execute(
                select(func.coalesce(func.max(conversation_turns.c.seq), 0)).where(
                    conversation_turns.c.conversation_id == cid
                )
            ).scalar_one()
            row = {
                "conversation_id": cid,
                "seq": last_seq + 1,
                "role": role,
                "content": content,
                "flow": flow,
                "request_json": _dump(request),
                "answer_json": _dump(answer),
                "created_at": now,
            }
            conn.execute(conversation_turns.insert().values(**row))
        return StoredTurn(
            seq=row["seq"], role=role, content=content, flow=flow, request=request, answer=answer,
            created_at=now,
        )

    def turns(self, conversation_id: str, limit: int | None = None) -> list[StoredTurn]:
        """Oldest first; with `limit`, only the last `limit` turns. An unknown id has no turns."""
        cid = _valid_id(conversation_id)
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be zero or more, not {limit}")
        query = (
            select(conversation_turns)
            .where(conversation_turns.c.conversation_id == cid)
            .order_by(conversation_turns.c.seq.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        with self._engine.connect() as conn:
            rows = list(conn.execute(query).mappings())
        return [_turn(r) for r in reversed(rows)]

    def last(
        self,
        conversation_id: str,
        role: Role,
        *,
        where: Callable[[StoredTurn], bool] | None = None,
    ) -> StoredTurn | None:
        """The newest turn of `role` that satisfies `where` (e.g. "has an answer with citations")."""
        cid = _valid_id(conversation_id)
        with self._engine.connect() as conn:
            for turn in self._newest_first(conn, cid, role):
                if where is None or where(turn):
                    return turn
        return None

    @staticmethod
    def _newest_first(conn, cid: str, role: str) -> Iterator[StoredTurn]:
        rows = conn.execute(
            select(conversation_turns)
            .where(conversation_turns.c.conversation_id == cid, conversation_turns.c.role == role)
            .order_by(conversation_turns.c.seq.desc())
        ).mappings()
        for row in rows:
            yield _turn(row)

    def delete(self, conversation_id: str) -> bool:
        """Forget a conversation and all its turns; False if there was none."""
        cid = _valid_id(conversation_id)
        with self._engine.begin() as conn:
            conn.execute(conversation_turns.delete().where(conversation_turns.c.conversation_id == cid))
            removed = conn.execute(conversations.delete().where(conversations.c.id == cid)).rowcount
        return bool(removed)

    def close(self) -> None:
        self._engine.dispose()
