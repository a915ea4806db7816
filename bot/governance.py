"""Data protection for a workspace: delete on request, retention, and export (UK GDPR).

Each delete removes the rows, the index entries and the files together, so nothing is left
behind that an answer could still cite; the activity log records who did it, never the content.
Retention forgets conversations, imported comments and feedback older than the workspace's
period. Export puts everything a workspace holds into one zip (subject-access requests, leaving).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import shutil
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel
from sqlalchemy import MetaData, select

from bot.audit.indexing import AUDIT_SOURCE
from bot.database import open_database
from bot.listening.facts import LISTENING_SOURCE
from bot.problems import NotFound
from bot.workspace import RequestContext

if TYPE_CHECKING:
    from bot.app_context import Upward
    from bot.service import UpwardService

log = logging.getLogger(__name__)
COMPUTED_SOURCES = {AUDIT_SOURCE, LISTENING_SOURCE}


class PurgeReport(BaseModel):
    workspace: str
    retention_days: int
    conversations: int
    listening_imports: int
    feedback: int


class DocumentInfo(BaseModel):
    """An ingested document of the workspace, named by its file name (server paths stay private)."""

    name: str
    title: str
    kind: str
    chunks: int
    ingested_at: dt.datetime | None = None


def _record(service: UpwardService, ctx: RequestContext, action: str, target: str) -> None:
    service.shared.activity.record(ctx, action, target)


def delete_conversation(service: UpwardService, ctx: RequestContext, conversation_id: str) -> None:
    """A reader deletes their own conversation; an admin any in the workspace."""
    owner = None if ctx.can("admin") else ctx.actor
    if not service.memory.exists(conversation_id, owner):
        raise NotFound(f"no conversation with id '{conversation_id}'")
    service.feedback.delete_conversation(conversation_id)
    service.memory.delete(conversation_id)
    _record(service, ctx, "conversation.delete", conversation_id)


def _unindex(service: UpwardService, source: str) -> None:
    if service.own_store.remove_file(source):
        service.own_store.rebuild_keyword_index()
    service.finder.invalidate()


def delete_listening(service: UpwardService, ctx: RequestContext, set_id: str) -> None:
    """Remove an import of public comments; if its facts were in the index they leave at once."""
    if service.listening.report_json(set_id) is None:
        raise NotFound(f"no listening import with id '{set_id}'")
    with service.lock:
        if service.listening.active_id() == set_id:
            _unindex(service, LISTENING_SOURCE)
        service.listening.delete(set_id)
    _record(service, ctx, "listening.delete", set_id)


def delete_audit(service: UpwardService, ctx: RequestContext, audit_id: str) -> None:
    """Remove an audit: its rows, its report folder and, if active, its facts in the index."""
    if service.audits.report_json(audit_id) is None:
        raise NotFound(f"no audit with id '{audit_id}'")
    with service.lock:
        if service.audits.active_id() == audit_id:
            _unindex(service, AUDIT_SOURCE)
        service.audits.delete(audit_id)
        shutil.rmtree(service.workspace.audits_dir / audit_id, ignore_errors=True)
    _record(service, ctx, "audit.delete", audit_id)


def _own_documents(service: UpwardService):
    return [r for r in service.own_store.manifest.all() if r.source not in COMPUTED_SOURCES]


def documents(service: UpwardService) -> list[DocumentInfo]:
    """The workspace's own ingested documents (not the shared knowledge, not computed facts)."""
    return [
        DocumentInfo(name=Path(r.source).name, title=r.title, kind=r.kind, chunks=len(r.chunk_ids),
                     ingested_at=r.ingested_at)
        for r in _own_documents(service)
    ]


def delete_document(service: UpwardService, ctx: RequestContext, name: str) -> None:
    """Remove a document by its file name: its chunks leave the index, its stored file goes."""
    matches = [r for r in _own_documents(service) if Path(r.source).name == name]
    if not matches:
        raise NotFound(f"no document '{name}' in this workspace")
    with service.lock:
        for record in matches:
            _unindex(service, record.source)
        stored = service.workspace.files_dir / name
        if stored.is_file() and stored.resolve().parent == service.workspace.files_dir.resolve():
            stored.unlink()
    _record(service, ctx, "document.delete", name)


def purge(service: UpwardService, ctx: RequestContext, now: dt.datetime | None = None) -> PurgeReport:
    """Apply the workspace's retention period to conversations, comment imports and feedback."""
    info = service.shared.registry.require(service.workspace.name)
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=info.retention_days)
    conversations = service.memory.purge_before(cutoff)
    feedback = service.feedback.purge_before(cutoff)
    if service.settings.teams_app_id:  # Teams thread and message mappings age with the conversations
        from bot.channels.teams.threads import TeamsThreads

        TeamsThreads(service.workspace.database_url).purge_before(cutoff)
    old_imports = [s.id for s in service.listening.list() if _aware(s.created_at) < cutoff]
    for set_id in old_imports:
        delete_listening(service, ctx, set_id)
    report = PurgeReport(
        workspace=info.name, retention_days=info.retention_days, conversations=len(conversations),
        listening_imports=len(old_imports), feedback=feedback,
    )
    if conversations or feedback or old_imports:
        _record(service, ctx, "purge", f"{len(conversations)} conversations, {len(old_imports)} imports, {feedback} feedback")
    return report


def purge_all(upward: Upward, ctx_for) -> list[PurgeReport]:
    """Retention over every workspace (start-up and daily); `ctx_for(name)` names the actor."""
    reports = []
    for info in upward.shared.registry.all():
        try:
            reports.append(purge(upward.service(info.name), ctx_for(info.name)))
        except Exception:  # noqa: BLE001 - one broken workspace must not stop the others' retention
            log.exception("retention purge failed for workspace %s", info.name)
    return reports


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def export_zip(service: UpwardService, ctx: RequestContext) -> bytes:
    """Everything the workspace holds: every table as JSON, its files, its keys (never secrets)
    and its activity log."""
    buffer = io.BytesIO()
    engine = open_database(service.workspace.database_url, MetaData())
    tables = MetaData()
    tables.reflect(engine)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        with engine.connect() as conn:
            for name, table in sorted(tables.tables.items()):
                rows = [dict(r) for r in conn.execute(select(table)).mappings()]
                out.writestr(f"tables/{name}.json", json.dumps(rows, default=str, ensure_ascii=False, indent=1))
        for folder in (service.workspace.audits_dir, service.workspace.briefings_dir, service.workspace.files_dir):
            if folder.is_dir():
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    out.write(path, f"files/{path.relative_to(service.workspace.root).as_posix()}")
        keys = [k.model_dump(mode="json") for k in service.shared.keys.list(service.workspace.name)]
        out.writestr("keys.json", json.dumps(keys, indent=1))
        activity = [a.model_dump(mode="json") for a in service.shared.activity.read(service.workspace.name, limit=100_000)]
        out.writestr("activity.json", json.dumps(activity, indent=1))
        out.writestr("README.txt", (
            f"Upward export of workspace '{service.workspace.name}', {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.\n"
            "tables/: every database table of the workspace as JSON (conversations, audits with their\n"
            "rows, redacted public comments, feedback, the document manifest).\n"
            "files/: audit report folders, briefing notes and uploaded files.\n"
            "keys.json: the workspace's API keys (names, roles, dates; never secrets).\n"
            "activity.json: who did what, when.\n"
        ))
    _record(service, ctx, "workspace.export", service.workspace.name)
    return buffer.getvalue()
