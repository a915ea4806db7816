"""The answer graphs, assembled from the node builders in `nodes`.

Questions: detect → (retrieve → plan | rebut | agent | clarify) → draft → verify → (compose) →
respond. Business cases: case_plan → draft → verify → (compose) → respond. Every path ends in the
same verifier and the same `respond`, so every channel gets the same contract.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel
from langgraph.graph import END, START, StateGraph

from bot.agent import nodes
from bot.agent.finder import EvidenceFinder
from bot.agent.objections import ObjectionDetector
from bot.agent.state import AnswerState
from bot.agent.taxonomy import ObjectionType
from bot.config import Settings
from bot.index.retriever import HybridRetriever


@dataclass(frozen=True)
class Playbooks:
    """What the structured flows need: the evidence finder and the objection taxonomy (the
    detector is built on first use: it embeds every exemplar)."""

    finder: EvidenceFinder
    objections: Callable[[], tuple[ObjectionType, ...]]
    detector: Callable[[], ObjectionDetector]

    @property
    def labels(self) -> dict[str, str]:
        return {o.id: o.label for o in self.objections()} | {"unclear": "Unclear: which worry?"}


def _after_plan(state: AnswerState) -> str:
    return "draft" if state["plan"].points else "compose"


def _after_structured_plan(draft_structured: bool):
    """A rebuttal or a case is drafted only by a model trusted with structure: a small model
    cannot cover eight cited sections in its token budget, so its draft would always be
    refused, and the composed answer comes sooner without it."""

    def route(state: AnswerState) -> str:
        return "draft" if draft_structured and state["plan"].points else "compose"

    return route


def _after_verify(state: AnswerState) -> str:
    return "respond" if state.get("mode") == "llm" else "compose"


def _route(state: AnswerState) -> str:
    return {"rebuttal": "rebut", "clarify": "clarify", "agent": "agent"}.get(state["flow"], "retrieve")


def _add_checked_ending(
    graph: StateGraph, model: BaseChatModel, model_name: str, check_source, labels, embeddings: Embeddings | None = None
) -> None:
    verifier = nodes.Verifier(embeddings)  # one verifier, so drafts and composed answers are judged alike
    graph.add_node("draft", nodes.timed("draft", nodes.build_draft(model)))
    graph.add_node("verify", nodes.timed("verify", nodes.build_verify(check_source, verifier=verifier, model_name=model_name)))
    graph.add_node("compose", nodes.timed("compose", nodes.build_compose(verifier)))
    graph.add_node("respond", nodes.timed("respond", nodes.build_respond(model_name, labels)))
    graph.add_edge("draft", "verify")
    graph.add_conditional_edges("verify", _after_verify, ["respond", "compose"])
    graph.add_edge("compose", "respond")
    graph.add_edge("respond", END)


def build_answer_graph(
    retriever: HybridRetriever,
    model: BaseChatModel,
    model_name: str,
    settings: Settings,
    check_source: nodes.SourceCheck | None = None,
    playbooks: Playbooks | None = None,
    *,
    refine_with: BaseChatModel | None = None,
    agent: nodes.Node | None = None,
    draft_structured: bool = True,
    embeddings: Embeddings | None = None,
):
    """Without `playbooks`, every question takes the plain retrieve → plan path. `embeddings` let
    the verifier match each claim to its source sentence by meaning."""
    graph = StateGraph(AnswerState)
    graph.add_node("retrieve", nodes.timed("retrieve", nodes.build_retrieve(retriever, settings)))
    graph.add_node(
        "plan", nodes.timed("plan", nodes.build_plan(settings, playbooks.finder if playbooks else None))
    )
    graph.add_edge("retrieve", "plan")
    graph.add_conditional_edges("plan", _after_plan, ["draft", "compose"])
    _add_checked_ending(graph, model, model_name, check_source, playbooks.labels if playbooks else None, embeddings)
    if playbooks is None:
        graph.add_edge(START, "retrieve")
        return graph.compile()

    graph.add_node(
        "detect",
        nodes.timed(
            "detect",
            nodes.build_detect(
                playbooks.detector, playbooks.objections, refine_with,
                open_flow="agent" if agent is not None else "answer",
            ),
        ),
    )
    graph.add_node("rebut", nodes.timed("rebut", nodes.build_rebut(playbooks.finder, playbooks.objections, settings)))
    graph.add_node("clarify", nodes.timed("clarify", nodes.build_clarify(playbooks.objections)))
    routes = ["retrieve", "rebut", "clarify"]
    if agent is not None:
        graph.add_node("agent", nodes.timed("agent", agent))
        graph.add_edge("agent", "verify")
        routes.append("agent")
    graph.add_edge(START, "detect")
    graph.add_conditional_edges("detect", _route, routes)
    graph.add_conditional_edges("rebut", _after_structured_plan(draft_structured), ["draft", "compose"])
    graph.add_edge("clarify", "respond")
    return graph.compile()


def build_case_graph(
    playbooks: Playbooks,
    model: BaseChatModel,
    model_name: str,
    settings: Settings,
    check_source: nodes.SourceCheck | None = None,
    *,
    draft_structured: bool = True,
    embeddings: Embeddings | None = None,
):
    graph = StateGraph(AnswerState)
    graph.add_node("case_plan", nodes.timed("case_plan", nodes.build_case_plan(playbooks.finder, settings)))
    _add_checked_ending(graph, model, model_name, check_source, playbooks.labels, embeddings)
    graph.add_edge(START, "case_plan")
    graph.add_conditional_edges("case_plan", _after_structured_plan(draft_structured), ["draft", "compose"])
    return graph.compile()
