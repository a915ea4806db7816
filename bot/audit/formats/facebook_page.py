"""Facebook Page Insights data export (the legacy page-level layout): one row per day, with a
row of metric descriptions under the header.

Only the follower stock and daily gains are read. The page's own reach and impressions would
count the same views as the posts export a second time, so they stay unread.
"""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="facebook_page",
    label="Facebook Page Insights – page data export (daily)",
    platform="facebook",
    required=("Lifetime Total Likes", "Daily New Likes"),
    dates=(DateColumn("Date", ("%Y-%m-%d", "%m/%d/%Y")),),
    description_row=True,
    measures=(
        Measure("followers", ("Lifetime Total Likes",)),
        Measure("new_followers", ("Daily New Likes",)),
    ),
    # The export has dozens of columns, all named by their period: page totals, breakdowns.
    ignored=("Lifetime *", "Daily *", "Weekly *", "28 Days *"),
)
