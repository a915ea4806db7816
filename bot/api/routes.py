"""HTTP routes for answers: parse, call the caller's workspace service, serialise. No logic here.

Every /v1 route names the least role it needs (`Reader`, `Editor`, `Admin` from
bot.security.access); the workspace comes from the caller's key, never from the body.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TypeVar

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel
from sse_starlette import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from bot.contract import Answer, AskRequest, CaseRequest, Source, StreamEvent
from bot.feedback import FeedbackIn, FeedbackRecord
from bot.problems import NotFound
from bot.security.access import Caller, Reader, upward_of

router = APIRouter()
T = TypeVar("T")


class Features(BaseModel):
    """What this server offers, so a channel shows only what works (e.g. the briefing button)."""

    briefings: bool
    rehearsal: bool = True
    feedback: bool = True
    case: bool = True


class Created(BaseModel):
    id: str


@router.get("/healthz", tags=["ops"])
async def healthz(request: Request) -> dict:
    """Liveness and what is loaded; no key needed, and nothing of any workspace's data."""
    upward = upward_of(request)
    return await run_in_threadpool(lambda: upward.service().health())


async def checked(call: Callable[[], T]) -> T:
    """Run a service call off the event loop. Its `NotFound` becomes a 404, and its ValueError
    (bad input, refused before anything changed) a 422, each with the service's message."""
    try:
        return await run_in_threadpool(call)
    except NotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


def owner_of(who: Caller) -> str:
    return who.ctx.actor


@router.post("/v1/ask", response_model=Answer, tags=["answers"])
async def ask(body: AskRequest, who: Reader) -> Answer:
    """Answer a question or a leadership objection with cited, verified evidence (the JSON
    answer contract). Pass the returned `conversation_id` back for follow-ups."""
    return await checked(lambda: who.service.ask(
        body.question, body.history, audience=body.audience, conversation_id=body.conversation_id,
        owner=owner_of(who),
    ))


def sse(events: Iterator[StreamEvent], request: Request) -> EventSourceResponse:
    async def send():
        async for event in iterate_in_threadpool(events):
            if await request.is_disconnected():
                break
            yield {"event": event.event, "data": json.dumps(event.data)}

    return EventSourceResponse(send(), ping=15)


@router.post("/v1/ask/stream", tags=["answers"])
async def ask_stream(body: AskRequest, request: Request, who: Reader) -> EventSourceResponse:
    """The same answer as server-sent events: `status`…, `token`…, `citations`, `done` (the
    Answer) or `error`. Bad input is refused before the stream starts (404 or 422)."""
    events = await checked(lambda: who.service.stream(
        body.question, body.history, audience=body.audience, conversation_id=body.conversation_id,
        owner=owner_of(who),
    ))
    return sse(events, request)


@router.post("/v1/case", response_model=Answer, tags=["answers"])
async def case(body: CaseRequest, who: Reader) -> Answer:
    """Draft a business case along the method; every section cites its evidence or says which
    data to gather. `sections` carries the parts for channels that lay them out."""
    return await checked(lambda: who.service.case(
        audience=body.audience, focus=body.focus, conversation_id=body.conversation_id, owner=owner_of(who)
    ))


@router.post("/v1/case/stream", tags=["answers"])
async def case_stream(body: CaseRequest, request: Request, who: Reader) -> EventSourceResponse:
    """The business case as server-sent events, like /v1/ask/stream."""
    events = await checked(lambda: who.service.stream_case(
        audience=body.audience, focus=body.focus, conversation_id=body.conversation_id, owner=owner_of(who)
    ))
    return sse(events, request)


@router.get("/v1/sources/{source_id}", response_model=Source, tags=["sources"])
async def get_source(source_id: str, who: Reader) -> Source:
    """The stored text of a cited source, by the `id` given in an answer's citations (only the
    shared knowledge and the caller's own workspace are searched)."""
    found = await run_in_threadpool(who.service.source, source_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no source with id '{source_id}'")
    return found


@router.post("/v1/feedback", response_model=FeedbackRecord, status_code=status.HTTP_201_CREATED, tags=["answers"])
async def feedback(body: FeedbackIn, who: Reader) -> FeedbackRecord:
    """Helpful or not, with a reason and a comment, stored against the conversation's latest
    answer and its citations."""
    return await checked(lambda: who.service.record_feedback(
        body, owner=None if who.ctx.can("admin") else owner_of(who),
        channel="widget" if who.ctx.session else "api", actor=owner_of(who),
    ))


@router.get("/v1/features", response_model=Features, tags=["ops"])
async def features(request: Request, who: Reader) -> Features:
    """What this server offers the caller's channel."""
    return Features(briefings=bool(getattr(request.app.state, "briefings", False)))
