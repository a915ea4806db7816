"""Microsoft Advertising › Reports › Campaign performance (monthly) › Download CSV: one row
per campaign per month.

Lines of report metadata ("Report Name:", "Rows:" …) precede the header, and a copyright
footer follows the data; both are skipped.
"""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="microsoft_ads",
    label="Microsoft Advertising – campaign performance report",
    platform="microsoft_ads",
    required=("Campaign name", "Impressions", "Spend"),
    dates=(
        DateColumn("Month", ("%Y-%m-%d", "%m/%d/%Y", "%Y-%m", "%B %Y"), "month"),
        DateColumn("Day", ("%Y-%m-%d", "%m/%d/%Y")),
    ),
    item=("Campaign name",),
    account=("Account name",),
    currency=("Currency code", "Currency"),
    skip_rows=(r"[©@(].*Microsoft Corporation.*", r"Total.*"),
    measures=(
        Measure("impressions", ("Impressions",)),
        Measure("clicks", ("Clicks",)),
        Measure("cost", ("Spend",)),
        Measure("conversions", ("Conversions",)),
    ),
    ignored=(
        "CTR", "Average CPC", "Avg. CPC", "Average CPM", "Cost per conversion",
        "Conversion rate", "Conv. rate", "All conversions*", "Revenue", "Return on ad spend",
        "Campaign ID", "Campaign status", "Campaign type", "Account number", "Account ID",
        "Account status", "Budget*", "Quality score", "Impression share*", "* (%)",
        "Average position",
    ),
)
