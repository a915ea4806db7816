"""Node builders for the answer graph: each returns a small function of the state.

retrieve → plan → draft → verify → (compose) → respond. Only `draft` touches a language model,
and nothing it writes is passed on unless `verify` accepts it.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import replace

from langchain_core.language_models import BaseChatModel
from langgraph.config import get_stream_writer

from bot.agent import case, rebuttal
from bot.agent.compose import compose_answer, gap_line, headings, own_lines, split_sections, with_sample_note
from bot.agent.finder import EvidenceFinder
from bot.agent.links import strip_foreign_links
from bot.agent.objections import UNCLEAR, Detection, ObjectionDetector, refine
from bot.agent.plan import Plan, lead_sentences, make_plan, point_for
from bot.agent.state import AnswerState, DraftCheck
from bot.agent.taxonomy import AUDIENCE_HEADINGS, Audience, ObjectionType
from bot.agent.text import text_pieces
from bot.agent.verify import VerificationReport, Verifier, repair, tidy_draft, verify_answer
from bot.config import Settings
from bot.contract import Answer, Citation, Objection, Turn
from bot.index.retriever import HybridRetriever
from bot.index.routing import evidence_sources
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
        # Playbooks and audience profiles are advice Upward follows, never a source it cites.
        found = retriever.retrieve(query, k=2 * settings.top_k)
        return {"query": query, "sources": evidence_sources(found, settings.top_k)}

    return retrieve


def build_plan(settings: Settings, finder: EvidenceFinder | None = None) -> Node:
    """The planner for open questions; with an audience, its "lead with" advice is added as a
    point of its own, so even a composed answer is framed for the reader."""

    def plan(state: AnswerState) -> dict:
        planned = make_plan(
            state["question"],
            state["sources"],
            relevance_floor=settings.relevance_floor,
            max_points=settings.max_points,
        )
        audience = state.get("audience")
        if audience is not None and finder is not None and planned.points:
            lead = finder.rank(state["question"], finder.document(audience.source.stem, AUDIENCE_HEADINGS["lead"]))
            if lead and all(s.chunk.id != lead[0].chunk.id for s in planned.sources):
                point = replace(
                    point_for(len(planned.sources) + 1, state["question"], lead[0]),
                    text=lead_sentences(lead[0].chunk.text, 2),
                )
                planned = Plan(points=[*planned.points, point], sources=[*planned.sources, lead[0]])
        return {"plan": planned}

    return plan


def build_detect(
    detector: Callable[[], ObjectionDetector],
    objections: Callable[[], tuple[ObjectionType, ...]],
    refine_with: BaseChatModel | None = None,
    *,
    open_flow: str = "answer",
) -> Node:
    """Is the question a leadership objection, and which? Objections get the rebuttal playbook,
    ambiguous ones a clarifying question, everything else `open_flow` (the planner, or the
    tool-calling agent when a strong model is configured)."""

    def detect(state: AnswerState) -> dict:
        forced = state.get("forced_objection")
        if forced:
            found = Detection(forced, 1.0, ((forced, 1.0),))
        else:
            found = detector().detect(state["question"])
            if refine_with is not None and found.candidates:
                found = refine(found, state["question"], refine_with, objections())
        if found.type is None:
            return {"objection": None, "flow": open_flow}
        return {"objection": found, "flow": "clarify" if found.type == UNCLEAR else "rebuttal"}

    return detect


def build_rebut(finder: EvidenceFinder, objections: Callable[[], tuple[ObjectionType, ...]], settings: Settings) -> Node:
    def rebut(state: AnswerState) -> dict:
        objection = next(o for o in objections() if o.id == state["objection"].type)
        found = rebuttal.gather(
            finder, state["question"], objection, state.get("audience"),
            relevance_floor=settings.relevance_floor,
        )
        planned = rebuttal.plan_rebuttal(state["question"], found, objection, state.get("audience"))
        return {"query": state["question"], "sources": planned.sources, "plan": planned}

    return rebut


def build_case_plan(finder: EvidenceFinder, settings: Settings) -> Node:
    def case_plan(state: AnswerState) -> dict:
        planned = case.plan_case(
            finder, focus=state.get("focus"), audience=state.get("audience"),
            relevance_floor=settings.relevance_floor,
        )
        return {"query": state.get("focus") or "", "sources": planned.sources, "plan": planned, "flow": "case"}

    return case_plan


def clarifying_question(detection: Detection, objections: tuple[ObjectionType, ...]) -> str:
    """Ask which worry is meant, offering the likeliest objection types to choose from."""
    by_id = {o.id: o for o in objections}
    options = [by_id[c] for c, _ in detection.candidates if c in by_id][:3]
    lines = [
        CLARIFY_LINES[0],
        options[0].sections["clarify"] if options else "What is the leader's main concern?",
        "",
        CLARIFY_LINES[1],
        *(f"- **{o.label}**: {o.description}" for o in options),
        "",
        CLARIFY_LINES[2],
    ]
    return "\n".join(lines)


# Upward's own lines in a clarifying question ("first, second or third" are choices, not figures).
CLARIFY_LINES = (
    "That could be more than one worry, so before I build the answer:",
    "Which is closest?",
    "Reply with the first, second or third, or say more about the worry.",
)


def build_clarify(objections: Callable[[], tuple[ObjectionType, ...]]) -> Node:
    def clarify(state: AnswerState) -> dict:
        text = clarifying_question(state["objection"], objections())
        report = verify_answer(text, {}, require_citation=False, exempt=CLARIFY_LINES)
        return {"plan": Plan(points=[], sources=[]), "text": text, "report": report, "mode": "composed"}

    return clarify


def format_evidence(plan: Plan) -> str:
    """The planned evidence as the drafting model sees it: numbered, under the outline's
    headings when the answer is structured."""

    def line(point) -> str:
        meta = plan.sources[point.n - 1].chunk.metadata
        label = ", ".join(str(x) for x in (meta.get("publisher"), meta.get("year")) if x)
        flags = " (counter-evidence)" if point.counterpoint else ""
        return f"[{point.n}] {point.text}{f' — {label}' if label else ''}{flags}"

    if not plan.outline:
        return "\n".join(line(p) for p in plan.points)
    blocks = []
    for section, title in plan.outline:
        lines = [line(p) for p in plan.points if p.section == section]
        if not lines and section in plan.gaps:
            lines = [gap_line(plan.gaps[section])]  # as the composed answer writes it
        if lines:
            blocks.append(f"**{title}**\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def format_audience(audience: Audience | None) -> str:
    if audience is None:
        return ""
    return (
        f"The reader is the {audience.label.lower()}. What they care about: "
        f"{audience.sections['cares']} Language that works: {audience.sections['language']}\n\n"
    )


def format_history(history: list[Turn], max_turns: int = 4) -> str:
    if not history:
        return ""
    lines = [
        f"{'User' if t.role == 'user' else 'Upward'}: {t.content[:400]}" for t in history[-max_turns:]
    ]
    return "Earlier in this conversation:\n" + "\n".join(lines) + "\n\n"


DRAFT_PROMPTS = {"rebuttal": "rebuttal", "case": "case"}  # other flows use "draft"


def build_draft(model: BaseChatModel) -> Node:
    def draft(state: AnswerState) -> dict:
        prompt = chat_prompt(DRAFT_PROMPTS.get(state.get("flow", "answer"), "draft"))
        messages = prompt.format_messages(
            question=state["question"],
            evidence=format_evidence(state["plan"]),
            history=format_history(state.get("history", [])),
            audience=format_audience(state.get("audience")),
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
    statistics when the plan has any; a structured answer must cite something in every section
    that has evidence. A correct but thin answer loses to the composed one."""
    cited = set(report.citations_used)
    if len(cited) < min(2, len(plan.points)):
        return False
    if plan.outline:
        sections = {p.section for p in plan.points}
        return all(any(p.n in cited for p in plan.points if p.section == s) for s in sections)
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


def _check(verifier: Verifier, text: str, plan: Plan, **kw) -> VerificationReport:
    """Verify `text` against the plan's sources, with its own headings and gap notes exempt."""
    return verifier.verify(text, plan.source_texts, headings=headings(plan), exempt=own_lines(plan), **kw)


def build_verify(check: SourceCheck | None = None, *, verifier: Verifier | None = None, model_name: str = "") -> Node:
    """Accept the draft, or the draft without its failing sentences, or neither (then `compose`
    answers). Records what the verifier found in the draft before any repair (`draft_checks`)."""
    verifier = verifier or Verifier()

    def verify(state: AnswerState) -> dict:
        plan = state["plan"]
        rejected = rejected_sources(plan, check)
        draft = tidy_draft(state.get("draft", ""))
        report = _check(verifier, draft, plan, rejected=rejected)
        record = DraftCheck(
            model=model_name, sentences=len(report.sentences), failed=len(report.failed), dropped=0, composed=True
        )
        if report.ok and uses_the_evidence(report, plan):
            record["composed"] = False
            return {"text": draft, "report": report, "mode": "llm", "rejected": rejected, "draft_checks": [record]}
        repaired = repair(report, layout=draft)
        if repaired is not None:
            second = _check(verifier, repaired, plan, rejected=rejected)
            if second.ok and uses_the_evidence(second, plan):
                record.update(composed=False, dropped=len(report.failed))  # repair drops exactly these
                return {"text": repaired, "report": second, "mode": "llm", "rejected": rejected, "draft_checks": [record]}
        if report.failed:
            log.info("draft refused: %s", "; ".join(p for s in report.failed[:3] for p in s.problems[:1]))
        return {"report": report, "rejected": rejected, "draft_checks": [record]}

    return verify


def build_compose(verifier: Verifier | None = None) -> Node:
    """The deterministic answer from the plan's source sentences, checked by the same verifier."""
    verifier = verifier or Verifier()

    def compose(state: AnswerState) -> dict:
        rejected = state.get("rejected", {})
        plan = state["plan"]
        plan = replace(plan, points=[p for p in plan.points if p.n not in rejected])
        text = compose_answer(plan)
        report = _check(verifier, text, plan, require_citation=bool(plan.points))
        if not report.ok:  # should not happen: every line is a cited source sentence
            log.warning("composed lines refused: %s", [(s.text, s.problems) for s in report.failed])
            text = "\n".join(s.text for s in report.sentences if s.ok)
            report = _check(verifier, text, plan, require_citation=False)
        return {"text": text, "report": report, "mode": "composed"}

    return compose


compose = build_compose()


def citations_for(plan: Plan, cited: list[int]) -> list[Citation]:
    return [
        Citation(n=n, **plan.sources[n - 1].chunk.provenance())
        for n in sorted(set(cited))
        if 1 <= n <= len(plan.sources)
    ]


OWN_DATA_KINDS = ("audit", "public")


def cites_sample_data(plan: Plan, cited: list[int]) -> bool:
    """Does the answer cite own data (audit facts, public comments) from the fictional sample?"""
    return any(
        1 <= n <= len(plan.sources)
        and plan.sources[n - 1].chunk.metadata.get("kind") in OWN_DATA_KINDS
        and bool(plan.sources[n - 1].chunk.metadata.get("sample"))
        for n in cited
    )


def build_respond(model_name: str, labels: dict[str, str] | None = None) -> Node:
    """The last word: refuse anything unverified, then stream the verified text, opening with the
    sample-data notice when the answer cites sample data. `labels` names objection types for
    people ("Waste of time / no return")."""
    labels = labels or {}

    def respond(state: AnswerState) -> dict:
        report = state["report"]
        text = state["text"]
        found = state.get("objection")
        audience = state.get("audience")
        sample = cites_sample_data(state["plan"], report.citations_used)
        if sample:
            text = with_sample_note(text)
        citations = citations_for(state["plan"], report.citations_used)
        # Links and images only to the cited sources' own URLs (a poisoned source's beacon never).
        text = strip_foreign_links(text, [c.url for c in citations])
        answer = Answer(
            answer=text,
            citations=citations,
            figures=report.figures,
            verified=report.ok,
            mode=state.get("mode", "composed"),
            model=model_name,
            objection=Objection(
                type=found.type,
                confidence=found.confidence,
                label=labels.get(found.type),
                candidates=[c for c, _ in found.candidates[:3]] if found.type == UNCLEAR else [],
            ) if found else None,
            audience=audience.label if audience else None,
            flow=state.get("flow", "answer"),
            sections=split_sections(text, state["plan"]),
            sample=sample,
        )
        if not answer.verified:  # the verifier's last word: never show unverified text
            raise RuntimeError("refusing to return an unverified answer")
        write = get_stream_writer()
        for piece in text_pieces(text):
            write({"token": piece})
        return {"answer": answer}

    return respond
