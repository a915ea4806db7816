"""Make a briefing note through the answer service: get the structured answer (a business case,
a rebuttal, or an earlier answer of a conversation), gather what the note needs about its
sources (audit facts and their rows, goals, charts, comment files), lay it out, verify every
figure, and render it. Nothing is written here: callers store or save the bytes, and only once
everything has passed.

Bad input is refused before any answer is generated: a template without the required tags, an
unknown objection, PDF without LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.agent.case import SECTION_IDS
from bot.audit.report import AuditReport
from bot.briefing.build import MONTHS, BriefingInputs, SourceInfo, build_note
from bot.briefing.check import verify_note, with_checked_figures
from bot.briefing.errors import INSTALL_LIBREOFFICE, BriefingError, PdfUnavailable, SubjectNotFound
from bot.briefing.markdown import render_markdown
from bot.briefing.model import BriefingFormat, BriefingNote, BriefingRequest, Chart
from bot.briefing.pdf import docx_to_pdf, soffice
from bot.briefing.template import DEFAULT_TEMPLATE, check_template, render_docx
from bot.contract import Answer, Figure

if TYPE_CHECKING:
    from bot.service import UpwardService

STRUCTURED_FLOWS = ("case", "rebuttal")


class BriefingSettings(BaseSettings):
    """House details every note carries (environment UPWARD_BRIEFING_MARKING, ..._SENDER)."""

    model_config = SettingsConfigDict(env_prefix="UPWARD_BRIEFING_", env_file=".env", extra="ignore")

    marking: str = Field("OFFICIAL", max_length=60, description="Protective marking in the header and footer.")
    sender: str = Field("Communications team", max_length=120, description="The note's From line.")


@dataclass
class Briefing:
    """A note that passed the verifier, rendered; `seconds` splits the answer from the layout."""

    note: BriefingNote
    data: bytes
    format: BriefingFormat
    flow: str
    audience: str | None
    figures: list[Figure]
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def sample(self) -> bool:
        return self.note.sample_label is not None


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def make_briefing(
    service: UpwardService,
    request: BriefingRequest,
    *,
    template: Path | None = None,
    settings: BriefingSettings | None = None,
    today: dt.date | None = None,
    owner: str | None = None,
) -> Briefing:
    """`owner` (the caller's key) limits `conversation_id` to that caller's own conversations."""
    template = template or DEFAULT_TEMPLATE
    settings = settings or BriefingSettings()
    check_template(template)
    if request.format == "pdf" and soffice() is None:
        raise PdfUnavailable(INSTALL_LIBREOFFICE)
    started = time.perf_counter()
    answer, flow, subject, objection_label = _answer(service, request, owner)
    answered = time.perf_counter()
    audience = service.audience(answer.audience) if answer.audience else None
    sources, rejected, goals, charts = _about_sources(service, answer)
    inputs = BriefingInputs(
        answer=answer, flow=flow, subject=subject, audience=audience, marking=settings.marking,
        sender=settings.sender, date=long_date(today or dt.date.today()), pages=request.pages,
        objection_label=objection_label, goals=goals, charts=charts, sources=sources,
    )
    note = build_note(inputs)
    texts = {c.id: c.text for c in answer.citations}
    figures = verify_note(
        note,
        {s.n: texts[s.citation_id] for s in note.sources},
        {s.n: rejected[s.citation_id] for s in note.sources if s.citation_id in rejected},
    )
    note = with_checked_figures(note, figures)
    laid_out = time.perf_counter()
    if request.format == "md":
        data = render_markdown(note).encode("utf-8")
    else:
        data = render_docx(note, template, checked=True)
    rendered = time.perf_counter()
    if request.format == "pdf":
        data = docx_to_pdf(data)
    return Briefing(
        note=note, data=data, format=request.format, flow=flow,
        audience=audience.label if audience else None, figures=figures,
        seconds={
            "answer": answered - started, "layout": laid_out - answered,
            "render": rendered - laid_out, "pdf": time.perf_counter() - rendered,
        },
    )


def _answer(service: UpwardService, request: BriefingRequest, owner: str | None) -> tuple[Answer, str, str, str | None]:
    """The structured answer to brief from, its flow, the note's subject and objection label."""
    if request.objection:
        found = next((o for o in service.objections() if o.id == request.objection), None)
        if found is None:
            known = ", ".join(o.id for o in service.objections())
            raise BriefingError(f"unknown objection type '{request.objection}' (one of: {known})")
        answer = service.ask(found.exemplars[0], audience=request.audience, forced_objection=found.id)
        return answer, "rebuttal", f"Social media: \u201c{found.label}\u201d", found.label
    if request.conversation_id:
        return _from_conversation(service, request, owner)
    answer = service.case(audience=request.audience, focus=request.topic)
    return answer, "case", (request.topic or "").strip() or "Investing in social media", None


def _from_conversation(
    service: UpwardService, request: BriefingRequest, owner: str | None
) -> tuple[Answer, str, str, str | None]:
    cid = request.conversation_id or ""
    known = service.memory.exists(cid) if owner is None else service.memory.exists(cid, owner)
    if not known:
        raise SubjectNotFound(f"no conversation with id '{cid}'")
    turn = service.memory.last(cid, "assistant", where=lambda t: t.answer is not None)
    if turn is None:
        raise BriefingError(f"conversation '{cid}' has no answer yet")
    answer = Answer.model_validate(turn.answer)
    if not answer.sections:
        raise BriefingError(
            "the last answer in this conversation has no sections to lay out (it answers a question, "
            "not an objection or a business case): brief on a topic or an objection instead"
        )
    wanted = service.audience(request.audience) if request.audience else None
    if wanted is not None and wanted.label != answer.audience:
        raise BriefingError(
            f"the last answer was written for {answer.audience or 'no particular audience'}: say "
            f"'now for the {wanted.label.lower()}' in the conversation first, then brief from it"
        )
    flow = answer.flow if answer.flow in STRUCTURED_FLOWS else (
        "case" if any(s.id in SECTION_IDS for s in answer.sections) else "rebuttal"
    )
    asked = service.memory.last(
        cid, "user", where=lambda t: bool(t.request) and not t.request.get("follow_up")
    )
    request_data = (asked.request or {}) if asked else {}
    if flow == "rebuttal":
        label = answer.objection.label if answer.objection and answer.objection.label else "a leadership objection"
        return answer, flow, f"Social media: \u201c{label}\u201d", label
    focus = str(request_data.get("focus") or "").strip()
    return answer, flow, focus or "Investing in social media", None


def _about_sources(
    service: UpwardService, answer: Answer
) -> tuple[dict[int, SourceInfo], dict[str, str], dict, dict[str, Chart]]:
    """For each citation: its audit fact (with rows) or comment files and whether it is sample
    data; audit facts that no longer re-derive (by citation id, with the reason); the audit's
    proposed goals; and its trend charts by KPI."""
    chunks = {c.id: c for c in service.store.get([c.id for c in answer.citations])} if answer.citations else {}
    audits: dict[str, AuditReport | None] = {}
    listenings: dict[str, tuple[str, ...]] = {}
    infos: dict[int, SourceInfo] = {}
    rejected: dict[str, str] = {}
    first_audit: AuditReport | None = None
    for citation in answer.citations:
        chunk = chunks.get(citation.id)
        meta = dict(chunk.metadata) if chunk is not None else {}
        if citation.kind == "audit" and "audit_id" in meta:
            audit_id = str(meta["audit_id"])
            if audit_id not in audits:
                audits[audit_id] = service.get_audit(audit_id)
            report = audits[audit_id]
            problem = service.audit_checker.problem(meta, citation.text)
            if problem:
                rejected[citation.id] = problem
            fact = next((f for f in report.facts if f.id == meta.get("fact_id")), None) if report else None
            infos[citation.n] = SourceInfo(fact=fact, sample=bool(meta.get("sample")))
            first_audit = first_audit or report
        elif citation.kind == "audit" and chunk is None and citation.publisher and "audit" in citation.publisher.lower():
            rejected[citation.id] = "this audit fact is no longer in the index (the audit was replaced)"
        elif "listening_id" in meta:
            listening_id = str(meta["listening_id"])
            if listening_id not in listenings:
                found = service.get_listening(listening_id)
                listenings[listening_id] = tuple(f.name for f in found.files) if found else ()
            infos[citation.n] = SourceInfo(files=listenings[listening_id], sample=bool(meta.get("sample")))
    goals = {g.id: g for g in first_audit.goals} if first_audit else {}
    charts: dict[str, Chart] = {}
    trends = [ref for ref in first_audit.charts if ref.name.startswith("trend-")] if first_audit else []
    # The service hands out a chart only by a name its audit lists; the others sit beside it.
    first = service.audit_chart(first_audit.id, f"{trends[0].name}.png") if first_audit and trends else None
    for ref in trends if first is not None else []:
        path = first.with_name(f"{ref.name}.png")
        if path.is_file():
            charts[ref.name.removeprefix("trend-")] = Chart(path=path, title=ref.title, alt=ref.alt)
    return infos, rejected, goals, charts
