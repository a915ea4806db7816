from bot.agent.compose import NO_EVIDENCE, compose_answer
from bot.agent.plan import best_sentences, body_of, make_plan
from bot.agent.verify import verify_answer
from bot.index.retriever import RetrievedSource
from bot.index.store import StoredChunk


def source(cid: str, text: str, kind: str, sim: float, src: str | None = None, **meta) -> RetrievedSource:
    metadata = {"kind": kind, "source": src or f"doc-{cid}", "title": f"Title {cid}", **meta}
    return RetrievedSource(StoredChunk(cid, text, metadata), score=sim, similarity=sim)


CARD = (
    "Pew › Evidence F04\n45% of Americans aged 65+ use social media, as do 73% of 50-64s.\n"
    "Figure: 45% using any social media. Year: 2021."
)
GUIDE = (
    "Objections › Only for young people\nReframe the objection calmly. Many older people are "
    "active online,\nand the platforms public bodies use have broad age profiles.\n\nUnrelated text about printers."
)
PEER = "Queensland › Results\nThe Facebook audience grew from 20,000 to 160,000 in three days."


def test_body_of_drops_the_context_line():
    assert body_of(CARD).startswith("45% of Americans")


def test_best_sentences_takes_an_evidence_card_claim():
    assert best_sentences("older people", CARD, "evidence") == (
        "45% of Americans aged 65+ use social media, as do 73% of 50-64s."
    )


def test_best_sentences_unwraps_lines_and_picks_relevant_sentences():
    picked = best_sentences("are older people online?", GUIDE, "guidance")
    assert "Many older people are active online, and the platforms" in picked
    assert "printers" not in picked


def test_plan_orders_by_kind_and_applies_the_relevance_floor():
    sources = [
        source("g", GUIDE, "guidance", 0.7),
        source("e", CARD, "evidence", 0.6, strength="second-hand"),
        source("p", PEER, "peer", 0.5),
        source("x", "Off › topic\nBanana bread needs ripe bananas.", "guidance", 0.1),
    ]
    plan = make_plan("older people", sources, relevance_floor=0.35, max_points=5)
    assert [p.kind for p in plan.points] == ["evidence", "peer", "guidance"]
    assert [p.n for p in plan.points] == [1, 2, 3]
    assert plan.points[0].second_hand is True
    assert plan.source_texts[1] == CARD


def test_plan_keeps_a_statistic_even_when_guidance_fills_the_quota():
    sources = [source(f"g{i}", GUIDE, "guidance", 0.9 - i / 100, src=f"guide-{i}") for i in range(6)]
    sources.append(source("e", CARD, "evidence", 0.5))
    plan = make_plan("older people", sources, relevance_floor=0.35, max_points=3)
    assert len(plan.points) == 3 and any(p.kind == "evidence" for p in plan.points)


FACT = ("Audit: Facebook, Engagements › the 12 months to October 2026\nOur Facebook engagements in "
        "the 12 months to October 2026: 15,325, up 131.1% on 6,630 in the 12 months to October 2025.")


def test_a_question_about_us_keeps_one_own_data_fact_and_one_statistic():
    sources = [source(f"g{i}", GUIDE, "guidance", 0.9 - i / 100, src=f"guide-{i}") for i in range(6)]
    sources += [source("e", CARD, "evidence", 0.5), source("a", FACT, "audit", 0.45, src="audit:x#AU-1")]
    plan = make_plan("How are we doing on Facebook?", sources, relevance_floor=0.35, max_points=3)
    assert [p.kind for p in plan.points] == ["audit", "evidence", "guidance"]
    assert plan.points[0].text.startswith("Our Facebook engagements")  # an audit fact's claim, whole
    generic = make_plan("How do councils do on Facebook?", sources, relevance_floor=0.35, max_points=3)
    assert "audit" not in [p.kind for p in generic.points]


def test_plan_is_empty_below_the_floor_and_composition_says_so():
    plan = make_plan("capital of Peru", [source("x", PEER, "peer", 0.2)], relevance_floor=0.35, max_points=5)
    assert plan.points == []
    assert compose_answer(plan) == NO_EVIDENCE


def test_composed_answer_cites_every_sentence_and_verifies():
    sources = [
        source("e", CARD, "evidence", 0.6, strength="second-hand", counterpoint=True),
        source("g", GUIDE, "guidance", 0.7),
    ]
    plan = make_plan("are older people online?", sources, relevance_floor=0.35, max_points=5)
    text = compose_answer(plan)
    assert "**What the evidence says**" in text and "**How to use this**" in text
    assert "(counter-evidence: be ready for it; second-hand report)" in text
    report = verify_answer(text, plan.source_texts)
    assert report.ok, [s.problems for s in report.sentences]
    assert {f.value for f in report.figures} >= {"45%", "73%"}
