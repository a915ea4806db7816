"""After a crash, a workspace's service repairs what was left half-written before it answers."""

from __future__ import annotations

from bot.app_context import Upward
from bot.audit.indexing import AUDIT_SOURCE
from bot.config import load_settings
from bot.consistency import repair
from tests.conftest import fake_chat

GUIDE = "# Protocol\n\nThe duty officer answers every resident's question within two working hours.\n"


def test_a_crash_between_steps_is_repaired_at_start_up(knowledge_copy, tmp_path):
    up = Upward(load_settings(data_dir=knowledge_copy), fake_chat("x"))
    service = up.service()
    service.ensure_knowledge()
    doc = tmp_path / "protocol.md"
    doc.write_text(GUIDE)
    service.ingest([doc])
    store = service.own_store
    # 1. vectors added but never recorded (killed before the manifest was written)
    store.vectors.add_texts(["half-written chunk"], metadatas=[{"kind": "guidance"}], ids=["orphan-1"])
    # 2. a manifest entry that names chunks already removed (killed after the stale delete)
    record = store.manifest.get(next(r.source for r in store.manifest.all() if r.source.endswith("protocol.md")))
    store.vectors.delete(ids=record.chunk_ids)
    # 3. the active audit's facts gone from the index (killed while re-indexing)
    store.remove_file(AUDIT_SOURCE)
    # 4. a staging folder left behind
    (service.workspace.audits_dir / ".abc123-staging").mkdir(parents=True)

    done = repair(service)
    assert any("half-written entry" in d for d in done) and any("re-indexed the facts of the active audit" in d for d in done)
    assert any("vectors no file owns" in d for d in done) and any("staging folder" in d for d in done)
    assert store.get(["orphan-1"]) == [] and store.manifest.get(record.source) is None
    facts = store.manifest.get(AUDIT_SOURCE)
    assert facts and len(store.get(facts.chunk_ids)) == len(facts.chunk_ids)
    assert len(store.bm25) == store.count()
    assert not (service.workspace.audits_dir / ".abc123-staging").exists()
    assert repair(service) == []  # idempotent: nothing left to repair
    again = service.ingest([doc])  # the re-run finishes the interrupted ingest
    assert [r.status for r in again.results] == ["added"]


def test_facts_of_a_deleted_set_are_removed(knowledge_copy):
    up = Upward(load_settings(data_dir=knowledge_copy), fake_chat("x"))
    service = up.service()
    service.ensure_knowledge()
    active = service.audits.active_id()
    service.audits.delete(active)  # killed after the row went, before the facts did
    assert "removed the facts of the active audit" in " ".join(repair(service))
    assert service.own_store.manifest.get(AUDIT_SOURCE) is None
