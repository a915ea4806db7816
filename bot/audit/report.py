"""The audit report: one typed model (the JSON the API returns and the CLI prints with --json) and
its Markdown rendering. Both are built only from computed values, never from a model's words.

The report carries no timestamps, so the same files always give the same report, byte for byte.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from bot.audit.facts import AuditFact, SourceRows, repeats_one_platform
from bot.audit.formatting import format_points, format_value
from bot.audit.kpis import KPIS
from bot.audit.model import (
    CHANNEL_LABELS,
    BenchmarkPosition,
    Goal,
    ImportedFile,
    KpiResults,
    KpiValue,
    PublishedComparison,
    platform_label,
)

# The KPIs a leader reads first; the rest are in report.json and the facts.
HEADLINE_KPIS = (
    "posts_per_week", "reach", "engagements", "engagement_rate_per_reach",
    "engagement_rate_per_post_per_follower", "followers", "follower_growth", "response_rate",
    "median_response_minutes", "comments_answered_share", "users", "sessions",
    "web_engagement_rate", "ad_spend", "ctr", "cpc", "conversions", "cost_per_conversion",
    "emails_delivered", "open_rate", "click_rate", "unsubscribe_rate",
)


class FileRow(BaseModel):
    name: str
    format: str
    platform: str
    account: str
    rows: int
    observations: int
    start: str
    end: str


class KpiRow(BaseModel):
    kpi: str
    name: str
    channel: str
    platform: str
    platform_label: str
    period: str
    period_label: str
    value: float
    display: str
    unit: str
    previous: float | None = None
    previous_display: str | None = None
    previous_period_label: str | None = None
    change: float | None = None
    change_unit: str | None = None  # "points" for rates, "%" otherwise
    stage: str
    headline: bool
    formula: str
    sources: list[SourceRows] = Field(default_factory=list)


class PageRow(BaseModel):
    page: str
    views: float
    share: float  # % of all page views in the period


class BenchmarkRow(BaseModel):
    kpi: str
    name: str
    platform: str
    ours: float
    ours_display: str
    period_label: str
    peers: int
    percentile: float
    median: float
    median_display: str
    top_quartile: float
    top_quartile_display: str
    rank: int
    of: int
    like_for_like: bool
    caveat: str = ""


class PublishedRow(BaseModel):
    evidence_id: str
    kpi: str
    platform: str
    benchmark: float | None
    method: str
    ours: float | None
    like_for_like: bool
    note: str


class GoalRow(BaseModel):
    id: str
    kpi: str
    platform: str
    statement: str
    baseline: float
    baseline_period: str
    target: float
    unit: str
    deadline: str
    measurement: str
    stage: str
    rationale: str


class ChartRef(BaseModel):
    name: str  # file stem; the files are <name>.png and <name>.svg
    title: str
    alt: str


class AuditReport(BaseModel):
    id: str
    period_label: str | None  # the latest 12 months the headline figures cover
    sample: bool = False  # built from Upward's fictional sample data
    files: list[FileRow]
    kpis: list[KpiRow]
    top_pages: list[PageRow] = Field(default_factory=list)
    benchmarks: list[BenchmarkRow] = Field(default_factory=list)
    published: list[PublishedRow] = Field(default_factory=list)
    goals: list[GoalRow] = Field(default_factory=list)
    facts: list[AuditFact] = Field(default_factory=list)
    charts: list[ChartRef] = Field(default_factory=list)


def _kpi_row(value: KpiValue) -> KpiRow:
    kdef = KPIS[value.kpi]
    before = value.year_ago or value.previous
    change, how = KpiValue.change(value.value, before.value if before else None, value.unit)
    return KpiRow(
        kpi=value.kpi,
        name=kdef.name,
        channel=value.channel,
        platform=value.platform,
        platform_label=platform_label(value.platform),
        period=value.period.key,
        period_label=value.period.label,
        value=value.value,
        display=format_value(value.value, value.unit),
        unit=value.unit,
        previous=before.value if before else None,
        previous_display=format_value(before.value, before.unit) if before and before.value is not None else None,
        previous_period_label=before.period.label if before else None,
        change=change,
        change_unit=how or None,
        stage=kdef.stage,
        headline=value.kpi in HEADLINE_KPIS,
        formula=kdef.formula,
        sources=[SourceRows(file=s.file, rows=s.rows) for s in value.sources],
    )


def kpi_rows(results: KpiResults) -> list[KpiRow]:
    """The latest 12 months for every KPI and platform, in catalogue order."""
    rows = []
    for kpi in KPIS:
        for platform in results.platforms(kpi):
            latest = results.latest(kpi, platform, "last12")
            if latest is not None and latest.value is not None and not repeats_one_platform(latest):
                rows.append(_kpi_row(latest))
    return rows


def benchmark_row(p: BenchmarkPosition) -> BenchmarkRow:
    return BenchmarkRow(
        kpi=p.kpi,
        name=KPIS[p.kpi].name,
        platform=p.platform,
        ours=p.ours,
        ours_display=format_value(p.ours, p.unit),
        period_label=p.our_period.label,
        peers=len(p.peers),
        percentile=p.percentile,
        median=p.median,
        median_display=format_value(p.median, p.unit),
        top_quartile=p.top_quartile,
        top_quartile_display=format_value(p.top_quartile, p.unit),
        rank=p.rank,
        of=len(p.peers) + 1,
        like_for_like=p.like_for_like,
        caveat=p.caveat,
    )


def published_row(c: PublishedComparison) -> PublishedRow:
    return PublishedRow(
        evidence_id=c.evidence_id,
        kpi=c.kpi,
        platform=c.platform,
        benchmark=c.benchmark,
        method=c.benchmark_method,
        ours=c.ours,
        like_for_like=c.like_for_like,
        note=c.note,
    )


def goal_row(g: Goal) -> GoalRow:
    return GoalRow(
        id=g.id,
        kpi=g.kpi,
        platform=g.platform,
        statement=g.statement,
        baseline=g.baseline,
        baseline_period=g.baseline_period.label,
        target=g.target,
        unit=g.unit,
        deadline=g.deadline.isoformat(),
        measurement=g.measurement,
        stage=g.stage,
        rationale=g.rationale,
    )


def file_row(f: ImportedFile) -> FileRow:
    return FileRow(
        name=f.path,
        format=f.format_label,
        platform=f.platform,
        account=f.account,
        rows=f.rows,
        observations=f.observations,
        start=f.start.isoformat(),
        end=f.end.isoformat(),
    )


def page_rows(results: KpiResults) -> list[PageRow]:
    """The most viewed pages over the website's latest 12 months."""
    total = results.latest("page_views", "website", "last12")
    if total is None or not total.value:
        return []
    return [
        PageRow(page=page, views=views, share=views / total.value * 100)
        for page, views in results.top_pages.get(total.period.key, [])
    ]


# ------------------------------------------------------------------------------------------
# Markdown
# ------------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def change_text(row: KpiRow) -> str:
    if row.change is None:
        return "–"
    if row.change_unit == "points":
        rates = [r for r in (row.value, row.previous) if r is not None]
        return f"{'-' if row.change < 0 else '+'}{format_points(row.change, *rates)} pts"
    return f"{row.change:+.1f}%"


def to_markdown(report: AuditReport) -> str:
    out: list[str] = [f"# Communications audit: {report.period_label or 'no complete period'}", ""]
    if report.sample:
        out += [
            "> **Sample data.** This audit is built from Upward's fictional sample exports for "
            "Brackenford Borough Council, so a newcomer can see a full audit. Run `upward audit` "
            "on your own exports to replace it.",
            "",
        ]
    out += [
        f"Audit id `{report.id}`. Every figure below is computed from the imported rows with the "
        "formula given for it (see `docs/kpis.md`); each has a fact id that answers cite.",
        "",
        "## Data imported",
        "",
        _table(
            ["File", "Export", "Platform", "Rows", "Covers"],
            [[f.name, f.format, f.platform, str(f.rows), f"{f.start} to {f.end}"] for f in report.files],
        ),
        "",
    ]
    for channel, label in CHANNEL_LABELS.items():
        rows = [r for r in report.kpis if r.channel == channel and r.headline]
        if not rows:
            continue
        out += [
            f"## {label}: {rows[0].period_label} against the year before",
            "",
            _table(
                ["KPI", "Platform", "Value", "Year before", "Change", "Stage"],
                [
                    [r.name, r.platform_label, r.display, r.previous_display or "–", change_text(r), r.stage]
                    for r in rows
                ],
            ),
            "",
        ]
    if report.top_pages:
        out += [
            "## What residents come to the website for",
            "",
            _table(
                ["Page", "Views", "Share of views"],
                [[p.page, format_value(p.views, "count"), f"{p.share:.1f}%"] for p in report.top_pages],
            ),
            "",
        ]
    alike = [b for b in report.benchmarks if b.like_for_like]
    if alike:
        out += [
            "## Position among peers",
            "",
            _table(
                ["KPI", "Platform", "Ours", "Peer median", "Top quartile", "Rank", "Percentile"],
                [
                    [b.name, platform_label(b.platform), b.ours_display, b.median_display,
                     b.top_quartile_display, f"{b.rank} of {b.of}", f"{b.percentile:.0f}"]
                    for b in alike
                ],
            ),
            "",
        ]
    unlike = [b for b in report.benchmarks if not b.like_for_like]
    notes = [b.caveat for b in alike if b.caveat] + [b.caveat for b in unlike]
    if notes:
        out += ["Method caveats:", ""] + [f"- {n}" for n in dict.fromkeys(notes)] + [""]
    if report.published:
        out += ["## Published benchmarks", ""]
        out += [f"- **{p.evidence_id}** ({'like for like' if p.like_for_like else 'not like for like'}): {p.note}"
                for p in report.published]
        out.append("")
    if report.goals:
        out += ["## Proposed goals for the next 12 months", ""]
        for g in report.goals:
            out += [f"- **{g.statement}** Stage: {g.stage}. Measured by: {g.measurement}. Why: {g.rationale}"]
        out.append("")
    if report.charts:
        out += ["## Charts", ""]
        out += [f"![{c.alt}](charts/{c.name}.png)" for c in report.charts]
        out.append("")
    out += ["## Facts and how each was computed", ""]
    for fact in report.facts:
        sources = "; ".join(f"{s.file} rows {s.rows}" for s in fact.sources)
        first_line = fact.text.split("\n", 1)[0]
        out.append(f"- `{fact.id}`: {first_line}" + (f" *(Rows: {sources}.)*" if sources else ""))
    out.append("")
    return "\n".join(out)
