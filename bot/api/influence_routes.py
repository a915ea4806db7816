"""Influence-up endpoints: rehearsal, public conversation import, the objection taxonomy and the
audiences. Thin, like the other routers: parse, call the service, serialise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, File, HTTPException, Response, UploadFile, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from bot.api.routes import checked
from bot.api.uploads import problem_response, receive_uploads
from bot.contract import Challenge, Rehearsal, RehearseRequest, ReplyRequest
from bot.governance import delete_listening
from bot.listening.report import ListeningReport
from bot.problems import ImportFailed
from bot.security.access import Admin, Editor, Reader

router = APIRouter(prefix="/v1")


class ProfileSummary(BaseModel):
    id: str
    label: str
    description: str | None = None


@router.get("/objections", response_model=list[ProfileSummary], tags=["influence"])
async def objections(who: Reader) -> list[ProfileSummary]:
    """The objection types Upward recognises and has a rebuttal playbook for."""
    found = await run_in_threadpool(who.service.objections)
    return [ProfileSummary(id=o.id, label=o.label, description=o.description) for o in found]


@router.get("/audiences", response_model=list[ProfileSummary], tags=["influence"])
async def audiences(who: Reader) -> list[ProfileSummary]:
    """The audiences an answer or a case can be framed for."""
    found = await run_in_threadpool(who.service.audiences)
    return [ProfileSummary(id=a.id, label=a.label, description=a.sections.get("cares")) for a in found]


@router.post("/rehearse", response_model=Challenge, tags=["influence"])
async def rehearse(body: RehearseRequest, who: Reader) -> Challenge:
    """Start a rehearsal round: Upward plays a sceptical leader and raises an objection."""
    service = who.service
    return await checked(lambda: service.rehearse(audience=body.audience, objection=body.objection, seed=body.seed))


@router.post("/rehearse/reply", response_model=Rehearsal, tags=["influence"])
async def rehearse_reply(body: ReplyRequest, who: Reader) -> Rehearsal:
    """Score a reply to the leader (own data, external evidence, the concern, a measurable next
    step), return a stronger, cited version and the leader's next line."""
    service = who.service
    return await checked(
        lambda: service.score_rehearsal(
            objection=body.objection, reply=body.reply, audience=body.audience, line=body.line
        )
    )


@router.post("/listen", response_model=ListeningReport, status_code=status.HTTP_201_CREATED, tags=["influence"])
async def listen(
    response: Response,
    who: Editor,
    files: list[UploadFile] = File(..., description="Social-listening or comment exports (CSV)."),
) -> ListeningReport:
    """Import public comments: personal data is redacted before anything is stored, then themes
    and sentiment become citable "what the public is saying" facts. A file that cannot be read
    gives 422 with every problem, and nothing is imported."""
    service = who.service
    with tempfile.TemporaryDirectory(prefix="upward-listen-") as tmp:
        names = await receive_uploads(service, files, Path(tmp))
        try:
            report = await run_in_threadpool(
                lambda: service.run_job(lambda: service.listen(list(names), names=names))
            )
        except ImportFailed as exc:
            raise problem_response(exc.problems) from None
    service.shared.activity.record(who.ctx, "listening.import", report.id)
    response.headers["Location"] = f"/v1/listen/{report.id}"
    return report


@router.get("/listen/{listening_id}", response_model=ListeningReport, tags=["influence"])
async def get_listening(listening_id: str, who: Reader) -> ListeningReport:
    found = await run_in_threadpool(who.service.get_listening, listening_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no listening import with id '{listening_id}'")
    return found


@router.delete("/listen/{listening_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["influence"])
async def remove_listening(listening_id: str, who: Admin) -> Response:
    """Delete an import of public comments; its facts leave the index at once."""
    await checked(lambda: delete_listening(who.service, who.ctx, listening_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
