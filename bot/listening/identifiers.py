"""Find structured personal details in a comment: the spans to redact, by kind.

Each finder returns (start, end, kind) spans on the original text; `redact` decides overlaps
(the first kind listed in `FINDERS` wins) and writes the placeholders. Numbers that carry
meaning stay: £40, 4.99%, 2026, road numbers (A38, B4127), times (6am), ordinary dates.
Phone numbers are read with Google's libphonenumber (the `phonenumbers` package), so dots,
brackets and international forms are all recognised, besides UK patterns for the Ofcom drama
ranges that libphonenumber knows are not in service.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers

from bot.listening.names import name_list

Span = tuple[int, int, str]

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]*\w@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+"
    r"|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:com|org|net|uk|io|ly|me|info|gov)(?![\w-])(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)]}'\"’”"

# UK numbers, written as people write them: the part after the leading 0 (or +44) by its range.
_SEP = r"[ .-]?"
_AFTER_ZERO = (
    rf"7\d{{3}}\)?{_SEP}\d{{3}}{_SEP}\d{{3}}",  # mobiles: 07700 900123
    rf"(?:1\d1|11\d)\)?{_SEP}\d{{3}}{_SEP}\d{{4}}",  # 0161 496 0000, 0114 496 0000
    rf"2\d\)?{_SEP}\d{{4}}{_SEP}\d{{4}}",  # (020) 7946 0000
    rf"1\d{{3}}\)?{_SEP}(?:\d{{3}}{_SEP}\d{{3}}|\d{{5}})",  # 01632 960123, 01632 96012
    rf"[389]\d{{2}}\)?{_SEP}(?:\d{{3}}{_SEP}\d{{4}}|\d{{6}})",  # 0300 123 4567, 0800 123456
)
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)44[ .]?(?:\(0\)[ .]?)?|\(0|0)(?:" + "|".join(_AFTER_ZERO) + r")(?![\w])"
)
_POSTCODE = re.compile(
    r"(?<![\w\[])([A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})(?![\w])", re.IGNORECASE
)
_ORDINAL = re.compile(r"1st|2nd|3rd|[04-9]th")  # "the A38 3rd exit" is not a postcode
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}(?![\w@])")
# Account, reference, NHS and card numbers: six or more digits, or 9+ digits in 3+ groups.
_NUMBER = re.compile(r"(?<![\w£$€.,])(?:\d{6,}|\d{2,5}(?:[ -]\d{2,5}){2,})(?![\w]|[.,]\d)")

# National Insurance numbers: two letters, six digits, A-D (QQ 12 34 56 C), spaced or not.
_NINO = re.compile(r"(?<![\w])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w])", re.IGNORECASE)
_SORT_CODE = re.compile(r"(?<![\w.-])(\d{2})([- ])(\d{2})\2(\d{2})(?![\w]|\2\d|[.]\d)")
_SORT_CUE = re.compile(r"\b(?:sort|s/c|bank|acc(?:oun)?t?|a/c|debit|dd|refund|pay|paid)\b", re.IGNORECASE)

# Vehicle registrations: current (BK21 XYZ), prefix (P123 ABC), suffix (ABC 123D).
_VRM_CURRENT = re.compile(r"(?<![\w])[A-Z]{2}\d{2} ?[A-Z]{3}(?![\w])", re.IGNORECASE)
_VRM_OLD = re.compile(r"(?<![\w])(?:[A-Z]\d{1,3} ?([A-Z]{3})|([A-Z]{3}) ?\d{1,3}[A-Z])(?![\w])")
_VRM_CUE = re.compile(r"\b(?:reg|registration|plate|number ?plate|car|van|vehicle)\b", re.IGNORECASE)

_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_DATE = re.compile(
    r"(?<![\w/.-])(?:"
    r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?(?: of)? (?:{_MONTHS})\.?,? \d{{4}}"
    rf"|(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    r")(?![\w]|[/.-]\d)",
    re.IGNORECASE,
)
_DOB_CUE = re.compile(
    r"\b(?:born|birth|d\.?o\.?b|birthday|b\.|dob|aged? \d+ born)\b[^.\n]{0,25}$", re.IGNORECASE
)
_YEAR = re.compile(r"(\d{4}|\d{2})\W*$")
# The last year that could be a resident's birth and not an ordinary date in a comment.
_BIRTH_YEARS = range(1900, 2011)

STREET_TYPES = (
    "road|rd|street|st|lane|ln|close|cl|avenue|ave|drive|dr|crescent|cres|way|court|ct|place|pl|"
    "gardens|gdns|terrace|terr|grove|gr|park|rise|view|walk|row|square|sq|hill|mews|parade|"
    "green|vale|meadows?|fields|croft|wharf|yard|chase|boulevard|circus|gate|end|brow|lea|fold|"
    "wynd|approach|crest|gardens|cottages|villas|glade|hollow|orchard|paddock|willows"
)
_ADDRESS = re.compile(
    r"(?<![\w£$.,/-])(?:(?:flat|apartment|apt|unit)\.? ?\d{1,4}[a-z]?,? )?"
    r"(?:no\.? ?|number )?"
    r"(\d{1,4}[a-z]?),? ((?:[^\W\d_][\w'’-]* ){1,3})"
    rf"(?:{STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
# Words just before a number that say an address follows: "I live at 12 kiln lane".
_ADDRESS_CUE = re.compile(
    r"\b(?:at|live|lives|living|address|outside|opposite|to|from|number|no\.?|of)\s*$", re.IGNORECASE
)
_NOT_STREET = frozenset("""
a an the and or on in at of to for by from down up along near past my our your their his her
this that these those some all every each per about over under into off round around than
minutes mins hours hrs days weeks months years miles metres yards times bags bins people houses
homes cars kids children pounds quid am pm bus buses calls emails letters floors doors seconds
""".split())


def emails(text: str) -> list[Span]:
    return [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)]


def links(text: str) -> list[Span]:
    spans = []
    for match in _URL.finditer(text):
        kept = match.group().rstrip(_URL_TRAILING)
        spans.append((match.start(), match.start() + len(kept), "link"))
    return spans


def phones(text: str) -> list[Span]:
    """UK patterns, and any number libphonenumber reads that starts with +, 00, 0 or '(' and
    has enough digits to dial (reference numbers and years do not)."""
    spans = [(m.start(), m.end(), "phone") for m in _PHONE.finditer(text)]
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string
        digits = sum(c.isdigit() for c in raw)
        if (raw[:1] == "+" and digits >= 9) or (raw[:1] in "0(" and digits >= 10):
            spans.append((match.start, match.end, "phone"))
    return spans


def postcodes(text: str) -> list[Span]:
    return [
        (m.start(), m.end(), "postcode") for m in _POSTCODE.finditer(text)
        if not _ORDINAL.fullmatch(m.group(2))
    ]


def handles(text: str) -> list[Span]:
    return [(m.start(), m.end(), "handle") for m in _HANDLE.finditer(text)]


def numbers(text: str) -> list[Span]:
    spans = []
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) >= 9 or (len(digits) >= 6 and match.group().isdigit()):
            spans.append((match.start(), match.end(), "number"))
    return spans


def ni_numbers(text: str) -> list[Span]:
    return [(m.start(), m.end(), "nino") for m in _NINO.finditer(text)]


def sort_codes(text: str) -> list[Span]:
    """dd-dd-dd after a word for a bank account, or any such triple that cannot be a date."""
    spans = []
    for match in _SORT_CODE.finditer(text):
        day, month = int(match.group(1)), int(match.group(3))
        cue = _SORT_CUE.search(text[max(0, match.start() - 30):match.start()])
        if cue or day > 31 or day == 0 or month > 12 or month == 0:
            spans.append((match.start(), match.end(), "sortcode"))
    return spans


def vehicles(text: str) -> list[Span]:
    words = name_list().words
    spans = []
    for match in _VRM_CURRENT.finditer(text):
        letters = match.group()[-3:].lower()
        if match.group().islower() and letters in words and not _VRM_CUE.search(text[:match.start()][-30:]):
            continue
        spans.append((match.start(), match.end(), "vehicle"))
    for match in _VRM_OLD.finditer(text):
        letters = (match.group(1) or match.group(2)).lower()
        if letters in words or letters in {"the", "and", "for", "via", "nhs", "gov"}:
            continue
        spans.append((match.start(), match.end(), "vehicle"))
    return spans


def birth_dates(text: str) -> list[Span]:
    """A full date after 'born', 'DOB', 'date of birth'…, or with a year no later than 2010."""
    spans = []
    for match in _DATE.finditer(text):
        cue = _DOB_CUE.search(text[max(0, match.start() - 40):match.start()])
        year = _YEAR.search(match.group())
        old = year is not None and len(year.group(1)) == 4 and int(year.group(1)) in _BIRTH_YEARS
        if cue or old:
            spans.append((match.start(), match.end(), "dob"))
    return spans


def addresses(text: str) -> list[Span]:
    """A house number (or flat and number) with a street: '12 Kiln Lane', 'Flat 2, 31 Mill Rd'.
    A street without a number stays: 'potholes on Kiln Lane' is what makes a comment useful."""
    spans = []
    for match in _ADDRESS.finditer(text):
        street = match.group(2).split()
        if any(w.lower() in _NOT_STREET for w in street):
            continue
        capitalised = all(w[:1].isupper() for w in street)
        cue = _ADDRESS_CUE.search(text[max(0, match.start() - 16):match.start()])
        if not (capitalised or cue or text.islower()) and all(w.lower() in name_list().words for w in street):
            continue  # "we got 3 new street lights": ordinary words, and nothing says "address"
        spans.append((match.start(), match.end(), "address"))
    return spans


# In order of precedence: where two overlap, the earlier kind wins.
FINDERS: tuple[Callable[[str], list[Span]], ...] = (
    emails, links, ni_numbers, phones, postcodes, vehicles, handles, birth_dates, sort_codes,
    addresses, numbers,
)
