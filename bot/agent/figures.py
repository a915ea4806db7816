"""Typed figures: every number in a claim or a source, parsed into what it measures.

A verifier that compares bare numbers accepts "£1.2 billion" for "£1.2 million", "45%" for "45
councils" and "the 95th percentile" for "the 7th percentile". Here each figure carries its kind
(percent, percentage points, currency, count, rank, multiplier, ratio, duration, date), its value
in base units with sign and scale applied, the precision it was written to, any bound ("over",
"nearly"), what it counts ("270 tweets") and, for a range, both ends. `supports` decides whether
a source figure backs a claimed one.

Written-out cardinals ("twenty-five thousand", "nine in ten") are read by text2num; fractions
("a third", "three-quarters"), multipliers ("eightfold", "tripled"), ordinals, ranks and
quartiles, which no maintained parser reads, by the small closed vocabularies below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from text_to_num import text2num

from bot.agent.text import terms


class Kind(StrEnum):
    PERCENT = "percent"
    POINTS = "percentage points"
    CURRENCY = "currency"
    COUNT = "count"
    RANK = "rank"  # ordinals, ranks ("15 of 16"), percentiles and quartiles (by unit)
    MULTIPLIER = "multiplier"
    RATIO = "ratio"  # "1 in 3", "a third", "half"
    DURATION = "duration"  # in minutes
    DATE = "date"  # a year, or a quarter, month or day of one (by unit)


@dataclass(frozen=True)
class Quantity:
    """One figure. `value` (and `high`, a range's upper end) are in base units with sign and
    scale applied: percent for percentages, major currency units, minutes for durations,
    yyyymmdd for dates. `step` is the precision written, in the same units (0.1 for "43.5%",
    100,000 for "£1.2m"; 0 when exact by definition, as "a third")."""

    text: str
    kind: Kind
    value: float
    high: float | None = None
    unit: str = ""  # currency symbol; rank: "", "percentile", "quartile"; date: year/quarter/month/day
    step: float = 1.0
    sign: int = 1  # -1 for "-72%", "down 3%", "fell by 5"
    bound: str = ""  # "over" ("more than", "65+"), "under" ("nearly", "up to"), "about"
    base: float | None = None  # "15 of 16" → 16
    noun: frozenset[str] = field(default_factory=frozenset)  # what a count counts
    start: int = 0
    end: int = 0


# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------

_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9,
           "billion": 1e9, "tn": 1e12, "trillion": 1e12}
_CURRENCY_WORDS = {"pounds": "£", "pound": "£", "dollars": "$", "dollar": "$", "euros": "€", "euro": "€"}
_MINUTES = {"second": 1 / 60, "sec": 1 / 60, "minute": 1.0, "min": 1.0, "hour": 60.0, "hr": 60.0, "h": 60.0,
            "day": 1440.0, "week": 10080.0, "fortnight": 20160.0, "month": 43830.0, "year": 525960.0,
            "yr": 525960.0, "decade": 5259600.0}
_MONTHS = {m[:3]: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_ORDINAL_WORDS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 1)}
_ORDINAL_WORDS["twentieth"] = 20
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10}
_SMALL = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_MULTIPLIER_WORDS = {"twice": 2.0, "double": 2.0, "doubled": 2.0, "doubles": 2.0, "doubling": 2.0,
                     "triple": 3.0, "tripled": 3.0, "triples": 3.0, "tripling": 3.0, "quadruple": 4.0,
                     "quadrupled": 4.0, "quadrupling": 4.0, "halved": 0.5, "halving": 0.5}
_QUARTILES = {"top": 1, "first": 1, "upper": 1, "second": 2, "third": 3, "bottom": 4, "fourth": 4, "lower": 4}

_CARDINAL = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion"
)
_WRITTEN_RE = re.compile(rf"\b(?:{_CARDINAL})(?:(?:\s+and\s+|[\s-]+)(?:{_CARDINAL}))*\b", re.IGNORECASE)
_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<!\w)\.\d+")
_URL_RE = re.compile(r"https?://\S+|www\.\S+")
_MONTH_RE = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE_RE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
_QUARTER_RE = re.compile(r"\bQ([1-4])\s+(\d{4})\b|\b(\d{4})[\s-]Q([1-4])\b")
_CLOCK_RE = re.compile(r"\b(\d+)\s?(?:h|hrs?|hours?)\s?(?:and\s+)?(\d{1,2})\s?(?:m|mins?|minutes?)\b", re.IGNORECASE)
_RANK_RE = re.compile(
    r"\b(?:rank(?:s|ed|ing)?|placed|position)\s+(?:at\s+|is\s+)?(?:(?:number|no\.?)\s+)?"
    r"(\d+)(?:st|nd|rd|th)?(?:\s+(?:of|out\s+of)\s+(\d+))?\b|"
    r"\b(\d+)(?:st|nd|rd|th)\s+(?:of|out\s+of)\s+(\d+)\b",
    re.IGNORECASE,
)
_QUARTILE_RE = re.compile(r"\b(top|bottom|first|second|third|fourth|upper|lower)[\s-]quartile\b", re.IGNORECASE)
# "in the top quartile", "in the peers' top quartile", "a top-quartile position": where we stand.
# "the top quartile is 4.6%" names a threshold, not a position, and is no figure.
_QUARTILE_POSITION_RE = re.compile(r"\b(?:in|into|among|within|reach|reaches|reached|join|joined)\s+"
                                   r"(?:the\s+|our\s+|its\s+|their\s+)?(?:\w+'\s+|\w+'s\s+)?$|\ba\s+$", re.IGNORECASE)
_FRACTION_RE = re.compile(
    r"\b(?:(a|an|one|two|three|four|five|six|seven|eight|nine)[\s-]+)?"
    r"(half|halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b",
    re.IGNORECASE,
)
_MULTIPLIER_RE = re.compile(
    rf"\b(?:(\d+(?:\.\d+)?)[\s-]?fold|({_CARDINAL})[\s-]?fold|" + "|".join(_MULTIPLIER_WORDS) + r")\b",
    re.IGNORECASE,
)
_ORDINAL_DIGITS_RE = re.compile(r"(?<![\w.])(\d+)(st|nd|rd|th)\b(\s+percentile)?", re.IGNORECASE)
_ORDINAL_WORD_RE = re.compile(r"\b(" + "|".join(_ORDINAL_WORDS) + r")\b(\s+percentile)?", re.IGNORECASE)

_OVER_RE = re.compile(r"(?:more\s+than|over|above|at\s+least|just\s+over|upwards\s+of|in\s+excess\s+of|>)\s*$", re.I)
_UNDER_RE = re.compile(r"(?:nearly|almost|under|less\s+than|fewer\s+than|up\s+to|just\s+under|close\s+to|"
                       r"below|not\s+quite|<)\s*$", re.I)
_ABOUT_RE = re.compile(r"(?:about|around|approximately|roughly|some|circa|c\.|~|an\s+estimated|estimated)\s*$", re.I)
_DOWN_BEFORE_RE = re.compile(r"\b(?:down|fell|fallen|falls|dropped|drops|declined|declines|decreased|decreases|"
                             r"shrank|shrunk|lost|minus|reduced|cut|lower)(?:\s+by)?\s*$", re.I)
_DOWN_AFTER_RE = re.compile(r"^\s*(?:lower|less|fewer|down|smaller|drop|fall|decrease|decline|reduction|cheaper)\b", re.I)
_BASE_RE = re.compile(r"^\s+(?:of|out\s+of)\s+(?:the\s+)?(\d[\d,]*|" + "|".join(_SMALL) + r"|twenty|thirty|fifty|"
                      r"hundred)\b(?!\s*(?:%|per\s?cent))", re.I)
_IN_RE = re.compile(r"^\s+in\s+(?:every\s+)?(\d+|" + "|".join(_SMALL) + r"|twenty|hundred)\b(?![\d,.%])", re.I)
_RANGE_DASH_RE = re.compile(r"^\s?[-–—]\s?(?=[£$€]?\.?\d)|^\s?[-–—]\s?(?=" + _CARDINAL + r")", re.I)
_BETWEEN_RE = re.compile(r"\bbetween\s+$", re.I)
_AND_RE = re.compile(r"^\s+and\s+(?=[£$€]?\.?\d)", re.I)
_PREPOSITIONS = frozenset("in on at to from by for with over during since per than of into across within".split())
_STOP_NOUN = re.compile(r"[,;:.()\[\]!?—–]")


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


def _mask(text: str) -> str:
    """Links and citation markers blanked out (same length, so spans still index `text`)."""
    text = _URL_RE.sub(lambda m: " " * len(m.group(0)), text)
    return re.sub(r"\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\]", lambda m: " " * len(m.group(0)), text)


def _half_up(value: float, step: float) -> float:
    if step <= 0:
        return value
    units = (Decimal(repr(value)) / Decimal(repr(step))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(units * Decimal(repr(step)))


def _bound(before: str) -> str:
    if _OVER_RE.search(before):
        return "over"
    if _UNDER_RE.search(before):
        return "under"
    if _ABOUT_RE.search(before):
        return "about"
    return ""


def _noun(after: str) -> frozenset[str]:
    """Up to three words after a count, before any punctuation or preposition: what it counts
    ("270 tweets with a link" → tweet; "160,000 in three days" → nothing)."""
    stop = _STOP_NOUN.search(after)
    window = (after[: stop.start()] if stop else after).split()[:3]
    words = []
    for word in window:
        if word.lower() in _PREPOSITIONS or re.fullmatch(_CARDINAL, word, re.I) or not word[0].isalpha():
            break
        words.append(word)
    return frozenset(terms(" ".join(words)))


def _written_value(words: str) -> float | None:
    try:
        return float(text2num(" ".join(words.lower().replace("-", " ").split()), "en"))
    except ValueError:
        return None


def _number_word(word: str) -> float | None:
    word = word.lower().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    return _written_value(word) if re.fullmatch(_CARDINAL, word, re.I) else None


@dataclass
class _Reader:
    """One pass over a text: each parser claims the spans it reads, so a number is read once."""

    text: str
    taken: list[tuple[int, int]] = field(default_factory=list)
    found: list[Quantity] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.taken)

    def add(self, q: Quantity) -> None:
        self.taken.append((q.start, q.end))
        self.found.append(q)

    def make(self, start: int, end: int, kind: Kind, value: float, **kw) -> Quantity:
        before = self.text[max(0, start - 25) : start]
        kw.setdefault("bound", _bound(before))
        return Quantity(text=self.text[start:end].strip(), kind=kind, value=value, start=start, end=end, **kw)


def _dates(r: _Reader) -> None:
    for m in _DATE_RE.finditer(r.text):
        day, month, year = m.group(1), _MONTHS[m.group(2).lower()[:3]], int(m.group(3))
        if m.group(2).lower() == "may" and not day and not m.group(2)[0].isupper():
            continue  # "may 2025" in lower case is not a date worth reading
        unit = "day" if day else "month"
        r.add(r.make(m.start(), m.end(), Kind.DATE, year * 10000 + month * 100 + int(day or 0), unit=unit, step=0))
    for m in _QUARTER_RE.finditer(r.text):
        if r.free(m.start(), m.end()):
            quarter, year = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
            r.add(r.make(m.start(), m.end(), Kind.DATE, year * 10000 + quarter * 300, unit="quarter", step=0))


def _clock(r: _Reader) -> None:
    for m in _CLOCK_RE.finditer(r.text):
        if r.free(m.start(), m.end()):
            minutes = int(m.group(1)) * 60 + int(m.group(2))
            r.add(r.make(m.start(), m.end(), Kind.DURATION, minutes, step=1.0, unit="minute"))


def _ranks(r: _Reader) -> None:
    for m in _RANK_RE.finditer(r.text):
        value, base = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        start = m.start(1) if m.group(1) else m.start()
        if r.free(start, m.end()):
            r.add(r.make(start, m.end(), Kind.RANK, float(value), base=float(base) if base else None, step=0))
    for m in _QUARTILE_RE.finditer(r.text):
        before = r.text[max(0, m.start() - 30) : m.start()]
        if r.free(m.start(), m.end()) and _QUARTILE_POSITION_RE.search(before):
            r.add(r.make(m.start(), m.end(), Kind.RANK, _QUARTILES[m.group(1).lower()], unit="quartile", step=0))
        elif r.free(m.start(), m.end()):
            r.taken.append((m.start(), m.end()))  # a threshold's name: "the top quartile is 4.6%"
    for m in _ORDINAL_DIGITS_RE.finditer(r.text):
        if r.free(m.start(), m.end()):
            unit = "percentile" if m.group(3) else ""
            r.add(r.make(m.start(), m.end(), Kind.RANK, float(m.group(1)), unit=unit, step=0))


def _fractions(r: _Reader) -> None:
    for m in _FRACTION_RE.finditer(r.text):
        numerator, name = (m.group(1) or "").lower(), m.group(2).lower()
        denominator = _DENOMINATORS[name.rstrip("s") if name != "halves" else "halves"]
        after = r.text[m.end() : m.end() + 12]
        before = r.text[max(0, m.start() - 12) : m.start()].lower()
        if not numerator and name not in ("half", "halves"):
            continue  # "third" alone is an ordinal, "quarter" alone a period
        if name.startswith("quarter") and re.search(r"\b(?:each|every|per|this|last|next|that)\s+$", before):
            continue
        if re.match(r"-[a-z]", after, re.I) or re.match(r"\s+part(?:y|ies)\b", after, re.I):
            continue  # "half-day", "a third party": compounds, not shares
        count = 1 if numerator in ("", "a", "an", "one") else _SMALL[numerator]
        if r.free(m.start(), m.end()):
            r.add(r.make(m.start(), m.end(), Kind.RATIO, count / denominator, step=0))


def _multipliers(r: _Reader) -> None:
    for m in _MULTIPLIER_RE.finditer(r.text):
        if not r.free(m.start(), m.end()):
            continue
        word = m.group(0).lower()
        if m.group(1):
            value = float(m.group(1))
        elif m.group(2):
            value = _written_value(m.group(2)) or 0.0
        else:
            value = _MULTIPLIER_WORDS[word]
        sign = -1 if _DOWN_AFTER_RE.match(r.text[m.end() :]) else 1
        r.add(r.make(m.start(), m.end(), Kind.MULTIPLIER, value, step=0, sign=sign))


@dataclass
class _Number:
    start: int
    end: int
    value: float
    decimals: int
    written: bool = False


def _numbers(r: _Reader) -> list[_Number]:
    """Digit and written-out numbers that no earlier parser claimed, in order."""
    text = r.text
    out: list[_Number] = []
    for m in _DIGITS_RE.finditer(text):
        start, end = m.start(), m.end()
        if not r.free(start, end):
            continue
        prev = text[start - 1] if start else " "
        if prev.isalnum() or prev in "_/#@&":
            continue  # GA4, F04, No10, a path or a tag
        if prev == "." and start >= 2 and text[start - 2].isalnum() and text[start - 2 : start] != "c.":
            continue
        if prev == "-" and start >= 2 and text[start - 2].isalpha():
            word = re.search(r"(\w+)-$", text[:start])
            if not word or word.group(1).lower() not in ("over", "under", "aged"):
                continue  # COVID-19
        if re.match(r":\d", text[end : end + 2]):
            continue  # a clock time
        raw = m.group(0).replace(",", "")
        out.append(_Number(start, end, float(raw), len(raw.split(".")[1]) if "." in raw else 0))
    for m in _WRITTEN_RE.finditer(text):
        start, end, words = m.start(), m.end(), m.group(0)
        if not r.free(start, end):
            continue
        after = text[end : end + 20]
        if words.lower() in ("one", "zero") and not _IN_RE.match(after):
            continue  # "one of them", "the one that matters": a pronoun, not a figure
        if re.match(r"-[a-z]", after, re.I) and not re.match(r"-(?:fold|year|month|week|day|hour)", after, re.I):
            continue  # "two-way", "one-off"
        value = _written_value(words)
        if value is not None:
            out.append(_Number(start, end, value, 0, written=True))
    return sorted(out, key=lambda n: n.start)


_UNIT_RE = re.compile(
    r"^(?:(?P<glue>st|nd|rd|th|s|x|×|k|m|mn|bn|b|tn|p|h|hrs?|mins?|pp|ppts?)(?![a-z]))?"
    r"(?P<plus>\+)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|mn|bn|tn|m|k)\b)?"
    r"(?:\s?(?P<cur>[£$€])(?P<curscale>bn|m|k)?)?"
    r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b)(?:\s?(?P<pctpts>points?)\b)?)?"
    r"(?:\s?(?P<pts>percentage[\s-]points?|pp\b|ppts?\b|points\b|point\b))?"
    r"(?:\s?(?P<times>x\b|×|times\b(?!\s+(?:a|an|per|each|every)\s+(?:day|week|month|quarter|year))))?"
    r"(?:\s?-?\s?(?P<fold>fold)\b)?"
    r"(?:[\s-]?(?P<curword>pounds?|dollars?|euros?)\b)?"
    r"(?:[\s-]?(?P<dur>seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|fortnights?|months?|years?|yrs?|decades?)\b)?"
    r"(?P<plus2>\+)?",
    re.IGNORECASE,
)


def _read(r: _Reader, n: _Number) -> Quantity | None:
    """The figure a number starts, with the units written after (and the sign, currency and bound
    written before) it; None for a name such as "2FA"."""
    text = r.text
    rest = text[n.end :]
    unit = _UNIT_RE.match(rest)
    assert unit is not None  # every group is optional
    g = {k: (v or "").lower() for k, v in unit.groupdict().items()}
    end = n.end + len(unit.group(0).rstrip())
    if not unit.group(0) and re.match(r"[a-z]", rest, re.I):
        return None
    if re.match(r"[a-z]", text[end : end + 1], re.I) and g["glue"]:
        return None  # glued letters that are no unit: "4G", "2FA"
    before = text[max(0, n.start - 30) : n.start]
    currency = g["cur"] or _CURRENCY_WORDS.get(g["curword"], "")
    start = n.start
    prefix = re.search(r"(?:US|A|C|NZ)?([£$€])\s?$", before)
    if prefix:
        currency = prefix.group(1)
        start -= len(before) - prefix.start()
        before = before[: prefix.start()]
    sign = 1
    if re.search(r"(?:^|[\s(])[-−]$", before) or re.search(r"\bminus\s+$", before, re.I):
        sign = -1
        if before.endswith(("-", "−")):
            before, start = before[:-1], start - 1
    elif _DOWN_BEFORE_RE.search(before) or _DOWN_AFTER_RE.match(text[end:]):
        sign = -1
    scale = _SCALES.get(g["scale"] or g["curscale"] or (g["glue"] if g["glue"] in _SCALES else ""), 1.0)
    step = 10.0 ** -n.decimals
    value = n.value
    kind, qunit, base, noun = Kind.COUNT, "", None, frozenset()
    bound = "over" if g["plus"] or g["plus2"] else _bound(before)
    glue = g["glue"]
    if glue in ("st", "nd", "rd", "th"):
        kind, step = Kind.RANK, 0
        if re.match(r"\s+percentile\b", text[end:], re.I):
            qunit = "percentile"
            end += re.match(r"\s+percentile\b", text[end:], re.I).end()
    elif g["pct"] and g["pctpts"] or g["pts"] or glue in ("pp", "ppt", "ppts"):
        kind = Kind.POINTS
    elif g["pct"]:
        kind = Kind.PERCENT
    elif g["times"] or g["fold"] or glue in ("x", "×"):
        kind = Kind.MULTIPLIER
    elif currency or glue == "p":
        kind = Kind.CURRENCY
        if glue == "p":
            currency, value, step = "£", value / 100, step / 100
        value, step = value * scale, step * scale
        qunit = currency
    elif g["dur"] or glue in ("h", "hr", "hrs", "min", "mins"):
        word = (g["dur"] or glue).rstrip("s") or "h"
        minutes = _MINUTES.get(word, _MINUTES.get(word[:3], 60.0))
        kind, value, step, qunit = Kind.DURATION, value * minutes, step * minutes, "minute"
    elif (not n.written and n.decimals == 0 and "," not in text[n.start : n.end] and 1900 <= value <= 2099
          and not g["glue"] and not g["scale"] and not currency):
        kind, step, qunit = Kind.DATE, 0, "year"
        value = value * 10000
    else:
        value, step = value * scale, step * scale  # "the over-65s", "18-29s": counted as written
        tail = text[end:]
        within = _IN_RE.match(tail)
        of = _BASE_RE.match(tail)
        if within and not g["scale"] and (den := _number_word(within.group(1))) and den > value:
            kind, value, step = Kind.RATIO, value / den, 0
            end += within.end()
        elif of:
            base = _number_word(of.group(1))
            end += of.end()
        age = bound == "over" and g["plus"] or glue == "s" or re.search(r"\b(?:aged?|ages)\s+$|-$", before, re.I)
        if kind is Kind.COUNT and not age:  # an age ("aged 65+", "over-65s") counts nothing
            noun = _noun(text[end:])
    fraction = re.match(r"/(\d+)\b", text[end:]) if kind is Kind.COUNT else None
    if fraction:  # "28/34 OECD countries"
        base = float(fraction.group(1))
        end += fraction.end()
        noun = _noun(text[end:])
    return Quantity(text=text[start:end].strip(), kind=kind, value=sign * value, unit=qunit, step=step,
                    sign=sign, bound=bound, base=base, noun=noun, start=start, end=end)


def _factor(q: Quantity, n: _Number) -> float:
    """What a figure's units multiplied its written number by (a scale word, pence, minutes)."""
    if q.kind in (Kind.COUNT, Kind.CURRENCY, Kind.DURATION) and n.value:
        return abs(q.value) / n.value
    return 1.0


def _merge_range(r: _Reader, low: Quantity, n: _Number, high: Quantity, hn: _Number) -> Quantity | None:
    """"6-8%", "£1.7-1.8bn", "18-29s", "2010-11", "between 50 and 95%": one figure with both ends,
    each end taking the units written at the other. None when the two are no range ("5% - £3")."""
    if low.kind is Kind.DATE and high.kind is Kind.COUNT and hn.value < 100 and not hn.decimals:
        century = int(low.value // 10000) // 100 * 100
        high = replace(high, kind=Kind.DATE, value=(century + hn.value) * 10000, unit="year", step=0)
    kinds = {low.kind, high.kind} - {Kind.COUNT}
    if len(kinds) > 1:
        return None
    kind = kinds.pop() if kinds else Kind.COUNT
    if kind is Kind.DATE:
        if low.kind is not Kind.DATE or high.kind is not Kind.DATE:
            return None
        return replace(low, text=r.text[low.start : high.end], high=high.value, end=high.end)
    factor = max(_factor(low, n), _factor(high, hn))
    step = 0.0 if kind in (Kind.RANK, Kind.RATIO) else 10.0 ** -max(n.decimals, hn.decimals) * factor
    return replace(
        low, text=r.text[low.start : high.end], kind=kind, unit=high.unit or low.unit,
        value=low.sign * n.value * factor, high=high.sign * hn.value * factor, step=step, end=high.end,
        noun=high.noun or low.noun, bound=low.bound or high.bound, base=high.base,
    )


def _cardinals(r: _Reader) -> None:
    numbers = _numbers(r)
    i = 0
    while i < len(numbers):
        n = numbers[i]
        i += 1
        if not r.free(n.start, n.end):
            continue
        q = _read(r, n)
        if q is None:
            continue
        between = _BETWEEN_RE.search(r.text[max(0, q.start - 12) : q.start])
        joiner = (_AND_RE if between else _RANGE_DASH_RE).match(r.text[q.end :])
        if joiner and i < len(numbers):
            gap = r.text[q.end + joiner.end() : numbers[i].start]
            high = _read(r, numbers[i]) if gap.strip() in ("", "£", "$", "€") else None
            merged = _merge_range(r, q, n, high, numbers[i]) if high is not None else None
            if merged is not None:
                q = merged
                i += 1
        r.add(q)


def _ordinal_words(r: _Reader) -> None:
    for m in _ORDINAL_WORD_RE.finditer(r.text):
        if not r.free(m.start(), m.end()):
            continue
        after = r.text[m.end() : m.end() + 8]
        before = r.text[max(0, m.start() - 6) : m.start()]
        if re.match(r"-(?:hand|party|class|rate|ever)", after, re.I) or re.match(r"\s+(?:party|parties)\b", after, re.I):
            continue  # "second-hand", "third party"
        if re.match(r",", after) and (not before.strip() or before.rstrip().endswith((".", ":", "-", "•", "*"))):
            continue  # "First, acknowledge…": a list, not a rank
        if re.search(r"\bat\s+$", before, re.I) and m.group(1).lower() == "first":
            continue  # "at first"
        unit = "percentile" if m.group(2) else ""
        r.add(r.make(m.start(), m.end(), Kind.RANK, float(_ORDINAL_WORDS[m.group(1).lower()]), unit=unit, step=0))


def parse_figures(text: str) -> list[Quantity]:
    """Every figure in `text`, in order of appearance (citation markers and links are ignored)."""
    r = _Reader(_mask(text))
    for parse in (_dates, _clock, _ranks, _fractions, _multipliers, _cardinals, _ordinal_words):
        parse(r)
    found = [replace(q, text=text[q.start : q.end].strip()) for q in r.found]
    return sorted(found, key=lambda q: q.start)


# --------------------------------------------------------------------------------------------
# Support
# --------------------------------------------------------------------------------------------

MAX_ROUNDING = 0.05  # a claim may round a source figure, never by more than 5% of it


def _agrees(claimed: float, step: float, source: float, source_step: float) -> bool:
    """Equal, or the source rounded (half up) to the claim's coarser precision, within 5%."""
    if abs(claimed - source) <= 1e-9 * max(1.0, abs(source)):
        return True
    if step <= 0 or step < source_step - 1e-12:
        return False  # more precise than the source, or exact by definition: must be equal
    rounded = _half_up(source, step)
    close = abs(claimed - source) <= MAX_ROUNDING * abs(source)
    return abs(rounded - claimed) <= 1e-9 * max(1.0, abs(claimed)) and close


def _ymd(value: float) -> tuple[int, int, int]:
    v = int(round(value))
    return v // 10000, v // 100 % 100, v % 100


def _date_supports(claim: Quantity, source: Quantity) -> bool:
    """A year is backed by any date in it; a quarter by that quarter or a month or day in it; a
    month by that month or a day in it; a day only by the same day. Either end of a source's range
    of dates backs a date; a claimed range needs both its ends."""
    if claim.high is not None:
        return all(_date_supports(replace(claim, value=v, high=None), source) for v in (claim.value, claim.high))
    for s in (source.value,) + ((source.high,) if source.high is not None else ()):
        (cy, cm, cd), (sy, sm, sd) = _ymd(claim.value), _ymd(s)
        unit = source.unit if source.high is None else "year"
        if cy != sy:
            continue
        if claim.unit == "quarter":
            ok = cm == sm if unit == "quarter" else unit in ("month", "day") and cm - 2 <= sm <= cm
        elif claim.unit == "month":
            ok = unit in ("month", "day") and cm == sm
        elif claim.unit == "day":
            ok = unit == "day" and (cm, cd) == (sm, sd)
        else:
            ok = True
        if ok:
            return True
    return False


def supports(source: Quantity, claim: Quantity) -> bool:
    """Does `source` back `claim`? Same kind and unit, same value at the claim's precision (both
    ends of a range), same sign, what a count counts, and no bound turned around ("nearly half"
    is not "over half")."""
    if claim.bound in ("over", "under") and source.bound != claim.bound:
        return False
    if claim.sign != source.sign:
        return False
    if claim.kind is Kind.DATE and source.kind is Kind.DATE:
        return _date_supports(claim, source)
    if {claim.kind, source.kind} == {Kind.RATIO, Kind.PERCENT}:
        # "a third" and "33%", "half" and "50%": the same share, at the percentage's precision
        if claim.high is not None or source.high is not None:
            return False
        if claim.kind is Kind.PERCENT:
            return abs(_half_up(source.value * 100, claim.step or 1.0) - claim.value) <= 1e-9 * max(1.0, claim.value)
        return abs(_half_up(claim.value * 100, source.step or 1.0) - source.value) <= 1e-9 * max(1.0, source.value)
    if claim.kind is not source.kind or claim.unit != source.unit:
        return False
    if (claim.high is None) != (source.high is None):
        return False  # a range is not one of its ends, nor an end a range
    if not _agrees(claim.value, claim.step, source.value, source.step):
        return False
    if claim.high is not None and not _agrees(claim.high, claim.step, source.high, source.step):  # type: ignore[arg-type]
        return False
    if claim.base is not None and claim.base != source.base:
        return False
    if claim.kind is Kind.COUNT and claim.noun and source.noun and not claim.noun & source.noun:
        return False  # "193 restaurants" is not "193 complaints"
    return True
