"""The business case, section by section along Upward's method, planned from evidence.

Each section says where its evidence comes from: the organisation's audit (position, goals, peer
positions), imported public comments, evidence cards, peer case studies and guidance. The plan
quotes the best of each; a section with nothing to quote carries a note of the data to gather
instead, so a leader never reads an unsupported paragraph. An audience reorders the sections
(what a finance director wants first) and adds its framing and its ask.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.agent.finder import EvidenceFinder, platforms_named
from bot.agent.plan import Pick, Plan, assemble_plan, best_sentences, lead_sentences
from bot.agent.taxonomy import AUDIENCE_HEADINGS, Audience
from bot.index.retriever import RetrievedSource

# The headline KPIs a position section leads with when no audience says otherwise.
POSITION_KPIS = ["reach", "engagement_rate_per_reach", "response_rate", "users", "open_rate"]
ROADMAP_KPIS = ["posts_per_week", "median_response_minutes", "comments_answered_share"]
# Goal priority as the audit proposes them: responsiveness, engagement, reach and output, web,
# email, paid search.
GOAL_KPIS = [
    "response_rate", "median_response_minutes", "comments_answered_share",
    "engagement_rate_per_reach", "engagement_rate_per_post_per_follower", "reach", "posts_per_week",
    "follower_growth", "web_engagement_rate", "users", "open_rate", "click_rate", "ctr",
    "cost_per_conversion",
]


@dataclass(frozen=True)
class CaseSection:
    id: str
    title: str
    query: str  # what to search the knowledge for (the focus is added in front)
    kinds: tuple[str, ...]  # kinds of source searched for this section
    take: int  # most searched sources quoted
    gap: str  # the data to gather when nothing qualifies


SECTIONS = (
    CaseSection(
        "position", "Where we are now", "", (), 0,
        "import a year of exports from your social media, web analytics, paid search and email "
        "tools with `upward audit` to show where you stand now",
    ),
    CaseSection(
        "goals", "Where we want to be by this time next year", "", (), 0,
        "import at least a full year of exports so baselines can be measured and targets proposed",
    ),
    CaseSection(
        "peers", "Peers and trends",
        "what comparable councils police forces and health services achieve on social media",
        ("peer", "evidence"), 1,
        "add a peer dataset with `upward audit --peers` and case studies of comparable organisations",
    ),
    CaseSection(
        "public", "What the public is saying and expects",
        "public expects government to answer questions on social media and fill the information void",
        ("evidence",), 1,
        "import a social-listening or comments export with `upward listen`",
    ),
    CaseSection(
        "roadmap", "Roadmap: content, responsiveness and community management",
        "roadmap content output responsiveness community management plan",
        ("guidance",), 1,
        "set out planned posts per week, reply times and moderation hours",
    ),
    CaseSection(
        "capacity", "Team skills and capacity",
        "team skills competence capacity training hours out of hours cover",
        ("guidance", "evidence"), 2,
        "record the team's hours on social media, its skills and out-of-hours cover",
    ),
    CaseSection(
        "risks", "Risks of acting and of not acting",
        "risk of silence misinformation fills the void moderation pre-election records risk",
        ("guidance", "evidence"), 2,
        "list the main risks with their owner and mitigation in your risk register",
    ),
    CaseSection(
        "success", "How success will be measured",
        "success trust transparency responsive public evaluation outcomes AMEC",
        ("guidance", "evidence"), 2,
        "agree the trust, transparency and responsiveness measures you will report each quarter",
    ),
)
SECTION_IDS = tuple(s.id for s in SECTIONS)


def outline_for(audience: Audience | None) -> list[tuple[str, str]]:
    """The sections in the order the audience wants them, framed by its lead and its ask."""
    order = {sid: i for i, sid in enumerate(audience.lead_with if audience else SECTION_IDS)}
    sections = sorted(SECTIONS, key=lambda s: (order.get(s.id, len(order)), SECTION_IDS.index(s.id)))
    outline = [(s.id, s.title) for s in sections]
    if audience is not None:
        outline = [("audience", f"For the {audience.label.lower()}"), *outline, ("ask", "The ask")]
    return outline


def plan_case(
    finder: EvidenceFinder,
    *,
    focus: str | None,
    audience: Audience | None,
    relevance_floor: float,
) -> Plan:
    focus = (focus or "").strip()
    about = focus or "investing in social media for a public service"
    platforms = platforms_named(focus)
    kpis_first = audience.audit_kpis if audience else []
    picks: list[Pick] = []

    def facts(kpis: list[str], prefixes: tuple[str, ...], limit: int) -> list[RetrievedSource]:
        found = finder.audit_facts(kpis, prefixes=prefixes, platforms=platforms)
        found = [c for c in found if not str(c.metadata.get("fact_id", "")).endswith("-unlike")]
        chosen, seen = [], set()
        for chunk in found:  # one fact per KPI, in the KPI order asked
            kpi = str(chunk.metadata.get("fact_id", "")).split("-")[2]
            if kpi not in seen:
                chosen.append(chunk)
                seen.add(kpi)
        return finder.rank(about, chosen[:limit])

    if audience is not None:
        lead = finder.rank(about, finder.document(audience.source.stem, AUDIENCE_HEADINGS["lead"]))
        picks += [("audience", s, lead_sentences(s.chunk.text, 2)) for s in lead[:1]]
    position_kpis = list(dict.fromkeys(kpis_first + POSITION_KPIS))
    picks += [("position", s, None) for s in facts(position_kpis, ("AU",), 3)]
    picks += [("goals", s, None) for s in facts(list(dict.fromkeys(kpis_first + GOAL_KPIS)), ("G",), 3)]
    picks += [("peers", s, None) for s in facts(position_kpis + ROADMAP_KPIS, ("AB", "AP"), 2)]
    picks += [("roadmap", s, None) for s in facts(ROADMAP_KPIS, ("AU",), 2)]
    # Public-comment facts are few and all about the organisation's own comments, so any of the
    # best two will do unless it is plainly off the subject (half the usual floor).
    public = finder.search(f"{about} public comments themes questions", kinds=("public",), k=2)
    picks += [("public", s, None) for s in public if s.similarity >= relevance_floor / 2]

    for section in SECTIONS:
        if not section.kinds:
            continue
        query = f"{focus} {section.query}".strip()
        found = [
            s for s in finder.search(query, kinds=section.kinds, k=6)
            if s.similarity >= relevance_floor
            # counter-evidence belongs with the risks, where the case weighs it
            and (section.id == "risks" or not s.chunk.metadata.get("counterpoint"))
        ]
        taken = {s.chunk.id for _, s, _ in picks}
        fresh = [f for f in found if f.chunk.id not in taken][: section.take]
        picks += [(section.id, s, best_sentences(query, s.chunk.text, str(s.chunk.metadata.get("kind")))) for s in fresh]

    if audience is not None:
        ask = finder.rank(about, finder.document(audience.source.stem, AUDIENCE_HEADINGS["ask"]))
        picks += [("ask", s, lead_sentences(s.chunk.text, 2)) for s in ask[:1]]

    gaps = {s.id: s.gap for s in SECTIONS}
    return assemble_plan(about, picks, outline_for(audience), gaps)

