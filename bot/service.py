"""The answer service: the one API that every channel (CLI, HTTP, widget, Teams, briefing export) calls.

It owns the long-lived parts — embedder, knowledge store, retriever and chat model — opens them
lazily (ingesting a command such as `upward ingest` never starts the language model), and
builds the index from the shipped knowledge when it is empty.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

from bot.agent.graph import build_answer_graph
from bot.agent.state import AnswerState
from bot.config import Settings
from bot.contract import STAGE_MESSAGES, Answer, Source, StreamEvent, Turn
from bot.index.embedder import EmbedderError, embedder_id, make_embeddings
from bot.index.retriever import HybridRetriever
from bot.index.store import IndexMismatchError, KnowledgeStore
from bot.ingest.documents import Kind
from bot.ingest.pipeline import FileResult, IngestReport, ingest_paths
from bot.llm.factory import ChatModelHandle, make_chat_model
from bot.llm.local_server import LocalModelError

log = logging.getLogger(__name__)

# Errors that mean "a component is not usable", each with the message a person needs to fix it.
UNAVAILABLE = (LocalModelError, EmbedderError, IndexMismatchError)


class UpwardService:
    def __init__(self, settings: Settings, chat_model: ChatModelHandle | None = None) -> None:
        self.settings = settings
        self._chat = chat_model
        self._lock = threading.RLock()
        self._knowledge_synced = False

    # --- components, opened on first use --------------------------------------------------------
    @cached_property
    def embeddings(self):
        return make_embeddings(self.settings)

    @cached_property
    def store(self) -> KnowledgeStore:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return KnowledgeStore(self.settings, self.embeddings, embedder_id(self.settings))

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(
            self.store,
            self.embeddings,
            dense_weight=self.settings.dense_weight,
            candidates=self.settings.candidates,
        )

    @property
    def chat(self) -> ChatModelHandle:
        with self._lock:
            if self._chat is None:
                self._chat = make_chat_model(self.settings)
            return self._chat

    @cached_property
    def graph(self):
        return build_answer_graph(self.retriever, self.chat.model, self.chat.name, self.settings)

    # --- knowledge ------------------------------------------------------------------------------
    def ingest(
        self,
        paths: list[Path],
        *,
        kind: Kind | None = None,
        prune: bool = False,
        on_file: Callable[[FileResult], None] | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> IngestReport:
        return ingest_paths(
            self.store, paths, self.settings, kind=kind, prune=prune, on_file=on_file, on_start=on_start
        )

    def ensure_knowledge(self, **progress) -> IngestReport | None:
        """Bring the shipped knowledge into the index, once per service: all of it on a fresh
        machine, afterwards only files that changed since (checked by content hash, milliseconds).
        Returns the report when anything changed."""
        with self._lock:
            if self._knowledge_synced:
                return None
            report = self.ingest([self.settings.knowledge_dir], prune=True, **progress)
            self._knowledge_synced = True
        for failure in report.failed:
            log.error("shipped knowledge file not ingested: %s: %s", failure.source, failure.reason)
        return report if any(r.status != "unchanged" for r in report.results) else None

    def source(self, source_id: str) -> Source | None:
        found = self.store.get([source_id])
        if not found:
            return None
        chunk = found[0]
        return Source(
            **chunk.provenance(),
            source=str(chunk.metadata.get("source", "")),
            section=chunk.metadata.get("section") or None,
            strength=chunk.metadata.get("strength"),
        )

    # --- answering ------------------------------------------------------------------------------
    def _inputs(self, question: str, history: list[Turn] | None) -> AnswerState:
        question = question.strip()
        if not question:
            raise ValueError("the question is empty")
        return {"question": question, "history": list(history or []), "timings": {}}

    def run(self, question: str, history: list[Turn] | None = None) -> AnswerState:
        """The whole final state (answer, plan, timings): for evals and benchmarks."""
        self.ensure_knowledge()
        return self.graph.invoke(self._inputs(question, history))

    def ask(self, question: str, history: list[Turn] | None = None) -> Answer:
        return self.run(question, history)["answer"]

    def stream(self, question: str, history: list[Turn] | None = None) -> Iterator[StreamEvent]:
        """Events `status` and `token`…, then `citations`, `done` (the full Answer); `error` if
        anything fails. Tokens are only ever verified text."""
        try:
            inputs = self._inputs(question, history)
            self.ensure_knowledge()
            answer: Answer | None = None
            for mode, chunk in self.graph.stream(inputs, stream_mode=["custom", "updates"]):
                if mode == "custom" and "token" in chunk:
                    yield StreamEvent(event="token", data={"text": chunk["token"]})
                elif mode == "custom" and chunk.get("stage") in STAGE_MESSAGES:
                    stage = chunk["stage"]
                    yield StreamEvent(
                        event="status", data={"stage": stage, "message": STAGE_MESSAGES[stage]}
                    )
                elif mode == "updates" and "respond" in chunk:
                    answer = chunk["respond"]["answer"]
            if answer is None:
                raise RuntimeError("the answer graph finished without an answer")
            yield StreamEvent(
                event="citations", data={"citations": [c.model_dump() for c in answer.citations]}
            )
            yield StreamEvent(event="done", data=answer.model_dump())
        except Exception as exc:  # noqa: BLE001 - a stream ends with an error event, not a crash
            log.exception("answer stream failed")
            yield StreamEvent(event="error", data={"message": str(exc) or type(exc).__name__})

    def health(self) -> dict:
        return {
            "status": "ok",
            "index_chunks": self.store.count(),
            "embedder": self.store.embedder,
            "llm_provider": self.settings.resolved_llm_provider,
            "llm_running": self._chat is not None,
        }

    def close(self) -> None:
        if self._chat is not None:
            self._chat.close()
