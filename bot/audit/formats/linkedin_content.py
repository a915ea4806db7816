"""LinkedIn page analytics › Updates (Content) › Export, the posts sheet: one row per update.

The workbook's first sheet holds daily totals and the posts sheet has a description line
above its header; the importer finds the header on whichever sheet carries it.
"""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="linkedin_content",
    label="LinkedIn page analytics – updates (content) export",
    platform="linkedin",
    required=("Created date", "Posted by", "Impressions"),
    dates=(DateColumn("Created date", ("%m/%d/%Y", "%Y-%m-%d")),),
    item=("Update link", "Post link"),
    count_metric="posts",
    measures=(
        Measure("impressions", ("Impressions",)),
        Measure("clicks", ("Clicks",)),
        Measure("reactions", ("Likes", "Reactions")),
        Measure("comments", ("Comments",)),
        Measure("shares", ("Reposts", "Shares")),
    ),
    ignored=(
        "Update title", "Post title", "Update type", "Post type", "Content type", "Posted by",
        "Campaign name", "Campaign start date", "Campaign end date", "Audience",
        "Click through rate (CTR)", "Engagement rate", "Follows",
        "Views (excluding off-site video views)", "Off-site views", "Unique impressions*",
    ),
)
