"""From a canonical table to facts: the pure computation every audit runs, and the one the
verifier runs again on the stored rows to re-derive a cited fact.

One function for both, so a fact is re-derived by exactly the steps that made it: KPIs from the
observations, peer positions from the peer rows, comparisons from the published benchmarks, goals
from all three (their plan starting the day after the latest 12 months the audit covers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.audit.benchmarks import compare_published, position
from bot.audit.engine import compute_kpis
from bot.audit.facts import AuditFact, build_facts
from bot.audit.goals import propose_goals
from bot.audit.model import BenchmarkPosition, CanonicalTable, Goal, KpiResults, PublishedComparison


@dataclass
class Derivation:
    results: KpiResults
    positions: list[BenchmarkPosition]
    comparisons: list[PublishedComparison]
    goals: list[Goal]
    facts: list[AuditFact]


def plan_start(results: KpiResults) -> dt.date | None:
    """One start for every goal: the day after the latest 12 months the audit has a value for."""
    ends = [v.period.end for v in results.values if v.period.kind == "last12" and v.value is not None]
    return max(ends) + dt.timedelta(days=1) if ends else None


def derive(table: CanonicalTable) -> Derivation:
    """Everything the audit states, computed from the table with its peer and published rows."""
    results = compute_kpis(table)
    positions = position(results, table.peers)
    comparisons = compare_published(results, table.published)
    goals = propose_goals(results, positions, comparisons, start=plan_start(results))
    facts = build_facts(results, positions, comparisons, goals)
    return Derivation(results, positions, comparisons, goals, facts)
