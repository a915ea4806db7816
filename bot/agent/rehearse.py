"""Scoring a rehearsal reply: did the user answer the sceptical leader the way that persuades?

Upward plays a leader raising an objection; the user replies; the reply is scored on four
things a sceptical leader responds to — the organisation's own figure, an outside source, their
actual concern, and a measurable next step. Pure and model-free, so the score is the same every
time and each note can say exactly what was missing. (Whether the reply meets the concern comes
in as a rank: where the objection stands among the twelve types when the objection detector
reads the reply; the caller computes it.)

Also here, for the service: picking the challenge, and gathering the numbers and publishers a
reply is scored against from the indexed chunks.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from bot.audit.kpis import KPIS
from bot.agent.verify import CITATION_RE, FIGURE_RE, find_figures, source_numbers, split_sentences
from bot.contract import Criterion, Scorecard

if TYPE_CHECKING:
    from bot.agent.taxonomy import Audience, ObjectionType
    from bot.index.store import StoredChunk

__all__ = [
    "KPI_WORDS", "OWN_DATA_TERMS", "Criterion", "OwnFigure", "ScoringInputs", "Scorecard",
    "pick_challenge", "publisher_aliases", "score_reply", "scoring_inputs",
]

CriterionId = Literal["own_data", "external", "concern", "next_step"]
LABELS: dict[CriterionId, str] = {
    "own_data": "Your own figure",
    "external": "Outside evidence",
    "concern": "Their concern",
    "next_step": "A measurable next step",
}
# How the summary names what is missing: "2 of 4: add your own figure and a measurable next step."
_FIXES: dict[CriterionId, str] = {
    "own_data": "your own figure",
    "external": "an outside source",
    "concern": "a line on their concern",
    "next_step": "a measurable next step",
}
# Ways of pointing at your own data without giving a number ("our audit shows we do well").
OWN_DATA_TERMS: tuple[str, ...] = (
    "our audit", "our data", "our figures", "our numbers", "our stats", "our statistics",
    "our analytics", "our insights", "our metrics", "our own figures", "our own data",
    "our response rate", "our engagement", "our reach", "our followers", "our results",
)


# --------------------------------------------------------------------------------------------
# Figures stated in a reply
# --------------------------------------------------------------------------------------------

# "for 12 months", "a 3-month pilot", "by 2027": time frames, not data, even when an audit fact
# happens to contain the same number ("the 12 months to October 2026").
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+", re.MULTILINE)
_TIME_UNIT_RE = re.compile(r"^[\s-]*(?:months?|weeks?|years?|quarters?)\b", re.IGNORECASE)


Unit = Literal["%", "currency", ""]


@dataclass(frozen=True)
class _Stated:
    """A figure in a reply: the number as written, its scale (1e6 for "£1.2m"), precision and unit."""

    text: str
    number: float
    scale: float
    decimals: int
    unit: Unit = ""


def _unit(match: re.Match[str]) -> Unit:
    return "%" if match.group("percent") else "currency" if match.group("currency") else ""


def _stated(reply: str) -> list[_Stated]:
    """The figures a reply states as data. Time frames and years are not data, and neither is a
    small bare count ("3 complaints"): the audit holds every small number, so it proves nothing."""
    text = _LIST_MARKER_RE.sub("", CITATION_RE.sub(" ", reply))
    out = []
    for match in FIGURE_RE.finditer(text):
        written = match.group("number").replace(",", "")
        number = float(written)
        unit = bool(match.group("currency") or match.group("percent") or match.group("scale"))
        small_or_year = number < 10 or 1900 <= number <= 2100
        if _TIME_UNIT_RE.match(text[match.end() :]) or (not unit and "." not in written and small_or_year):
            continue
        values = find_figures(match.group(0))[0].values
        scale = max(values) / number if number and len(values) > 1 else 1.0
        decimals = len(written.split(".")[1]) if "." in written else 0
        out.append(_Stated(match.group(0).strip(), number, scale, decimals, _unit(match)))
    return out


@dataclass(frozen=True)
class OwnFigure:
    """A number the active audit states, with the KPI it is about (a value, a change, a peer median
    or a rank of that KPI): a reply's figure is only "ours" when it says which KPI it is."""

    value: float
    kpi: str
    unit: Unit = ""  # "%" only matches a percentage, "currency" only money


# How a reply names each audit KPI (docs/kpis.md), as word beginnings: "respon" covers response,
# responded and responding. Written from the KPI catalogue, not from the rehearsal eval's replies.
KPI_WORDS: dict[str, str] = {
    "posts_per_week": r"posts?\b|posting|posted|publish",
    "impressions": r"impression|views?\b|viewed|seen|shown",
    "reach": r"reach",
    "engagements": r"engag|interact|reactions?\b|likes?\b|liked|comments?\b|shares\b|shared",
    "engagement_rate_per_reach": r"engag",
    "engagement_rate_per_follower": r"engag",
    "engagement_rate_per_post_per_follower": r"engag",
    "followers": r"follow|fans?\b|audience|subscriber",
    "follower_growth": r"follow|fans?\b|audience|subscriber",
    "video_views": r"video|views?\b|viewed|watch",
    "response_rate": r"respon|answer|repl",
    "median_response_minutes": r"respon|answer|repl|minutes?\b|hours?\b",
    "comments_answered_share": r"comment|answer|repl|respon",
    "users": r"users?\b|visitor",
    "sessions": r"session|visits?\b|visited",
    "web_engagement_rate": r"engag",
    "page_views": r"page ?views?\b|pageviews?\b|page",
    "ad_impressions": r"impression|ads?\b|advert",
    "ad_clicks": r"click",
    "ctr": r"click|ctr\b",
    "cpc": r"click|cpc\b",
    "ad_spend": r"spen[dt]|budget|cost",
    "conversions": r"conver|sign[- ]?ups?\b|registration|applications?\b|bookings?\b|enquir",
    "cost_per_conversion": r"conver|sign[- ]?ups?\b|registration|cost",
    "email_sends": r"e-?mail|newsletter|bulletin|campaign",
    "emails_delivered": r"e-?mail|newsletter|bulletin|deliver",
    "open_rate": r"open",
    "click_rate": r"click",
    "unsubscribe_rate": r"unsubscrib|opt(?:ed)?[- ]out",
}
_KPI_RE = {kpi: re.compile(rf"(?<![\w-])(?:{words})", re.IGNORECASE) for kpi, words in KPI_WORDS.items()}


# A KPI's own name ("response rate", "median response time"), which names it more precisely than
# its words do: "response" alone could be the response rate, the response time or comments answered.
def _name_pattern(name: str) -> re.Pattern[str]:
    """The KPI's name without its method in brackets: "Engagement rate (per reach)" → "engagement rate"."""
    bare = re.escape(re.sub(r"\s*\(.*\)", "", name))
    return re.compile(rf"(?<![\w-]){bare}(?![\w-])", re.IGNORECASE)


_KPI_NAME_RE = {kpi: _name_pattern(d.name) for kpi, d in KPIS.items()}


def _named_kpis(sentence: str) -> set[str]:
    """The KPIs a sentence names: by their names if it uses any, else by their words."""
    exact = {kpi for kpi, pattern in _KPI_NAME_RE.items() if pattern.search(sentence)}
    return exact or {kpi for kpi, pattern in _KPI_RE.items() if pattern.search(sentence)}


def _matches(figure: _Stated, known: Iterable[float]) -> bool:
    """Equal as numbers, or equal at the precision written: "72%" for 72.2, "£1.2m" for 1,234,567."""
    return any(
        abs(value - figure.number * figure.scale) < 1e-6
        or round(value / figure.scale, figure.decimals) == round(figure.number, figure.decimals)
        for value in known
    )


def _own_figures_in(reply: str, own: Collection[OwnFigure]) -> list[str]:
    """Figures of the reply that are the audit's, value and KPI both: the sentence stating the
    number must name a KPI (by its words) that the audit gives that number for, in the same
    unit. A bare "37%" matches nothing, "our reach is 72.2%" does not borrow the response rate's
    72.2%, and "a 14% click rate" does not borrow 14 clicks."""
    found = []
    for sentence in split_sentences(CITATION_RE.sub(" ", reply)):
        named = _named_kpis(sentence)
        if named:
            for stated in _stated(sentence):
                values = [f.value for f in own if f.kpi in named and f.unit == stated.unit]
                if _matches(stated, values):
                    found.append(stated.text)
    return found


# --------------------------------------------------------------------------------------------
# Outside sources
# --------------------------------------------------------------------------------------------

# Words that do not identify a publisher on their own ("Cabinet Office" is not "office").
_GENERIC = frozenset(
    "the of and for on in a an uk us usa eu national royal cabinet office department ministry "
    "government local public research center centre institute institution association council "
    "university college school foundation trust society group agency authority service services "
    "report reports study survey review journal news media social digital global world new "
    "international insights data statistics communications communication policy press barometer "
    "index tracker monitor".split()
)
_CONNECTIVES = frozenset({"of", "and", "for", "the", "in", "on"})
_PUBLISHER_SPLIT_RE = re.compile(
    r"\s*(?:[/;,&()]|\band\b|\bvia\b|\b(?:as )?reported by\b)\s*", re.IGNORECASE
)


def _alias(words: Sequence[str], *, exact_case: bool = False) -> tuple[str, re.Pattern[str]]:
    body = r"\s+".join(re.escape(w) for w in words)
    flags = 0 if exact_case else re.IGNORECASE
    return " ".join(words), re.compile(rf"(?<![\w-]){body}(?![\w-])", flags)


def publisher_aliases(publisher: str) -> list[tuple[str, re.Pattern[str]]]:
    """Ways a reply may name `publisher`, each with its whole-word pattern: every part
    ("Pew Research Center (reported by Reuters)" → "Pew Research Center", "Reuters"), a leading
    distinctive word ("Pew", "Sprout"), case-insensitive; and the initials of a name of three or
    more words ("Local Government Association" → "LGA"), in capitals only, so "WAS" is not "was"."""
    aliases: list[tuple[str, re.Pattern[str]]] = []
    for part in _PUBLISHER_SPLIT_RE.split(publisher or ""):
        words = part.split()
        if not any(c.isalpha() for c in part) or (len(words) == 1 and words[0].lower() in _GENERIC):
            continue
        aliases.append(_alias(words))
        distinctive = [w for w in words if w.lower() not in _GENERIC]
        if len(words) > 1 and distinctive == words[:1] and len(words[0]) >= 3:
            aliases.append(_alias(words[:1]))
        named = [w for w in words if w.lower() not in _CONNECTIVES]
        if len(named) >= 3 and all(w[0].isupper() for w in named):
            aliases.append(_alias(["".join(w[0] for w in named)], exact_case=True))
    return list(dict((name, (name, pattern)) for name, pattern in aliases).values())


def _named(reply: str, publishers: Sequence[str]) -> str | None:
    """The first publisher the reply names, as the reply's reader would recognise it."""
    for publisher in publishers:
        for name, pattern in publisher_aliases(publisher):
            if pattern.search(reply):
                return name
    return None


# --------------------------------------------------------------------------------------------
# Next steps
# --------------------------------------------------------------------------------------------

_NUMBER_WORDS = r"(?:one|two|three|four|five|six|eight|nine|ten|twelve|a few|a couple of|\d+)"
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
)
_STEP_RE = re.compile(
    r"\b(?:pilot|piloting|trial|trialling|trialing|test|testing|target|targets|kpis?|measure|measuring|"
    r"metrics?|review|reviewing|report back|evaluate|evaluation|benchmark|track|tracking|monitor|"
    r"monitoring|goal|milestone|check in|check-in|experiment|baseline)\b",
    re.IGNORECASE,
)
_WHEN_RE = re.compile(
    rf"\b(?:(?:for|over|in|within|after|every|each|across) (?:the )?(?:next |first |coming )?"
    rf"(?:{_NUMBER_WORDS} )?(?:days?|weeks?|months?|quarters?|years?)"
    rf"|{_NUMBER_WORDS}[- ](?:days?|weeks?|months?|quarters?|years?)(?:-long)?"
    rf"|(?:by|in|from|until|before|at the end of|end of) (?:the end of )?(?:{_MONTHS}|spring|summer|autumn|"
    rf"winter|christmas|the new year|year end|year-end|q[1-4]|\d{{4}})"
    rf"|(?:by|at) (?:the )?(?:end of )?(?:next|this) (?:week|month|quarter|year|financial year)"
    rf"|next (?:week|month|quarter|year|financial year)"
    rf"|(?:a|per|each|every) (?:day|week|fortnight|month|quarter|year)"
    rf"|weekly|monthly|quarterly|fortnightly|annually"
    rf"|a target of|target of|from \S*\d\S* to \S*\d\S*)\b",
    re.IGNORECASE,
)

# A number counts as a measure only when it is something to reach: "a goal of 80%", "raise it to 4%".
_GOAL_RE = re.compile(
    r"\b(?:target|goal|kpi|aim|raise|increase|grow|reach|cut|reduce|improve|lift|double|halve|at least)\b",
    re.IGNORECASE,
)


def _next_step(reply: str) -> tuple[str | None, bool]:
    """(what makes a proposed step measurable — its time frame or target —, whether any step was
    proposed at all). The step and its measure must share a sentence."""
    proposed = False
    for sentence in split_sentences(reply):
        if not _STEP_RE.search(sentence):
            continue
        proposed = True
        when = _WHEN_RE.search(sentence)
        if when:
            return when.group(0), True
        figures = find_figures(sentence)
        if figures and _GOAL_RE.search(sentence):
            return figures[0].text, True
    return None, proposed


# --------------------------------------------------------------------------------------------
# The scorecard
# --------------------------------------------------------------------------------------------


def _own_data(reply: str, own_numbers: Collection[OwnFigure], own_terms: Sequence[str]) -> Criterion:
    found = _own_figures_in(reply, own_numbers)
    if found:
        note = f"You quote your own figure ({found[0]}), which a leader cannot wave away as opinion."
    elif any(_alias(t.split())[1].search(reply) for t in own_terms if t.strip()):
        note = "You mention your own data but give no number: name the figure from your audit."
    else:
        note = "Nothing from your own audit: add one of your figures, such as your reach or response rate."
    return Criterion(id="own_data", label=LABELS["own_data"], passed=bool(found), note=note)


def _external(
    reply: str, external_numbers: set[float], own_numbers: Collection[OwnFigure], publishers: Sequence[str]
) -> Criterion:
    named = _named(reply, publishers)
    own_values = {f.value for f in own_numbers}
    outside = [
        f.text for f in _stated(reply) if _matches(f, external_numbers) and not _matches(f, own_values)
    ]
    if named:
        note = f"You name {named}, so the point rests on more than your own view."
    elif outside:
        note = f"You quote an outside figure ({outside[0]}); name who published it to make it stick."
    else:
        names = [aliases[0][0] for aliases in map(publisher_aliases, publishers) if aliases]
        examples = " or ".join(list(dict.fromkeys(names))[:2]) or "Ofcom"
        note = f"No outside evidence: add a published finding and name its source, such as {examples}."
    return Criterion(id="external", label=LABELS["external"], passed=bool(named or outside), note=note)


def _concern(rank: int, top: int) -> Criterion:
    passed = 0 <= rank < top
    note = (
        "You speak to the worry they actually raised."
        if passed
        else "You do not answer the worry they raised: say it back in their terms, then meet it."
    )
    return Criterion(id="concern", label=LABELS["concern"], passed=passed, note=note)


def _step(reply: str) -> Criterion:
    measure, proposed = _next_step(reply)
    if measure:
        note = f"You propose a step they can hold you to (\"{measure}\")."
    elif proposed:
        note = (
            "Your next step has no time frame or target: add when it ends or what number counts as success."
        )
    else:
        note = (
            "No concrete next step: propose something measurable, such as a three-month pilot with a target."
        )
    return Criterion(id="next_step", label=LABELS["next_step"], passed=measure is not None, note=note)


def _summary(criteria: list[Criterion]) -> str:
    score = sum(c.passed for c in criteria)
    missing = [_FIXES[c.id] for c in criteria if not c.passed]
    if not missing:
        return (
            f"{score} of {len(criteria)}: a strong reply, with your own figure, outside evidence, "
            "their concern and a next step."
        )
    wanted = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
    return f"{score} of {len(criteria)}: add {wanted}."


def score_reply(
    reply: str,
    *,
    own_numbers: Collection[OwnFigure],
    own_terms: Sequence[str],
    external_numbers: set[float],
    publishers: Sequence[str],
    concern_rank: int,
    concern_top: int = 3,
) -> Scorecard:
    """Score a rehearsal reply on the four criteria, each with a note saying why. `own_numbers`
    are the audit's figures, each with its KPI (see `scoring_inputs`)."""
    criteria = [
        _own_data(reply, own_numbers, own_terms),
        _external(reply, external_numbers, own_numbers, publishers),
        _concern(concern_rank, concern_top),
        _step(reply),
    ]
    return Scorecard(criteria=criteria, score=sum(c.passed for c in criteria), summary=_summary(criteria))


# --------------------------------------------------------------------------------------------
# What the service gathers around the scoring
# --------------------------------------------------------------------------------------------


def pick_challenge(
    objections: Sequence[ObjectionType],
    audience: Audience | None,
    objection: str | None,
    rng: random.Random,
) -> ObjectionType:
    """The objection to raise: the one asked for, else one this leader raises (their profile lists
    them most common first), else any. `rng` makes the pick repeatable with a seed."""
    if objection is not None:
        found = next((o for o in objections if o.id == objection), None)
        if found is None:
            raise ValueError(f"unknown objection type '{objection}'")
        return found
    theirs = [o for o in objections if audience is not None and o.id in audience.objections]
    pool = theirs or list(objections)
    if not pool:
        raise ValueError("there are no objection types to rehearse")
    return rng.choice(pool)


@dataclass(frozen=True)
class ScoringInputs:
    own_numbers: tuple[OwnFigure, ...]  # every number the active audit's facts state, with its KPI
    external_numbers: set[float]  # every value the evidence cards and peer cases state
    publishers: list[str]  # who published them, as the reply might name them


_EXTERNAL_KINDS = ("evidence", "peer")


def _body(text: str) -> str:
    """Chunk text without its leading context line ("Title › Section": periods, not data)."""
    return text.split("\n", 1)[1] if "\n" in text else text


def _fact_kpis(metadata: dict) -> set[str]:
    """The KPIs an audit fact is about, from the values it derives (stored as JSON)."""
    try:
        derived = json.loads(str(metadata.get("derived") or "[]"))
    except ValueError:
        return set()
    return {str(d["kpi"]) for d in derived if isinstance(d, dict) and d.get("kpi")}


def scoring_inputs(chunks: Iterable[StoredChunk]) -> ScoringInputs:
    """The numbers and publishers a reply is scored against, from the indexed chunks: audit facts
    are the organisation's own (every number of a fact belongs to the fact's KPI, in the unit it
    is written in; time frames and years are not figures), evidence cards
    and peer cases are outside evidence. A fact without a KPI adds no own figure."""
    own: set[OwnFigure] = set()
    external: set[float] = set()
    publishers: list[str] = []
    for chunk in chunks:
        kind = chunk.metadata.get("kind")
        if kind == "audit":
            stated = _stated(_body(chunk.text))
            own |= {
                OwnFigure(f.number * f.scale, kpi, f.unit) for kpi in _fact_kpis(chunk.metadata) for f in stated
            }
        elif kind in _EXTERNAL_KINDS:
            external |= source_numbers(_body(chunk.text))
            publisher = " ".join(str(chunk.metadata.get("publisher") or "").split())
            if publisher:
                publishers.append(publisher)
    ordered = tuple(sorted(own, key=lambda f: (f.kpi, f.value)))
    return ScoringInputs(ordered, external, list(dict.fromkeys(publishers)))
