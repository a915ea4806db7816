"""Influence-up endpoints: rehearsal, public conversation import, the objection taxonomy and the
audiences. Thin, like the other routers: parse, call the service, serialise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, File, HTTPException, Request, Response, UploadFile, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from bot.api.audit_routes import problem_response, safe_name, save_upload
from bot.api.routes import checked, service_of
from bot.contract import Challenge, Rehearsal, RehearseRequest, ReplyRequest
from bot.problems import ImportFailed, ImportProblem
from bot.listening.report import ListeningReport

router = APIRouter(prefix="/v1")


class ProfileSummary(BaseModel):
    id: str
    label: str
    description: str | None = None


@router.get("/objections", response_model=list[ProfileSummary], tags=["influence"])
async def objections(request: Request) -> list[ProfileSummary]:
    """The objection types Upward recognises and has a rebuttal playbook for."""
    found = await run_in_threadpool(service_of(request).objections)
    return [ProfileSummary(id=o.id, label=o.label, description=o.description) for o in found]


@router.get("/audiences", response_model=list[ProfileSummary], tags=["influence"])
async def audiences(request: Request) -> list[ProfileSummary]:
    """The audiences an answer or a case can be framed for."""
    found = await run_in_threadpool(service_of(request).audiences)
    return [ProfileSummary(id=a.id, label=a.label, description=a.sections.get("cares")) for a in found]


@router.post("/rehearse", response_model=Challenge, tags=["influence"])
async def rehearse(body: RehearseRequest, request: Request) -> Challenge:
    """Start a rehearsal round: Upward plays a sceptical leader and raises an objection."""
    service = service_of(request)
    return await checked(lambda: service.rehearse(audience=body.audience, objection=body.objection, seed=body.seed))


@router.post("/rehearse/reply", response_model=Rehearsal, tags=["influence"])
async def rehearse_reply(body: ReplyRequest, request: Request) -> Rehearsal:
    """Score a reply to the leader (own data, external evidence, the concern, a measurable next
    step) and return a stronger, cited version."""
    service = service_of(request)
    return await checked(
        lambda: service.score_rehearsal(
            objection=body.objection, reply=body.reply, audience=body.audience, line=body.line
        )
    )


@router.post("/listen", response_model=ListeningReport, status_code=status.HTTP_201_CREATED, tags=["influence"])
async def listen(
    request: Request,
    response: Response,
    files: list[UploadFile] = File(..., description="Social-listening or comment exports (CSV)."),
) -> ListeningReport:
    """Import public comments: personal data is redacted before anything is stored, then themes
    and sentiment become citable "what the public is saying" facts. A file that cannot be read
    gives 422 with every problem, and nothing is imported."""
    service = service_of(request)
    limit = int(service.settings.max_file_mb * 1_000_000)
    with tempfile.TemporaryDirectory(prefix="upward-listen-") as tmp:
        names: dict[Path, str] = {}
        for i, upload in enumerate(files):
            name = safe_name(upload, i)
            if name in names.values():
                raise problem_response([ImportProblem(file=name, message="uploaded twice in one request")])
            names[await save_upload(upload, Path(tmp), name, limit)] = name
        try:
            report = await run_in_threadpool(lambda: service.listen(list(names), names=names))
        except ImportFailed as exc:
            raise problem_response(exc.problems) from None
    response.headers["Location"] = f"/v1/listen/{report.id}"
    return report


@router.get("/listen/{listening_id}", response_model=ListeningReport, tags=["influence"])
async def get_listening(listening_id: str, request: Request) -> ListeningReport:
    found = await run_in_threadpool(service_of(request).get_listening, listening_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no listening import with id '{listening_id}'")
    return found
