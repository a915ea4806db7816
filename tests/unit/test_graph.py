"""The answer graph with LangChain's fake chat model and a fixed retriever."""

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

from bot.agent.compose import NO_EVIDENCE
from bot.agent.graph import build_answer_graph
from bot.config import load_settings
from bot.contract import Turn
from bot.index.retriever import RetrievedSource
from bot.index.store import StoredChunk
from tests.conftest import fake_chat

CARD = (
    "Pew › Evidence F04\n45% of Americans aged 65+ use social media, as do 73% of 50-64s.\n"
    "Figure: 45% using any social media. Year: 2021."
)
GUIDE = (
    "Objections › Only for young people\nMany older people are active online, and the platforms "
    "public bodies use have broad age profiles."
)


class FixedRetriever:
    """Stands in for hybrid retrieval: returns the same sources, records the queries."""

    def __init__(self, sources):
        self.sources = sources
        self.queries: list[str] = []

    def retrieve(self, query, k, mode="hybrid"):
        self.queries.append(query)
        return self.sources[:k]


def sources(similarity=0.6):
    return [
        RetrievedSource(StoredChunk("card", CARD, {"kind": "evidence", "source": "f#F04", "title": "Pew",
                                                    "publisher": "Pew", "year": "2021"}), 0.9, similarity),
        RetrievedSource(StoredChunk("guide", GUIDE, {"kind": "guidance", "source": "g.md",
                                                     "title": "Objections"}), 0.8, similarity),
    ]


def run(draft: str | Exception, similarity=0.6, history=None):
    retriever = FixedRetriever(sources(similarity))
    if isinstance(draft, Exception):
        class Failing(GenericFakeChatModel):
            def _generate(self, *a, **k):
                raise draft

            def _stream(self, *a, **k):
                raise draft
        handle = fake_chat("unused")
        handle.model = Failing(messages=iter([]))
    else:
        handle = fake_chat(draft)
    graph = build_answer_graph(retriever, handle.model, "fake-model", load_settings())
    state = graph.invoke({"question": "Is social media only for young people?", "history": history or []})
    return state, retriever


def test_a_verified_draft_is_used_as_written():
    draft = ("No: 45% of Americans aged 65+ use social media [1]. "
             "Many older people are active online, on platforms with broad age profiles [2].")
    state, _ = run(draft)
    answer = state["answer"]
    assert answer.mode == "llm" and answer.verified and answer.answer == draft
    assert [c.n for c in answer.citations] == [1, 2]
    assert answer.citations[0].text == CARD and answer.citations[0].year == "2021"
    assert [(f.value, f.citation, f.verified) for f in answer.figures] == [("45%", 1, True), ("65+", 1, True)]
    assert set(state["timings"]) == {"retrieve", "plan", "draft", "verify", "respond"}


def test_a_draft_with_an_invented_figure_is_replaced_by_composition():
    state, _ = run("Some 72% of pensioners use TikTok daily [1]. They love it [2].")
    answer = state["answer"]
    assert answer.mode == "composed" and answer.verified
    assert "72%" not in answer.answer and "45%" in answer.answer
    assert all(f.verified for f in answer.figures)


def test_a_partly_wrong_draft_is_repaired_by_dropping_the_bad_sentence():
    draft = ("45% of Americans aged 65+ use social media [1]. "
             "Older people are active online on platforms with broad age profiles [2]. "
             "Budgets rose 300% [2].")
    answer = run(draft)[0]["answer"]
    assert answer.mode == "llm" and "300%" not in answer.answer and "45%" in answer.answer


def test_a_correct_but_thin_draft_loses_to_composition():
    answer = run("Many older people are active online, on platforms with broad age profiles [2].")[0]["answer"]
    assert answer.mode == "composed" and [c.n for c in answer.citations] == [1, 2]


def test_a_model_failure_falls_back_to_composition():
    state, _ = run(ConnectionError("model server down"))
    assert state["answer"].mode == "composed" and "model server down" in state["draft_error"]


def test_below_the_relevance_floor_the_answer_says_so_and_the_model_is_not_called():
    state, _ = run("should never be used", similarity=0.05)
    assert state["answer"].answer == NO_EVIDENCE and state["answer"].citations == []
    assert "draft" not in state["timings"]


def test_short_follow_ups_are_searched_with_the_previous_question():
    history = [Turn(role="user", content="Do older people use Facebook?"),
               Turn(role="assistant", content="Yes [1].")]
    _, retriever = run("45% of Americans aged 65+ use social media [1].", history=history)
    assert retriever.queries == ["Do older people use Facebook? Is social media only for young people?"]


def test_the_final_text_streams_as_tokens():
    retriever = FixedRetriever(sources())
    handle = fake_chat("45% of Americans aged 65+ use social media [1].")
    graph = build_answer_graph(retriever, handle.model, "fake-model", load_settings())
    tokens, final = [], None
    for mode, chunk in graph.stream({"question": "q?", "history": []}, stream_mode=["custom", "updates"]):
        if mode == "custom" and "token" in chunk:
            tokens.append(chunk["token"])
        elif "respond" in chunk:
            final = chunk["respond"]["answer"]
    assert len(tokens) > 3 and "".join(tokens) == final.answer
