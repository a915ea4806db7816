"""Which files are in the index, with their content hash and chunk ids (SQLAlchemy: SQLite or PostgreSQL).

The manifest is what makes ingest idempotent and cheap: an unchanged file is skipped by hash,
a changed file's old chunks are known exactly, and a removed file can be deleted cleanly.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, select
from sqlalchemy.engine import Engine

from bot.database import open_database

metadata = MetaData()

ingested_files = Table(
    "ingested_files",
    metadata,
    Column("source", String(1024), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("title", Text, nullable=False),
    Column("chunk_ids", Text, nullable=False),  # JSON list
    Column("chunks", Integer, nullable=False),
    Column("embedder", String(128), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)


class FileRecord(BaseModel):
    source: str
    sha256: str
    kind: str
    title: str
    chunk_ids: list[str]
    embedder: str
    ingested_at: datetime | None = None

    @classmethod
    def computed(cls, source: str, kind: str, title: str, payload: str, embedder: str) -> FileRecord:
        """The entry for facts Upward computed (an audit, imported comments) rather than read
        from a file: its hash is the report's, so a changed report is re-indexed."""
        return cls(
            source=source,
            sha256=hashlib.sha256(payload.encode()).hexdigest(),
            kind=kind,
            title=title,
            chunk_ids=[],
            embedder=embedder,
        )


def make_engine(url: str) -> Engine:
    return open_database(url, metadata)


class Manifest:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get(self, source: str) -> FileRecord | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(ingested_files).where(ingested_files.c.source == source)
            ).mappings().first()
        return _record(row) if row else None

    def all(self) -> list[FileRecord]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(ingested_files).order_by(ingested_files.c.source)).mappings()
            return [_record(r) for r in rows]

    def put(self, record: FileRecord) -> None:
        values = {
            "source": record.source,
            "sha256": record.sha256,
            "kind": record.kind,
            "title": record.title,
            "chunk_ids": json.dumps(record.chunk_ids),
            "chunks": len(record.chunk_ids),
            "embedder": record.embedder,
            "ingested_at": record.ingested_at or datetime.now(UTC),
        }
        with self._engine.begin() as conn:
            conn.execute(ingested_files.delete().where(ingested_files.c.source == record.source))
            conn.execute(ingested_files.insert().values(**values))

    def clear(self) -> None:
        with self._engine.begin() as conn:
            conn.execute(ingested_files.delete())

    def delete(self, source: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(ingested_files.delete().where(ingested_files.c.source == source))


def _record(row) -> FileRecord:
    return FileRecord(
        source=row["source"],
        sha256=row["sha256"],
        kind=row["kind"],
        title=row["title"],
        chunk_ids=json.loads(row["chunk_ids"]),
        embedder=row["embedder"],
        ingested_at=row["ingested_at"],
    )
