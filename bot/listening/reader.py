"""Read comment exports (CSV) into raw comments: text, date, platform, author, replied.

Listening tools, page inboxes and hand-kept logs all name their columns differently, so columns
are recognised by header aliases rather than by one fixed layout. Every fault a user can cause
becomes a `ImportProblem` naming the file, row and column; problems are collected across all
files (up to 25 per file) so one pass fixes them all, and any problem refuses every file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from bot.audit.reader import RawRow, read_csv
from bot.listening.model import RawComment, ReadFile
from bot.problems import ImportFailed, ImportProblem

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
MAX_PROBLEMS_PER_FILE = 25
_HEADER_SEARCH_ROWS = 20  # exports often put a title and a date range above the table

# Aliases in order of preference: where an export has two (Full Text and Snippet), the first wins.
TEXT_ALIASES = (
    "text", "message", "comment", "comment text", "full text", "content", "body", "post text",
    "message text", "mention", "mention text", "hit sentence", "tweet", "tweet text", "snippet",
    "opening text", "comment body", "post message", "post",
)
DATE_ALIASES = (
    "date", "created", "created time", "created at", "created date", "published", "published at",
    "published date", "publish date", "date published", "timestamp", "date time", "datetime",
    "date posted", "posted", "posted at", "received", "received at", "comment date", "post date",
    "time",
)
PLATFORM_ALIASES = (
    "platform", "source", "channel", "network", "social network", "site", "page type",
    "media type", "source type",
)
AUTHOR_ALIASES = (
    "author", "user", "name", "username", "user name", "handle", "screen name", "author name",
    "author handle", "full name", "display name", "from", "profile", "influencer", "commenter",
)
URL_ALIASES = ("url", "link", "permalink", "post url", "comment url", "page url", "post link")
REPLIED_ALIASES = (
    "replied", "answered", "response", "responded", "reply sent", "has reply", "we replied",
    "replied to",
)
TYPE_ALIASES = ("type", "message type", "comment type", "item type", "direction")
REPLY_TO_ALIASES = ("in reply to", "reply to", "parent", "parent id")

# A Type cell with one of these marks the organisation's own message, which is not the public's.
OWN_TYPES = frozenset({
    "own", "owned", "outbound", "outgoing", "sent", "brand", "admin", "page reply",
    "reply from page", "organisation", "organization", "self",
})
YES = frozenset({"yes", "y", "true", "1", "replied", "answered"})
NO = frozenset({"no", "n", "false", "0", "not replied", "unanswered"})

PLATFORM_NAMES = {
    "facebook": "Facebook", "fb": "Facebook", "twitter": "X (Twitter)", "x": "X (Twitter)",
    "x (twitter)": "X (Twitter)", "x.com": "X (Twitter)", "instagram": "Instagram",
    "ig": "Instagram", "tiktok": "TikTok", "youtube": "YouTube", "linkedin": "LinkedIn",
    "nextdoor": "Nextdoor", "reddit": "Reddit", "threads": "Threads", "bluesky": "Bluesky",
    "whatsapp": "WhatsApp", "mastodon": "Mastodon",
}
NOT_STATED = "Not stated"

_DATE_FORMATS = (
    "%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %I:%M %p", "%d-%m-%Y",
    "%d.%m.%Y", "%Y/%m/%d", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%d %b %Y", "%d %B %Y",
    "%d %b %Y %H:%M", "%d %B %Y %H:%M", "%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%a %d %b %Y",
    "%b %d, %Y", "%B %d, %Y", "%b %d, %Y %I:%M %p", "%a %b %d %H:%M:%S %z %Y",
)
_DATE_EXAMPLES = "2026-01-31, 2026-01-31 14:30, 31/01/2026 or 31 Jan 2026"
_ZONE_SUFFIX = re.compile(r"\s*(?:UTC|GMT|BST|Z)$", re.IGNORECASE)


def normalise_header(header: str) -> str:
    """'Created_Time (UTC)' -> 'created time': case, brackets, _ - . and spacing don't matter."""
    text = re.sub(r"\([^)]*\)", " ", header.lower().replace("\ufeff", ""))
    return " ".join(re.sub(r"[_\-.:]+", " ", text).split())


def column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB', as a spreadsheet names columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_date(text: str) -> dt.date | None:
    """The date of an ISO date or datetime, dd/mm/yyyy (with or without a time), '12 Mar 2026'
    and a few listening-tool styles; None when it is none of them. Times and zones are dropped:
    the date as written is the date counted."""
    value = _ZONE_SUFFIX.sub("", text.strip())
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
    return None


def _date_problem(value: str) -> str:
    month_first = re.fullmatch(r"(\d{1,2})/(\d{1,2})/\d{4}.*", value.strip())
    if month_first and int(month_first.group(2)) > 12 >= int(month_first.group(1)):
        return (
            f"'{value}' is not a date Upward can read: dates are read day first (31/01/2026), "
            "and this looks month first; export the dates as YYYY-MM-DD"
        )
    return f"'{value}' is not a date Upward can read (like {_DATE_EXAMPLES})"


def platform_name(value: str) -> str:
    """'facebook', 'FB' -> 'Facebook'; 'twitter', 'X' -> 'X (Twitter)'; others as written."""
    cleaned = " ".join(value.split())
    if not cleaned:
        return NOT_STATED
    return PLATFORM_NAMES.get(cleaned.lower(), cleaned[:64])


@dataclass(frozen=True)
class Columns:
    """Where each recognised column sits in a file (0-based), and the header row's number."""

    header_row: int
    names: tuple[str, ...]  # the header cells as written, for messages
    text: int
    date: int
    platform: int | None = None
    authors: tuple[int, ...] = ()
    replied: int | None = None
    kind: int | None = None

    def name(self, index: int) -> str:
        return self.names[index].strip() or column_letter(index)


def _first(found: dict[str, int], aliases: tuple[str, ...]) -> int | None:
    return next((found[a] for a in aliases if a in found), None)


def find_columns(rows: list[RawRow], file: str) -> tuple[Columns | None, list[ImportProblem]]:
    """The header row (the first with a text column, among the first rows) and its columns."""
    candidates = [r for r in rows if not r.blank][:_HEADER_SEARCH_ROWS]
    header = next(
        (r for r in candidates if any(normalise_header(c) in TEXT_ALIASES for c in r.cells)), None
    )
    if header is None:
        shown = ", ".join(a.title() for a in TEXT_ALIASES[:8])
        row = candidates[0].line if candidates else None
        return None, [ImportProblem(file, f"no column of comment text (looked for a header such as {shown})", row)]
    recognised = (
        TEXT_ALIASES + DATE_ALIASES + PLATFORM_ALIASES + AUTHOR_ALIASES + URL_ALIASES
        + REPLIED_ALIASES + TYPE_ALIASES + REPLY_TO_ALIASES
    )
    found: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for index, cell in enumerate(header.cells):
        key = normalise_header(cell)
        if key not in recognised:
            continue
        if key in found:
            first = found[key]
            problems.append(ImportProblem(
                file,
                f"the column '{cell.strip()}' appears twice (columns {column_letter(first)} and "
                f"{column_letter(index)}); keep one and import the file again",
                header.line,
                cell.strip(),
            ))
            continue
        found[key] = index
    date = _first(found, DATE_ALIASES)
    if date is None:
        shown = ", ".join(a.title() for a in DATE_ALIASES[:8])
        problems.append(ImportProblem(
            file, f"no date column (looked for a header such as {shown})", header.line
        ))
    if problems:
        return None, problems
    columns = Columns(
        header_row=header.line,
        names=header.cells,
        text=_first(found, TEXT_ALIASES),  # type: ignore[arg-type]  # the header was chosen for it
        date=date,  # type: ignore[arg-type]
        platform=_first(found, PLATFORM_ALIASES),
        authors=tuple(found[a] for a in AUTHOR_ALIASES if a in found),
        replied=_first(found, REPLIED_ALIASES),
        kind=_first(found, TYPE_ALIASES),
    )
    return columns, []


def _replied(value: str) -> bool | None | str:
    """True/False, None when blank, or the cell itself when it is not a yes or a no."""
    cleaned = value.strip().lower()
    if not cleaned:
        return None
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    return value.strip()


def read_rows(rows: list[RawRow], file: str) -> tuple[ReadFile | None, list[ImportProblem]]:
    """The comments of one file's rows, or the problems that refuse it."""
    columns, problems = find_columns(rows, file)
    if columns is None:
        return None, problems
    comments: list[RawComment] = []
    rows_read = 0
    for row in rows:
        if row.line <= columns.header_row or row.blank:
            continue
        rows_read += 1
        if columns.kind is not None and normalise_header(row.cell(columns.kind)) in OWN_TYPES:
            continue  # the organisation's own post or reply
        text = row.cell(columns.text)
        if not text:
            continue
        date_text = row.cell(columns.date)
        date = parse_date(date_text)
        if date is None:
            message = "the date is empty" if not date_text else _date_problem(date_text)
            problems.append(ImportProblem(file, message, row.line, columns.name(columns.date)))
        replied = _replied(row.cell(columns.replied)) if columns.replied is not None else None
        if isinstance(replied, str):
            problems.append(ImportProblem(
                file,
                f"'{replied}' is not yes or no (this column says whether you replied: yes/no, "
                "true/false or 1/0; leave it blank when not known)",
                row.line,
                columns.name(columns.replied),  # type: ignore[arg-type]
            ))
            replied = None
        if date is None or problems:
            continue
        comments.append(RawComment(
            file=file,
            row=row.line,
            date=date,
            platform=platform_name(row.cell(columns.platform)) if columns.platform is not None else NOT_STATED,
            text=text,
            author=" ".join(row.cell(i) for i in columns.authors).strip(),
            replied=replied,
        ))
    if not problems and not comments:
        message = (
            "the file has a header but no rows" if rows_read == 0
            else f"no comments: the '{columns.name(columns.text)}' column is empty in every row"
        )
        problems.append(ImportProblem(file, message, columns.header_row))
    if problems:
        return None, _capped(problems, file)
    return ReadFile(name=file, rows_read=rows_read, comments=comments), []


def _capped(problems: list[ImportProblem], file: str) -> list[ImportProblem]:
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    shown = problems[: MAX_PROBLEMS_PER_FILE - 1]
    more = len(problems) - len(shown)
    return shown + [ImportProblem(file, f"… and {more} more problems like these in this file")]


def read_file(path: Path, file: str) -> tuple[ReadFile | None, list[ImportProblem]]:
    """One CSV file's comments, or its problems; `file` is the name shown to the user."""
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES:
        shown = f"'{suffix}'" if suffix else "with no extension"
        return None, [ImportProblem(file, f"unsupported file type {shown}; export the comments as CSV")]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [ImportProblem(file, "file not found")]
    except OSError as exc:
        return None, [ImportProblem(file, f"cannot read the file: {exc.strerror or type(exc).__name__}")]
    if not data.strip():
        return None, [ImportProblem(file, "the file is empty")]
    if data.startswith((b"PK", b"%PDF", b"\xd0\xcf\x11\xe0")):
        return None, [ImportProblem(
            file, "this is a workbook or document, not CSV text; save it as 'CSV UTF-8' and import that"
        )]
    try:
        rows = read_csv(data, file)
    except ImportFailed as exc:  # encoding or CSV syntax, already worded for the user
        return None, [ImportProblem(p.file, p.message, p.row, p.column) for p in exc.problems]
    return read_rows(rows, file)


def read_files(paths: list[Path], names: dict[Path, str]) -> list[ReadFile]:
    """Every file's comments, or `ImportFailed` with every problem of every file."""
    read: list[ReadFile] = []
    problems: list[ImportProblem] = []
    for path in paths:
        found, trouble = read_file(path, names.get(path, path.name))
        problems += trouble
        if found is not None:
            read.append(found)
    if problems:
        raise ImportFailed(problems)
    return read
