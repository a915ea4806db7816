"""KPI catalogue, periods and engine, checked against figures worked out by hand.

Every expected number below is written as literal arithmetic on the rows of a small hand-built
table, never by calling the engine's own helpers, so a wrong formula cannot agree with itself.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.audit import periods
from bot.audit.engine import compute_kpis, recompute
from bot.audit.kpis import KPIS
from bot.audit.model import (
    ALL,
    METRICS,
    PLATFORMS,
    CanonicalTable,
    ImportedFile,
    KpiResults,
    KpiValue,
    Observation,
    SourceRef,
)

D = dt.date


def obs(day, platform, metric, value, row, *, file=None, channel=None, item="", account="main",
        unit="count", granularity="day") -> Observation:
    return Observation(
        date=day, channel=channel or PLATFORMS[platform][0], platform=platform, account=account,
        metric=metric, value=float(value), unit=unit, source_file=file or f"{platform}.csv",
        source_row=row, item=item, granularity=granularity,
    )


def imported(path: str, platform: str, start: dt.date, end: dt.date) -> ImportedFile:
    return ImportedFile(path, "0" * 64, "test", "Test export", platform, "main", 0, 0, start, end)


def row(day, platform, file, number, **metrics) -> list[Observation]:
    """One wide export row: several metrics on the same source row."""
    return [obs(day, platform, m, v, number, file=file) for m, v in metrics.items()]


# ------------------------------------------------------------------------------------------
# Hand-built tables
# ------------------------------------------------------------------------------------------


def social_table() -> CanonicalTable:
    """Facebook covers February and March 2026 (and half of April); Instagram only March."""
    fb = [
        *row(D(2026, 2, 28), "facebook", "fb.csv", 2, followers=9800),
        *row(D(2026, 3, 2), "facebook", "fb.csv", 3, posts=1, reactions=100, comments=10, shares=5,
             reach=1000, impressions=1500, video_views=50, clicks=999),
        *row(D(2026, 3, 10), "facebook", "fb.csv", 4, posts=1, reactions=200, comments=20, shares=5,
             reach=2000, impressions=2500, video_views=0, clicks=999),
        *row(D(2026, 3, 20), "facebook", "fb.csv", 5, posts=1, reactions=300, comments=30, shares=5,
             reach=3000, impressions=4000, video_views=70, clicks=999),
        *row(D(2026, 3, 15), "facebook", "fb.csv", 6, followers=9900),
        *row(D(2026, 3, 31), "facebook", "fb.csv", 7, followers=10000),
        *row(D(2026, 3, 3), "facebook", "fb.csv", 8, messages_received=10, messages_answered=8,
             response_minutes=10),
        *row(D(2026, 3, 4), "facebook", "fb.csv", 9, messages_received=10, messages_answered=7,
             response_minutes=30),
        *row(D(2026, 3, 5), "facebook", "fb.csv", 10, messages_received=10, messages_answered=9,
             response_minutes=20),
        *row(D(2026, 3, 6), "facebook", "fb.csv", 11, messages_received=10, messages_answered=6,
             response_minutes=90),
        *row(D(2026, 3, 31), "facebook", "fb.csv", 12, comments_answered=45),
        *row(D(2026, 2, 10), "facebook", "fb.csv", 13, posts=1, reactions=40, comments=4, shares=1, reach=500,
             impressions=800, video_views=5),
        *row(D(2026, 2, 1), "facebook", "fb.csv", 14, followers=9700),
        # Half of April: its rows exist, but April is not a complete month.
        *row(D(2026, 4, 3), "facebook", "fb_april.csv", 2, posts=1, reactions=10, comments=1, shares=1, reach=90),
        *row(D(2026, 4, 10), "facebook", "fb_april.csv", 3, followers=10100),
    ]
    ig = [
        *row(D(2026, 3, 5), "instagram", "ig.csv", 2, posts=1, reactions=50, comments=10, shares=0, reach=500,
             impressions=700),
        *row(D(2026, 3, 25), "instagram", "ig.csv", 3, posts=1, reactions=150, comments=10, shares=0, reach=1500,
             impressions=2100),
        *row(D(2026, 2, 28), "instagram", "ig_followers.csv", 2, followers=4000),
        *row(D(2026, 3, 31), "instagram", "ig_followers.csv", 3, followers=5000),
    ]
    files = [
        imported("fb.csv", "facebook", D(2026, 2, 1), D(2026, 3, 31)),
        imported("fb_april.csv", "facebook", D(2026, 4, 1), D(2026, 4, 15)),
        imported("ig.csv", "instagram", D(2026, 3, 1), D(2026, 3, 31)),
        imported("ig_followers.csv", "instagram", D(2026, 2, 28), D(2026, 3, 31)),
    ]
    return CanonicalTable(fb + ig, files)


def web_table() -> CanonicalTable:
    totals = [
        *row(D(2026, 3, 1), "website", "ga4.csv", 2, users=100, sessions=150, engaged_sessions=100,
             page_views=400),
        *row(D(2026, 3, 2), "website", "ga4.csv", 3, users=200, sessions=250, engaged_sessions=200,
             page_views=600),
    ]
    pages = [
        obs(D(2026, 3, 1), "website", "page_views", 500, 2, file="ga4_pages.csv", item="/bins"),
        obs(D(2026, 3, 1), "website", "page_views", 300, 3, file="ga4_pages.csv", item="/council-tax"),
        obs(D(2026, 3, 2), "website", "page_views", 100, 4, file="ga4_pages.csv", item="/bins"),
        obs(D(2026, 3, 2), "website", "page_views", 300, 5, file="ga4_pages.csv", item="/jobs"),
        # Page rows of other metrics must not leak into the site totals either.
        obs(D(2026, 3, 2), "website", "sessions", 9999, 6, file="ga4_pages.csv", item="/jobs"),
        *[
            obs(D(2026, 3, 3), "website", "page_views", 1, 6 + n, file="ga4_pages.csv", item=f"/p{n:02d}")
            for n in range(1, 12)
        ],
    ]
    files = [
        imported("ga4.csv", "website", D(2026, 3, 1), D(2026, 3, 31)),
        imported("ga4_pages.csv", "website", D(2026, 3, 1), D(2026, 3, 31)),
    ]
    return CanonicalTable(totals + pages, files)


def ppc_table(microsoft_currency: str = "GBP", *, with_social: bool = True) -> CanonicalTable:
    def ad_row(platform, file, number, impressions, clicks, cost, conversions, currency="GBP"):
        return [
            obs(D(2026, 3, number), platform, "impressions", impressions, number, file=file),
            obs(D(2026, 3, number), platform, "clicks", clicks, number, file=file),
            obs(D(2026, 3, number), platform, "cost", cost, number, file=file, unit=currency),
            obs(D(2026, 3, number), platform, "conversions", conversions, number, file=file),
        ]

    observations = [
        *ad_row("google_ads", "gads.csv", 2, 6000, 150, 300.0, 12),
        *ad_row("google_ads", "gads.csv", 3, 4000, 100, 200.0, 8),
        *ad_row("microsoft_ads", "mads.csv", 2, 2000, 30, 100.0, 0, microsoft_currency),
    ]
    files = [
        imported("gads.csv", "google_ads", D(2026, 3, 1), D(2026, 3, 31)),
        imported("mads.csv", "microsoft_ads", D(2026, 3, 1), D(2026, 3, 31)),
    ]
    if with_social:  # social impressions and clicks share the metric names but not the channel
        observations += row(D(2026, 3, 9), "facebook", "fb.csv", 2, impressions=999, clicks=77)
        files.append(imported("fb.csv", "facebook", D(2026, 3, 1), D(2026, 3, 31)))
    return CanonicalTable(observations, files)


def email_table() -> CanonicalTable:
    observations = [
        *row(D(2026, 3, 4), "mailchimp", "mc.csv", 2, sends=1, emails_sent=2050, emails_delivered=2000,
             unique_opens=500, unique_clicks=60, unsubscribes=4),
        *row(D(2026, 3, 18), "mailchimp", "mc.csv", 3, sends=1, emails_sent=2050, emails_delivered=2000,
             unique_opens=500, unique_clicks=60, unsubscribes=4),
        *row(D(2026, 3, 11), "govdelivery", "gd.csv", 2, sends=3, emails_delivered=6000, unique_opens=1200,
             unique_clicks=300, unsubscribes=30),
    ]
    files = [
        imported("mc.csv", "mailchimp", D(2026, 3, 1), D(2026, 3, 31)),
        imported("gd.csv", "govdelivery", D(2026, 3, 1), D(2026, 3, 31)),
    ]
    return CanonicalTable(observations, files)


def monthly_table() -> CanonicalTable:
    """25 months of a monthly export, January 2024 to January 2026: n posts in the n-th month."""
    observations = []
    for n in range(1, 26):
        year, month = 2024 + (n - 1) // 12, (n - 1) % 12 + 1
        observations.append(obs(D(year, month, 1), "linkedin", "posts", n, n + 1, file="li.csv",
                                granularity="month"))
    return CanonicalTable(observations, [imported("li.csv", "linkedin", D(2024, 1, 1), D(2026, 1, 31))])


def combined_table() -> CanonicalTable:
    tables = [social_table(), web_table(), ppc_table(with_social=False), email_table(), monthly_table()]
    return CanonicalTable([o for t in tables for o in t.observations], [f for t in tables for f in t.files])


def value(results: KpiResults, kpi: str, platform: str, key: str) -> float | None:
    found = results.get(kpi, platform, key)
    assert found is not None, f"no {kpi} for {platform} in {key}"
    return found.value


# ------------------------------------------------------------------------------------------
# Catalogue
# ------------------------------------------------------------------------------------------

EXPECTED_IDS = {
    "social": [
        "posts_per_week", "impressions", "reach", "engagements", "engagement_rate_per_reach",
        "engagement_rate_per_follower", "engagement_rate_per_post_per_follower", "followers",
        "follower_growth", "video_views", "response_rate", "median_response_minutes",
        "comments_answered_share",
    ],
    "web": ["users", "sessions", "web_engagement_rate", "page_views"],
    "ppc": ["ad_impressions", "ad_clicks", "ctr", "cpc", "ad_spend", "conversions", "cost_per_conversion"],
    "email": ["email_sends", "emails_delivered", "open_rate", "click_rate", "unsubscribe_rate"],
}


def test_catalogue_has_exactly_the_agreed_ids_per_channel():
    assert list(KPIS) == [kpi for ids in EXPECTED_IDS.values() for kpi in ids]
    for channel, ids in EXPECTED_IDS.items():
        assert all(KPIS[kpi].channel == channel for kpi in ids)


def test_catalogue_entries_are_complete_and_use_canonical_metrics():
    for kpi, kdef in KPIS.items():
        assert kdef.id == kpi
        assert kdef.name and kdef.formula and kdef.unit
        assert kdef.stage in ("outputs", "outtakes", "outcomes", "impact")
        assert kdef.inputs and all(metric in METRICS for metric in kdef.inputs)


def test_catalogue_units_stages_and_directions():
    rates = {k for k, d in KPIS.items() if d.unit == "%"}
    assert rates == {
        "engagement_rate_per_reach", "engagement_rate_per_follower", "engagement_rate_per_post_per_follower",
        "follower_growth", "response_rate", "comments_answered_share", "web_engagement_rate", "ctr",
        "open_rate", "click_rate", "unsubscribe_rate",
    }
    assert {k for k, d in KPIS.items() if d.unit == "currency"} == {"cpc", "ad_spend", "cost_per_conversion"}
    assert KPIS["posts_per_week"].unit == "posts/week"
    assert KPIS["median_response_minutes"].unit == "minutes"
    assert {k for k, d in KPIS.items() if not d.higher_is_better} == {
        "median_response_minutes", "cpc", "cost_per_conversion", "unsubscribe_rate",
    }
    assert KPIS["engagements"].stage == "outtakes" and KPIS["conversions"].stage == "outcomes"
    assert KPIS["posts_per_week"].stage == "outputs" and KPIS["open_rate"].stage == "outtakes"
    assert "Rival IQ" in KPIS["engagement_rate_per_post_per_follower"].notes
    assert "not" in KPIS["reach"].notes and "unique" in KPIS["reach"].notes


# ------------------------------------------------------------------------------------------
# Periods
# ------------------------------------------------------------------------------------------


def test_period_keys_labels_and_bounds():
    march = periods.month_of(2026, 3)
    assert (march.key, march.label, march.start, march.end, march.days) == (
        "2026-03", "March 2026", D(2026, 3, 1), D(2026, 3, 31), 31)
    q1 = periods.quarter_of(2026, 1)
    assert (q1.key, q1.label, q1.start, q1.end) == ("2026-Q1", "Q1 2026", D(2026, 1, 1), D(2026, 3, 31))
    year = periods.year_of(2025)
    assert (year.key, year.label, year.start, year.end) == ("2025", "2025", D(2025, 1, 1), D(2025, 12, 31))
    l12 = periods.last12_to(2026, 10)
    assert (l12.key, l12.label, l12.start, l12.end) == (
        "L12-2026-10", "the 12 months to October 2026", D(2025, 11, 1), D(2026, 10, 31))
    assert periods.month_of(2024, 2).end == D(2024, 2, 29)
    assert periods.quarter_of(2025, 4).end == D(2025, 12, 31)


@pytest.mark.parametrize("key", ["2026-03", "2026-Q1", "2025", "L12-2026-10", "2025-12", "L12-2026-01"])
def test_period_from_key_round_trips(key):
    assert periods.period_from_key(key).key == key


@pytest.mark.parametrize("key", ["2026-13", "2026-Q5", "March 2026", "L12-2026-00", "26-03", ""])
def test_period_from_key_refuses_what_is_not_a_key(key):
    with pytest.raises(ValueError):
        periods.period_from_key(key)


@pytest.mark.parametrize(
    ("key", "before", "year_ago"),
    [
        ("2026-03", "2026-02", "2025-03"),
        ("2026-01", "2025-12", "2025-01"),
        ("2026-Q1", "2025-Q4", "2025-Q1"),
        ("2026-Q3", "2026-Q2", "2025-Q3"),
        ("2025", "2024", "2024"),
        ("L12-2026-10", "L12-2025-10", "L12-2025-10"),
        ("L12-2026-01", "L12-2025-01", "L12-2025-01"),
    ],
)
def test_previous_and_year_ago(key, before, year_ago):
    period = periods.period_from_key(key)
    assert periods.previous(period).key == before
    assert periods.year_ago(period).key == year_ago


def test_a_month_covered_from_its_middle_is_not_complete():
    found = periods.complete_periods([(D(2025, 1, 15), D(2026, 12, 31))])
    keys = [p.key for p in found]
    months = [p.key for p in found if p.kind == "month"]
    assert months[0] == "2025-02" and months[-1] == "2026-12" and len(months) == 23
    assert "2025-01" not in keys and "2025-Q1" not in keys and "2025" not in keys
    assert [p.key for p in found if p.kind == "quarter"][0] == "2025-Q2"
    assert [p.key for p in found if p.kind == "year"] == ["2026"]
    # 23 complete months, February 2025 to December 2026: windows ending January–December 2026.
    l12 = [p.key for p in found if p.kind == "last12"]
    assert l12[0] == "L12-2026-01" and l12[-1] == "L12-2026-12" and len(l12) == 12


def test_a_month_ending_before_its_last_day_is_not_complete():
    keys = [p.key for p in periods.complete_periods([(D(2026, 1, 1), D(2026, 3, 30))])]
    assert keys == ["2026-01", "2026-02"]


def test_twenty_four_months_give_thirteen_trailing_windows():
    found = periods.complete_periods([(D(2024, 11, 1), D(2026, 10, 31))])
    l12 = [p.key for p in found if p.kind == "last12"]
    assert len(l12) == 13 and l12[0] == "L12-2025-10" and l12[-1] == "L12-2026-10"
    assert [p.kind for p in found] == sorted((p.kind for p in found), key=periods.KINDS.index)


def test_touching_files_join_and_a_gap_breaks_completeness():
    touching = [(D(2025, 7, 1), D(2025, 12, 31)), (D(2025, 1, 1), D(2025, 6, 30))]
    assert "2025" in [p.key for p in periods.complete_periods(touching)]
    assert periods.is_complete(periods.year_of(2025), touching)
    gap = [(D(2025, 1, 1), D(2025, 6, 29)), (D(2025, 7, 1), D(2025, 12, 31))]
    keys = [p.key for p in periods.complete_periods(gap)]
    assert "2025" not in keys and "2025-06" not in keys and "2025-Q2" not in keys
    assert "2025-05" in keys and "2025-07" in keys and "2025-Q3" in keys
    assert not periods.is_complete(periods.month_of(2025, 6), gap)


# ------------------------------------------------------------------------------------------
# Social KPIs, per platform
# ------------------------------------------------------------------------------------------


def test_facebook_march_figures_by_hand():
    r = compute_kpis(social_table())
    m = "2026-03"
    assert value(r, "posts_per_week", "facebook", m) == pytest.approx(3 / (31 / 7))  # 0.6774…
    assert value(r, "impressions", "facebook", m) == 8000  # 1500 + 2500 + 4000
    assert value(r, "reach", "facebook", m) == 6000  # 1000 + 2000 + 3000
    assert value(r, "engagements", "facebook", m) == 675  # (100+200+300) + (10+20+30) + (5+5+5)
    assert value(r, "engagement_rate_per_reach", "facebook", m) == pytest.approx(11.25)  # 675 / 6000
    assert value(r, "engagement_rate_per_follower", "facebook", m) == pytest.approx(6.75)  # 675 / 10000
    assert value(r, "engagement_rate_per_post_per_follower", "facebook", m) == pytest.approx(2.25)  # 675/3/10000
    assert value(r, "followers", "facebook", m) == 10000  # the reading on 31 March
    assert value(r, "follower_growth", "facebook", m) == pytest.approx(200 / 9800 * 100)  # vs 28 February
    assert value(r, "video_views", "facebook", m) == 120  # 50 + 0 + 70
    assert value(r, "response_rate", "facebook", m) == pytest.approx(75.0)  # (8+7+9+6) / (4 × 10)
    assert value(r, "median_response_minutes", "facebook", m) == pytest.approx(25.0)  # 10, 20 | 30, 90
    assert value(r, "comments_answered_share", "facebook", m) == pytest.approx(75.0)  # 45 / 60


def test_instagram_march_figures_by_hand():
    r = compute_kpis(social_table())
    m = "2026-03"
    assert value(r, "engagements", "instagram", m) == 220  # 200 + 20 + 0
    assert value(r, "engagement_rate_per_reach", "instagram", m) == pytest.approx(11.0)  # 220 / 2000
    assert value(r, "followers", "instagram", m) == 5000
    assert value(r, "follower_growth", "instagram", m) == pytest.approx(25.0)  # 4000 → 5000
    assert value(r, "engagement_rate_per_post_per_follower", "instagram", m) == pytest.approx(2.2)  # 220/2/5000


def test_platforms_without_an_input_get_no_value_at_all():
    r = compute_kpis(social_table())
    assert r.get("video_views", "instagram", "2026-03") is None
    assert r.get("response_rate", "instagram", "2026-03") is None
    assert r.platforms("response_rate") == ["facebook", ALL]


def test_inputs_carry_the_component_totals_used():
    r = compute_kpis(social_table())
    assert r.get("engagement_rate_per_reach", "facebook", "2026-03").inputs == {
        "reactions": 600, "comments": 60, "shares": 15, "reach": 6000}
    assert r.get("posts_per_week", "facebook", "2026-03").inputs == {"posts": 3, "days": 31}
    assert r.get("follower_growth", "facebook", "2026-03").inputs == {"followers": 10000, "followers_before": 9800}
    assert r.get("median_response_minutes", "facebook", "2026-03").inputs == {"response_minutes_count": 4}
    assert r.get("reach", "facebook", "2026-03").platforms == ("facebook",)


# ------------------------------------------------------------------------------------------
# ALL: components summed, never rates averaged; only complete platforms
# ------------------------------------------------------------------------------------------


def test_all_social_is_computed_from_summed_components():
    r = compute_kpis(social_table())
    m = "2026-03"
    assert value(r, "posts_per_week", ALL, m) == pytest.approx(5 / (31 / 7))
    assert value(r, "impressions", ALL, m) == 10800  # 8000 + 2800
    assert value(r, "engagements", ALL, m) == 895  # 675 + 220
    # 895 / 8000, not the mean of 11.25 and 11.0 (11.125).
    assert value(r, "engagement_rate_per_reach", ALL, m) == pytest.approx(11.1875)
    assert value(r, "followers", ALL, m) == 15000  # 10000 + 5000
    assert value(r, "engagement_rate_per_follower", ALL, m) == pytest.approx(895 / 15000 * 100)
    assert value(r, "engagement_rate_per_post_per_follower", ALL, m) == pytest.approx(895 / 5 / 15000 * 100)
    assert value(r, "follower_growth", ALL, m) == pytest.approx((15000 - 13800) / 13800 * 100)
    full = r.get("engagement_rate_per_reach", ALL, m)
    assert full.inputs == {"reactions": 800, "comments": 80, "shares": 15, "reach": 8000}
    assert full.platforms == ("facebook", "instagram")


def test_all_uses_only_platforms_that_are_complete_and_have_the_inputs():
    r = compute_kpis(social_table())
    # Instagram's files do not cover all of February.
    feb = r.get("followers", ALL, "2026-02")
    assert feb.value == 9800 and feb.platforms == ("facebook",)
    video = r.get("video_views", ALL, "2026-03")
    assert video.value == 120 and video.platforms == ("facebook",)
    response = r.get("response_rate", ALL, "2026-03")
    assert response.value == pytest.approx(75.0) and response.platforms == ("facebook",)


def test_all_is_compared_only_with_a_period_built_from_the_same_platforms():
    table = social_table()
    r = compute_kpis(table)
    # February's overall figure is Facebook alone; March's adds Instagram: no "growth" between them.
    assert r.get("followers", ALL, "2026-03").previous is None
    assert recompute(table, "followers", ALL, "2026-03").previous is None
    assert r.get("followers", "facebook", "2026-03").previous.value == 9800
    monthly = compute_kpis(monthly_table())
    assert monthly.get("posts_per_week", ALL, "2026-01").previous.period.key == "2025-12"


def test_all_median_pools_every_reply_rather_than_taking_a_median_of_medians():
    table = social_table()
    extra = [
        obs(D(2026, 3, 9), "instagram", "response_minutes", minutes, 10 + i, file="ig.csv")
        for i, minutes in enumerate([100, 200, 300])
    ]
    r = compute_kpis(CanonicalTable(table.observations + extra, table.files))
    assert value(r, "median_response_minutes", "instagram", "2026-03") == 200
    # Pooled: 10 20 30 90 100 200 300 → 90; the median of the two medians would be 112.5.
    assert value(r, "median_response_minutes", ALL, "2026-03") == 90
    assert r.get("median_response_minutes", ALL, "2026-03").inputs == {"response_minutes_count": 7}


# ------------------------------------------------------------------------------------------
# Stocks, completeness, missing inputs, zero denominators
# ------------------------------------------------------------------------------------------


def test_followers_are_a_stock_read_at_the_period_end_and_growth_crosses_the_boundary():
    r = compute_kpis(social_table())
    assert value(r, "followers", "facebook", "2026-02") == 9800  # 28 February, not 1 February's 9700
    # Nothing before 1 February: no growth for February, rather than an invented one.
    assert value(r, "follower_growth", "facebook", "2026-02") is None
    growth = r.get("follower_growth", "facebook", "2026-03")
    assert growth.sources == [SourceRef("fb.csv", "2, 7")]  # 28 February and 31 March only


def test_stocks_add_up_accounts_on_one_platform():
    readings = [
        obs(D(2026, 2, 27), "facebook", "followers", 100, 2, account="north"),
        obs(D(2026, 3, 31), "facebook", "followers", 120, 3, account="north"),
        obs(D(2026, 2, 28), "facebook", "followers", 50, 4, account="south"),
        obs(D(2026, 3, 20), "facebook", "followers", 70, 5, account="south"),
        obs(D(2026, 3, 10), "facebook", "followers", 60, 6, account="south"),
    ]
    table = CanonicalTable(readings, [imported("facebook.csv", "facebook", D(2026, 3, 1), D(2026, 3, 31))])
    r = compute_kpis(table)
    assert value(r, "followers", "facebook", "2026-03") == 190  # 120 + 70 (south's last reading is 20 March)
    assert value(r, "follower_growth", "facebook", "2026-03") == pytest.approx((190 - 150) / 150 * 100)


def test_a_half_covered_month_is_skipped_entirely():
    r = compute_kpis(social_table())
    assert not [v for v in r.values if v.period.key == "2026-04"]
    assert not [v for v in r.values if v.period.kind != "month"]  # no complete quarter or year
    assert sorted({v.period.key for v in r.values if v.platform == "facebook"}) == ["2026-02", "2026-03"]
    assert {v.period.key for v in r.values if v.platform == "instagram"} == {"2026-03"}


def test_an_input_with_no_rows_in_a_complete_period_gives_none():
    r = compute_kpis(social_table())
    # Facebook has messages in March but none in February.
    february = r.get("response_rate", "facebook", "2026-02")
    assert february.value is None and february.inputs == {} and february.sources == [] and february.platforms == ()
    assert value(r, "comments_answered_share", "facebook", "2026-02") is None
    assert value(r, "posts_per_week", "facebook", "2026-02") == pytest.approx(1 / (28 / 7))  # 0.25


def test_zero_denominators_give_none_and_keep_their_inputs():
    rows_ = row(D(2026, 3, 5), "x", "x.csv", 2, posts=0, reactions=4, comments=0, shares=0, reach=0,
                followers=0, messages_received=0, messages_answered=0, comments_answered=0)
    table = CanonicalTable(rows_, [imported("x.csv", "x", D(2026, 3, 1), D(2026, 3, 31))])
    r = compute_kpis(table)
    for kpi in ("engagement_rate_per_reach", "engagement_rate_per_follower",
                "engagement_rate_per_post_per_follower", "response_rate", "comments_answered_share"):
        assert value(r, kpi, "x", "2026-03") is None, kpi
        assert value(r, kpi, ALL, "2026-03") is None, kpi
    per_reach = r.get("engagement_rate_per_reach", "x", "2026-03")
    assert per_reach.inputs == {"reactions": 4, "comments": 0, "shares": 0, "reach": 0}
    assert per_reach.platforms == ("x",)
    assert value(r, "posts_per_week", "x", "2026-03") == 0
    assert value(r, "engagements", "x", "2026-03") == 4


# ------------------------------------------------------------------------------------------
# Web, paid search, email
# ------------------------------------------------------------------------------------------


def test_web_totals_ignore_page_rows_and_top_pages_use_them():
    r = compute_kpis(web_table())
    m = "2026-03"
    assert value(r, "users", "website", m) == 300  # 100 + 200
    assert value(r, "sessions", "website", m) == 400  # 150 + 250; the page row's 9999 is left out
    assert value(r, "web_engagement_rate", "website", m) == pytest.approx(75.0)  # 300 / 400
    assert value(r, "page_views", "website", m) == 1000  # 400 + 600, not the page rows
    assert value(r, "web_engagement_rate", ALL, m) == pytest.approx(75.0)
    assert r.get("users", "website", m).sources == [SourceRef("ga4.csv", "2-3")]
    top = r.top_pages[m]
    assert len(top) == 10
    assert top[:4] == [("/bins", 600.0), ("/council-tax", 300.0), ("/jobs", 300.0), ("/p01", 1.0)]
    assert top[-1] == ("/p07", 1.0)
    assert list(r.top_pages) == [m]


def test_paid_search_by_hand_and_separate_from_social_impressions():
    r = compute_kpis(ppc_table())
    m = "2026-03"
    assert value(r, "ad_impressions", "google_ads", m) == 10000  # 6000 + 4000
    assert value(r, "ad_clicks", "google_ads", m) == 250
    assert value(r, "ctr", "google_ads", m) == pytest.approx(2.5)  # 250 / 10000
    assert value(r, "cpc", "google_ads", m) == pytest.approx(2.0)  # 500 / 250
    assert value(r, "ad_spend", "google_ads", m) == 500
    assert value(r, "conversions", "google_ads", m) == 20
    assert value(r, "cost_per_conversion", "google_ads", m) == pytest.approx(25.0)  # 500 / 20
    assert value(r, "cpc", "microsoft_ads", m) == pytest.approx(100 / 30)
    assert value(r, "cost_per_conversion", "microsoft_ads", m) is None  # no conversions
    assert value(r, "ad_impressions", ALL, m) == 12000  # not the 999 social impressions
    assert value(r, "ad_clicks", ALL, m) == 280  # not the 77 social clicks
    assert value(r, "ctr", ALL, m) == pytest.approx(280 / 12000 * 100)
    assert value(r, "cpc", ALL, m) == pytest.approx(600 / 280)
    assert value(r, "cost_per_conversion", ALL, m) == pytest.approx(30.0)  # 600 / 20
    assert value(r, "impressions", "facebook", m) == 999
    assert r.get("cpc", ALL, m).unit == "GBP" and r.get("ad_spend", "google_ads", m).unit == "GBP"


def test_costs_in_different_currencies_are_not_added():
    r = compute_kpis(ppc_table(microsoft_currency="USD"))
    m = "2026-03"
    assert r.get("cpc", "microsoft_ads", m).unit == "USD"
    assert r.get("cpc", "google_ads", m).unit == "GBP"
    assert value(r, "ad_spend", ALL, m) is None
    assert value(r, "cpc", ALL, m) is None
    assert value(r, "ctr", ALL, m) == pytest.approx(280 / 12000 * 100)


def test_email_by_hand_with_all_from_summed_components():
    r = compute_kpis(email_table())
    m = "2026-03"
    assert value(r, "email_sends", "mailchimp", m) == 2
    assert value(r, "emails_delivered", "mailchimp", m) == 4000
    assert value(r, "open_rate", "mailchimp", m) == pytest.approx(25.0)  # 1000 / 4000
    assert value(r, "click_rate", "mailchimp", m) == pytest.approx(3.0)  # 120 / 4000
    assert value(r, "unsubscribe_rate", "mailchimp", m) == pytest.approx(0.2)  # 8 / 4000
    assert value(r, "open_rate", "govdelivery", m) == pytest.approx(20.0)  # 1200 / 6000
    assert value(r, "email_sends", ALL, m) == 5
    assert value(r, "open_rate", ALL, m) == pytest.approx(22.0)  # 2200 / 10000, not (25 + 20) / 2
    assert value(r, "click_rate", ALL, m) == pytest.approx(4.2)  # 420 / 10000
    assert value(r, "unsubscribe_rate", ALL, m) == pytest.approx(0.38)  # 38 / 10000


# ------------------------------------------------------------------------------------------
# Periods in the engine: quarters, years, trailing windows and their links
# ------------------------------------------------------------------------------------------


def test_every_kind_of_period_is_computed_and_linked():
    r = compute_kpis(monthly_table())
    assert [v.period.key for v in r.series("posts_per_week", "linkedin", "year")] == ["2024", "2025"]
    assert len(r.series("posts_per_week", "linkedin", "quarter")) == 8  # Q1 2024 – Q4 2025
    l12 = r.series("posts_per_week", "linkedin", "last12")
    assert len(l12) == 14 and l12[0].period.key == "L12-2024-12" and l12[-1].period.key == "L12-2026-01"

    january = r.get("posts_per_week", "linkedin", "2026-01")
    assert january.previous.period.key == "2025-12" and january.year_ago.period.key == "2025-01"
    assert r.get("posts_per_week", "linkedin", "2024-01").previous is None  # December 2023 not covered
    quarter = r.get("posts_per_week", "linkedin", "2025-Q1")
    assert quarter.previous.period.key == "2024-Q4" and quarter.year_ago.period.key == "2024-Q1"
    year = r.get("posts_per_week", "linkedin", "2025")
    assert year.previous is year.year_ago and year.previous.period.key == "2024"
    latest = r.latest("posts_per_week", "linkedin")
    assert latest.period.key == "L12-2026-01" and latest.previous is latest.year_ago
    assert latest.year_ago.period.key == "L12-2025-01"


def test_period_arithmetic_in_the_engine_by_hand():
    r = compute_kpis(monthly_table())
    # 2024 is a leap year: posts 1 + 2 + … + 12 = 78 over 366 days.
    year = r.get("posts_per_week", "linkedin", "2024")
    assert year.inputs == {"posts": 78, "days": 366}
    assert year.value == pytest.approx(78 / (366 / 7))
    # Q2 2025 is months 16–18: 16 + 17 + 18 = 51 posts over 91 days.
    assert value(r, "posts_per_week", "linkedin", "2025-Q2") == pytest.approx(51 / (91 / 7))
    # February 2025 to January 2026 is months 14–25: 234 posts over 365 days.
    assert value(r, "posts_per_week", "linkedin", "L12-2026-01") == pytest.approx(234 / (365 / 7))
    assert r.get("posts_per_week", "linkedin", "L12-2026-01").sources == [SourceRef("li.csv", "15-26")]
    change, how = KpiValue.change(234 / (365 / 7), 90 / (366 / 7), "posts/week")
    latest = r.latest("posts_per_week", "linkedin")
    assert KpiValue.change(latest.value, latest.year_ago.value, latest.unit) == (pytest.approx(change), how)


# ------------------------------------------------------------------------------------------
# Sources
# ------------------------------------------------------------------------------------------


def test_sources_name_exactly_the_rows_used_per_file_in_compact_ranges():
    r = compute_kpis(social_table())
    assert r.get("engagements", "facebook", "2026-03").sources == [SourceRef("fb.csv", "3-5")]
    assert r.get("engagement_rate_per_follower", "facebook", "2026-03").sources == [SourceRef("fb.csv", "3-5, 7")]
    assert r.get("median_response_minutes", "facebook", "2026-03").sources == [SourceRef("fb.csv", "8-11")]
    assert r.get("follower_growth", ALL, "2026-03").sources == [
        SourceRef("fb.csv", "2, 7"), SourceRef("ig_followers.csv", "2-3")]
    assert r.get("engagements", ALL, "2026-03").sources == [SourceRef("fb.csv", "3-5"), SourceRef("ig.csv", "2-3")]
    # Rows 2-5 and 9 of one file, listed out of order and with a duplicate.
    scattered = [obs(D(2026, 3, n), "x", "reach", 1, n_row, file="x.csv") for n, n_row in
                 [(1, 9), (2, 3), (3, 2), (4, 5), (5, 4), (6, 3)]]
    table = CanonicalTable(scattered, [imported("x.csv", "x", D(2026, 3, 1), D(2026, 3, 31))])
    assert compute_kpis(table).get("reach", "x", "2026-03").sources == [SourceRef("x.csv", "2-5, 9")]


# ------------------------------------------------------------------------------------------
# recompute() and determinism
# ------------------------------------------------------------------------------------------


def _same(a: KpiValue | None, b: KpiValue | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.kpi, a.channel, a.platform, a.period, a.value, a.unit, a.inputs, a.sources, a.platforms) == (
        b.kpi, b.channel, b.platform, b.period, b.value, b.unit, b.inputs, b.sources, b.platforms)


def test_recompute_gives_exactly_what_compute_kpis_gives_for_every_value():
    table = combined_table()
    results = compute_kpis(table)
    assert len(results.values) > 200
    for v in results.values:
        again = recompute(table, v.kpi, v.platform, v.period.key)
        assert _same(again, v), (v.kpi, v.platform, v.period.key)
        assert _same(again.previous, v.previous) and _same(again.year_ago, v.year_ago)


def test_recompute_gives_none_where_compute_kpis_has_no_value():
    table = social_table()
    assert recompute(table, "reach", "facebook", "2026-04") is None  # half-covered month
    assert recompute(table, "reach", "facebook", "2026-Q1") is None  # January not covered
    assert recompute(table, "video_views", "instagram", "2026-03") is None  # no such input
    assert recompute(table, "no_such_kpi", "facebook", "2026-03") is None
    assert recompute(table, "reach", ALL, "2025-03") is None


def test_every_formula_reads_only_its_declared_inputs():
    results = compute_kpis(combined_table())
    for v in results.values:
        read = {name.removesuffix("_before").removesuffix("_count") for name in v.inputs} - {"days"}
        assert read <= set(KPIS[v.kpi].inputs), v.kpi
    assert {v.kpi for v in results.values if v.value is not None} == set(KPIS)


def _snapshot(results: KpiResults) -> list:
    return [
        (v.kpi, v.platform, v.period.key, v.value, v.unit, v.inputs, v.sources, v.platforms,
         v.previous.period.key if v.previous else None, v.year_ago.period.key if v.year_ago else None)
        for v in results.values
    ] + [results.top_pages]


def test_results_are_deterministic_whatever_the_row_order():
    table = combined_table()
    first = compute_kpis(table)
    shuffled = CanonicalTable(list(reversed(table.observations)), list(reversed(table.files)))
    assert _snapshot(first) == _snapshot(compute_kpis(table)) == _snapshot(compute_kpis(shuffled))
    assert all(type(v.value) is float for v in first.values if v.value is not None)
    assert all(type(x) is float for v in first.values for x in v.inputs.values())


def test_values_are_ordered_by_catalogue_platform_and_period():
    results = compute_kpis(social_table())
    order = list(KPIS)
    keys = [(order.index(v.kpi), v.platform == ALL, v.platform, periods.KINDS.index(v.period.kind),
             v.period.start) for v in results.values]
    assert keys == sorted(keys)
