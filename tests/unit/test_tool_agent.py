"""The tool-calling agent with scripted fake models and a fake search: no network, no index."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.graph import END, START, StateGraph
from pydantic import Field

from bot.agent import nodes
from bot.agent.compose import NO_EVIDENCE
from bot.agent.state import AnswerState
from bot.agent.tool_agent import NO_SOURCES, PEER_PREFIX, SourceRegistry, build_agent_node
from bot.config import load_settings
from bot.contract import Turn
from bot.index.retriever import RetrievedSource
from bot.index.store import StoredChunk

QUESTION = "Is social media only for young people, and how are we doing on Facebook?"
FACT = ("Audit: Facebook, Engagements › the 12 months to October 2026\nOur Facebook engagements in "
        "the 12 months to October 2026: 15,325, up 131.1% on 6,630 in the 12 months to October 2025.")
PEER_FACT = ("Audit: Facebook, Engagement rate › peers\nOur Facebook engagement rate of 4.2% is at the "
             "70th percentile of 15 peer councils, above the peer median of 3.1%.")
CARD = ("Pew › Evidence F04\n45% of Americans aged 65+ use social media, as do 73% of 50-64s.\n"
        "Figure: 45% using any social media. Year: 2021.")
GUIDE = ("Objections › Only for young people\nMany older people are active online, and the platforms "
         "public bodies use have broad age profiles.")
PEER = "Queensland › Results\nThe Facebook audience grew from 20,000 to 160,000 in three days."
PUBLIC = ("Public › Expectations\nResidents expect councils to answer questions on social media "
          "within a working day.")
OFF = "Off › topic\nBanana bread needs ripe bananas."


def src(cid: str, text: str, kind: str, sim: float, **meta) -> RetrievedSource:
    metadata = {"kind": kind, "source": f"doc-{cid}", "title": f"Title {cid}", **meta}
    return RetrievedSource(StoredChunk(cid, text, metadata), score=sim, similarity=sim)


BY_KIND = {
    "audit": [src("fact", FACT, "audit", 0.7), src("peerfact", PEER_FACT, "audit", 0.5)],
    "evidence": [src("card", CARD, "evidence", 0.8)],
    "guidance": [src("guide", GUIDE, "guidance", 0.6), src("off", OFF, "guidance", 0.1)],
    "peer": [src("peer", PEER, "peer", 0.55)],
    "public": [src("public", PUBLIC, "public", 0.6)],
}


class FakeSearch:
    """Returns the sources of the kinds asked for, best first, and records every call."""

    def __init__(self, by_kind=BY_KIND):
        self.by_kind = by_kind
        self.calls: list[tuple[str, list[str] | None, int]] = []

    def __call__(self, query, kinds, k):
        self.calls.append((query, list(kinds) if kinds is not None else None, k))
        found = [s for kind, group in self.by_kind.items() if kinds is None or kind in kinds for s in group]
        return sorted(found, key=lambda s: s.similarity, reverse=True)[:k]


class ToolFake(GenericFakeChatModel):
    """A scripted chat model that accepts tools, records what it was sent, and refuses to stream."""

    seen: list = Field(default_factory=list)
    bound: list = Field(default_factory=list)

    def bind_tools(self, tools, **kwargs):
        self.bound.append(([t.name for t in tools], kwargs))
        return self

    def _generate(self, messages, *args, **kwargs):
        self.seen.append(list(messages))
        return super()._generate(messages, *args, **kwargs)

    def _stream(self, *args, **kwargs):
        raise AssertionError("the agent must not stream")


def call(name: str, i: int, **args) -> dict:
    return {"name": name, "args": args, "id": f"call-{i}", "type": "tool_call"}


def model(*replies) -> ToolFake:
    return ToolFake(messages=iter(replies))


def tools_then(final: str) -> list[AIMessage]:
    """Round 1: own data and knowledge; round 2: the same knowledge search again, then the answer."""
    return [
        AIMessage(content="", tool_calls=[call("audit_kpis", 1, query="Facebook engagements last 12 months"),
                                          call("search_knowledge", 2, query="older people social media")]),
        AIMessage(content="", tool_calls=[call("search_knowledge", 3, query="older people social media")]),
        AIMessage(content=final),
    ]


# Registry order: audit_kpis → [1] fact, [2] peerfact; search_knowledge → [3] card, [4] guide, [5] peer.
GOOD = ("No: 45% of Americans aged 65+ use social media [3]. "
        "Our Facebook engagements in the 12 months to October 2026 were 15,325, up 131.1% [1]. "
        "Many older people are active online, on platforms with broad age profiles [4].")
INVENTED = "Some 72% of pensioners use TikTok daily [3]. Our engagements rose 500% [1]."


def run_node(fake: ToolFake, search: FakeSearch | None = None, max_steps: int = 5, history=None, **settings):
    search = search or FakeSearch()
    node = build_agent_node(fake, search, load_settings(**settings), max_steps=max_steps)
    return node({"question": QUESTION, "history": history or []}), search


def answer_graph(node):
    """retrieve → plan → draft replaced by the agent; the real verify, compose and respond after it."""
    graph = StateGraph(AnswerState)
    graph.add_node("agent", node)
    graph.add_node("verify", nodes.build_verify())
    graph.add_node("compose", nodes.compose)
    graph.add_node("respond", nodes.build_respond("fake-model"))
    graph.add_edge(START, "agent")
    graph.add_edge("agent", "verify")
    graph.add_conditional_edges(
        "verify", lambda s: "respond" if s.get("mode") == "llm" else "compose", ["respond", "compose"]
    )
    graph.add_edge("compose", "respond")
    graph.add_edge("respond", END)
    return graph.compile()


def ask(fake: ToolFake, search: FakeSearch | None = None, **kwargs):
    search = search or FakeSearch()
    node = build_agent_node(fake, search, load_settings(), **kwargs)
    return answer_graph(node).invoke({"question": QUESTION, "history": []}), search


def tool_messages(fake: ToolFake) -> list[ToolMessage]:
    return [m for m in fake.seen[-1] if isinstance(m, ToolMessage)]


def test_sources_keep_their_number_when_found_again_and_become_the_plan_sources():
    fake = model(*tools_then(GOOD))
    update, _ = run_node(fake)
    first, second, again = tool_messages(fake)
    assert first.content.startswith("[1] Audit: Facebook, Engagements") and "[2] Audit:" in first.content
    assert second.content.startswith("[3] Pew") and "[4] Objections" in second.content
    assert again.content == second.content  # the same chunks, the same numbers
    assert [s.chunk.id for s in update["plan"].sources] == ["fact", "peerfact", "card", "guide", "peer"]
    assert update["sources"] == update["plan"].sources and update["draft"] == GOOD
    assert "Banana" not in second.content  # under the relevance floor: never shown, never numbered


def test_points_carry_the_registry_numbers_and_keep_own_data_and_statistics():
    update, _ = run_node(model(*tools_then(GOOD)), max_points=3)
    plan = update["plan"]
    assert [(p.n, p.kind) for p in plan.points] == [(1, "audit"), (3, "evidence"), (4, "guidance")]
    for point in plan.points:  # every point is a sentence of the source its number names
        assert point.text in plan.sources[point.n - 1].chunk.text


def test_each_tool_searches_its_own_kinds_five_at_a_time():
    fake = model(
        AIMessage(content="", tool_calls=[
            call("search_knowledge", 1, query="older people"),
            call("audit_kpis", 2, query="Facebook engagement rate last 12 months"),
            call("peer_comparison", 3, kpi="Facebook engagement rate"),
            call("public_themes", 4, query="response times"),
        ]),
        AIMessage(content=GOOD),
    )
    update, search = run_node(fake)
    assert search.calls == [
        ("older people", ["guidance", "evidence", "peer"], 5),
        ("Facebook engagement rate last 12 months", ["audit"], 5),
        (f"{PEER_PREFIX} Facebook engagement rate", ["audit"], 5),
        ("response times", ["public"], 5),
    ]
    assert fake.bound[0][0] == ["search_knowledge", "audit_kpis", "peer_comparison", "public_themes"]
    assert "draft_error" not in update


def test_the_system_prompt_and_question_reach_the_model():
    fake = model(*tools_then(GOOD))
    history = [Turn(role="user", content="Do older people use Facebook?"), Turn(role="assistant", content="Yes [1].")]
    run_node(fake, history=history)
    system, human = fake.seen[0][:2]
    assert "tools" in system.content and "[n]" not in system.content
    assert "Question: " + QUESTION in human.content and "Do older people use Facebook?" in human.content


def test_nothing_relevant_says_so_to_the_model():
    registry = SourceRegistry(relevance_floor=0.3)
    assert registry.show([src("off", OFF, "guidance", 0.1)]) == NO_SOURCES and registry.sources == []


def test_a_cited_figure_correct_answer_comes_out_as_the_llm_answer():
    state, _ = ask(model(*tools_then(GOOD)))
    answer = state["answer"]
    assert answer.mode == "llm" and answer.verified and answer.answer == GOOD
    assert [(c.n, c.id) for c in answer.citations] == [(1, "fact"), (3, "card"), (4, "guide")]
    assert answer.citations[1].text == CARD
    assert all(f.verified for f in answer.figures) and {"45%", "15,325", "131.1%"} <= {f.value for f in answer.figures}


def test_an_invented_figure_falls_back_to_a_composed_verified_answer():
    state, _ = ask(model(*tools_then(INVENTED)))
    answer = state["answer"]
    assert answer.mode == "composed" and answer.verified
    assert "72%" not in answer.answer and "500%" not in answer.answer
    assert "15,325" in answer.answer and "45%" in answer.answer
    assert all(f.verified for f in answer.figures)
    cited = {c.n: c.id for c in answer.citations}
    assert cited[1] == "fact" and cited[3] == "card"  # the composed answer uses the registry numbers


class Failing(ToolFake):
    def _generate(self, *args, **kwargs):
        raise ConnectionError("model server down")


def test_a_model_failure_gives_a_draft_error_and_a_composed_answer_from_a_plain_search():
    state, search = ask(Failing(messages=iter([])))
    assert "model server down" in state["draft_error"] and state["draft"] == ""
    assert search.calls == [(QUESTION, None, 20)]
    assert state["answer"].mode == "composed" and state["answer"].verified
    assert "45%" in state["answer"].answer


def test_an_empty_reply_or_an_answer_without_searching_falls_back():
    update, _ = run_node(model(*tools_then("")))
    assert update["draft"] == "" and "no answer" in update["draft_error"]
    update, search = run_node(model(AIMessage(content="Yes, 99% of people love it [1].")))
    assert update["draft"] == "" and "without finding any source" in update["draft_error"]
    assert search.calls == [(QUESTION, None, 20)] and update["plan"].points


def test_nothing_relevant_anywhere_gives_the_no_evidence_answer():
    empty = FakeSearch({"guidance": [src("off", OFF, "guidance", 0.1)]})
    state, _ = ask(model(*tools_then("Social media works [1].")), empty)
    assert state["answer"].answer == NO_EVIDENCE and state["answer"].citations == []


def test_the_step_cap_ends_the_searching_and_asks_for_an_answer_without_tools():
    searching = [AIMessage(content="", tool_calls=[call("search_knowledge", i, query=f"q{i}")]) for i in range(2)]
    fake = model(*searching, AIMessage(content=GOOD))
    update, search = run_node(fake, max_steps=2)
    assert len(search.calls) == 2 and len(fake.seen) == 3  # two tool rounds, then one final call
    assert isinstance(fake.seen[-1][-1], HumanMessage) and "Stop searching" in fake.seen[-1][-1].content
    assert fake.bound[-1][1] == {"tool_choice": "none"}
    assert update["draft"] == GOOD


def test_a_model_that_never_stops_calling_tools_falls_back():
    forever = iter(lambda: AIMessage(content="", tool_calls=[call("audit_kpis", 0, query="x")]), None)
    update, search = run_node(ToolFake(messages=forever), max_steps=3)
    assert update["draft"] == "" and "no answer" in update["draft_error"]
    assert len(search.calls) == 3 + 1  # three tool rounds, then the plain search for the fallback


@pytest.mark.parametrize("bad", [call("no_such_tool", 1, query="x"), call("audit_kpis", 1, wrong="x")])
def test_a_bad_tool_call_is_reported_to_the_model_not_raised(bad):
    fake = model(AIMessage(content="", tool_calls=[bad]), *tools_then(GOOD))
    update, _ = run_node(fake)
    assert tool_messages(fake)[0].status == "error" and update["draft"] == GOOD
