"""Audit endpoints: upload exports for an audit, read a stored audit and its charts. Thin: the
uploads are saved to a temporary folder under their own names and handed to the service."""

from __future__ import annotations

import tempfile
from pathlib import Path, PurePath

from fastapi import APIRouter, File, HTTPException, Request, Response, UploadFile, status
from fastapi.responses import FileResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from bot.api.routes import service_of
from bot.problems import ImportFailed, ImportProblem
from bot.audit.report import AuditReport

router = APIRouter(prefix="/v1/audit", tags=["audit"])


class AuditList(BaseModel):
    active: str | None
    audits: list[str]


def safe_name(upload: UploadFile, index: int) -> str:
    """The upload's own file name, without any folder part; a stand-in if it has none."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name.strip()
    return name if name not in ("", ".", "..") else f"upload-{index}"


def problem_response(problems: list[ImportProblem]) -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        detail={
            "message": f"{len(problems)} problem(s) in the uploaded files; nothing was imported",
            "problems": [
                {"file": p.file, "row": p.row, "column": p.column, "message": p.message} for p in problems
            ],
        },
    )


async def save_upload(upload: UploadFile, folder: Path, name: str, limit: int) -> Path:
    path = folder / name
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise problem_response(
                    [ImportProblem(file=name, message=f"file is over the {limit / 1e6:g} MB limit (UPWARD_MAX_FILE_MB)")]
                )
            out.write(chunk)
    return path


@router.post("", response_model=AuditReport, status_code=status.HTTP_201_CREATED)
async def create_audit(
    request: Request,
    response: Response,
    files: list[UploadFile] = File(..., description="Channel exports (CSV or XLSX)."),
    peers: UploadFile | None = File(None, description="Optional peer dataset CSV."),
) -> AuditReport:
    """Audit uploaded exports. A file that cannot be read gives 422 with every problem (file,
    row, column) and nothing is imported; otherwise the audit becomes the active one."""
    service = service_of(request)
    limit = int(service.settings.max_file_mb * 1_000_000)
    with tempfile.TemporaryDirectory(prefix="upward-upload-") as tmp:
        folder = Path(tmp)
        names: dict[Path, str] = {}
        paths: list[Path] = []
        for i, upload in enumerate(files):
            name = safe_name(upload, i)
            if name in names.values():
                raise problem_response([ImportProblem(file=name, message="uploaded twice in one request")])
            (folder / "exports").mkdir(exist_ok=True)
            path = await save_upload(upload, folder / "exports", name, limit)
            names[path] = name
            paths.append(path)
        peers_path = None
        if peers is not None:
            (folder / "peers").mkdir()
            peers_path = await save_upload(peers, folder / "peers", safe_name(peers, 0), limit)
            names[peers_path] = safe_name(peers, 0)
        try:
            report = await run_in_threadpool(service.audit, paths, peers=peers_path, names=names)
        except ImportFailed as exc:
            raise problem_response(exc.problems) from None
    response.headers["Location"] = f"/v1/audit/{report.id}"
    return report


@router.get("", response_model=AuditList)
async def list_audits(request: Request) -> AuditList:
    """Stored audits, oldest first, and which one answers use."""
    service = service_of(request)
    return AuditList(active=service.audits.active_id(), audits=service.audits.ids())


@router.get("/{audit_id}", response_model=AuditReport)
async def get_audit(audit_id: str, request: Request) -> AuditReport:
    found = await run_in_threadpool(service_of(request).get_audit, audit_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no audit with id '{audit_id}'")
    return found


@router.get("/{audit_id}/charts/{filename}", response_class=FileResponse)
async def get_chart(audit_id: str, filename: str, request: Request) -> FileResponse:
    """A chart of the audit as PNG or SVG, by the file name `<chart name>.png|svg`."""
    path = await run_in_threadpool(service_of(request).audit_chart, audit_id, filename)
    if path is None:
        raise HTTPException(status_code=404, detail=f"no chart '{filename}' in audit '{audit_id}'")
    media = "image/svg+xml" if filename.endswith(".svg") else "image/png"
    return FileResponse(path, media_type=media)
