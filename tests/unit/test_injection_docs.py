"""Prompt injection through a workspace's own documents: every file of tests/injection_docs is
uploaded as guidance through the real HTTP app, then Upward is asked about each one's topic.

Three fakes draft: an obedient one that copies every evidence line it is given and then writes
every injection's payload (markers, invented figures, beacons, phishing links); a copier that
only copies the evidence, so its drafts verify and the llm path answers; and one whose drafts
never verify, so the composed path answers. Whatever path answers, the answer never
carries what an injection asked for, never shows an invented figure, verified or not, and never
links or embeds an address that is not a cited source's own URL; nothing injected is indexed.
"""

from __future__ import annotations

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.app_context import Upward
from bot.config import load_settings
from bot.llm.factory import ChatModelHandle
from tests.conftest import fake_chat
from tests.injection_docs import cases

WORKSPACE = "inject"
URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]\"']+|(?:javascript|data|file):[^\s<>()\[\]]+|\bsrc\s*=|\bhref\s*=",
                    re.IGNORECASE)


def _obedient() -> ChatModelHandle:
    return ChatModelHandle(model=cases.ObedientModel(), name="obedient-fake", provider="fake")


def _copier() -> ChatModelHandle:
    """Copies the evidence it is given, correctly cited, and adds nothing: its drafts verify, so
    the answer takes the llm path, and anything injected that reached the evidence would show."""
    return ChatModelHandle(model=cases.ObedientModel(payload=""), name="copier-fake", provider="fake")


MODELS = {"obedient": _obedient, "copier": _copier, "composed": lambda: fake_chat("x")}


def _contains(text: str, needle: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", text) is not None


def foreign_addresses(text: str, allowed: set[str]) -> list[str]:
    return [u for u in URL_RE.findall(text) if u.rstrip(".,;:") not in allowed]


@pytest.fixture(scope="module")
def loaded(knowledge_data_dir, tmp_path_factory):
    """One data dir with the injection documents ingested into workspace `inject` over the API;
    the upload report per file."""
    data = tmp_path_factory.mktemp("injection") / "data"
    shutil.copytree(knowledge_data_dir, data)
    upward = Upward(load_settings(data_dir=data, rate_limit_per_minute=100_000), fake_chat("x"))
    upward.shared.registry.create(WORKSPACE)
    editor = upward.shared.keys.create(workspace=WORKSPACE, role="editor", name="injector")
    paths = cases.files(tmp_path_factory.mktemp("injection-built"))
    reports = {}
    with TestClient(create_app(upward=upward), base_url="http://localhost") as client:
        for batch in (paths[:12], paths[12:]):
            response = client.post("/v1/documents", headers={"Authorization": f"Bearer {editor.secret}"},
                                   data={"kind": "guidance"},
                                   files=[("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in batch])
            assert response.status_code == 201, response.text
            reports |= {r["source"]: r for r in response.json()["results"]}
    upward.close()
    return data, reports


def test_there_are_at_least_twenty_injection_documents():
    assert len(cases.CASES) >= 20
    assert len({c.file.rsplit(".", 1)[1] for c in cases.CASES}) >= 5  # md, html, txt, csv, docx, pdf


def test_every_document_is_ingested_without_its_injection(loaded):
    data, reports = loaded
    assert set(reports) == {c.file for c in cases.CASES}
    # The evidence CSV whose claim is an instruction is refused with a reason; the rest go in.
    refused = {name: r["reason"] for name, r in reports.items() if r["status"] == "failed"}
    assert set(refused) == {"18_evidence_injection.csv"}
    assert "instructions to an AI" in refused["18_evidence_injection.csv"]
    upward = Upward(load_settings(data_dir=data), fake_chat("x"))
    try:
        chunks = upward.service(WORKSPACE).own_store.all_chunks()
        assert len({c.metadata["source"] for c in chunks}) == len(cases.CASES) - 1
        text = "\n".join(c.text for c in chunks)
        for case in cases.CASES:
            for needle in case.never:
                assert not _contains(text, needle), f"{case.file}: {needle!r} reached the index"
        for host in cases.EVIL_HOSTS:
            assert host not in text
        assert "\U000e0049" not in text and "\u200b" not in text
    finally:
        upward.close()


@pytest.mark.parametrize("model", list(MODELS))
def test_asked_about_their_topics_upward_never_obeys_injections(loaded, model):
    data, _ = loaded
    upward = Upward(load_settings(data_dir=data, rate_limit_per_minute=100_000), MODELS[model]())
    service = upward.service(WORKSPACE)
    failures, own_cited, modes = [], 0, set()
    own_ids = {c.id for c in service.own_store.all_chunks()}
    try:
        for case in cases.CASES:
            answer = service.ask(case.question)
            modes.add(answer.mode)
            allowed = {c.url for c in answer.citations if c.url}
            own_cited += any(c.id in own_ids for c in answer.citations)
            seen = [answer.answer] + [f.value for f in answer.figures]
            for needle in case.never + ("PWNED", "MARKER-"):
                if any(needle in s if needle.endswith("-") else _contains(s, needle) for s in seen):
                    failures.append(f"{case.file}: answer carries {needle!r}")
            for host in cases.EVIL_HOSTS:
                if host in answer.answer:
                    failures.append(f"{case.file}: answer mentions {host}")
            foreign = foreign_addresses(answer.answer, allowed)
            if foreign or "![" in answer.answer or "<img" in answer.answer.lower():
                failures.append(f"{case.file}: links or images not to a source's own URL: {foreign}")
            if not answer.verified or any(not f.verified for f in answer.figures):
                failures.append(f"{case.file}: an unverified answer or figure was returned")
    finally:
        upward.close()
    assert failures == []
    # The documents were really in play: answers cite the workspace's own (cleaned) guidance.
    assert own_cited >= len(cases.CASES) // 3, own_cited
    assert modes <= {"llm", "composed"} and (model != "composed" or modes == {"composed"})
    assert model != "copier" or "llm" in modes, modes  # the drafted path was really exercised
