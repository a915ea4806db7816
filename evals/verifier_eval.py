"""Verifier eval: does the verifier refuse what its sources do not say, and accept what they do?

Over the adversarial corpus in tests/verifier_cases (claim–source pairs labelled supported or
unsupported; `tune` set the thresholds, `heldout` only reports), with the MiniLM embedder the
service uses. "Positive" means unsupported: a case counts as refused when the verifier's report
is not ok. Printed per split and per trick:

- recall on unsupported claims (refused / unsupported) and precision (unsupported / refused);
- unsupported claims accepted, and of those the ones with a figure (the target is 0);
- the share of supported claims refused (the target is at most 5%).

With --composed DIR it also answers the objection holdout, the retrieval questions and the
business cases through the service with a fake model (so every answer is composed from source
sentences), over the index in DIR (built from the shipped knowledge and the sample audit if
empty), and reports how many composed answers and sentences the verifier refuses: anything
above 0 is a product bug, since respond never returns an unverified answer.

Run: python evals/verifier_eval.py [--split tune|heldout] [--no-embeddings] [--composed DIR] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bot.agent.figures import parse_figures  # noqa: E402
from bot.agent.verify import Verifier, claim_text, split_sentences  # noqa: E402
from tests.verifier_cases import SPLITS, Case, load_cases  # noqa: E402

console = Console(width=140)


def judge(verifier: Verifier, case: Case) -> dict:
    report = verifier.verify(case.claim, case.sources, headings=case.headings)
    figures = any(parse_figures(claim_text(s)) for s in split_sentences(case.claim))
    return {
        "id": case.id, "split": case.split, "trick": case.trick, "supported": case.supported,
        "refused": not report.ok, "figures": figures,
        "problems": [p for s in report.sentences for p in s.problems] + report.problems,
    }


def summary(rows: list[dict]) -> dict:
    unsupported = [r for r in rows if not r["supported"]]
    supported = [r for r in rows if r["supported"]]
    refused = [r for r in rows if r["refused"]]
    caught = [r for r in unsupported if r["refused"]]
    return {
        "cases": len(rows),
        "unsupported": len(unsupported),
        "supported": len(supported),
        "recall": len(caught) / len(unsupported) if unsupported else 1.0,
        "precision": len(caught) / len(refused) if refused else 1.0,
        "unsupported_accepted": len(unsupported) - len(caught),
        "unsupported_figures_accepted": sum(1 for r in unsupported if not r["refused"] and r["figures"]),
        "supported_refused": sum(1 for r in supported if r["refused"]),
        "supported_refused_share": sum(1 for r in supported if r["refused"]) / len(supported) if supported else 0.0,
    }


def corpus(verifier: Verifier, splits: list[str]) -> dict:
    rows = [judge(verifier, c) for split in splits for c in load_cases(split)]
    result = {"splits": {s: summary([r for r in rows if r["split"] == s]) for s in splits}, "rows": rows}
    table = Table(title="Verifier on the adversarial corpus (positive = unsupported)")
    for col in ("split", "cases", "unsupported", "recall", "precision", "unsup. accepted", "…with a figure",
                "supported refused"):
        table.add_column(col, justify="right" if col != "split" else "left")
    for split, s in result["splits"].items():
        table.add_row(split, str(s["cases"]), str(s["unsupported"]), f"{s['recall']:.3f}", f"{s['precision']:.3f}",
                      str(s["unsupported_accepted"]), str(s["unsupported_figures_accepted"]),
                      f"{s['supported_refused']}/{s['supported']} ({s['supported_refused_share']:.1%})")
    console.print(table)
    tricks: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        tricks[r["trick"]]["n"] += 1
        tricks[r["trick"]]["wrong"] += r["refused"] == r["supported"]
    console.print("By trick (wrong / cases): " + ", ".join(
        f"{t} {c['wrong']}/{c['n']}" for t, c in sorted(tricks.items())))
    for r in rows:
        if r["refused"] == r["supported"]:
            what = "refused a supported claim" if r["supported"] else "accepted an unsupported claim"
            console.print(f"  [{r['split']}] {r['id']} ({r['trick']}) {what}: {'; '.join(r['problems'][:2])}")
    return result


def composed(verifier: Verifier, data_dir: Path) -> dict:
    """Every flow's composed answer, checked again by `verifier` (as respond would)."""
    from bot.agent import nodes
    from bot.agent.compose import headings, own_lines
    from bot.agent.followup import shorten, sources_reply
    from bot.config import load_settings
    from bot.service import UpwardService
    from tests.conftest import fake_chat

    checked: list[tuple[str, object]] = []
    original = nodes.compose_answer

    def spy(plan):
        text = original(plan)
        report = verifier.verify(text, plan.source_texts, headings=headings(plan), exempt=own_lines(plan),
                                 require_citation=bool(plan.points))
        checked.append(("composed", report))
        return text

    nodes.compose_answer = spy
    try:
        service = UpwardService(load_settings(data_dir=data_dir), chat_model=fake_chat("About 99.9% agree [1]."))
        datasets = ROOT / "evals" / "datasets"
        questions = [json.loads(line)["text"] for line in (datasets / "objections_holdout.jsonl").open()]
        questions += [json.loads(line)["question"] for line in (datasets / "retrieval.jsonl").open()]
        audiences = [None, "finance director", "chief executive", "elected member"]
        refused_answers = 0
        started = time.perf_counter()
        for i, question in enumerate(questions):
            try:
                answer = service.ask(question, audience=audiences[i % len(audiences)])
            except RuntimeError:
                refused_answers += 1
                continue
            if answer.citations:
                texts = {c.n: c.text for c in answer.citations}
                checked.append(("shorter", verifier.verify(shorten(answer.model_dump()), texts)))
                text, provenance = sources_reply(answer.model_dump())
                checked.append(("sources", verifier.verify(text, provenance)))
        for line in (datasets / "cases.jsonl").open():
            task = json.loads(line)
            try:
                service.case(audience=task["audience"], focus=task.get("focus"))
            except RuntimeError:
                refused_answers += 1
    finally:
        nodes.compose_answer = original
    by_flow: dict[str, Counter] = defaultdict(Counter)
    for flow, report in checked:
        by_flow[flow]["answers"] += 1
        by_flow[flow]["refused"] += not report.ok
        by_flow[flow]["sentences"] += len(report.sentences)
        by_flow[flow]["failed"] += len(report.failed)
    result = {"refused_by_respond": refused_answers, "flows": {k: dict(v) for k, v in by_flow.items()},
              "seconds": round(time.perf_counter() - started, 1)}
    console.print(f"Composed answers re-verified: {json.dumps(result)}")
    for flow, report in checked:
        for s in report.failed[:3]:
            console.print(f"  [{flow}] refused: {s.text[:120]} — {s.problems}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=SPLITS, help="one split only (default: both, reported apart)")
    parser.add_argument("--no-embeddings", action="store_true", help="match claims to sentences by word overlap")
    parser.add_argument("--composed", type=Path, metavar="DIR", help="also re-verify every flow's composed answers")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    embeddings = None
    if not args.no_embeddings:
        from bot.index.embedder import MiniLMEmbeddings

        embeddings = MiniLMEmbeddings()
    verifier = Verifier(embeddings)
    result = {"corpus": corpus(verifier, [args.split] if args.split else list(SPLITS))}
    if args.composed:
        result["composed"] = composed(verifier, args.composed)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
