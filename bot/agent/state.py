"""The typed state that flows through the answer graph."""

from __future__ import annotations

import operator
from typing import Annotated, Literal, TypedDict

from bot.agent.plan import Plan
from bot.agent.verify import VerificationReport
from bot.contract import Answer, Turn
from bot.index.retriever import RetrievedSource


class AnswerState(TypedDict, total=False):
    question: str
    history: list[Turn]
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
