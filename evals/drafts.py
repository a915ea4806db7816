"""What the verifier found in the model's drafts *before* repair, per model.

"Figures verified" on the final answers is 1.00 by construction: the respond node refuses any
answer that is not verified, so only verified answers are ever counted. What can fail is the
draft. The verify node records one `draft_checks` entry per drafted answer in the graph state
(`{"model", "sentences", "failed", "dropped", "composed"}`); this module sums them per model.

Answers the model never drafted (the local model is not trusted to draft rebuttals and business
cases: they are composed from source sentences at once) have no entry, and are counted as such.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

from rich.console import Console
from rich.table import Table


@dataclass
class DraftStats:
    """Pre-repair statistics of one model's drafts."""

    model: str
    answers: int = 0  # answers run with this model configured
    drafted: int = 0  # ... of which the model drafted (one draft_checks entry each)
    failing_drafts: int = 0  # drafts with a sentence the verifier refused, or with no sentence at all
    sentences: int = 0  # sentences in all drafts
    failed: int = 0  # sentences refused before repair
    dropped: int = 0  # sentences repair removed from drafts that were then used
    repaired: int = 0  # drafts used after dropping sentences
    composed: int = 0  # drafts discarded: the answer was composed from sources instead

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "draft_failure_rate": self.rate(self.failing_drafts, self.drafted),
            "sentence_failure_rate": self.rate(self.failed, self.sentences),
            "repair_rate": self.rate(self.dropped, self.sentences),
            "composed_rate": self.rate(self.composed, self.drafted),
        }


def collect(states: Iterable[Mapping], model: str) -> list[DraftStats]:
    """Sum the draft checks of finished answer states, per model that drafted. `model` names the
    configured chat model: answers with no draft are counted under it."""
    stats: dict[str, DraftStats] = {model: DraftStats(model)}
    for state in states:
        stats[model].answers += 1
        for check in state.get("draft_checks", []):
            name = check.get("model") or model
            s = stats.setdefault(name, DraftStats(name))
            s.drafted += 1
            s.failing_drafts += check["failed"] > 0 or check["sentences"] == 0
            s.sentences += check["sentences"]
            s.failed += check["failed"]
            s.dropped += check["dropped"]
            s.repaired += check["dropped"] > 0 and not check["composed"]
            s.composed += bool(check["composed"])
    return list(stats.values())


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def print_drafts(console: Console, models: list[DraftStats], what: str) -> None:
    """One row per model: the pre-repair failure rates, and what repair made of them."""
    table = Table(title=f"Model drafts of {what}, before repair")
    for col in ("model", "answers", "drafted", "drafts failing", "sentences failing", "repaired",
                "sentences dropped", "composed instead"):
        table.add_column(col, justify="left" if col == "model" else "right")
    for stats in models:
        d = stats.as_dict()
        table.add_row(
            stats.model, str(stats.answers), str(stats.drafted),
            f"{_pct(d['draft_failure_rate'])} ({stats.failing_drafts})",
            f"{_pct(d['sentence_failure_rate'])} ({stats.failed}/{stats.sentences})",
            str(stats.repaired),
            f"{_pct(d['repair_rate'])} ({stats.dropped})",
            f"{_pct(d['composed_rate'])} ({stats.composed})",
        )
    console.print(table)
    console.print(
        "drafts failing: drafts with a sentence the verifier refused, or empty (the model failed); "
        "sentences dropped: removed by "
        "repair from drafts that were then used (share of all drafted sentences); composed instead: "
        "drafts discarded for an answer composed from cited source sentences."
    )
    if not any(m.drafted for m in models):
        console.print(
            f"No drafts: the configured model is not trusted to draft {what} (only a strong model is, "
            "UPWARD_STRONG_MODEL), so every answer was composed at once. No strong model is available "
            "offline, so no strong model's pre-repair rate is measured here."
        )
    console.print(
        "Final answers are always verified (respond refuses anything else), so 'figures verified' is "
        "not reported: it would be 1.00 by construction."
    )
