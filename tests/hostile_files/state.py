"""What a workspace holds, as hashes to compare before and after something hostile happened.

`snapshot` hashes the workspace folder file by file (the SQLite file itself aside: its pages
move without any row changing), every table of the workspace database row by row, the rows of
the control database that belong to the workspace (registry, keys, activity; a key's `last_used`
aside, which every request updates), and the contents of the workspace's Chroma collection
(ids, texts, metadata and embeddings) and of the shared knowledge collection.
`consistency` lists what disagrees between the manifest, the vectors and the keyword index.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import MetaData, create_engine, select

if TYPE_CHECKING:
    from bot.app_context import Upward
    from bot.index.store import KnowledgeStore

DB_SUFFIXES = (".db", ".db-journal", ".db-wal", ".db-shm")
VOLATILE_COLUMNS = {"last_used", "last_used_at"}


def _hash(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def folder_hashes(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(DB_SUFFIXES)
    }


def table_rows(url: str, *, where: tuple[str, str] | None = None) -> dict[str, str]:
    """{table: hash of its sorted rows}; with `where` (column, value), only tables that have
    that column, and only their matching rows."""
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        out = {}
        with engine.connect() as conn:
            for name, table in sorted(meta.tables.items()):
                query = select(table)
                if where is not None:
                    if where[0] not in table.c:
                        continue
                    query = query.where(table.c[where[0]] == where[1])
                rows = [
                    {k: v for k, v in r.items() if k not in VOLATILE_COLUMNS}
                    for r in conn.execute(query).mappings()
                ]
                out[name] = _hash(sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str)))
        return out
    finally:
        engine.dispose()


def collection_hash(store: KnowledgeStore) -> str:
    import numpy as np

    got = store._collection.get(include=["documents", "metadatas", "embeddings"])  # noqa: SLF001
    order = sorted(range(len(got["ids"])), key=lambda i: got["ids"][i])
    h = hashlib.sha256(_hash([[got["ids"][i], got["documents"][i], got["metadatas"][i]] for i in order]).encode())
    if order:
        h.update(np.asarray(got["embeddings"], dtype=np.float32)[order].tobytes())
    return h.hexdigest()


def snapshot(upward: Upward, workspace: str, *, shared: bool = True) -> dict[str, str]:
    """Hashes of everything `workspace` holds; equal snapshots mean nothing changed."""
    service = upward.service(workspace)
    where = service.workspace
    out = {f"file:{k}": v for k, v in folder_hashes(where.root).items()}
    out |= {f"table:{k}": v for k, v in table_rows(where.database_url).items()}
    control = upward.settings.resolved_database_url
    out |= {f"control:{k}": v for k, v in table_rows(control, where=("workspace", workspace)).items()}
    out |= {f"registry:{k}": v for k, v in table_rows(control, where=("name", workspace)).items()
            if k == "workspaces"}
    out["collection:own"] = collection_hash(service.own_store)
    if shared:
        out["collection:shared"] = collection_hash(upward.shared.knowledge)
    return out


def differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def consistency(store: KnowledgeStore) -> list[str]:
    """Problems between the manifest, the vectors and the keyword index (empty when consistent)."""
    problems = []
    got = store._collection.get(include=[])  # noqa: SLF001
    vectors = set(got["ids"])
    listed: set[str] = set()
    for record in store.manifest.all():
        missing = [c for c in record.chunk_ids if c not in vectors]
        if missing:
            problems.append(f"{record.source}: {len(missing)} chunk(s) in the manifest but not in the vectors")
        listed |= set(record.chunk_ids)
    orphans = vectors - listed
    if orphans:
        problems.append(f"{len(orphans)} vector(s) that no manifest record lists")
    try:
        bm25 = set(store.bm25._ids)  # noqa: SLF001
    except FileNotFoundError:
        bm25 = set()
    if vectors and bm25 != vectors:
        problems.append(f"keyword index holds {len(bm25)} ids, vectors {len(vectors)} ({len(bm25 ^ vectors)} differ)")
    return problems
