"""What one workspace can search: the shared knowledge base and its own collection, read as one.

Each collection is searched on its own (no metadata filter, so Chroma's fast path) and the hits
are merged, the way the retriever already fuses dense and keyword candidates. Writes never go
through this view: they go to the workspace's own store, so the shared base stays read-only and
nothing of one workspace can surface in another's answers.
"""

from __future__ import annotations

from bot.index.store import KnowledgeStore, StoredChunk


class FederatedKeywordIndex:
    """BM25 over several indexes: each searched for k, merged by score."""

    def __init__(self, stores: tuple[KnowledgeStore, ...]) -> None:
        self._stores = stores

    def __len__(self) -> int:
        return sum(len(s.bm25) for s in self._stores)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        hits = [hit for store in self._stores for hit in store.bm25.search(query, k)]
        return sorted(hits, key=lambda h: h[1], reverse=True)[:k]


class FederatedStore:
    """A read-only view over the shared base and one workspace's store."""

    def __init__(self, shared: KnowledgeStore, own: KnowledgeStore) -> None:
        self.shared = shared
        self.own = own
        self._stores = (shared, own)
        self.embedder = own.embedder

    def count(self) -> int:
        return sum(s.count() for s in self._stores)

    def get(self, ids: list[str]) -> list[StoredChunk]:
        """Chunks by id, in the order asked, from whichever collection holds them."""
        if not ids:
            return []
        found: dict[str, StoredChunk] = {}
        for store in self._stores:
            missing = [i for i in ids if i not in found]
            if missing:
                found.update({c.id: c for c in store.get(missing)})
        return [found[i] for i in ids if i in found]

    def embeddings_of(self, ids: list[str]) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for store in self._stores:
            missing = [i for i in ids if i not in out]
            if missing:
                out.update(store.embeddings_of(missing))
        return out

    def dense_search(self, vector: list[float], k: int) -> list[tuple[StoredChunk, float]]:
        hits = [hit for store in self._stores if store.count() for hit in store.dense_search(vector, k)]
        return sorted(hits, key=lambda h: h[1], reverse=True)[:k]

    @property
    def bm25(self) -> FederatedKeywordIndex:
        return FederatedKeywordIndex(self._stores)

    def all_chunks(self) -> list[StoredChunk]:
        return [c for store in self._stores for c in store.all_chunks()]
