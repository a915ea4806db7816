"""The answer graph, assembled from the node builders in `nodes`."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langgraph.graph import END, START, StateGraph

from bot.agent import nodes
from bot.agent.state import AnswerState
from bot.config import Settings
from bot.index.retriever import HybridRetriever


def _after_plan(state: AnswerState) -> str:
    return "draft" if state["plan"].points else "compose"


def _after_verify(state: AnswerState) -> str:
    return "respond" if state.get("mode") == "llm" else "compose"


def build_answer_graph(
    retriever: HybridRetriever,
    model: BaseChatModel,
    model_name: str,
    settings: Settings,
    check_source: nodes.SourceCheck | None = None,
):
    graph = StateGraph(AnswerState)
    graph.add_node("retrieve", nodes.timed("retrieve", nodes.build_retrieve(retriever, settings)))
    graph.add_node("plan", nodes.timed("plan", nodes.build_plan(settings)))
    graph.add_node("draft", nodes.timed("draft", nodes.build_draft(model)))
    graph.add_node("verify", nodes.timed("verify", nodes.build_verify(check_source)))
    graph.add_node("compose", nodes.timed("compose", nodes.compose))
    graph.add_node("respond", nodes.timed("respond", nodes.build_respond(model_name)))
    graph.add_edge(START, "retrieve")
    graph.add_edge("retrieve", "plan")
    graph.add_conditional_edges("plan", _after_plan, ["draft", "compose"])
    graph.add_edge("draft", "verify")
    graph.add_conditional_edges("verify", _after_verify, ["respond", "compose"])
    graph.add_edge("compose", "respond")
    graph.add_edge("respond", END)
    return graph.compile()
