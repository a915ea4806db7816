"""Objection eval: is the objection recognised, and is the rebuttal built on verified evidence?

For every phrasing in evals/datasets/objections.jsonl and the independently written
objections_holdout.jsonl, the detector's type is compared with the expected one ("none" for
ordinary questions; an "unclear" decision counts as wrong). The holdout is reported only on the
phrasings that share no word 4-gram with any exemplar the detector compares against
(evals/independence.py); the first set was written alongside the exemplars, so its accuracy on
its own independent part is printed too. Unless --detect-only, each phrasing of the first set is
then answered through the answer service with the configured model (the embedded local model by
default), and the answers are scored:

- own data: the answer cites at least one of the organisation's audit facts;
- external: the answer cites at least one evidence card;
- the model's drafts before repair (evals/drafts.py): how many failed the verifier, how many
  sentences repair dropped, how many were composed instead. "Figures verified" on the final
  answers is not reported: respond refuses anything unverified, so it is 1.00 by construction.

The rehearsal scorer is checked against evals/datasets/rehearsal.jsonl (expected verdict per
criterion). Runs in a fresh temporary data dir (the shipped knowledge and the sample audit) unless
--data-dir is given.

Run: python evals/objection_eval.py [--detect-only] [--limit N] [--json evals/results/objections.json]
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

from rich.console import Console
from rich.table import Table

if __package__ in (None, ""):  # run as a script (python evals/objection_eval.py): the project root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.agent.objections import NONE, ObjectionDetector  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.service import UpwardService  # noqa: E402
from evals.drafts import collect, print_drafts  # noqa: E402
from evals.independence import Independence, split_by_overlap  # noqa: E402

EVALS_DIR = Path(__file__).resolve().parent
SETS = {
    "objections": EVALS_DIR / "datasets" / "objections.jsonl",
    "holdout": EVALS_DIR / "datasets" / "objections_holdout.jsonl",
}
REHEARSAL = EVALS_DIR / "datasets" / "rehearsal.jsonl"
console = Console(width=130)


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def independent(detector: ObjectionDetector, path: Path) -> Independence:
    """The phrasings of `path` that share no word 4-gram with any of the detector's exemplars."""
    return split_by_overlap(read(path), detector.texts)


def accuracy(detector: ObjectionDetector, rows: list[dict]) -> float:
    """Exact routing accuracy: the detected type (or "none") equals the expected one."""
    return sum((detector.detect(r["text"]).type or NONE) == r["type"] for r in rows) / len(rows)


def detection_table(service: UpwardService, name: str, rows: list[dict]) -> dict:
    per_type: dict[str, list[bool]] = {}
    confusions: Counter = Counter()
    unclear = 0
    started = time.perf_counter()
    for row in rows:
        found = service.detector.detect(row["text"])
        got = found.type or NONE
        row["detected"], row["confidence"] = got, found.confidence
        per_type.setdefault(row["type"], []).append(got == row["type"])
        unclear += got == "unclear"
        if got != row["type"]:
            confusions[(row["type"], got)] += 1
    ms = (time.perf_counter() - started) / len(rows) * 1000
    table = Table(title=f"Objection detection: {name} ({len(rows)} phrasings)")
    for col in ("type", "n", "accuracy"):
        table.add_column(col, justify="left" if col == "type" else "right")
    for kind, hits in sorted(per_type.items()):
        table.add_row(kind, str(len(hits)), f"{sum(hits) / len(hits):.2f}")
    right = sum(h for hits in per_type.values() for h in hits)
    objections = [h for kind, hits in per_type.items() if kind != NONE for h in hits]
    table.add_section()
    table.add_row("[bold]all[/]", str(len(rows)), f"[bold]{right / len(rows):.3f}[/]")
    table.add_row("objections only", str(len(objections)), f"{sum(objections) / len(objections):.3f}")
    console.print(table)
    console.print(
        f"unclear (asks which worry): {unclear}; {ms:.0f} ms per detection; "
        f"most common confusions: {', '.join(f'{a}→{b} {n}' for (a, b), n in confusions.most_common(5))}"
    )
    return {"accuracy": right / len(rows), "objection_accuracy": sum(objections) / len(objections),
            "unclear": unclear, "ms_per_detection": ms}


def answer_table(service: UpwardService, rows: list[dict]) -> dict:
    scored, states, refused = [], [], []
    for row in rows:
        began = time.perf_counter()
        try:
            state = service.run(row["text"])
        except RuntimeError as exc:  # respond refuses an answer it cannot verify: a failure, counted
            refused.append({"text": row["text"], "type": row["type"], "error": str(exc)})
            continue
        answer = state["answer"]
        states.append(state)
        kinds = {c.kind for c in answer.citations}
        scored.append({
            "type": row["type"], "flow": answer.flow, "mode": answer.mode, "own": "audit" in kinds,
            "external": "evidence" in kinds, "seconds": time.perf_counter() - began,
        })
    rebuttals = [s for s in scored if s["type"] != NONE]
    drafts = collect(states, service.chat.name)
    result = {
        "answers": len(scored),
        "refused": refused,
        "own_data": sum(s["own"] for s in rebuttals) / len(rebuttals),
        "external": sum(s["external"] for s in rebuttals) / len(rebuttals),
        "both": sum(s["own"] and s["external"] for s in rebuttals) / len(rebuttals),
        "drafts": [d.as_dict() for d in drafts],
        "median_seconds": statistics.median(s["seconds"] for s in scored),
    }
    table = Table(title=f"Rebuttals ({len(rebuttals)} objections, model {service.chat.name})")
    for col in ("cites own data", "cites external evidence", "both", "median answer"):
        table.add_column(col, justify="right")
    table.add_row(
        f"{result['own_data']:.2f}", f"{result['external']:.2f}", f"{result['both']:.2f}",
        f"{result['median_seconds']:.1f} s",
    )
    console.print(table)
    if refused:
        console.print(f"[red]{len(refused)} of {len(rows)} phrasings got no answer (refused as unverified):[/red] "
                      + "; ".join(r["text"][:60] for r in refused[:5]))
    print_drafts(console, drafts, "rebuttals and answers")
    return result


def rehearsal_table(service: UpwardService) -> dict:
    rows = read(REHEARSAL)
    agree: dict[str, list[bool]] = {}
    for row in rows:
        card = service.score_reply(objection=row["objection"], reply=row["reply"])
        for criterion in card.criteria:
            agree.setdefault(criterion.id, []).append(criterion.passed == row["expect"][criterion.id])
    table = Table(title=f"Rehearsal scorer against {len(rows)} hand-scored replies")
    table.add_column("criterion")
    table.add_column("agreement", justify="right")
    for cid, hits in agree.items():
        table.add_row(cid, f"{sum(hits) / len(hits):.2f}")
    console.print(table)
    return {cid: sum(h) / len(h) for cid, h in agree.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--detect-only", action="store_true", help="skip the answers (seconds, not minutes)")
    parser.add_argument("--limit", type=int, help="answer only the first N phrasings of the main set")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="upward-objection-eval-"))
    service = UpwardService(load_settings(data_dir=args.data_dir or tmp / "data"))
    service.ensure_knowledge()
    results: dict = {}
    try:
        results["leave_one_out"] = service.detector.leave_one_out()
        console.print(
            f"Calibration: leave-one-out accuracy on the {len(service.detector.labels)} exemplars "
            f"(what the constants were chosen on): {results['leave_one_out']:.3f}"
        )
        detector = service.detector
        main_set = independent(detector, SETS["objections"])
        results["objections"] = detection_table(service, "objections", read(SETS["objections"]))
        results["objections"]["independent"] = {
            "n": len(main_set.kept), "accuracy": accuracy(detector, main_set.kept),
        }
        console.print(
            f"The first set was written alongside the exemplars: {len(main_set.dropped)} of "
            f"{len(main_set.dropped) + len(main_set.kept)} share a word 4-gram with one. On the other "
            f"{len(main_set.kept)}: accuracy {results['objections']['independent']['accuracy']:.3f}."
        )
        holdout = independent(detector, SETS["holdout"])
        console.print(
            f"Holdout: {len(holdout.dropped)} of {len(holdout.dropped) + len(holdout.kept)} phrasings share a "
            f"word 4-gram with an exemplar and are left out (e.g. "
            + "; ".join(f"'{grams[0]}'" for _, grams in holdout.dropped[:3])
            + f"); reporting on the {len(holdout.kept)} that remain."
        )
        results["holdout"] = detection_table(service, "independent holdout", holdout.kept)
        results["holdout"]["left_out"] = len(holdout.dropped)
        results["rehearsal"] = rehearsal_table(service)
        if not args.detect_only:
            rows = read(SETS["objections"])[: args.limit]
            results["answers"] = answer_table(service, rows)
    finally:
        service.close()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
