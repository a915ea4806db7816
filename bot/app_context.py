"""The composition root: the parts every workspace shares, built once, and a service per workspace.

Shared: the embedder, the shipped-knowledge store, the chat model, the objection detector, the
workspace registry, the keys and the activity log. Per workspace: its own store, databases and
files (`UpwardService`). Channels ask this object for the service of the caller's workspace;
the workspace always comes from the caller's key (or the CLI's --workspace), never a global.
"""

from __future__ import annotations

import logging
import shutil
import threading
from functools import cached_property

from bot.agent.objections import ObjectionDetector
from bot.agent.taxonomy import load_objections
from bot.config import Settings
from bot.database import drop_schema, forget_database, is_sqlite
from bot.index.embedder import embedder_id, make_embeddings
from bot.index.store import KnowledgeStore, drop_index
from bot.llm.factory import ChatModelHandle, make_chat_model
from bot.security.activity import ActivityLog
from bot.security.keys import KeyStore
from bot.workspace import DEFAULT_WORKSPACE, RequestContext, WorkspaceRegistry, workspace_at

log = logging.getLogger(__name__)


class SharedParts:
    """What every workspace's service reads but none owns; opened lazily, once per process."""

    def __init__(self, settings: Settings, chat_model: ChatModelHandle | None = None) -> None:
        self.settings = settings
        self._chat = chat_model
        self._lock = threading.RLock()
        self.knowledge_synced = False
        self.sync_lock = threading.Lock()
        # Audits, imports and ingests are heavy: at most `job_concurrency` run at once.
        self.jobs = threading.BoundedSemaphore(settings.job_concurrency)

    @cached_property
    def embeddings(self):
        return make_embeddings(self.settings)

    @cached_property
    def embedder(self) -> str:
        return embedder_id(self.settings)

    @cached_property
    def knowledge(self) -> KnowledgeStore:
        """The shipped knowledge (guidance, evidence, objections, audiences, peers)."""
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return KnowledgeStore(self.settings, self.embeddings, self.embedder)

    @property
    def chat(self) -> ChatModelHandle:
        with self._lock:
            if self._chat is None:
                self._chat = make_chat_model(self.settings)
            return self._chat

    @property
    def chat_started(self) -> bool:
        return self._chat is not None

    @cached_property
    def detector(self) -> ObjectionDetector:
        return ObjectionDetector(
            load_objections(self.settings.knowledge_dir), self.embeddings,
            cache_dir=self.settings.data_dir, embedder=self.embedder,
        )

    @cached_property
    def registry(self) -> WorkspaceRegistry:
        return WorkspaceRegistry(self.settings)

    @cached_property
    def keys(self) -> KeyStore:
        return KeyStore(self.settings.resolved_database_url)

    @cached_property
    def activity(self) -> ActivityLog:
        return ActivityLog(self.settings.resolved_database_url)

    def close(self) -> None:
        if self._chat is not None:
            self._chat.close()


class Upward:
    """Hands out the service of a workspace; creates, deletes and lists workspaces."""

    def __init__(self, settings: Settings, chat_model: ChatModelHandle | None = None) -> None:
        self.settings = settings
        self.shared = SharedParts(settings, chat_model)
        self._services: dict = {}
        self._lock = threading.Lock()

    def service(self, workspace: str = DEFAULT_WORKSPACE):
        """The service of a registered workspace (`UnknownWorkspace` otherwise)."""
        from bot.service import UpwardService  # the service imports this module's parts

        self.shared.registry.require(workspace)
        with self._lock:
            found = self._services.get(workspace)
            if found is None:
                found = UpwardService(self.settings, workspace=workspace, shared=self.shared)
                self._services[workspace] = found
            return found

    def for_request(self, ctx: RequestContext):
        return self.service(ctx.workspace)

    def delete_workspace(self, name: str, ctx: RequestContext) -> None:
        """Remove a workspace and everything it holds: rows, index, files, keys. The activity
        log keeps one line saying who deleted it (no content)."""
        self.shared.registry.require(name)
        where = workspace_at(self.settings, name)
        with self._lock:
            service = self._services.pop(name, None)
        if service is not None:
            service.close_stores()
        drop_index(self.settings, where.index)
        if is_sqlite(where.database_url):
            forget_database(where.database_url)
        else:
            drop_schema(where.database_url)
        shutil.rmtree(where.root, ignore_errors=True)
        self.shared.keys.delete_workspace(name)
        self.shared.registry.remove(name)
        self.shared.activity.record(ctx, "workspace.delete", name)
        if name == DEFAULT_WORKSPACE:
            self.shared.registry.create(DEFAULT_WORKSPACE)  # default always exists, now empty

    @classmethod
    def adopting(cls, service) -> Upward:
        """An Upward around an existing service (tests and embedders build the service first)."""
        upward = cls(service.settings)
        upward.shared = service.shared
        upward._services[service.workspace.name] = service
        return upward

    def close(self) -> None:
        self.shared.close()
