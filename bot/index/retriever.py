"""Hybrid retrieval: dense (Chroma) and BM25 candidates, min-max normalised and blended by weight.

A weighted blend beat reciprocal-rank fusion on paraphrased questions (see evals/), so the weight
is a setting tuned on the retrieval eval. Every returned source carries its dense cosine
similarity, which is what the relevance floor is judged on.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.index.store import KnowledgeStore, StoredChunk

RetrievalMode = Literal["hybrid", "dense", "bm25"]


@dataclass(frozen=True)
class RetrievedSource:
    chunk: StoredChunk
    score: float  # fused score used for ranking
    similarity: float  # dense cosine similarity to the query, for the relevance floor


def min_max(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    if hi - lo < 1e-12:
        return {k: 1.0 for k in scores}
    return {k: (v - lo) / (hi - lo) for k, v in scores.items()}


def blend(dense: dict[str, float], keyword: dict[str, float], dense_weight: float) -> dict[str, float]:
    """Weighted sum of min-max normalised scores; a candidate missing from one list scores 0 there."""
    d, k = min_max(dense), min_max(keyword)
    return {
        cid: dense_weight * d.get(cid, 0.0) + (1.0 - dense_weight) * k.get(cid, 0.0)
        for cid in set(d) | set(k)
    }


class HybridRetriever:
    def __init__(
        self,
        store: KnowledgeStore,
        embeddings: Embeddings,
        *,
        dense_weight: float = 0.8,
        candidates: int = 50,
    ) -> None:
        self.store = store
        self.embeddings = embeddings
        self.dense_weight = dense_weight
        self.candidates = candidates

    def retrieve(
        self,
        query: str,
        k: int,
        mode: RetrievalMode = "hybrid",
        kinds: Collection[str] | None = None,
    ) -> list[RetrievedSource]:
        """The k best sources for `query`; with `kinds`, only sources of those kinds (searched
        in a wider candidate pool, so a kind with few chunks is not crowded out by the others)."""
        vector = self.embeddings.embed_query(query)
        pool = self.candidates * (4 if kinds else 1)
        dense_hits = self.store.dense_search(vector, pool) if mode != "bm25" else []
        keyword_hits = self.store.bm25.search(query, pool) if mode != "dense" else []
        if kinds:
            wanted = set(kinds)
            dense_hits = [(c, s) for c, s in dense_hits if c.metadata.get("kind") in wanted]
            known = {c.id: c for c, _ in dense_hits}
            unknown = [cid for cid, _ in keyword_hits if cid not in known]
            known.update({c.id: c for c in self.store.get(unknown) if c.metadata.get("kind") in wanted})
            keyword_hits = [(cid, s) for cid, s in keyword_hits if cid in known]

        similarity = {c.id: s for c, s in dense_hits}
        chunks = {c.id: c for c, _ in dense_hits}
        if mode == "dense":
            fused = dict(similarity)
        elif mode == "bm25":
            fused = dict(keyword_hits)
        else:
            fused = blend(similarity, dict(keyword_hits), self.dense_weight)

        top = sorted(fused, key=lambda cid: fused[cid], reverse=True)[:k]
        missing = [cid for cid in top if cid not in chunks]
        chunks.update({c.id: c for c in self.store.get(missing)})
        unscored = [cid for cid in top if cid not in similarity]
        if unscored:
            q = np.asarray(vector)
            for cid, emb in self.store.embeddings_of(unscored).items():
                e = np.asarray(emb)
                similarity[cid] = float(q @ e / (np.linalg.norm(q) * np.linalg.norm(e) or 1.0))
        return [
            RetrievedSource(chunks[cid], fused[cid], similarity.get(cid, 0.0))
            for cid in top
            if cid in chunks
        ]

