"""The KPI catalogue: what each audit figure means, its formula in canonical metric names, its
unit, evaluation stage and direction, and the caveats a reader needs before comparing it.

The engine computes exactly these formulas, and docs, reports and facts quote them from here, so
a figure and its explanation cannot drift apart. Ids are stable: other modules key on them.
"""

from __future__ import annotations

from bot.audit.model import ALL, Channel, KpiDef, Stage, platform_label

_ENGAGEMENT_ACTIONS = (
    "Engagements are reactions + comments + shares only: clicks and each platform's own "
    "'engagements' figure are left out because platforms define them differently."
)
_RATE_METHODS = (
    "Per-reach, per-follower and per-post-per-follower rates are different measures of the "
    "same activity; compare only with a benchmark that states the same method."
)
_ALL_RATES = "Across all platforms it is computed from summed components, never by averaging rates."


def _kpi(
    kpi_id: str,
    name: str,
    channel: Channel,
    unit: str,
    formula: str,
    inputs: tuple[str, ...],
    stage: Stage,
    *,
    lower_is_better: bool = False,
    notes: str = "",
) -> tuple[str, KpiDef]:
    return kpi_id, KpiDef(kpi_id, name, channel, unit, formula, inputs, stage, not lower_is_better, notes)


KPIS: dict[str, KpiDef] = dict(
    [
        # Social media: per platform, and ALL over the social platforms.
        _kpi(
            "posts_per_week", "Posts per week", "social", "posts/week",
            "posts ÷ (days in period ÷ 7)", ("posts",), "outputs",
            notes="Counts what was published, not what was seen.",
        ),
        _kpi(
            "impressions", "Impressions", "social", "count",
            "sum of impressions (social)", ("impressions",), "outputs",
            notes="Times content was shown, including repeat views by the same person.",
        ),
        _kpi(
            "reach", "Reach", "social", "people",
            "sum of reach", ("reach",), "outputs",
            notes="Reach is summed per post or per day, so the same person counts more than once: "
            "it is not a count of unique people.",
        ),
        _kpi(
            "engagements", "Engagements", "social", "count",
            "reactions + comments + shares", ("reactions", "comments", "shares"), "outtakes",
            notes=_ENGAGEMENT_ACTIONS + " Keeping the three actions every platform reports "
            "alike is what lets platforms be compared.",
        ),
        _kpi(
            "engagement_rate_per_reach", "Engagement rate (per reach)", "social", "%",
            "(reactions + comments + shares) ÷ reach × 100",
            ("reactions", "comments", "shares", "reach"), "outtakes",
            notes=f"{_ENGAGEMENT_ACTIONS} Reach is summed, not unique people. {_RATE_METHODS} "
            f"{_ALL_RATES}",
        ),
        _kpi(
            "engagement_rate_per_follower", "Engagement rate (per follower)", "social", "%",
            "(reactions + comments + shares) ÷ followers at period end × 100",
            ("reactions", "comments", "shares", "followers"), "outtakes",
            notes="Grows with the number of posts and the length of the period, so compare "
            f"periods of the same length. {_RATE_METHODS} {_ALL_RATES}",
        ),
        _kpi(
            "engagement_rate_per_post_per_follower", "Engagement rate (per post per follower)",
            "social", "%",
            "(reactions + comments + shares) ÷ posts ÷ followers at period end × 100",
            ("reactions", "comments", "shares", "posts", "followers"), "outtakes",
            notes="The Rival IQ method: the engagement an average post earns per follower, which "
            f"is what Rival IQ's benchmark reports quote. {_RATE_METHODS} {_ALL_RATES}",
        ),
        _kpi(
            "followers", "Followers", "social", "people",
            "followers at period end (the last value in the period; accounts on one platform "
            "are added)", ("followers",), "outtakes",
            notes="A stock, not a flow: across all platforms it is the sum of each platform's "
            "followers at period end, so a person following two platforms counts twice.",
        ),
        _kpi(
            "follower_growth", "Follower growth", "social", "%",
            "(followers at period end − followers at the end of the previous period) ÷ followers "
            "at the end of the previous period × 100, where the latter is the last followers "
            "value before the period starts", ("followers",), "outtakes",
            notes="Net growth: new followers minus those who left. Change between periods is in "
            "percentage points.",
        ),
        _kpi(
            "video_views", "Video views", "social", "count",
            "sum of video_views", ("video_views",), "outputs",
            notes="Platforms count a view after different watch times, so compare a platform with "
            "itself over time rather than with another platform.",
        ),
        _kpi(
            "response_rate", "Response rate", "social", "%",
            "messages_answered ÷ messages_received × 100",
            ("messages_answered", "messages_received"), "outputs",
            notes=_ALL_RATES,
        ),
        _kpi(
            "median_response_minutes", "Median response time", "social", "minutes",
            "median of response_minutes over every timed reply in the period",
            ("response_minutes",), "outputs", lower_is_better=True,
            notes="A median, so a few very slow replies do not dominate. Across all platforms it "
            "is the median of every reply pooled, not a median of platform medians.",
        ),
        _kpi(
            "comments_answered_share", "Comments answered", "social", "%",
            "comments_answered ÷ comments × 100", ("comments_answered", "comments"), "outputs",
            notes=_ALL_RATES,
        ),
        # Website: account totals only; page-level rows feed the top pages list.
        _kpi(
            "users", "Users", "web", "people",
            "sum of users (site totals, not page rows)", ("users",), "outputs",
            notes="Summed per day or month, so a returning visitor counts again: not unique "
            "people.",
        ),
        _kpi(
            "sessions", "Sessions", "web", "count",
            "sum of sessions (site totals, not page rows)", ("sessions",), "outputs",
        ),
        _kpi(
            "web_engagement_rate", "Website engagement rate", "web", "%",
            "engaged_sessions ÷ sessions × 100", ("engaged_sessions", "sessions"), "outtakes",
            notes="GA4's definition: a session of 10 seconds or more, two or more page views, or "
            f"a key event. {_ALL_RATES}",
        ),
        _kpi(
            "page_views", "Page views", "web", "count",
            "sum of page_views (site totals, not page rows)", ("page_views",), "outputs",
        ),
        # Paid search: per ads account platform, and ALL.
        _kpi(
            "ad_impressions", "Ad impressions", "ppc", "count",
            "sum of impressions (paid search)", ("impressions",), "outputs",
        ),
        _kpi(
            "ad_clicks", "Ad clicks", "ppc", "count",
            "sum of clicks (paid search)", ("clicks",), "outtakes",
        ),
        _kpi(
            "ctr", "Click-through rate", "ppc", "%",
            "clicks ÷ impressions × 100 (paid search)", ("clicks", "impressions"), "outtakes",
            notes=_ALL_RATES,
        ),
        _kpi(
            "cpc", "Cost per click", "ppc", "currency",
            "cost ÷ clicks (paid search)", ("cost", "clicks"), "outtakes", lower_is_better=True,
            notes="In the currency of the ads account; accounts in different currencies are not "
            f"added. {_ALL_RATES}",
        ),
        _kpi(
            "ad_spend", "Ad spend", "ppc", "currency",
            "sum of cost", ("cost",), "outputs",
            notes="Context for the other figures rather than a goal in itself.",
        ),
        _kpi(
            "conversions", "Conversions", "ppc", "count",
            "sum of conversions", ("conversions",), "outcomes",
            notes="As configured in the ads account, so what counts as a conversion varies.",
        ),
        _kpi(
            "cost_per_conversion", "Cost per conversion", "ppc", "currency",
            "cost ÷ conversions", ("cost", "conversions"), "outcomes", lower_is_better=True,
            notes=_ALL_RATES,
        ),
        # Email: per sending platform, and ALL.
        _kpi(
            "email_sends", "Email campaigns sent", "email", "campaigns",
            "sum of sends (campaigns or bulletins)", ("sends",), "outputs",
        ),
        _kpi(
            "emails_delivered", "Emails delivered", "email", "count",
            "sum of emails_delivered", ("emails_delivered",), "outputs",
        ),
        _kpi(
            "open_rate", "Open rate", "email", "%",
            "unique_opens ÷ emails_delivered × 100", ("unique_opens", "emails_delivered"),
            "outtakes",
            notes="Privacy features in some mail apps open messages automatically, so open rates "
            f"overstate reading. {_ALL_RATES}",
        ),
        _kpi(
            "click_rate", "Click rate", "email", "%",
            "unique_clicks ÷ emails_delivered × 100", ("unique_clicks", "emails_delivered"),
            "outtakes",
            notes=f"Per email delivered, not per open (click-to-open is a different figure). "
            f"{_ALL_RATES}",
        ),
        _kpi(
            "unsubscribe_rate", "Unsubscribe rate", "email", "%",
            "unsubscribes ÷ emails_delivered × 100", ("unsubscribes", "emails_delivered"),
            "outtakes", lower_is_better=True,
            notes=_ALL_RATES,
        ),
    ]
)


def kpi_phrase(kpi: str, platform: str) -> str:
    """'Facebook engagement rate (per reach)', 'response rate across all platforms', 'website
    engagement rate': a KPI named for use inside a sentence."""
    name = KPIS[kpi].name
    name = name if name[:2].isupper() else name[0].lower() + name[1:]
    if platform == ALL:
        return f"{name} across all platforms"
    label = platform_label(platform)
    return name if name.lower().startswith(label.lower()) else f"{label} {name}"
