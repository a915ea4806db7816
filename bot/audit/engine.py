"""The KPI engine: every KPI in the catalogue, for every platform that has its inputs and for each
channel overall, in every complete month, quarter, calendar year and trailing twelve months.

Each value carries the component totals and the source rows it was computed from, so a figure can
be checked by hand against the export. `recompute` derives a single value from scratch along the
same path, which is how the verifier confirms a cited audit figure still follows from the data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.audit import periods
from bot.audit.kpis import KPIS
from bot.audit.model import (
    ALL,
    METRICS,
    CanonicalTable,
    KpiDef,
    KpiResults,
    KpiValue,
    Observation,
    Period,
    SourceRef,
)

TOP_PAGES = 10

# A source row as one sortable integer: (file code << 32) | row, file codes in file-name order.
# Merging the rows behind a value is then a numpy union, which keeps sources cheap even when
# a long-format file interleaves every metric row by row.
_ROW_BITS = 32
_ROW_MASK = (1 << _ROW_BITS) - 1
_Reading = tuple[dt.date, int, float]  # a stock on one day: (day, row key, value)


def _starts(keys: np.ndarray, gap: int) -> np.ndarray:
    """Which sorted keys begin a new run: the first, and any more than `gap` above the one before."""
    starts = np.ones(keys.size, dtype=bool)
    np.greater(keys[1:] - keys[:-1], gap, out=starts[1:])
    return starts


def _union(row_keys: list[np.ndarray]) -> np.ndarray:
    """Sorted, distinct row keys (a sort and a mask: much faster than np.unique on small arrays)."""
    keys = np.sort(np.concatenate(row_keys)) if row_keys else np.empty(0, dtype=np.int64)
    return keys[_starts(keys, 0)]


def _keys(keys: list[int]) -> np.ndarray:
    return _union([np.array(keys, dtype=np.int64)])


def _source_refs(files: list[str], row_keys: list[np.ndarray]) -> list[SourceRef]:
    """One reference per file, rows written as a person would look them up: "2-31, 40"."""
    keys = _union(row_keys)
    if keys.size == 0:
        return []
    starts = _starts(keys, 1)  # a new file always starts a run: rows count from 1
    ends = np.append(starts[1:], True)
    firsts, lasts = keys[starts], keys[ends]
    codes = firsts >> _ROW_BITS
    starts, ends = (firsts & _ROW_MASK).tolist(), (lasts & _ROW_MASK).tolist()
    bounds = [0, *(np.flatnonzero(np.diff(codes)) + 1).tolist(), len(starts)]
    refs = []
    for lo, hi in zip(bounds, bounds[1:]):
        runs = [str(a) if a == b else f"{a}-{b}" for a, b in zip(starts[lo:hi], ends[lo:hi])]
        refs.append(SourceRef(files[int(codes[lo])], ", ".join(runs)))
    return refs


@dataclass(frozen=True)
class _Part:
    """One metric of one platform over a stretch of time: its total, the rows behind it, the units
    those rows carry (to keep currencies apart) and, for medians, the single values."""

    total: float
    rows: np.ndarray  # sorted, unique row keys
    units: frozenset[str] = frozenset()
    samples: tuple[float, ...] = ()


def _combine(parts: list[_Part]) -> _Part:
    if len(parts) == 1:
        return parts[0]
    return _Part(
        math.fsum(p.total for p in parts),
        _union([p.rows for p in parts]),
        frozenset().union(*(p.units for p in parts)),
        tuple(s for p in parts for s in p.samples),
    )


class _Index:
    """The observations arranged so a period's component is a few lookups: flows and medians as
    one part per month, stocks as each account's readings in date order, page views per page per
    month. Period parts are cached because many KPIs read the same components.

    Website rows about a single page (a non-empty `item`) feed only the page views per page, so
    site totals are never counted twice."""

    def __init__(self, observations: Sequence[Observation]) -> None:
        self.files = sorted({o.source_file for o in observations})
        code = {file: i for i, file in enumerate(self.files)}
        by_month: dict[tuple[str, str, str, int], list[Observation]] = defaultdict(list)
        readings: dict[tuple[str, str, str], dict[str, list[_Reading]]] = defaultdict(
            lambda: defaultdict(list)
        )
        pages: dict[tuple[str, int], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        for o in observations:
            month = periods.month_index(o.date)
            if o.channel == "web" and o.item:
                if o.metric == "page_views":
                    pages[(o.platform, month)][o.item].append(o.value)
                continue
            spec = METRICS.get(o.metric)
            if spec is None:
                continue  # no KPI reads a metric outside the vocabulary
            if spec.aggregation == "last":
                reading = (o.date, code[o.source_file] << _ROW_BITS | o.source_row, o.value)
                readings[(o.channel, o.platform, o.metric)][o.account].append(reading)
            else:
                by_month[(o.channel, o.platform, o.metric, month)].append(o)
        self._months = {
            key: _Part(
                math.fsum(o.value for o in found),
                _keys([code[o.source_file] << _ROW_BITS | o.source_row for o in found]),
                frozenset(o.unit for o in found),
                tuple(o.value for o in found) if METRICS[key[2]].aggregation == "median" else (),
            )
            for key, found in by_month.items()
        }
        self._readings = {
            key: {account: sorted(found) for account, found in accounts.items()}
            for key, accounts in readings.items()
        }
        self.pages = {key: {path: math.fsum(v) for path, v in views.items()} for key, views in pages.items()}
        self._present = {key[:3] for key in self._months} | set(self._readings)
        self._cache: dict[tuple, _Part | None] = {}

    def platforms(self, channel: str, metrics: Iterable[str]) -> list[str]:
        """Platforms of the channel with rows for every one of `metrics`, sorted."""
        wanted = tuple(metrics)
        found = {platform for ch, platform, _ in self._present if ch == channel}
        return sorted(p for p in found if all((channel, p, m) in self._present for m in wanted))

    def page_platforms(self) -> list[str]:
        return sorted({platform for platform, _ in self.pages})

    def every_platform(self) -> list[str]:
        return sorted({platform for _, platform, _ in self._present} | set(self.page_platforms()))

    def flow(self, channel: str, platform: str, metric: str, period: Period) -> _Part | None:
        """The period's rows of a summed (or median) metric, or None if it has none."""
        key = ("flow", channel, platform, metric, period.key)
        if key not in self._cache:
            parts = [
                part
                for month in periods.month_indices(period)
                if (part := self._months.get((channel, platform, metric, month))) is not None
            ]
            self._cache[key] = _combine(parts) if parts else None
        return self._cache[key]

    def stock(
        self, channel: str, platform: str, metric: str, since: dt.date | None, until: dt.date
    ) -> _Part | None:
        """Each account's last reading dated from `since` (if given) to `until`, added up; None
        when no account has one."""
        key = ("stock", channel, platform, metric, since, until)
        if key not in self._cache:
            chosen: list[_Reading] = []
            for _, found in sorted(self._readings.get((channel, platform, metric), {}).items()):
                at = bisect.bisect_right(found, until, key=lambda reading: reading[0])
                if at and (since is None or found[at - 1][0] >= since):
                    chosen.append(found[at - 1])
            self._cache[key] = (
                _Part(math.fsum(r[2] for r in chosen), _keys([r[1] for r in chosen])) if chosen else None
            )
        return self._cache[key]


class _NoValue(Exception):
    """An input has no rows in the period, or its rows cannot be added (mixed currencies)."""


class _Reader:
    """What one formula reads for one period from one platform, or from several for ALL (whose
    components are summed, never averaged). Every component read is recorded as an input with
    the rows behind it, so a value's provenance is exactly what its formula used."""

    def __init__(self, index: _Index, channel: str, platforms: list[str], period: Period) -> None:
        self._index = index
        self._channel = channel
        self._platforms = platforms
        self.period = period
        self.inputs: dict[str, float] = {}
        self.rows: list[np.ndarray] = []
        self.currency: str | None = None

    def total(self, metric: str) -> float:
        parts = self._parts(lambda p: self._index.flow(self._channel, p, metric, self.period))
        if METRICS[metric].unit == "currency":
            units = frozenset().union(*(part.units for part in parts))
            if len(units) != 1:
                raise _NoValue
            (self.currency,) = units
        return self._record(metric, math.fsum(part.total for part in parts), parts)

    def at_end(self, metric: str) -> float:
        """A stock at the end of the period: each account's last reading within it."""
        start, end = self.period.start, self.period.end
        parts = self._parts(lambda p: self._index.stock(self._channel, p, metric, start, end))
        return self._record(metric, math.fsum(part.total for part in parts), parts)

    def before(self, metric: str) -> float:
        """A stock at the end of the previous period: each account's last reading before this one."""
        until = self.period.start - dt.timedelta(days=1)
        parts = self._parts(lambda p: self._index.stock(self._channel, p, metric, None, until))
        return self._record(f"{metric}_before", math.fsum(part.total for part in parts), parts)

    def median(self, metric: str) -> float:
        """The median of every single value in the period, pooled across platforms."""
        parts = self._parts(lambda p: self._index.flow(self._channel, p, metric, self.period))
        samples = sorted(s for part in parts for s in part.samples)
        self._record(f"{metric}_count", float(len(samples)), parts)
        return statistics.median(samples)

    def days(self) -> float:
        self.inputs["days"] = float(self.period.days)
        return self.inputs["days"]

    def _parts(self, get: Callable[[str], _Part | None]) -> list[_Part]:
        parts = [part for platform in self._platforms if (part := get(platform)) is not None]
        if not parts or len(parts) < len(self._platforms):
            raise _NoValue
        return parts

    def _record(self, name: str, value: float, parts: list[_Part]) -> float:
        self.inputs[name] = value
        self.rows.extend(part.rows for part in parts)
        return value


def _ratio(numerator: float, denominator: float, scale: float = 1.0) -> float | None:
    """numerator ÷ denominator × scale; None for a zero denominator rather than an invented figure."""
    return None if denominator == 0 else numerator / denominator * scale


def _engagements(r: _Reader) -> float:
    return r.total("reactions") + r.total("comments") + r.total("shares")


def _per_post_per_follower(r: _Reader) -> float | None:
    engagements, posts, followers = _engagements(r), r.total("posts"), r.at_end("followers")
    return None if posts == 0 or followers == 0 else engagements / posts / followers * 100


def _growth(r: _Reader) -> float | None:
    end, before = r.at_end("followers"), r.before("followers")
    return _ratio(end - before, before, 100)


# Each formula reads every component unconditionally, so a value's inputs never depend on
# another input's size, and a missing input always means no value.
_FORMULAS: dict[str, Callable[[_Reader], float | None]] = {
    "posts_per_week": lambda r: _ratio(r.total("posts"), r.days() / 7),
    "impressions": lambda r: r.total("impressions"),
    "reach": lambda r: r.total("reach"),
    "engagements": _engagements,
    "engagement_rate_per_reach": lambda r: _ratio(_engagements(r), r.total("reach"), 100),
    "engagement_rate_per_follower": lambda r: _ratio(_engagements(r), r.at_end("followers"), 100),
    "engagement_rate_per_post_per_follower": _per_post_per_follower,
    "followers": lambda r: r.at_end("followers"),
    "follower_growth": _growth,
    "video_views": lambda r: r.total("video_views"),
    "response_rate": lambda r: _ratio(r.total("messages_answered"), r.total("messages_received"), 100),
    "median_response_minutes": lambda r: r.median("response_minutes"),
    "comments_answered_share": lambda r: _ratio(r.total("comments_answered"), r.total("comments"), 100),
    "users": lambda r: r.total("users"),
    "sessions": lambda r: r.total("sessions"),
    "web_engagement_rate": lambda r: _ratio(r.total("engaged_sessions"), r.total("sessions"), 100),
    "page_views": lambda r: r.total("page_views"),
    "ad_impressions": lambda r: r.total("impressions"),
    "ad_clicks": lambda r: r.total("clicks"),
    "ctr": lambda r: _ratio(r.total("clicks"), r.total("impressions"), 100),
    "cpc": lambda r: _ratio(r.total("cost"), r.total("clicks")),
    "ad_spend": lambda r: r.total("cost"),
    "conversions": lambda r: r.total("conversions"),
    "cost_per_conversion": lambda r: _ratio(r.total("cost"), r.total("conversions")),
    "email_sends": lambda r: r.total("sends"),
    "emails_delivered": lambda r: r.total("emails_delivered"),
    "open_rate": lambda r: _ratio(r.total("unique_opens"), r.total("emails_delivered"), 100),
    "click_rate": lambda r: _ratio(r.total("unique_clicks"), r.total("emails_delivered"), 100),
    "unsubscribe_rate": lambda r: _ratio(r.total("unsubscribes"), r.total("emails_delivered"), 100),
}


def _evaluate(index: _Index, kdef: KpiDef, platform: str, members: list[str], period: Period) -> KpiValue:
    """One value of `kdef` for `platform` (ALL or a slug) from the rows of `members`."""
    reader = _Reader(index, kdef.channel, members, period)
    try:
        value = _FORMULAS[kdef.id](reader)
    except _NoValue:
        return KpiValue(kdef.id, kdef.channel, platform, period, None, kdef.unit)
    return KpiValue(
        kdef.id,
        kdef.channel,
        platform,
        period,
        None if value is None else float(value),
        reader.currency or kdef.unit,
        inputs=reader.inputs,
        sources=_source_refs(index.files, reader.rows),
        platforms=tuple(members),
    )


def _period_order(period: Period) -> tuple[int, dt.date]:
    return periods.KINDS.index(period.kind), period.start


def _kpi_values(index: _Index, kdef: KpiDef, complete: dict[str, list[Period]]) -> list[KpiValue]:
    """One KPI for each platform with its inputs in each of its complete periods, then ALL for
    every period complete for at least one of them, combining those that have every input."""
    values: list[KpiValue] = []
    members: dict[Period, list[str]] = {}
    for platform in index.platforms(kdef.channel, kdef.inputs):
        for period in complete[platform]:
            value = _evaluate(index, kdef, platform, [platform], period)
            values.append(value)
            members.setdefault(period, [])
            if value.platforms:
                members[period].append(platform)
    for period in sorted(members, key=_period_order):
        values.append(_evaluate(index, kdef, ALL, members[period], period))
    return values


def _comparable(value: KpiValue, other: KpiValue | None) -> KpiValue | None:
    """`other`, if it may be set against `value`: an overall figure only against one built from
    the same platforms, so a platform joining the audit never reads as growth."""
    if other is None or (value.platform == ALL and other.platforms != value.platforms):
        return None
    return other


def _link(values: list[KpiValue]) -> None:
    """Point each value at the previous period's and the year-earlier period's value, when those
    periods were complete (and, for ALL, combine the same platforms)."""
    by_key = {(v.kpi, v.platform, v.period.key): v for v in values}
    for v in values:
        v.previous = _comparable(v, by_key.get((v.kpi, v.platform, periods.previous(v.period).key)))
        v.year_ago = _comparable(v, by_key.get((v.kpi, v.platform, periods.year_ago(v.period).key)))


def _top_pages(index: _Index, complete: dict[str, list[Period]]) -> dict[str, list[tuple[str, float]]]:
    """The most viewed pages in each period complete for a website, most viewed first."""
    members: dict[Period, list[str]] = defaultdict(list)
    for platform in index.page_platforms():
        for period in complete[platform]:
            members[period].append(platform)
    top: dict[str, list[tuple[str, float]]] = {}
    for period in sorted(members, key=_period_order):
        views: dict[str, list[float]] = defaultdict(list)
        for platform in members[period]:
            for month in periods.month_indices(period):
                for path, total in index.pages.get((platform, month), {}).items():
                    views[path].append(total)
        ranked = sorted(((path, math.fsum(v)) for path, v in views.items()), key=lambda pv: (-pv[1], pv[0]))
        if ranked:
            top[period.key] = ranked[:TOP_PAGES]
    return top


def compute_kpis(table: CanonicalTable) -> KpiResults:
    """Every KPI for every platform with its inputs and for ALL per channel, in every complete
    period, linked to the previous and year-earlier values; plus the top pages per period."""
    index = _Index(table.observations)
    complete = {p: periods.complete_periods(table.coverage(p)) for p in index.every_platform()}
    values = [v for kdef in KPIS.values() for v in _kpi_values(index, kdef, complete)]
    _link(values)
    return KpiResults(values=values, top_pages=_top_pages(index, complete))


def _recomputed(
    table: CanonicalTable, index: _Index, kdef: KpiDef, platform: str, period: Period
) -> KpiValue | None:
    candidates = index.platforms(kdef.channel, kdef.inputs)
    complete = [p for p in candidates if periods.is_complete(period, table.coverage(p))]
    if platform != ALL:
        return _evaluate(index, kdef, platform, [platform], period) if platform in complete else None
    if not complete:
        return None
    members = [p for p in complete if _evaluate(index, kdef, p, [p], period).platforms]
    return _evaluate(index, kdef, ALL, members, period)


def recompute(table: CanonicalTable, kpi: str, platform: str, period_key: str) -> KpiValue | None:
    """One value computed from scratch from only the rows it can depend on, exactly as
    `compute_kpis` computes it, with its previous and year-earlier values (unlinked beyond that).
    None when the KPI is unknown, or the platform lacks the inputs or the period is incomplete;
    ValueError when `period_key` is not a period key."""
    kdef = KPIS.get(kpi)
    if kdef is None:
        return None
    period = periods.period_from_key(period_key)
    index = _Index([
        o
        for o in table.observations
        if o.channel == kdef.channel and o.metric in kdef.inputs and platform in (ALL, o.platform)
    ])
    value = _recomputed(table, index, kdef, platform, period)
    if value is not None:
        before = _recomputed(table, index, kdef, platform, periods.previous(period))
        value.previous = _comparable(value, before)
        if periods.year_ago(period) != periods.previous(period):
            before = _recomputed(table, index, kdef, platform, periods.year_ago(period))
        value.year_ago = _comparable(value, before)
    return value
