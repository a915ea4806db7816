"""Sort comments into public-service themes with a keyword lexicon, offline and explainable.

A leader asks "what are people actually on about?"; the answer must be reproducible and easy to
check, so themes come from word-boundary keyword patterns with weights, not from a model. A
comment can match several themes; its primary theme is the one with the most weight (ties go to
the theme listed first). Comments that match none are "other".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

OTHER = "other"
OTHER_LABEL = "Other"
RUMOURS = "rumours"


@dataclass(frozen=True)
class Theme:
    """A theme and its keyword patterns (regex fragments, matched as whole words, any case),
    each with a weight: 3 for phrases that settle the theme, 2 for its nouns, 1 for hints."""

    id: str
    label: str
    patterns: tuple[tuple[str, int], ...]


def _t(theme_id: str, label: str, *patterns: tuple[str, int]) -> Theme:
    return Theme(theme_id, label, patterns)


THEMES: tuple[Theme, ...] = (
    _t(
        "rumours", "Rumours and misinformation",
        (r"(?:i'?ve |i have |i )?heard (?:that|the|they|it's|its)", 3), (r"is (?:it|this|that) true", 3),
        (r"some(?:one|body) (?:said|told me|says)", 3), (r"people (?:are|were) saying", 3),
        (r"apparently", 3), (r"rumou?rs?", 3), (r"word is", 3), (r"going (?:a)?round", 2),
        (r"fake news", 3), (r"(?:been|was) told (?:that|they|it|the)", 2), (r"can any ?(?:one|body) confirm", 2),
        (r"saw (?:a post|on facebook|online) (?:saying|that)", 3), (r"is it right that", 3),
    ),
    _t(
        "bins", "Bins and recycling",
        (r"bins?", 2), (r"wheelie bins?", 3), (r"recycl\w*", 2), (r"refuse", 2),
        (r"(?:missed|missing|no) (?:bins?|collections?)", 3), (r"collections?", 1), (r"collected", 1),
        (r"(?:bin|waste|rubbish|recycling) (?:rounds?|days?|crews?|lorry|lorries|men|collections?)", 3),
        (r"(?:new|changed?) rounds?", 3), (r"garden waste", 3), (r"food waste", 3), (r"caddy", 2),
        (r"fly[- ]?tip\w*", 3), (r"(?<!top )(?<!hot )tip", 2), (r"hwrc", 3),
        (r"missed (?:again|this week|last week|twice|three times)", 2),
        (r"(?:household )?waste recycling centre", 3), (r"recycling centre", 3), (r"dump", 1),
        (r"rubbish", 1), (r"black bags?", 2), (r"bulky (?:waste|items?)", 3),
    ),
    _t(
        "roads", "Roads, potholes and roadworks",
        (r"pot ?holes?", 3), (r"road ?works?", 3), (r"resurfac\w*", 3),
        (r"pavements?", 2), (r"footpaths?", 2), (r"street ?lights?", 3), (r"traffic lights?", 2),
        (r"temporary lights", 3), (r"diversions?", 2), (r"highways", 2), (r"speed bumps?", 2),
        (r"cycle lanes?", 2), (r"tyres?", 1), (r"roads?", 1), (r"a\d{1,4}", 1), (r"b\d{4}", 1),
        (r"gritt\w*", 1), (r"junctions?", 1), (r"traffic", 1), (r"drains?", 1),
        (r"(?:road|street|lane|bridge)s? (?:is |are )?(?:closed|shut|reopens?|reopened|closures?)", 3),
        (r"bridges?", 1), (r"dropped kerbs?", 3), (r"kerbs?", 1),
    ),
    _t(
        "council-tax", "Council tax and charges",
        (r"council tax", 3), (r"c ?tax", 2), (r"tax bills?", 3), (r"direct debit", 2),
        (r"single person discount", 3), (r"precept", 3), (r"band [a-h]", 2), (r"arrears", 2),
        (r"bills?", 1), (r"charges?", 1), (r"fees?", 1),
        (r"(?:price|tax|bill|rent|fare)s? (?:rise|increase)s?", 2), (r"gone up", 1),
        (r"instalments?", 2), (r"refunds?", 1),
    ),
    _t(
        "parking", "Parking",
        (r"parking", 3), (r"car ?parks?", 3), (r"parked", 2), (r"permits?", 1),
        (r"pcn", 3), (r"penalty charge", 3), (r"parking (?:tickets?|fines?)", 3),
        (r"traffic wardens?", 3), (r"double yellows?", 3), (r"pay and display", 3), (r"blue badges?", 3),
    ),
    _t(
        "planning", "Planning and development",
        (r"planning(?: permission| applications?)?", 3), (r"developments?", 1), (r"developers?", 3),
        (r"new (?:houses|homes|estate)", 3), (r"housing estate", 3), (r"green belt", 3),
        (r"local plan", 3), (r"objections?", 2), (r"extensions?", 1), (r"consultation", 1),
        (r"built on", 2), (r"building on", 2), (r"turned into (?:homes|houses|flats)", 3),
    ),
    _t(
        "housing", "Housing",
        (r"housing(?! estate)", 2), (r"council (?:house|houses|flat|flats|homes?)", 3),
        (r"social housing", 3), (r"housing list", 3), (r"homeless\w*", 3), (r"tenants?", 2),
        (r"landlords?", 2), (r"damp", 2), (r"mou?ld", 2), (r"rent", 1), (r"evict\w*", 3),
        (r"temporary accommodation", 3), (r"housing associations?", 3),
    ),
    _t(
        "leisure", "Libraries, leisure and parks",
        (r"librar(?:y|ies)", 3), (r"leisure centres?", 3), (r"swimming(?: pool)?", 3), (r"pools?", 1),
        (r"gym", 2), (r"parks?", 1), (r"play ?(?:areas?|parks?|grounds?)", 3), (r"museums?", 3),
        (r"allotments?", 3), (r"sports? centres?", 3), (r"tennis courts?", 3), (r"country park", 3),
        (r"skate ?park", 3), (r"(?:public )?toilets?", 1),
    ),
    _t(
        "events", "Events",
        (r"events?", 2), (r"festival", 3), (r"bonfire", 3), (r"fireworks?", 2),
        (r"christmas lights", 3), (r"switch[- ]on", 3), (r"markets?", 1), (r"fun ?fair", 3),
        (r"parade", 3), (r"remembrance", 3), (r"concerts?", 2), (r"tickets?", 1),
    ),
    _t(
        "flooding", "Flooding, weather and emergencies",
        (r"flood\w*", 3), (r"sandbags?", 3), (r"river levels?", 3), (r"storms?", 2),
        (r"(?:weather|flood|met office) warnings?", 3), (r"snow\w*", 2), (r"icy", 2), (r"ice", 1),
        (r"heavy rain", 3), (r"power cuts?", 3), (r"evacuat\w*", 3), (r"emergency", 2),
        (r"burst (?:water )?mains?", 3), (r"gritt\w*", 2), (r"warnings?", 1), (r"rain", 1),
        (r"river(?: \w+)? levels?", 3), (r"river", 1),
        (r"under water", 2),
    ),
    _t(
        "transport", "Public transport",
        (r"bus(?:es)?", 2), (r"bus (?:services?|routes?|stops?|station|pass)", 3), (r"trains?", 2),
        (r"railway", 2), (r"(?:bus|train|railway) station", 3), (r"timetables?", 2),
        (r"park and ride", 3), (r"community transport", 3), (r"public transport", 3),
    ),
    _t(
        "crime", "Crime, safety and anti-social behaviour",
        (r"crime", 3), (r"police", 2), (r"anti[- ]?social", 3), (r"asb", 3), (r"vandal\w*", 3),
        (r"graffiti", 3), (r"burglar\w*", 3), (r"break[- ]?ins?", 3), (r"stolen", 2), (r"theft", 3),
        (r"drugs?", 2), (r"dealing", 2), (r"off[- ]road bikes?", 3), (r"scramblers?", 3),
        (r"e[- ]?scooters?", 2), (r"speeding", 2), (r"knife", 3), (r"unsafe", 1), (r"cctv", 2),
        (r"nuisance", 1),
    ),
    _t(
        "health", "Health services and appointments",
        (r"gps?", 2), (r"doctors?", 2), (r"surgery", 2), (r"(?:gp|doctor'?s?|hospital) appointments?", 3),
        (r"appointments?", 1), (r"a ?& ?e", 3), (r"walk[- ]in centres?", 3), (r"hospital", 2), (r"nhs", 2), (r"pharmac\w*", 3),
        (r"chemist", 2), (r"dentists?", 3), (r"ambulance", 3), (r"mental health", 3),
        (r"waiting (?:lists?|times?)", 2), (r"vaccin\w*", 3), (r"flu jabs?", 3), (r"social care", 3),
        (r"care homes?", 3), (r"carers?", 2),
    ),
    _t(
        "schools", "Schools and children",
        (r"schools?", 2), (r"school places?", 3), (r"admissions?", 2), (r"pupils?", 2),
        (r"teachers?", 2), (r"nursery", 2), (r"childcare", 3), (r"special educational needs", 3), (r"ehcps?", 3),
        (r"school (?:transport|bus|run|meals|holidays)", 3), (r"term (?:dates|time)", 3),
        (r"kids", 1), (r"children'?s?", 1), (r"youth clubs?", 3), (r"holiday clubs?", 3),
    ),
    _t(
        "elections", "Elections and voting",
        (r"elections?", 3), (r"polling (?:station|card)s?", 3), (r"postal votes?", 3), (r"vot\w*", 2),
        (r"ballots?", 2), (r"candidates?", 2),
    ),
    _t(
        "contact", "Website, phones and getting through",
        (r"website", 2), (r"web ?site|web ?page", 2), (r"online forms?", 3), (r"the app", 2),
        (r"log ?in", 2), (r"portal", 2), (r"on hold", 3), (r"(?:get|got|getting) through", 3),
        (r"no ?(?:one|body) (?:answers|answered|picks up|replied|replies|got back)", 3),
        (r"contact centre", 3), (r"customer services?", 3), (r"(?:couldn'?t|can'?t|cannot|could not) find", 3),
        (r"where (?:do|can) (?:i|we|you) (?:find|report)", 3), (r"broken link", 3),
        (r"link (?:doesn'?t|does not|isn'?t|is not) work\w*", 3), (r"no reply", 3),
        (r"(?:still )?waiting for a (?:reply|response|call back)", 3), (r"ignored", 2), (r"chatbot", 3),
        (r"phone (?:lines?|number)", 2), (r"rang|phoned|called", 1), (r"emailed", 1),
    ),
    _t(
        "praise", "Thanks and praise",
        (r"thanks|thank you|thankyou|cheers|ta", 1), (r"brilliant", 2), (r"great (?:job|work|service)", 3),
        (r"well done", 3), (r"fantastic", 2), (r"amazing", 2), (r"excellent", 2), (r"helpful", 2),
        (r"(?:quick|fast|speedy|prompt) (?:reply|replies|response|responses)", 3),
        (r"(?:so|really|very) quick(?:ly)?", 2), (r"quick to (?:reply|respond|answer|help)", 3), (r"appreciated?", 2), (r"kudos", 3),
        (r"credit to", 3), (r"hats off", 3), (r"lovely", 1), (r"keep up the good work", 3),
        (r"sorted", 1), (r"(?:really )?impressed", 2),
    ),
)
THEME_LABELS: dict[str, str] = {t.id: t.label for t in THEMES} | {OTHER: OTHER_LABEL}
_ORDER = {t.id: n for n, t in enumerate(THEMES)}

# Every pattern of every theme in one scan. At any place in the text the weightiest pattern is
# tried first, so "car park" is read as parking before "park" can be read as leisure.
_ALL = sorted(
    ((pattern, weight, theme.id) for theme in THEMES for pattern, weight in theme.patterns),
    key=lambda p: -p[1],
)
_SCAN = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p, _, _ in _ALL) + r")\b", re.IGNORECASE)
_EACH = tuple((re.compile(p, re.IGNORECASE), w, t) for p, w, t in _ALL)


@lru_cache(maxsize=4096)
def _credits(hit: str) -> tuple[tuple[str, int, int], ...]:
    """Which patterns (theme, weight, pattern number) a found phrase is an instance of."""
    return tuple((t, w, n) for n, (pattern, w, t) in enumerate(_EACH) if pattern.fullmatch(hit))


def theme_weights(text: str) -> dict[str, int]:
    """Each matched theme's summed weight of the distinct patterns found in `text`."""
    return dict(_scan(text))


@lru_cache(maxsize=16384)
def _scan(text: str) -> tuple[tuple[str, int], ...]:
    # Cached: classifying, flagging rumours and choosing examples all read the same comments.
    seen: set[int] = set()
    weights: dict[str, int] = {}
    for match in _SCAN.finditer(text):
        for theme, weight, number in _credits(match.group().lower()):
            if number not in seen:
                seen.add(number)
                weights[theme] = weights.get(theme, 0) + weight
    return tuple(weights.items())


@dataclass(frozen=True)
class ThemeMatch:
    """A comment's themes, primary first; `weight` is the primary theme's keyword weight."""

    primary: str
    themes: tuple[str, ...]
    weight: int


def classify(text: str) -> ThemeMatch:
    weights = theme_weights(text)
    if not weights:
        return ThemeMatch(OTHER, (OTHER,), 0)
    found = sorted(weights, key=lambda t: (-weights[t], _ORDER[t]))
    return ThemeMatch(found[0], tuple(found), weights[found[0]])


_INTERROGATIVES = frozenset(
    "what when where why who whom whose which how is are was were can could will would does do "
    "did has have should shall may any anyone".split()
)
_ASKING = re.compile(
    r"\b(?:can|could|would|will) you\b|\b(?:does|do) (?:any ?(?:one|body)|you) know\b|"
    r"\bwhen (?:will|is|are|does|do)\b|\bany (?:news|update|idea)s?\b|\bhow (?:do|can) (?:i|we)\b|"
    r"\bwho do (?:i|we)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A question mark, a first word that asks, or a phrase that asks ('can you', 'when will')."""
    if "?" in text:
        return True
    first = re.match(r"\W*([A-Za-z']+)", text)
    if first and first.group(1).lower() in _INTERROGATIVES:
        return True
    return bool(_ASKING.search(text))


def is_rumour(text: str) -> bool:
    """Passes on or asks about something heard ('heard that…', 'is it true…', 'someone said…')."""
    return theme_weights(text).get(RUMOURS, 0) >= 3
