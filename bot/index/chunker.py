"""Split loaded documents into retrieval chunks that fit the embedding model.

Each chunk starts with its context line ("Title › Heading › Subheading") so that both the dense
and the BM25 retriever see where the text sits, and carries that heading path in its metadata.
Chunk ids are content hashes, which makes re-ingesting unchanged text a no-op.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from langchain_text_splitters import RecursiveCharacterTextSplitter
from pydantic import BaseModel

from bot.ingest.documents import LoadedDocument

MetadataValue = str | int | float | bool


class Chunk(BaseModel):
    id: str
    text: str
    metadata: dict[str, MetadataValue]


def chunk_id(source: str, text: str) -> str:
    return hashlib.sha256(f"{source}\0{text}".encode()).hexdigest()[:32]


def context_line(title: str, heading_path: list[str]) -> str:
    parts = [title] + [h for h in heading_path if h and h != title]
    return " › ".join(parts)


def chunk_document(
    doc: LoadedDocument, *, max_tokens: int, count_tokens: Callable[[str], int]
) -> list[Chunk]:
    """Chunks of at most `max_tokens` wordpieces (context line and [CLS]/[SEP] included)."""
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for position, section in enumerate(doc.sections):
        header = context_line(doc.title, section.heading_path)
        budget = max(32, max_tokens - count_tokens(header) - 3)
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=budget,
            chunk_overlap=min(24, budget // 8),
            length_function=count_tokens,
            # Paragraphs, list items and sentences before line wraps: Markdown is often hard-wrapped.
            separators=["\n\n", ". ", "? ", "! ", "; ", "\n", ", ", " ", ""],
            keep_separator="end",
        )
        for piece in splitter.split_text(section.text):
            piece = piece.strip()
            if not piece:
                continue
            text = f"{header}\n{piece}"
            cid = chunk_id(doc.source, text)
            if cid in seen:  # identical text twice in one document is stored once
                continue
            seen.add(cid)
            metadata: dict[str, MetadataValue] = {
                "kind": doc.kind,
                "title": doc.title,
                "source": doc.source,
                "section": " › ".join(section.heading_path),
                "position": position,
            }
            optional = {
                "page": section.page,
                "publisher": doc.publisher,
                "year": doc.year,
                "url": doc.url,
            }
            metadata.update({k: v for k, v in optional.items() if v not in (None, "")})
            metadata.update({k: v for k, v in doc.extra.items() if v not in (None, "")})
            chunks.append(Chunk(id=cid, text=text, metadata=metadata))
    return chunks
