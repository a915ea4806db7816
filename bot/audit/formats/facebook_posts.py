"""Meta Business Suite › Insights › Content › Export data, for Facebook: one row per post."""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="facebook_posts",
    label="Meta Business Suite – Facebook posts export",
    platform="facebook",
    required=("Post ID", "Page ID", "Publish time"),
    dates=(DateColumn("Publish time", ("%m/%d/%Y %H:%M",)),),
    item=("Post ID",),
    account=("Page name",),
    count_metric="posts",
    measures=(
        # Meta renamed "Impressions" to "Views" in 2025; either is read, Impressions first.
        Measure("impressions", ("Impressions", "Views")),
        Measure("reach", ("Reach",)),
        Measure("reactions", ("Reactions",)),
        Measure("comments", ("Comments",)),
        Measure("shares", ("Shares",)),
        Measure("clicks", ("Link Clicks",)),
    ),
    ignored=(
        "Page ID", "Title", "Description", "Duration (sec)", "Caption type", "Permalink",
        "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
        "Funded content status", "Data comment", "Date",
        "Reactions, Comments and Shares",  # the sum of three columns read separately
        "Total clicks", "Other Clicks", "Matched Audience Targeting Consumption *",
        "Seconds viewed", "Average Seconds viewed", "*video views*", "Estimated earnings*",
        "Ad impressions", "Ad CPM*", "Negative feedback*", "Sponsor *", "Crossposted *",
    ),
)
