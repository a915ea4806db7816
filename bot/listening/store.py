"""Where listening sets live between runs (SQLAlchemy: SQLite by default, PostgreSQL by URL).

A set is stored with its report and its redacted comments, never the raw export: authors, links
and original text are gone before anything reaches this module. One set is *active*, the one
whose facts are in the search index. Only portable column types are used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    update,
)
from sqlalchemy.engine import Engine

from bot.database import open_database
from bot.listening.model import RedactedComment
from bot.listening.runner import ListeningRun

metadata = MetaData()

listening_sets = Table(
    "listening_sets",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sample", Boolean, nullable=False, default=False),
    Column("report_json", Text, nullable=False),  # the ListeningReport as JSON
    Column("active", Boolean, nullable=False, default=False),
)

listening_comments = Table(
    "listening_comments",
    metadata,
    Column("set_id", String(32), primary_key=True),
    Column("seq", Integer, primary_key=True),  # date order, as the report counted them
    Column("date", Date, nullable=False),
    Column("platform", String(64), nullable=False),
    Column("theme", String(32), nullable=False),
    Column("themes", Text, nullable=False),  # space-separated theme ids, primary first
    Column("sentiment", String(16), nullable=False),
    Column("compound", Float, nullable=False),
    Column("is_question", Boolean, nullable=False),
    Column("is_rumour", Boolean, nullable=False),
    Column("replied", Boolean, nullable=True),
    Column("text", Text, nullable=False),  # redacted text only
)


@dataclass(frozen=True)
class StoredSet:
    id: str
    created_at: dt.datetime
    sample: bool
    active: bool


class ListeningStore:
    def __init__(self, database_url: str) -> None:
        self._engine: Engine = open_database(database_url, metadata)

    def save(self, run: ListeningRun, *, active: bool = True) -> None:
        """Store (or replace) a set, and by default make it the active one, in one transaction."""
        set_id = run.report.id
        rows = [
            {
                "set_id": set_id,
                "seq": seq,
                "date": c.date,
                "platform": c.platform,
                "theme": c.theme,
                "themes": " ".join(c.themes),
                "sentiment": c.sentiment,
                "compound": c.compound,
                "is_question": c.is_question,
                "is_rumour": c.is_rumour,
                "replied": c.replied,
                "text": c.text,
            }
            for seq, c in enumerate(run.comments)
        ]
        with self._engine.begin() as conn:
            conn.execute(listening_comments.delete().where(listening_comments.c.set_id == set_id))
            conn.execute(listening_sets.delete().where(listening_sets.c.id == set_id))
            if active:
                conn.execute(update(listening_sets).values(active=False))
            conn.execute(
                listening_sets.insert().values(
                    id=set_id,
                    created_at=dt.datetime.now(dt.UTC),
                    sample=run.report.sample,
                    report_json=run.report.model_dump_json(),
                    active=active,
                )
            )
            if rows:
                conn.execute(listening_comments.insert(), rows)

    def activate(self, set_id: str) -> None:
        """Make `set_id` the active set. An unknown id is refused rather than leave none active."""
        with self._engine.begin() as conn:
            known = conn.execute(select(listening_sets.c.id).where(listening_sets.c.id == set_id)).scalar()
            if known is None:
                raise KeyError(f"no listening set '{set_id}'")
            conn.execute(update(listening_sets).values(active=False))
            conn.execute(update(listening_sets).where(listening_sets.c.id == set_id).values(active=True))

    def active_id(self) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(
                select(listening_sets.c.id).where(listening_sets.c.active.is_(True))
            ).scalar()

    def report_json(self, set_id: str) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(
                select(listening_sets.c.report_json).where(listening_sets.c.id == set_id)
            ).scalar()

    def comments(self, set_id: str) -> list[RedactedComment]:
        """The set's redacted comments in the order the report counted them ([] if unknown)."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(listening_comments)
                .where(listening_comments.c.set_id == set_id)
                .order_by(listening_comments.c.seq)
            ).mappings()
            return [
                RedactedComment(
                    date=r["date"],
                    platform=r["platform"],
                    theme=r["theme"],
                    themes=r["themes"].split(),
                    sentiment=r["sentiment"],
                    compound=r["compound"],
                    is_question=r["is_question"],
                    is_rumour=r["is_rumour"],
                    replied=r["replied"],
                    text=r["text"],
                )
                for r in rows
            ]

    def delete(self, set_id: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(listening_comments.delete().where(listening_comments.c.set_id == set_id))
            conn.execute(listening_sets.delete().where(listening_sets.c.id == set_id))

    def close(self) -> None:
        self._engine.dispose()

    def list(self) -> list[StoredSet]:  # noqa: A003 - the brief's name; defined last on purpose
        """Every stored set, oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(listening_sets.c.id, listening_sets.c.created_at, listening_sets.c.sample,
                       listening_sets.c.active).order_by(listening_sets.c.created_at, listening_sets.c.id)
            ).mappings()
            return [StoredSet(r["id"], r["created_at"], r["sample"], r["active"]) for r in rows]
