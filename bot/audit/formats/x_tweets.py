"""X (Twitter) analytics › Tweets › Export data, by tweet: one row per post.

X's own "engagements" counts clicks and profile visits too; Upward's engagements are
reactions + comments + shares, so the column is left unread. The account comes from the
permalink (https://x.com/<account>/status/<id>), since the export has no account column.
"""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="x_tweets",
    label="X (Twitter) – tweet activity export",
    platform="x",
    required=("Tweet id", "Tweet permalink", "impressions"),
    dates=(DateColumn("time", ("%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d")),),
    item=("Tweet id",),
    account=("Tweet permalink",),
    account_pattern=r"(?:twitter|x)\.com/([^/?#]+)/status",
    count_metric="posts",
    measures=(
        Measure("impressions", ("impressions",)),
        Measure("reactions", ("likes",)),
        Measure("comments", ("replies",)),
        Measure("shares", ("retweets",)),
        Measure("clicks", ("url clicks",)),
    ),
    ignored=(
        "Tweet text", "engagements", "engagement rate", "user profile clicks", "hashtag clicks",
        "detail expands", "permalink clicks", "app opens", "app installs", "follows",
        "email tweet", "dial phone", "media views", "media engagements", "promoted *",
    ),
)
