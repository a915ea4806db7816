"""The answer service and HTTP API over the real shipped-knowledge index, with a fake chat model."""

import json

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.config import load_settings
from bot.contract import Answer
from bot.service import UpwardService
from tests.conftest import fake_chat

YOUNG = "My chief executive says social media is only for young people. How do I respond?"
CONTRACT_KEYS = {
    "answer", "citations", "figures", "verified", "mode", "model",
    "objection", "audience", "flow", "sections", "conversation_id", "sample",
}
CITATION_KEYS = {"n", "id", "kind", "title", "publisher", "year", "url", "page", "strength", "text"}


@pytest.fixture
def service(knowledge_data_dir):
    # The fake model writes a figure no source has, so every answer falls back to composition.
    return UpwardService(load_settings(data_dir=knowledge_data_dir),
                         chat_model=fake_chat("About 99.9% of chief executives agree [1]."))


@pytest.fixture
def client(service):
    with TestClient(create_app(service=service), base_url="http://localhost") as c:
        yield c


def test_objection_about_age_is_answered_with_dated_statistics(service):
    answer = service.ask(YOUNG)
    assert answer.verified and answer.mode == "composed" and answer.model == "fake-model"
    assert len(answer.citations) >= 2
    stats = [c for c in answer.citations if c.kind == "evidence" and c.year]
    assert any("65" in c.text for c in stats), "expects a dated statistic on older people"
    assert answer.figures and all(f.verified for f in answer.figures)
    assert "99.9%" not in answer.answer


def test_every_citation_text_is_the_stored_source(service):
    answer = service.ask("How quickly does the public expect a reply on social media?")
    for c in answer.citations:
        stored = service.source(c.id)
        assert stored is not None and stored.text == c.text


def test_an_off_topic_question_gets_no_invented_answer(service):
    answer = service.ask("What is the recipe for banana bread?")
    assert answer.citations == [] and "no evidence" in answer.answer


def test_stream_yields_status_tokens_then_citations_then_done(service):
    events = list(service.stream(YOUNG))
    names = [e.event for e in events]
    assert names[-2:] == ["citations", "done"] and set(names[:-2]) == {"status", "token"}
    stages = [e.data["stage"] for e in events if e.event == "status"]
    # An objection takes the playbook; the local model does not draft structured answers.
    assert stages == ["detect", "rebut", "compose"]
    assert names.index("token") > max(i for i, n in enumerate(names) if n == "status")
    final = Answer.model_validate(events[-1].data)
    assert "".join(e.data["text"] for e in events if e.event == "token") == final.answer
    assert events[-2].data["citations"] == [c.model_dump() for c in final.citations]


def test_stream_refuses_bad_input_before_it_starts(service):
    with pytest.raises(ValueError, match="empty"):
        service.stream("   ")


def test_a_failure_mid_stream_is_an_error_event_without_the_exception_text(service, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret /srv/upward/data/upward.db SELECT * FROM keys")

    monkeypatch.setattr(service.graph, "stream", boom)
    events = list(service.stream("How many UK adults use social media?"))
    assert events[-1].event == "error"
    message = events[-1].data["message"]
    assert "error id" in message and "/srv" not in message and "SELECT" not in message


def test_api_ask_returns_the_contract(client):
    response = client.post("/v1/ask", json={"question": YOUNG})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == CONTRACT_KEYS
    assert body["citations"] and set(body["citations"][0]) == CITATION_KEYS
    assert body["verified"] is True


def test_api_stream_is_server_sent_events(client):
    with client.stream("POST", "/v1/ask/stream", json={"question": YOUNG}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join(response.iter_text())
    events = [
        (block.split("event: ")[1].split("\r\n")[0], json.loads(block.split("data: ", 1)[1]))
        for block in raw.replace("\r\n\r\n", "\n\n").split("\n\n")
        if "event: " in block
    ]
    assert events[0] == ("status", {"stage": "detect", "message": "Recognising the objection"})
    assert events[-1][0] == "done"
    assert "".join(d["text"] for e, d in events if e == "token") == events[-1][1]["answer"]


def test_api_sources_and_errors(client):
    cited = client.post("/v1/ask", json={"question": YOUNG}).json()["citations"][0]
    source = client.get(f"/v1/sources/{cited['id']}")
    assert source.status_code == 200 and source.json()["text"] == cited["text"]
    assert client.get("/v1/sources/does-not-exist").status_code == 404
    assert client.post("/v1/ask", json={"question": ""}).status_code == 422
    assert client.post("/v1/ask", json={}).status_code == 422


def test_health_reports_the_index(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["index_chunks"] > 100
    assert body["embedder"] == "all-MiniLM-L6-v2-int8-onnx"


def test_openapi_documents_the_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/v1/ask", "/v1/ask/stream", "/v1/sources/{source_id}", "/healthz"} <= set(paths)


def test_readme_documents_every_setting():
    from pathlib import Path

    from bot.config import PROJECT_ROOT, Settings

    readme = Path(PROJECT_ROOT / "README.md").read_text()
    missing = [n for n in Settings.model_fields if f"UPWARD_{n.upper()}" not in readme]
    assert missing == []


def test_an_unusable_model_is_a_503_that_names_no_path(knowledge_data_dir, tmp_path, caplog):
    svc = UpwardService(load_settings(data_dir=knowledge_data_dir, local_model_path=tmp_path / "x.gguf"))
    with TestClient(create_app(service=svc), base_url="http://localhost") as c:
        response = c.post("/v1/ask", json={"question": "Is social media a fad?"})
    assert response.status_code == 503
    body = response.json()
    assert "language model" in body["detail"] and str(tmp_path) not in body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    assert f"GGUF model not found: {tmp_path / 'x.gguf'}" in caplog.text  # the reason is in the log


def test_a_pdf_fact_is_cited_with_its_page(make_settings, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "annual-report.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.drawString(72, 800, "Annual report of Northshire Council. Introduction and contents.")
    c.showPage()
    c.drawString(72, 800, "Northshire Council answered 2,340 resident messages on Facebook in 2025.")
    c.drawString(72, 780, "The median reply time to resident messages was 3 hours.")
    c.save()
    service = UpwardService(make_settings(knowledge_dir=tmp_path / "no-shipped-knowledge"),
                            chat_model=fake_chat("It answered 9,999 messages [1]."))
    (tmp_path / "no-shipped-knowledge").mkdir()
    assert not service.ingest([pdf], kind="audit").failed
    answer = service.ask("How many resident messages did Northshire answer on Facebook?")
    cited = [c for c in answer.citations if c.page == 2]
    assert cited and cited[0].kind == "audit" and "2,340" in cited[0].text
    assert {"2,340", "2025"} <= {f.value for f in answer.figures if f.verified}
    assert "9,999" not in answer.answer


def test_history_is_bounded(client):
    turns = [{"role": "user", "content": "hi"}] * 51
    assert client.post("/v1/ask", json={"question": "q", "history": turns}).status_code == 422
