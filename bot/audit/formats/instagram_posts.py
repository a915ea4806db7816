"""Meta Business Suite › Insights › Content › Export data, for Instagram: one row per post."""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="instagram_posts",
    label="Meta Business Suite – Instagram posts export",
    platform="instagram",
    required=("Post ID", "Account ID", "Publish time"),
    dates=(DateColumn("Publish time", ("%m/%d/%Y %H:%M",)),),
    item=("Post ID",),
    account=("Account username",),
    count_metric="posts",
    measures=(
        Measure("impressions", ("Impressions", "Views")),
        Measure("reach", ("Reach",)),
        Measure("reactions", ("Likes",)),
        Measure("comments", ("Comments",)),
        Measure("shares", ("Shares",)),
    ),
    ignored=(
        "Account ID", "Account name", "Description", "Duration (sec)", "Permalink", "Post type",
        "Data comment", "Date", "Follows", "Saves", "Profile visits", "Replies", "Navigation",
        "Sticker taps", "Link clicks", "Plays", "Video views", "Custom labels", "Caption type",
        "Is crosspost", "Is share", "Languages", "Funded content status",
    ),
)
