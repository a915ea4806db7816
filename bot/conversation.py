"""Turns of a conversation: follow-ups answered from what was said before, and what is kept.

"Shorter" and "what's our source?" are answered from the previous answer itself (its citations
carry the exact source text, so the shorter text is verified again); "now for the finance
director" re-runs the previous request for the new audience; a number after a clarifying
question answers it. Anything else is a new question for the graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.agent.audiences import find_audience
from bot.agent.compose import with_sample_note
from bot.agent.followup import NO_SOURCES, SOURCES_LEAD
from bot.agent.followup import classify_followup, shorten, shorter_sections, sources_reply
from bot.agent.nodes import OWN_DATA_KINDS
from bot.agent.state import AnswerState
from bot.agent.taxonomy import Audience
from bot.agent.verify import Verifier
from bot.contract import Answer, Turn
from bot.memory import ConversationStore

if TYPE_CHECKING:
    from bot.service import UpwardService


@dataclass
class PendingTurn:
    """A checked request, before it runs."""

    flow: str  # "ask" or "case"
    question: str
    history: list[Turn] = field(default_factory=list)
    audience: Audience | None = None
    focus: str | None = None
    conversation_id: str | None = None
    forced_objection: str | None = None
    owner: str | None = None  # the caller's key: whose conversation this is

    @property
    def inputs(self) -> AnswerState:
        return {
            "question": self.question,
            "history": self.history,
            "audience": self.audience,
            "focus": self.focus,
            "forced_objection": self.forced_objection,
            "timings": {},
        }

    @property
    def request(self) -> dict:
        return {
            "flow": self.flow,
            "question": self.question,
            "audience": self.audience.id if self.audience else None,
            "focus": self.focus,
            "forced_objection": self.forced_objection,
        }


_ORDINALS = {"first": 1, "second": 2, "third": 3, "one": 1, "two": 2, "three": 3}
_CHOICE_RE = re.compile(r"^\s*(?:option\s+|number\s+|the\s+)?(\d|first|second|third|one|two|three)\b", re.I)


def follow_up(service: UpwardService, conversation: str, turn: PendingTurn) -> Answer | PendingTurn:
    """A ready answer for a follow-up that needs no search, the turn to run instead (the
    previous request again, retargeted), or the turn itself when it is a new question."""
    memory = service.memory
    previous = memory.last(conversation, "assistant", where=lambda t: t.answer is not None)
    if previous is None or turn.forced_objection:
        return turn
    if previous.flow == "clarify":
        chosen = _clarified(turn.question, (previous.answer.get("objection") or {}).get("candidates", []))
        original = _last_request(memory, conversation)
        if chosen and original:
            return replace(_from_request(service, original, turn), forced_objection=chosen)

    def lookup(text: str) -> str | None:
        found = find_audience(text, service.audiences())
        return found.id if found else None

    wanted = classify_followup(turn.question, has_previous_answer=True, audience_lookup=lookup)
    last = Answer.model_validate(previous.answer)
    if wanted.kind == "shorter":
        return _reverified(last, shorten(previous.answer), "shorter", verifier=Verifier(service.embeddings))
    if wanted.kind == "sources":
        text, sources = sources_reply(previous.answer)
        return _reverified(last, text, "sources", sources, verifier=Verifier(service.embeddings))
    if wanted.kind in ("audience", "longer"):
        original = _last_request(memory, conversation)
        if original is not None:
            rerun = _from_request(service, original, turn)
            if wanted.kind == "audience" and wanted.audience:
                rerun = replace(rerun, audience=service.audience(wanted.audience))
            return rerun
    return turn


def _reverified(
    last: Answer, text: str, flow: str, sources: dict[int, str] | None = None, *, verifier: Verifier | None = None
) -> Answer:
    """A follow-up built from the previous answer, checked again against the same citations by
    the same verifier (the sources reply's fixed lead line is Upward's own)."""
    texts = sources if sources is not None else {c.n: c.text for c in last.citations}
    report = (verifier or Verifier()).verify(text, texts, exempt=(SOURCES_LEAD, NO_SOURCES))
    if not report.ok:  # should not happen: keep the previous, verified answer instead
        return last.model_copy(update={"flow": flow})
    used = set(report.citations_used)
    sample = last.sample and any(c.kind in OWN_DATA_KINDS for c in last.citations if c.n in used)
    return last.model_copy(
        update={
            "sample": sample,
            "answer": with_sample_note(text) if sample else text,
            "citations": [c for c in last.citations if c.n in used],
            "figures": report.figures,
            "flow": flow,
            "sections": shorter_sections(last.model_dump(), text) if flow == "shorter" else [],
        }
    )


def _clarified(message: str, candidates: list[str]) -> str | None:
    """The objection type a reply to a clarifying question picks ("2", "the second one")."""
    match = _CHOICE_RE.match(message)
    if not match or not candidates:
        return None
    word = match.group(1).lower()
    index = int(word) if word.isdigit() else _ORDINALS[word]
    return candidates[index - 1] if 1 <= index <= len(candidates) else None


def _last_request(memory: ConversationStore, conversation: str) -> dict | None:
    found = memory.last(
        conversation, "user", where=lambda t: bool(t.request) and t.request.get("flow") in ("ask", "case")
        and not t.request.get("follow_up")
    )
    return found.request if found else None


def _from_request(service: UpwardService, request: dict, turn: PendingTurn) -> PendingTurn:
    return PendingTurn(
        flow=request["flow"],
        question=request["question"],
        history=turn.history,
        audience=service.audience(request.get("audience")),
        focus=request.get("focus"),
        conversation_id=turn.conversation_id,
        forced_objection=request.get("forced_objection"),
    )


def remember(
    memory: ConversationStore, conversation: str, asked: PendingTurn, ran: Answer | PendingTurn, answer: Answer
) -> None:
    """Keep the user's words and the answer. A follow-up is marked as such, so "now for the
    FD" after "shorter" still re-runs the original request, not the word "shorter"."""
    request = asked.request
    if ran is not asked:
        request = {**(ran.request if isinstance(ran, PendingTurn) else request), "follow_up": True}
    memory.append(conversation, "user", asked.question, request=request)
    memory.append(conversation, "assistant", answer.answer, flow=answer.flow, answer=answer.model_dump())
