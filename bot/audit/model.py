"""The audit's shared vocabulary: channels, platforms, canonical metrics and the records that flow
from import (observations) through the KPI engine (values) to benchmarks, goals and facts.

Every export adapter maps its columns onto these metric names; every KPI formula is written in
them. Keeping them in one module is what lets a new export format be one new file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Channel = Literal["social", "web", "ppc", "email"]
CHANNELS: tuple[Channel, ...] = ("social", "web", "ppc", "email")
CHANNEL_LABELS: dict[str, str] = {
    "social": "Social media",
    "web": "Website",
    "ppc": "Paid search",
    "email": "Email",
}

# Known platforms: slug -> (channel, label). The canonical template may name others.
PLATFORMS: dict[str, tuple[Channel, str]] = {
    "facebook": ("social", "Facebook"),
    "instagram": ("social", "Instagram"),
    "linkedin": ("social", "LinkedIn"),
    "x": ("social", "X (Twitter)"),
    "youtube": ("social", "YouTube"),
    "tiktok": ("social", "TikTok"),
    "website": ("web", "Website"),
    "google_ads": ("ppc", "Google Ads"),
    "microsoft_ads": ("ppc", "Microsoft Ads"),
    "mailchimp": ("email", "Mailchimp"),
    "govdelivery": ("email", "GovDelivery"),
}
ALL = "all"  # the platform slug for a channel's overall figure


def platform_label(slug: str) -> str:
    if slug == ALL:
        return "All platforms"
    known = PLATFORMS.get(slug)
    return known[1] if known else slug.replace("_", " ").title()


Aggregation = Literal["sum", "last", "median"]


@dataclass(frozen=True)
class MetricSpec:
    """A canonical metric. `aggregation` says how values combine over time: `sum` for flows
    (impressions), `last` for stocks (followers at the end of a period), `median` for one value
    per event (minutes to answer one message)."""

    name: str
    unit: str
    aggregation: Aggregation
    description: str


def _m(name: str, unit: str, aggregation: Aggregation, description: str) -> tuple[str, MetricSpec]:
    return name, MetricSpec(name, unit, aggregation, description)


METRICS: dict[str, MetricSpec] = dict(
    [
        # Social
        _m("posts", "posts", "sum", "Posts published (one per post row, or a daily count)."),
        _m("impressions", "count", "sum", "Times content was shown (social or ads)."),
        _m("reach", "people", "sum", "People reached per post or per day; summed, so not unique people."),
        _m("reactions", "count", "sum", "Likes and other reactions."),
        _m("comments", "count", "sum", "Comments or replies received."),
        _m("shares", "count", "sum", "Shares, reposts or retweets."),
        _m("clicks", "count", "sum", "Clicks (link clicks on social; ad clicks in paid search)."),
        _m("video_views", "count", "sum", "Video views as the platform counts them."),
        _m("followers", "people", "last", "Followers (page likes, subscribers) at the end of the day."),
        _m("new_followers", "people", "sum", "Followers gained."),
        _m("messages_received", "count", "sum", "Messages and mentions that needed a reply."),
        _m("messages_answered", "count", "sum", "Of those, messages that got a reply."),
        _m("comments_answered", "count", "sum", "Comments the organisation replied to."),
        _m("response_minutes", "minutes", "median", "Minutes to the first reply, one row per message."),
        # Web
        _m("users", "people", "sum", "Active users per day or month; summed, so not unique people."),
        _m("new_users", "people", "sum", "First-time users."),
        _m("sessions", "count", "sum", "Sessions (visits)."),
        _m("engaged_sessions", "count", "sum", "Sessions that lasted 10 s+, had 2+ views or a key event (GA4)."),
        _m("page_views", "count", "sum", "Page or screen views; per page when `item` holds the path."),
        # Paid search (impressions and clicks above)
        _m("cost", "currency", "sum", "Spend, in the currency given by the observation's unit."),
        _m("conversions", "count", "sum", "Conversions as configured in the ads account."),
        # Email
        _m("sends", "campaigns", "sum", "Campaigns or bulletins sent."),
        _m("emails_sent", "count", "sum", "Emails sent (recipients)."),
        _m("emails_delivered", "count", "sum", "Emails delivered (sent minus bounces)."),
        _m("unique_opens", "count", "sum", "Recipients who opened."),
        _m("unique_clicks", "count", "sum", "Recipients who clicked a link."),
        _m("unsubscribes", "count", "sum", "Recipients who unsubscribed."),
    ]
)


@dataclass(frozen=True, slots=True)
class Observation:
    """One row of the canonical long table: a single metric value on one date.

    `date` is the day the value belongs to; monthly exports use the first of the month and set
    `granularity` to "month". `item` names what a row is about below the account (a post id, a
    page path, a campaign) and is empty for account totals. `source_row` counts lines of the
    source file from 1 (the first line of the file), so a person can find it in a spreadsheet.
    """

    date: dt.date
    channel: str
    platform: str
    account: str
    metric: str
    value: float
    unit: str
    source_file: str
    source_row: int
    item: str = ""
    granularity: Literal["day", "month"] = "day"


@dataclass(frozen=True)
class ImportedFile:
    """What one export file contributed."""

    path: str  # as the user named it (shown in reports)
    sha256: str
    format_id: str  # e.g. "meta_posts", "ga4", "canonical"
    format_label: str  # e.g. "Meta Business Suite – posts export"
    platform: str  # a platform slug; "mixed" for the canonical template
    account: str
    rows: int  # data rows read
    observations: int
    start: dt.date  # first day the file covers
    end: dt.date  # last day the file covers (inclusive)


@dataclass(frozen=True)
class PeerValue:
    """One row of a peer dataset: a peer's KPI over a stated period, measured by a stated method."""

    peer: str
    country: str
    sector: str  # council, police, health, agency, fire, transport …
    platform: str
    kpi: str
    period: str  # as the source states it, e.g. "12 months to Sep 2026"
    value: float
    method: str  # must match the KPI id's method to be compared like for like
    source: str  # where the figure came from (a report, a published dashboard)
    source_row: int = 0


@dataclass(frozen=True)
class PublishedBenchmark:
    """A figure from an evidence card, restated as a KPI value with the method behind it."""

    evidence_id: str  # "F47"
    platform: str
    kpi: str
    value: float  # in the KPI's unit (minutes for reply times, % for rates)
    method: str  # our KPI id when the formula is the same; otherwise the source's own method
    note: str  # the benchmark's year, population and any caveat
    source_row: int = 0

    @property
    def like_for_like(self) -> bool:
        return self.method == self.kpi


@dataclass
class CanonicalTable:
    """Everything an audit is computed from: every observation and the files they came from,
    and the peer rows and published benchmarks read beside them. The audit store keeps all of it,
    so every figure in every fact — own values, ranks, medians, goals — can be re-derived."""

    observations: list[Observation]
    files: list[ImportedFile]
    peers: list[PeerValue] = field(default_factory=list)
    published: list[PublishedBenchmark] = field(default_factory=list)

    def coverage(self, platform: str) -> list[tuple[dt.date, dt.date]]:
        """Date ranges the files for `platform` cover (a canonical-template file covers every
        platform it mentions)."""
        ranges = []
        for f in self.files:
            if f.platform == platform or (
                f.platform == "mixed"
                and any(o.platform == platform and o.source_file == f.path for o in self.observations)
            ):
                ranges.append((f.start, f.end))
        return sorted(ranges)


# ------------------------------------------------------------------------------------------
# KPI engine output
# ------------------------------------------------------------------------------------------

PeriodKind = Literal["month", "quarter", "year", "last12"]
Stage = Literal["outputs", "outtakes", "outcomes", "impact"]


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period, inclusive of both ends. `key` is stable and sortable within a kind:
    "2026-03", "2026-Q1", "2025", "L12-2026-10" (the 12 months to October 2026)."""

    start: dt.date
    end: dt.date
    kind: PeriodKind
    key: str
    label: str  # "March 2026", "Q1 2026", "2025", "the 12 months to October 2026"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class KpiDef:
    """A KPI and its documented formula (shown in docs and in every figure's provenance)."""

    id: str  # e.g. "engagement_rate_per_reach"
    name: str  # e.g. "Engagement rate (per reach)"
    channel: Channel
    unit: str  # "%", "count", "people", "minutes", "posts/week", "GBP", …
    formula: str  # in words and canonical metric names
    inputs: tuple[str, ...]  # canonical metrics it needs
    stage: Stage  # AMEC / GCS evaluation stage
    higher_is_better: bool = True
    notes: str = ""  # method caveats (e.g. summed reach is not unique people)


@dataclass(frozen=True)
class SourceRef:
    """Rows of one file that a figure was computed from; `rows` as compact ranges, "2-13, 15"."""

    file: str
    rows: str


@dataclass
class KpiValue:
    """One KPI for one platform (or ALL) in one period, with its comparisons and provenance."""

    kpi: str
    channel: str
    platform: str
    period: Period
    value: float | None  # None when the inputs are missing or a denominator is zero
    unit: str
    inputs: dict[str, float] = field(default_factory=dict)  # component totals used
    sources: list[SourceRef] = field(default_factory=list)
    previous: KpiValue | None = None  # the period before (same kind)
    year_ago: KpiValue | None = None  # the same period a year earlier (months and quarters)
    # Platforms whose rows fed the value: several for ALL (those complete for the period and
    # with every input), the platform itself otherwise; empty when an input was missing.
    platforms: tuple[str, ...] = ()

    @staticmethod
    def change(current: float | None, before: float | None, unit: str) -> tuple[float | None, str]:
        """(amount, how): percentage points for rates, per cent change otherwise."""
        if current is None or before is None:
            return None, ""
        if unit == "%":
            return current - before, "points"
        if before == 0:
            return None, ""
        return (current - before) / before * 100, "%"


# ------------------------------------------------------------------------------------------
# Benchmarks and goals
# ------------------------------------------------------------------------------------------


@dataclass
class BenchmarkPosition:
    """Where the organisation sits among its peers on one KPI."""

    kpi: str
    platform: str
    ours: float
    our_period: Period
    unit: str
    peers: list[PeerValue]
    percentile: float  # share of peers we beat (ties count half), 0–100, adjusted for direction
    median: float
    top_quartile: float  # the 75th percentile value in the "better" direction
    rank: int  # 1 = best
    like_for_like: bool = True
    caveat: str = ""


@dataclass(frozen=True)
class PublishedComparison:
    """A comparison against a benchmark in the evidence base (an evidence card id)."""

    kpi: str
    platform: str
    evidence_id: str  # e.g. "F47"
    benchmark: float | None
    benchmark_method: str
    ours: float | None
    our_period: Period | None
    like_for_like: bool
    note: str  # what can (or cannot) be concluded, in a sentence
    source_note: str = ""  # the published row's own note (year, population, caveat), as given


# What a number in a fact is: the fact's derived values and a goal's figures are typed by it.
Role = Literal[
    "value",  # a KPI value: ours, or the one it is compared with (a page's views: `item` names it)
    "change",  # the change between them, as printed ("18.3%", "0.85")
    "peers", "rank", "of", "percentile", "median", "top_quartile",  # a peer position
    "benchmark",  # a published benchmark's value
    "target", "deadline", "aim", "gap", "step",  # a goal and the case for it
    "share",  # a page's share of all page views
    "label",  # text from the data or the catalogue; `item` says which (period, formula, caveat …)
]


@dataclass(frozen=True)
class Figure:
    """A number a sentence prints besides the KPI value itself (a rank, a median, a policy step),
    with its role and exactly how it is printed: what the goal's fact re-derives and checks."""

    role: Role
    value: float
    display: str


@dataclass
class Goal:
    """A proposed 12-month SMART target built from a gap."""

    id: str  # stable: "G-<platform>-<kpi>"
    kpi: str
    platform: str
    statement: str  # one sentence, with baseline, target and date
    baseline: float
    baseline_period: Period
    target: float
    unit: str
    deadline: dt.date
    measurement: str  # the export and formula that will measure it
    stage: Stage
    rationale: str  # the gap it closes (peer median, published benchmark, trend)
    figures: tuple[Figure, ...] = ()  # the numbers the rationale and bracket print


@dataclass
class KpiResults:
    """Everything the KPI engine computed, with the lookups reports, benchmarks and facts need."""

    values: list[KpiValue]
    # Top pages per period key: [(page path or title, page views)], most viewed first.
    top_pages: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_key = {(v.kpi, v.platform, v.period.key): v for v in self.values}

    def get(self, kpi: str, platform: str, period_key: str) -> KpiValue | None:
        return self._by_key.get((kpi, platform, period_key))

    def series(self, kpi: str, platform: str, kind: PeriodKind = "month") -> list[KpiValue]:
        """Values of one KPI for one platform, oldest period first."""
        return sorted(
            (v for v in self.values if v.kpi == kpi and v.platform == platform and v.period.kind == kind),
            key=lambda v: v.period.start,
        )

    def latest(self, kpi: str, platform: str, kind: PeriodKind = "last12") -> KpiValue | None:
        found = [v for v in self.series(kpi, platform, kind) if v.value is not None]
        return found[-1] if found else None

    def platforms(self, kpi: str) -> list[str]:
        """Platforms with a value for `kpi`, ALL last."""
        slugs = {v.platform for v in self.values if v.kpi == kpi and v.value is not None}
        return sorted(slugs - {ALL}) + ([ALL] if ALL in slugs else [])
