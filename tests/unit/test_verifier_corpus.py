"""The adversarial corpus (tests/verifier_cases) as a gate: a change that lets an unsupported
figure through, or refuses more supported claims, fails CI. The floors are the measured numbers
(evals/verifier_eval.py prints them): the tuning split meets issue 9's targets; the held-out split,
written apart and never tuned on, is held to what it measured when it was first run."""

from __future__ import annotations

import pytest

from bot.agent.figures import parse_figures
from bot.agent.verify import Verifier, claim_text, split_sentences
from bot.index.embedder import MiniLMEmbeddings
from tests.verifier_cases import SPLITS, load_cases

# split: (least recall on unsupported claims, most unsupported figures accepted, most supported refused)
FLOORS = {"tune": (1.0, 0, 0.05), "heldout": (0.86, 9, 0.24)}


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier(MiniLMEmbeddings(threads=1))


def test_the_corpus_is_big_enough_and_labelled_both_ways():
    cases = load_cases()
    assert len(cases) >= 150
    for split in SPLITS:
        mine = [c for c in cases if c.split == split]
        assert sum(c.supported for c in mine) >= 30 and sum(not c.supported for c in mine) >= 50
    tricks = {c.trick for c in cases if not c.supported}
    assert {"ordinal", "quartile", "inverted-rank", "multiplier", "negative", "scale", "unit-swap", "context",
            "negation", "framing", "wrong-year", "subject-swap", "comparative", "range-end"} <= tricks


@pytest.mark.parametrize("split", SPLITS)
def test_the_verifier_holds_its_floors(verifier, split):
    cases = load_cases(split)
    refused = {c.id: not verifier.verify(c.claim, c.sources, headings=c.headings).ok for c in cases}
    unsupported = [c for c in cases if not c.supported]
    supported = [c for c in cases if c.supported]
    recall = sum(refused[c.id] for c in unsupported) / len(unsupported)
    figures_accepted = [c.id for c in unsupported if not refused[c.id]
                        and any(parse_figures(claim_text(s)) for s in split_sentences(c.claim))]
    wrongly_refused = [c.id for c in supported if refused[c.id]]
    least_recall, most_figures, most_refused = FLOORS[split]
    assert recall >= least_recall, [c.id for c in unsupported if not refused[c.id]]
    assert len(figures_accepted) <= most_figures, figures_accepted
    assert len(wrongly_refused) / len(supported) <= most_refused, wrongly_refused
