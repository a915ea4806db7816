"""Turn computed audit figures into citable facts: one sentence each, with a stable id and the
provenance (files, rows, formula, period) that lets the verifier re-derive every number in it.

Facts are what the answer pipeline retrieves as kind `audit`. Their ids depend only on what they
are about (platform, KPI, period), and their text only on the data, so importing the same files
again gives the same ids and the same sentences.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from bot.audit.formatting import format_points, format_value
from bot.audit.kpis import KPIS, kpi_phrase
from bot.audit.model import (
    ALL,
    CHANNEL_LABELS,
    BenchmarkPosition,
    Goal,
    KpiResults,
    KpiValue,
    Period,
    PublishedComparison,
    platform_label,
)

FactKind = Literal["kpi", "benchmark", "published", "goal", "top_pages"]


class DerivedValue(BaseModel):
    """A KPI value a fact states, which the verifier recomputes from the stored observations."""

    kpi: str
    platform: str
    period: str  # period key
    value: float
    item: str = ""  # a page path for top-page facts; empty for KPI totals


class SourceRows(BaseModel):
    file: str
    rows: str


class AuditFact(BaseModel):
    id: str
    kind: FactKind
    title: str
    text: str
    kpi: str | None = None
    platform: str | None = None
    period: str | None = None  # key of the period the fact is about
    period_label: str | None = None
    formula: str = ""
    sources: list[SourceRows] = Field(default_factory=list)
    derived: list[DerivedValue] = Field(default_factory=list)


def subject(kpi: str, platform: str) -> str:
    """'our Facebook engagements', 'our open rate across all email platforms'."""
    if platform == ALL:
        name = kpi_phrase(kpi, platform).removesuffix(" across all platforms")
        return f"our {name} across all {CHANNEL_LABELS[KPIS[kpi].channel].lower()} platforms"
    return f"our {kpi_phrase(kpi, platform)}"


def _about(kpi: str, platform: str, period: Period | None, value: KpiValue | None) -> dict:
    """The fields every fact about one KPI shares: what, when, the formula, and the rows."""
    return {
        "kpi": kpi,
        "platform": platform,
        "period": period.key if period else None,
        "period_label": period.label if period else None,
        "formula": KPIS[kpi].formula,
        "sources": _sources(value) if value else [],
    }


def change_phrase(current: KpiValue, before: KpiValue) -> str:
    """'up 18.3% on 35,100 in the 12 months to October 2025'; points for rates."""
    amount, how = KpiValue.change(current.value, before.value, current.unit)
    then = f"{format_value(before.value, before.unit)} in {before.period.label}"
    if amount is None:
        return f"compared with {then}"
    if how == "points":
        size = format_points(amount, current.value, before.value)
        if not size.strip("0."):
            return f"unchanged from {then}"
        unit = "percentage point" if float(size) == 1 else "percentage points"
        return f"{'up' if amount > 0 else 'down'} {size} {unit} on {then}"
    size = f"{abs(amount):.1f}"
    if size == "0.0":
        return f"unchanged from {then}"
    return f"{'up' if amount > 0 else 'down'} {size}% on {then}"


def _sources(value: KpiValue) -> list[SourceRows]:
    return [SourceRows(file=s.file, rows=s.rows) for s in value.sources]


def _derived(*values: KpiValue | None) -> list[DerivedValue]:
    return [
        DerivedValue(kpi=v.kpi, platform=v.platform, period=v.period.key, value=v.value)
        for v in values
        if v is not None and v.value is not None
    ]


def _provenance(value: KpiValue) -> str:
    """The formula and files, as a second line of the fact. Row numbers stay in `sources`: in the
    indexed text they would only crowd the sentence out of its chunk."""
    files = ", ".join(dict.fromkeys(s.file for s in value.sources))
    return f"Formula: {KPIS[value.kpi].formula}. Computed from {files}."


def kpi_fact(value: KpiValue, comparison: KpiValue | None) -> AuditFact | None:
    """One KPI in one period, compared with the period it is set against (if known)."""
    if value.value is None:
        return None
    what = subject(value.kpi, value.platform)
    sentence = f"{what[0].upper()}{what[1:]} in {value.period.label}: {format_value(value.value, value.unit)}"
    if comparison is not None and comparison.value is not None:
        sentence += f", {change_phrase(value, comparison)}"
    sentence += "."
    return AuditFact(
        id=f"AU-{value.platform}-{value.kpi}-{value.period.key}",
        kind="kpi",
        title=f"Audit: {platform_label(value.platform)}, {KPIS[value.kpi].name}",
        text=f"{sentence}\n{_provenance(value)}",
        **_about(value.kpi, value.platform, value.period, value),
        derived=_derived(value, comparison),
    )


def repeats_one_platform(value: KpiValue) -> bool:
    """An overall figure built from a single platform (one website) only repeats that platform's."""
    return value.platform == ALL and len(value.platforms) <= 1


def kpi_facts(results: KpiResults) -> list[AuditFact]:
    """For every KPI and platform: the latest 12 months against the 12 before, and the latest
    complete quarter against the same quarter a year earlier (seasons differ, so not the quarter
    before)."""
    facts: list[AuditFact] = []
    for kpi in KPIS:
        for platform in results.platforms(kpi):
            latest = results.latest(kpi, platform, "last12")
            if latest is not None and repeats_one_platform(latest):
                continue
            if latest is not None:
                fact = kpi_fact(latest, latest.year_ago or latest.previous)
                if fact:
                    facts.append(fact)
            quarter = results.latest(kpi, platform, "quarter")
            if quarter is not None:
                fact = kpi_fact(quarter, quarter.year_ago)
                if fact:
                    facts.append(fact)
    return facts


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def benchmark_fact(position: BenchmarkPosition, results: KpiResults) -> AuditFact:
    ours = results.get(position.kpi, position.platform, position.our_period.key)
    what = subject(position.kpi, position.platform)
    unit = position.unit
    fact_id = f"AB-{position.platform}-{position.kpi}" + ("" if position.like_for_like else "-unlike")
    if not position.like_for_like:
        text = (
            f"Peer figures for {what} were measured another way, so they are not compared: "
            f"{position.caveat}"
        )
    else:
        total = len(position.peers) + 1
        text = (
            f"Against {len(position.peers)} peer organisations, {what} in "
            f"{position.our_period.label} ({format_value(position.ours, unit)}) ranks "
            f"{position.rank} of {total}, at the {_ordinal(round(position.percentile))} percentile; "
            f"the peer median is {format_value(position.median, unit)} and the top quartile "
            f"{format_value(position.top_quartile, unit)}."
        )
        if position.caveat:
            text += f" {position.caveat}"
    peers = ", ".join(sorted({p.peer for p in position.peers}))
    return AuditFact(
        id=fact_id,
        kind="benchmark",
        title=f"Benchmark: {platform_label(position.platform)}, {KPIS[position.kpi].name}",
        text=f"{text}\nPeers: {peers}.",
        **_about(position.kpi, position.platform, position.our_period, ours),
        derived=_derived(ours),
    )


def published_fact(comparison: PublishedComparison, results: KpiResults) -> AuditFact:
    ours = (
        results.get(comparison.kpi, comparison.platform, comparison.our_period.key)
        if comparison.our_period
        else None
    )
    return AuditFact(
        id=f"AP-{comparison.platform}-{comparison.kpi}-{comparison.evidence_id}",
        kind="published",
        title=f"Published benchmark {comparison.evidence_id}: {KPIS[comparison.kpi].name}",
        text=f"{comparison.note} (evidence card {comparison.evidence_id})",
        **_about(comparison.kpi, comparison.platform, comparison.our_period, ours),
        derived=_derived(ours),
    )


def goal_fact(goal: Goal, results: KpiResults) -> AuditFact:
    baseline = results.get(goal.kpi, goal.platform, goal.baseline_period.key)
    return AuditFact(
        id=goal.id,
        kind="goal",
        title=f"Proposed goal: {platform_label(goal.platform)}, {KPIS[goal.kpi].name}",
        text=(
            f"A goal we propose for the next 12 months: {goal.statement} Why: {goal.rationale} "
            f"Measured by: {goal.measurement} (evaluation stage: {goal.stage})."
        ),
        **_about(goal.kpi, goal.platform, goal.baseline_period, baseline),
        derived=_derived(baseline),
    )


def top_pages_fact(results: KpiResults, *, limit: int = 5) -> AuditFact | None:
    """What residents come to the website for: the most viewed pages over the latest 12 months."""
    total = results.latest("page_views", "website", "last12")
    if total is None or total.value is None:
        return None
    pages = results.top_pages.get(total.period.key, [])[:limit]
    if not pages:
        return None
    listed = "; ".join(
        f"{path} ({format_value(views, 'count')} views, {views / total.value * 100:.1f}%)"
        for path, views in pages
    )
    return AuditFact(
        id=f"AT-website-top_pages-{total.period.key}",
        kind="top_pages",
        title="Audit: Website, most viewed pages",
        text=(
            f"What residents look for on our website: the most viewed pages in "
            f"{total.period.label}, out of {format_value(total.value, 'count')} page views, were "
            f"{listed}.\n{_provenance(total)}"
        ),
        kpi="page_views",
        platform="website",
        period=total.period.key,
        period_label=total.period.label,
        formula="page views of the page ÷ all page views × 100",
        sources=_sources(total),
        derived=_derived(total)
        + [
            DerivedValue(kpi="page_views", platform="website", period=total.period.key,
                         value=views, item=path)
            for path, views in pages
        ],
    )


def build_facts(
    results: KpiResults,
    positions: list[BenchmarkPosition],
    published: list[PublishedComparison],
    goals: list[Goal],
) -> list[AuditFact]:
    facts = kpi_facts(results)
    facts += [benchmark_fact(p, results) for p in positions]
    facts += [published_fact(c, results) for c in published]
    facts += [goal_fact(g, results) for g in goals]
    top = top_pages_fact(results)
    if top:
        facts.append(top)
    ids = [f.id for f in facts]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:  # two facts may never share an id: citations would be ambiguous
        raise ValueError(f"duplicate audit fact ids: {', '.join(duplicates[:5])}")
    return facts
