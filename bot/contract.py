"""The JSON answer contract shared by every channel (CLI, API, widget, Teams, briefing export).

Later features only add fields; existing fields keep their names, types and meaning.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Citation(BaseModel):
    """A numbered source. `text` is the exact stored text the citation stands on."""

    n: int
    id: str
    kind: str
    title: str
    publisher: str | None = None
    year: str | None = None
    url: str | None = None
    page: int | None = None
    text: str


class Figure(BaseModel):
    """A number that appears in the answer, the citation it relies on, and whether it was found there."""

    value: str
    citation: int
    verified: bool


class Answer(BaseModel):
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    verified: bool
    mode: Literal["llm", "composed"]
    model: str


class AskRequest(BaseModel):
    question: str = Field(..., min_length=1, max_length=4000)
    history: list[Turn] = Field(
        default_factory=list,
        max_length=50,
        description="Earlier turns of this conversation, oldest first (the last few are used).",
    )


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(..., max_length=20000)


class Source(BaseModel):
    """A stored chunk, as returned by GET /v1/sources/{id}."""

    id: str
    kind: str
    title: str
    text: str
    source: str
    section: str | None = None
    publisher: str | None = None
    year: str | None = None
    url: str | None = None
    page: int | None = None
    strength: str | None = None


StreamEventName = Literal["status", "token", "citations", "done", "error"]

# What a person is told while each stage of the answer graph runs (`status` events).
STAGE_MESSAGES = {
    "retrieve": "Searching the evidence",
    "plan": "Choosing the evidence for each point",
    "draft": "Drafting",
    "verify": "Checking every figure against its source",
    "compose": "Writing the answer from verified evidence",
}


class StreamEvent(BaseModel):
    """One server-sent event: `status` {stage, message}, `token` {text}, `citations` {citations},
    `done` Answer, `error` {message}. Clients may ignore `status`."""

    event: StreamEventName
    data: dict


AskRequest.model_rebuild()
