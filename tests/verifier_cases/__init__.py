"""The verifier's adversarial corpus: claim–source pairs, each labelled supported or unsupported.

Written by hand from the evidence cards in knowledge/evidence/facts.csv (rebuilt here exactly as
the index stores them) and from the sample council's audit and public-comment facts as the index
stores them (own_data.json). `tune.jsonl` set the verifier's thresholds; `heldout.jsonl` was written apart and only
reports. Each line:

    {"id": str, "trick": str, "claim": str, "supported": bool,
     "sources": {"1": {"evidence": "F04"} | {"own": "<fact id>"} | {"text": "<chunk text>"}, ...},
     "headings": [str, ...]}   # optional: the answer's own outline headings

`trick` names what a case tries (e.g. "ordinal", "scale", "negation"); supported cases use
"quote", "paraphrase", "rounding" and the like.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.index.chunker import context_line
from bot.ingest.loaders import CSV_OPTIONAL, CSV_REQUIRED, evidence_card, normalise

HERE = Path(__file__).resolve().parent
SPLITS = ("tune", "heldout")
FACTS = PROJECT_ROOT / "knowledge" / "evidence" / "facts.csv"


@dataclass(frozen=True)
class Case:
    id: str
    split: str
    trick: str
    claim: str
    sources: dict[int, str]
    supported: bool
    headings: tuple[str, ...] = ()


@cache
def evidence_chunk(fact_id: str) -> str:
    """An evidence card's chunk text as ingestion stores it: context line, then the card."""
    with FACTS.open(newline="", encoding="utf-8") as f:
        for raw in csv.DictReader(f):
            row = {c: "" for c in CSV_REQUIRED + CSV_OPTIONAL} | {k: " ".join((v or "").split()) for k, v in raw.items()}
            if row["id"] == fact_id:
                heading = [f"Evidence {fact_id}"] + [h for h in (row["topic"] or row["objection"],) if h]
                return f"{context_line(row['title'], heading)}\n{normalise(evidence_card(row))}"
    raise KeyError(f"no evidence card {fact_id} in {FACTS}")


@cache
def _own_data() -> dict[str, str]:
    return json.loads((HERE / "own_data.json").read_text(encoding="utf-8"))


def _source(spec: dict) -> str:
    if "evidence" in spec:
        return evidence_chunk(spec["evidence"])
    if "own" in spec:
        return _own_data()[spec["own"]]
    return spec["text"]


def load_cases(split: str | None = None) -> list[Case]:
    """The corpus, or one split of it. A malformed line fails loudly with its file and number."""
    cases: list[Case] = []
    for name in (split,) if split else SPLITS:
        path = HERE / f"{name}.jsonl"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                cases.append(Case(
                    id=item["id"], split=name, trick=item["trick"], claim=item["claim"],
                    sources={int(n): _source(spec) for n, spec in item["sources"].items()},
                    supported=bool(item["supported"]), headings=tuple(item.get("headings", ())),
                ))
            except (KeyError, ValueError, TypeError) as exc:
                raise ValueError(f"{path.name} line {number}: {exc}") from exc
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate case ids: {', '.join(duplicates)}")
    return cases
