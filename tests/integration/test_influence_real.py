"""The influence-up features through the real path: the `upward` command in a subprocess on the
packaged SmolLM2 (a real llama.cpp server), real embeddings and Chroma, the shipped knowledge,
sample audit and sample public comments; a real HTTP server; and the tool-calling agent against a
real OpenAI-compatible server."""

import json
import shutil
import sqlite3
import subprocess

import httpx
import pytest

from bot.agent.case import SECTION_IDS
from bot.config import PROJECT_ROOT, load_settings
from bot.llm.local_server import LocalLLMServer
from bot.service import UpwardService
from tests.integration.test_real_model import UPWARD, env_for, server  # noqa: F401 (fixture)

pytestmark = pytest.mark.integration
TWITTER = "we can't justify staff time on Twitter"
COMMENTS = PROJECT_ROOT / "knowledge" / "sample" / "listening" / "brackenford_comments.csv"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """One data dir for the module: the first command builds the index on a fresh machine."""
    return tmp_path_factory.mktemp("influence-real")


def upward(data_dir, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        UPWARD + list(args), env=env_for(data_dir), input=stdin, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def test_the_twitter_objection_gets_own_data_and_external_evidence_all_verified(data_dir):
    """Done-when 1, on a fresh data dir: at least one own-data figure and one external source."""
    answer = json.loads(upward(data_dir, "ask", "--json", TWITTER).stdout)
    assert answer["verified"] is True and answer["flow"] == "rebuttal"
    assert answer["objection"]["type"] in ("waste_of_time", "no_capacity")
    by_n = {c["n"]: c for c in answer["citations"]}
    own = [f for f in answer["figures"] if by_n[f["citation"]]["kind"] == "audit"]
    external = [c for c in answer["citations"] if c["kind"] == "evidence"]
    assert own and external
    assert answer["figures"] and all(f["verified"] for f in answer["figures"])


def test_a_business_case_for_the_finance_director_cites_every_section(data_dir):
    """Done-when 2: `upward case --audience "finance director"` gives every section, cited."""
    answer = json.loads(upward(data_dir, "case", "--audience", "finance director", "--json").stdout)
    assert answer["verified"] is True and answer["audience"] == "Finance director"
    sections = {s["id"]: s for s in answer["sections"]}
    assert set(SECTION_IDS) | {"audience", "ask"} == set(sections)
    assert all(sections[s]["citations"] for s in sections), [s for s in sections if not sections[s]["citations"]]
    assert all(f["verified"] for f in answer["figures"])


def test_a_rehearsal_runs_a_full_round_from_the_keyboard(data_dir):
    """Done-when 3: the leader speaks, the user replies on stdin, the reply is scored and a
    stronger cited version follows."""
    reply = (
        "I hear the worry about staff time. Our response rate reached 72.2% last year, and Ofcom "
        "found most adults get news from social media. Let's trial it for three months and review in March."
    )
    out = upward(data_dir, "rehearse", "--audience", "chief executive", "--seed", "2", stdin=reply + "\n").stdout
    assert "your reply" in out and "of 4" in out and "A stronger, cited version" in out
    scored = json.loads(
        upward(data_dir, "rehearse", "--objection", "waste_of_time", "--reply", reply, "--json").stdout
    )
    result = scored["result"]
    assert result["scorecard"]["score"] >= 3
    assert result["stronger"]["verified"] and result["stronger"]["objection"]["type"] == "waste_of_time"


def test_listen_imports_comments_and_stores_no_personal_data(data_dir):
    report = json.loads(upward(data_dir, "listen", str(COMMENTS), "--json").stdout)
    assert report["total"] > 900 and report["facts"]
    raw = COMMENTS.read_text()
    emails = {w.strip(",.;:()\"'") for w in raw.split() if "@example." in w}
    assert emails
    with sqlite3.connect(data_dir / "workspaces" / "default" / "upward.db") as db:
        stored = " ".join(str(v) for row in db.execute("SELECT * FROM listening_comments") for v in row)
    assert stored and not any(e in stored for e in emails)
    answer = json.loads(upward(data_dir, "ask", "--json", "What are residents saying about bin collections?").stdout)
    assert any(c["kind"] == "public" for c in answer["citations"]) and answer["verified"]


def test_the_http_server_answers_cases_follow_ups_and_rehearsals(server):  # noqa: F811
    case = httpx.post(f"{server}/v1/case", json={"audience": "elected member"}, timeout=600)
    assert case.status_code == 200 and case.json()["verified"]
    asked = httpx.post(f"{server}/v1/ask", json={"question": TWITTER}, timeout=600).json()
    shorter = httpx.post(
        f"{server}/v1/ask", json={"question": "shorter", "conversation_id": asked["conversation_id"]}, timeout=600
    ).json()
    assert shorter["flow"] == "shorter" and shorter["verified"] and len(shorter["answer"]) < len(asked["answer"])
    challenge = httpx.post(f"{server}/v1/rehearse", json={"audience": "finance director", "seed": 4}, timeout=60)
    assert challenge.status_code == 200
    scored = httpx.post(
        f"{server}/v1/rehearse/reply",
        json={"objection": challenge.json()["objection"]["type"], "reply": "We just need to be there."},
        timeout=600,
    ).json()
    assert scored["scorecard"]["score"] <= 1 and scored["stronger"]["verified"]


def test_the_tool_calling_agent_answers_through_a_real_openai_compatible_server(knowledge_data_dir, tmp_path):
    """A strong-model deployment, with the packaged model standing in for it: tool calls go to a
    real llama.cpp server over the OpenAI API; whatever the model writes, the same verifier
    decides, and the answer keeps the contract."""
    data_dir = tmp_path / "data"
    shutil.copytree(knowledge_data_dir, data_dir)
    llm = LocalLLMServer().start()
    try:
        settings = load_settings(
            data_dir=data_dir, llm_provider="openai", llm_base_url=llm.base_url, llm_model=llm.alias,
            llm_api_key="local", strong_model=True, llm_max_tokens=200,
        )
        service = UpwardService(settings)
        try:
            state = service.run("Which peer organisations have used social media well in an emergency?")
        finally:
            service.close()
    finally:
        llm.stop()
    answer = state["answer"]
    assert state["flow"] == "agent" and "agent" in state["timings"]
    assert answer.verified and answer.citations and all(f.verified for f in answer.figures)
