"""Import channel exports into the canonical table: recognise each file's format by its
headers, map its rows to observations, and check the set as a whole.

Import is all or nothing. Every problem in every file (up to 25 a file) is collected and raised
together as `ImportFailed`, so a person can fix everything in one pass, and an audit is never
computed from some of the files while others were silently refused.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.audit.formats import FORMATS
from bot.audit.formats.base import FormatSpec, Layout, Preamble, norm
from bot.audit.model import (
    METRICS,
    CanonicalTable,
    ImportedFile,
    Observation,
    platform_label,
)
from bot.problems import ImportFailed, ImportProblem
from bot.audit.reader import RawRow, RawTable, fail, read_tables

HEADER_SEARCH_ROWS = 20
MAX_PROBLEMS_PER_FILE = 25
TEMPLATE_HINT = "copy its figures into the canonical template (see docs/export-formats.md)"

Span = tuple[dt.date, dt.date]
SeriesKey = tuple[str, str, str, bool]  # platform, account ("" for any), metric, per item


@dataclass(frozen=True)
class _Found:
    """Where a recognised table's header is."""

    table: RawTable
    header: int  # index into table.rows
    spec: FormatSpec


@dataclass(frozen=True)
class _Imported:
    file: ImportedFile
    observations: list[Observation]
    spans: dict[SeriesKey, Span]


def import_exports(
    paths: list[Path], *, names: dict[Path, str] | None = None
) -> CanonicalTable:
    """Read every export in `paths` into one canonical table, or raise `ImportFailed` with the
    problems of all files and import nothing.

    `names` gives the name shown for a path in problems and provenance (an upload's original
    filename); by default the path as given. Files are processed in order of that name, so the
    same files always give the same observations in the same order.
    """
    names = names or {}
    entries = sorted((names.get(p, str(p)), str(p), Path(p)) for p in paths)
    problems: list[ImportProblem] = []
    imported: list[_Imported] = []
    for name, _, path in entries:
        try:
            imported.append(_import_file(path, name))
        except ImportFailed as exc:
            problems.extend(_capped(exc.problems, name))
    problems.extend(_overlaps(imported))
    if problems:
        raise ImportFailed(problems)
    return CanonicalTable(
        observations=[o for i in imported for o in i.observations],
        files=[i.file for i in imported],
    )


def _capped(problems: Sequence[ImportProblem], name: str) -> list[ImportProblem]:
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return list(problems)
    more = len(problems) - MAX_PROBLEMS_PER_FILE
    note = ImportProblem(name, f"… and {more} more problem(s) in this file; fix these first")
    return [*problems[:MAX_PROBLEMS_PER_FILE], note]


# --------------------------------------------------------------------------------------------
# One file
# --------------------------------------------------------------------------------------------


def _import_file(path: Path, name: str) -> _Imported:
    tables = read_tables(path, name)
    found = recognise(tables, name)
    rows = found.table.rows
    preamble = found.spec.preamble(rows[: found.header]) if found.spec.preamble else Preamble()
    account = preamble.account or path.stem
    header = rows[found.header]
    layout = Layout(found.spec, header, file=name, account=account, sheet=found.table.sheet)
    problems = _header_problems(layout)
    observations, data_rows = _read_rows(layout, rows[found.header + 1 :], problems)
    if not problems and data_rows == 0:
        problems.append(layout.problem("the file has a header but no data rows", layout.header))
    elif not problems and not observations:
        problems.append(ImportProblem(name, "no figures: every cell Upward reads is empty"))
    if problems:
        raise ImportFailed(problems)

    # An account taken from the file name says nothing about the account: such a file is
    # checked for overlaps against every file of its platform, whatever their accounts.
    named = layout.account_column is not None or preamble.account is not None
    named = named or found.spec.convert is not None
    spans = _spans(observations, by_account=named)
    start = min(s for s, _ in spans.values())
    end = max(e for _, e in spans.values())
    if preamble.start and preamble.end:
        start, end = preamble.start, preamble.end
    accounts = sorted({o.account for o in observations})
    return _Imported(
        file=ImportedFile(
            path=name,
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            format_id=found.spec.format_id,
            format_label=found.spec.label,
            platform=found.spec.platform,
            account=", ".join(accounts),
            rows=data_rows,
            observations=len(observations),
            start=start,
            end=end,
        ),
        observations=observations,
        spans=spans,
    )


def _header_problems(layout: Layout) -> list[ImportProblem]:
    """Columns the format cannot place, and read columns given twice."""
    unknown = [
        layout.problem(
            f"unknown column in a {layout.spec.label}: Upward does not know what it measures; "
            f"remove the column, or {TEMPLATE_HINT}",
            layout.header,
            column,
        )
        for column in layout.unknown_headers()
    ]
    repeated = [
        layout.problem("this column appears more than once", layout.header, column)
        for column in layout.repeated
        if layout.spec.known(column)
    ]
    return unknown + repeated


def _read_rows(
    layout: Layout, rows: Sequence[RawRow], problems: list[ImportProblem]
) -> tuple[list[Observation], int]:
    """Observations from the rows under the header, skipping blank, description, total and
    footer rows; problems are appended. Returns the observations and the data row count."""
    spec = layout.spec
    observations: list[Observation] = []
    first_seen: dict[tuple[str, str, str, str, dt.date, str], int] = {}
    data_rows = 0
    expect_description = spec.description_row
    for row in rows:
        if len(problems) > MAX_PROBLEMS_PER_FILE:
            break
        if row.blank:
            continue
        if spec.comment_prefix and row.cell(0).startswith(spec.comment_prefix):
            if data_rows:
                break  # a comment after the data starts another table
            continue
        if expect_description:
            expect_description = False
            if layout.looks_like_description(row):
                continue
        if spec.skips(row):
            continue
        data_rows += 1
        try:
            found = layout.observations(row)
        except ImportFailed as exc:
            problems.extend(exc.problems)
            continue
        keys = [
            (o.platform, o.account, o.metric, o.item, o.date, o.granularity)
            for o in found
            if METRICS[o.metric].aggregation != "median"  # one row per event: repeats are fine
        ]
        repeated = next(((k, first_seen[k]) for k in keys if k in first_seen), None)
        if repeated is not None:
            problems.append(_duplicate(layout, row, *repeated))
            continue
        for key in keys:
            first_seen[key] = row.line
        observations.extend(found)
    return observations, data_rows


def _duplicate(
    layout: Layout, row: RawRow, key: tuple[str, str, str, str, dt.date, str], first: int
) -> ImportProblem:
    platform, account, metric, item, date, granularity = key
    period = date.strftime("%Y-%m") if granularity == "month" else date.isoformat()
    what = f"'{item}' on {period}" if item else f"the {granularity} {period}"
    if layout.spec.platform == "mixed":
        what = f"{metric} for {platform} '{account}', {what}"
    return layout.problem(
        f"duplicates row {first}: {what} appears twice; keep one of the rows",
        row,
        layout.date_column.header,
    )


# --------------------------------------------------------------------------------------------
# Recognition
# --------------------------------------------------------------------------------------------


def recognise(tables: Sequence[RawTable], name: str) -> _Found:
    """The format whose identifying headers appear in one of the first rows of a table.

    When several formats fit, the one that leaves the fewest columns unknown wins, then the one
    with more identifying headers. Raises ImportFailed saying which formats came closest.
    """
    best: tuple[tuple[int, int, int, int, int], _Found] | None = None
    closeness: dict[str, tuple[float, list[str]]] = {}
    for t, table in enumerate(tables):
        for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
            headers = {norm(cell) for cell in row.cells if cell.strip()}
            if len(headers) < 2:
                continue
            for order, spec in enumerate(FORMATS):
                missing = spec.missing(headers)
                needed = len(spec.required) + 1
                share = (needed - len(missing)) / needed
                if share > closeness.get(spec.format_id, (0.0, []))[0]:
                    closeness[spec.format_id] = (share, missing)
                if missing:
                    continue
                unknown = sum(1 for c in row.cells if c.strip() and not spec.known(c))
                rank = (unknown, -len(spec.required), t, index, order)
                if best is None or rank < best[0]:
                    best = (rank, _Found(table, index, spec))
    if best is not None:
        return best[1]
    if all(row.blank for table in tables for row in table.rows):
        raise fail(name, "the file is empty")
    raise fail(name, _unrecognised(closeness))


def _unrecognised(closeness: dict[str, tuple[float, list[str]]]) -> str:
    labels = {spec.format_id: spec.label for spec in FORMATS}
    order = {spec.format_id: i for i, spec in enumerate(FORMATS)}
    near = sorted(closeness.items(), key=lambda kv: (-kv[1][0], order[kv[0]]))[:3]
    if not near:
        return (
            f"not a recognised export: no row among the first {HEADER_SEARCH_ROWS} holds the "
            f"headers of a supported export; if it is another export, {TEMPLATE_HINT}"
        )
    closest = "; ".join(
        f"{labels[fid]} (missing {', '.join(repr(h) for h in missing)})"
        for fid, (_, missing) in near
    )
    return f"not a recognised export. Closest: {closest}. If it is another export, {TEMPLATE_HINT}"


# --------------------------------------------------------------------------------------------
# Coverage and overlaps
# --------------------------------------------------------------------------------------------


def _period_end(observation: Observation) -> dt.date:
    if observation.granularity == "month":
        last = calendar.monthrange(observation.date.year, observation.date.month)[1]
        return observation.date.replace(day=last)
    return observation.date


def _spans(observations: Iterable[Observation], *, by_account: bool) -> dict[SeriesKey, Span]:
    """First and last day each series of a file covers (per account, if `by_account`)."""
    spans: dict[SeriesKey, Span] = {}
    for o in observations:
        key = (o.platform, o.account if by_account else "", o.metric, bool(o.item))
        start, end = o.date, _period_end(o)
        if key in spans:
            start, end = min(start, spans[key][0]), max(end, spans[key][1])
        spans[key] = (start, end)
    return spans


def _same_series(a: SeriesKey, b: SeriesKey) -> bool:
    """Same platform, metric and level; and the same account, unless either file's account
    is unknown (""), in which case it may be any account of the platform."""
    return (a[0], a[2], a[3]) == (b[0], b[2], b[3]) and (a[1] == b[1] or "" in (a[1], b[1]))


def _overlaps(imported: Sequence[_Imported]) -> list[ImportProblem]:
    """Two files giving the same series for intersecting dates would count those days twice."""
    problems = []
    for j, later in enumerate(imported):
        for earlier in imported[:j]:
            shared: list[tuple[SeriesKey, Span]] = [
                (key, (max(start, other[0]), min(end, other[1])))
                for key, (start, end) in later.spans.items()
                for other_key, other in earlier.spans.items()
                if _same_series(key, other_key) and start <= other[1] and other[0] <= end
            ]
            if not shared:
                continue
            series = sorted({(k[0], k[1]) for k, _ in shared})
            metrics = sorted({k[2] for k, _ in shared})
            start = min(s for _, (s, _) in shared)
            end = max(e for _, (_, e) in shared)
            whose = ", ".join(platform_label(p) + (f" '{a}'" if a else "") for p, a in series)
            problems.append(
                ImportProblem(
                    later.file.path,
                    f"overlaps '{earlier.file.path}': both give {whose} figures "
                    f"({', '.join(metrics)}) for {start} to {end}; keep one file for those dates",
                )
            )
    return problems
