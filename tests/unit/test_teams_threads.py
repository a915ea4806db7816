"""Teams thread and message mappings in the workspace database, their retention, and a failing
turn that apologises without the exception text."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.app_context import Upward
from bot.channels.teams.channel import TeamsChannel
from bot.channels.teams.threads import Rehearsal, TeamsThreads
from bot.config import load_settings
from bot.governance import purge
from bot.workspace import local_context
from tests.conftest import fake_chat
from tests.teams_fixtures import bot_framework  # noqa: F401 (fixture)
from tests.teams_harness import TENANT, activity, local_connections, teams_settings


def test_threads_map_to_conversations_and_rehearsals(tmp_path):
    threads = TeamsThreads(f"sqlite:///{tmp_path / 'ws.db'}")
    long_id = "19:" + "x" * 400 + "@thread.tacv2;messageid=1700000000000"
    assert threads.conversation(long_id) is None
    threads.set_conversation(long_id, "a" * 32)
    threads.set_rehearsal(long_id, Rehearsal(objection="waste_of_time", audience="ceo", line="Why bother?"))
    assert threads.conversation(long_id) == "a" * 32
    assert threads.rehearsal(long_id).line == "Why bother?"
    threads.set_rehearsal(long_id, None)
    assert threads.rehearsal(long_id) is None and threads.conversation(long_id) == "a" * 32
    threads.remember_message("msg-1", "a" * 32, 4)
    assert threads.message("msg-1") == ("a" * 32, 4) and threads.message("msg-2") is None


def test_retention_removes_old_mappings(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data", **teams_settings())
    upward = Upward(settings, chat_model=fake_chat("unused"))
    service = upward.service()
    threads = TeamsThreads(service.workspace.database_url)
    threads.set_conversation("a:chat", "b" * 32)
    threads.remember_message("msg-9", "b" * 32, 2)
    purge(service, local_context(), now=dt.datetime.now(dt.UTC) + dt.timedelta(days=settings.retention_days + 1))
    assert threads.conversation("a:chat") is None and threads.message("msg-9") is None


@pytest.fixture
def failing_app(tmp_path, bot_framework, monkeypatch):
    settings = load_settings(data_dir=tmp_path / "data", **teams_settings())
    upward = Upward(settings, chat_model=fake_chat("unused"))
    app = create_app(upward=upward)
    app.state.teams = TeamsChannel(upward, connections=local_connections())
    app.state.teams.links.link(TENANT, "default", by="test")

    def boom(*args, **kwargs):
        raise RuntimeError("secret path /srv/upward/data and SQL")

    monkeypatch.setattr(type(upward.service()), "objections", boom)
    return TestClient(app, base_url="http://localhost")


def test_a_failing_turn_apologises_without_the_exception_text(failing_app, bot_framework):
    bf = bot_framework
    bf.connector.clear()
    body = activity("objections", bf.url)
    token = bf.keys.token(bf.url)
    failing_app.post("/api/messages", json=body, headers={"Authorization": f"Bearer {token}"})
    [reply] = bf.connector.activities("message")
    assert reply["text"].startswith("Upward could not finish this (error id ")
    assert "secret" not in reply["text"] and "SQL" not in reply["text"]


def test_opening_the_store_from_several_threads_at_once_is_safe(tmp_path):
    """Start-up retention and the first Teams message may both create the tables at once."""
    import threading

    for round_ in range(10):
        url, errors = f"sqlite:///{tmp_path / f'race-{round_}.db'}", []

        def open_store() -> None:
            try:
                TeamsThreads(url)
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

        workers = [threading.Thread(target=open_store) for _ in range(6)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert errors == []


def test_each_person_is_rate_limited(tmp_path, bot_framework):
    settings = load_settings(data_dir=tmp_path / "data", rate_limit_per_minute=2, **teams_settings())
    upward = Upward(settings, chat_model=fake_chat("unused"))
    app = create_app(upward=upward)
    app.state.teams = TeamsChannel(upward, connections=local_connections())
    app.state.teams.links.link(TENANT, "default", by="test")
    client = TestClient(app, base_url="http://localhost")
    bf = bot_framework
    bf.connector.clear()
    token = bf.keys.token(bf.url)
    codes = [client.post("/api/messages", json=activity("help", bf.url), headers={"Authorization": f"Bearer {token}"}).status_code
             for _ in range(3)]
    assert codes[:2] in ([202, 202], [200, 200]) and codes[2] == 429
    assert len(bf.connector.activities("message")) == 2
    other = activity("help", bf.url, user="user-aad-2")
    assert client.post("/api/messages", json=other, headers={"Authorization": f"Bearer {token}"}).status_code in (200, 202)
