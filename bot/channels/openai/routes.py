"""GET /v1/models and POST /v1/chat/completions over the answer service (plain and streamed).

Keys are the same bearer keys as the rest of the API; errors use OpenAI's error shape so every
client shows them properly (401 bad key, 403 role, 429 rate limit, 400 bad request).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from sse_starlette import EventSourceResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from bot.agent.audiences import find_audience
from bot.agent.links import safe_url, strip_foreign_links
from bot.channels.openai.shapes import (
    ERROR_RESPONSES, AssistantMessage, ChatCompletion, ChatCompletionRequest, Choice, ModelCard, ModelList, Usage, completion_id, now,
)
from bot.contract import Answer, Citation, StreamEvent, Turn
from bot.problems import NotFound
from bot.security.access import Caller, Reader

router = APIRouter(prefix="/v1", tags=["openai-compatible"])
MODELS = {
    "upward": "Answers questions and leadership objections with cited, verified evidence.",
    "upward-case": "Drafts a business case along the method; the last message is the focus.",
}
OPENAI_PATHS = ("/v1/models", "/v1/chat/completions")
_ERROR_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 403: "permission_error",
                404: "not_found_error", 413: "invalid_request_error", 422: "invalid_request_error",
                429: "rate_limit_error"}
_ERROR_CODES = {401: "invalid_api_key", 403: "insufficient_permissions", 429: "rate_limit_exceeded"}


def openai_error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    """An error in OpenAI's shape; validation problems are 400 there, not 422."""
    status = 400 if status == 422 else status
    return JSONResponse(status_code=status, headers=headers, content={"error": {
        "message": message, "type": _ERROR_TYPES.get(status, "server_error"), "param": None,
        "code": _ERROR_CODES.get(status),
    }})


@router.get("/models", response_model=ModelList, responses=ERROR_RESPONSES)
async def models(who: Reader) -> ModelList:
    """The Upward "models" a chat client can pick."""
    return ModelList(data=[ModelCard(id=name, created=1_764_806_400) for name in MODELS])


def sources_markdown(citations: list[Citation]) -> str:
    """A numbered sources list every Markdown client shows; links only to sources' own URLs."""
    if not citations:
        return ""
    lines = ["", "", "**Sources**", ""]
    for c in citations:
        where = ", ".join(x for x in (c.publisher, c.year) if x)
        flag = " (second-hand report: check the original)" if c.strength == "second-hand" else ""
        url = safe_url(c.url)
        lines.append(f"[{c.n}] {c.title}{f' — {where}' if where else ''}{flag}{f' {url}' if url else ''}")
    return "\n".join(lines)


def body_text(text: str) -> str:
    """The answer's text as this channel shows it: line by line, no image and no link (the
    sources list below carries every source's own URL). Line by line, so the streamed lines
    concatenate to exactly the same text."""
    return "".join(strip_foreign_links(line, []) for line in text.splitlines(keepends=True))


def _request_parts(body: ChatCompletionRequest, who: Caller) -> tuple[str, list[Turn], str | None]:
    """The question, the earlier turns and the audience a system message names (if any)."""
    if body.model not in MODELS:
        raise HTTPException(400, f"unknown model '{body.model}': use one of {', '.join(MODELS)}")
    users = [i for i, m in enumerate(body.messages) if m.role == "user" and m.text.strip()]
    if not users:
        raise HTTPException(400, "no user message: the last user message is the question")
    last = users[-1]
    question = body.messages[last].text.strip()
    history = [Turn(role=m.role, content=m.text[:2000]) for m in body.messages[:last]
               if m.role in ("user", "assistant") and m.text.strip()][-8:]
    context = " ".join(m.text for m in body.messages if m.role in ("system", "developer"))
    found = find_audience(context, who.service.audiences()) if context else None
    return question, history, found.id if found else None


def _events(body: ChatCompletionRequest, who: Caller) -> Iterator[StreamEvent]:
    question, history, audience = _request_parts(body, who)
    try:
        if body.model == "upward-case":
            return who.service.stream_case(audience=audience, focus=question, owner=who.ctx.actor)
        return who.service.stream(question, history, audience=audience, owner=who.ctx.actor)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None


def _final(events: Iterator[StreamEvent]) -> Answer:
    for event in events:
        if event.event == "done":
            return Answer.model_validate(event.data)
        if event.event == "error":
            raise HTTPException(503, event.data.get("message", "Upward could not answer"))
    raise HTTPException(503, "Upward could not answer")


def _usage(question: str, text: str) -> Usage:
    prompt, completion = len(question.split()), len(text.split())
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)


@router.post("/chat/completions", response_model=ChatCompletion, responses=ERROR_RESPONSES)
async def chat_completions(body: ChatCompletionRequest, request: Request, who: Reader):
    """OpenAI Chat Completions: the answer text with [n] markers and a sources list; with
    `stream: true`, `chat.completion.chunk` frames and `[DONE]`."""
    events = await run_in_threadpool(_events, body, who)
    if body.stream:
        return EventSourceResponse(_chunks(events, body, request), ping=15, sep="\n")
    answer = await run_in_threadpool(_final, events)
    text = body_text(answer.answer) + sources_markdown(answer.citations)
    return ChatCompletion(
        id=completion_id(), created=now(), model=body.model,
        choices=[Choice(message=AssistantMessage(content=text))],
        usage=_usage(body.messages[-1].text, text), upward=answer,
    )


def _chunk(cid: str, model: str, created: int, delta: dict, finish: str | None = None, **extra) -> dict:
    return {"data": json.dumps({
        "id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra,
    })}


async def _chunks(events: Iterator[StreamEvent], body: ChatCompletionRequest, request: Request) -> AsyncIterator[dict]:
    """Verified text line by line as it comes; then the sources list; then the stop frame
    carrying the full answer; then [DONE]."""
    cid, created = completion_id(), now()
    yield _chunk(cid, body.model, created, {"role": "assistant", "content": ""})
    answer: Answer | None = None
    line = ""
    async for event in iterate_in_threadpool(events):
        if await request.is_disconnected():
            return
        if event.event == "token":
            line += event.data["text"]
            if "\n" in line:
                done, line = line.rsplit("\n", 1)
                yield _chunk(cid, body.model, created, {"content": body_text(done + "\n")})
        elif event.event == "done":
            answer = Answer.model_validate(event.data)
        elif event.event == "error":
            yield _chunk(cid, body.model, created, {"content": event.data.get("message", "")})
    if line:
        yield _chunk(cid, body.model, created, {"content": body_text(line)})
    tail = sources_markdown(answer.citations) if answer else ""
    if tail:
        yield _chunk(cid, body.model, created, {"content": tail})
    upward = {"upward": answer.model_dump(mode="json")} if answer else {}
    yield _chunk(cid, body.model, created, {}, "stop", **upward)
    yield {"data": "[DONE]"}
