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
