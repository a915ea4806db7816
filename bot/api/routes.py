"""HTTP routes: parse, call the answer service, serialise. No logic lives here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TypeVar

from fastapi import APIRouter, HTTPException, Request
from sse_starlette import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from bot.contract import Answer, AskRequest, CaseRequest, Source, StreamEvent
from bot.service import UpwardService

router = APIRouter()
T = TypeVar("T")


def service_of(request: Request) -> UpwardService:
    return request.app.state.service


@router.get("/healthz", tags=["ops"])
async def healthz(request: Request) -> dict:
    return await run_in_threadpool(service_of(request).health)


async def checked(call: Callable[[], T]) -> T:
    """Run a service call off the event loop; its ValueError (bad input, refused before anything
    changed) becomes a 422 with the service's message."""
    try:
        return await run_in_threadpool(call)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


@router.post("/v1/ask", response_model=Answer, tags=["answers"])
async def ask(body: AskRequest, request: Request) -> Answer:
    """Answer a question or a leadership objection with cited, verified evidence (the JSON
    answer contract). Pass the returned `conversation_id` back for follow-ups."""
    service = service_of(request)
    return await checked(
        lambda: service.ask(body.question, body.history, audience=body.audience, conversation_id=body.conversation_id)
    )


def sse(events: Iterator[StreamEvent], request: Request) -> EventSourceResponse:
    async def send():
        async for event in iterate_in_threadpool(events):
            if await request.is_disconnected():
                break
            yield {"event": event.event, "data": json.dumps(event.data)}

    return EventSourceResponse(send(), ping=15)


@router.post("/v1/ask/stream", tags=["answers"])
async def ask_stream(body: AskRequest, request: Request) -> EventSourceResponse:
    """The same answer as server-sent events: `status`…, `token`…, `citations`, `done` (the
    Answer) or `error`."""
    service = service_of(request)
    return sse(
        service.stream(body.question, body.history, audience=body.audience, conversation_id=body.conversation_id),
        request,
    )


@router.post("/v1/case", response_model=Answer, tags=["answers"])
async def case(body: CaseRequest, request: Request) -> Answer:
    """Draft a business case along the method; every section cites its evidence or says which
    data to gather. `sections` carries the parts for channels that lay them out."""
    service = service_of(request)
    return await checked(
        lambda: service.case(audience=body.audience, focus=body.focus, conversation_id=body.conversation_id)
    )


@router.post("/v1/case/stream", tags=["answers"])
async def case_stream(body: CaseRequest, request: Request) -> EventSourceResponse:
    """The business case as server-sent events, like /v1/ask/stream."""
    service = service_of(request)
    return sse(
        service.stream_case(audience=body.audience, focus=body.focus, conversation_id=body.conversation_id),
        request,
    )


@router.get("/v1/sources/{source_id}", response_model=Source, tags=["sources"])
async def get_source(source_id: str, request: Request) -> Source:
    """The stored text of a cited source, by the `id` given in an answer's citations."""
    found = await run_in_threadpool(service_of(request).source, source_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no source with id '{source_id}'")
    return found
