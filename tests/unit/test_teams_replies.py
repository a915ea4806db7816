"""Teams-shaped replies and commands, without a server: citation numbering and limits, cards,
mentions, command parsing."""

from __future__ import annotations

import re

from microsoft_agents.activity import Activity

from bot.channels.teams.bot import card_choice, conversation_kind, mentions_bot, message_text, tenant_of
from bot.channels.teams.commands import parse
from bot.channels.teams.replies import (
    ABSTRACT_MAX, MAX_CITATIONS, NAME_MAX, Renumber, answer_activity, clarify_card, clip, numbered,
    stream_citations,
)
from bot.contract import Answer, Citation, Objection
from tests.teams_harness import TENANT, activity


def _answer(text: str, ns: list[int], **extra) -> Answer:
    cites = [Citation(n=n, id=f"c{n}", kind="evidence", title=f"Report {n} " + "with a very long title " * 6,
                      publisher="Ofcom", year="2024", url=f"https://example.org/{n}", strength="second-hand",
                      text="Source sentence " * 30) for n in ns]
    return Answer(answer=text, citations=cites, verified=True, mode="composed", model="m", **extra)


def test_markers_are_numbered_in_reading_order_even_when_split_across_pieces():
    renumber = Renumber()
    pieces = ["Adults use it [", "7] and", " so do councils [2] [7]. In [2024] it grew [1", "1]."]
    text = "".join(renumber.feed(p) for p in pieces) + renumber.flush()
    assert text == "Adults use it [1] and so do councils [2] [1]. In [2024] it grew [3]."
    assert renumber.positions == {7: 1, 2: 2, 11: 3}


def test_citation_entities_match_the_markers_within_teams_limits():
    ns = list(range(1, 26))
    text = " ".join(f"Point [{n}]." for n in reversed(ns))
    message = answer_activity(_answer(text, ns), {})
    dumped = message.model_dump(mode="json", by_alias=True, exclude_none=True)
    [ai] = [e for e in dumped["entities"] if e["type"] == "https://schema.org/Message"]
    positions = [c["position"] for c in ai["citation"]]
    assert positions == list(range(1, MAX_CITATIONS + 1))
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", dumped["text"])]
    assert markers == list(range(1, 26))  # reading order; 21..25 stay as text, listed on the card
    first = ai["citation"][0]["appearance"]
    assert first["name"].startswith("Report 25 ") and len(first["name"]) <= NAME_MAX
    assert len(first["abstract"]) <= ABSTRACT_MAX and first["url"] == "https://example.org/25"
    assert ai["additionalType"] == ["AIGeneratedContent"] and dumped["channelData"] == {"feedbackLoop": {"type": "default"}}
    card = dumped["attachments"][0]["content"]
    assert sum(b["text"].startswith("**[") for b in card["body"]) == 25
    assert any("second-hand report" in b["text"] for b in card["body"])


def test_the_streamed_and_the_single_message_citations_agree():
    answer = _answer("A [3] then B [1].", [1, 3])
    _, cites, _ = numbered(answer)
    assert [(c.title, c.content) for c in stream_citations(cites)] == [(c.name, c.abstract) for c in cites]
    assert [c.position for c in cites] == [1, 2] and cites[0].url == "https://example.org/3"


def test_clip_cuts_at_a_word():
    assert clip("short", 10) == "short"
    clipped = clip("the quick brown fox jumps over the lazy dog", 20)
    assert len(clipped) <= 20 and clipped.endswith("…") and clipped.startswith("the quick")


def test_an_unclear_objection_offers_its_candidates_as_buttons():
    answer = _answer("Which do you mean? 1, 2 or 3.", [], objection=Objection(
        type="unclear", confidence=0.4, candidates=["waste_of_time", "no_capacity", "no_budget"]))
    card = clarify_card(answer, {"waste_of_time": "Waste of time", "no_capacity": "No capacity"}).content
    titles = [a["title"] for a in card["actions"]]
    assert titles == ["Waste of time", "No capacity", "no_budget"]
    assert [a["data"]["msteams"]["text"] for a in card["actions"]] == ["1", "2", "3"]
    pressed = Activity.model_validate(activity("2", "https://smba.trafficmanager.net/emea/", kind="channel",
                                               value=card["actions"][1]["data"]))
    assert card_choice(pressed) == 2


def test_mentions_are_recognised_and_stripped():
    raw = activity("case for the FD", "https://smba.trafficmanager.net/emea/", kind="channel", mention=True)
    message = Activity.model_validate(raw)
    assert conversation_kind(message) == "channel" and mentions_bot(message)
    assert message_text(message) == "case for the FD"
    plain = Activity.model_validate(activity("hello", "https://x/", kind="channel"))
    assert not mentions_bot(plain)
    assert tenant_of(raw) == TENANT == tenant_of(message)


def test_commands_parse():
    case = parse("case for the finance director about a TikTok pilot")
    assert (case.name, case.audience, case.focus) == ("case", "finance director", "a TikTok pilot")
    assert parse("case about youth services").focus == "youth services"
    assert parse("rehearse with the chief executive").audience == "chief executive"
    assert parse("help me answer my CEO").name == "ask"
    assert parse("ask: is Facebook worth it?").text == "is Facebook worth it?"
    assert (parse("objections").name, parse("brief").name, parse("stop").name) == ("objections", "brief", "stop")
    assert parse("my CEO says Teams is a waste of time").explicit is False
