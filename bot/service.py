"""The answer service of one workspace: the one API that every channel (CLI, HTTP, widget, Teams,
briefing export) calls.

It reads the shared parts (embedder, shipped-knowledge store, chat model, objection detector)
from `SharedParts` and owns the workspace's own: its store, databases and files. Everything is
opened lazily (ingesting a command such as `upward ingest` never starts the language model), and
the shipped knowledge is indexed on first use.
"""

from __future__ import annotations

import logging
import random
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from bot.agent.audiences import resolve_audience
from bot.app_context import SharedParts
from bot.agent.finder import EvidenceFinder
from bot.agent.graph import Playbooks, build_answer_graph, build_case_graph
from bot.agent.objections import ObjectionDetector
from bot.agent.taxonomy import Audience, ObjectionType, load_audiences, load_objections
from bot.agent.tool_agent import build_agent_node
from bot.audit.indexing import AUDIT_SOURCE, audit_record, fact_documents
from bot.audit.rederive import AuditChecker
from bot.audit.report import AuditReport
from bot.audit.runner import audit_id, display_names, expand_exports, run_audit, write_report
from bot.audit.store import AuditStore
from bot.agent.state import AnswerState
from bot.config import Settings
from bot.consistency import repair
from bot.agent.text import text_pieces
from bot.conversation import PendingTurn, follow_up, remember
from bot.memory import ConversationStore
from bot.agent.rehearse_rounds import next_line
from bot.feedback import FeedbackIn, FeedbackRecord, FeedbackStore
from bot.problems import NotFound
from bot.agent.rehearse import OWN_DATA_TERMS, pick_challenge, score_reply, scoring_inputs
from bot.contract import (
    STAGE_MESSAGES, Answer, Challenge, Objection, Rehearsal, Scorecard, Source, StreamEvent, Turn,
)
from bot.index.chunker import chunk_document
from bot.index.embedder import EmbedderError, count_wordpieces
from bot.index.federated import FederatedStore
from bot.index.retriever import HybridRetriever
from bot.index.routing import evidence_sources
from bot.index.store import IndexMismatchError, KnowledgeStore
from bot.index.manifest import FileRecord
from bot.ingest.documents import Kind, LoadedDocument
from bot.listening.facts import LISTENING_SOURCE, listening_documents, listening_record
from bot.listening.report import ListeningReport
from bot.listening.runner import listening_id, run_listening
from bot.listening.store import ListeningStore
from bot.ingest.pipeline import FileResult, IngestReport, ingest_paths
from bot.llm.budget import RequestBudget
from bot.llm.factory import ChatModelHandle
from bot.llm.local_server import LocalModelError
from bot.workspace import DEFAULT_WORKSPACE, Workspace, workspace_at

log = logging.getLogger(__name__)
T = TypeVar("T")


class JobsBusy(RuntimeError):
    """Every import slot is taken: HTTP 503 with Retry-After."""

# Errors that mean "a component is not usable", each with the message a person needs to fix it.
UNAVAILABLE = (LocalModelError, EmbedderError, IndexMismatchError)


class UpwardService:
    def __init__(
        self,
        settings: Settings,
        chat_model: ChatModelHandle | None = None,
        *,
        workspace: str = DEFAULT_WORKSPACE,
        shared: SharedParts | None = None,
    ) -> None:
        self.settings = settings
        self.shared = shared or SharedParts(settings, chat_model)
        self.workspace: Workspace = workspace_at(settings, workspace)
        self._lock = threading.RLock()
        self._knowledge_synced = False

    # --- components, opened on first use --------------------------------------------------------
    @property
    def embeddings(self):
        return self.shared.embeddings

    @cached_property
    def own_store(self) -> KnowledgeStore:
        """This workspace's own collection: its documents, audit facts and public-comment facts."""
        self.workspace.root.mkdir(parents=True, exist_ok=True)
        return KnowledgeStore(self.settings, self.embeddings, self.shared.embedder, self.workspace.index)

    @cached_property
    def store(self) -> FederatedStore:
        """What this workspace searches: the shared knowledge and its own, never another's."""
        return FederatedStore(self.shared.knowledge, self.own_store)

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
        return self.shared.chat

    @cached_property
    def audits(self) -> AuditStore:
        return AuditStore(self.workspace.database_url)

    @cached_property
    def audit_checker(self) -> AuditChecker:
        return AuditChecker(self.audits.table, self.audits.version)

    @cached_property
    def finder(self) -> EvidenceFinder:
        return EvidenceFinder(self.store, self.retriever, self.embeddings)

    def objections(self) -> tuple[ObjectionType, ...]:
        return load_objections(self.settings.knowledge_dir)

    def audiences(self) -> tuple[Audience, ...]:
        return load_audiences(self.settings.knowledge_dir)

    def audience(self, name: str | None) -> Audience | None:
        """The audience profile for a name ("FD", "finance director"); `UnknownAudience`
        (a ValueError listing the choices) when none matches."""
        return resolve_audience(name, self.audiences())

    @property
    def detector(self) -> ObjectionDetector:
        return self.shared.detector

    @property
    def playbooks(self) -> Playbooks:
        return Playbooks(self.finder, self.objections, lambda: self.detector)

    @property
    def strong_model(self) -> bool:
        return self.settings.resolved_strong_model

    @cached_property
    def graph(self):
        strong = self.strong_model
        agent = None
        if strong:
            agent = build_agent_node(self.chat.model, self._search, self.settings)
        return build_answer_graph(
            self.retriever, self.chat.model, self.chat.name, self.settings,
            check_source=self.audit_checker.problem,
            playbooks=self.playbooks,
            refine_with=self.chat.model if strong else None,
            agent=agent,
            draft_structured=strong,
            embeddings=self.embeddings,
        )

    @cached_property
    def case_graph(self):
        return build_case_graph(
            self.playbooks, self.chat.model, self.chat.name, self.settings,
            check_source=self.audit_checker.problem, draft_structured=self.strong_model,
            embeddings=self.embeddings,
        )

    def _search(self, query: str, kinds, k: int):
        """The tool agent's search: evidence only, like the answer graph's retrieve."""
        return evidence_sources(self.retriever.retrieve(query, k=2 * k, kinds=kinds), k)

    # --- knowledge ------------------------------------------------------------------------------
    def ingest(
        self,
        paths: list[Path],
        *,
        kind: Kind | None = None,
        prune: bool = False,
        on_file: Callable[[FileResult], None] | None = None,
        on_start: Callable[[int], None] | None = None,
        shared: bool = False,
    ) -> IngestReport:
        """Add documents to this workspace's own collection; with `shared`, to the shipped
        knowledge base every workspace reads (only the installation's own CLI does that)."""
        target = self.shared.knowledge if shared else self.own_store
        report = ingest_paths(
            target, paths, self.settings, kind=kind, prune=prune, on_file=on_file,
            on_start=on_start, exclude=self._not_documents,
        )
        self.finder.invalidate()
        return report

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
            with self.shared.sync_lock:
                report = None
                if not self.shared.knowledge_synced:
                    report = self.ingest([self.settings.knowledge_dir], prune=True, shared=True, **progress)
                    self.shared.knowledge_synced = True
            if self.workspace.name == DEFAULT_WORKSPACE:  # the sample council lives only here
                self._ensure_audit()
                self._ensure_listening()
            repair(self)  # whatever a crash left half-written, in any workspace
            self._knowledge_synced = True
        if report is None:
            return None
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
                record = self.own_store.manifest.get(AUDIT_SOURCE)
                if record is None or record.sha256 != audit_record(stored, self.store.embedder).sha256:
                    self._index_audit(stored)
            return stored
        run = run_audit(
            paths, peers=peers, published=self._published_benchmarks, names=names, sample=sample
        )
        with self._lock:
            previous = self.audits.active_id()
            report = write_report(run, self.workspace.audits_dir / run.report.id)
            try:
                self.audits.save(report.id, run.table, report.model_dump_json())
                self._index_audit(report)
            except BaseException:
                if report.id != previous:
                    self.audits.delete(report.id)
                    shutil.rmtree(self.workspace.audits_dir / report.id, ignore_errors=True)
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
        if found is None or not (self.workspace.audits_dir / found.id / "report.json").is_file():
            return None
        return found

    def _index_audit(self, report: AuditReport) -> None:
        self._index_documents(audit_record(report, self.store.embedder), fact_documents(report))

    def _index_documents(self, record: FileRecord, documents: list[LoadedDocument]) -> None:
        """Computed facts (audit, public comments) replace their previous set in the index."""
        chunks = [
            chunk
            for doc in documents
            for chunk in chunk_document(doc, max_tokens=self.settings.chunk_tokens, count_tokens=count_wordpieces)
        ]
        self.own_store.replace_file(record, chunks)
        self.own_store.rebuild_keyword_index()
        self.finder.invalidate()

    def _ensure_audit(self) -> None:
        """With no audit of the user's own, load (or refresh) the fictional sample so a newcomer
        sees a full audit (`consistency.repair` keeps the index in step with the active audit)."""
        active = self.get_audit(self.audits.active_id() or "")
        sample = self.settings.sample_dir
        if self.settings.resolved_sample_audit and (active is None or active.sample):
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

    # --- public conversation --------------------------------------------------------------------
    @cached_property
    def listening(self) -> ListeningStore:
        return ListeningStore(self.workspace.database_url)

    def listen(
        self, paths: list[Path], *, names: dict[Path, str] | None = None, sample: bool = False
    ) -> ListeningReport:
        """Import public comments (redacted before anything is stored), find themes and sentiment,
        and index the resulting facts as kind `public`; bad input raises `ImportFailed` and
        changes nothing. The new import replaces the previous one in the index."""
        run = run_listening(paths, names=names, sample=sample)
        with self._lock:
            previous = self.listening.active_id()
            record = self.own_store.manifest.get(LISTENING_SOURCE)
            if previous == run.report.id and record is not None and record.chunk_ids and \
                    record.sha256 == listening_record(run.report, self.store.embedder).sha256:
                return run.report  # the same files again, already stored and indexed: nothing to do
            self.listening.save(run)
            try:
                self.listening.activate(run.report.id)
                self._index_listening(run.report)
            except BaseException:
                if run.report.id != previous:
                    self.listening.delete(run.report.id)
                if previous:
                    self.listening.activate(previous)
                raise
        return run.report

    def get_listening(self, listening_id: str) -> ListeningReport | None:
        found = self.listening.report_json(listening_id) if listening_id else None
        return ListeningReport.model_validate_json(found) if found else None

    def _index_listening(self, report: ListeningReport) -> None:
        self._index_documents(listening_record(report, self.store.embedder), listening_documents(report))

    def _ensure_listening(self) -> None:
        """Like the sample audit: the fictional sample comments while none of the user's own."""
        active = self.get_listening(self.listening.active_id() or "")
        sample = self.settings.sample_dir / "listening"
        if self.settings.resolved_sample_audit and (active is None or active.sample) and sample.is_dir():
            files = sorted(sample.glob("*.csv"))
            if files and (active is None or active.id != listening_id(files, display_names(files, None, None))):
                log.info("loading the sample public comments from %s", sample)
                self.listen(files, sample=True)

    def get_audit(self, audit_id: str) -> AuditReport | None:
        found = self.audits.report_json(audit_id) if audit_id else None
        return AuditReport.model_validate_json(found) if found else None

    def audit_chart(self, audit_id: str, filename: str) -> Path | None:
        """A chart file of a stored audit, only by a name its report lists (no path tricks)."""
        report = self.get_audit(audit_id)
        if report is None:
            return None
        allowed = {f"{c.name}.{ext}" for c in report.charts for ext in ("png", "svg")}
        path = self.workspace.audits_dir / audit_id / "charts" / filename
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
        )

    # --- answering ------------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: list[Turn] | None = None,
        *,
        audience: str | None = None,
        conversation_id: str | None = None,
        forced_objection: str | None = None,
        owner: str | None = None,
    ) -> Answer:
        """Answer a question, an objection or a follow-up ("shorter", "now for the finance
        director", "what's our source?"), remembering the turn in its conversation. With
        `owner` (the caller's key), only that caller's conversations can be continued."""
        turn = self._turn("ask", question, history, audience, None, conversation_id, forced_objection, owner)
        return self._final(self._events(turn))

    def stream(
        self,
        question: str,
        history: list[Turn] | None = None,
        *,
        audience: str | None = None,
        conversation_id: str | None = None,
        owner: str | None = None,
    ) -> Iterator[StreamEvent]:
        """Events `status` and `token`…, then `citations`, `done` (the full Answer); `error` if
        anything fails. Tokens are only ever verified text. Bad input raises before the stream."""
        turn = self._turn("ask", question, history, audience, None, conversation_id, None, owner)
        return self._safe_events(turn)

    def case(
        self, *, audience: str | None = None, focus: str | None = None, conversation_id: str | None = None,
        owner: str | None = None,
    ) -> Answer:
        """A business case along the method, every section cited or saying what data to gather."""
        return self._final(self._events(
            self._turn("case", None, None, audience, focus, conversation_id, None, owner)
        ))

    def stream_case(
        self, *, audience: str | None = None, focus: str | None = None, conversation_id: str | None = None,
        owner: str | None = None,
    ) -> Iterator[StreamEvent]:
        return self._safe_events(self._turn("case", None, None, audience, focus, conversation_id, None, owner))

    def run(self, question: str, history: list[Turn] | None = None, **inputs) -> AnswerState:
        """The whole final state (answer, plan, timings) of one question: for evals and benchmarks."""
        self.ensure_knowledge()
        graph = self.case_graph if inputs.pop("flow", None) == "case" else self.graph
        return graph.invoke({**self._turn("ask", question, history, None, None, None, None).inputs, **inputs})

    def _turn(
        self,
        flow: str,
        question: str | None,
        history: list[Turn] | None,
        audience: str | None,
        focus: str | None,
        conversation_id: str | None,
        forced_objection: str | None,
        owner: str | None = None,
    ) -> PendingTurn:
        """Check a request before anything runs: bad input is a ValueError that changes nothing."""
        profile = self.audience(audience)
        if flow == "case":
            focus = (focus or "").strip() or None
            question = focus or "investing in social media for a public service"
        question = (question or "").strip()
        if not question:
            raise ValueError("the question is empty")
        if forced_objection and forced_objection not in {o.id for o in self.objections()}:
            raise ValueError(f"unknown objection type '{forced_objection}'")
        if len(question) > self.settings.max_question_chars:
            raise ValueError(
                f"the question is {len(question)} characters, over the limit of "
                f"{self.settings.max_question_chars} (UPWARD_MAX_QUESTION_CHARS)"
            )
        if conversation_id is not None and not self.memory.exists(conversation_id, owner):
            raise NotFound(f"no conversation with id '{conversation_id}'")
        return PendingTurn(
            flow=flow, question=question, history=list(history or []), audience=profile, focus=focus,
            conversation_id=conversation_id, forced_objection=forced_objection, owner=owner,
        )

    def _events(self, turn: PendingTurn) -> Iterator[StreamEvent]:
        self.ensure_knowledge()
        conversation = turn.conversation_id or self.memory.create(turn.owner)
        stored = self.memory.turns(conversation, limit=8)
        if stored and not turn.history:
            turn.history = [Turn(role=t.role, content=t.content[:2000]) for t in stored]
        resolved = follow_up(self, conversation, turn) if turn.flow == "ask" else turn
        answer: Answer | None = None
        if isinstance(resolved, Answer):
            answer = resolved
            for piece in text_pieces(answer.answer):
                yield StreamEvent(event="token", data={"text": piece})
        else:
            graph = self.case_graph if resolved.flow == "case" else self.graph
            budget = RequestBudget(self.settings.max_model_calls, self.settings.max_request_tokens)
            for mode, chunk in graph.stream(
                resolved.inputs, stream_mode=["custom", "updates"], config={"callbacks": [budget]}
            ):
                if mode == "custom" and "token" in chunk:
                    yield StreamEvent(event="token", data={"text": chunk["token"]})
                elif mode == "custom" and chunk.get("stage") in STAGE_MESSAGES:
                    stage = chunk["stage"]
                    yield StreamEvent(event="status", data={"stage": stage, "message": STAGE_MESSAGES[stage]})
                elif mode == "updates" and "respond" in chunk:
                    answer = chunk["respond"]["answer"]
            if answer is None:
                raise RuntimeError("the answer graph finished without an answer")
        answer = answer.model_copy(update={"conversation_id": conversation})
        remember(self.memory, conversation, turn, resolved, answer)
        yield StreamEvent(event="citations", data={"citations": [c.model_dump() for c in answer.citations]})
        yield StreamEvent(event="done", data=answer.model_dump())

    @staticmethod
    def _final(events: Iterator[StreamEvent]) -> Answer:
        for event in events:
            if event.event == "done":
                return Answer.model_validate(event.data)
        raise RuntimeError("the answer finished without a result")

    def _safe_events(self, turn: PendingTurn) -> Iterator[StreamEvent]:
        try:
            yield from self._events(turn)
        except Exception:  # noqa: BLE001 - a stream ends with an error event, not a crash
            error_id = uuid.uuid4().hex[:12]
            log.exception("answer stream failed (error id %s)", error_id)
            # Never the exception text: it can carry paths, SQL or source text.
            yield StreamEvent(event="error", data={
                "message": f"Upward could not finish this answer (error id {error_id}, in the server log).",
            })

    # --- rehearsal ------------------------------------------------------------------------------
    def rehearse(
        self, *, audience: str | None = None, objection: str | None = None, seed: int | None = None
    ) -> Challenge:
        """A rehearsal round: one of the objections this leader raises most, in their words."""
        profile = self.audience(audience)
        found = pick_challenge(self.objections(), profile, objection, random.Random(seed))
        return Challenge(
            objection=Objection(type=found.id, confidence=1.0, label=found.label),
            audience=profile.label if profile else None,
            line=random.Random(seed).choice(found.exemplars),
            concern=found.concern,
        )

    def score_reply(self, *, objection: str, reply: str) -> Scorecard:
        """Score a reply to an objection: own data, external evidence, the actual concern, a
        measurable next step. Model-free: figures are matched against the index, the concern by
        embedding similarity."""
        found = self._objection(objection)
        if not reply.strip():
            raise ValueError("the reply is empty")
        self.ensure_knowledge()
        inputs = scoring_inputs(self.finder.chunks)
        return score_reply(
            reply,
            own_numbers=inputs.own_numbers,
            own_terms=OWN_DATA_TERMS,
            external_numbers=inputs.external_numbers,
            publishers=inputs.publishers,
            # Does the reply talk about the same worry? Read it as the detector would read an
            # objection: the leader's type should be among the closest three of the twelve.
            concern_rank=self.detector.rank_of(reply, found.id),
        )

    def score_rehearsal(
        self, *, objection: str, reply: str, audience: str | None = None, line: str | None = None
    ) -> Rehearsal:
        """The scorecard, and the same objection answered properly: the stronger, cited version."""
        found = self._objection(objection)
        profile = self.audience(audience)
        scorecard = self.score_reply(objection=objection, reply=reply)
        stronger = self.ask(line or found.exemplars[0], audience=audience, forced_objection=found.id)
        return Rehearsal(
            next_line=next_line(found, scorecard, line),
            objection=Objection(type=found.id, confidence=1.0, label=found.label),
            audience=profile.label if profile else None,
            reply=reply,
            scorecard=scorecard,
            stronger=stronger,
        )

    def _objection(self, objection_id: str) -> ObjectionType:
        found = next((o for o in self.objections() if o.id == objection_id), None)
        if found is None:
            raise ValueError(f"unknown objection type '{objection_id}'")
        return found

    @cached_property
    def memory(self) -> ConversationStore:
        return ConversationStore(self.workspace.database_url)

    @property
    def lock(self) -> threading.RLock:
        """Held while the workspace's index and stores change together (imports, deletes)."""
        return self._lock

    def run_job(self, job: Callable[[], T]) -> T:
        """Run an audit, import or ingest within the concurrency cap; past the wait limit the
        caller is told the server is busy (`JobsBusy`) and nothing has started."""
        if not self.shared.jobs.acquire(timeout=self.settings.job_timeout_s):
            raise JobsBusy(
                f"{self.settings.job_concurrency} imports are already running (UPWARD_JOB_CONCURRENCY); "
                "try again shortly"
            )
        try:
            return job()
        finally:
            self.shared.jobs.release()

    # --- feedback -------------------------------------------------------------------------------
    @cached_property
    def feedback(self) -> FeedbackStore:
        return FeedbackStore(self.workspace.database_url)

    def record_feedback(
        self, item: FeedbackIn, *, owner: str | None, channel: str, actor: str, turn: int | None = None
    ) -> FeedbackRecord:
        """Store feedback against the conversation's latest answer (or its answer turn `turn`, when
        the channel knows which message was rated) and the citations it carried."""
        if not self.memory.exists(item.conversation_id, owner):
            raise NotFound(f"no conversation with id '{item.conversation_id}'")
        turn = turn if turn is not None else item.turn
        answer = self.memory.last(item.conversation_id, "assistant",
                                  where=lambda t: t.answer is not None and turn in (None, t.seq))
        if answer is None and turn is not None:
            raise NotFound(f"no answer at turn {turn} of conversation '{item.conversation_id}'")
        citations = [c.get("id", "") for c in (answer.answer or {}).get("citations", [])] if answer else []
        return self.feedback.add(
            item, turn=answer.seq if answer else None, citations=citations, channel=channel, actor=actor
        )

    def health(self) -> dict:
        return {
            "status": "ok",
            "index_chunks": self.store.count(),
            "embedder": self.store.embedder,
            "llm_provider": self.settings.resolved_llm_provider,
            "llm_running": self.shared.chat_started,
            "audit": self.audits.active_id(),
            "listening": self.listening.active_id(),
        }

    def close_stores(self) -> None:
        """Let go of this workspace's database connections (before it is deleted)."""
        for name in ("audits", "listening", "memory", "feedback"):
            if name in self.__dict__:
                self.__dict__[name].close()

    def close(self) -> None:
        self.shared.close()
