"""Workspace administration over HTTP: keys, documents, conversations, feedback, retention,
deletion, export and the activity log. Thin like the other routers; the caller's workspace is
the only one any of these can touch."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, Response, UploadFile, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bot.api.routes import checked
from bot.api.uploads import problem_response, receive_uploads
from bot.feedback import FeedbackRecord
from bot.governance import (
    DocumentInfo, PurgeReport, delete_conversation, delete_document, documents, export_zip, purge,
)
from bot.ingest.documents import KINDS
from bot.ingest.pipeline import IngestReport
from bot.problems import ImportProblem
from bot.security.access import Admin, Editor, Reader, upward_of
from bot.security.activity import Activity
from bot.security.keys import KeyInfo, NewKey, parse_duration
from bot.workspace import Role, WorkspaceInfo

router = APIRouter(prefix="/v1")
UPLOAD_KINDS = tuple(k for k in KINDS if k not in ("audit", "public"))


class KeyRequest(BaseModel):
    role: Role
    name: str | None = Field(None, max_length=80)
    expires: str | None = Field(None, description="e.g. 90d, 12h, 2w; default: never", max_length=8)
    kind: Literal["api", "embed"] = "api"
    origins: list[str] = Field(default_factory=list, max_length=20)


class RetentionRequest(BaseModel):
    days: int = Field(..., ge=1, le=3650)


class ConversationList(BaseModel):
    conversations: list[str]


# --- keys -------------------------------------------------------------------------------------
@router.get("/keys", response_model=list[KeyInfo], tags=["admin"])
async def list_keys(who: Admin) -> list[KeyInfo]:
    """This workspace's keys: never their secrets."""
    return await run_in_threadpool(who.service.shared.keys.list, who.ctx.workspace)


@router.post("/keys", response_model=NewKey, status_code=status.HTTP_201_CREATED, tags=["admin"])
async def create_key(body: KeyRequest, who: Admin) -> NewKey:
    """A new key for this workspace; the secret is in this response only."""
    def create() -> NewKey:
        expires = parse_duration(body.expires) if body.expires else None
        key = who.service.shared.keys.create(
            workspace=who.ctx.workspace, role=body.role, name=body.name, expires_in=expires,
            kind=body.kind, origins=body.origins,
        )
        who.service.shared.activity.record(who.ctx, "key.create", f"{key.id} ({key.name}, {key.role})")
        return key

    return await checked(create)


@router.delete("/keys/{key_id}", response_model=KeyInfo, tags=["admin"])
async def revoke_key(key_id: str, who: Admin) -> KeyInfo:
    def revoke() -> KeyInfo:
        try:
            key = who.service.shared.keys.revoke(key_id, workspace=who.ctx.workspace)
        except KeyError:
            raise HTTPException(404, f"no key with id '{key_id}'") from None
        who.service.shared.activity.record(who.ctx, "key.revoke", key_id)
        return key

    return await run_in_threadpool(revoke)


@router.get("/activity", response_model=list[Activity], tags=["admin"])
async def activity(who: Admin, limit: int = Query(200, ge=1, le=10_000)) -> list[Activity]:
    """Who did what and when in this workspace, newest first (no secrets, no content)."""
    return await run_in_threadpool(who.service.shared.activity.read, who.ctx.workspace, limit)


# --- the workspace ----------------------------------------------------------------------------
@router.get("/workspace", response_model=WorkspaceInfo, tags=["admin"])
async def workspace(who: Reader) -> WorkspaceInfo:
    return await run_in_threadpool(who.service.shared.registry.require, who.ctx.workspace)


@router.put("/workspace/retention", response_model=WorkspaceInfo, tags=["admin"])
async def set_retention(body: RetentionRequest, who: Admin) -> WorkspaceInfo:
    """How long conversations, imported comments and feedback are kept (days)."""
    def update() -> WorkspaceInfo:
        info = who.service.shared.registry.set_retention(who.ctx.workspace, body.days)
        who.service.shared.activity.record(who.ctx, "retention.set", f"{body.days} days")
        return info

    return await checked(update)


@router.post("/workspace/purge", response_model=PurgeReport, tags=["admin"])
async def purge_now(who: Admin) -> PurgeReport:
    """Apply the retention period now (it also runs at start-up and daily)."""
    return await checked(lambda: purge(who.service, who.ctx))


@router.get("/workspace/export", tags=["admin"], response_class=Response,
            responses={200: {"content": {"application/zip": {}}}})
async def export(who: Admin) -> Response:
    """Everything this workspace holds, as one zip (subject-access requests, leaving)."""
    data = await run_in_threadpool(export_zip, who.service, who.ctx)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d")
    return Response(data, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="upward-{who.ctx.workspace}-{stamp}.zip"'
    })


@router.delete("/workspace", status_code=status.HTTP_204_NO_CONTENT, tags=["admin"])
async def delete_workspace(request: Request, who: Admin, confirm: str = Query(..., max_length=40)) -> Response:
    """Delete this whole workspace and every key of it. `confirm` must repeat its name."""
    if confirm != who.ctx.workspace:
        raise HTTPException(422, f"to delete the workspace, pass confirm={who.ctx.workspace}")
    await run_in_threadpool(upward_of(request).delete_workspace, who.ctx.workspace, who.ctx)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- documents --------------------------------------------------------------------------------
@router.get("/documents", response_model=list[DocumentInfo], tags=["documents"])
async def list_documents(who: Reader) -> list[DocumentInfo]:
    """This workspace's own documents (the shared knowledge is not listed)."""
    return await run_in_threadpool(documents, who.service)


@router.post("/documents", response_model=IngestReport, status_code=status.HTTP_201_CREATED, tags=["documents"])
async def upload_documents(
    who: Editor,
    files: list[UploadFile] = File(..., description="Markdown, text, HTML, PDF, DOCX or evidence CSV."),
    kind: str = Form("guidance", description="One of: guidance, evidence, peer."),
) -> IngestReport:
    """Add documents to this workspace. A file that cannot be read is reported with the reason
    (422 when none could be ingested) and nothing of it enters the index."""
    if kind not in UPLOAD_KINDS:  # audit and public facts are computed by Upward, never uploaded
        raise HTTPException(422, f"unknown kind '{kind}': use one of {', '.join(UPLOAD_KINDS)}")
    service = who.service
    with tempfile.TemporaryDirectory(prefix="upward-docs-") as tmp:
        names = await receive_uploads(service, files, Path(tmp))
        service.workspace.files_dir.mkdir(parents=True, exist_ok=True)
        kept, previous = [], {}
        for path, name in names.items():
            target = service.workspace.files_dir / name
            if target.is_file():  # a stored document of that name: kept aside until the new one is in
                previous[name] = Path(tmp) / f".previous-{len(previous)}"
                shutil.copy2(target, previous[name])
            shutil.copyfile(path, target)
            kept.append(target)

        def put_back(name: str) -> None:
            target = service.workspace.files_dir / name
            if name in previous:
                shutil.copy2(previous[name], target)
            else:
                target.unlink(missing_ok=True)

        try:
            report = await run_in_threadpool(lambda: service.run_job(lambda: service.ingest(kept, kind=kind)))
        except BaseException:
            for name in names.values():
                put_back(name)
            raise
        for result in report.failed:  # the index kept the old version (if any): so do the files
            put_back(Path(result.source).name)
    for result in report.results:
        if result.status != "failed":
            service.shared.activity.record(who.ctx, "document.ingest", Path(result.source).name)
    if report.failed and len(report.failed) == len(report.results):
        raise problem_response([ImportProblem(file=Path(r.source).name, message=r.reason or "not readable")
                                for r in report.failed])
    return _public(report)


def _public(report: IngestReport) -> IngestReport:
    """The report with file names instead of server paths."""
    results = [r.model_copy(update={"source": Path(r.source).name}) for r in report.results]
    return report.model_copy(update={"results": results})


@router.delete("/documents/{name}", status_code=status.HTTP_204_NO_CONTENT, tags=["documents"])
async def remove_document(name: str, who: Admin) -> Response:
    """Delete a document: its chunks leave the index and its stored file is removed."""
    await checked(lambda: delete_document(who.service, who.ctx, name))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- conversations and feedback ---------------------------------------------------------------
@router.get("/conversations", response_model=ConversationList, tags=["answers"])
async def list_conversations(who: Reader) -> ConversationList:
    """The caller's conversations, newest first (an admin sees every one in the workspace)."""
    owner = None if who.ctx.can("admin") else who.ctx.actor
    return ConversationList(conversations=await run_in_threadpool(who.service.memory.ids, owner))


@router.delete("/conversations/{conversation_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["answers"])
async def remove_conversation(conversation_id: str, who: Reader) -> Response:
    """Forget a conversation (your own; an admin any) and the feedback on it."""
    await checked(lambda: delete_conversation(who.service, who.ctx, conversation_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/feedback", response_model=list[FeedbackRecord], tags=["admin"])
async def list_feedback(who: Admin) -> list[FeedbackRecord]:
    """Feedback on answers in this workspace, newest first."""
    return await run_in_threadpool(who.service.feedback.list)
