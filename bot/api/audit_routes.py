"""Audit endpoints: upload exports for an audit, read a stored audit and its charts. Thin: the
uploads are saved to a temporary folder under their own names and handed to the service."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, File, HTTPException, Response, UploadFile, status
from fastapi.responses import FileResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from bot.api.uploads import problem_response, receive_uploads
from bot.api.routes import checked
from bot.audit.report import AuditReport
from bot.governance import delete_audit
from bot.problems import ImportFailed
from bot.security.access import Admin, Editor, Reader

router = APIRouter(prefix="/v1/audit", tags=["audit"])


class AuditList(BaseModel):
    active: str | None
    audits: list[str]


@router.post("", response_model=AuditReport, status_code=status.HTTP_201_CREATED)
async def create_audit(
    response: Response,
    who: Editor,
    files: list[UploadFile] = File(..., description="Channel exports (CSV or XLSX)."),
    peers: UploadFile | None = File(None, description="Optional peer dataset CSV."),
) -> AuditReport:
    """Audit uploaded exports. A file that cannot be read gives 422 with every problem (file,
    row, column) and nothing is imported; otherwise the audit becomes the active one."""
    service = who.service
    with tempfile.TemporaryDirectory(prefix="upward-upload-") as tmp:
        folder = Path(tmp)
        names = await receive_uploads(service, files, folder / "exports")
        paths = list(names)
        if peers is not None:
            names.update(await receive_uploads(service, [peers], folder / "peers", extra_files=len(files)))
        peers_path = next((p for p in names if p.parent.name == "peers"), None)
        try:
            report = await run_in_threadpool(
                lambda: service.run_job(lambda: service.audit(paths, peers=peers_path, names=names))
            )
        except ImportFailed as exc:
            raise problem_response(exc.problems) from None
    service.shared.activity.record(who.ctx, "audit.import", report.id)
    response.headers["Location"] = f"/v1/audit/{report.id}"
    return report


@router.get("", response_model=AuditList)
async def list_audits(who: Reader) -> AuditList:
    """Stored audits, oldest first, and which one answers use."""
    service = who.service
    return AuditList(active=service.audits.active_id(), audits=service.audits.ids())


@router.get("/{audit_id}", response_model=AuditReport)
async def get_audit(audit_id: str, who: Reader) -> AuditReport:
    found = await run_in_threadpool(who.service.get_audit, audit_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no audit with id '{audit_id}'")
    return found


@router.get("/{audit_id}/charts/{filename}", response_class=FileResponse)
async def get_chart(audit_id: str, filename: str, who: Reader) -> FileResponse:
    """A chart of the audit as PNG or SVG, by the file name `<chart name>.png|svg`."""
    path = await run_in_threadpool(who.service.audit_chart, audit_id, filename)
    if path is None:
        raise HTTPException(status_code=404, detail=f"no chart '{filename}' in audit '{audit_id}'")
    media = "image/svg+xml" if filename.endswith(".svg") else "image/png"
    return FileResponse(path, media_type=media)


@router.delete("/{audit_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_audit(audit_id: str, who: Admin) -> Response:
    """Delete an audit: its rows, its report folder and, if it is the active one, its facts in
    the index (answers stop citing them at once)."""
    await checked(lambda: delete_audit(who.service, who.ctx, audit_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
