"""Briefing-note endpoints: make one, download it, list them. Thin: the work is in bot.briefing;
briefings are kept in the caller's workspace folder."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import FileResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from bot.briefing import (
    BriefingError, BriefingRecord, BriefingRequest, BriefingStore, PdfUnavailable, SubjectNotFound, make_briefing,
)
from bot.briefing.model import BriefingList
from bot.security.access import Caller, Reader
from bot.service import UpwardService

router = APIRouter(prefix="/v1/briefings", tags=["briefings"])


class BriefingCreated(BaseModel):
    id: str
    title: str
    format: str
    file_name: str
    download: str
    figures_verified: int
    sample: bool


def store_of(service: UpwardService) -> BriefingStore:
    return BriefingStore(service.workspace.briefings_dir)


def _linked(record: BriefingRecord, request: Request) -> BriefingRecord:
    return record.model_copy(update={"download": str(request.url_for("download_briefing", briefing_id=record.id))})


def _owner(who: Caller) -> str:
    return who.ctx.actor


def _visible_to(who: Caller) -> str | None:
    """Whose briefings the caller may see: an admin every one in the workspace, anyone else
    only their own (one embed key is shared by every intranet user)."""
    return None if who.ctx.can("admin") else _owner(who)


@router.post("", response_model=BriefingCreated, status_code=status.HTTP_201_CREATED)
async def create_briefing(body: BriefingRequest, request: Request, who: Reader) -> BriefingCreated:
    """Make a briefing note (a business case on `topic`, an answer to one `objection`, or the last
    answer of `conversation_id`) in the house template. Every figure is verified first: 422 names
    any that fail and nothing is stored; 503 when PDF is asked for without LibreOffice."""
    service = who.service

    def make() -> tuple[BriefingRecord, int]:
        made = make_briefing(service, body, owner=_owner(who))
        record = store_of(service).save(
            made.data, title=made.note.title, fmt=made.format, flow=made.flow, audience=made.audience,
            sample=made.sample, owner=_owner(who),
        )
        return record, len(made.figures)

    try:
        record, figures = await run_in_threadpool(make)
    except SubjectNotFound as exc:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=str(exc)) from None
    except PdfUnavailable as exc:
        raise HTTPException(status_code=status.HTTP_503_SERVICE_UNAVAILABLE, detail=str(exc)) from None
    except (BriefingError, ValueError) as exc:
        raise HTTPException(status_code=status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc)) from None
    linked = _linked(record, request)
    return BriefingCreated(
        id=record.id, title=record.title, format=record.format, file_name=record.file_name,
        download=linked.download, figures_verified=figures, sample=record.sample,
    )


@router.get("", response_model=BriefingList)
async def list_briefings(request: Request, who: Reader) -> BriefingList:
    """The caller's briefings (an admin: the workspace's), newest first, each with its download link."""
    found = await run_in_threadpool(store_of(who.service).list, _visible_to(who))
    return BriefingList(briefings=[_linked(r, request) for r in found])


@router.get("/{briefing_id}", name="download_briefing", response_class=FileResponse)
async def download_briefing(briefing_id: str, who: Reader) -> FileResponse:
    """The briefing file, as an attachment with its own name and content type."""
    store = store_of(who.service)
    record = await run_in_threadpool(store.get, briefing_id)
    owner = _visible_to(who)
    if record is None or (owner is not None and record.owner != owner) or not store.path(record).is_file():
        raise HTTPException(status_code=404, detail=f"no briefing with id '{briefing_id}'")
    return FileResponse(store.path(record), media_type=record.media_type, filename=record.file_name)
