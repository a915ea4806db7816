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
    strength: str | None = None  # evidence cards: "primary" or "second-hand"
    text: str


class Figure(BaseModel):
    """A number that appears in the answer, the citation it relies on, and whether it was found there."""

    value: str
    citation: int
    verified: bool


class Objection(BaseModel):
    """The leadership objection Upward recognised in the question; type "unclear" means it looked
    like an objection but could be more than one, so the answer asks which."""

    type: str
    confidence: float = Field(..., ge=0.0, le=1.0)
    label: str | None = None
    candidates: list[str] = Field(
        default_factory=list, description="For 'unclear': the types offered, in the order numbered."
    )


class AnswerSection(BaseModel):
    """One titled part of a structured answer (a rebuttal or a business case), for channels that
    lay sections out themselves (the briefing-note export). `gap` says what data to gather when
    the section has no evidence yet."""

    id: str
    title: str
    text: str
    citations: list[int] = Field(default_factory=list)
    gap: str | None = None


class Answer(BaseModel):
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    verified: bool
    mode: Literal["llm", "composed"]
    model: str
    objection: Objection | None = None
    audience: str | None = None
    flow: str = "answer"  # answer | rebuttal | clarify | case | sources | shorter
    sections: list[AnswerSection] = Field(default_factory=list)
    conversation_id: str | None = None
    sample: bool = Field(False, description="True when the answer cites the fictional sample audit or comments; its first line then says so.")


class AskRequest(BaseModel):
    question: str = Field(..., min_length=1, max_length=4000)
    history: list[Turn] = Field(
        default_factory=list,
        max_length=50,
        description="Earlier turns of this conversation, oldest first (the last few are used). "
        "Not needed with conversation_id, whose turns Upward keeps.",
    )
    audience: str | None = Field(
        None, max_length=100, description="Who the answer is for, e.g. 'finance director'."
    )
    conversation_id: str | None = Field(
        None,
        pattern=r"^[0-9a-f]{32}$",
        description="Continue a stored conversation (follow-ups such as 'shorter' or 'now for the "
        "finance director'); omit to start a new one, whose id comes back in the answer.",
    )


class CaseRequest(BaseModel):
    audience: str | None = Field(None, max_length=100, description="Who the case is for.")
    focus: str | None = Field(
        None, max_length=1000, description="What the case is for, in your words (optional)."
    )
    conversation_id: str | None = Field(None, pattern=r"^[0-9a-f]{32}$")


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
    "detect": "Recognising the objection",
    "rebut": "Gathering evidence for each step of the rebuttal",
    "clarify": "Working out which worry is meant",
    "case_plan": "Gathering evidence for each section of the case",
    "agent": "Searching the evidence with tools",
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


class Challenge(BaseModel):
    """A rehearsal round: what the sceptical leader says, and the objection behind it."""

    objection: Objection
    audience: str | None = None
    line: str
    concern: str  # what a good reply must answer (shown after scoring)


class RehearseRequest(BaseModel):
    audience: str | None = Field(None, max_length=100, description="Which leader to play.")
    objection: str | None = Field(None, max_length=60, description="An objection type id; default: one this leader raises.")
    seed: int | None = Field(None, description="Pick the same challenge again (for practice and tests).")


class ReplyRequest(BaseModel):
    objection: str = Field(..., max_length=60, description="The challenge's objection type.")
    reply: str = Field(..., min_length=1, max_length=4000, description="Your answer to the leader.")
    audience: str | None = Field(None, max_length=100)
    line: str | None = Field(None, max_length=1000, description="The leader's words, if you want the stronger version to answer them.")


class Criterion(BaseModel):
    id: Literal["own_data", "external", "concern", "next_step"]
    label: str
    passed: bool
    note: str


class Scorecard(BaseModel):
    criteria: list[Criterion]
    score: int
    out_of: int = 4
    summary: str


class Rehearsal(BaseModel):
    """A scored reply and the stronger, cited version Upward would give."""

    objection: Objection
    audience: str | None = None
    reply: str
    scorecard: Scorecard
    stronger: Answer
    next_line: str | None = Field(
        None, description="The leader's follow-up for the next round: pressing on what the reply missed."
    )
