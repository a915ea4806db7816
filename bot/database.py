"""One way to open the app database, whichever module keeps tables in it (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData, create_engine
from sqlalchemy.engine import Engine


def open_database(url: str, metadata: MetaData) -> Engine:
    """An engine for `url` with `metadata`'s tables created; a SQLite file's folder is made."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    metadata.create_all(engine)
    return engine
