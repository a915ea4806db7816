"""Bring a workspace's index back in step with its database after a crash.

A `kill -9` can stop an ingest, an audit or a comment import between its steps: vectors added
but not recorded, a manifest that names chunks already removed, facts of the active audit or
import missing from the index, a keyword index that no longer matches the vectors, a staging
folder left behind. Each is found and repaired when the workspace's service starts, so answers
never cite half-written data; a re-run of the interrupted job then finishes it idempotently.
"""

from __future__ import annotations

import logging
import shutil
from typing import TYPE_CHECKING

from bot.audit.indexing import AUDIT_SOURCE
from bot.listening.facts import LISTENING_SOURCE

if TYPE_CHECKING:
    from bot.service import UpwardService

log = logging.getLogger(__name__)


def repair(service: UpwardService) -> list[str]:
    """Repair what a crash left behind in this workspace; what was repaired, in words."""
    store = service.own_store
    done: list[str] = []
    existing = set(store.vectors.get(include=[])["ids"]) if store.count() else set()

    for record in store.manifest.all():
        if record.source in (AUDIT_SOURCE, LISTENING_SOURCE):
            continue
        if any(cid not in existing for cid in record.chunk_ids):
            store.remove_file(record.source)  # half-replaced: the re-run ingests it afresh
            done.append(f"dropped the half-written entry of {record.source}")

    audit = service.get_audit(service.audits.active_id() or "")
    done += _computed(service, AUDIT_SOURCE, audit, service._index_audit, existing, "the active audit")
    listening = service.get_listening(service.listening.active_id() or "")
    done += _computed(service, LISTENING_SOURCE, listening, service._index_listening, existing, "the active comment import")

    existing = set(store.vectors.get(include=[])["ids"]) if store.count() else set()
    recorded = {cid for r in store.manifest.all() for cid in r.chunk_ids}
    orphans = sorted(existing - recorded)
    if orphans:
        store.vectors.delete(ids=orphans)
        done.append(f"removed {len(orphans)} vectors no file owns")
    if len(store.bm25) != store.count():
        store.rebuild_keyword_index()
        done.append("rebuilt the keyword index")

    for folder in (service.workspace.audits_dir, service.workspace.root):
        for leftover in folder.glob(".*") if folder.is_dir() else []:
            if leftover.is_dir() and leftover.name.startswith((".bm25-", ".")) and leftover.name != ".":
                shutil.rmtree(leftover, ignore_errors=True)
                done.append(f"removed the staging folder {leftover.name}")
    if done:
        service.finder.invalidate()
        log.warning("workspace %s repaired after an interruption: %s", service.workspace.name, "; ".join(done))
    return done


def _computed(service: UpwardService, source: str, active, index, existing: set[str], what: str) -> list[str]:
    """Computed facts (audit, comments) follow the active set: re-indexed if missing or partial,
    removed if their set is gone."""
    record = service.own_store.manifest.get(source)
    if active is None:
        if record is not None:
            service.own_store.remove_file(source)
            return [f"removed the facts of {what}, which no longer exists"]
        return []
    if record is None or not record.chunk_ids or any(cid not in existing for cid in record.chunk_ids):
        index(active)
        return [f"re-indexed the facts of {what}"]
    return []
