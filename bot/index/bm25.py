"""A BM25 keyword index (bm25s + Snowball stemming) saved beside the vector store.

Dense retrieval misses exact terms (acronyms such as PPC or GA4, platform names, row ids);
BM25 catches them. The index is rebuilt from the vector store after each ingest, so the two
can never disagree about which chunks exist.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
from pathlib import Path

import bm25s
import Stemmer

_IDS_FILE = "chunk_ids.json"


def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def _tokenize(texts: list[str]):
    return bm25s.tokenize(texts, stopwords="en", stemmer=_stemmer(), show_progress=False)


_SAVE_LOCKS: dict[Path, threading.Lock] = {}
_SAVE_LOCKS_GUARD = threading.Lock()


def _save_lock(directory: Path) -> threading.Lock:
    with _SAVE_LOCKS_GUARD:
        return _SAVE_LOCKS.setdefault(directory.resolve(), threading.Lock())


class Bm25Index:
    """Maps a query to (chunk id, BM25 score) pairs."""

    def __init__(self, retriever: bm25s.BM25 | None, ids: list[str]) -> None:
        self._retriever = retriever
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    @classmethod
    def build(cls, ids: list[str], texts: list[str]) -> Bm25Index:
        if not ids:
            return cls(None, [])
        retriever = bm25s.BM25()
        retriever.index(_tokenize(texts), show_progress=False)
        return cls(retriever, list(ids))

    def save(self, directory: Path) -> None:
        """Write to a temporary folder first, then swap it in, so readers never see half an index."""
        with _save_lock(directory):
            self._save(directory)

    def _save(self, directory: Path) -> None:
        directory.parent.mkdir(parents=True, exist_ok=True)
        for stale in directory.parent.glob(".bm25-*"):  # left by a process killed mid-save
            shutil.rmtree(stale, ignore_errors=True)  # (this process's saves hold the lock)
        tmp = Path(tempfile.mkdtemp(prefix=".bm25-", dir=directory.parent))
        if self._retriever is not None:
            self._retriever.save(str(tmp))
        (tmp / _IDS_FILE).write_text(json.dumps(self._ids))
        old = directory.with_name(directory.name + ".old")
        if directory.exists():
            shutil.rmtree(old, ignore_errors=True)
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path) -> Bm25Index:
        ids_file = directory / _IDS_FILE
        if not ids_file.exists():
            return cls(None, [])
        ids = json.loads(ids_file.read_text())
        if not ids:
            return cls(None, [])
        return cls(bm25s.BM25.load(str(directory), mmap=True), ids)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        if self._retriever is None or not query.strip():
            return []
        tokens = _tokenize([query])
        if not tokens.vocab:
            return []
        k = min(k, len(self._ids))
        docs, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return [
            (self._ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0
        ]
