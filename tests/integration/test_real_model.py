"""Through the real path: the packaged SmolLM2 on a real llama.cpp server, real embeddings, real
Chroma, the real `upward` command and a real HTTP server."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.config import load_settings
from bot.llm.factory import make_chat_model
from bot.llm.local_server import LocalLLMServer, free_port
from tests.integration.processes import running

pytestmark = pytest.mark.integration
UPWARD = [sys.executable, "-m", "bot.cli"]
YOUNG = "My chief executive says social media is only for young people. How do I respond?"


def env_for(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UPWARD_")}
    env["UPWARD_DATA_DIR"] = str(data_dir)
    return env


def test_local_server_starts_answers_and_stops():
    server = LocalLLMServer().start()
    try:
        models = httpx.get(f"{server.base_url}/models", timeout=5).json()
        assert models["data"][0]["id"] == "SmolLM2-135M-Instruct"
    finally:
        server.stop()
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{server.port}/v1/models", timeout=2)


def test_factory_local_model_streams_text(tmp_path):
    handle = make_chat_model(load_settings(data_dir=tmp_path, local_max_tokens=24))
    try:
        chunks = list(handle.model.stream("Name one social media platform."))
        assert handle.provider == "local" and handle.name == "SmolLM2-135M-Instruct"
        assert len(chunks) > 1 and "".join(str(c.content) for c in chunks).strip()
    finally:
        handle.close()


def test_ask_json_on_a_fresh_data_dir_builds_the_index_and_answers(tmp_path):
    """The issue's done-when: at least two citations, a dated statistic on older people, all verified."""
    result = subprocess.run(
        UPWARD + ["ask", "--json", YOUNG], env=env_for(tmp_path / "fresh"),
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["verified"] is True and answer["model"] == "SmolLM2-135M-Instruct"
    assert len(answer["citations"]) >= 2
    dated_age_stats = [
        c for c in answer["citations"]
        if c["kind"] == "evidence" and c["year"] and ("65" in c["text"] or "older" in c["text"])
    ]
    assert dated_age_stats
    assert answer["figures"] and all(f["verified"] for f in answer["figures"])
    cited = {c["n"] for c in answer["citations"]}
    assert all(f["citation"] in cited for f in answer["figures"])


def test_ingest_command_reports_bad_files_and_keeps_good_ones(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("# Replies\nAnswer residents within four hours on weekdays.\n")
    (docs / "bad.pdf").write_bytes(b"not a pdf at all")
    result = subprocess.run(
        UPWARD + ["ingest", str(docs)], env=env_for(tmp_path / "data"),
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1
    assert "failed" in result.stdout and "added" in result.stdout  # the per-file table
    assert f"{docs / 'bad.pdf'}: corrupt or unreadable PDF: not a PDF file" in result.stderr
    assert "1 file(s) could not be ingested" in result.stderr


@pytest.fixture
def server(knowledge_data_dir, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(knowledge_data_dir, data_dir)
    port = free_port()
    with running(UPWARD + ["serve", "--port", str(port)], f"http://127.0.0.1:{port}/healthz",
                 tmp_path / "server.log", env=env_for(data_dir)):
        yield f"http://127.0.0.1:{port}"


def test_http_server_streams_a_verified_answer(server):
    events: list[tuple[str, dict]] = []
    first_token_at = None
    started = time.monotonic()
    with httpx.stream("POST", f"{server}/v1/ask/stream", json={"question": YOUNG}, timeout=300) as r:
        assert r.status_code == 200
        event = None
        for line in r.iter_lines():
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: ") and event:
                events.append((event, json.loads(line.removeprefix("data: "))))
                if event == "token" and first_token_at is None:
                    first_token_at = time.monotonic() - started
    names = [e for e, _ in events]
    assert names[-2:] == ["citations", "done"] and "error" not in names
    done = events[-1][1]
    assert done["verified"] and len(done["citations"]) >= 2
    assert "".join(d["text"] for e, d in events if e == "token") == done["answer"]
    assert first_token_at is not None

    source = httpx.get(f"{server}/v1/sources/{done['citations'][0]['id']}", timeout=10).json()
    assert source["text"] == done["citations"][0]["text"]


def test_chat_handles_a_follow_up(knowledge_data_dir, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(knowledge_data_dir, data_dir)
    result = subprocess.run(
        UPWARD + ["chat"], env=env_for(data_dir), input=f"{YOUNG}\nwhat about the UK?\n\n",
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("figures verified against their sources") == 2
    assert "[1]" in result.stdout
