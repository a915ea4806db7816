"""The answer service: the one API that every channel (CLI, HTTP, widget, Teams, briefing export) calls.

It owns the long-lived parts — embedder, knowledge store, retriever and chat model — opens them
lazily (ingesting a command such as `upward ingest` never starts the language model), and
builds the index from the shipped knowledge when it is empty.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

from bot.agent.graph import build_answer_graph
from bot.audit.indexing import AUDIT_SOURCE, audit_record, fact_documents
from bot.audit.rederive import AuditChecker
from bot.audit.report import AuditReport
from bot.audit.runner import audit_id, display_names, expand_exports, run_audit, write_report
from bot.audit.store import AuditStore
from bot.agent.state import AnswerState
from bot.config import Settings
from bot.contract import STAGE_MESSAGES, Answer, Source, StreamEvent, Turn
from bot.index.chunker import chunk_document
from bot.index.embedder import EmbedderError, count_wordpieces, embedder_id, make_embeddings
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
    def audits(self) -> AuditStore:
        return AuditStore(self.settings.resolved_database_url)

    @cached_property
    def audit_checker(self) -> AuditChecker:
        return AuditChecker(self.audits.table)

    @cached_property
    def graph(self):
        return build_answer_graph(
            self.retriever, self.chat.model, self.chat.name, self.settings,
            check_source=self.audit_checker.problem,
        )

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
            self.store, paths, self.settings, kind=kind, prune=prune, on_file=on_file,
            on_start=on_start, exclude=self._not_documents,
        )

    @property
    def _not_documents(self) -> list[Path]:
        """Data folders inside knowledge/ that the audit reads, not the document ingester."""
        return [self.settings.sample_dir, self.settings.knowledge_dir / "benchmarks"]

    def ensure_knowledge(self, **progress) -> IngestReport | None:
        """Bring the shipped knowledge into the index, once per service: all of it on a fresh
        machine, afterwards only files that changed since (checked by content hash, milliseconds).
        Returns the report when anything changed."""
        with self._lock:
            if self._knowledge_synced:
                return None
            report = self.ingest([self.settings.knowledge_dir], prune=True, **progress)
            self._ensure_audit()
            self._knowledge_synced = True
        for failure in report.failed:
            log.error("shipped knowledge file not ingested: %s: %s", failure.source, failure.reason)
        return report if any(r.status != "unchanged" for r in report.results) else None

    # --- audit ----------------------------------------------------------------------------------
    @property
    def _published_benchmarks(self) -> Path | None:
        path = self.settings.knowledge_dir / "benchmarks" / "published.csv"
        return path if path.is_file() else None

    def audit(
        self,
        paths: list[Path],
        *,
        peers: Path | None = None,
        names: dict[Path, str] | None = None,
        sample: bool = False,
    ) -> AuditReport:
        """Import exports, compute the audit, write its report folder, store it and index its
        facts. Bad input raises `ImportFailed` and changes nothing; the new audit becomes the
        active one (its facts replace the previous audit's in the index)."""
        sample_dir = self.settings.sample_dir.resolve()
        sample = sample or all(p.resolve().is_relative_to(sample_dir) for p in paths)
        stored = self._stored_audit(paths, peers, names)
        if stored is not None:  # the same files again: same audit, nothing to recompute
            with self._lock:
                self.audits.activate(stored.id)
                record = self.store.manifest.get(AUDIT_SOURCE)
                if record is None or record.sha256 != audit_record(stored, self.store.embedder).sha256:
                    self._index_audit(stored)
            return stored
        run = run_audit(
            paths, peers=peers, published=self._published_benchmarks, names=names, sample=sample
        )
        with self._lock:
            previous = self.audits.active_id()
            report = write_report(run, self.settings.audits_dir / run.report.id)
            try:
                self.audits.save(report.id, run.table, report.model_dump_json())
                self._index_audit(report)
            except BaseException:
                if report.id != previous:
                    self.audits.delete(report.id)
                    shutil.rmtree(self.settings.audits_dir / report.id, ignore_errors=True)
                if previous:
                    self.audits.activate(previous)
                raise
            self.audit_checker.forget(report.id)
        return report

    def _stored_audit(
        self, paths: list[Path], peers: Path | None, names: dict[Path, str] | None
    ) -> AuditReport | None:
        """The stored audit of exactly these files (by content and name), with its report folder."""
        files = expand_exports(paths)
        if not files or not all(f.is_file() for f in files) or (peers is not None and not peers.is_file()):
            return None  # let the import report what is wrong
        found = self.get_audit(
            audit_id(files, display_names(files, peers, names), peers, self._published_benchmarks)
        )
        if found is None or not (self.settings.audits_dir / found.id / "report.json").is_file():
            return None
        return found

    def _index_audit(self, report: AuditReport) -> None:
        chunks = [
            chunk
            for doc in fact_documents(report)
            for chunk in chunk_document(
                doc, max_tokens=self.settings.chunk_tokens, count_tokens=count_wordpieces
            )
        ]
        self.store.replace_file(audit_record(report, self.store.embedder), chunks)
        self.store.rebuild_keyword_index()

    def _ensure_audit(self) -> None:
        """Keep the index's audit facts in step with the active audit; with no audit of the
        user's own, load (or refresh) the fictional sample so a newcomer sees a full audit."""
        active = self.get_audit(self.audits.active_id() or "")
        sample = self.settings.sample_dir
        if self.settings.sample_audit and (active is None or active.sample):
            exports, peers = sample / "exports", sample / "peers.csv"
            if exports.is_dir():
                files = expand_exports([exports])
                peers_file = peers if peers.is_file() else None
                wanted = audit_id(
                    files, display_names(files, peers_file, None), peers_file, self._published_benchmarks
                )
                if active is None or active.id != wanted:
                    log.info("loading the sample audit from %s", exports)
                    self.audit([exports], peers=peers if peers.is_file() else None, sample=True)
                    return
        record = self.store.manifest.get(AUDIT_SOURCE)
        if active is not None and (record is None or not record.chunk_ids):
            self._index_audit(active)  # the index was rebuilt since the audit was imported

    def get_audit(self, audit_id: str) -> AuditReport | None:
        found = self.audits.report_json(audit_id) if audit_id else None
        return AuditReport.model_validate_json(found) if found else None

    def audit_chart(self, audit_id: str, filename: str) -> Path | None:
        """A chart file of a stored audit, only by a name its report lists (no path tricks)."""
        report = self.get_audit(audit_id)
        if report is None:
            return None
        allowed = {f"{c.name}.{ext}" for c in report.charts for ext in ("png", "svg")}
        path = self.settings.audits_dir / audit_id / "charts" / filename
        return path if filename in allowed and path.is_file() else None

    # --- sources --------------------------------------------------------------------------------
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
            "audit": self.audits.active_id(),
        }

    def close(self) -> None:
        if self._chat is not None:
            self._chat.close()
