"""The request and response shapes of OpenAI's Chat Completions API, as far as Upward uses them.

Unknown request fields (temperature, top_p, tools, …) are accepted and ignored: Upward decides
how it answers, so sampling knobs a client sends change nothing.
"""

from __future__ import annotations

import time
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.contract import Answer


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[ContentPart] | None = None

    @property
    def text(self) -> str:
        """The message's text: a string, or the text parts of a multi-part message."""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(p.text for p in self.content or [] if p.type == "text" and p.text)


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str = Field(..., max_length=64)
    messages: list[ChatMessage] = Field(..., min_length=1, max_length=200)
    stream: bool = False


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "upward"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    """Upward does not bill by token; counts are of words, so clients that show usage show something honest."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    upward: Answer = Field(..., description="The full verified answer: citations, figures, objection.")


def completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def now() -> int:
    return int(time.time())


class ErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class ErrorBody(BaseModel):
    """OpenAI's error shape, which every OpenAI client knows how to show."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict] = {
    code: {"model": ErrorBody, "description": what} for code, what in (
        (400, "Bad request: an unknown model, no user message, or an invalid body."),
        (401, "Missing, invalid, revoked or expired API key."),
        (403, "The key's role is not enough, or its origin is not allowed."),
        (404, "Not found in this workspace."),
        (413, "Request body over the limit."),
        (429, "Over the rate limit (see Retry-After)."),
        (503, "Upward could not answer (busy or not ready)."),
    )
}
