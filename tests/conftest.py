"""Shared fixtures. Real embeddings and real Chroma are cheap enough for unit tests; the real
local model and real servers are used by tests under tests/integration."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.llm.factory import ChatModelHandle
from bot.service import UpwardService


def fake_chat(*replies: str) -> ChatModelHandle:
    """A LangChain fake chat model that returns the replies in turn, forever."""
    model = GenericFakeChatModel(messages=itertools.cycle([AIMessage(content=r) for r in replies]))
    return ChatModelHandle(model=model, name="fake-model", provider="fake")


@pytest.fixture
def make_settings(tmp_path: Path):
    def make(**overrides) -> Settings:
        overrides.setdefault("data_dir", tmp_path / "data")
        return load_settings(**overrides)

    return make


@pytest.fixture(scope="session")
def knowledge_data_dir(tmp_path_factory) -> Path:
    """A data dir with the shipped knowledge ingested once per test session (about 30 s)."""
    data_dir = tmp_path_factory.mktemp("knowledge-index")
    service = UpwardService(load_settings(data_dir=data_dir))
    report = service.ensure_knowledge()
    assert report is not None and not report.failed, report and report.failed
    return data_dir


@pytest.fixture
def knowledge_copy(knowledge_data_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the ingested index, for tests that change it."""
    target = tmp_path / "data"
    shutil.copytree(knowledge_data_dir, target)
    return target


KNOWLEDGE = PROJECT_ROOT / "knowledge"
