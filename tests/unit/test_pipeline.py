"""Ingestion through real MiniLM embeddings and a real on-disk Chroma."""

import pytest

from bot.index.embedder import embedder_id, make_embeddings
from bot.index.store import IndexMismatchError, KnowledgeStore
from bot.ingest.pipeline import discover
from bot.service import UpwardService

GUIDE = """---
title: Responding to residents
---
# Responding to residents
## Response times
Aim to answer public messages within four hours during office hours.

## Tone
Be warm, plain and factual. Thank people for reporting problems.
"""
CSV = (
    "id,claim,figure,unit,year,publisher,title,url\n"  # kind and strength are Upward's to set
    "E1,Residents expect answers within 4 hours.,4,hours,2024,Survey Co,Expectations,https://e.example\n"
)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "kb"
    (folder / "guidance").mkdir(parents=True)
    (folder / "evidence").mkdir()
    (folder / "guidance" / "respond.md").write_text(GUIDE)
    (folder / "evidence" / "facts.csv").write_text(CSV)
    (folder / "guidance" / "README.md").write_text("# Notes for maintainers")
    return folder


def test_discover_skips_readmes_hidden_and_unsupported_files(corpus):
    (corpus / ".hidden").mkdir()
    (corpus / ".hidden" / "x.md").write_text("# hidden")
    (corpus / "data.xlsx").write_bytes(b"PK")
    assert [p.name for p in discover([corpus])] == ["facts.csv", "respond.md"]


def test_ingest_is_idempotent_and_replaces_changed_files(corpus, make_settings):
    service = UpwardService(make_settings())
    first = service.ingest([corpus])
    assert {r.status for r in first.results} == {"added"}
    assert first.index_chunks == service.store.count() == len(service.store.bm25) > 0

    again = service.ingest([corpus])
    assert {r.status for r in again.results} == {"unchanged"} and again.chunks_added == 0

    path = corpus / "guidance" / "respond.md"
    path.write_text(GUIDE.replace("four hours", "two hours"))
    changed = service.ingest([corpus])
    by_name = {r.source.rsplit("/", 1)[-1]: r for r in changed.results}
    assert by_name["respond.md"].status == "updated"
    assert by_name["respond.md"].added == 1 and by_name["respond.md"].removed == 1
    texts = [c.text for c in service.store.all_chunks()]
    assert any("two hours" in t for t in texts) and not any("four hours" in t for t in texts)
    assert service.store.count() == first.index_chunks


def test_removed_files_are_pruned(corpus, make_settings):
    service = UpwardService(make_settings())
    service.ingest([corpus])
    (corpus / "evidence" / "facts.csv").unlink()
    report = service.ingest([corpus], prune=True)
    removed = [r for r in report.results if r.status == "removed"]
    assert len(removed) == 1 and removed[0].source.endswith("evidence/facts.csv")
    assert not any("E1" in c.text for c in service.store.all_chunks())
    assert service.store.bm25.search("residents expect answers", 5)  # BM25 rebuilt, still works


def test_a_bad_file_is_reported_and_the_others_still_ingest(corpus, make_settings):
    (corpus / "guidance" / "broken.pdf").write_bytes(b"%PDF-1.7 truncated garbage")
    (corpus / "guidance" / "empty.md").write_text("   \n")
    service = UpwardService(make_settings())
    report = service.ingest([corpus])
    failed = {r.source.rsplit("/", 1)[-1]: r.reason for r in report.failed}
    assert set(failed) == {"broken.pdf", "empty.md"}
    assert all(failed.values())
    sources = {c.metadata["source"].split("#")[0].rsplit("/", 1)[-1] for c in service.store.all_chunks()}
    assert sources == {"respond.md", "facts.csv"}
    assert not service.own_store.manifest.get(str((corpus / "guidance" / "broken.pdf").resolve()))


def test_oversized_file_is_refused_before_reading(corpus, make_settings):
    service = UpwardService(make_settings(max_file_mb=0.0001))
    report = service.ingest([corpus / "guidance" / "respond.md"])
    assert report.results[0].status == "failed"
    assert "over the" in report.results[0].reason and service.store.count() == 0


def test_a_failure_while_storing_leaves_the_old_version_intact(corpus, make_settings, monkeypatch):
    service = UpwardService(make_settings())
    service.ingest([corpus])
    before = sorted(c.text for c in service.store.all_chunks())
    (corpus / "guidance" / "respond.md").write_text(GUIDE.replace("warm", "kind"))

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(service.own_store.vectors, "add_texts", boom)
    report = service.ingest([corpus])
    failed = report.failed
    assert len(failed) == 1 and "disk full" in failed[0].reason
    assert sorted(c.text for c in service.store.all_chunks()) == before


def test_an_index_built_by_another_embedder_is_refused(make_settings):
    settings = make_settings()
    service = UpwardService(settings)
    service.store  # creates the collection, recording the local embedder
    with pytest.raises(IndexMismatchError, match="built with the embedder 'all-MiniLM-L6-v2-int8-onnx'"):
        KnowledgeStore(settings, make_embeddings(settings), "openai:text-embedding-3-small")
    assert embedder_id(settings) == "all-MiniLM-L6-v2-int8-onnx"


def test_shipped_knowledge_is_synced_once_per_service(corpus, make_settings):
    settings = make_settings(knowledge_dir=corpus)
    first = UpwardService(settings)
    assert first.ensure_knowledge() is not None and first.store.count() > 0
    assert first.ensure_knowledge() is None  # once per service: never on the answer hot path

    assert UpwardService(settings).ensure_knowledge() is None  # nothing changed on disk
    (corpus / "guidance" / "respond.md").write_text(GUIDE.replace("four hours", "one hour"))
    (corpus / "evidence" / "facts.csv").unlink()
    report = UpwardService(settings).ensure_knowledge()
    assert report is not None
    assert {r.source.rsplit("/", 1)[-1]: r.status for r in report.results} == {
        "respond.md": "updated", "facts.csv": "removed"
    }


def test_reset_empties_vectors_manifest_and_keywords(corpus, make_settings):
    service = UpwardService(make_settings())
    service.ingest([corpus])
    service.own_store.reset()
    assert service.store.count() == 0 and service.own_store.manifest.all() == []
    assert len(service.store.bm25) == 0 and service.store.bm25.search("residents", 3) == []
    again = service.ingest([corpus])
    assert {r.status for r in again.results} == {"added"} and service.store.count() > 0


def test_rebuild_is_the_way_out_of_an_embedder_change(corpus, make_settings):
    from bot.index.store import drop_index

    settings = make_settings()
    UpwardService(settings).ingest([corpus], shared=True)
    other = "openai:text-embedding-3-small"
    with pytest.raises(IndexMismatchError):
        KnowledgeStore(settings, make_embeddings(settings), other)
    drop_index(settings)
    store = KnowledgeStore(settings, make_embeddings(settings), other)
    assert store.count() == 0 and store.manifest.all() == []
