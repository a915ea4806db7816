"""TikTok Studio › Analytics › Followers › Download data, follower history: one row per day.

The daily difference is a net change (gains minus losses), not followers gained, so only the
follower count is read.
"""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="tiktok_followers",
    label="TikTok Studio – follower history export",
    platform="tiktok",
    required=("Followers", "Difference in followers from previous day"),
    dates=(DateColumn("Date", ("%d %B %Y", "%B %d, %Y", "%Y-%m-%d")),),
    measures=(Measure("followers", ("Followers",)),),
    ignored=("Difference in followers from previous day",),
)
