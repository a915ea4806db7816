"""The knowledge store: Chroma vectors + the BM25 index + the file manifest, kept consistent.

Chroma runs embedded on disk by default, or as a server (same code, chosen by configuration).
The collection records which embedder built it; opening it with another embedder is refused,
because mixing vector spaces would make retrieval silently wrong.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from bot.config import Settings
from bot.index.bm25 import Bm25Index
from bot.index.chunker import Chunk
from bot.index.manifest import FileRecord, Manifest, make_engine
from bot.workspace import IndexLocation, shared_index

GET_BATCH = 5000


class IndexMismatchError(RuntimeError):
    """The index was built with a different embedder than the one configured."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    metadata: dict

    def provenance(self) -> dict:
        """The fields every citation-like contract model shares, typed as the contract wants."""
        meta = self.metadata
        page = meta.get("page")
        return {
            "id": self.id,
            "kind": str(meta.get("kind", "guidance")),
            "title": str(meta.get("title", "")),
            "publisher": meta.get("publisher"),
            "year": str(meta["year"]) if meta.get("year") else None,
            "url": meta.get("url"),
            "page": int(page) if page is not None else None,
            "strength": meta.get("strength"),
            "text": self.text,
        }


def make_chroma_client(settings: Settings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_mode == "server":
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def drop_index(settings: Settings, location: IndexLocation | None = None) -> None:
    """Delete a collection, its keyword index and its manifest without opening the collection:
    the way out after changing the embedder (`upward ingest --rebuild`), and part of deleting a
    workspace. Without `location`, the shared knowledge base."""
    location = location or shared_index(settings)
    client = make_chroma_client(settings)
    if location.collection in {c.name for c in client.list_collections()}:
        client.delete_collection(location.collection)
    shutil.rmtree(location.bm25_path, ignore_errors=True)
    Manifest(make_engine(location.database_url)).clear()


class KnowledgeStore:
    """One searchable collection: the shared knowledge base, or one workspace's own material."""

    def __init__(
        self, settings: Settings, embeddings: Embeddings, embedder: str, location: IndexLocation | None = None
    ) -> None:
        self.settings = settings
        self.location = location or shared_index(settings)
        self.embeddings = embeddings
        self.embedder = embedder
        self._client = make_chroma_client(settings)
        self._check_embedder()
        self.vectors = self._open_vectors()
        self._collection = self._client.get_collection(self.location.collection)
        self.manifest = Manifest(make_engine(self.location.database_url))
        self._bm25: Bm25Index | None = None

    def _open_vectors(self) -> Chroma:
        return Chroma(
            client=self._client,
            collection_name=self.location.collection,
            embedding_function=self.embeddings,
            collection_metadata={"embedder": self.embedder},
            collection_configuration={"hnsw": {"space": "cosine"}},
        )

    def _check_embedder(self) -> None:
        existing = {c.name: c for c in self._client.list_collections()}.get(self.location.collection)
        if existing is None:
            return
        built_with = (existing.metadata or {}).get("embedder")
        if built_with and built_with != self.embedder:
            raise IndexMismatchError(
                f"The index '{self.location.collection}' was built with the embedder '{built_with}', "
                f"but '{self.embedder}' is configured. Use another UPWARD_COLLECTION, or rebuild "
                f"with `upward ingest --rebuild`."
            )

    # --- reading --------------------------------------------------------------------------------
    def count(self) -> int:
        return self._collection.count()

    def get(self, ids: list[str]) -> list[StoredChunk]:
        """Chunks by id, in the order asked (ids not found are skipped)."""
        if not ids:
            return []
        got = self.vectors.get(ids=ids, include=["documents", "metadatas"])
        by_id = {
            i: StoredChunk(i, d, m or {})
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        }
        return [by_id[i] for i in ids if i in by_id]

    def embeddings_of(self, ids: list[str]) -> dict[str, list[float]]:
        if not ids:
            return {}
        got = self.vectors.get(ids=ids, include=["embeddings"])
        return {i: list(e) for i, e in zip(got["ids"], got["embeddings"], strict=True)}

    def dense_search(self, vector: list[float], k: int) -> list[tuple[StoredChunk, float]]:
        """Top-k by cosine similarity (1 - cosine distance), no metadata filter (filters are slow)."""
        res = self._collection.query(
            query_embeddings=[vector], n_results=k, include=["documents", "metadatas", "distances"]
        )
        return [
            (StoredChunk(i, d, m or {}), 1.0 - float(dist))
            for i, d, m, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True
            )
        ]

    @property
    def bm25(self) -> Bm25Index:
        if self._bm25 is None:
            self._bm25 = Bm25Index.load(self.location.bm25_path)
        return self._bm25

    def all_chunks(self) -> list[StoredChunk]:
        out: list[StoredChunk] = []
        total = self.count()
        for offset in range(0, total, GET_BATCH):
            got = self.vectors.get(limit=GET_BATCH, offset=offset, include=["documents", "metadatas"])
            out += [
                StoredChunk(i, d, m or {})
                for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            ]
        return out

    # --- writing --------------------------------------------------------------------------------
    def replace_file(self, record: FileRecord, chunks: list[Chunk]) -> tuple[int, int]:
        """Make the index hold exactly `chunks` for `record.source`. Returns (added, removed).

        New chunks are embedded and added first; only then are the file's stale chunks removed and
        the manifest updated. If adding fails, whatever was added is taken out again, so the index
        holds the old version of the file, untouched.
        """
        previous = self.manifest.get(record.source)
        old_ids = set(previous.chunk_ids) if previous else set()
        new_ids = [c.id for c in chunks]
        existing = set(self.vectors.get(ids=new_ids, include=[])["ids"]) if new_ids else set()
        to_add = [c for c in chunks if c.id not in existing]
        if to_add:
            try:
                self.vectors.add_texts(
                    texts=[c.text for c in to_add],
                    metadatas=[c.metadata for c in to_add],
                    ids=[c.id for c in to_add],
                )
            except BaseException:
                self.vectors.delete(ids=[c.id for c in to_add])
                raise
        stale = sorted(old_ids - set(new_ids))
        if stale:
            self.vectors.delete(ids=stale)
        self.manifest.put(record.model_copy(update={"chunk_ids": new_ids}))
        return len(to_add), len(stale)

    def remove_file(self, source: str) -> int:
        previous = self.manifest.get(source)
        if previous is None:
            return 0
        if previous.chunk_ids:
            self.vectors.delete(ids=previous.chunk_ids)
        self.manifest.delete(source)
        return len(previous.chunk_ids)

    def rebuild_keyword_index(self) -> int:
        chunks = self.all_chunks()
        index = Bm25Index.build([c.id for c in chunks], [c.text for c in chunks])
        index.save(self.location.bm25_path)
        self._bm25 = index
        return len(index)

    def reset(self) -> None:
        """Drop the whole index and start empty with the configured embedder."""
        drop_index(self.settings, self.location)
        self.vectors = self._open_vectors()
        self._collection = self._client.get_collection(self.location.collection)
        self._bm25 = None
