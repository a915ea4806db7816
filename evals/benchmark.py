"""Benchmark: ingest throughput, retrieval latency as the index grows, and answer latency.

a) Ingest the shipped knowledge into a fresh data dir (real embedding, the slow part of ingest).
b) Retrieval latency at 1k / 10k / 100k chunks. Embedding 100k chunks on a CPU takes hours, so
   the larger stores are *synthetic*: the real chunks plus copies of their vectors with small
   Gaussian noise and texts re-mixed from real sentences. That measures the index (Chroma HNSW,
   BM25, fusion), not embedding quality; relevance at those sizes means nothing.
c) Per-node latency of real answers on the configured model (the embedded local model by
   default), plus time to the first streamed token. Skipped with --skip-answer.

Run: python evals/benchmark.py [--sizes 1000,10000,100000] [--skip-answer]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from rich.console import Console
from rich.table import Table

from bot.config import Settings, load_settings
from bot.index.embedder import embedder_id
from bot.index.retriever import HybridRetriever
from bot.index.store import KnowledgeStore
from bot.service import UpwardService

sys.path.insert(0, str(Path(__file__).resolve().parent))
from retrieval_eval import Question, load_questions  # noqa: E402 - sibling script, not a package

ADD_BATCH = 5000  # Chroma rejects very large batches; 5000 is well under its limit
NOISE_SIGMA = 0.02  # per dimension: a 384-d unit vector moves ~0.4 in norm, cosine to its source ~0.93
QUERY_K = 10
MEASURED_QUERIES = 50
WARMUP_QUERIES = 3
NODE_ORDER = ("retrieve", "plan", "draft", "verify", "compose", "respond")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")

console = Console(width=120)


# --- helpers ------------------------------------------------------------------------------------
def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def ms_or_dash(seconds: float | None) -> str:
    return "—" if seconds is None else ms(seconds)


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) if values else float("nan")


def disk_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - started, out


def table(title: str, columns: list[str]) -> Table:
    """A table whose first column is left-aligned and the rest (numbers) right-aligned."""
    t = Table(title=title)
    for i, col in enumerate(columns):
        t.add_column(col, justify="left" if i == 0 else "right")
    return t


# --- a) ingest ----------------------------------------------------------------------------------
@dataclass
class IngestResult:
    files: int
    failed: int
    chunks: int
    seconds: float


def bench_ingest(data_dir: Path) -> tuple[UpwardService, IngestResult]:
    """Ingest the shipped knowledge into an empty data dir (includes loading the embedder)."""
    service = UpwardService(load_settings(data_dir=data_dir))
    started = time.perf_counter()
    report = service.ingest([service.settings.knowledge_dir])
    seconds = time.perf_counter() - started
    result = IngestResult(
        len(report.results) - len(report.failed), len(report.failed), report.index_chunks, seconds
    )
    t = table("a) Ingest of the shipped knowledge (fresh data dir, real embeddings)",
              ["files", "failed", "chunks", "seconds", "chunks/s"])
    t.add_row(str(result.files), str(result.failed), str(result.chunks), f"{seconds:.1f}",
              f"{result.chunks / seconds:.1f}")
    console.print(t)
    return service, result


# --- b) synthetic stores and retrieval latency ---------------------------------------------------
@dataclass
class RealCorpus:
    """The ingested chunks: the seed for synthetic ones."""

    ids: list[str]
    texts: list[str]
    metadatas: list[dict]
    vectors: np.ndarray  # (n, d), L2-normalised
    sentences: list[str]


def real_corpus(store: KnowledgeStore) -> RealCorpus:
    got = store._collection.get(include=["documents", "metadatas", "embeddings"])
    texts = list(got["documents"])
    bodies = [t.split("\n", 1)[-1] for t in texts]  # drop the "Title › Section" context line
    sentences = [s for b in bodies for s in _SENTENCE_RE.split(b) if len(s) > 20]
    return RealCorpus(
        list(got["ids"]), texts, [m or {} for m in got["metadatas"]],
        np.asarray(got["embeddings"], dtype=np.float32), sentences,
    )


def synthetic_batch(
    corpus: RealCorpus, start: int, count: int, rng: np.random.Generator
) -> tuple[list[str], np.ndarray, list[str], list[dict]]:
    """`count` chunks near real ones: a real vector plus noise, and 2-6 real sentences re-mixed."""
    base = rng.integers(0, len(corpus.ids), size=count)
    vectors = corpus.vectors[base] + rng.normal(0.0, NOISE_SIGMA, (count, corpus.vectors.shape[1]))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = [
        " ".join(corpus.sentences[j] for j in rng.choice(len(corpus.sentences), rng.integers(2, 7)))
        for _ in range(count)
    ]
    ids = [f"synthetic-{start + i:07d}" for i in range(count)]
    metas = [
        {"source": f"synthetic/doc-{(start + i) // 8:06d}.md", "kind": "guidance",
         "title": "Synthetic document", "position": (start + i) % 8}
        for i in range(count)
    ]
    return ids, vectors.astype(np.float32), texts, metas


@dataclass
class BuiltStore:
    requested: int
    chunks: int = 0
    vector_s: float = 0.0
    bm25_s: float = 0.0
    disk_bytes: int = 0
    complete: bool = True


def build_store(
    settings: Settings, embeddings: Embeddings, corpus: RealCorpus, size: int, budget_s: float
) -> BuiltStore:
    """Real chunks first, then synthetic ones added straight to Chroma, then BM25 over everything."""
    store = KnowledgeStore(settings, embeddings, embedder_id(settings))
    built = BuiltStore(size)
    rng = np.random.default_rng(size)
    started = time.perf_counter()
    n_real = min(size, len(corpus.ids))
    store._collection.add(
        ids=corpus.ids[:n_real], embeddings=corpus.vectors[:n_real], documents=corpus.texts[:n_real],
        metadatas=corpus.metadatas[:n_real],
    )
    for start in range(0, size - n_real, ADD_BATCH):
        if time.perf_counter() - started > budget_s:
            built.complete = False
            console.print(
                f"[yellow]  {size:,}: build budget of {budget_s:.0f} s spent after "
                f"{store.count():,} chunks; measuring the partial store.[/yellow]"
            )
            break
        ids, vectors, texts, metas = synthetic_batch(
            corpus, start, min(ADD_BATCH, size - n_real - start), rng
        )
        store._collection.add(ids=ids, embeddings=vectors, documents=texts, metadatas=metas)
    built.vector_s = time.perf_counter() - started
    started = time.perf_counter()
    store.rebuild_keyword_index()
    built.bm25_s = time.perf_counter() - started
    built.chunks = store.count()
    return built


@dataclass
class Latency:
    embed: list[float] = field(default_factory=list)
    dense: list[float] = field(default_factory=list)
    bm25: list[float] = field(default_factory=list)
    hybrid: list[float] = field(default_factory=list)


def measure_queries(settings: Settings, embeddings: Embeddings, questions: list[Question]) -> Latency:
    """Reopen the store as a restarted server would (BM25 memory-mapped from disk), then time it.

    The hybrid time is what the answer graph's retrieve node pays: query embedding, dense
    search, BM25 search, fusion, and fetching any chunks only BM25 found.
    """
    store = KnowledgeStore(settings, embeddings, embedder_id(settings))
    retriever = HybridRetriever(
        store, embeddings, dense_weight=settings.dense_weight, candidates=settings.candidates
    )
    for q in questions[-WARMUP_QUERIES:]:
        retriever.retrieve(q.question, k=QUERY_K)
    lat = Latency()
    for q in questions[:MEASURED_QUERIES]:
        seconds, vector = timed(embeddings.embed_query, q.question)
        lat.embed.append(seconds)
        lat.dense.append(timed(store.dense_search, vector, settings.candidates)[0])
        lat.bm25.append(timed(store.bm25.search, q.question, settings.candidates)[0])
        lat.hybrid.append(timed(retriever.retrieve, q.question, k=QUERY_K)[0])
    return lat


def bench_size(
    size: int, embeddings: Embeddings, corpus: RealCorpus, questions: list[Question], budget_s: float
) -> tuple[BuiltStore, Latency]:
    """Build one synthetic store in its own temp dir, time queries on it, then delete it."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"upward-bench-{size}-"))
    try:
        settings = load_settings(data_dir=data_dir)
        built = build_store(settings, embeddings, corpus, size, budget_s)
        latency = measure_queries(settings, embeddings, questions)
        built.disk_bytes = disk_size(data_dir)
        return built, latency
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def print_retrieval(results: list[tuple[BuiltStore, Latency]], n_real: int) -> None:
    console.print(
        f"[bold]b) Retrieval latency.[/bold] Stores hold the {n_real} real chunks plus SYNTHETIC ones "
        f"(real vectors + Gaussian noise σ={NOISE_SIGMA}/dim, re-normalised; texts re-mixed from real "
        "sentences). This measures the index — Chroma HNSW, BM25, fusion — not embedding quality."
    )
    build = table("Build (synthetic stores)",
                  ["chunks", "vectors (s)", "BM25 (s)", "total (s)", "chunks/s", "disk"])
    for b, _ in results:
        total = b.vector_s + b.bm25_s
        label = f"{b.chunks:,}" + ("" if b.complete else f" (of {b.requested:,}: budget hit)")
        build.add_row(label, f"{b.vector_s:.1f}", f"{b.bm25_s:.1f}", f"{total:.1f}",
                      f"{b.chunks / total:,.0f}", human_bytes(b.disk_bytes))
    console.print(build)
    lat = table(
        f"Query latency, ms over {MEASURED_QUERIES} real questions after {WARMUP_QUERIES} warm-ups "
        f"(k={QUERY_K})",
        ["chunks", "embed p50", "embed p95", "dense p50", "dense p95", "BM25 p50", "BM25 p95",
         "hybrid p50", "hybrid p95"],
    )
    for b, q in results:
        row = [f"{b.chunks:,}"]
        for values in (q.embed, q.dense, q.bm25, q.hybrid):
            row += [ms(percentile(values, 50)), ms(percentile(values, 95))]
        lat.add_row(*row)
    console.print(lat)
    console.print(
        "embed = query embedding alone; dense/BM25 = each search alone (candidates per retriever); "
        "hybrid = the whole retrieve() call, embedding included."
    )


# --- c) answer latency --------------------------------------------------------------------------
@dataclass
class AnswerRun:
    question: str
    mode: str
    total_s: float
    timings: dict[str, float]


def answer_questions(questions: list[Question]) -> list[Question]:
    """One question of each kind leaders ask most: a paraphrase, a statistic, an objection."""
    picked = []
    for qtype in ("paraphrase", "statistic", "objection"):
        picked += [q for q in questions if q.type == qtype][:1]
    return picked


def run_answer(service: UpwardService, question: str) -> AnswerRun:
    seconds, state = timed(service.run, question)
    return AnswerRun(question, state["answer"].mode, seconds, dict(state.get("timings", {})))


@dataclass
class StreamRun:
    question: str
    first_status_s: float | None  # first progress event: when the user first sees something
    first_token_s: float | None
    total_s: float
    tokens: int
    outcome: str


def run_stream(service: UpwardService, question: str) -> StreamRun:
    """Times from the call to the first `status`, the first `token` and the end of the stream."""
    started = time.perf_counter()
    first: dict[str, float] = {}
    tokens, outcome = 0, "no done event"
    for event in service.stream(question):
        first.setdefault(event.event, time.perf_counter() - started)
        if event.event == "token":
            tokens += 1
        elif event.event == "done":
            outcome = f"done ({event.data.get('mode')})"
        elif event.event == "error":
            outcome = f"error: {event.data.get('message')}"
    return StreamRun(
        question, first.get("status"), first.get("token"), time.perf_counter() - started, tokens, outcome
    )


def print_answers(startup_s: float, runs: list[AnswerRun], stream: StreamRun, model: str) -> None:
    console.print(f"[bold]c) Answer latency[/bold] on {model}; model start + graph build: {startup_s:.1f} s")
    cols = ["node (ms)"] + [f"Q{i + 1}" for i in range(len(runs))] + ["mean (runs)"]
    t = table("Per-node latency of one answer (state['timings'])", cols)
    for node in NODE_ORDER:
        values = [r.timings.get(node) for r in runs]
        ran = [v for v in values if v is not None]
        if not ran:
            continue
        cells = [ms(v) if v is not None else "—" for v in values]
        t.add_row(node, *cells, f"{ms(statistics.fmean(ran))} ({len(ran)}/{len(runs)})")
    t.add_row("total (wall)", *(ms(r.total_s) for r in runs),
              ms(statistics.fmean(r.total_s for r in runs)))
    t.add_row("mode", *(r.mode for r in runs), "")
    console.print(t)
    for i, r in enumerate(runs, 1):
        console.print(f"  Q{i}: {r.question}")
    s = table("Streaming (service.stream)",
              ["question", "first status (ms)", "first token (ms)", "total (ms)", "tokens", "outcome"])
    s.add_row(stream.question, ms_or_dash(stream.first_status_s), ms_or_dash(stream.first_token_s),
              ms(stream.total_s), str(stream.tokens), stream.outcome)
    console.print(s)
    console.print(
        "Token events are emitted by the respond node, after verification, so the first token "
        "arrives once the verified answer exists."
    )


def bench_answers(data_dir: Path, questions: list[Question]) -> None:
    """Real answers on the configured chat model; the service (and its local server) is closed after."""
    service = UpwardService(load_settings(data_dir=data_dir))
    try:
        started = time.perf_counter()
        service.ensure_knowledge()
        _ = service.graph  # starts the chat model (the local llama.cpp server by default)
        startup_s = time.perf_counter() - started
        picked = answer_questions(questions)
        runs = [run_answer(service, q.question) for q in picked]
        streamed = next(q for q in questions if q.type == "keyword" and q not in picked)
        stream = run_stream(service, streamed.question)
        print_answers(startup_s, runs, stream, service.chat.name)
    finally:
        service.close()


# --- main ---------------------------------------------------------------------------------------
def parse_sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("1000,10000,100000"),
                        help="store sizes in chunks, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--build-budget", type=float, default=420.0,
                        help="seconds allowed to build one synthetic store before measuring it as is")
    parser.add_argument("--skip-answer", action="store_true", help="skip c) (no language model)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    questions = load_questions()
    started = time.perf_counter()
    console.print(f"Upward benchmark — {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="upward-bench-ingest-") as tmp:
        service, _ = bench_ingest(Path(tmp))
        corpus = real_corpus(service.store)
        results = []
        for size in args.sizes:
            console.print(f"  building {size:,} chunks …")
            results.append(bench_size(size, service.embeddings, corpus, questions, args.build_budget))
        if results:
            print_retrieval(results, len(corpus.ids))
        if not args.skip_answer:
            bench_answers(Path(tmp), questions)
    console.print(f"Done in {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
