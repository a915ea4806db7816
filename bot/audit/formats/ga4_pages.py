"""Google Analytics 4 › Reports › Engagement › Pages and screens › Download CSV, with "Year
month" or "Date" added: views per page path per period.

Only views are read, per page. Users per page are left unread: summed across pages they would
count every visitor once per page they saw.
"""

from bot.audit.formats.base import FormatSpec, Measure
from bot.audit.formats.ga4 import DATES, TOTALS, read_preamble

FORMAT = FormatSpec(
    format_id="ga4_pages",
    label="Google Analytics 4 – pages and screens download",
    platform="website",
    required=("Page path and screen class", "Views"),
    dates=DATES,
    item=("Page path and screen class",),
    skip_rows=TOTALS,
    comment_prefix="#",
    preamble=read_preamble,
    measures=(Measure("page_views", ("Views",)),),
    ignored=(
        "Active users", "Users", "New users", "Views per active user", "Views per user",
        "Average engagement time*", "Event count", "Key events", "Conversions",
        "Total revenue", "Engagement rate", "Bounce rate", "Entrances", "Exits",
    ),
)
