"""Receiving uploaded files safely: every limit checked while the bytes stream in.

Names lose any folder part (no `../`), each file is counted against the size limit as it is
written, a CSV against its row and column limits as it arrives, and the whole upload against
the workspace's total size, so an oversized or hostile upload is refused before it is kept.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from fastapi import HTTPException, UploadFile, status

from bot.ingest.archives import archive_problem
from bot.ingest.loaders import OFFICE_EXPANSION
from bot.problems import ImportProblem

if TYPE_CHECKING:
    from bot.service import UpwardService

CHUNK = 1 << 20


def safe_name(upload: UploadFile, index: int) -> str:
    """The upload's own file name, without any folder part, control characters or bidi
    overrides (which disguise an extension: 'report\u202egpj.md'); a stand-in if none is left."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf")).strip()
    return name[:200] if name not in ("", ".", "..") else f"upload-{index}"


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


def _refuse(name: str, message: str) -> HTTPException:
    return problem_response([ImportProblem(file=name, message=message)])


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


async def receive_uploads(
    service: UpwardService, uploads: list[UploadFile], folder: Path, *, extra_files: int = 0
) -> dict[Path, str]:
    """Save uploads into `folder` under their own names; {path: name}. Any limit broken is a
    422 naming the limit and the value, and nothing is kept (the caller's folder is temporary)."""
    settings = service.settings
    if len(uploads) + extra_files > settings.max_upload_files:
        raise _refuse(
            "(upload)", f"{len(uploads) + extra_files} files in one upload, over the limit of "
            f"{settings.max_upload_files} (UPWARD_MAX_UPLOAD_FILES)",
        )
    room = int(settings.max_workspace_mb * 1e6) - folder_bytes(service.workspace.root)
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[Path, str] = {}
    for i, upload in enumerate(uploads):
        name = safe_name(upload, i)
        if name in names.values():
            raise _refuse(name, "uploaded twice in one request")
        path = folder / name
        size = await _save(upload, path, name, service, room)
        room -= size
        names[path] = name
    return names


async def _save(upload: UploadFile, path: Path, name: str, service: UpwardService, room: int) -> int:
    settings = service.settings
    limit = int(settings.max_file_mb * 1_000_000)
    is_csv = name.lower().endswith((".csv", ".tsv", ".txt"))
    size = rows = 0
    header = b""
    with path.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise _refuse(name, f"file is over the {settings.max_file_mb:g} MB limit (UPWARD_MAX_FILE_MB)")
            if size > room:
                raise _refuse(name, f"the workspace would pass its {settings.max_workspace_mb:g} MB limit (UPWARD_MAX_WORKSPACE_MB)")
            if is_csv:
                if len(header) < 65536 and b"\n" not in header:
                    header += chunk[:65536]
                # Rows end in \n, \r\n or a lone \r (the csv module reads all three).
                rows += max(chunk.count(b"\n"), chunk.count(b"\r"))
                if rows > settings.max_csv_rows + 1:
                    raise _refuse(name, f"more than {settings.max_csv_rows} rows, the limit (UPWARD_MAX_CSV_ROWS)")
            out.write(chunk)
    if name.lower().endswith((".docx", ".xlsx")):
        hostile = archive_problem(path, max_expanded=OFFICE_EXPANSION * max(size, 1_000_000),
                                  max_rows=settings.max_csv_rows)
        if hostile:
            raise _refuse(name, hostile)
    if is_csv and header:
        first = header.split(b"\n", 1)[0].decode("utf-8", errors="replace")
        try:
            columns = len(next(csv.reader(io.StringIO(first), csv.Sniffer().sniff(first, ",;\t|")), []))
        except csv.Error:
            columns = len(next(csv.reader(io.StringIO(first)), []))
        if columns > settings.max_csv_columns:
            raise _refuse(name, f"{columns} columns, over the limit of {settings.max_csv_columns} (UPWARD_MAX_CSV_COLUMNS)")
    return size
