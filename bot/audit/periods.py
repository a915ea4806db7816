"""Reporting periods: how months, quarters, years and trailing twelve months are named, which
period comes before another, and which periods a platform's exports cover completely.

A period counts only when the exports cover every day of it. A half-exported month would read as
a collapse in activity, so it is left out rather than reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from bot.audit.model import Period, PeriodKind

KINDS: tuple[PeriodKind, ...] = ("month", "quarter", "year", "last12")

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def month_index(day: dt.date) -> int:
    """Months counted from year 0, so consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def _first_day(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _last_day(index: int) -> dt.date:
    return _first_day(index + 1) - dt.timedelta(days=1)


def month_indices(period: Period) -> range:
    """The months a period spans, as `month_index` numbers."""
    return range(month_index(period.start), month_index(period.end) + 1)


def month_of(year: int, month: int) -> Period:
    index = year * 12 + month - 1
    return Period(_first_day(index), _last_day(index), "month", f"{year:04d}-{month:02d}",
                  f"{_MONTH_NAMES[month - 1]} {year}")


def quarter_of(year: int, quarter: int) -> Period:
    first = year * 12 + (quarter - 1) * 3
    return Period(_first_day(first), _last_day(first + 2), "quarter", f"{year:04d}-Q{quarter}",
                  f"Q{quarter} {year}")


def year_of(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", f"{year:04d}", f"{year}")


def last12_to(year: int, month: int) -> Period:
    """The twelve months ending with (and including) `month` of `year`."""
    last = year * 12 + month - 1
    return Period(_first_day(last - 11), _last_day(last), "last12", f"L12-{year:04d}-{month:02d}",
                  f"the 12 months to {_MONTH_NAMES[month - 1]} {year}")


_MONTH = r"(\d{4})-(0[1-9]|1[0-2])"


def period_from_key(key: str) -> Period:
    """The period a stored key names ("2026-03", "2026-Q1", "2025", "L12-2026-10")."""
    if found := re.fullmatch(_MONTH, key):
        return month_of(int(found[1]), int(found[2]))
    if found := re.fullmatch(r"(\d{4})-Q([1-4])", key):
        return quarter_of(int(found[1]), int(found[2]))
    if found := re.fullmatch(r"\d{4}", key):
        return year_of(int(found[0]))
    if found := re.fullmatch("L12-" + _MONTH, key):
        return last12_to(int(found[1]), int(found[2]))
    raise ValueError(f"not a period key: {key!r}")


def previous(period: Period) -> Period:
    """The period of the same kind just before; for years and trailing twelve months that is also
    the period a year earlier."""
    start = month_index(period.start)
    if period.kind == "month":
        return _month_at(start - 1)
    if period.kind == "quarter":
        return _quarter_at(start - 3)
    return year_ago(period)


def year_ago(period: Period) -> Period:
    """The same period one year earlier."""
    start = month_index(period.start)
    if period.kind == "month":
        return _month_at(start - 12)
    if period.kind == "quarter":
        return _quarter_at(start - 12)
    if period.kind == "year":
        return year_of(period.start.year - 1)
    end = month_index(period.end) - 12
    return last12_to(end // 12, end % 12 + 1)


def _month_at(index: int) -> Period:
    return month_of(index // 12, index % 12 + 1)


def _quarter_at(first_month: int) -> Period:
    return quarter_of(first_month // 12, first_month % 12 // 3 + 1)


def merge_coverage(ranges: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Overlapping or touching date ranges joined, in date order."""
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def is_complete(period: Period, coverage: Iterable[tuple[dt.date, dt.date]]) -> bool:
    """Whether every day of the period lies within the covered ranges."""
    return any(start <= period.start and period.end <= end for start, end in merge_coverage(coverage))


def complete_periods(coverage: Iterable[tuple[dt.date, dt.date]]) -> list[Period]:
    """Every month, quarter, calendar year and trailing-twelve-month window the coverage spans in
    full, ordered by kind (as in KINDS) and then by date."""
    months: set[int] = set()
    for start, end in merge_coverage(coverage):
        first = month_index(start) + (start.day != 1)
        last = month_index(end) - (end != _last_day(month_index(end)))
        months.update(range(first, last + 1))
    # Whole months are contiguous days, so consecutive complete months need no gap check.
    ordered = sorted(months)
    found: list[Period] = [_month_at(m) for m in ordered]
    found += [_quarter_at(m) for m in ordered if m % 3 == 0 and {m + 1, m + 2} <= months]
    found += [year_of(m // 12) for m in ordered if m % 12 == 0 and set(range(m, m + 12)) <= months]
    found += [last12_to(m // 12, m % 12 + 1) for m in ordered if set(range(m - 11, m + 1)) <= months]
    return found
