"""What a claim's words assert beyond its figures: negation, direction, and whom it is about.

Model-free checks the verifier applies between a claim and the source sentence that best matches
it. Word overlap alone accepts "social media does not reach older residents" against a source
saying it does, "fell" for "rose" and a US figure stated as British; these catch that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.agent.text import terms

# --------------------------------------------------------------------------------------------
# Clauses
# --------------------------------------------------------------------------------------------

_CLAUSE_SPLIT_RE = re.compile(
    r"\s*[;:]\s+|\s+[—–-]\s+|,\s+(?:and|but|while|whereas|yet)\s+|\s+(?:but|whereas|while|versus|vs\.?|"
    r"against|compared\s+with|compared\s+to)\s+|\(vs\.?\s+|,\s+as\s+(?:do|does|did|are|is|was|were|have|has)\s+|"
    r"\s+and\s+(?=[£$€]?\d)",
    re.IGNORECASE,
)


_ASIDE_RE = re.compile(r"\(([^()]*)\)")
_STATEMENT_RE = re.compile(r"\b(?:is|are|was|were|has|have|had)\b", re.IGNORECASE)


def clauses(sentence: str) -> list[tuple[int, int]]:
    """Spans of the sentence's clauses: split at semicolons, colons, dashes, contrasts ("but",
    "while", "vs", "against") and a new figure after "and", where one part may be about something
    else than the other. An aside in brackets that says something of its own ("(the UK adult
    average is 4h20m)", not "(50%)" or "(7.2 posts a week)") is a clause too, inside the one around it."""
    spans, start = [], 0
    for m in _CLAUSE_SPLIT_RE.finditer(sentence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    spans += [(m.start(1), m.end(1)) for m in _ASIDE_RE.finditer(sentence) if _STATEMENT_RE.search(m.group(1))]
    return sorted({(a, b) for a, b in spans if sentence[a:b].strip()})


def innermost(sentence: str, position: int) -> tuple[int, int]:
    """The smallest clause holding `position`."""
    holding = [(a, b) for a, b in clauses(sentence) if a <= position <= b]
    return min(holding, key=lambda span: span[1] - span[0]) if holding else (0, len(sentence))


# --------------------------------------------------------------------------------------------
# Negation
# --------------------------------------------------------------------------------------------

_NEGATION_RE = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|nowhere|neither|nor|cannot)\b|n't\b", re.IGNORECASE
)
# "not only", "no more than 5", and the answer "No: …" or "No, …" to a leader's claim.
_NOT_NEGATION_RE = re.compile(
    r"\bnot\s+(?:only|just|least)\b|\bno\s+(?:doubt|more\s+than|fewer\s+than|less\s+than)\b|^\W*no\s*[,:;.!—–-]",
    re.IGNORECASE,
)


def negated(text: str) -> bool:
    return bool(_NEGATION_RE.search(_NOT_NEGATION_RE.sub(" ", text.replace("\u2019", "'"))))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def polarity_conflict(claim: str, source_sentence: str) -> bool:
    """True when the claim negates what the source asserts, or asserts what it negates.

    A negated claim clause needs a negated source clause as its best match ("39% report no trust"
    is not "39% report high trust … and 44% report low or no trust"). A plain claim conflicts with
    any negated source clause about what it says (two or more content words in common), but not
    with one about something else: "20% rated it very important, and a quarter said not at all
    important" still backs "20% rated it very important"."""
    source_clauses = [source_sentence[a:b] for a, b in clauses(source_sentence)]
    claim_clauses = [claim[a:b] for a, b in clauses(claim) if terms(claim[a:b])]
    answered: set[str] = set()  # negated source clauses a negated claim clause stands on
    for part in claim_clauses:
        if negated(part):
            best = max(source_clauses, key=lambda c: (jaccard(terms(part), terms(c)), negated(c)))
            if not negated(best):
                return True
            answered.add(best)
    for part in claim_clauses:
        wanted = terms(part)
        if negated(part):
            continue
        plain = max((jaccard(wanted, terms(c)) for c in source_clauses if not negated(c)), default=0.0)
        for c in source_clauses:
            about = len(terms(c) & wanted) >= min(2, len(wanted), len(terms(c)))
            quoted_elsewhere = plain >= 0.5 and plain >= 2 * jaccard(wanted, terms(c))  # the claim is another clause
            if negated(c) and c not in answered and about and not quoted_elsewhere:
                return True
    return False


# --------------------------------------------------------------------------------------------
# Direction: more/fewer, rose/fell, above/below, top/bottom
# --------------------------------------------------------------------------------------------

UP, DOWN = "up", "down"
_UP_WORDS = (
    r"more|higher|highest|greater|greatest|larger|largest|bigger|biggest|above|top|best|better|faster|"
    r"fastest|ahead|lead|leads|leading|led|outperform\w*|exceed\w*|overt(?:ook|aken|aking|akes)|"
    r"r[io]se|rises|rising|risen|increas\w*|grew|grow|grows|growing|grown|growth|gain\w*|up|"
    r"doubl\w*|tripl\w*|climb\w*|jump\w*|surg\w*|soar\w*|boost\w*|improv\w*|expand\w*|passed|wider|widest|"
    r"widen\w*|broader|broadest"
)
_DOWN_WORDS = (
    r"fewer|fewest|less|least|lower|lowest|smaller|smallest|below|bottom|worst|worse|slower|slowest|"
    r"behind|trail\w*|lag\w*|f[ae]ll|falls|falling|fallen|drop\w*|declin\w*|decreas\w*|down|"
    r"shrink\w*|shrank|shrunk|lost|loses|losing|cut|cuts|cutting|reduc\w*|halv\w*|worsen\w*|narrow\w*"
)
_DIRECTION_RE = re.compile(rf"\b(?:(?P<up>{_UP_WORDS})|(?P<down>{_DOWN_WORDS}))\b", re.IGNORECASE)
# Bounds on a figure ("more than 2,600", "up to 10", "fewer than 5") are checked with the
# figure; particles ("sign up", "set up", "shut down") are no direction at all.
_NOT_DIRECTION_RE = re.compile(
    r"\b(?:more|less|fewer)\s+than\s+(?=[£$€]?\.?\d|a\s|an\s|half|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|twenty|thirty|forty|fifty|double|twice)|\b(?:above|below|over|under|up\s+to)\s+(?=[£$€]?\.?\d)|"
    r"\b(?:sign|set|follow|back|pick|take|make|made|turn|show|look|open|speak|step|end|ends|ended|fill|"
    r"filled|keep|kept|catch|caught|join|joined|free|freed|line|lined)\s+up\b|"
    r"\bup\s+(?:to|with|for)\b|"
    r"\b(?:turn|shut|break|write|wind|calm|play|back|settle|step|take|track|hunt|bring|scale)\w*\s+down\b|"
    r"\bat\s+(?:the\s+)?(?:least|best|worst|most)\b|\bno\s+less\b|\bmore\s+or\s+less\b|\bless\s+and\s+less\b|"
    r"\b(?:top|bottom|upper|lower)[\s-]quartile\b",  # a quartile is a figure, checked as one
    re.IGNORECASE,
)


def directions(text: str, start: int = 0, end: int | None = None) -> set[str]:
    """Which ways the text (or its part from `start` to `end`) says something went or stands:
    {"up"}, {"down"}, both or neither. Bounds and particles are read in the whole text first."""
    text = _NOT_DIRECTION_RE.sub(lambda m: " " * len(m.group(0)), text)
    end = len(text) if end is None else end
    return {UP if m.group("up") else DOWN for m in _DIRECTION_RE.finditer(text) if start <= m.start() < end}


# --------------------------------------------------------------------------------------------
# Names: places, platforms, organisations
# --------------------------------------------------------------------------------------------

_ALIAS_GROUPS = [
    {"us", "u.s.", "usa", "america", "american", "americans", "united states"},
    {"uk", "u.k.", "britain", "british", "britons", "united kingdom"},
    {"eu", "european union", "europe", "european", "europeans"},
    {"canada", "canadian", "canadians"},
    {"australia", "australian", "australians"},
    {"twitter", "x", "tweet", "tweets"},
    {"england", "english"},
    {"scotland", "scottish"},
    {"wales", "welsh"},
    {"germany", "german", "germans"},
    {"italy", "italian", "italians"},
    {"spain", "spanish"},
    {"oecd"},
    {"facebook"}, {"youtube"}, {"tiktok"}, {"instagram"}, {"linkedin"}, {"whatsapp"}, {"snapchat"},
    {"nextdoor"}, {"reddit"}, {"threads"}, {"bluesky"}, {"pinterest"},
]
_ALIASES = {name: group for group in _ALIAS_GROUPS for name in group}
_NAME_RE = re.compile(r"(?<![\w])[A-Za-z][A-Za-z0-9&'.\-]*")
_NOT_NAMES = frozenset(
    "i i'm i've i'd a an the our we it its this that these those there their they what when where why how "
    "which who if in on at for from by with to of and or but so as yes no not also one sample data".split()
    + "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday".split()
)


def _word(token: str) -> str:
    return re.sub(r"(?:'s|s')$", "", token.strip(".'-")).lower()


_TWO_WORD_NAMES = ("united states", "united kingdom", "european union")


def names(sentence: str) -> set[str]:
    """The proper names a sentence uses: capitalised words not opening a sentence or clause, every
    acronym, and known places and platforms wherever they stand ("Americans", "Facebook")."""
    found = {n for n in _TWO_WORD_NAMES if n in " ".join(sentence.lower().split())}
    parts = {part for n in found for part in n.split()}
    opening = True
    for m in _NAME_RE.finditer(sentence):
        token = m.group(0)
        word = _word(token)
        if word in parts:
            opening = False
            continue
        before = sentence[max(0, m.start() - 3) : m.start()]
        starts = opening or re.search(r"(?:^|[.:!?(\"'\u201c\u2018*•-]\s*)$", before) is not None
        opening = False
        if not word or word in _NOT_NAMES:
            continue
        acronym = len(token) > 1 and token.rstrip(".'s").isupper() and token[0].isalpha()
        capital = token[0].isupper() and not starts
        if acronym or capital or word in _ALIASES:
            found.add(word)
    return found


def vocabulary(text: str) -> set[str]:
    """Every word of a source, as `names` spells them, with two-word names ("United States")."""
    words = [_word(t) for t in _NAME_RE.findall(text)]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


def unnamed(claim_names: Iterable[str], source_words: set[str]) -> list[str]:
    """Names the claim uses that the source never mentions, under any alias ("US" for
    "Americans"): a figure about one country or platform stated as about another."""
    return [n for n in claim_names if n not in source_words and not (_ALIASES.get(n, set()) & source_words)]
