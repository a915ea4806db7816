"""The same code against the scale-out and production shapes: a Chroma server, and an
OpenAI-compatible chat server (here the embedded llama.cpp server, reached as provider=openai)."""

import shutil
import sys
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.llm.local_server import LocalLLMServer, free_port
from bot.service import UpwardService
from tests.integration.processes import running

pytestmark = pytest.mark.integration
DOC = """# Replies
## Response times
Answer public messages within four hours on weekdays, and say when the account is staffed.
"""


@pytest.fixture
def chroma_server(tmp_path):
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma, "the chromadb package ships the `chroma` command"
    port = free_port()
    cmd = [chroma, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)]
    with running(cmd, f"http://127.0.0.1:{port}/api/v2/heartbeat", tmp_path / "chroma.log", timeout=60):
        yield port


def test_ingest_and_retrieve_through_a_chroma_server(chroma_server, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "replies.md").write_text(DOC)
    settings = load_settings(data_dir=tmp_path / "data", chroma_mode="server", chroma_port=chroma_server)
    service = UpwardService(settings)
    report = service.ingest([tmp_path / "docs"])
    assert not report.failed and report.index_chunks == 1
    hits = service.retriever.retrieve("how fast should we reply to residents?", k=3)
    assert hits and "four hours" in hits[0].chunk.text
    assert not (tmp_path / "data" / "chroma").exists()  # vectors live in the server, not on disk here


def test_openai_compatible_provider_uses_the_same_code_path(knowledge_data_dir, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(knowledge_data_dir, data_dir)
    with LocalLLMServer() as llm:
        settings = load_settings(
            data_dir=data_dir, llm_base_url=llm.base_url, llm_model=llm.alias, llm_max_tokens=120
        )
        assert settings.resolved_llm_provider == "openai"
        service = UpwardService(settings)
        state = service.run("Do older people use social media?")
        assert service.chat.provider == "openai" and service.chat.local_server is None
        assert state["answer"].verified and state["answer"].model == llm.alias
        assert state["timings"]["draft"] > 0 and state.get("draft_error") is None
