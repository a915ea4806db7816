"""The rebuttal playbook: acknowledge → reframe → evidence (own data first, then external) →
honest counter-evidence → a peer who did it → a pilot with a KPI → the ask.

Planned before any model writes: every section is a quoted, cited sentence — from the objection's
playbook in knowledge/objections, the organisation's audit facts, the evidence cards the playbook
names (ranked against the question), a peer case study, imported public comments and, when an
audience is given, that audience's profile. A section with nothing to quote says what data would
fill it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.agent.finder import EvidenceFinder, platforms_named
from bot.agent.objections import core_claim
from bot.agent.plan import Pick, Plan, assemble_plan, lead_sentences
from bot.agent.taxonomy import AUDIENCE_HEADINGS, PLAYBOOK_HEADINGS, Audience, ObjectionType
from bot.index.retriever import RetrievedSource

OWN_DATA_GAP = (
    "import your own channel exports with `upward audit` so this answer can lead with your "
    "figures on {kpis}"
)


def outline_for(audience: Audience | None) -> list[tuple[str, str]]:
    sections = [
        ("acknowledge", "Acknowledge the concern"),
        ("reframe", "Reframe it"),
        ("audience", f"What matters to the {audience.label.lower()}" if audience else ""),
        ("own", "Our own numbers"),
        ("evidence", "What the evidence says"),
        ("public", "What the public is saying"),
        ("counter", "Be honest about"),
        ("peer", "Who has done it"),
        ("pilot", "Propose a pilot"),
        ("ask", "The ask"),
    ]
    return [(sid, title) for sid, title in sections if title]


@dataclass
class RebuttalEvidence:
    """What the planner may quote, by section, best first."""

    playbook: dict[str, RetrievedSource] = field(default_factory=dict)  # acknowledge, reframe, counter, pilot, ask
    own: list[RetrievedSource] = field(default_factory=list)
    goals: list[RetrievedSource] = field(default_factory=list)
    evidence: list[RetrievedSource] = field(default_factory=list)
    counter: list[RetrievedSource] = field(default_factory=list)
    peer: list[RetrievedSource] = field(default_factory=list)
    public: list[RetrievedSource] = field(default_factory=list)
    audience: dict[str, RetrievedSource] = field(default_factory=dict)  # lead, ask


def _playbook_sections(finder: EvidenceFinder, profile_source: str, headings: dict[str, str], query: str):
    out: dict[str, RetrievedSource] = {}
    for key, heading in headings.items():
        ranked = finder.rank(query, finder.document(profile_source, heading))
        if ranked:
            out[key] = ranked[0]
    return out


def gather(
    finder: EvidenceFinder,
    question: str,
    objection: ObjectionType,
    audience: Audience | None,
    *,
    relevance_floor: float,
) -> RebuttalEvidence:
    claim = core_claim(question)
    query = f"{claim} {objection.evidence_query}".strip()
    found = RebuttalEvidence()
    found.playbook = _playbook_sections(
        finder,
        objection.source.stem,
        {key: PLAYBOOK_HEADINGS[key] for key in ("acknowledge", "reframe", "counter", "pilot", "ask")},
        claim,
    )
    if audience is not None:
        found.audience = _playbook_sections(
            finder, audience.source.stem, {"lead": AUDIENCE_HEADINGS["lead"], "ask": AUDIENCE_HEADINGS["ask"]}, claim
        )
    platforms = platforms_named(question)
    kpis = list(dict.fromkeys(objection.audit_kpis + (audience.audit_kpis if audience else [])))
    facts = finder.audit_facts(kpis, prefixes=("AU", "AB", "AP"), platforms=platforms)
    facts = [c for c in facts if not str(c.metadata.get("fact_id", "")).endswith("-unlike")]
    found.own = finder.rank(f"our {claim}", facts)
    found.own.sort(key=lambda s: _own_order(s, objection, audience, platforms))
    found.goals = finder.rank(claim, finder.audit_facts(kpis, prefixes=("G",), platforms=platforms))
    cards = finder.rank(query, finder.facts(objection.evidence_ids))
    searched = [s for s in finder.search(query, kinds=("evidence",), k=6) if s.similarity >= relevance_floor]
    curated = {s.chunk.id for s in cards}
    found.evidence = [
        s for s in cards + [s for s in searched if s.chunk.id not in curated]
        if not s.chunk.metadata.get("counterpoint")
    ]
    found.counter = finder.rank(query, finder.facts(objection.counter_ids))
    found.peer = finder.rank(query, [c for stem in objection.peers for c in finder.document(stem)])
    found.public = [s for s in finder.search(query, kinds=("public",), k=3) if s.similarity >= relevance_floor]
    return found


def _own_order(source: RetrievedSource, objection: ObjectionType, audience: Audience | None, platforms: list[str]):
    """Named platform first, then the objection's KPIs in their order, then the audience's."""
    fact = str(source.chunk.metadata.get("fact_id", ""))
    parts = fact.split("-")
    platform, kpi = (parts[1], parts[2]) if len(parts) >= 3 else ("", "")
    kpis = objection.audit_kpis + (audience.audit_kpis if audience else [])
    return (
        0 if platform in platforms else 1,
        kpis.index(kpi) if kpi in kpis else len(kpis),
        0 if fact.startswith("AU") else 1,
    )


def _distinct_publishers(sources: list[RetrievedSource], limit: int) -> list[RetrievedSource]:
    picked: list[RetrievedSource] = []
    seen: set[str] = set()
    for source in sources:
        publisher = str(source.chunk.metadata.get("publisher", source.chunk.id))
        if publisher not in seen:
            picked.append(source)
            seen.add(publisher)
        if len(picked) == limit:
            break
    return picked


def plan_rebuttal(
    question: str, found: RebuttalEvidence, objection: ObjectionType, audience: Audience | None
) -> Plan:
    """One point per playbook step, numbered in the order the sections appear."""
    claim = core_claim(question)
    wanted: list[Pick] = []

    def playbook(section: str, source: RetrievedSource | None, sentences: int = 2) -> None:
        if source is not None:
            wanted.append((section, source, lead_sentences(source.chunk.text, sentences)))

    playbook("acknowledge", found.playbook.get("acknowledge"))
    playbook("reframe", found.playbook.get("reframe"))
    playbook("audience", found.audience.get("lead"))
    own = _one_per_kpi(found.own, limit=3)
    wanted += [("own", s, None) for s in own]
    wanted += [("evidence", s, None) for s in _distinct_publishers(found.evidence, 2)]
    wanted += [("public", s, None) for s in found.public[:1]]
    wanted += [("counter", s, None) for s in found.counter[:1]]
    if not found.counter:
        playbook("counter", found.playbook.get("counter"))
    wanted += [("peer", s, None) for s in found.peer[:1]]
    playbook("pilot", found.playbook.get("pilot"))
    wanted += [("pilot", s, None) for s in found.goals[:1]]
    playbook("ask", found.playbook.get("ask"))
    playbook("ask", found.audience.get("ask"), sentences=1)

    gaps = {}
    if not own:
        gaps["own"] = OWN_DATA_GAP.format(kpis=", ".join(k.replace("_", " ") for k in objection.audit_kpis[:3]))
    if not found.peer:
        gaps["peer"] = "add a case study of a comparable organisation to knowledge/peers"
    return assemble_plan(claim, wanted, outline_for(audience), gaps)


def _one_per_kpi(sources: list[RetrievedSource], limit: int) -> list[RetrievedSource]:
    """Own-data facts about different KPIs (a figure and its benchmark are two KPIs' worth)."""
    picked: list[RetrievedSource] = []
    seen: set[tuple[str, str]] = set()
    for source in sources:
        parts = str(source.chunk.metadata.get("fact_id", "")).split("-")
        key = (parts[0], "-".join(parts[1:3]))
        if key not in seen:
            picked.append(source)
            seen.add(key)
        if len(picked) == limit:
            break
    return picked
