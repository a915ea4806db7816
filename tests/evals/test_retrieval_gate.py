"""CI gate: retrieval on the held-out test split of evals/datasets/retrieval.jsonl.

The floors below were set from the test split itself (configured hybrid, evidence ranking,
measured 2026-12-04: hit@1 0.833, recall@5 0.819, MRR@5 0.898 on 36 questions), each with a
margin of two questions (2/36 ≈ 0.056), so a real regression fails CI and a one-question wobble
does not. Nothing is tuned on these questions: constants are recommended from the tuning split
(python evals/retrieval_eval.py). Move a floor only with the measurement in the commit message.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.service import UpwardService
from evals.retrieval_eval import (
    OFF_TOPIC_TEST,
    ConfigResult,
    configured_retriever,
    evaluate_configured,
    load_questions,
    off_topic_similarities,
    part,
)

HIT1_FLOOR = 0.77  # measured 0.833 (30 of 36)
RECALL_FLOOR = 0.76  # measured 0.819
MRR_FLOOR = 0.84  # measured 0.898
# Measured: 1 of 10 held-out off-topic questions ("How many players are on a rugby union team?",
# 0.308) is above the configured relevance floor 0.30 and would be answered. A known weakness,
# kept visible here: a second one fails the gate.
OFF_TOPIC_ANSWERED_MAX = 1


@pytest.fixture(scope="module")
def service(knowledge_data_dir: Path) -> UpwardService:
    return UpwardService(load_settings(data_dir=knowledge_data_dir))


@pytest.fixture(scope="module")
def test_split(service: UpwardService) -> ConfigResult:
    return evaluate_configured(service, part(load_questions(), "test"))


def test_the_split_is_fixed_and_stratified():
    questions = load_questions()
    by_type = Counter((q.type, q.split) for q in questions)
    for qtype in {q.type for q in questions}:
        tune, test = by_type[(qtype, "tune")], by_type[(qtype, "test")]
        assert tune and test and abs(tune - test) <= 1, (qtype, tune, test)
    assert len({q.id for q in questions}) == len(questions)


def test_held_out_retrieval_stays_above_its_floors(test_split: ConfigResult):
    scores = {m: round(test_split.mean(m), 3) for m in ("hit1", "recall", "rr")}
    misses = [q.id for q in test_split.questions if q.hit1 == 0]
    assert scores["hit1"] >= HIT1_FLOOR, (scores, misses)
    assert scores["recall"] >= RECALL_FLOOR, scores
    assert scores["rr"] >= MRR_FLOOR, scores


def test_no_held_out_question_is_refused_as_off_topic(test_split: ConfigResult, service: UpwardService):
    floor = service.settings.relevance_floor
    refused = {q.id: q.best_similarity for q in test_split.questions if (q.best_similarity or 0.0) < floor}
    assert not refused, f"below relevance_floor {floor}: {refused}"


def test_held_out_off_topic_questions_stay_below_the_relevance_floor(service: UpwardService):
    floor = service.settings.relevance_floor
    sims = off_topic_similarities(configured_retriever(service), service.settings, OFF_TOPIC_TEST)
    answered = {q: round(s, 3) for q, s in sims.items() if s >= floor}
    assert len(answered) <= OFF_TOPIC_ANSWERED_MAX, answered
