"""Granicus GovDelivery › Reports › Bulletins › Export: one row per bulletin sent.

This is the layout Upward reads; GovDelivery accounts can be configured to export other
columns, and such a file can be brought in through the canonical template instead.
"""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="govdelivery",
    label="GovDelivery (Granicus) – bulletin report",
    platform="govdelivery",
    required=("Bulletin ID", "Sent At", "Total Delivered"),
    dates=(
        DateColumn(
            "Sent At",
            ("%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"),
        ),
    ),
    item=("Bulletin ID",),
    count_metric="sends",
    measures=(
        Measure("emails_sent", ("Total Sent",)),
        Measure("emails_delivered", ("Total Delivered",)),
        Measure("unique_opens", ("Unique Opens",)),
        Measure("unique_clicks", ("Unique Link Clicks",)),
        Measure("unsubscribes", ("Unsubscribes",)),
    ),
    ignored=(
        "Subject", "Open Rate", "Click Rate", "Delivery Rate", "Total Opens",
        "Total Link Clicks", "Nonunique Opens", "Nonunique Clicks", "Bounces", "Failed",
        "Pending", "Topics", "Sender", "From", "Created At", "Digest",
    ),
)
