"""Rebuttals, business cases, clarifying questions, follow-ups and rehearsal through the answer
service, over the real shipped-knowledge index and the sample audit, with a fake chat model
(whose drafts always fail verification, so every answer here is the composed, checked one)."""

import pytest
from fastapi.testclient import TestClient

from bot.agent.case import SECTION_IDS
from bot.agent.compose import gap_line
from bot.agent.verify import verify_answer
from bot.api.app import create_app
from bot.config import load_settings
from bot.service import UpwardService
from tests.conftest import fake_chat

TWITTER = "we can't justify staff time on Twitter"


@pytest.fixture
def service(knowledge_copy):
    return UpwardService(load_settings(data_dir=knowledge_copy), chat_model=fake_chat("About 99.9% agree [1]."))


@pytest.fixture
def client(service):
    with TestClient(create_app(service=service), base_url="http://localhost") as c:
        yield c


def _kinds(answer, section):
    cited = next(s for s in answer.sections if s.id == section).citations
    return {c.kind for c in answer.citations if c.n in cited}


def test_an_objection_gets_the_playbook_with_own_data_first_and_external_evidence(service):
    answer = service.ask(TWITTER)
    assert answer.flow == "rebuttal" and answer.verified
    assert answer.objection is not None and answer.objection.type in ("waste_of_time", "no_capacity")
    ids = [s.id for s in answer.sections]
    assert ids[:2] == ["acknowledge", "reframe"] and ids[-1] == "ask"
    assert _kinds(answer, "own") == {"audit"} and _kinds(answer, "evidence") == {"evidence"}
    own = [c for c in answer.citations if c.kind == "audit"]
    assert any("X (Twitter)" in c.text for c in own), "the platform named in the objection comes first"
    assert answer.figures and all(f.verified for f in answer.figures)
    assert ids.index("own") < ids.index("evidence")


def test_an_audience_frames_the_rebuttal_and_its_ask(service):
    answer = service.ask("Social media is a waste of time.", audience="FD")
    assert answer.audience == "Finance director"
    assert "audience" in [s.id for s in answer.sections]
    assert any(c.title.startswith("Audience: Finance director") for c in answer.citations)


def test_an_unknown_audience_is_refused_before_anything_runs(service):
    with pytest.raises(ValueError, match="unknown audience"):
        service.ask("Social media is a waste of time.", audience="the tea lady")


def test_the_business_case_has_every_section_cited_or_saying_what_to_gather(service):
    answer = service.case(audience="finance director")
    assert answer.flow == "case" and answer.verified and answer.audience == "Finance director"
    by_id = {s.id: s for s in answer.sections}
    assert set(SECTION_IDS) <= set(by_id) and list(by_id)[0] == "audience" and list(by_id)[-1] == "ask"
    for sid in SECTION_IDS:
        assert by_id[sid].citations or by_id[sid].gap, sid
    assert {"audit", "evidence", "guidance", "public"} <= {c.kind for c in answer.citations}
    assert all(f.verified for f in answer.figures)


def test_without_an_audit_the_case_says_which_data_to_gather(make_settings):
    service = UpwardService(make_settings(sample_audit=False), chat_model=fake_chat("x"))
    answer = service.case()
    by_id = {s.id: s for s in answer.sections}
    assert by_id["position"].gap and "upward audit" in by_id["position"].gap
    assert by_id["goals"].gap and not by_id["goals"].citations
    own = {"headings": [s.title for s in answer.sections], "exempt": [gap_line(s.gap) for s in answer.sections if s.gap]}
    assert verify_answer(answer.answer, {c.n: c.text for c in answer.citations}, **own).ok


def test_follow_ups_shorter_sources_and_a_new_audience(service):
    first = service.ask(TWITTER)
    cid = first.conversation_id
    assert cid
    shorter = service.ask("shorter", conversation_id=cid)
    assert shorter.flow == "shorter" and len(shorter.answer) < len(first.answer) and shorter.verified
    assert verify_answer(shorter.answer, {c.n: c.text for c in shorter.citations}).ok
    sources = service.ask("what's our source for that?", conversation_id=cid)
    assert sources.flow == "sources" and sources.citations
    retargeted = service.ask("now for the finance director", conversation_id=cid)
    assert retargeted.flow == "rebuttal" and retargeted.audience == "Finance director"
    assert retargeted.objection.type == first.objection.type
    turns = service.memory.turns(cid)
    assert [t.role for t in turns] == ["user", "assistant"] * 4


def test_an_unclear_objection_asks_which_worry_and_a_number_answers_it(service):
    service.detector.unclear_below = 1.01  # every objection is "unclear" for this test
    asked = service.ask("Social media? Not for us.")
    assert asked.flow == "clarify" and asked.objection.type == "unclear"
    assert len(asked.objection.candidates) == 3 and asked.citations == [] and "Which is closest?" in asked.answer
    picked = service.ask("2", conversation_id=asked.conversation_id)
    assert picked.flow == "rebuttal" and picked.objection.type == asked.objection.candidates[1]


def test_an_unknown_conversation_is_refused(service):
    from bot.problems import NotFound

    with pytest.raises(NotFound, match="no conversation"):
        service.ask("hello", conversation_id="0" * 32)


def test_a_rehearsal_round_scores_the_reply_and_shows_a_stronger_cited_version(service):
    challenge = service.rehearse(audience="finance director", seed=3)
    assert challenge.line and challenge.audience == "Finance director"
    weak = service.score_rehearsal(objection=challenge.objection.type, reply="Everyone is on social media now.")
    strong = service.score_rehearsal(
        objection="waste_of_time",
        reply=(
            "I understand the worry about staff time, but our response rate rose to 72.2% and Ofcom "
            "found most adults use social media for news. Let's run a three-month pilot with a target "
            "response time and review it in March."
        ),
        audience="finance director",
    )
    assert weak.scorecard.score < strong.scorecard.score
    passed = {c.id for c in strong.scorecard.criteria if c.passed}
    assert {"own_data", "external", "next_step"} <= passed
    assert strong.stronger.verified and strong.stronger.objection.type == "waste_of_time"
    assert any(c.kind == "audit" for c in strong.stronger.citations)


def test_the_api_serves_cases_rehearsals_and_the_taxonomy(client):
    case = client.post("/v1/case", json={"audience": "elected member", "focus": "a TikTok pilot for youth services"})
    assert case.status_code == 200 and case.json()["flow"] == "case"
    assert client.post("/v1/case", json={"audience": "the tea lady"}).status_code == 422
    challenge = client.post("/v1/rehearse", json={"audience": "chief executive", "seed": 1})
    assert challenge.status_code == 200
    body = challenge.json()
    scored = client.post(
        "/v1/rehearse/reply", json={"objection": body["objection"]["type"], "reply": "We should just do it."}
    )
    assert scored.status_code == 200 and scored.json()["scorecard"]["out_of"] == 4
    assert client.post("/v1/rehearse/reply", json={"objection": "nope", "reply": "x"}).status_code == 422
    assert len(client.get("/v1/objections").json()) == 12
    assert len(client.get("/v1/audiences").json()) == 5
    asked = client.post("/v1/ask", json={"question": TWITTER}).json()
    follow = client.post("/v1/ask", json={"question": "shorter", "conversation_id": asked["conversation_id"]})
    assert follow.status_code == 200 and follow.json()["flow"] == "shorter"


def test_a_strong_model_drafts_structured_answers_and_the_verifier_still_decides(knowledge_copy):
    composed = UpwardService(load_settings(data_dir=knowledge_copy), chat_model=fake_chat("x")).run(TWITTER)
    assert "draft" not in composed["timings"]  # the local model is not asked to draft a rebuttal
    good_draft = composed["answer"].answer  # every section, every sentence cited and checked
    strong = UpwardService(
        load_settings(data_dir=knowledge_copy, strong_model=True), chat_model=fake_chat(good_draft)
    ).run(TWITTER)
    assert "draft" in strong["timings"] and strong["answer"].mode == "llm" and strong["answer"].verified
    invented = UpwardService(
        load_settings(data_dir=knowledge_copy, strong_model=True),
        chat_model=fake_chat("**Our own numbers**\nWe reached 99.9% of residents last year [3]."),
    ).run(TWITTER)
    assert invented["answer"].mode == "composed" and "99.9%" not in invented["answer"].answer
