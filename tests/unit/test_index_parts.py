from bot.index.bm25 import Bm25Index
from bot.index.chunker import chunk_document, chunk_id, context_line
from bot.index.embedder import MAX_TOKENS, count_wordpieces
from bot.index.retriever import blend, min_max
from bot.ingest.documents import LoadedDocument, Section


def doc(text: str, **kw) -> LoadedDocument:
    return LoadedDocument(
        source="knowledge/guidance/x.md",
        title="Audit",
        kind="guidance",
        sections=[Section(text=text, heading_path=["Audit", "Web analytics"])],
        publisher="Upward",
        year="2026",
        **kw,
    )


def test_chunks_fit_the_embedding_model_and_carry_their_heading_path():
    text = "\n\n".join(f"Paragraph {i}. " + "Sessions and users from GA4 matter. " * 12 for i in range(8))
    chunks = chunk_document(doc(text), max_tokens=MAX_TOKENS, count_tokens=count_wordpieces)
    assert len(chunks) > 3
    for c in chunks:
        assert count_wordpieces(c.text) + 2 <= MAX_TOKENS  # [CLS] and [SEP] included
        assert c.text.startswith("Audit › Web analytics\n")
        assert c.metadata["section"] == "Audit › Web analytics"
        assert c.metadata["kind"] == "guidance" and c.metadata["year"] == "2026"
        assert "page" not in c.metadata  # Chroma rejects None values: absent, not null


def test_chunk_ids_are_content_hashes():
    a = chunk_document(doc("Same text."), max_tokens=256, count_tokens=count_wordpieces)
    b = chunk_document(doc("Same text."), max_tokens=256, count_tokens=count_wordpieces)
    c = chunk_document(doc("Other text."), max_tokens=256, count_tokens=count_wordpieces)
    assert a[0].id == b[0].id != c[0].id
    assert a[0].id == chunk_id("knowledge/guidance/x.md", a[0].text)


def test_extra_provenance_is_kept():
    chunks = chunk_document(
        doc("Claim.", extra={"strength": "second-hand", "counterpoint": True}),
        max_tokens=256,
        count_tokens=count_wordpieces,
    )
    assert chunks[0].metadata["strength"] == "second-hand" and chunks[0].metadata["counterpoint"] is True


def test_context_line_skips_a_heading_equal_to_the_title():
    assert context_line("Audit", ["Audit", "PPC"]) == "Audit › PPC"


def test_bm25_finds_exact_terms_with_stemming(tmp_path):
    index = Bm25Index.build(
        ["a", "b", "c"],
        ["Paid search (PPC) click-through rates", "Email open rates", "Engaging residents online"],
    )
    assert index.search("PPC clicks", 2)[0][0] == "a"
    assert index.search("engagement", 3)[0][0] == "c"  # engaging ~ engagement after stemming
    index.save(tmp_path / "bm25")
    loaded = Bm25Index.load(tmp_path / "bm25")
    assert len(loaded) == 3 and loaded.search("email", 1)[0][0] == "b"
    assert loaded.search("the and of", 3) == []  # only stop words


def test_empty_bm25_index_returns_nothing(tmp_path):
    assert Bm25Index.load(tmp_path / "missing").search("anything", 5) == []


def test_min_max_and_weighted_blend():
    assert min_max({"a": 2.0, "b": 4.0}) == {"a": 0.0, "b": 1.0}
    assert min_max({"a": 3.0}) == {"a": 1.0}
    fused = blend({"a": 0.9, "b": 0.5}, {"b": 10.0, "c": 5.0}, dense_weight=0.8)
    assert fused["a"] == 0.8  # best dense, absent from BM25
    assert abs(fused["b"] - 0.2) < 1e-9  # worst dense, best BM25
    assert fused["c"] == 0.0
