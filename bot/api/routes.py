"""HTTP routes: parse, call the answer service, serialise. No logic lives here."""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, Request
from sse_starlette import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from bot.contract import Answer, AskRequest, Source
from bot.service import UpwardService

router = APIRouter()


def service_of(request: Request) -> UpwardService:
    return request.app.state.service


@router.get("/healthz", tags=["ops"])
async def healthz(request: Request) -> dict:
    return await run_in_threadpool(service_of(request).health)


@router.post("/v1/ask", response_model=Answer, tags=["answers"])
async def ask(body: AskRequest, request: Request) -> Answer:
    """Answer a question with cited, verified evidence (the JSON answer contract)."""
    return await run_in_threadpool(service_of(request).ask, body.question, body.history)


@router.post("/v1/ask/stream", tags=["answers"])
async def ask_stream(body: AskRequest, request: Request) -> EventSourceResponse:
    """The same answer as server-sent events: `token`…, `citations`, `done` (the Answer) or `error`."""
    service = service_of(request)

    async def events():
        async for event in iterate_in_threadpool(service.stream(body.question, body.history)):
            if await request.is_disconnected():
                break
            yield {"event": event.event, "data": json.dumps(event.data)}

    return EventSourceResponse(events(), ping=15)


@router.get("/v1/sources/{source_id}", response_model=Source, tags=["sources"])
async def get_source(source_id: str, request: Request) -> Source:
    """The stored text of a cited source, by the `id` given in an answer's citations."""
    found = await run_in_threadpool(service_of(request).source, source_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no source with id '{source_id}'")
    return found
