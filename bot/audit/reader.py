"""Read export files into raw rows of text, and parse the numbers and dates in them.

Channel exports come as CSV in several encodings and delimiters, or as Excel workbooks. This
module turns either into the same thing, rows of strings with the row number a spreadsheet
would show, so format recognition and mapping never care where a cell came from. Every fault a
user can cause is raised as `ImportFailed` carrying one `ImportProblem` that names the file,
and the row and column when there is one; no library exception escapes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.problems import ImportFailed, ImportProblem

CSV_SUFFIXES = frozenset({".csv", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx"})
DELIMITERS = (",", ";", "\t")
_SNIFF_LINES = 50


@dataclass(frozen=True)
class RawRow:
    """One row as text; `line` counts from 1 as a spreadsheet shows it."""

    line: int
    cells: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)

    def cell(self, index: int) -> str:
        return self.cells[index].strip() if index < len(self.cells) else ""


@dataclass(frozen=True)
class RawTable:
    """The rows of a CSV file, or of one worksheet (`sheet` names it)."""

    rows: list[RawRow]
    sheet: str | None = None


def fail(
    file: str, message: str, row: int | None = None, column: str | None = None
) -> ImportFailed:
    """The exception for one problem; callers `raise fail(...)`."""
    return ImportFailed([ImportProblem(file=file, message=message, row=row, column=column)])


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def read_tables(path: Path, file: str) -> list[RawTable]:
    """Every table in the file: one for a CSV, one per worksheet for a workbook.

    `file` is the name shown to the user in problems.
    """
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
        raise fail(file, _unsupported(suffix))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail(file, "file not found") from None
    except OSError as exc:
        raise fail(file, f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    if not data.strip():
        raise fail(file, "the file is empty")
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(data, file)
    return [RawTable(read_csv(data, file))]


def _unsupported(suffix: str) -> str:
    if suffix == ".xls":
        return "old Excel .xls workbooks are not supported; open it and save it as .xlsx or CSV"
    if suffix == ".zip":
        return "this is a zip archive; unzip it and import the CSV or XLSX files inside"
    shown = f"'{suffix}'" if suffix else "with no extension"
    return f"unsupported file type {shown}; export the data as CSV or XLSX"


def decode(data: bytes, file: str) -> str:
    """UTF-8 with or without a byte-order mark, or UTF-16 with one. Other encodings are refused
    rather than guessed, because a wrong guess silently corrupts names and numbers."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise fail(file, "UTF-16 text that is damaged; export the file again") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise fail(
                file,
                f"not UTF-8 or UTF-16 text (byte 0x{data[exc.start]:02x} at position {exc.start}); "
                "open it in a spreadsheet and save it as 'CSV UTF-8'",
            ) from None
    if "\x00" in text:
        raise fail(
            file,
            "the text contains NUL characters: it is UTF-16 without a byte-order mark, or not a "
            "text file; save it as 'CSV UTF-8'",
        )
    return text.lstrip("\ufeff")


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The delimiter that splits the most lines into the same number (2+) of cells.

    Exports put titles and date ranges above the table, which defeats `csv.Sniffer`; counting
    consistent widths ignores those lines. Ties go to the comma.
    """
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = Counter(len(r) for r in csv.reader(lines, delimiter=delimiter) if len(r) > 1)
        except csv.Error:  # e.g. an unclosed quote: the full read reports it with its row
            continue
        score = max(((count, width) for width, count in widths.items()), default=(0, 0))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(data: bytes, file: str) -> list[RawRow]:
    """Rows of a CSV file, delimiter sniffed. An Excel `sep=;` hint line is honoured."""
    text = decode(data, file)
    first_line, _, rest = text.partition("\n")
    hint = re.fullmatch(r"sep=(.)", first_line.strip())
    first = 1
    if hint:
        delimiter, text, first = hint.group(1), rest, 2
    else:
        delimiter = sniff_delimiter(text.splitlines()[:_SNIFF_LINES])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[RawRow] = []
    try:
        for line, cells in enumerate(reader, start=first):
            rows.append(RawRow(line, tuple(cells)))
    except csv.Error as exc:
        raise fail(file, f"malformed CSV: {exc}", row=first + len(rows)) from None
    return rows


def read_xlsx(data: bytes, file: str, sheet: str | None = None) -> list[RawTable]:
    """Each worksheet (or just `sheet`) as rows of text, read-only. Dates become ISO dates."""
    import openpyxl

    if not data.startswith(b"PK"):
        raise fail(file, "corrupt or unreadable XLSX: not an Excel workbook (not a zip archive)")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise fail(file, "corrupt or unreadable XLSX: the zip archive is damaged") from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged workbooks
        raise fail(file, f"corrupt or unreadable XLSX ({type(exc).__name__})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            sheets = ", ".join(book.sheetnames)
            raise fail(file, f"the workbook has no sheet '{sheet}' (it has: {sheets})")
        tables = []
        for name in [sheet] if sheet is not None else book.sheetnames:
            worksheet = book[name]
            if not hasattr(worksheet, "iter_rows"):  # a chart sheet
                continue
            worksheet.reset_dimensions()  # some writers record wrong sheet sizes
            rows = [
                RawRow(line, tuple(_xlsx_text(value) for value in values))
                for line, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
            ]
            tables.append(RawTable(rows, sheet=name))
        return tables
    except ImportFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged sheets
        raise fail(file, f"corrupt or unreadable XLSX ({type(exc).__name__})") from None
    finally:
        book.close()


def _xlsx_text(value: object) -> str:
    """A cell as the text a CSV export would hold; whole-number floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------

MISSING = frozenset({"", "-", "--", "\u2013", "\u2014"})
_GROUP_SPACES = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3}\b)")
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?\.\d+")
_CURRENCY = "£$€"


def parse_number(text: str, *, file: str, row: int, column: str) -> float | None:
    """'1,234', '1 234', '£1,234.56', '12.5%' -> a float; '', '-' and '--' -> None (missing).

    A comma is only ever a thousands separator: '12,5' is refused rather than read as 125.
    """
    value = text.strip()
    if value in MISSING:
        return None
    cleaned = value.removesuffix("%").strip()
    sign = ""
    if cleaned[:1] in "+-" and cleaned[1:2] in _CURRENCY:
        sign, cleaned = cleaned[0], cleaned[1:]
    cleaned = sign + cleaned.lstrip(_CURRENCY).strip()
    cleaned = _GROUP_SPACES.sub("", cleaned)
    if not _NUMBER.fullmatch(cleaned):
        raise fail(file, f"'{value}' is not a number", row=row, column=column)
    return float(cleaned.replace(",", ""))


_EXAMPLE = dt.datetime(2026, 1, 31, 14, 30, tzinfo=dt.timezone.utc)


def example(date_format: str) -> str:
    """How a date written in `date_format` looks, for messages: '%d/%m/%Y' -> '31/01/2026'."""
    return _EXAMPLE.strftime(date_format)


def _try(text: str, date_format: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, date_format).date()
    except ValueError:
        return None


def is_date(text: str, formats: Sequence[str]) -> bool:
    return any(_try(text.strip(), f) is not None for f in formats)


class DateReader:
    """Parses the dates of one column of one file.

    The first date fixes the file's format: once '03/04/2026' has been read as one format, a
    later row in another allowed format is refused, since a file that mixes them cannot be
    read unambiguously.
    """

    def __init__(self, formats: Sequence[str], *, file: str, column: str) -> None:
        self.formats = tuple(formats)
        self.file = file
        self.column = column
        self._fixed: tuple[str, int] | None = None  # (format, row that fixed it)

    def parse(self, text: str, row: int) -> dt.date:
        value = text.strip()
        if not value:
            raise fail(self.file, "the date is empty", row=row, column=self.column)
        if self._fixed is not None:
            fixed, first_row = self._fixed
            found = _try(value, fixed)
            if found is not None:
                return found
            if any(_try(value, f) is not None for f in self.formats if f != fixed):
                raise fail(
                    self.file,
                    f"'{value}' is written in a different date format from row {first_row} "
                    f"(like '{example(fixed)}'); one file must use one date format",
                    row=row,
                    column=self.column,
                )
            raise self._unreadable(value, row, (fixed,))
        for date_format in self.formats:
            found = _try(value, date_format)
            if found is not None:
                self._fixed = (date_format, row)
                return found
        raise self._unreadable(value, row, self.formats)

    def _unreadable(self, value: str, row: int, formats: Sequence[str]) -> ImportFailed:
        like = " or ".join(f"'{example(f)}'" for f in formats)
        if not re.search(r"\d{4}", value) and re.search(r"\d", value):
            year = _EXAMPLE.year
            dated = [f"{value} {year}", f"{value}, {year}", f"{value}/{year}"]
            shown = next((d for d in dated for f in formats if _try(d, f)), None)
            like = f"'{shown}', with the right year" if shown else like
            return fail(
                self.file,
                f"the date '{value}' has no year; add the year to every date (as in {like}) "
                "and import the file again",
                row=row,
                column=self.column,
            )
        return fail(
            self.file,
            f"'{value}' is not a date in the expected format (like {like})",
            row=row,
            column=self.column,
        )
