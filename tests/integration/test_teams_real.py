"""Teams through real servers: Upward on a real HTTP port with the real local model (SmolLM2 on
llama.cpp) and real embeddings, a local OpenID metadata + JWKS server, a Bot Connector stub, and
RSA-signed tokens. The issue's done-when, end to end."""

from __future__ import annotations

import re
import shutil

import httpx
import pytest

from bot.api.app import create_app
from bot.app_context import Upward
from bot.channels.teams.channel import TeamsChannel
from bot.config import load_settings
from tests.teams_fixtures import bot_framework  # noqa: F401 (fixture)
from tests.teams_harness import TENANT, activity, feedback_invoke, free_port, local_connections, serve, teams_settings

pytestmark = pytest.mark.integration
WASTE = "my CEO says Teams and Facebook are a waste of officers' time"


@pytest.fixture(scope="module")
def upward_server(knowledge_data_dir, tmp_path_factory, bot_framework):
    data_dir = tmp_path_factory.mktemp("teams-real") / "data"
    shutil.copytree(knowledge_data_dir, data_dir)
    upward = Upward(load_settings(data_dir=data_dir, **teams_settings()))  # the real local model
    app = create_app(upward=upward)
    app.state.teams = TeamsChannel(upward, connections=local_connections())
    app.state.teams.links.link(TENANT, "default", by="test")
    port = free_port()
    with serve(app, port) as url:
        yield url, upward
    upward.close()


def send(url: str, bf, body: dict, *, token: str | None = None) -> httpx.Response:
    token = token or bf.keys.token(body["serviceUrl"])
    return httpx.post(f"{url}/api/messages", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=600)


def test_a_signed_personal_message_gets_a_streamed_cited_rebuttal_and_feedback_is_stored(upward_server, bot_framework):
    url, upward = upward_server
    bf = bot_framework
    bf.connector.clear()
    body = activity(WASTE, bf.url)
    assert send(url, bf, body).status_code in (200, 202)
    sent = bf.connector.activities()
    stages = [a for a in sent if any(e.get("streamType") == "informative" for e in a.get("entities") or [])]
    text_updates = [a for a in sent if any(e.get("streamType") == "streaming" for e in a.get("entities") or [])]
    final = sent[-1]
    assert stages and text_updates and final["type"] == "message"
    assert sent.index(stages[-1]) < sent.index(text_updates[0])
    [ai] = [e for e in final["entities"] if e.get("type") == "https://schema.org/Message"]
    markers = {int(n) for n in re.findall(r"\[(\d{1,2})\]", final["text"])}
    assert ai["additionalType"] == ["AIGeneratedContent"] and ai["citation"]
    assert {c["position"] for c in ai["citation"]} == {m for m in markers if m <= 20}
    assert final["channelData"]["feedbackLoop"] == {"type": "default"}

    press = feedback_invoke(bf.url, body["conversation"]["id"], bf.connector.calls[-1]["id"], "like", "Useful for Thursday")
    assert send(url, bf, press).status_code == 200
    stored = [r for r in upward.service().feedback.list() if r.channel == "teams"]
    assert stored and stored[0].rating == "helpful" and stored[0].comment == "Useful for Thursday"

    bad = bf.keys.token(bf.url, key=bf.keys.stranger)
    bf.connector.clear()
    assert send(url, bf, activity(WASTE, bf.url), token=bad).status_code == 401
    assert bf.connector.calls == []


def test_case_for_the_finance_director_returns_the_case_with_a_sources_card(upward_server, bot_framework):
    url, _ = upward_server
    bf = bot_framework
    bf.connector.clear()
    assert send(url, bf, activity("case for the finance director", bf.url, kind="groupChat", mention=True)).status_code in (200, 202)
    typing, message = bf.connector.activities()
    assert typing["type"] == "typing" and message["type"] == "message"
    card = next(a["content"] for a in message["attachments"] if a["contentType"].endswith("card.adaptive"))
    assert card["body"][0]["text"] == "Sources" and len(card["body"]) > 2
