"""Google Ads › Campaigns › Download (CSV), segmented by month (or day): one row per campaign
per period.

A report-title line and a date-range line come before the header; "Total: …" rows at the end
are skipped. Money is in the currency of the "Currency code" column.
"""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="google_ads",
    label="Google Ads – campaign report download",
    platform="google_ads",
    required=("Campaign", "Clicks", "Cost"),
    dates=(
        DateColumn("Month", ("%Y-%m-%d", "%B %Y", "%b %Y", "%Y-%m"), "month"),
        DateColumn("Day", ("%Y-%m-%d",)),
    ),
    item=("Campaign",),
    account=("Account", "Account name"),
    currency=("Currency code", "Currency"),
    skip_rows=(r"Total:.*",),
    measures=(
        Measure("clicks", ("Clicks",)),
        Measure("impressions", ("Impr.", "Impressions")),
        Measure("cost", ("Cost",)),
        Measure("conversions", ("Conversions",)),
    ),
    ignored=(
        "CTR", "Avg. CPC", "Avg. cost", "Avg. CPM", "Cost / conv.", "Conv. rate", "Conv. value",
        "Conv. value / cost", "All conv.*", "View-through conv.", "Interactions",
        "Interaction rate", "Interaction types", "Campaign ID", "Campaign status",
        "Campaign state", "Campaign type", "Campaign subtype", "Status", "Status reasons",
        "Budget", "Budget name", "Budget type", "Bid strategy*", "Optimization score",
        "Search impr. share", "Search lost IS*", "Search top IS", "Search abs. top IS",
        "Impr. (Top) %", "Impr. (Abs. Top) %", "Click share", "Customer ID", "Labels",
    ),
)
