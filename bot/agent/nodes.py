"""Node builders for the answer graph: each returns a small function of the state.

retrieve → plan → draft → verify → (compose) → respond. Only `draft` touches a language model,
and nothing it writes is passed on unless `verify` accepts it.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from langchain_core.language_models import BaseChatModel
from langgraph.config import get_stream_writer

from bot.agent.compose import compose_answer
from bot.agent.plan import Plan, make_plan
from bot.agent.state import AnswerState
from bot.agent.verify import VerificationReport, repair, tidy_draft, verify_answer
from bot.config import Settings
from bot.contract import Answer, Citation, Turn
from bot.index.retriever import HybridRetriever
from bot.prompts import chat_prompt

log = logging.getLogger(__name__)
Node = Callable[[AnswerState], dict]
# Given a stored chunk's metadata: None if it may be cited, else why not (audit re-derivation).
SourceCheck = Callable[[dict], str | None]
_FOLLOW_UP_RE = re.compile(r"\b(it|that|this|they|them|those|these|there|he|she|more|shorter|why)\b", re.I)


def timed(name: str, node: Node) -> Node:
    """Announce the stage on the stream (for progress displays) and record its wall time in
    state['timings'] (read by the latency benchmark)."""

    def run(state: AnswerState) -> dict:
        get_stream_writer()({"stage": name})
        started = time.perf_counter()
        update = node(state)
        update["timings"] = {name: time.perf_counter() - started}
        return update

    return run


def contextual_query(question: str, history: list[Turn]) -> str:
    """A short follow-up ("why is that?") is searched together with the previous question."""
    earlier = [t.content for t in history if t.role == "user"]
    if earlier and (len(question.split()) < 8 or _FOLLOW_UP_RE.search(question)):
        return f"{earlier[-1]} {question}"
    return question


def build_retrieve(retriever: HybridRetriever, settings: Settings) -> Node:
    def retrieve(state: AnswerState) -> dict:
        query = contextual_query(state["question"], state.get("history", []))
        return {"query": query, "sources": retriever.retrieve(query, k=settings.top_k)}

    return retrieve


def build_plan(settings: Settings) -> Node:
    def plan(state: AnswerState) -> dict:
        return {
            "plan": make_plan(
                state["question"],
                state["sources"],
                relevance_floor=settings.relevance_floor,
                max_points=settings.max_points,
            )
        }

    return plan


def format_evidence(plan: Plan) -> str:
    lines = []
    for point in plan.points:
        meta = plan.sources[point.n - 1].chunk.metadata
        label = ", ".join(str(x) for x in (meta.get("publisher"), meta.get("year")) if x)
        flags = " (counter-evidence)" if point.counterpoint else ""
        lines.append(f"[{point.n}] {point.text}{f' — {label}' if label else ''}{flags}")
    return "\n".join(lines)


def format_history(history: list[Turn], max_turns: int = 4) -> str:
    if not history:
        return ""
    lines = [
        f"{'User' if t.role == 'user' else 'Upward'}: {t.content[:400]}" for t in history[-max_turns:]
    ]
    return "Earlier in this conversation:\n" + "\n".join(lines) + "\n\n"


def build_draft(model: BaseChatModel) -> Node:
    prompt = chat_prompt("draft")

    def draft(state: AnswerState) -> dict:
        messages = prompt.format_messages(
            question=state["question"],
            evidence=format_evidence(state["plan"]),
            history=format_history(state.get("history", [])),
        )
        try:
            text = "".join(str(chunk.content) for chunk in model.stream(messages))
        except Exception as exc:  # noqa: BLE001 - a model failure falls back to composition
            log.warning("drafting failed: %s", exc)
            return {"draft": "", "draft_error": f"{type(exc).__name__}: {exc}"}
        return {"draft": text.strip()}

    return draft


def uses_the_evidence(report: VerificationReport, plan: Plan) -> bool:
    """A draft must stand on at least two planned sources (when there are two) and on the
    statistics when the plan has any: a correct but thin answer loses to the composed one."""
    cited = set(report.citations_used)
    if len(cited) < min(2, len(plan.points)):
        return False
    numbers = {p.n for p in plan.points if p.kind in ("evidence", "audit")}
    return not numbers or bool(cited & numbers)


def rejected_sources(plan: Plan, check: SourceCheck | None) -> dict[int, str]:
    """Audit facts are re-derived from their rows before they may be cited; a fact whose figures
    no longer follow from the data (edited, deleted, or a stale index) is rejected with the reason."""
    if check is None:
        return {}
    rejected: dict[int, str] = {}
    for n, source in enumerate(plan.sources, start=1):
        if source.chunk.metadata.get("kind") == "audit":
            problem = check(source.chunk.metadata)
            if problem:
                log.warning("audit source %s rejected: %s", source.chunk.id, problem)
                rejected[n] = problem
    return rejected


def build_verify(check: SourceCheck | None = None) -> Node:
    def verify(state: AnswerState) -> dict:
        plan = state["plan"]
        sources = plan.source_texts
        rejected = rejected_sources(plan, check)
        draft = tidy_draft(state.get("draft", ""))
        report = verify_answer(draft, sources, rejected=rejected)
        if report.ok and uses_the_evidence(report, plan):
            return {"text": draft, "report": report, "mode": "llm", "rejected": rejected}
        repaired = repair(report)
        if repaired is not None:
            second = verify_answer(repaired, sources, rejected=rejected)
            if second.ok and uses_the_evidence(second, plan):
                return {"text": repaired, "report": second, "mode": "llm", "rejected": rejected}
        return {"report": report, "rejected": rejected}

    return verify


def compose(state: AnswerState) -> dict:
    rejected = state.get("rejected", {})
    plan = state["plan"]
    plan = Plan(points=[p for p in plan.points if p.n not in rejected], sources=plan.sources)
    text = compose_answer(plan)
    report = verify_answer(text, plan.source_texts, require_citation=bool(plan.points))
    if not report.ok:  # should not happen: every line is a cited source sentence
        text = "\n".join(s.text for s in report.sentences if s.ok)
        report = verify_answer(text, plan.source_texts, require_citation=False)
    return {"text": text, "report": report, "mode": "composed"}


def citations_for(plan: Plan, cited: list[int]) -> list[Citation]:
    return [
        Citation(n=n, **plan.sources[n - 1].chunk.provenance())
        for n in sorted(set(cited))
        if 1 <= n <= len(plan.sources)
    ]


def _pieces(text: str):
    """The final text in small pieces (words with their trailing space) for token events."""
    yield from re.findall(r"\S+\s*|\s+", text)


def build_respond(model_name: str) -> Node:
    def respond(state: AnswerState) -> dict:
        report = state["report"]
        text = state["text"]
        answer = Answer(
            answer=text,
            citations=citations_for(state["plan"], report.citations_used),
            figures=report.figures,
            verified=report.ok,
            mode=state.get("mode", "composed"),
            model=model_name,
        )
        if not answer.verified:  # the verifier's last word: never show unverified text
            raise RuntimeError("refusing to return an unverified answer")
        write = get_stream_writer()
        for piece in _pieces(text):
            write({"token": piece})
        return {"answer": answer}

    return respond
