"""Redaction of public comments: every kind of personal detail becomes its placeholder, ordinary
numbers, roads and words stay, authors' names are found anywhere, and redacting twice changes
nothing."""

from __future__ import annotations

import pytest

from bot.listening.redact import KnownNames, redact

AUTHORS = ("Janet Dawson", "@priya_m84", "Bill Green", "kowalski_t", "Brackenford Borough Council")

# (text, what it must become)
REDACTED = [
    ("email me at jo.bloggs@example.com please", "email me at [email] please"),
    ("jo.bloggs+council@example.co.uk", "[email]"),
    ("see https://www.brackenford.example.org/bins?x=1, thanks", "see [link], thanks"),
    ("more at www.example.com/page.", "more at [link]."),
    ("short link bit.ly/abc123", "short link [link]"),
    ("call 07700 900123 today", "call [phone] today"),
    ("or 07700900123", "or [phone]"),
    ("mobile +44 7700 900123", "mobile [phone]"),
    ("office 0161 496 0000.", "office [phone]."),
    ("ring (020) 7946 0000", "ring [phone]"),
    ("ring +44 (0)20 7946 0000", "ring [phone]"),
    ("landline 01632 960123", "landline [phone]"),
    ("07700-900-123", "[phone]"),
    ("I'm at SW1A 1AA", "I'm at [postcode]"),
    ("M1 1AE and B33 8TH", "[postcode] and [postcode]"),
    ("EH1 2NG", "[postcode]"),
    ("lowercase sw1a1aa no space", "lowercase [postcode] no space"),
    ("we're in bk3 7qt", "we're in [postcode]"),
    ("thanks @BrackenfordBC", "thanks [handle]"),
    ("@jdawson have you had this?", "[handle] have you had this?"),
    ("account 40012345", "account [number]"),
    ("NHS number 485 777 3456", "NHS number [number]"),
    ("card 4111 1111 1111 1111", "card [number]"),
    ("ref: 123456", "ref: [number]"),
    ("Cllr Whitcombe promised", "Cllr [name] promised"),
    ("Councillor Amara Osei said", "Councillor [name] said"),
    ("PC Jones came round", "PC [name] came round"),
    ("Dr. Patel and Mr J Smith", "Dr. [name] and Mr [name]"),
    ("Nurse Ratched was kind", "Nurse [name] was kind"),
    ("Hi Sarah, my bin was missed", "Hi [name], my bin was missed"),
    ("Dear John Smith, I write", "Dear [name], I write"),
    ("Thanks, Priya", "Thanks, [name]"),
    ("Cheers Dave!", "Cheers [name]!"),
    ("Great job on the gritting — Tom", "Great job on the gritting — [name]"),
    ("Kind regards, Tom Baker", "Kind regards, [name]"),
    ("Thank you Sarah and Tom for the help", "Thank you [name] and [name] for the help"),
    ("My name is Alan Brown and I live here", "My name is [name] and I live here"),
    ("I'm Karen, and I want answers", "I'm [name], and I want answers"),
    ("Hi Sarah The bins are out", "Hi [name] The bins are out"),
]

# Texts that must come back unchanged.
KEPT = [
    "3 weeks, £40, in 2026, on the A38",
    "£1,250 and 4.99% and 1,000,000 people",
    "take the A38 3rd exit, then the B4127",
    "at 10am or 6pm, route 7, 45 minutes",
    "from 2025 2026 onwards, on 12/03/2026",
    "the M6 is closed at Junction 3 2nd exit",
    "Hi all, thanks for the help",
    "Dear Sir or Madam",
    "Thanks Brackenford Council for the update",
    "Thanks Highways team",
    "I'm Furious about this",
    "Good to see Mill Lane reopened - Mill Lane",
    "my council tax bill and Kiln Green car park",
    "pc world and a dr appointment",
    "Is it true the tip is closing?",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_redacts(text: str, expected: str) -> None:
    assert redact(text, AUTHORS).text == expected


@pytest.mark.parametrize("text", KEPT)
def test_keeps(text: str) -> None:
    result = redact(text, AUTHORS)
    assert result.text == text
    assert result.counts == {}


@pytest.mark.parametrize("text", [t for t, _ in REDACTED] + KEPT)
def test_idempotent(text: str) -> None:
    once = redact(text, AUTHORS)
    twice = redact(once.text, AUTHORS)
    assert twice.text == once.text
    assert twice.counts == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Agree with Janet on this", "Agree with [name] on this"),
        ("agree with janet", "agree with [name]"),
        ("Janet's bin was missed", "[name]'s bin was missed"),
        ("DAWSON again", "[name] again"),
        ("Janet Dawson said the same", "[name] said the same"),
        ("ask kowalski_t about it", "ask [handle] about it"),
        ("priya_m84 knows", "[handle] knows"),
        # Ambiguous names only as the full name: the bill and the green stay.
        ("Bill Green said so", "[name] said so"),
        ("the council tax bill for Kiln Green", "the council tax bill for Kiln Green"),
        # The organisation's own account is not a person.
        ("Brackenford Borough Council replied", "Brackenford Borough Council replied"),
        # Whole words only, and names of three letters or more.
        ("Janetta and Dawsons", "Janetta and Dawsons"),
    ],
)
def test_authors_names_anywhere(text: str, expected: str) -> None:
    assert redact(text, KnownNames.from_authors(AUTHORS)).text == expected


def test_counts_each_kind() -> None:
    result = redact(
        "Hi Sarah, call 07700 900123 or jo@example.com, I'm at BK4 2QT, ref 40012345, "
        "see www.example.com, cc @jdawson and Janet",
        AUTHORS,
    )
    assert result.counts == {
        "email": 1, "link": 1, "phone": 1, "handle": 1, "postcode": 1, "number": 1, "name": 2
    }


def test_short_names_are_not_known() -> None:
    """Authors' two-letter names are not searched for everywhere ("Al", "Ed" are too short to
    find safely); the name list still finds them where a person is clearly meant."""
    names = KnownNames.from_authors(["Al Jo", "Ed Smith"])
    assert names.singles == frozenset()
    assert redact("al fresco dining in the park", names).text == "al fresco dining in the park"
    assert redact("Al said Ed was right", names).text == "[name] said [name] was right"


def test_pages_and_groups_are_not_people() -> None:
    names = KnownNames.from_authors(["The Brackenford Mum", "Brackenford Residents Group", "Visit Brackenford"])
    assert names.singles == frozenset()
    assert redact("Brackenford Summer Festival was great", names).text == "Brackenford Summer Festival was great"


# What the first redactor missed (issue 10): each must now be removed whole.
MISSED_BEFORE = [
    ("Sharon at the housing office was lovely", "[name] at the housing office was lovely"),
    ("my name is john smith and i live here", "my name is [name] and i live here"),
    ("MR SMITH NEVER CAME", "MR [name] NEVER CAME"),
    ("cllr hughes promised a crossing", "cllr [name] promised a crossing"),
    ("Inspector Morrow said so", "Inspector [name] said so"),
    ("PCSO Danny Rourke is great", "PCSO [name] is great"),
    ("DC Hale took my statement", "DC [name] took my statement"),
    ("Officer Brannigan was kind", "Officer [name] was kind"),
    ("Rev Lucy Amadi opened the hall", "Rev [name] opened the hall"),
    ("Father Declan asked", "Father [name] asked"),
    ("Dear Siobhán, thank you", "Dear [name], thank you"),
    ("Zoë Hartley from the youth club", "[name] from the youth club"),
    ("I live at 12 Kiln Lane, BK3 7QT", "I live at [address], [postcode]"),
    ("Flat 2, 31 Mill Road has damp", "[address] has damp"),
    ("DOB 14/03/1952", "DOB [dob]"),
    ("I was born on 3 May 1949", "I was born on [dob]"),
    ("NI QQ 12 34 56 C please", "NI [nino] please"),
    ("sort code 40-12-34 account 41234567", "sort code [sortcode] account [number]"),
    ("the van BK21 XYZ again", "the van [vehicle] again"),
    ("reg P123 ABC on the common", "reg [vehicle] on the common"),
    ("call 07700.900.123", "call [phone]"),
    ("ring +1 202 555 0143", "ring [phone]"),
    ("or 0044 7700 900111", "or [phone]"),
]


@pytest.mark.parametrize(("text", "expected"), MISSED_BEFORE)
def test_redacts_what_was_missed(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will the tip be open on the bank holiday?",
        "May I ask why the bins were missed?",
        "My council tax bill has gone up",
        "The rose garden in the park looks lovely",
        "Potholes on Preston Road and Kiln Lane",
        "the meeting is on 14/01/2027 at 7pm",
        "Great day at the Brackenford Summer Festival",
        "Has anyone got CCTV of the fly-tipping?",
        "Morning. What time are the fireworks?",
    ],
)
def test_keeps_ordinary_words_that_are_also_names(text: str) -> None:
    assert redact(text).text == text


def test_names_that_are_words_count_in_context() -> None:
    assert redact("Spoke to Will at the depot").text == "Spoke to [name] at the depot"
    assert redact("I asked May on reception").text == "I asked [name] on reception"
    assert redact("Bill Green has been on about it").text == "[name] has been on about it"


def test_spans_point_into_the_original_text() -> None:
    text = "Hi Sarah, call 07700 900123"
    result = redact(text)
    assert [(text[s:e], k) for s, e, k in result.spans] == [("Sarah", "name"), ("07700 900123", "phone")]


def test_the_name_list_ships_with_the_code() -> None:
    """Read from the repository (scripts/make_name_lists.py writes it): nothing is downloaded."""
    from bot.listening.names import name_list

    names = name_list()
    assert len(names.first) > 50_000 and len(names.last) > 40_000 and len(names.words) > 30_000
    for name in ("sharon", "mohammed", "siobhán", "zoë", "okonkwo", "hughes", "kowalski"):
        assert names.is_clear_name(name), name
    for word in ("will", "may", "bill", "rose", "green", "smith"):
        assert names.is_name(word) and not names.is_clear_name(word), word
    assert "sharon" in names.british  # ranked in Great Britain: used for the lone-capital rule
