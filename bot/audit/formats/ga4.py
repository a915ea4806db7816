"""Google Analytics 4 › Reports › Share this report › Download CSV: site totals per day
("Date", YYYYMMDD) or per month ("Year month", YYYYMM).

The download starts with `#` comment lines naming the property and the report's date range;
the range is the file's coverage (a month with no row is still covered), and the property is
the account. A totals row (no date, or "Grand total") is skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bot.audit.formats.base import DateColumn, FormatSpec, Measure, Preamble
from bot.audit.reader import RawRow

_PROPERTY = re.compile(r"#\s*Property:\s*(.+)", re.IGNORECASE)
_START = re.compile(r"#\s*Start date:\s*(\d{8})", re.IGNORECASE)
_END = re.compile(r"#\s*End date:\s*(\d{8})", re.IGNORECASE)

DATES = (
    DateColumn("Date", ("%Y%m%d",)),
    DateColumn("Year month", ("%Y%m",), "month"),
)
TOTALS = (r"", r"Grand total", r"Totals?")


def read_preamble(rows: Sequence[RawRow]) -> Preamble:
    """Property, start and end date from the comment lines above the table."""
    found: dict[str, str] = {}
    for row in rows:
        line = ",".join(row.cells).strip().rstrip(",")  # a comma in a comment splits cells
        for key, pattern in (("account", _PROPERTY), ("start", _START), ("end", _END)):
            match = pattern.fullmatch(line)
            if match and key not in found:
                found[key] = match.group(1).strip()

    def day(key: str) -> dt.date | None:
        try:
            return dt.datetime.strptime(found[key], "%Y%m%d").date() if key in found else None
        except ValueError:
            return None

    return Preamble(account=found.get("account"), start=day("start"), end=day("end"))


FORMAT = FormatSpec(
    format_id="ga4",
    label="Google Analytics 4 – report download (site totals)",
    platform="website",
    required=("Active users", "Sessions"),
    dates=DATES,
    skip_rows=TOTALS,
    comment_prefix="#",
    preamble=read_preamble,
    measures=(
        Measure("users", ("Active users",)),
        Measure("new_users", ("New users",)),
        Measure("sessions", ("Sessions",)),
        Measure("engaged_sessions", ("Engaged sessions",)),
        Measure("page_views", ("Views",)),
    ),
    ignored=(
        "Total users", "Returning users", "Engagement rate", "Bounce rate",
        "Average engagement time*", "Engaged sessions per active user",
        "Sessions per active user", "Views per session", "Views per active user",
        "Events per session", "Event count", "Key events", "Conversions",
        "Session key event rate", "User key event rate", "Session conversion rate",
        "Total revenue",
    ),
)
