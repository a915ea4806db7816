"""Mailchimp › Analytics › Reports › Export (campaign CSV): one row per campaign sent."""

from bot.audit.formats.base import DateColumn, FormatSpec, Measure

FORMAT = FormatSpec(
    format_id="mailchimp",
    label="Mailchimp – campaign reports export",
    platform="mailchimp",
    required=("Title", "Send Date", "Successful Deliveries"),
    dates=(DateColumn("Send Date", ("%b %d, %Y %I:%M %p", "%b %d, %Y")),),
    item=("Title",),
    account=("List", "Audience"),
    count_metric="sends",
    measures=(
        Measure("emails_sent", ("Total Recipients",)),
        Measure("emails_delivered", ("Successful Deliveries",)),
        Measure("unique_opens", ("Unique Opens",)),
        Measure("unique_clicks", ("Unique Clicks",)),
        Measure("unsubscribes", ("Unsubscribes",)),
    ),
    ignored=(
        "Subject", "Send Weekday", "Soft Bounces", "Hard Bounces", "Total Bounces",
        "Times Forwarded", "Forwarded Opens", "Open Rate", "Total Opens", "Click Rate",
        "Total Clicks", "Abuse Complaints", "Times Liked on Facebook", "Folder Id", "Unique Id",
        "Analytics ROI", "Campaign Cost", "Revenue Created", "Visits", "New Visits",
        "Pages/Visit", "Bounce Rate", "Time on Site", "Goal Conversions",
        "Per Visit Goal Value", "Total Orders", "Total Gross Sales", "Total Revenue",
        "*(MPP excluded)*",
    ),
)
