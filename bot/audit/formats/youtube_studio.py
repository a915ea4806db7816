"""YouTube Studio › Analytics › Advanced mode, by Date › Export › "Table data.csv": one row
per day, after a "Total" row that is skipped."""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="youtube_studio",
    label="YouTube Studio – advanced mode table data (by date)",
    platform="youtube",
    required=("Views", "Watch time (hours)"),
    dates=(DateColumn("Date", ("%Y-%m-%d", "%b %d, %Y")),),
    skip_rows=(r"Total",),
    measures=(
        Measure("video_views", ("Views",)),
        Measure("new_followers", ("Subscribers gained",)),
        Measure("reactions", ("Likes",)),
        Measure("comments", ("Comments added",)),
        Measure("shares", ("Shares",)),
        Measure("impressions", ("Impressions", "Thumbnail impressions")),
    ),
    ignored=(
        "Watch time (hours)", "Subscribers", "Subscribers lost", "Dislikes", "* (%)",
        "Average view duration", "Average views per viewer", "Unique viewers", "New viewers",
        "Returning viewers", "Regular viewers", "Casual viewers", "Engaged views",
        "*revenue*", "RPM*", "CPM*", "Playback-based CPM*", "Ad impressions",
        "Monetized playbacks*",
        "Videos added", "Videos published", "Videos removed", "End screen element *",
        "Card *", "Cards *", "YouTube Premium*",
    ),
)
