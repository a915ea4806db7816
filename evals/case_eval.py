"""Business-case eval: which sections of the method does each case support with evidence, and
which only say what data to gather — framed for the right audience?

For every task in evals/datasets/cases.jsonl the case is drafted through the answer graph with
the configured model (the embedded local model by default), in a fresh temporary data dir with
the shipped knowledge, the sample audit and the sample public comments (or --data-dir). Each
expected section is exactly one of:

- evidence: it cites a source that is evidence — an evidence card, a peer case, an audit fact or
  a public-comment fact;
- guidance only: it cites only Upward's own guidance (advice, not evidence);
- gap note only: it cites nothing and says which data to gather;
- empty: it is present but cites nothing and has no gap note (a failure);
- missing: it is not in the case at all (a failure).

"Sections present" is not reported on its own: every section without evidence carries a gap note,
so it is 1.00 by construction. Nor is "figures verified": respond refuses anything unverified.
The model's drafts before repair are reported instead (evals/drafts.py).

Run: python evals/case_eval.py [--data-dir DIR] [--json evals/results/cases.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.table import Table

if __package__ in (None, ""):  # run as a script (python evals/case_eval.py): the project root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import load_settings  # noqa: E402
from bot.contract import Answer  # noqa: E402
from bot.service import UpwardService  # noqa: E402
from evals.drafts import collect, print_drafts  # noqa: E402

EVALS_DIR = Path(__file__).resolve().parent
DATASET = EVALS_DIR / "datasets" / "cases.jsonl"
ADVICE_KINDS = frozenset({"guidance"})  # Upward's own advice: cited, but not evidence
Support = Literal["evidence", "guidance only", "gap note only", "empty", "missing"]
SUPPORT: tuple[Support, ...] = ("evidence", "guidance only", "gap note only", "empty", "missing")
console = Console(width=140)


def support(answer: Answer, section_id: str) -> Support:
    """How one expected section of a case stands: on evidence, on advice, on a gap note, or not at all."""
    section = next((s for s in answer.sections if s.id == section_id), None)
    if section is None:
        return "missing"
    kinds = {c.kind for c in answer.citations if c.n in section.citations}
    if kinds - ADVICE_KINDS:
        return "evidence"
    if kinds:
        return "guidance only"
    return "gap note only" if section.gap else "empty"


def score(task: dict, answer: Answer, audience_id: str | None) -> dict:
    expected = task["expect_sections"]
    by_section = {s: support(answer, s) for s in expected}
    counts = Counter(by_section.values())
    return {
        "id": task["id"],
        "audience": audience_id == task.get("audience_id"),
        "expected": len(expected),
        **{kind: counts[kind] / len(expected) for kind in SUPPORT},
        "sections": by_section,
        "kinds": sorted({c.kind for c in answer.citations}),
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
    rows, states = [], []
    try:
        for task in tasks:
            profile = service.audience(task.get("audience"))
            focus = (task.get("focus") or "").strip() or None
            began = time.perf_counter()
            state = service.run(
                focus or "investing in social media for a public service",
                flow="case", audience=profile, focus=focus,
            )
            states.append(state)
            row = score(task, state["answer"], profile.id if profile else None)
            row["seconds"] = time.perf_counter() - began
            rows.append(row)
    finally:
        service.close()

    table = Table(title=f"Business cases ({len(rows)} tasks): share of the expected sections that stand on …")
    for col in ("task", "audience ok", *SUPPORT, "kinds cited", "mode", "s"):
        table.add_column(col, justify="left" if col in ("task", "kinds cited") else "right")
    for r in rows:
        table.add_row(
            r["id"], "yes" if r["audience"] else "[red]no[/]", *(f"{r[kind]:.2f}" for kind in SUPPORT),
            ",".join(r["kinds"]), r["mode"], f"{r['seconds']:.1f}",
        )
    summary = {
        "tasks": len(rows),
        "audience": sum(r["audience"] for r in rows) / len(rows),
        **{kind: statistics.mean(r[kind] for r in rows) for kind in SUPPORT},
        "median_seconds": statistics.median(r["seconds"] for r in rows),
    }
    table.add_section()
    table.add_row(
        "[bold]all[/]", f"{summary['audience']:.2f}", *(f"{summary[kind]:.2f}" for kind in SUPPORT),
        "", "", f"{summary['median_seconds']:.1f}",
    )
    console.print(table)
    by_section: dict[str, Counter] = {}
    for r in rows:
        for section, kind in r["sections"].items():
            by_section.setdefault(section, Counter())[kind] += 1
    per = Table(title="Per section: how many cases support it with …")
    for col in ("section", *SUPPORT):
        per.add_column(col, justify="left" if col == "section" else "right")
    for section, counts in by_section.items():
        per.add_row(section, *(str(counts[kind]) for kind in SUPPORT))
    console.print(per)
    drafts = collect(states, service.chat.name)
    print_drafts(console, drafts, "business cases")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(
            {"summary": summary, "drafts": [d.as_dict() for d in drafts], "tasks": rows}, indent=2
        ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
