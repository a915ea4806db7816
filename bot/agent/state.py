"""The typed state that flows through the answer graph."""

from __future__ import annotations

import operator
from typing import Annotated, Literal, TypedDict

from bot.agent.objections import Detection
from bot.agent.plan import Plan
from bot.agent.taxonomy import Audience
from bot.agent.verify import VerificationReport
from bot.contract import Answer, Turn
from bot.index.retriever import RetrievedSource


Flow = Literal["answer", "rebuttal", "clarify", "case", "agent"]


class DraftCheck(TypedDict):
    """A drafted answer as the verifier first saw it, before any repair (read by the evals).

    sentences: all sentences of the tidied draft; failed: those the verifier refused; dropped:
    sentences repair removed when the repaired draft was used (0 otherwise); composed: the draft
    was discarded and the answer composed from sources instead (also when drafting failed)."""

    model: str
    sentences: int
    failed: int
    dropped: int
    composed: bool


class AnswerState(TypedDict, total=False):
    question: str
    history: list[Turn]
    audience: Audience | None  # who the answer is for (framing, KPIs, the ask)
    focus: str | None  # a business case's subject, in the user's words
    forced_objection: str | None  # answer as this objection (rehearsal, a clarified follow-up)
    objection: Detection | None
    flow: Flow
    query: str  # what was searched: the question, plus context for short follow-ups
    sources: list[RetrievedSource]
    plan: Plan
    draft: str
    draft_error: str
    text: str
    report: VerificationReport
    rejected: dict[int, str]  # citation number → why that source may not be cited
    mode: Literal["llm", "composed"]
    answer: Answer
    timings: Annotated[dict[str, float], operator.or_]  # node name → seconds
    draft_checks: Annotated[list[DraftCheck], operator.add]  # one per drafted answer, pre-repair
