"""A strong model that lies on purpose: every trick in the verifier corpus, written into drafts by
a fake OpenAI-compatible chat model, is caught before anyone sees it. The lying sentence is dropped
(the rest of the draft verifies) or the whole answer is composed from sources instead, and the
streamed tokens never carry it. The verifier's first look at each draft is recorded in
`draft_checks` (pre-repair), and an answer citing the sample audit says so in its first line."""

from __future__ import annotations

import pytest

from bot.agent.graph import build_answer_graph
from bot.agent.labels import SAMPLE_NOTE
from bot.config import load_settings
from bot.index.embedder import MiniLMEmbeddings
from bot.index.retriever import RetrievedSource
from bot.index.store import StoredChunk
from tests.conftest import fake_chat

FACT = (
    "Benchmark: Facebook, Posts per week › the 12 months to October 2026\n"
    "Against 15 peer organisations, our Facebook posts per week in the 12 months to October 2026 (7.2 posts a "
    "week) ranks 15 of 16, at the 7th percentile; the peer median is 10.5 posts a week and the top quartile 13.5 "
    "posts a week."
)
CARD = (
    "Pew › Evidence F04\n45% of Americans aged 65+ use some form of social media (close to half), as do 73% of "
    "50-64s.\nFigure: 45% using any social media. Population: US adults 65+. Year: 2021."
)
GUIDE = (
    "Objections › Only for young people\nMany older people are active online, and the platforms public bodies "
    "use have broad age profiles."
)
# The plan numbers sources own data first: [1] the audit fact, [2] the evidence card, [3] guidance.
GOOD = [
    "Against 15 peer organisations, our Facebook posts per week rank 15 of 16, at the 7th percentile [1].",
    "45% of Americans aged 65+ use some form of social media, as do 73% of 50-64s [2].",
    "Many older people are active online, on platforms with broad age profiles [3].",
]
TRICKS = {
    "ordinal": "Our Facebook posts per week rank at the 95th percentile [1].",
    "quartile": "Our Facebook posts per week put us in the top quartile and rank 1st [1].",
    "inverted rank": "Our Facebook posts per week rank 2 of 16 against 15 peer organisations [1].",
    "multiplier": "Social media use by Americans aged 65+ grew 3x [2].",
    "negative": "Our Facebook posts per week changed by -7.2% [1].",
    "decimal": "Our Facebook posts per week score .95 against peers [1].",
    "range end": "Between 45 and 95% of Americans aged 65+ use some form of social media [2].",
    "unit swap": "45 Americans aged 65+ use some form of social media [2].",
    "scale swap": "45 million Americans aged 65+ use some form of social media [2].",
    "other part of the source": "73% of Americans aged 65+ use some form of social media [2].",
    "negation": "Americans aged 65+ do not use any form of social media [2].",
    "framing in brackets": "(Independent research proves social media cuts complaints by a third.)",
    "framing in bold": "**Social media always pays for itself**",
    "framing with a colon": "Every council that posts daily halves its complaints:",
    "wrong year": "In 2015, 45% of Americans aged 65+ used some form of social media [2].",
    "swapped subject": "45% of UK adults aged 65+ use some form of social media [2].",
    "comparative": "Fewer Americans aged 65+ use social media every year [2].",
}


class FixedRetriever:
    def __init__(self, sources):
        self.sources = sources

    def retrieve(self, query, k, mode="hybrid", kinds=None):
        return self.sources[:k]


def sources(sample: bool = True) -> list[RetrievedSource]:
    return [
        RetrievedSource(StoredChunk("fact", FACT, {"kind": "audit", "source": "audit:a#AB-facebook-posts_per_week",
                                                    "title": "Benchmark", "sample": sample}), 0.9, 0.7),
        RetrievedSource(StoredChunk("card", CARD, {"kind": "evidence", "source": "f#F04", "title": "Pew",
                                                    "publisher": "Pew", "year": "2021"}), 0.9, 0.7),
        RetrievedSource(StoredChunk("guide", GUIDE, {"kind": "guidance", "source": "g.md", "title": "Objections"}),
                        0.8, 0.7),
    ]


@pytest.fixture(scope="module")
def embeddings():
    return MiniLMEmbeddings(threads=1)


def run(draft: str, embeddings, sample: bool = True) -> tuple[dict, str]:
    """The graph's final state and every token it streamed."""
    graph = build_answer_graph(FixedRetriever(sources(sample)), fake_chat(draft).model, "strong-fake",
                               load_settings(), embeddings=embeddings)
    tokens, state = [], {}
    for mode, chunk in graph.stream({"question": "How many older people use social media?", "history": []},
                                    stream_mode=["custom", "values"]):
        if mode == "custom" and "token" in chunk:
            tokens.append(chunk["token"])
        elif mode == "values":
            state = chunk
    return state, "".join(tokens)


def test_the_honest_draft_is_used_as_written(embeddings):
    state, streamed = run("\n".join(GOOD), embeddings)
    answer = state["answer"]
    assert answer.mode == "llm" and answer.verified
    assert state["draft_checks"] == [
        {"model": "strong-fake", "sentences": 3, "failed": 0, "dropped": 0, "composed": False}
    ]
    assert answer.sample and answer.answer.startswith(SAMPLE_NOTE) and streamed.startswith("Sample data:")


@pytest.mark.parametrize("trick", list(TRICKS))
def test_a_lying_sentence_is_dropped_and_never_streamed(trick, embeddings):
    lie = TRICKS[trick]
    state, streamed = run("\n".join([GOOD[0], GOOD[1], lie, GOOD[2]]), embeddings)
    answer = state["answer"]
    assert answer.verified
    assert lie not in answer.answer and lie not in streamed
    assert lie.split(" [")[0].strip("*():") not in streamed
    [check] = state["draft_checks"]
    # A lie that repeats a true sentence's words is dropped as a repeat before checking (tidy_draft);
    # any other is checked and refused.
    assert check["model"] == "strong-fake" and check["sentences"] - check["failed"] == 3
    assert check["sentences"] == 3 or check["failed"] == 1
    assert (check["dropped"], check["composed"]) in ((check["failed"], False), (0, True))
    if not check["composed"]:
        assert answer.mode == "llm" and answer.answer.count("[") == 3


def test_a_draft_of_lies_is_replaced_by_the_composed_answer(embeddings):
    state, streamed = run("\n".join(TRICKS.values()), embeddings)
    answer = state["answer"]
    assert answer.mode == "composed" and answer.verified
    for lie in TRICKS.values():
        assert lie not in streamed
    [check] = state["draft_checks"]
    assert check["composed"] and check["failed"] == check["sentences"] > len(TRICKS) / 2


def test_without_sample_data_there_is_no_notice(embeddings):
    state, streamed = run("\n".join(GOOD), embeddings, sample=False)
    assert not state["answer"].sample and SAMPLE_NOTE not in streamed
