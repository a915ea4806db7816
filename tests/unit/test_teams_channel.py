"""The Teams conversation end to end, with a local Bot Framework: signed activities in, replies
recorded by the Bot Connector stub."""

from __future__ import annotations

import re

from tests.teams_fixtures import bot_framework, teams_app, teams_upward  # noqa: F401 (fixtures)
from tests.teams_harness import OUTBOUND_TOKEN, activity

WASTE = "my CEO says Teams and Facebook are a waste of officers' time"


def post(client, bf, body: dict):
    token = bf.keys.token(body["serviceUrl"])
    return client.post("/api/messages", json=body, headers={"Authorization": f"Bearer {token}"})


def entity(message: dict, type_: str) -> dict | None:
    return next((e for e in message.get("entities") or [] if e.get("type") == type_), None)


def test_a_personal_chat_gets_a_streamed_cited_rebuttal(teams_app, bot_framework):
    bf = bot_framework
    bf.connector.clear()
    response = post(teams_app, bf, activity(WASTE, bf.url))
    assert response.status_code in (200, 202), response.text
    sent = bf.connector.activities()
    assert all(c["auth"] == f"Bearer {OUTBOUND_TOKEN}" for c in bf.connector.calls)
    kinds = [(a["type"], (entity(a, "streaminfo") or {}).get("streamType")) for a in sent]
    # informative updates first, then streamed text, then the one final message
    assert kinds[0] == ("typing", "informative"), kinds
    final = [i for i, k in enumerate(kinds) if k[0] == "message"]
    assert final == [len(kinds) - 1], kinds
    assert kinds[-1][1] == "final"
    assert ("typing", "streaming") in kinds
    informative = [i for i, k in enumerate(kinds) if k[1] == "informative"]
    streaming = [i for i, k in enumerate(kinds) if k[1] == "streaming"]
    assert max(informative) < min(streaming)
    message = sent[-1]
    ai = entity(message, "https://schema.org/Message")
    assert ai["@type"] == "Message" and ai["additionalType"] == ["AIGeneratedContent"]
    markers = sorted({int(n) for n in re.findall(r"\[(\d{1,2})\]", message["text"])})
    positions = sorted(c["position"] for c in ai["citation"])
    assert markers and positions == markers[: len(positions)] and len(positions) <= 20
    assert markers == list(range(1, len(markers) + 1))
    for c in ai["citation"]:
        assert c["@type"] == "Claim" and c["appearance"]["@type"] == "DigitalDocument"
        assert len(c["appearance"]["name"]) <= 80 and len(c["appearance"]["abstract"]) <= 160
    assert message["channelData"]["feedbackLoop"] == {"type": "default"}
    cards = [a for a in message.get("attachments") or [] if a["contentType"] == "application/vnd.microsoft.card.adaptive"]
    assert cards and cards[0]["content"]["body"][0]["text"] == "Sources"


def _last_answer(upward, conversation_id: str) -> dict:
    turn = upward.service().memory.last(conversation_id, "assistant", where=lambda t: t.answer is not None)
    return turn.answer


def _thread_conversation(upward, thread: str) -> str | None:
    from bot.channels.teams.threads import TeamsThreads

    return TeamsThreads(upward.service().workspace.database_url).conversation(thread)


def test_feedback_is_stored_against_the_answer_it_rates(teams_app, bot_framework, teams_upward):
    from tests.teams_harness import feedback_invoke

    bf = bot_framework
    bf.connector.clear()
    body = activity(WASTE, bf.url)
    assert post(teams_app, bf, body).status_code in (200, 202)
    final_id = bf.connector.calls[-1]["id"]
    conversation = _thread_conversation(teams_upward, body["conversation"]["id"])
    assert conversation
    assert post(teams_app, bf, activity("shorter", bf.url, conversation=body["conversation"]["id"])).status_code in (200, 202)
    bf.connector.clear()
    press = feedback_invoke(bf.url, body["conversation"]["id"], final_id, "dislike", "The finance director wants costs")
    response = post(teams_app, bf, press)
    assert response.status_code == 200, response.text
    assert bf.connector.calls == []  # an invoke is answered in the HTTP response
    [record] = [r for r in teams_upward.service().feedback.list() if r.conversation_id == conversation]
    assert (record.rating, record.channel, record.comment) == ("not_helpful", "teams", "The finance director wants costs")
    assert record.actor == "teams:user-aad-1"
    first = teams_upward.service().memory.last(conversation, "assistant", where=lambda t: t.flow != "shorter")
    assert record.turn == first.seq  # the rated (first) answer, not the later "shorter" one
    assert record.citations == [c["id"] for c in first.answer["citations"]]


def test_case_for_the_finance_director_returns_the_case_with_a_sources_card(teams_app, bot_framework, teams_upward):
    bf = bot_framework
    bf.connector.clear()
    body = activity("case for the finance director", bf.url)
    assert post(teams_app, bf, body).status_code in (200, 202)
    message = bf.connector.activities("message")[-1]
    answer = _last_answer(teams_upward, _thread_conversation(teams_upward, body["conversation"]["id"]))
    assert answer["flow"] == "case" and answer["audience"] == "Finance director"
    card = next(a["content"] for a in message["attachments"] if a["contentType"].endswith("card.adaptive"))
    texts = " ".join(b.get("text", "") for b in card["body"])
    assert card["body"][0]["text"] == "Sources" and f"**[{len(answer['citations'])}]**" in texts
    ai = entity(message, "https://schema.org/Message")
    assert {c["position"] for c in ai["citation"]} <= {int(n) for n in re.findall(r"\[(\d{1,2})\]", message["text"])}


def test_a_channel_message_without_the_mention_is_ignored(teams_app, bot_framework):
    bf = bot_framework
    bf.connector.clear()
    response = post(teams_app, bf, activity("is social media worth it for the council?", bf.url, kind="channel"))
    assert response.status_code in (200, 202)
    assert bf.connector.calls == []


def test_a_mention_in_a_channel_thread_gets_typing_then_one_message(teams_app, bot_framework, teams_upward):
    bf = bot_framework
    bf.connector.clear()
    body = activity("our chief executive thinks social media is only for young people", bf.url,
                    kind="channel", mention=True)
    assert post(teams_app, bf, body).status_code in (200, 202)
    sent = bf.connector.activities()
    assert [a["type"] for a in sent] == ["typing", "message"]
    assert not any(entity(a, "streaminfo") for a in sent)
    assert "<at>" not in sent[-1]["text"] and entity(sent[-1], "https://schema.org/Message")
    conversation = _thread_conversation(teams_upward, body["conversation"]["id"])
    asked = teams_upward.service().memory.last(conversation, "user")
    assert asked.content == "our chief executive thinks social media is only for young people"


def test_memory_is_kept_per_thread(teams_app, bot_framework, teams_upward):
    bf = bot_framework
    body = activity("my CEO says social media is only for young people", bf.url, kind="groupChat", mention=True)
    post(teams_app, bf, body)
    thread = body["conversation"]["id"]
    first = _thread_conversation(teams_upward, thread)
    bf.connector.clear()
    post(teams_app, bf, activity("now for the finance director", bf.url, kind="groupChat", mention=True, conversation=thread))
    assert _thread_conversation(teams_upward, thread) == first
    assert _last_answer(teams_upward, first)["audience"] == "Finance director"
    other = activity("my CEO says social media is only for young people", bf.url, kind="groupChat", mention=True)
    post(teams_app, bf, other)
    assert _thread_conversation(teams_upward, other["conversation"]["id"]) not in (None, first)


def test_a_rehearsal_runs_scored_rounds_in_the_thread(teams_app, bot_framework):
    bf = bot_framework
    bf.connector.clear()
    body = activity("rehearse finance director", bf.url)
    thread = body["conversation"]["id"]
    post(teams_app, bf, body)
    [challenge] = bf.connector.activities("message")
    assert challenge["text"].startswith("**Rehearsal: Finance director**")
    bf.connector.clear()
    post(teams_app, bf, activity("Our Facebook engagement rose 12% last year; a three-month pilot will measure "
                                 "enquiries answered online.", bf.url, conversation=thread))
    scored, stronger = bf.connector.activities("message")
    assert scored["text"].startswith("**Round 1:") and "/4**" in scored["text"]
    assert stronger["text"].startswith("**A stronger answer**") and entity(stronger, "https://schema.org/Message")
    assert "feedbackLoop" not in (stronger.get("channelData") or {})  # practice, not an answer to rate
    bf.connector.clear()
    post(teams_app, bf, activity("stop", bf.url, conversation=thread))
    assert bf.connector.activities("message")[0]["text"] == "Rehearsal ended."


def test_brief_returns_a_signed_link_to_the_docx(teams_app, bot_framework):
    bf = bot_framework
    body = activity("my CEO says social media is only for young people", bf.url)
    post(teams_app, bf, body)
    bf.connector.clear()
    post(teams_app, bf, activity("brief", bf.url, conversation=body["conversation"]["id"]))
    [reply] = bf.connector.activities("message")
    link = re.search(r"\]\((http://localhost/api/teams/briefings/default/[0-9a-f]{32}\?expires=\d+&sig=[0-9a-f]{64})\)",
                     reply["text"])
    assert link, reply["text"]
    download = teams_app.get(link.group(1).removeprefix("http://localhost"))
    assert download.status_code == 200 and download.content[:2] == b"PK"  # a .docx is a zip
    tampered = link.group(1).removeprefix("http://localhost").replace("sig=", "sig=0")
    assert teams_app.get(tampered[:-1]).status_code == 404
