"""Redaction eval: how much of each kind of personal detail does redaction remove, and how much
that is not personal does it remove too?

Scores `redact` on the labelled corpus of fictional comments in tests/redaction_cases/: the
tuning part (used while writing the rules) and the held-out part (written separately and never
used to adjust them). Per kind: recall (labelled details removed whole) and precision (removed
spans that were personal). Targets: recall ≥ 0.98 on names, ≥ 0.995 on structured identifiers.

--before REV also scores the redactor as it was at git revision REV (its bot/listening/redact.py,
run from a temporary copy), to show what a change did.

It also counts the capitalised words that are both names and ordinary words ("Will", "May",
"Bill", "Rose", "Green"): how many were removed where they named someone, and how many were
removed where they were just words (the precision cost of looking names up in a list).

Run: python evals/redaction_eval.py [--before REV] [--misses] [--json FILE] [--strict]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bot.listening.redact import KINDS, redact
from bot.listening.redaction_check import (
    NAME_KINDS,
    Redactor,
    Score,
    ambiguous_words,
    load,
    score,
    spans_from_text,
)

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "redaction_cases"
PARTS = {"tuning": CASES / "tuning.txt", "held-out": CASES / "heldout.txt"}
STRUCTURED = tuple(k for k in KINDS if k not in NAME_KINDS)
TARGETS = {"names": 0.98, "structured": 0.995}
console = Console(width=130)


def current(text: str):
    return redact(text).spans


def old_redactor(rev: str) -> Redactor:
    """The redact() of an older revision, scored through the placeholders it wrote."""
    source = subprocess.run(
        ["git", "show", f"{rev}:bot/listening/redact.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    folder = Path(tempfile.mkdtemp())
    path = folder / "old_redact.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_redact", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules["old_redact"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return lambda text: spans_from_text(text, module.redact(text).text)


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def table(title: str, results: dict[str, Score]) -> Table:
    out = Table(title=title)
    out.add_column("kind")
    for part in results:
        out.add_column(f"{part} n", justify="right")
        out.add_column(f"{part} recall", justify="right")
        out.add_column(f"{part} precision", justify="right")
    kinds = [k for k in KINDS if any(k in r.kinds for r in results.values())]
    rows = [(k, {p: r.group([k]) for p, r in results.items()}) for k in kinds]
    rows.append(("NAMES", {p: r.group(NAME_KINDS) for p, r in results.items()}))
    rows.append(("STRUCTURED", {p: r.group(STRUCTURED) for p, r in results.items()}))
    for label, by_part in rows:
        cells = []
        for entry in by_part.values():
            cells += [str(entry.labelled), _fmt(entry.recall), _fmt(entry.precision)]
        out.add_row(label, *cells, style="bold" if label.isupper() else None)
    return out


def summary(results: dict[str, Score]) -> dict:
    found = {}
    for part, result in results.items():
        found[part] = {
            kind: {"labelled": s.labelled, "recall": s.recall, "predicted": s.predicted, "precision": s.precision}
            for kind, s in sorted(result.kinds.items())
        }
        for group, kinds in (("names", NAME_KINDS), ("structured", STRUCTURED)):
            entry = result.group(kinds)
            found[part][group.upper()] = {"recall": entry.recall, "precision": entry.precision}
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also score the redactor at this git revision")
    parser.add_argument("--misses", action="store_true", help="list what was missed and removed wrongly")
    parser.add_argument("--json", type=Path, help="write the scores as JSON here")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a recall is below its target")
    args = parser.parse_args()

    corpora = {part: load(path) for part, path in PARTS.items()}
    console.print(", ".join(f"{part}: {len(c)} comments" for part, c in corpora.items()))
    report = {}
    if args.before:
        before = {part: score(c, old_redactor(args.before)) for part, c in corpora.items()}
        console.print(table(f"Before ({args.before})", before))
        report["before"] = summary(before)
    after = {part: score(c, current) for part, c in corpora.items()}
    below = 0
    console.print(table("Now", after))
    report["now"] = summary(after)
    for part, result in after.items():
        for group, kinds in (("names", NAME_KINDS), ("structured", STRUCTURED)):
            recall = result.group(kinds).recall or 0.0
            verdict = "meets" if recall >= TARGETS[group] else "BELOW"
            below += recall < TARGETS[group]
            console.print(f"{part} {group}: recall {recall:.3f} {verdict} target {TARGETS[group]}")
        if args.misses:
            for source, kind, text in result.misses:
                console.print(f"  missed {kind:<9} {text!r}  ({source})")
            for source, kind, text in result.false_alarms:
                console.print(f"  removed {kind:<8} {text!r}  ({source})")
    for part, comments in corpora.items():
        words = ambiguous_words(comments, current)
        console.print(
            f"{part}, names that are also words (Will, May, Bill, Rose, Green…): "
            f"{words.removed_as_names} of {words.as_names} removed where they named someone; "
            f"{words.removed_as_words} of {words.as_words} removed where they were ordinary words"
            + (f" ({', '.join(w for _, w in words.wrongly_removed)})" if words.wrongly_removed else "")
        )
        report.setdefault("ambiguous", {})[part] = {
            "as_names": words.as_names, "removed_as_names": words.removed_as_names,
            "as_words": words.as_words, "removed_as_words": words.removed_as_words,
        }
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 1 if args.strict and below else 0


if __name__ == "__main__":
    sys.exit(main())
