"""Remove personal details from a comment before anything is stored, embedded or indexed.

Public comments name people, give phone numbers and addresses, and quote account numbers. Upward
needs none of that to say what the public is talking about, so each detail becomes a bracketed
placeholder ([email], [link], [phone], [handle], [postcode], [number], [name]) and is counted.

Names are only caught where they can be recognised: the authors' own names wherever they appear,
and a capitalised word after a title ("Cllr Hughes"), a greeting or sign-off ("Thanks, Priya"),
or "my name is". A name in any other place stays; the docs say so. Redacting twice changes
nothing the second time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

KINDS = ("email", "link", "phone", "handle", "postcode", "number", "name")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]*\w@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:com|org|net|uk|io|ly|me|info|gov)(?![\w-])(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)]}'\"’”"

# UK numbers, written as people write them: the part after the leading 0 (or +44) by its range.
_AFTER_ZERO = (
    r"7\d{3}\)?[ -]?\d{3}[ -]?\d{3}",  # mobiles: 07700 900123
    r"(?:1\d1|11\d)\)?[ -]?\d{3}[ -]?\d{4}",  # 0161 496 0000, 0114 496 0000
    r"2\d\)?[ -]?\d{4}[ -]?\d{4}",  # (020) 7946 0000
    r"1\d{3}\)?[ -]?(?:\d{3}[ -]?\d{3}|\d{5})",  # 01632 960123, 01632 96012
    r"[389]\d{2}\)?[ -]?(?:\d{3}[ -]?\d{4}|\d{6})",  # 0300 123 4567, 0800 123456
)
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44 ?(?:\(0\) ?)?|\(0|0)(?:" + "|".join(_AFTER_ZERO) + r")(?![\w])"
)
_POSTCODE = re.compile(
    r"(?<![\w\[])([A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})(?![\w])", re.IGNORECASE
)
_ORDINAL = re.compile(r"1st|2nd|3rd|[04-9]th")  # "the A38 3rd exit" is not a postcode
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}(?![\w@])")
# Account, reference, NHS and card numbers: six or more digits, or 9+ digits in 3+ groups.
_NUMBER = re.compile(r"(?<![\w£$€.,])(?:\d{6,}|\d{2,5}(?:[ -]\d{2,5}){2,})(?![\w]|[.,]\d)")

_NAME_WORD = r"(?:O['’])?(?:Ma?c)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_CANDIDATE = rf"(?P<name>{_NAME_WORD}(?: {_NAME_WORD})?)"
_TITLES = re.compile(
    r"(?P<title>(?<![\w])(?:(?i:mrs|mr|ms|dr|cllr|councillor|sgt|insp|prof)\.?|Miss|Nurse|PC) +)"
    rf"(?P<name>(?:[A-Z]\.? +)?{_NAME_WORD}(?: {_NAME_WORD})?)"
)
_GREETING = re.compile(
    r"(?P<title>(?<![\w])(?i:hi|hello|hey|dear|morning|afternoon|evening|thanks|thank you|"
    r"thankyou|many thanks|cheers|regards|kind regards|best wishes|ta)[,!]? +)" + _CANDIDATE
)
_SIGN_OFF = re.compile(rf"(?P<title>(?:^|\s)[—–~-]{{1,2}} ?){_CANDIDATE}(?= *$)", re.MULTILINE)
# "Thank you [name] and Tom": a second name joined to one just removed.
_AND_NAME = re.compile(r"(?P<title>\[name\],? (?:and|&) )" + _CANDIDATE)
_INTRODUCTION = re.compile(
    rf"(?P<title>(?i:my name is|my name's) +){_CANDIDATE}"
    r"|(?P<title2>(?<![\w])(?:I'm|I’m|I am|Im) +)"
    + _CANDIDATE.replace("<name>", "<name2>")
    + r"(?= *(?:,|$))"
)

# Capitalised words that follow a greeting or title but are not names.
NOT_NAMES = frozenset("""
all everyone everybody team guys folks there the and for so very again mate you your lot much
council borough police nhs service services department trust hospital office centre center
highways waste customer support admin staff crew lads ladies gents people residents sir madam
please really great good lovely brilliant amazing today tomorrow yesterday
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december christmas easter
ok okay not just here fine sure sorry afraid disabled angry fuming confused new local
name email link phone handle postcode number
mr mrs ms miss dr cllr councillor pc sgt insp nurse prof
""".split())

# Words that are names but also ordinary words or place-name parts: an author called "Bill
# Green" is redacted as "Bill Green" together, but "council tax bill" and "Kiln Green" stay.
AMBIGUOUS = frozenset("""
bill will mark rose may june april august grace hope joy faith dawn eve frank sue pat rob jack
ray art sunny summer autumn holly ivy daisy lily iris amber ruby crystal rich drew chase
brook brooks hill hills wood woods green greene brown white black grey gray street lane park
parks field fields bridge bridges church hall king kings mills mill marsh moss stone bush
banks bank fox bird swift little young long small short best good bright sharp hunter page
bell rivers river waters ford cross gate gates heath moor moore lake north south east west
cook baker smith mason turner walker carter taylor cole coles wall walls well wells rice
sand sands day days noble love rain snow frost winter spring price case
the and for with from this that what when who why how are was were have has not but you our
council borough police team page official news service services
""".split())


@dataclass(frozen=True)
class Redacted:
    """A comment's text with personal details replaced, and how many of each kind were."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class KnownNames:
    """The authors' names and handles, to be found anywhere in any comment.

    `singles` are first names and surnames on their own (3+ letters, not ordinary words);
    `pairs` are adjacent words of a full name; `handles` are user names such as 'jdawson'.
    """

    singles: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()
    handles: frozenset[str] = frozenset()

    @cached_property
    def handle_pattern(self) -> re.Pattern[str] | None:
        """The handles as bare words ('jdawson', any case); an '@handle' is caught anyway."""
        if not self.handles:
            return None
        words = "|".join(re.escape(h) for h in sorted(self.handles, key=lambda h: (-len(h), h)))
        return re.compile(rf"(?<![\w@.\[])(?:{words})(?![\w\]]|\.\w)", re.IGNORECASE)

    @classmethod
    def from_authors(cls, authors: Iterable[str]) -> KnownNames:
        singles: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        handles: set[str] = set()
        for author in authors:
            if _looks_like_organisation(author):
                continue
            for handle in re.findall(r"@?([\w.]*[A-Za-z][\w.]*)", author):
                if "@" + handle in author or re.search(r"[\d_]", handle) or (
                    handle.islower() and len(author.split()) == 1
                ):
                    handles.add(handle.lower().strip("."))
            words = _WORD.findall(re.sub(r"@[\w.]+", " ", author))
            if len(words) == 1 and words[0].islower():
                continue  # a bare user name, kept as a handle above
            lowered = [w.lower() for w in words]
            for word in lowered:
                if len(_letters(word)) >= 3 and word not in AMBIGUOUS and word not in NOT_NAMES:
                    singles.add(word)
            pairs.update(zip(lowered, lowered[1:], strict=False))
        return cls(frozenset(singles), frozenset(pairs), frozenset(h for h in handles if len(h) >= 3))


# Accounts that are pages, groups or businesses, not people: their words are not names.
_ORGANISATION = re.compile(
    r"^the\b|\b(?:council|borough|police|constabulary|nhs|trust|official|team|news|ltd|limited|"
    r"group|groups|service|services|department|watch|association|society|hospital|school|radio|fm|"
    r"gov|community|residents|mums|dads|page|visit|info|forum|club|church|shop|cafe|society)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _looks_like_organisation(author: str) -> bool:
    return bool(_ORGANISATION.search(author))


def _letters(word: str) -> str:
    return re.sub(r"[^\w]|\d|_", "", word)


def _sub(pattern: re.Pattern[str], kind: str, text: str, counts: Counter) -> str:
    def replace(match: re.Match[str]) -> str:
        counts[kind] += 1
        return f"[{kind}]"

    return pattern.sub(replace, text)


def _links(text: str, counts: Counter) -> str:
    def replace(match: re.Match[str]) -> str:
        found = match.group()
        kept = found.rstrip(_URL_TRAILING)
        counts["link"] += 1
        return "[link]" + found[len(kept):]

    return _URL.sub(replace, text)


def _postcodes(text: str, counts: Counter) -> str:
    def replace(match: re.Match[str]) -> str:
        if _ORDINAL.fullmatch(match.group(2)):
            return match.group()
        counts["postcode"] += 1
        return "[postcode]"

    return _POSTCODE.sub(replace, text)


def _numbers(text: str, counts: Counter) -> str:
    def replace(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group())
        if len(digits) < 6 or (len(digits) < 9 and not match.group().isdigit()):
            return match.group()
        counts["number"] += 1
        return "[number]"

    return _NUMBER.sub(replace, text)


def _known(text: str, names: KnownNames, counts: Counter) -> str:
    """Authors' handles and names, whole words, any case; adjacent name words become one [name]."""
    if names.handle_pattern is not None:
        text = _sub(names.handle_pattern, "handle", text, counts)
    if not (names.singles or names.pairs):
        return text
    tokens = []
    for match in _WORD.finditer(text):
        word = match.group()
        if "'" in word or "’" in word:
            word = _base(word)
        tokens.append((match.start(), match.start() + len(word), word.lower()))
    marked = [False] * len(tokens)
    for i, (_, _, word) in enumerate(tokens):
        if word in names.singles:
            marked[i] = True
        if i + 1 < len(tokens) and (word, tokens[i + 1][2]) in names.pairs:
            if _adjacent(text, tokens[i], tokens[i + 1]):
                marked[i] = marked[i + 1] = True
    if not any(marked):
        return text
    spans: list[tuple[int, int]] = []
    for i, (start, end, _) in enumerate(tokens):
        if not marked[i]:
            continue
        if spans and marked[i - 1] and _adjacent(text, tokens[i - 1], tokens[i]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    for start, end in reversed(spans):
        text = text[:start] + "[name]" + text[end:]
    counts["name"] += len(spans)
    return text


def _base(word: str) -> str:
    """'Janet's' -> 'Janet': the possessive stays outside the placeholder."""
    return re.sub(r"['’]s$", "", word, flags=re.IGNORECASE)


def _adjacent(text: str, first: tuple[int, int, str], second: tuple[int, int, str]) -> bool:
    gap = text[first[1]:second[0]]
    return bool(gap) and gap.isspace() and "\n" not in gap


def _contextual(pattern: re.Pattern[str], text: str, counts: Counter) -> str:
    """A capitalised name after a title, greeting, sign-off or introduction. Words that end a
    name ("Thanks Sarah For…") are left; a run that turns out to be an organisation or a place
    ("Thanks Brackenford Council", "— Mill Lane") is left whole."""

    def replace(match: re.Match[str]) -> str:
        group = "name" if match.group("name") is not None else "name2"
        title = match.group("title") if group == "name" else match.group("title2")
        words = match.group(group).split()
        kept = []
        for word in words:
            if word.lower() in NOT_NAMES:
                break
            kept.append(word)
        after = match.string[match.end():].split(maxsplit=1)
        following = words[len(kept)] if len(kept) < len(words) else (after[0] if after else "")
        places = {w.lower() for w in words} | {following.strip(".,!?:;").lower()}
        if not kept or places & STOP_AFTER:
            return match.group()
        counts["name"] += 1
        rest = match.group(group)[len(" ".join(kept)):]
        return f"{title}[name]{rest}"

    return pattern.sub(replace, text)


# A capitalised run followed by one of these is an organisation or a place, not a person.
STOP_AFTER = frozenset("""
council borough police nhs team service services department trust hospital surgery school
road street lane close avenue way drive crescent park hill green bridge centre estate square
gardens place terrace court row walk grove rise view fields common
""".split())


@lru_cache(maxsize=8)
def _names_for(names: frozenset[str]) -> KnownNames:
    return KnownNames.from_authors(sorted(names))


def redact(text: str, known_names: KnownNames | Iterable[str] = ()) -> Redacted:
    """`text` with emails, links, phone numbers, handles, postcodes, long numbers and
    recognisable names replaced by placeholders. `known_names` are the authors' names (or a
    prepared `KnownNames`, which is faster for many comments)."""
    names = known_names if isinstance(known_names, KnownNames) else _names_for(frozenset(known_names))
    counts: Counter = Counter()
    text = _sub(_EMAIL, "email", text, counts)
    text = _links(text, counts)
    text = _sub(_PHONE, "phone", text, counts)
    text = _postcodes(text, counts)
    text = _sub(_HANDLE, "handle", text, counts)
    text = _numbers(text, counts)
    text = _known(text, names, counts)
    for pattern in (_TITLES, _GREETING, _SIGN_OFF, _INTRODUCTION, _AND_NAME):
        text = _contextual(pattern, text, counts)
    return Redacted(text=text, counts={k: counts[k] for k in KINDS if counts[k]})
