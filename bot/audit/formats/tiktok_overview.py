"""TikTok Studio › Analytics › Overview › Download data: one row per day.

TikTok writes dates without a year ("28 August"); they must carry one before import, since
a year-less date cannot be placed in a 24-month audit.
"""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="tiktok_overview",
    label="TikTok Studio – overview export",
    platform="tiktok",
    required=("Video Views", "Profile Views"),
    dates=(DateColumn("Date", ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d")),),
    measures=(
        Measure("video_views", ("Video Views",)),
        Measure("reactions", ("Likes",)),
        Measure("comments", ("Comments",)),
        Measure("shares", ("Shares",)),
    ),
    ignored=("Profile Views",),
)
