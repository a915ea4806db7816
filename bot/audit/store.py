"""Where audits live between runs (SQLAlchemy: SQLite by default, PostgreSQL by URL).

An audit is stored with its full canonical table, not only its results: that is what lets the
verifier re-derive any cited audit figure from the rows it came from, long after the upload.
One audit is *active* — the one whose facts are in the search index.
"""

from __future__ import annotations

import datetime as dt
import json

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

from bot.audit.model import CanonicalTable, ImportedFile, Observation
from bot.database import open_database

metadata = MetaData()

audits = Table(
    "audits",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False, default=False),
    Column("files", Text, nullable=False),  # JSON list of ImportedFile
    Column("report", Text, nullable=False),  # the AuditReport as JSON
)

audit_observations = Table(
    "audit_observations",
    metadata,
    Column("audit_id", String(32), nullable=False, index=True),
    Column("seq", Integer, nullable=False),  # keeps the import order
    Column("date", Date, nullable=False),
    Column("channel", String(16), nullable=False),
    Column("platform", String(64), nullable=False),
    Column("account", String(256), nullable=False),
    Column("metric", String(64), nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(32), nullable=False),
    Column("item", Text, nullable=False),
    Column("granularity", String(8), nullable=False),
    Column("source_file", Text, nullable=False),
    Column("source_row", Integer, nullable=False),
)


def _file_json(f: ImportedFile) -> dict:
    return {**f.__dict__, "start": f.start.isoformat(), "end": f.end.isoformat()}


def _file_from(data: dict) -> ImportedFile:
    return ImportedFile(
        **{**data, "start": dt.date.fromisoformat(data["start"]), "end": dt.date.fromisoformat(data["end"])}
    )


class AuditStore:
    def __init__(self, url: str) -> None:
        self._engine: Engine = open_database(url, metadata)

    def save(self, audit_id: str, table: CanonicalTable, report_json: str) -> None:
        """Store (or replace) an audit and make it the active one, in one transaction."""
        rows = [
            {
                "audit_id": audit_id,
                "seq": seq,
                "date": o.date,
                "channel": o.channel,
                "platform": o.platform,
                "account": o.account,
                "metric": o.metric,
                "value": o.value,
                "unit": o.unit,
                "item": o.item,
                "granularity": o.granularity,
                "source_file": o.source_file,
                "source_row": o.source_row,
            }
            for seq, o in enumerate(table.observations)
        ]
        with self._engine.begin() as conn:
            conn.execute(audit_observations.delete().where(audit_observations.c.audit_id == audit_id))
            conn.execute(audits.delete().where(audits.c.id == audit_id))
            conn.execute(update(audits).values(active=False))
            conn.execute(
                audits.insert().values(
                    id=audit_id,
                    created_at=dt.datetime.now(dt.UTC),
                    active=True,
                    files=json.dumps([_file_json(f) for f in table.files]),
                    report=report_json,
                )
            )
            if rows:
                conn.execute(audit_observations.insert(), rows)

    def delete(self, audit_id: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(audit_observations.delete().where(audit_observations.c.audit_id == audit_id))
            conn.execute(audits.delete().where(audits.c.id == audit_id))

    def activate(self, audit_id: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(update(audits).values(active=False))
            conn.execute(update(audits).where(audits.c.id == audit_id).values(active=True))

    def active_id(self) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(select(audits.c.id).where(audits.c.active.is_(True))).scalar()

    def ids(self) -> list[str]:
        with self._engine.connect() as conn:
            return list(conn.execute(select(audits.c.id).order_by(audits.c.created_at)).scalars())

    def report_json(self, audit_id: str) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(select(audits.c.report).where(audits.c.id == audit_id)).scalar()

    def table(self, audit_id: str) -> CanonicalTable | None:
        """The canonical table exactly as it was imported (same order), for re-derivation."""
        with self._engine.connect() as conn:
            files = conn.execute(select(audits.c.files).where(audits.c.id == audit_id)).scalar()
            if files is None:
                return None
            rows = conn.execute(
                select(audit_observations)
                .where(audit_observations.c.audit_id == audit_id)
                .order_by(audit_observations.c.seq)
            ).mappings()
            observations = [
                Observation(
                    date=r["date"],
                    channel=r["channel"],
                    platform=r["platform"],
                    account=r["account"],
                    metric=r["metric"],
                    value=r["value"],
                    unit=r["unit"],
                    source_file=r["source_file"],
                    source_row=r["source_row"],
                    item=r["item"],
                    granularity=r["granularity"],
                )
                for r in rows
            ]
        return CanonicalTable(observations=observations, files=[_file_from(f) for f in json.loads(files)])

    def close(self) -> None:
        self._engine.dispose()
