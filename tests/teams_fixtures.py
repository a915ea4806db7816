"""Fixtures for the Teams tests: one local Bot Framework (keys, OpenID metadata, Bot Connector stub)
and one Upward app with the Teams channel on, per test module."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.app_context import Upward
from bot.channels.teams.auth import jwks_from_openid, use_jwks
from bot.channels.teams.channel import TeamsChannel
from bot.config import load_settings
from bot.service import UpwardService
from tests.conftest import fake_chat
from tests.teams_harness import TENANT, Connector, Keys, free_port, local_connections, serve, stub_app, teams_settings


@dataclass
class LocalBotFramework:
    keys: Keys
    connector: Connector
    url: str  # the serviceUrl activities carry, and where the keys are published


@pytest.fixture(scope="module")
def bot_framework():
    keys, connector = Keys(), Connector()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serve(stub_app(keys, connector, base), port) as url, use_jwks(jwks_from_openid(f"{url}/openid")):
        yield LocalBotFramework(keys=keys, connector=connector, url=url + "/")


@pytest.fixture(scope="module")
def teams_upward(knowledge_data_dir, tmp_path_factory):
    """An Upward over a private copy of the shipped-knowledge index, the fake model (answers are
    composed from evidence), and the Teams tenant linked to the default workspace."""
    data_dir = tmp_path_factory.mktemp("teams") / "data"
    shutil.copytree(knowledge_data_dir, data_dir)
    settings = load_settings(data_dir=data_dir, **teams_settings())
    service = UpwardService(settings, chat_model=fake_chat("About 99.9% of chief executives agree [1]."))
    upward = Upward.adopting(service)
    yield upward
    upward.close()


@pytest.fixture(scope="module")
def teams_app(teams_upward, bot_framework):
    app = create_app(upward=teams_upward)
    app.state.teams = TeamsChannel(teams_upward, connections=local_connections())
    app.state.teams.links.link(TENANT, "default", by="test")
    with TestClient(app, base_url="http://localhost") as client:
        yield client
