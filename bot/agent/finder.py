"""Finding the evidence a structured answer names in advance, as well as what a search turns up.

A rebuttal playbook names its evidence cards, peer case studies and own-data KPIs; a business
case needs the audit's goals and peer positions. Those are looked up by id in a catalogue of the
stored chunks (no search can miss them), then ranked against the question by embedding
similarity, so the best-fitting card of the named ones is quoted first.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterable

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.index.retriever import HybridRetriever, RetrievedSource
from bot.index.store import KnowledgeStore, StoredChunk

# Words that name a platform in a question → the platform id the audit uses.
PLATFORM_WORDS = {
    "facebook": "facebook",
    "instagram": "instagram",
    "linkedin": "linkedin",
    "twitter": "x",
    "tweet": "x",
    "tweets": "x",
    "x": "x",
    "youtube": "youtube",
    "tiktok": "tiktok",
    "website": "website",
    "web": "website",
    "email": "email",
    "newsletter": "email",
    "google ads": "google_ads",
    "paid search": "all",
}
_AUDIT_ID_RE = re.compile(r"^(?P<prefix>AU|AB|AP|G)-(?P<platform>[a-z_]+?)-(?P<kpi>[a-z_]+?)(?:-(?P<rest>.+))?$")


def platforms_named(text: str) -> list[str]:
    """Platforms a question names ("on Twitter" → x), in the order they appear."""
    lowered = text.casefold()
    found = []
    for word, platform in PLATFORM_WORDS.items():
        match = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lowered)
        if match and (word != "x" or re.search(r"\b(?:on|use|using|of)\s+x\b", lowered)):
            found.append((match.start(), platform))
    return list(dict.fromkeys(p for _, p in sorted(found)))


class EvidenceFinder:
    def __init__(self, store: KnowledgeStore, retriever: HybridRetriever, embeddings: Embeddings) -> None:
        self.store = store
        self.retriever = retriever
        self.embeddings = embeddings
        self._lock = threading.Lock()
        self._chunks: list[StoredChunk] | None = None

    def invalidate(self) -> None:
        """Forget the catalogue after the index changed (ingest, audit, listening import)."""
        with self._lock:
            self._chunks = None

    @property
    def chunks(self) -> list[StoredChunk]:
        with self._lock:
            if self._chunks is None:
                self._chunks = self.store.all_chunks()
            return self._chunks

    # --- search ---------------------------------------------------------------------------------
    def search(self, query: str, kinds: Collection[str] | None = None, k: int = 5) -> list[RetrievedSource]:
        return self.retriever.retrieve(query, k=k, kinds=kinds)

    def rank(self, query: str, chunks: Iterable[StoredChunk]) -> list[RetrievedSource]:
        """Chunks as sources, most similar to `query` first (similarity is the cosine)."""
        chunks = list({c.id: c for c in chunks}.values())
        if not chunks:
            return []
        q = np.asarray(self.embeddings.embed_query(query))
        vectors = self.store.embeddings_of([c.id for c in chunks])
        ranked = []
        for chunk in chunks:
            e = np.asarray(vectors.get(chunk.id, np.zeros_like(q)))
            sim = float(q @ e / ((np.linalg.norm(q) * np.linalg.norm(e)) or 1.0))
            ranked.append(RetrievedSource(chunk, sim, sim))
        return sorted(ranked, key=lambda s: s.similarity, reverse=True)

    # --- lookups by id --------------------------------------------------------------------------
    def facts(self, ids: Iterable[str]) -> list[StoredChunk]:
        """Evidence cards, audit or public facts by their fact id, in the order asked."""
        by_id = {str(c.metadata.get("fact_id")): c for c in self.chunks if c.metadata.get("fact_id")}
        return [by_id[i] for i in ids if i in by_id]

    def document(self, stem_or_source: str, section: str | None = None) -> list[StoredChunk]:
        """Chunks of one knowledge file (by its source path or file stem), optionally only those
        under an H2 heading, in document order."""
        def matches(chunk: StoredChunk) -> bool:
            source = str(chunk.metadata.get("source", ""))
            file = source.rsplit("/", 1)[-1]
            return source == stem_or_source or file.rsplit(".", 1)[0] == stem_or_source

        found = [c for c in self.chunks if matches(c)]
        if section is not None:
            found = [
                c for c in found
                if str(c.metadata.get("section", "")).rsplit(" › ", 1)[-1].casefold() == section.casefold()
            ]
        return sorted(found, key=lambda c: int(c.metadata.get("position", 0)))

    def audit_facts(
        self,
        kpis: Iterable[str],
        *,
        prefixes: Collection[str] = ("AU",),
        platforms: Collection[str] = (),
        period: str = "L12",
    ) -> list[StoredChunk]:
        """The active audit's facts about `kpis` (in that order): for each KPI the named
        platforms' facts first, then all platforms together, then any one platform; AU facts
        only for the trailing twelve months."""
        parsed = []
        for chunk in self.chunks:
            if chunk.metadata.get("kind") != "audit":
                continue
            match = _AUDIT_ID_RE.match(str(chunk.metadata.get("fact_id", "")))
            if match and match["prefix"] in prefixes:
                if match["prefix"] == "AU" and not (match["rest"] or "").startswith(period):
                    continue
                parsed.append((match, chunk))
        out: list[StoredChunk] = []
        for kpi in kpis:
            mine = [(m, c) for m, c in parsed if m["kpi"] == kpi]
            order = {p: i for i, p in enumerate([*platforms, "all"])}
            mine.sort(key=lambda mc: (order.get(mc[0]["platform"], len(order)), mc[0]["prefix"], mc[1].id))
            out += [c for _, c in mine if c not in out]
        return out
