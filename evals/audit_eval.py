"""Audit eval and benchmark: how long an audit takes, stage by stage, whether questions about the
organisation's own numbers are answered from the right audit facts, and how often the model's
draft fails the verifier before repair.

Runs the sample audit (knowledge/sample) into a fresh temporary data dir (or --data-dir), timing
import, KPIs, benchmarks + goals + facts, charts, and indexing the facts. Then asks every question
in evals/datasets/audit.jsonl through the answer service with the configured model (the embedded
local model by default) and scores:

- retrieved@k: an expected fact is among the first k retrieved sources;
- cited: the answer cites an expected fact (a fact id containing one of the expected strings);
- own data: the answer cites at least one audit fact;
- the model's drafts before repair (evals/drafts.py): the share that failed the verifier, the
  sentences repair dropped, the drafts composed over. "Figures verified" on the final answers is
  not reported: respond refuses anything unverified, so it would be 1.00 by construction.

Run: python evals/audit_eval.py [--data-dir DIR] [--k 5] [--json evals/results/audit.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

if __package__ in (None, ""):  # run as a script (python evals/audit_eval.py): the project root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.audit.benchmarks import compare_published, load_peers, load_published, position  # noqa: E402
from bot.audit.charts import render_charts  # noqa: E402
from bot.audit.engine import compute_kpis  # noqa: E402
from bot.audit.facts import build_facts  # noqa: E402
from bot.audit.goals import propose_goals  # noqa: E402
from bot.audit.importer import import_exports  # noqa: E402
from bot.audit.runner import display_names, expand_exports  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.service import UpwardService  # noqa: E402
from evals.drafts import collect, print_drafts  # noqa: E402

EVALS_DIR = Path(__file__).resolve().parent
DATASET = EVALS_DIR / "datasets" / "audit.jsonl"
console = Console(width=120)


def timed(label: str, timings: dict[str, float], work):
    started = time.perf_counter()
    result = work()
    timings[label] = time.perf_counter() - started
    return result


def stage_timings(settings, tmp: Path) -> tuple[dict[str, float], dict[str, int]]:
    """Each stage of the pure audit pipeline on the sample, timed on its own."""
    sample = settings.sample_dir
    files = expand_exports([sample / "exports"])
    peers = sample / "peers.csv"
    published = settings.knowledge_dir / "benchmarks" / "published.csv"
    names = display_names(files, peers, None)
    t: dict[str, float] = {}
    table = timed("import exports", t, lambda: import_exports(files, names=names))
    results = timed("compute KPIs", t, lambda: compute_kpis(table))

    def compare():
        positions = position(results, load_peers(peers))
        comparisons = compare_published(results, load_published(published))
        goals = propose_goals(results, positions, comparisons)
        return positions, build_facts(results, positions, comparisons, goals)

    positions, facts = timed("benchmarks, goals, facts", t, compare)
    charts = timed("charts (PNG + SVG)", t, lambda: render_charts(results, positions, tmp / "charts"))
    counts = {
        "files": len(files), "observations": len(table.observations),
        "KPI values": len(results.values), "facts": len(facts), "charts": len(charts),
    }
    return t, counts


def first_hit(ids: list[str], expect: list[str]) -> int | None:
    return next((i + 1 for i, fact_id in enumerate(ids) if any(e in fact_id for e in expect)), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="upward-audit-eval-"))
    settings = load_settings(data_dir=args.data_dir or tmp / "data")

    stages, counts = stage_timings(settings, tmp)
    service = UpwardService(settings)
    started = time.perf_counter()
    service.ensure_knowledge()  # knowledge, then the sample audit: import → … → index facts
    first_start = time.perf_counter() - started

    table = Table(title="Audit pipeline on the sample (24 months, 17 files)")
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    for label, seconds in stages.items():
        table.add_row(label, f"{seconds:.2f}")
    table.add_row("first start: knowledge ingest + whole audit + indexing", f"{first_start:.1f}")
    console.print(table)
    console.print(", ".join(f"{v:,} {k}" for k, v in counts.items())
                  + f"; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    questions = [json.loads(line) for line in DATASET.read_text().splitlines() if line.strip()]
    rows, states = [], []
    try:
        for q in questions:
            retrieved = service.retriever.retrieve(q["question"], k=settings.top_k)
            retrieved_ids = [str(s.chunk.metadata.get("fact_id", "")) for s in retrieved]
            began = time.perf_counter()
            state = service.run(q["question"])
            seconds = time.perf_counter() - began
            states.append(state)
            answer = state["answer"]
            cited = [c.id for c in answer.citations]
            cited_facts = [str(c.metadata.get("fact_id", "")) for c in service.store.get(cited)]
            rows.append({
                "question": q["question"],
                "rank": first_hit(retrieved_ids, q["expect"]),
                "cited": first_hit(cited_facts, q["expect"]) is not None,
                "own_data": any(c.kind == "audit" for c in answer.citations),
                "mode": answer.mode,
                "seconds": seconds,
            })
    finally:
        service.close()

    detail = Table(title="Questions about our own numbers")
    for col in ("question", "rank", "cited", "own data", "mode", "s"):
        detail.add_column(col, overflow="fold")
    for r in rows:
        detail.add_row(r["question"], str(r["rank"] or "–"), "yes" if r["cited"] else "no",
                       "yes" if r["own_data"] else "no", r["mode"], f"{r['seconds']:.1f}")
    console.print(detail)
    n = len(rows)
    summary = {
        "questions": n,
        f"retrieved@{args.k}": sum(1 for r in rows if r["rank"] and r["rank"] <= args.k) / n,
        "cited expected fact": sum(r["cited"] for r in rows) / n,
        "cites own data": sum(r["own_data"] for r in rows) / n,
        "answer seconds (median)": statistics.median(r["seconds"] for r in rows),
    }
    totals = Table(title="Summary")
    totals.add_column("measure")
    totals.add_column("value", justify="right")
    for key, value in summary.items():
        totals.add_row(key, f"{value:.2f}" if isinstance(value, float) else str(value))
    console.print(totals)
    drafts = collect(states, service.chat.name)
    print_drafts(console, drafts, "answers about our own numbers")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"stages": stages, "counts": counts, "first_start": first_start,
                                         "summary": summary, "drafts": [d.as_dict() for d in drafts],
                                         "questions": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
