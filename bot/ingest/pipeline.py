"""Ingest files into the knowledge store: load → chunk → embed → store, one file at a time.

Per file the outcome is all or nothing: a file that fails to load, chunk or embed leaves the
index exactly as it was, and the other files still go in. Unchanged files are skipped by
content hash, so re-running ingest costs almost nothing.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from bot.config import PROJECT_ROOT, Settings
from bot.index.chunker import Chunk, chunk_document
from bot.index.embedder import count_wordpieces
from bot.index.manifest import FileRecord
from bot.index.store import KnowledgeStore
from bot.ingest.documents import Kind, LoaderError
from bot.ingest.loaders import SUPPORTED_SUFFIXES, load_file

# Bump when loaders or chunking change the text they produce, so every file is re-ingested.
PIPELINE_VERSION = "1"
SKIPPED_NAMES = {"readme.md", "readme.txt"}

Status = Literal["added", "updated", "unchanged", "removed", "failed"]


class FileResult(BaseModel):
    source: str
    status: Status
    chunks: int = 0
    added: int = 0
    removed: int = 0
    reason: str | None = None
    seconds: float = 0.0


class IngestReport(BaseModel):
    results: list[FileResult]
    seconds: float
    index_chunks: int

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def chunks_added(self) -> int:
        return sum(r.added for r in self.results)


def source_id(path: Path) -> str:
    """Shipped files are named relative to the project (stable across machines); others absolutely."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return resolved.as_posix()


def discover(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """Files to ingest: named files as given; folders searched recursively for supported types,
    leaving out hidden files and anything under an `exclude` folder (data that is not documents,
    such as the sample exports the audit reads)."""
    skipped = [e.resolve() for e in exclude]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and p.name.lower() not in SKIPPED_NAMES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not any(p.resolve().is_relative_to(e) for e in skipped)
            )
        else:
            found.append(path)  # a missing or unsupported file is reported by the loader
    return list(dict.fromkeys(found))


def is_shipped(path: Path, settings: Settings) -> bool:
    """Whether a file really lives in the shipped knowledge folder (symlinks resolved): only such
    files may declare curated provenance such as an evidence card's strength."""
    return path.resolve().is_relative_to(settings.knowledge_dir.resolve())


def _fingerprint(data: bytes, kind: Kind | None, settings: Settings) -> str:
    h = hashlib.sha256(data)
    h.update(f"\0{PIPELINE_VERSION}\0{settings.chunk_tokens}\0{kind or ''}".encode())
    return h.hexdigest()


def ingest_file(
    store: KnowledgeStore, path: Path, settings: Settings, kind: Kind | None = None
) -> FileResult:
    started = time.perf_counter()
    source = source_id(path)
    try:
        if path.is_file() and path.stat().st_size > settings.max_file_mb * 1_000_000:
            raise LoaderError(
                source,
                f"file is {path.stat().st_size / 1e6:.1f} MB, over the "
                f"{settings.max_file_mb:g} MB limit (UPWARD_MAX_FILE_MB)",
            )
        data = path.read_bytes() if path.is_file() else b""
        fingerprint = _fingerprint(data, kind, settings)
        previous = store.manifest.get(source)
        if previous and previous.sha256 == fingerprint and previous.embedder == store.embedder:
            return FileResult(source=source, status="unchanged", chunks=len(previous.chunk_ids))
        documents = load_file(
            path, kind=kind, max_bytes=int(settings.max_file_mb * 1_000_000), source=source,
            trusted=is_shipped(path, settings),
        )
        chunks: list[Chunk] = []
        for doc in documents:
            chunks += chunk_document(
                doc, max_tokens=settings.chunk_tokens, count_tokens=count_wordpieces
            )
        if not chunks:
            raise LoaderError(source, "no text found")
        record = FileRecord(
            source=source,
            sha256=fingerprint,
            kind=documents[0].kind,
            title=documents[0].title if len(documents) == 1 else path.name,
            chunk_ids=[],
            embedder=store.embedder,
        )
        added, removed = store.replace_file(record, chunks)
        return FileResult(
            source=source,
            status="updated" if previous else "added",
            chunks=len(chunks),
            added=added,
            removed=removed,
            seconds=time.perf_counter() - started,
        )
    except LoaderError as exc:
        return FileResult(source=source, status="failed", reason=exc.reason,
                          seconds=time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        return FileResult(source=source, status="failed", reason=f"{type(exc).__name__}: {exc}",
                          seconds=time.perf_counter() - started)


def prune_missing(store: KnowledgeStore, folders: Iterable[Path]) -> list[FileResult]:
    """Remove indexed files that lived under `folders` but no longer exist on disk."""
    roots = [source_id(f) for f in folders if f.is_dir()]
    results: list[FileResult] = []
    for record in store.manifest.all():
        inside = any(record.source == r or record.source.startswith(r.rstrip("/") + "/") for r in roots)
        path = Path(record.source)
        on_disk = path if path.is_absolute() else PROJECT_ROOT / path
        if inside and not on_disk.exists():
            removed = store.remove_file(record.source)
            results.append(FileResult(source=record.source, status="removed", removed=removed))
    return results


def ingest_paths(
    store: KnowledgeStore,
    paths: Iterable[Path],
    settings: Settings,
    *,
    kind: Kind | None = None,
    prune: bool = False,
    exclude: Iterable[Path] = (),
    on_file: Callable[[FileResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> IngestReport:
    started = time.perf_counter()
    paths = list(paths)
    files = discover(paths, exclude)
    if on_start:
        on_start(len(files))
    results: list[FileResult] = []
    for path in files:
        result = ingest_file(store, path, settings, kind)
        results.append(result)
        if on_file:
            on_file(result)
    if prune:
        results += prune_missing(store, paths)
    if any(r.status in ("added", "updated", "removed") for r in results) or (
        len(store.bm25) != store.count()
    ):
        store.rebuild_keyword_index()
    return IngestReport(
        results=results, seconds=time.perf_counter() - started, index_chunks=store.count()
    )
