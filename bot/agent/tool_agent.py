"""The tool-calling agent: with a strong model, the model itself decides what to search.

It replaces `retrieve → plan → draft` for open questions and nothing after it: its answer goes to
the same verifier and, if that refuses it, the same deterministic composition. What makes this
possible is one numbering per question. Every source any tool shows gets a number the first
time it appears (and keeps it), the model cites those numbers, and the numbered list becomes
`plan.sources`, so [n] means the same thing to the model, the verifier and the citations.

The loop is written out (≤ max_steps tool rounds) rather than taken from an agent framework:
it is a dozen lines, needs no extra dependency, and uses `invoke` because llama.cpp-style
servers return nothing when tools are combined with streaming.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, tool

from bot.agent.nodes import Node, contextual_query, format_history
from bot.agent.plan import KIND_ORDER, Plan, Point, best_sentences, make_plan
from bot.agent.state import AnswerState
from bot.agent.verify import cited_numbers
from bot.config import Settings
from bot.index.retriever import RetrievedSource
from bot.prompts import chat_prompt

log = logging.getLogger(__name__)

# (query, kinds, k) -> sources; kinds None means every kind.
SearchFn = Callable[[str, Sequence[str] | None, int], list[RetrievedSource]]

TOOL_K = 5  # sources per tool call: enough to choose from, few enough to read
KNOWLEDGE_KINDS = ("guidance", "evidence", "peer")
PEER_PREFIX = "peer median percentile benchmark"
NO_SOURCES = "No relevant sources found. Try other words, or another tool."
FINISH = (
    "Stop searching now. Write your final answer from the numbered sources above, "
    "citing them as [n]."
)
_THINK_RE = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)


class SourceRegistry:
    """The sources the tools have shown during one question, numbered in order of first sight.

    A chunk found again keeps its number, so the model never sees one source under two numbers;
    sources under the relevance floor are never shown, so they can never be cited.
    """

    def __init__(self, relevance_floor: float) -> None:
        self.relevance_floor = relevance_floor
        self.sources: list[RetrievedSource] = []
        self._numbers: dict[str, int] = {}

    def number(self, source: RetrievedSource) -> int:
        n = self._numbers.get(source.chunk.id)
        if n is None:
            self.sources.append(source)
            n = self._numbers[source.chunk.id] = len(self.sources)
        return n

    def show(self, found: list[RetrievedSource]) -> str:
        """Tool output: each relevant source as "[n] <chunk text>"."""
        lines = []
        for source in found:
            if source.similarity < self.relevance_floor:
                continue
            flag = "\n(counter-evidence)" if source.chunk.metadata.get("counterpoint") else ""
            lines.append(f"[{self.number(source)}] {source.chunk.text}{flag}")
        return "\n\n".join(lines) if lines else NO_SOURCES


def make_tools(search: SearchFn, registry: SourceRegistry) -> list[BaseTool]:
    """The four searches the agent may run, each over one slice of the index."""

    @tool(parse_docstring=True)
    def search_knowledge(query: str) -> str:
        """Search guidance, evidence cards (statistics from published research) and case studies
        of other public bodies.

        Args:
            query: What to look for, e.g. "older people use of social media".
        """
        return registry.show(search(query, list(KNOWLEDGE_KINDS), TOOL_K))

    @tool(parse_docstring=True)
    def audit_kpis(query: str) -> str:
        """Search the organisation's own audit facts: its KPIs per channel and period.

        Args:
            query: A KPI, channel and period, e.g. "Facebook engagement rate last 12 months".
        """
        return registry.show(search(query, ["audit"], TOOL_K))

    @tool(parse_docstring=True)
    def peer_comparison(kpi: str) -> str:
        """Search audit facts that compare the organisation with its peers (median, percentile)
        and with published benchmarks.

        Args:
            kpi: The KPI to compare, e.g. "Facebook engagement rate".
        """
        return registry.show(search(f"{PEER_PREFIX} {kpi}", ["audit"], TOOL_K))

    @tool(parse_docstring=True)
    def public_themes(query: str) -> str:
        """Search what the public is saying and expects from public bodies online.

        Args:
            query: A topic, e.g. "response times to complaints".
        """
        return registry.show(search(query, ["public"], TOOL_K))

    return [search_knowledge, audit_kpis, peer_comparison, public_themes]


def _text(message: BaseMessage) -> str:
    """A reply's text, without the <think> block some OpenAI-compatible reasoning models emit."""
    return _THINK_RE.sub("", message.text).strip()


def _run_tool(tools: dict[str, BaseTool], call: dict) -> ToolMessage:
    """A tool's answer, or the error as the answer, so one bad call does not end the question."""
    chosen = tools.get(call["name"])
    if chosen is None:
        content = f"Unknown tool '{call['name']}'. Use one of: {', '.join(tools)}."
        return ToolMessage(content=content, tool_call_id=call["id"], status="error")
    try:
        return chosen.invoke(call)
    except Exception as exc:  # noqa: BLE001 - bad arguments or a failed search
        log.warning("tool %s failed: %s", call["name"], exc)
        return ToolMessage(content=f"Error: {exc}", tool_call_id=call["id"], status="error")


def run_agent(
    model: BaseChatModel, tools: list[BaseTool], messages: list[BaseMessage], max_steps: int
) -> str:
    """Let the model call tools for at most `max_steps` rounds; return its final text ("" if none).

    A model still calling tools after the last round is asked once more, with tools disabled;
    if it still writes nothing, its last text alongside a tool call is taken.
    """
    by_name = {t.name: t for t in tools}
    bound = model.bind_tools(tools)
    last_text = ""
    for _ in range(max_steps):
        reply: AIMessage = bound.invoke(messages)
        text = _text(reply)
        if not reply.tool_calls:
            return text
        last_text = text or last_text
        messages += [reply] + [_run_tool(by_name, call) for call in reply.tool_calls]
    messages.append(HumanMessage(content=FINISH))
    try:
        reply = model.bind_tools(tools, tool_choice="none").invoke(messages)
    except Exception as exc:  # noqa: BLE001 - a server without tool_choice: keep what we have
        log.warning("final answer without tools failed: %s", exc)
        return last_text
    return _text(reply) or last_text


def _doc(source: RetrievedSource) -> str:
    return str(source.chunk.metadata.get("source", source.chunk.id)).split("#")[0]


def _kind(source: RetrievedSource) -> str:
    return str(source.chunk.metadata.get("kind", "guidance"))


def pick_points(
    question: str, sources: list[RetrievedSource], cited: Sequence[int], max_points: int
) -> list[Point]:
    """What the deterministic fallback will say, numbered as the registry numbers sources.

    Best first: the sources the draft cited (the model judged them relevant), then by similarity;
    a few chunks per document; and own audit data and a statistic are always kept when the tools
    found any, as the planner does. Preferring cited sources also lets a good draft pass the
    verifier's "uses the evidence" check, which looks at the planned statistics.
    """
    cited_set = set(cited)
    order = sorted(
        range(len(sources)), key=lambda i: (i + 1 not in cited_set, -sources[i].similarity)
    )
    picked: list[int] = []
    per_doc: dict[str, int] = {}
    for i in order:
        doc = _doc(sources[i])
        if per_doc.get(doc, 0) >= {"audit": 4, "evidence": 3}.get(_kind(sources[i]), 2):
            continue
        per_doc[doc] = per_doc.get(doc, 0) + 1
        picked.append(i)
        if len(picked) == max_points:
            break
    for kind in ("audit", "evidence"):
        if any(_kind(sources[i]) == kind for i in picked):
            continue
        best = next((i for i in order if _kind(sources[i]) == kind), None)
        if best is None:
            continue
        if len(picked) < max_points:
            picked.append(best)
            continue
        weak = [j for j, i in enumerate(picked) if _kind(sources[i]) not in ("audit", "evidence")]
        if weak:
            picked.pop(weak[-1])
            picked.append(best)
    picked.sort(key=lambda i: (KIND_ORDER.get(_kind(sources[i]), 9), order.index(i)))
    return [
        Point(
            n=i + 1,
            text=best_sentences(question, sources[i].chunk.text, _kind(sources[i])),
            kind=_kind(sources[i]),
            counterpoint=bool(sources[i].chunk.metadata.get("counterpoint", False)),
            second_hand=sources[i].chunk.metadata.get("strength") == "second-hand",
        )
        for i in picked
    ]


def build_agent_node(
    model: BaseChatModel, search: SearchFn, settings: Settings, *, max_steps: int = 5
) -> Node:
    """A node that stands in for retrieve → plan → draft and hands `verify` the same state."""
    prompt = chat_prompt("agent")

    def fallback(question: str, query: str, reason: str) -> dict:
        """The ordinary planner over a plain search: what compose answers from when the agent
        produced no usable draft."""
        log.warning("tool agent gave no draft: %s", reason)
        found = search(query, None, settings.top_k)
        plan = make_plan(
            question, found, relevance_floor=settings.relevance_floor, max_points=settings.max_points
        )
        return {"query": query, "sources": found, "plan": plan, "draft": "", "draft_error": reason}

    def agent(state: AnswerState) -> dict:
        question = state["question"]
        history = state.get("history", [])
        query = contextual_query(question, history)
        registry = SourceRegistry(settings.relevance_floor)
        messages = prompt.format_messages(question=question, history=format_history(history))
        try:
            draft = run_agent(model, make_tools(search, registry), messages, max_steps)
        except Exception as exc:  # noqa: BLE001 - a model failure falls back to composition
            return fallback(question, query, f"{type(exc).__name__}: {exc}")
        if not draft:
            return fallback(question, query, "the model returned no answer")
        if not registry.sources:
            return fallback(question, query, "the model answered without finding any source")
        points = pick_points(question, registry.sources, cited_numbers(draft), settings.max_points)
        return {
            "query": query,
            "sources": list(registry.sources),
            "plan": Plan(points=points, sources=list(registry.sources)),
            "draft": draft,
        }

    return agent
