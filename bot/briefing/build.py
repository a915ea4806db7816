"""Lay a structured Answer out as a briefing note: pure, no I/O.

The answer's sections (a business case or a rebuttal) are mapped onto the government
briefing-note headings; each section's cited sentences are kept whole with their sources. The
page limit is met by taking fewer points (lowest-priority sections first), never by cutting a
sentence. Citations are renumbered in the order they first appear, so `[n]` matches the Sources
list. The audience's kind of ask (knowledge/audiences) shapes the Purpose and which option the
Recommendation proposes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.agent.taxonomy import Audience
from bot.agent.verify import CITATION_RE, cited_numbers, find_figures, is_framing, split_sentences
from bot.audit.facts import AuditFact
from bot.audit.formatting import format_value
from bot.audit.kpis import KPIS
from bot.audit.model import platform_label
from bot.audit.report import GoalRow
from bot.briefing.length import fits
from bot.briefing.model import (
    BriefingNote, Chart, CheckRow, KpiTarget, OptionRow, Recommendation, SourceLine,
)
from bot.briefing.text import clean, plain_gap, safe_url
from bot.contract import Answer, Citation

# Which answer sections fill which part of the note, by flow.
PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "case": {
        "background": ("roadmap", "capacity"),
        "position": ("position",),
        "evidence": ("peers",),
        "public": ("public",),
        "risks": ("risks",),
        "success": ("success",),
        "targets": ("goals",),
    },
    "rebuttal": {
        "background": ("acknowledge", "reframe"),
        "position": ("own",),
        "evidence": ("evidence", "peer"),
        "public": ("public",),
        "risks": ("counter",),
        "success": ("pilot",),
        "targets": ("pilot",),
    },
}
# Key points come from these sections, most persuasive first (an audience reorders a case).
KEY_ORDER = {
    "case": ("position", "goals", "public", "peers", "success", "risks"),
    "rebuttal": ("own", "evidence", "public", "peer", "reframe"),
}
BODY_PARTS = ("background", "position", "evidence", "public", "risks", "success")
MAX_KEY_POINTS, MIN_KEY_POINTS, MAX_PER_PART = 5, 3, 3

SAMPLE_LABEL = (
    "SAMPLE DATA: the figures for our own channels and public comments in this note come from "
    "Upward's fictional sample council, not from this organisation. Import your own exports "
    "before this note goes to anyone."
)
NOT_ACTING = (
    "Not acting (option A) leaves the position described above as it is: the public's questions "
    "and our standing against peers would not change."
)
CHECKS_INTRO = (
    "Every figure in the body of this note was checked against the source it cites before the "
    "note was written. Figures from our own data were re-derived from the stored export rows by "
    "the formula shown; published figures were found in the source's own text."
)


@dataclass(frozen=True)
class SourceInfo:
    """What the note needs to know about one cited source beyond the Answer's citation."""

    fact: AuditFact | None = None  # own audit data: formula, period, files and rows
    files: tuple[str, ...] = ()  # imported public comments: the files they came from
    sample: bool = False


@dataclass
class BriefingInputs:
    answer: Answer
    flow: str  # "case" or "rebuttal"
    subject: str
    audience: Audience | None
    marking: str
    sender: str
    date: str
    pages: int = 2
    objection_label: str | None = None
    goals: dict[str, GoalRow] = field(default_factory=dict)  # audit goal rows by fact id
    charts: dict[str, Chart] = field(default_factory=dict)  # trend charts by KPI, best first
    sources: dict[int, SourceInfo] = field(default_factory=dict)  # by the answer's citation n


@dataclass(frozen=True)
class Sentence:
    text: str  # without its markers
    cites: tuple[int, ...]  # the answer's citation numbers


@dataclass(frozen=True)
class Point:
    section: str
    sentences: tuple[Sentence, ...]

    @property
    def cites(self) -> list[int]:
        return list(dict.fromkeys(n for s in self.sentences for n in s.cites))


_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+")


def section_points(text: str, section: str) -> list[Point]:
    """A section's bullets as points of whole, cited sentences. Asides in brackets (notes to the
    writer such as "counter-evidence: be ready for it"), questions and uncited lines are left out:
    a note states what it can cite."""
    points: list[Point] = []
    current: list[Sentence] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if _LIST_MARKER_RE.match(line) and current:
            points.append(Point(section, tuple(current)))
            current = []
        for raw in split_sentences(_LIST_MARKER_RE.sub("", line)):
            bare = clean(CITATION_RE.sub(" ", raw))
            cites = tuple(cited_numbers(raw))
            if not cites or not bare or bare.endswith("?") or (is_framing(raw) and bare.startswith("(")):
                continue
            current.append(Sentence(bare, cites))
    if current:
        points.append(Point(section, tuple(current)))
    return points


def _ask_sentence(audience: Audience) -> str:
    """The audience's kind of ask as the note's purpose: "Ask them to agree the risk register"
    becomes "To ask you to agree the risk register"."""
    first = split_sentences(audience.sections["ask"])[0]
    text = re.sub(r"^Ask them to\b", "To ask you to", first)
    text = re.sub(r"^Ask\b", "To ask", text)
    for theirs, yours in (("their", "your"), ("them", "you"), ("they", "you")):
        text = re.sub(rf"\b{theirs}\b", yours, text)
    return clean(text)


def _wants_pilot(inputs: BriefingInputs) -> bool:
    if inputs.audience is not None:
        return "pilot" in inputs.audience.sections["ask"].lower()
    return inputs.flow == "rebuttal"


class _Numbering:
    """Answer citation numbers → the note's, in order of first appearance."""

    def __init__(self) -> None:
        self.order: list[int] = []

    def marker(self, cites: list[int] | tuple[int, ...]) -> str:
        for n in cites:
            if n not in self.order:
                self.order.append(n)
        return "[" + ", ".join(str(self.order.index(n) + 1) for n in cites) + "]"

    def render(self, sentences: tuple[Sentence, ...]) -> str:
        out = []
        for s in sentences:
            text = s.text if s.text.endswith((".", "!", "?", ")")) else s.text + "."
            out.append(f"{text} {self.marker(s.cites)}")
        return " ".join(out)


@dataclass
class _Layout:
    """How much of each part goes in: the knobs the page limit turns."""

    caps: dict[str, int]
    key_points: int


def _layouts(priority: list[str]):
    """From the fullest layout to the leanest: the lowest-priority part loses a point first."""
    layout = _Layout({p: MAX_PER_PART for p in BODY_PARTS}, MAX_KEY_POINTS)
    yield _Layout(dict(layout.caps), layout.key_points)
    for cap in range(MAX_PER_PART, 1, -1):
        for part in reversed(priority):
            if layout.caps[part] >= cap:
                layout.caps[part] = cap - 1
                yield _Layout(dict(layout.caps), layout.key_points)
        if cap == 2:
            break
    while layout.key_points > MIN_KEY_POINTS:
        layout.key_points -= 1
        yield _Layout(dict(layout.caps), layout.key_points)


def build_note(inputs: BriefingInputs) -> BriefingNote:
    """The fullest note that fits `inputs.pages` pages of body; the leanest if none does."""
    plan = _Plan(inputs)
    note = None
    for layout in _layouts(plan.part_priority):
        note = plan.note(layout)
        if fits(note, inputs.pages):
            return note
    assert note is not None
    return note


class _Plan:
    """The answer's points sorted into the note's parts, ready to lay out at any length."""

    def __init__(self, inputs: BriefingInputs) -> None:
        if inputs.flow not in PARTS:
            raise ValueError(f"cannot brief on a '{inputs.flow}' answer")
        self.inputs = inputs
        self.by_section = {
            s.id: section_points(s.text, s.id) for s in inputs.answer.sections
        }
        self.gaps = {s.id: s.gap for s in inputs.answer.sections if s.gap}
        self.citations = {c.n: c for c in inputs.answer.citations}
        ask_text = inputs.audience.sections["ask"] if inputs.audience else ""
        # The audience's own advice (how to frame the case for them) is for the writer, not the
        # reader: it shapes the Purpose instead of being quoted in the body.
        self.advice = {
            c.n for c in inputs.answer.citations
            if inputs.audience is not None
            and (c.title.startswith("Audience:") or (ask_text and ask_text in c.text))
        }
        parts = PARTS[inputs.flow]
        self.parts = {
            part: [p for sid in sections for p in self.by_section.get(sid, []) if not self._advice(p)]
            for part, sections in parts.items()
        }
        self.parts["targets"] = [p for p in self.parts["targets"] if self._goal(p)]
        if inputs.flow == "rebuttal":  # the pilot's goal fact belongs in the KPI table only
            self.parts["success"] = [p for p in self.parts["success"] if not self._goal(p)]
        self.part_priority = self._priority()

    def _advice(self, point: Point) -> bool:
        return any(n in self.advice for n in point.cites)

    def _goal(self, point: Point) -> GoalRow | None:
        for n in point.cites:
            info = self.inputs.sources.get(n)
            if info and info.fact and info.fact.kind == "goal" and info.fact.id in self.inputs.goals:
                return self.inputs.goals[info.fact.id]
        return None

    def _priority(self) -> list[str]:
        """Body parts, most important first: a case follows the audience's reading order."""
        order = list(BODY_PARTS)
        audience = self.inputs.audience
        if self.inputs.flow == "case" and audience is not None:
            part_of = {sid: part for part, sids in PARTS["case"].items() for sid in sids}
            ranked = [part_of[s] for s in audience.lead_with if part_of.get(s) in BODY_PARTS]
            order = list(dict.fromkeys(ranked + order))
        return order

    def _key_sections(self) -> list[str]:
        order = list(KEY_ORDER[self.inputs.flow])
        audience = self.inputs.audience
        if self.inputs.flow == "case" and audience is not None:
            order = [s for s in audience.lead_with if s in order] + order
        return list(dict.fromkeys(order))

    def note(self, layout: _Layout) -> BriefingNote:
        inputs = self.inputs
        number = _Numbering()
        audience = inputs.audience
        to = audience.label if audience else "Leadership team"
        purpose = [self._purpose_intro(), self._purpose_ask(number)]

        pilot = _wants_pilot(inputs)
        recommendations = [f"Agree option {'B' if pilot else 'C'}: {OPTION_NAMES['B' if pilot else 'C']}."]
        if inputs.flow == "rebuttal":
            for point in self.by_section.get("ask", []):
                if not self._advice(point):
                    recommendations.append(number.render(point.sentences))
        recommendations.append("Agree the measures of success below as the basis for reporting progress.")

        key_points: list[str] = []
        used: set[Point] = set()  # a point led with is not repeated below, unless a part would be empty
        for sid in self._key_sections():
            points = [p for p in self.by_section.get(sid, []) if not self._advice(p)]
            if points and len(key_points) < layout.key_points:
                key_points.append(number.render(points[0].sentences[:1]))
                used.add(points[0])

        body: dict[str, list[str]] = {}
        for part in BODY_PARTS:
            points = self.parts[part]
            fresh = [p for p in points if p not in used]
            chosen = (fresh or points)[: layout.caps[part]]
            body[part] = [number.render(p.sentences) for p in chosen]
            if not body[part]:
                body[part] = [self._gap_line(part)]
        body["risks"].append(NOT_ACTING)

        chart = self._chart()
        kpis = [self._kpi_row(goal, point, number) for point in self.parts["targets"] if (goal := self._goal(point))]
        if not kpis:
            body["success"].append(self._gap_line("targets"))

        options = self._options()
        next_steps = [
            "Confirm the cost and staff time of the agreed option with finance before work starts.",
            "Report progress against the measures of success, starting from the baselines above.",
            *self._gathering_steps(),
        ]
        sources, checks = self._sources(number)
        sample = any(inputs.sources.get(n, SourceInfo()).sample for n in number.order)
        return BriefingNote(
            marking=clean(inputs.marking), title=clean(f"Briefing note: {inputs.subject}"),
            to=clean(to), sender=clean(inputs.sender), date=clean(inputs.date), subject=clean(inputs.subject),
            sample_label=SAMPLE_LABEL if sample else None,
            purpose=purpose,
            recommendations=[Recommendation(number=i + 1, text=t) for i, t in enumerate(recommendations)],
            key_points=key_points,
            background=body["background"], position=body["position"], chart=chart,
            evidence=body["evidence"], public=body["public"], options=options, risks=body["risks"],
            success=body["success"], kpis=kpis, next_steps=next_steps,
            sources=sources, checks_intro=CHECKS_INTRO, checks=checks,
        )

    def _purpose_intro(self) -> str:
        if self.inputs.flow == "rebuttal":
            label = clean(self.inputs.objection_label or "a leadership objection").lower()
            return f"To answer a concern raised about social media ({label}) with our own figures and published evidence."
        return "To make the case set out in the subject line, with our own figures and published evidence."

    def _purpose_ask(self, number: _Numbering) -> str:
        """The audience's kind of ask, cited to their profile when the answer quotes it; an ask
        with a figure in it ("pilot for three months") is only used with that citation."""
        generic = "To ask for a decision between the options below."
        audience = self.inputs.audience
        if audience is None:
            return generic
        sentence = _ask_sentence(audience)
        first = split_sentences(audience.sections["ask"])[0]
        cited = next((c.n for c in self.inputs.answer.citations if first in c.text), None)
        if cited is not None:
            return f"{sentence} {number.marker([cited])}"
        return generic if find_figures(sentence) else sentence

    def _gap_line(self, part: str) -> str:
        sections = PARTS[self.inputs.flow].get(part, ())
        gap = next((self.gaps[s] for s in sections if s in self.gaps), None)
        if part == "targets" and gap is None:
            gap = "import at least a full year of exports so baselines can be measured and targets proposed"
        return f"No evidence yet: {plain_gap(gap)}." if gap else "No evidence on this point in the answer."

    def _gathering_steps(self) -> list[str]:
        wanted = [s for sections in PARTS[self.inputs.flow].values() for s in sections]
        gaps = [self.gaps[s] for s in dict.fromkeys(wanted) if s in self.gaps]
        return [f"Gather the missing evidence: {plain_gap(g)}." for g in gaps[:2]]

    def _chart(self) -> Chart | None:
        charts = self.inputs.charts
        for point in self.parts["position"] + self.parts["targets"]:
            for n in point.cites:
                fact = self.inputs.sources.get(n, SourceInfo()).fact
                if fact and fact.kpi in charts:
                    return charts[fact.kpi]
        return next(iter(charts.values()), None)

    def _kpi_row(self, goal: GoalRow, point: Point, number: _Numbering) -> KpiTarget:
        marker = number.marker(point.cites[:1])
        deadline = f"{int(goal.deadline[8:10])} {MONTHS[int(goal.deadline[5:7]) - 1]} {goal.deadline[:4]}"
        return KpiTarget(
            measure=clean(f"{KPIS[goal.kpi].name}, {platform_label(goal.platform)}"),
            # Each cell quotes the goal's own statement (the period is in the source list and Annex A):
            # a cell is checked against the sentence of its source that it matches best.
            baseline=clean(f"{format_value(goal.baseline, goal.unit)} {marker}"),
            target=clean(f"{format_value(goal.target, goal.unit)} {marker}"),
            by=clean(f"{deadline} {marker}"),
        )

    def _options(self) -> list[OptionRow]:
        """The status quo and two ways forward (knowledge/guidance: "Options and consequences").
        Cost and capacity are the organisation's own to fill in: no answer knows them."""
        capacity = f"To be confirmed: {plain_gap(self.gaps.get('capacity') or DEFAULT_CAPACITY_GAP)}."
        return [
            OptionRow(name=f"A. {OPTION_NAMES['A']}", involves="Carry on as now, with no change to content, replies or reporting.",
                      cost="No new spending.", capacity="No change to the team's time."),
            OptionRow(name=f"B. {OPTION_NAMES['B']}",
                      involves="A time-limited pilot of one priority, reviewed against the measures of success before anything more is committed.",
                      cost="Within existing budgets; staff time to be confirmed.", capacity=capacity),
            OptionRow(name=f"C. {OPTION_NAMES['C']}",
                      involves="The full plan: the roadmap and the targets under measures of success, with regular reporting.",
                      cost="Extra staff hours or budget, to be costed before approval.", capacity=capacity),
        ]

    def _sources(self, number: _Numbering) -> tuple[list[SourceLine], list[CheckRow]]:
        """The Sources list and Annex A; the annex's figures are filled in once verified."""
        lines, checks = [], []
        for i, n in enumerate(number.order, start=1):
            citation = self.citations[n]
            info = self.inputs.sources.get(n, SourceInfo())
            lines.append(source_line(i, citation, info))
            checks.append(CheckRow(n=i, source=clean(citation.title), figures="", how=check_text(citation, info)))
        return lines, checks


# No figures, written out or not, in wording that cites nothing.
OPTION_NAMES = {"A": "Do nothing", "B": "Pilot within current resources", "C": "Invest in the full plan"}
DEFAULT_CAPACITY_GAP = "record the team's hours on social media, its skills and out-of-hours cover"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _rows(fact: AuditFact) -> str:
    """"file rows 2-40; other.csv rows 5-9"; a long list of ranges is summarised by its span."""
    parts = []
    for source in fact.sources:
        ranges = [r.strip() for r in source.rows.split(",") if r.strip()]
        if len(ranges) > 3:
            first, last = ranges[0].split("-")[0], ranges[-1].split("-")[-1]
            parts.append(f"{source.file} rows {first}-{last} ({len(ranges)} ranges)")
        else:
            parts.append(f"{source.file} rows {source.rows}")
    return "; ".join(parts)


def source_line(n: int, citation: Citation, info: SourceInfo) -> SourceLine:
    """Publisher, title, year and URL; for own data the files and rows; second-hand says so."""
    publisher = clean(citation.publisher or "")
    parts = [p for p in (publisher, clean(citation.title).rstrip("."), clean(citation.year or "")) if p]
    text = ", ".join(parts)
    if info.fact is not None:
        rows = _rows(info.fact)
        period = f", {info.fact.period_label}" if info.fact.period_label else ""
        text += f"{period}. Computed from {rows}." if rows else f"{period}."
    elif info.files:
        text += f". From {', '.join(info.files)}."
    else:
        text += "."
    second_hand = citation.strength == "second-hand"
    if second_hand:
        text += " Second-hand report: check the original before a formal meeting."
    url = safe_url(citation.url)
    return SourceLine(n=n, text=clean(text), citation_id=citation.id, url=url, second_hand=second_hand)


def check_text(citation: Citation, info: SourceInfo) -> str:
    if info.fact is not None:
        fact = info.fact
        rows = _rows(fact) or "the audit's stored rows"
        return clean(
            f"Own data, re-derived from {rows} by the formula {fact.formula or 'in the audit report'}"
            f"{f', for {fact.period_label}' if fact.period_label else ''}."
        )
    if info.files:
        return clean(f"Public comments, counted from {', '.join(info.files)} after redaction.")
    kind = "Second-hand report" if citation.strength == "second-hand" else "Published source"
    return f"{kind}: each figure was found in the cited text of the source."
