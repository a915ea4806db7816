"""Audit facts as documents for the knowledge index (kind `audit`), so answers retrieve and cite
them like any other source, and the verifier can find their audit and re-derive their values.

The provenance keys written here (`bot.audit.rederive.AUDIT_KEYS`) are set only by this module:
the document loaders refuse a file whose front matter sets one."""

from __future__ import annotations

import json

from bot.audit.rederive import text_sha256
from bot.audit.report import AuditReport
from bot.index.manifest import FileRecord
from bot.ingest.documents import LoadedDocument, Section

# The index holds the facts of one audit at a time, under this manifest entry.
AUDIT_SOURCE = "audit"


def fact_documents(report: AuditReport) -> list[LoadedDocument]:
    publisher = "Your audit data (fictional sample)" if report.sample else "Your audit data"
    return [
        LoadedDocument(
            source=f"{AUDIT_SOURCE}:{report.id}#{fact.id}",
            title=fact.title,
            kind="audit",
            sections=[Section(text=fact.text, heading_path=[fact.period_label] if fact.period_label else [])],
            publisher=publisher,
            year=(fact.period_label or "")[-4:] if (fact.period_label or "")[-4:].isdigit() else None,
            extra={
                "fact_id": fact.id,
                "audit_id": report.id,
                "derived": json.dumps([d.model_dump() for d in fact.derived]),
                "text_sha256": text_sha256(fact.text),
                "sample": report.sample,
            },
        )
        for fact in report.facts
    ]


def audit_record(report: AuditReport, embedder: str) -> FileRecord:
    return FileRecord.computed(AUDIT_SOURCE, "audit", f"Audit {report.id}", report.model_dump_json(), embedder)
