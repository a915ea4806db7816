"""Turn computed audit figures into citable facts: one sentence each, with a stable id and the
provenance (files, rows, formula, period) that lets the verifier re-derive every number in it.

Facts are what the answer pipeline retrieves as kind `audit`. Their ids depend only on what they
are about (platform, KPI, period), and their text only on the data, so importing the same files
again gives the same ids and the same sentences.

Each fact lists every value its text prints (`derived`): own values and the values they are
compared with, the change, ranks, percentiles, peer medians and quartiles, published benchmarks,
goal targets and dates, page shares — and, as labels, the text taken from the data or the
catalogue (period names, formulas, files, peers, caveats, published notes). `build_facts` refuses
a fact whose text prints a number none of them accounts for.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from bot.audit.benchmarks import describe_method
from bot.audit.formatting import format_date, format_points, format_value
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
    Role,
    platform_label,
)
from bot.audit.provenance import underived

FactKind = Literal["kpi", "benchmark", "published", "goal", "top_pages"]
# The plan and the trailing period are twelve months long; sentences say so in these words.
HORIZON = "12 months"


class DerivedValue(BaseModel):
    """One value a fact states, with how its text prints it. The verifier re-derives each from
    the stored rows (observations, peer rows, published benchmarks) before the fact is cited."""

    kpi: str
    platform: str
    period: str  # period key ("" when the fact has none)
    value: float | None  # None for labels
    item: str = ""  # a page path for page figures; the label's name for labels
    role: Role = "value"
    display: str = ""  # exactly as the fact's text prints it

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What the value is about: two derived values of one fact never share a key."""
        return (self.role, self.kpi, self.platform, self.period, self.item)


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


def _change(current: KpiValue, before: KpiValue) -> tuple[str, str | None, float | None]:
    """The change phrase, and the size it prints with its value (None when it prints none)."""
    amount, how = KpiValue.change(current.value, before.value, current.unit)
    then = f"{format_value(before.value, before.unit)} in {before.period.label}"
    if amount is None:
        return f"compared with {then}", None, None
    if how == "points":
        size = format_points(amount, current.value, before.value)
        if not size.strip("0."):
            return f"unchanged from {then}", None, None
        unit = "percentage point" if float(size) == 1 else "percentage points"
        return f"{'up' if amount > 0 else 'down'} {size} {unit} on {then}", size, abs(amount)
    size = f"{abs(amount):.1f}"
    if size == "0.0":
        return f"unchanged from {then}", None, None
    return f"{'up' if amount > 0 else 'down'} {size}% on {then}", f"{size}%", abs(amount)


def change_phrase(current: KpiValue, before: KpiValue) -> str:
    """'up 18.3% on 35,100 in the 12 months to October 2025'; points for rates."""
    return _change(current, before)[0]


def _value(value: KpiValue) -> DerivedValue:
    assert value.value is not None
    return DerivedValue(kpi=value.kpi, platform=value.platform, period=value.period.key,
                        value=value.value, display=format_value(value.value, value.unit))


def _label(kpi: str, platform: str, period: Period | None, name: str, text: str) -> DerivedValue:
    """Text a sentence takes from the data or the catalogue, re-derived as a whole."""
    return DerivedValue(kpi=kpi, platform=platform, period=period.key if period else "",
                        value=None, item=name, role="label", display=text)


def _figure(kpi: str, platform: str, period: Period | None, role: Role, value: float,
            display: str) -> DerivedValue:
    return DerivedValue(kpi=kpi, platform=platform, period=period.key if period else "",
                        value=value, role=role, display=display)


def _period(value: KpiValue) -> DerivedValue:
    return _label(value.kpi, value.platform, value.period, "period", value.period.label)


def _sources(value: KpiValue) -> list[SourceRows]:
    return [SourceRows(file=s.file, rows=s.rows) for s in value.sources]


def _derived(*values: KpiValue | None) -> list[DerivedValue]:
    """Each value with the name of its period."""
    return [d for v in values if v is not None and v.value is not None for d in (_value(v), _period(v))]


def _files(value: KpiValue) -> str:
    return ", ".join(dict.fromkeys(s.file for s in value.sources))


def _provenance(value: KpiValue) -> str:
    """The formula and files, as a second line of the fact. Row numbers stay in `sources`: in the
    indexed text they would only crowd the sentence out of its chunk."""
    return f"Formula: {KPIS[value.kpi].formula}. Computed from {_files(value)}."


def _provenance_labels(value: KpiValue) -> list[DerivedValue]:
    return [
        _label(value.kpi, value.platform, value.period, "formula", KPIS[value.kpi].formula),
        _label(value.kpi, value.platform, value.period, "files", _files(value)),
    ]


def kpi_fact(value: KpiValue, comparison: KpiValue | None) -> AuditFact | None:
    """One KPI in one period, compared with the period it is set against (if known)."""
    if value.value is None:
        return None
    what = subject(value.kpi, value.platform)
    sentence = f"{what[0].upper()}{what[1:]} in {value.period.label}: {format_value(value.value, value.unit)}"
    derived = _derived(value)
    if comparison is not None and comparison.value is not None:
        phrase, size, amount = _change(value, comparison)
        sentence += f", {phrase}"
        derived += _derived(comparison)
        if size is not None and amount is not None:
            derived.append(_figure(value.kpi, value.platform, value.period, "change", amount, size))
    sentence += "."
    return AuditFact(
        id=f"AU-{value.platform}-{value.kpi}-{value.period.key}",
        kind="kpi",
        title=f"Audit: {platform_label(value.platform)}, {KPIS[value.kpi].name}",
        text=f"{sentence}\n{_provenance(value)}",
        **_about(value.kpi, value.platform, value.period, value),
        derived=derived + _provenance_labels(value),
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
    kpi, platform, period = position.kpi, position.platform, position.our_period
    derived = _derived(ours)
    if not position.like_for_like:
        text = (
            f"Peer figures for {what} were measured another way, so they are not compared: "
            f"{position.caveat}"
        )
    else:
        n, total = len(position.peers), len(position.peers) + 1
        percentile = _ordinal(round(position.percentile))
        median, top = format_value(position.median, unit), format_value(position.top_quartile, unit)
        text = (
            f"Against {n} peer organisations, {what} in {period.label} "
            f"({format_value(position.ours, unit)}) ranks {position.rank} of {total}, at the "
            f"{percentile} percentile; the peer median is {median} and the top quartile {top}."
        )
        derived += [
            _figure(kpi, platform, period, "peers", n, str(n)),
            _figure(kpi, platform, period, "rank", position.rank, str(position.rank)),
            _figure(kpi, platform, period, "of", total, str(total)),
            _figure(kpi, platform, period, "percentile", position.percentile, percentile),
            _figure(kpi, platform, period, "median", position.median, median),
            _figure(kpi, platform, period, "top_quartile", position.top_quartile, top),
        ]
        if position.caveat:
            text += f" {position.caveat}"
    if position.caveat:
        derived.append(_label(kpi, platform, period, "caveat", position.caveat))
    peers = ", ".join(sorted({p.peer for p in position.peers}))
    return AuditFact(
        id=fact_id,
        kind="benchmark",
        title=f"Benchmark: {platform_label(position.platform)}, {KPIS[position.kpi].name}",
        text=f"{text}\nPeers: {peers}.",
        **_about(position.kpi, position.platform, position.our_period, ours),
        derived=derived + [_label(kpi, platform, period, "peers", peers)],
    )


def published_fact(comparison: PublishedComparison, results: KpiResults) -> AuditFact:
    ours = (
        results.get(comparison.kpi, comparison.platform, comparison.our_period.key)
        if comparison.our_period
        else None
    )
    kpi, platform, period = comparison.kpi, comparison.platform, comparison.our_period
    derived = _derived(ours) + [
        _label(kpi, platform, period, "note", comparison.source_note),
        _label(kpi, platform, period, "method",
               f"{describe_method(kpi)}; {describe_method(comparison.benchmark_method)}"),
        _label(kpi, platform, period, "horizon", HORIZON),
    ]
    if comparison.benchmark is not None:
        unit = ours.unit if ours is not None else KPIS[kpi].unit
        derived.append(_figure(kpi, platform, period, "benchmark", comparison.benchmark,
                               format_value(comparison.benchmark, unit)))
    return AuditFact(
        id=f"AP-{comparison.platform}-{comparison.kpi}-{comparison.evidence_id}",
        kind="published",
        title=f"Published benchmark {comparison.evidence_id}: {KPIS[comparison.kpi].name}",
        text=f"{comparison.note} (evidence card {comparison.evidence_id})",
        **_about(comparison.kpi, comparison.platform, comparison.our_period, ours),
        derived=derived,
    )


def goal_fact(goal: Goal, results: KpiResults) -> AuditFact:
    baseline = results.get(goal.kpi, goal.platform, goal.baseline_period.key)
    kpi, platform, period = goal.kpi, goal.platform, goal.baseline_period
    derived = _derived(baseline) + [
        _figure(kpi, platform, period, "target", goal.target, format_value(goal.target, goal.unit)),
        _figure(kpi, platform, period, "deadline", goal.deadline.toordinal(),
                format_date(goal.deadline)),
        _label(kpi, platform, period, "measurement", goal.measurement),
        _label(kpi, platform, period, "horizon", HORIZON),
    ]
    derived += [_figure(kpi, platform, period, f.role, f.value, f.display) for f in goal.figures]
    return AuditFact(
        id=goal.id,
        kind="goal",
        title=f"Proposed goal: {platform_label(goal.platform)}, {KPIS[goal.kpi].name}",
        text=(
            f"A goal we propose for the next {HORIZON}: {goal.statement} Why: {goal.rationale} "
            f"Measured by: {goal.measurement} (evaluation stage: {goal.stage})."
        ),
        **_about(goal.kpi, goal.platform, goal.baseline_period, baseline),
        derived=derived,
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
        f"{path} ({format_value(views, 'count')} views, {share_of(views, total.value)})"
        for path, views in pages
    )
    key = total.period.key
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
        + _provenance_labels(total)
        + [
            DerivedValue(kpi="page_views", platform="website", period=key, value=views, item=path,
                         display=format_value(views, "count"))
            for path, views in pages
        ]
        + [
            DerivedValue(kpi="page_views", platform="website", period=key,
                         value=views / total.value * 100, item=path, role="share",
                         display=share_of(views, total.value))
            for path, views in pages
        ],
    )


def share_of(views: float, total: float) -> str:
    """A page's share of all page views, as the top-pages fact prints it."""
    return f"{views / total * 100:.1f}%"


def check_numbers(fact: AuditFact) -> str | None:
    """Why the fact's text may not be cited: it prints numbers none of its derived values
    accounts for. None when every number is derived."""
    stray = underived(fact.text, fact.derived)
    if stray:
        return f"{fact.id} prints {', '.join(stray)}, which no derived value accounts for"
    return None


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
    for fact in facts:  # a sentence printing a number it does not derive is a bug, never cited
        keys = [d.key for d in fact.derived]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{fact.id} derives one value twice")
        if problem := check_numbers(fact):
            raise ValueError(problem)
    return facts
