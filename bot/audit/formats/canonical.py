"""The canonical template: one row per value, for any figure no supported export provides
(community management logs, a platform Upward has no adapter for, a differing export).

Columns: date (YYYY-MM-DD), channel, platform, account, metric (a canonical metric name),
value, and optionally unit (defaults to the metric's unit; a currency code for cost), item
and granularity (day or month; a monthly row is dated the first of its month). Lines above the
header are free text, for notes.
"""

from __future__ import annotations

import re

from bot.audit.formats.base import DateColumn, FormatSpec, Layout
from bot.audit.model import (
    ALL,
    CHANNELS,
    METRICS,
    PLATFORMS,
    Observation,
)
from bot.audit.reader import RawRow
from bot.problems import ImportFailed, ImportProblem

COLUMNS = (
    "date", "channel", "platform", "account", "metric", "value", "unit", "item", "granularity"
)
_SLUG = re.compile(r"[a-z0-9][a-z0-9_]*")


def convert(layout: Layout, row: RawRow) -> list[Observation]:
    """One template row as one observation; every fault in the row is reported together."""
    problems: list[ImportProblem] = []

    def text(column: str) -> str:
        return layout.text(row, column)

    def refuse(column: str, message: str) -> None:
        problems.append(layout.problem(message, row, column))

    metric = text("metric").lower()
    spec = METRICS.get(metric)
    if spec is None:
        refuse("metric", f"'{metric}' is not a canonical metric (known: {', '.join(METRICS)})")
    channel, platform = text("channel").lower(), text("platform").lower()
    if channel not in CHANNELS:
        refuse("channel", f"'{text('channel')}' is not a channel ({', '.join(CHANNELS)})")
    if platform == ALL or not _SLUG.fullmatch(platform):
        refuse("platform", f"'{text('platform')}' is not a platform name (like 'facebook')")
    elif platform in PLATFORMS and channel in CHANNELS and PLATFORMS[platform][0] != channel:
        expected = PLATFORMS[platform][0]
        refuse("channel", f"{platform} belongs to the '{expected}' channel, not '{channel}'")
    account = text("account")
    if not account:
        refuse("account", "is empty; name the account the figure belongs to")
    granularity = text("granularity").lower() or "day"
    if granularity not in ("day", "month"):
        refuse("granularity", f"'{text('granularity')}' must be 'day' or 'month'")
    try:
        date = layout.date(row)
        if granularity == "month" and date.day != 1:
            refuse("date", f"a monthly row is dated the first of its month ({date.replace(day=1)})")
    except ImportFailed as exc:
        problems.extend(exc.problems)
    try:
        value = layout.number(row, "value")
        if value is None:
            refuse("value", "is empty; leave the row out when there is no figure")
    except ImportFailed as exc:
        problems.extend(exc.problems)
    unit = text("unit")
    if spec is not None and unit:
        if spec.unit == "currency" and not re.fullmatch(r"[A-Z]{3}", unit):
            refuse("unit", f"'{unit}' is not a currency code (like GBP or EUR)")
        elif spec.unit != "currency" and unit != spec.unit:
            refuse("unit", f"{metric} is counted in {spec.unit}, not '{unit}'; convert the value")
    if problems or spec is None or value is None:
        raise ImportFailed(problems)
    return [
        Observation(
            date=date,
            channel=channel,
            platform=platform,
            account=account,
            metric=metric,
            value=value,
            unit=unit or spec.unit,
            source_file=layout.file,
            source_row=row.line,
            item=text("item"),
            granularity="month" if granularity == "month" else "day",
        )
    ]


FORMAT = FormatSpec(
    format_id="canonical",
    label="Upward canonical template",
    platform="mixed",
    required=("channel", "platform", "account", "metric", "value"),
    dates=(DateColumn("date", ("%Y-%m-%d",)),),
    reads=COLUMNS,
    convert=convert,
)
