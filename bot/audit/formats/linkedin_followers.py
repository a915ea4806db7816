"""LinkedIn page analytics › Followers › Export: new followers per day."""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="linkedin_followers",
    label="LinkedIn page analytics – followers export",
    platform="linkedin",
    required=("Sponsored followers", "Organic followers", "Total followers"),
    dates=(DateColumn("Date", ("%m/%d/%Y", "%Y-%m-%d")),),
    # "Total followers" is the day's gain (organic + sponsored + auto-invited), not the stock.
    measures=(Measure("new_followers", ("Total followers",)),),
    ignored=("Sponsored followers", "Organic followers", "Auto-invited followers"),
)
