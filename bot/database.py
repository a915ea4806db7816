"""One way to open the app database, whichever module keeps tables in it (SQLite or PostgreSQL).

Each workspace keeps its rows apart from every other workspace's: on SQLite in a database file of
its own, on PostgreSQL in a schema of its own (the URL carries `search_path`). Stores never filter
by workspace, so no query can forget to; deleting a workspace drops its file or schema whole.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, quote

from sqlalchemy import MetaData, create_engine, event, text
from sqlalchemy.engine import Engine

_SCHEMA_RE = re.compile(r"search_path=([a-z0-9_]+)")
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def schema_of(url: str) -> str | None:
    """The PostgreSQL schema a workspace URL is pinned to (None for the shared schema)."""
    options = parse_qs(_query(url)).get("options", [""])[0]
    found = _SCHEMA_RE.search(options)
    return found.group(1) if found else None


def _query(url: str) -> str:
    return url.split("?", 1)[1] if "?" in url else ""


def with_schema(url: str, schema: str) -> str:
    """`url` with every connection's search_path set to `schema` (PostgreSQL only)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"


def _engine(url: str) -> Engine:
    """One engine per URL and process: SQLite gets WAL and a busy timeout, so a long write (an
    audit insert) makes a concurrent short one (remembering a turn) wait instead of fail."""
    with _engines_lock:
        found = _engines.get(url)
        if found is not None:
            return found
        if is_sqlite(url):
            engine = create_engine(url, future=True, connect_args={"timeout": 30})

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - driver hook
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.close()
        else:
            engine = create_engine(url, future=True, pool_pre_ping=True)
            schema = schema_of(url)
            if schema:
                base = create_engine(url.split("?", 1)[0], future=True)
                with base.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
                base.dispose()
        _engines[url] = engine
        return engine


def open_database(url: str, metadata: MetaData) -> Engine:
    """An engine for `url` with `metadata`'s tables created; a SQLite file's folder is made."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(url)
    metadata.create_all(engine)
    return engine


def forget_database(url: str) -> None:
    """Close and forget the engine of `url` (before its file or schema is deleted)."""
    with _engines_lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def drop_schema(url: str) -> None:
    """Drop a workspace's PostgreSQL schema with everything in it."""
    schema = schema_of(url)
    if not schema:
        raise ValueError("refusing to drop the shared schema")
    forget_database(url)
    base = create_engine(url.split("?", 1)[0], future=True)
    with base.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    base.dispose()
