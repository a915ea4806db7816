"""Business-case eval: does every case cover every section of the method, each cited or saying
which data to gather, framed for the right audience, with every figure verified?

For every task in evals/datasets/cases.jsonl the case is drafted through the answer service with
the configured model (the embedded local model by default), in a fresh temporary data dir with
the shipped knowledge, the sample audit and the sample public comments (or --data-dir), and
scored:

- sections: expected sections present / expected;
- cited: expected sections that cite evidence / expected (the rest must carry a gap note);
- gaps: sections with no evidence that say which data to gather;
- audience: the audience named in the task resolved to the expected profile;
- figures verified: verified figures / all figures.

Run: python evals/case_eval.py [--data-dir DIR] [--json evals/results/cases.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bot.config import load_settings
from bot.service import UpwardService

EVALS_DIR = Path(__file__).resolve().parent
DATASET = EVALS_DIR / "datasets" / "cases.jsonl"
console = Console(width=130)


def score(task: dict, answer, audience_id: str | None) -> dict:
    by_id = {s.id: s for s in answer.sections}
    expected = task["expect_sections"]
    present = [s for s in expected if s in by_id]
    cited = [s for s in present if by_id[s].citations]
    gapped = [s for s in present if not by_id[s].citations and by_id[s].gap]
    return {
        "id": task["id"],
        "sections": len(present) / len(expected),
        "cited": len(cited) / len(expected),
        "covered": (len(cited) + len(gapped)) / len(expected),
        "gaps": len(gapped),
        "audience": audience_id == task.get("audience_id"),
        "citations": len(answer.citations),
        "kinds": sorted({c.kind for c in answer.citations}),
        "figures": len(answer.figures),
        "verified": sum(f.verified for f in answer.figures),
        "mode": answer.mode,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="upward-case-eval-"))
    service = UpwardService(load_settings(data_dir=args.data_dir or tmp / "data"))
    service.ensure_knowledge()
    tasks = [json.loads(line) for line in DATASET.read_text().splitlines() if line.strip()]
    rows = []
    try:
        for task in tasks:
            profile = service.audience(task.get("audience"))
            began = time.perf_counter()
            answer = service.case(audience=task.get("audience"), focus=task.get("focus"))
            row = score(task, answer, profile.id if profile else None)
            row["seconds"] = time.perf_counter() - began
            rows.append(row)
    finally:
        service.close()

    table = Table(title=f"Business cases ({len(rows)} tasks)")
    for col in ("task", "audience ok", "sections", "cited", "cited or gap", "citations", "kinds", "figures verified", "mode", "s"):
        table.add_column(col, justify="left" if col in ("task", "kinds") else "right")
    for r in rows:
        table.add_row(
            r["id"], "yes" if r["audience"] else "[red]no[/]", f"{r['sections']:.2f}", f"{r['cited']:.2f}",
            f"{r['covered']:.2f}", str(r["citations"]), ",".join(r["kinds"]),
            f"{r['verified']}/{r['figures']}", r["mode"], f"{r['seconds']:.1f}",
        )
    figures = sum(r["figures"] for r in rows)
    summary = {
        "tasks": len(rows),
        "sections": statistics.mean(r["sections"] for r in rows),
        "cited": statistics.mean(r["cited"] for r in rows),
        "covered": statistics.mean(r["covered"] for r in rows),
        "audience": sum(r["audience"] for r in rows) / len(rows),
        "figures_verified": sum(r["verified"] for r in rows) / figures if figures else 1.0,
        "median_seconds": statistics.median(r["seconds"] for r in rows),
    }
    table.add_section()
    table.add_row(
        "[bold]all[/]", f"{summary['audience']:.2f}", f"{summary['sections']:.2f}", f"{summary['cited']:.2f}",
        f"{summary['covered']:.2f}", "", "", f"{summary['figures_verified']:.2f}", "",
        f"{summary['median_seconds']:.1f}",
    )
    console.print(table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"summary": summary, "tasks": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
