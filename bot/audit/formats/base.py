"""What an export format is, and how one of its rows becomes observations.

A format is data, not code: the headers that identify it, the date column and its formats, which
column becomes which canonical metric, and the real columns it knows but leaves unread. Most
exports are "wide" (one date per row, one metric per column) and need nothing more; a format
with a different shape (the canonical template) supplies its own `convert` function.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot.audit.model import METRICS, PLATFORMS, Observation
from bot.problems import ImportFailed, ImportProblem
from bot.audit.reader import DateReader, RawRow, is_date, parse_number

Granularity = Literal["day", "month"]


def norm(header: str) -> str:
    """Headers compare case-insensitively and ignore runs of spaces and line breaks."""
    return " ".join(header.split()).casefold()


@dataclass(frozen=True)
class DateColumn:
    """A date column: its header, the formats it may use, and whether a row is a day or a month
    (monthly rows are dated the first of the month)."""

    header: str
    formats: tuple[str, ...]
    granularity: Granularity = "day"


@dataclass(frozen=True)
class Measure:
    """A column that becomes a canonical metric; the first of `headers` present is read, and the
    others are known names for the same figure (older or newer versions of the export)."""

    metric: str
    headers: tuple[str, ...]


@dataclass(frozen=True)
class Preamble:
    """Facts some exports state above the table (GA4's date range and property)."""

    account: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class FormatSpec:
    """One export layout.

    `required` headers (plus one of the `dates`) identify it. `ignored` lists the real columns
    it leaves unread, as case-insensitive shell patterns ("Daily *"); any other column is an
    unknown header, because a column Upward cannot place may mean the export is not what it
    seems. `skip_rows` are regular expressions for the first cell of total and footer rows.
    """

    format_id: str
    label: str
    platform: str  # a PLATFORMS slug, or "mixed" when rows name their own platform
    required: tuple[str, ...]
    dates: tuple[DateColumn, ...]
    measures: tuple[Measure, ...] = ()
    ignored: tuple[str, ...] = ()
    item: tuple[str, ...] = ()  # the column naming the post, page or campaign
    account: tuple[str, ...] = ()  # the column naming the account, when the export has one
    account_pattern: str | None = None  # takes the account from the account cell (group 1)
    currency: tuple[str, ...] = ()  # the column with the currency code of money metrics
    count_metric: str | None = None  # one row = one post or send: this metric gets 1 per row
    skip_rows: tuple[str, ...] = ()
    comment_prefix: str | None = None  # a line starting so after the data ends the table
    description_row: bool = False  # a row of metric descriptions sits under the header
    preamble: Callable[[Sequence[RawRow]], Preamble] | None = None
    reads: tuple[str, ...] = ()  # further columns a custom `convert` reads
    convert: Callable[[Layout, RawRow], list[Observation]] | None = None
    _skip: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)
    _named: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        metrics = [m.metric for m in self.measures] + [self.count_metric or "posts"]
        unknown = [m for m in metrics if m not in METRICS]
        if unknown or (self.platform != "mixed" and self.platform not in PLATFORMS):
            raise ValueError(f"format {self.format_id}: unknown metric or platform {unknown}")
        skip = tuple(re.compile(p, re.IGNORECASE) for p in self.skip_rows)
        object.__setattr__(self, "_skip", skip)
        named = (
            *self.required,
            *(d.header for d in self.dates),
            *(h for m in self.measures for h in m.headers),
            *self.item,
            *self.account,
            *self.currency,
            *self.reads,
        )
        object.__setattr__(self, "_named", frozenset(norm(h) for h in named))

    @property
    def channel(self) -> str:
        return PLATFORMS[self.platform][0] if self.platform in PLATFORMS else "mixed"

    def missing(self, headers: set[str]) -> list[str]:
        """Identifying headers absent from a row of normalised `headers`."""
        absent = [h for h in self.required if norm(h) not in headers]
        if not any(norm(d.header) in headers for d in self.dates):
            absent.insert(0, " or ".join(d.header for d in self.dates))
        return absent

    def known(self, header: str) -> bool:
        """Read by the format, or listed as a real column it leaves unread."""
        name = norm(header)
        if name in self._named:
            return True
        return any(fnmatch.fnmatchcase(name, norm(pattern)) for pattern in self.ignored)

    def skips(self, row: RawRow) -> bool:
        """Totals and footers, recognised by the row's first cell."""
        first = row.cell(0)
        return any(pattern.fullmatch(first) for pattern in self._skip)


class Layout:
    """A format bound to the header row of one file: where each column is, plus the file's
    date reader (whose first date fixes the date format for the rest of the file).

    `file` is recorded on observations; problems name the worksheet too, since a row number
    alone does not say where to look in a workbook.
    """

    def __init__(
        self, spec: FormatSpec, header: RawRow, *, file: str, account: str, sheet: str | None = None
    ) -> None:
        self.spec = spec
        self.file = file
        self.where = f"{file} (sheet '{sheet}')" if sheet else file
        self.header = header
        self.default_account = account
        self.columns: dict[str, int] = {}
        self.repeated: list[str] = []  # headers that occur more than once
        for index, cell in enumerate(header.cells):
            name = norm(cell)
            if not name:
                continue
            if name in self.columns:
                self.repeated.append(cell.strip())
            else:
                self.columns[name] = index
        self.date_column = next(d for d in spec.dates if norm(d.header) in self.columns)
        self.dates = DateReader(
            self.date_column.formats, file=self.where, column=self.date_column.header
        )
        self.measures = [
            (m.metric, header_name)
            for m in spec.measures
            if (header_name := self.first_present(m.headers)) is not None
        ]
        self.item_column = self.first_present(spec.item)
        self.account_column = self.first_present(spec.account)
        self.currency_column = self.first_present(spec.currency)
        self._account_pattern = re.compile(spec.account_pattern) if spec.account_pattern else None

    def first_present(self, headers: Sequence[str]) -> str | None:
        return next((h for h in headers if norm(h) in self.columns), None)

    def unknown_headers(self) -> list[str]:
        return [c.strip() for c in self.header.cells if c.strip() and not self.spec.known(c)]

    def text(self, row: RawRow, header: str | None) -> str:
        """The cell under `header` ('' when the column or the cell is absent)."""
        if header is None:
            return ""
        index = self.columns.get(norm(header))
        return "" if index is None else " ".join(row.cell(index).split())

    def number(self, row: RawRow, header: str) -> float | None:
        return parse_number(self.text(row, header), file=self.where, row=row.line, column=header)

    def date(self, row: RawRow) -> dt.date:
        """The row's date; monthly rows are dated the first of their month."""
        found = self.dates.parse(self.text(row, self.date_column.header), row.line)
        return found.replace(day=1) if self.date_column.granularity == "month" else found

    def looks_like_description(self, row: RawRow) -> bool:
        """A description row under the header has text, not a date, in the date column."""
        return not is_date(self.text(row, self.date_column.header), self.date_column.formats)

    def account_of(self, row: RawRow) -> str:
        cell = self.text(row, self.account_column)
        if cell and self._account_pattern is not None:
            match = self._account_pattern.search(cell)
            cell = match.group(1) if match else ""
        return cell or self.default_account

    def problem(self, message: str, row: RawRow, column: str | None = None) -> ImportProblem:
        return ImportProblem(file=self.where, message=message, row=row.line, column=column)

    def observations(self, row: RawRow) -> list[Observation]:
        """The row as observations; raises ImportFailed listing every bad cell in it."""
        if self.spec.convert is not None:
            return self.spec.convert(self, row)
        return wide_observations(self, row)


def wide_observations(layout: Layout, row: RawRow) -> list[Observation]:
    """One date, many metric columns: each non-empty cell becomes one observation."""
    spec = layout.spec
    problems: list[ImportProblem] = []
    try:
        date = layout.date(row)
    except ImportFailed as exc:
        problems.extend(exc.problems)
    item = layout.text(row, layout.item_column)
    if spec.count_metric and layout.item_column and not item:
        problems.append(layout.problem("is empty; every row needs one", row, layout.item_column))
    values: list[tuple[str, float]] = []
    if spec.count_metric:
        values.append((spec.count_metric, 1.0))
    for metric, header in layout.measures:
        try:
            value = layout.number(row, header)
        except ImportFailed as exc:
            problems.extend(exc.problems)
            continue
        if value is not None:
            values.append((metric, value))
    if problems:
        raise ImportFailed(problems)
    account = layout.account_of(row)
    currency = layout.text(row, layout.currency_column).upper() or "currency"
    return [
        Observation(
            date=date,
            channel=spec.channel,
            platform=spec.platform,
            account=account,
            metric=metric,
            value=value,
            unit=currency if METRICS[metric].unit == "currency" else METRICS[metric].unit,
            source_file=layout.file,
            source_row=row.line,
            item=item,
            granularity=layout.date_column.granularity,
        )
        for metric, value in values
    ]
