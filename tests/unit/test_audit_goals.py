"""Goals from gaps, and the number formatting every goal sentence and audit fact relies on.

Positions and comparisons are built by hand, so a goal's target is checked against arithmetic a
reader can redo, not against whatever the benchmark module returns."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.audit.formatting import format_date, format_value, round_for_display
from bot.audit.goals import MAX_GOALS, deadline_for, propose_goals
from bot.audit.kpis import KPIS
from bot.audit.model import (
    BenchmarkPosition,
    KpiResults,
    KpiValue,
    PeerValue,
    Period,
    PublishedComparison,
)

L12 = Period(dt.date(2025, 11, 1), dt.date(2026, 10, 31), "last12", "L12-2026-10",
             "the 12 months to October 2026")


def kv(kpi: str, platform: str, value: float, unit: str | None = None) -> KpiValue:
    return KpiValue(kpi, KPIS[kpi].channel, platform, L12, value, unit or KPIS[kpi].unit)


def pos(ours: KpiValue, median: float, top_quartile: float, *, n: int = 10, rank: int = 8,
        like_for_like: bool = True, caveat: str = "") -> BenchmarkPosition:
    peers = [PeerValue(f"P{i}", "United Kingdom", "council", ours.platform, ours.kpi,
                       "12 months to Oct 2026", median, ours.kpi, "test") for i in range(n)]
    return BenchmarkPosition(ours.kpi, ours.platform, ours.value, L12, ours.unit, peers, 20.0,
                             median, top_quartile, rank, like_for_like, caveat)


def published(ours: KpiValue, benchmark: float, evidence_id: str = "F47", *,
              like_for_like: bool = True) -> PublishedComparison:
    return PublishedComparison(ours.kpi, ours.platform, evidence_id, benchmark,
                               ours.kpi if like_for_like else "another method", ours.value, L12,
                               like_for_like, "test")


def one_goal(values: list[KpiValue], positions=(), comparisons=(), **kw):
    goals = propose_goals(KpiResults(values), list(positions), list(comparisons), **kw)
    assert len(goals) == 1, [g.statement for g in goals]
    return goals[0]


def test_below_peer_median_targets_the_median():
    ours = kv("response_rate", "all", 68.0)
    goal = one_goal([ours], [pos(ours, 78.0, 84.5)])
    assert goal.id == "G-all-response_rate"
    assert (goal.baseline, goal.target, goal.unit) == (68.0, 78.0, "%")
    assert goal.baseline_period == L12
    assert goal.deadline == dt.date(2027, 10, 31)
    assert goal.stage == KPIS["response_rate"].stage
    assert goal.statement == (
        "Raise the share of messages answered across all social media accounts from 68.0% to "
        "78.0% (the peer median) by 31 October 2027.")
    assert "Behind the peer median" in goal.rationale and "78.0%" in goal.rationale
    assert KPIS["response_rate"].formula in goal.measurement
    assert "inbox" in goal.measurement and "12 months to October 2027" in goal.measurement


def test_above_median_aims_for_the_top_quartile_and_top_quartile_holds():
    ours = kv("web_engagement_rate", "website", 63.0)
    goal = one_goal([ours], [pos(ours, 62.2, 65.6)])
    assert goal.target == 65.6 and "top quartile" in goal.statement
    best = kv("web_engagement_rate", "website", 70.0)
    hold = one_goal([best], [pos(best, 62.2, 65.6)])
    assert hold.target == 70.0 and "Already in the peers' top quartile" in hold.rationale
    assert hold.statement.startswith("Keep the share of website visits that engage")
    assert "70.0% or better" in hold.statement


def test_a_sliver_below_the_median_aims_for_the_top_quartile():
    ours = kv("open_rate", "all", 49.2)
    goal = one_goal([ours], [pos(ours, 49.5, 52.8)])
    assert goal.target == 52.8
    assert goal.rationale.startswith("Around or above the peer median")


def test_lower_is_better_cuts_towards_the_median():
    ours = kv("median_response_minutes", "all", 150.0)
    goal = one_goal([ours], [pos(ours, 110.0, 72.5)])
    assert goal.target == 110.0
    assert goal.statement.startswith("Cut the median time to a first reply")
    assert "from 150 minutes to 110 minutes" in goal.statement


def test_ambition_is_capped_at_half_again_in_a_year():
    ours = kv("engagement_rate_per_post_per_follower", "facebook", 0.040)
    goal = one_goal([ours], [pos(ours, 0.100, 0.130)])
    assert goal.target == pytest.approx(0.060)
    assert "capped at a 50% rise; the peer median is 0.100%" in goal.statement
    assert "would take a 150% change" in goal.rationale
    fast = kv("cost_per_conversion", "google_ads", 10.0, "GBP")
    cut = one_goal([fast], [pos(fast, 3.5, 3.0)])
    assert cut.target == 5.0 and "£10.00 to £5.00" in cut.statement


def test_published_benchmark_is_used_when_there_are_no_peers():
    ours = kv("engagement_rate_per_post_per_follower", "facebook", 0.050)
    goal = one_goal([ours], comparisons=[published(ours, 0.063)])
    assert goal.target == 0.063
    assert "F47" in goal.rationale and "F47" in goal.statement
    assert goal.statement.startswith("Raise Facebook engagement per post per follower from 0.050% to 0.063%")


def test_unlike_benchmarks_are_ignored_and_the_trend_target_says_so():
    ours = kv("engagement_rate_per_post_per_follower", "facebook", 0.050)
    goal = one_goal([ours], [pos(ours, 1.2, 1.5, like_for_like=False)],
                    [published(ours, 1.54, "F53", like_for_like=False)])
    assert goal.target == pytest.approx(0.053)  # +5% on 0.050, rounded as printed
    assert "trend-based" in goal.rationale and "trend-based" in goal.statement


def test_trend_targets_for_volumes_and_costs():
    reach = one_goal([kv("reach", "all", 1_234_567)])
    assert reach.target == 1_358_024  # +10%, a whole number
    assert "from 1,234,567 to 1,358,024" in reach.statement
    cpc = one_goal([kv("cpc", "google_ads", 1.50, "GBP")])
    assert cpc.target == 1.35 and "£1.50 to £1.35" in cpc.statement


def test_statement_numbers_are_the_formatted_baseline_and_target():
    values = [kv("response_rate", "all", 67.345), kv("median_response_minutes", "all", 151.6),
              kv("engagement_rate_per_post_per_follower", "facebook", 0.0614),
              kv("click_rate", "all", 3.876), kv("ctr", "google_ads", 5.55),
              kv("users", "website", 45_678.4)]
    positions = [pos(values[0], 78.04, 84.5), pos(values[2], 0.0915, 0.115)]
    goals = propose_goals(KpiResults(values), positions, [])
    assert goals
    for g in goals:
        assert f"from {format_value(g.baseline, g.unit)} to {format_value(g.target, g.unit)}" in g.statement
        assert g.target == round_for_display(g.target, g.unit)
        assert format_date(g.deadline) in g.statement


def test_at_most_eight_goals_in_priority_order_one_per_kpi():
    social = ["facebook", "instagram", "x", "all"]
    values = [kv(k, p, 50.0) for k in ("response_rate", "engagement_rate_per_reach") for p in social]
    values += [kv("engagement_rate_per_post_per_follower", "facebook", 0.06)]
    values += [kv("median_response_minutes", "all", 120.0), kv("comments_answered_share", "all", 40.0),
               kv("reach", "all", 90_000), kv("followers", "facebook", 12_000),
               kv("web_engagement_rate", "website", 58.0), kv("users", "website", 40_000),
               kv("click_rate", "all", 3.9), kv("open_rate", "all", 44.0),
               kv("ctr", "google_ads", 5.0), kv("cost_per_conversion", "google_ads", 4.0, "GBP")]
    goals = propose_goals(KpiResults(values), [], [])
    assert len(goals) == MAX_GOALS
    assert [g.id for g in goals] == [
        "G-all-response_rate",  # a trend target reads best for the whole channel
        "G-all-median_response_minutes",
        "G-facebook-engagement_rate_per_post_per_follower",
        "G-all-engagement_rate_per_reach",
        "G-all-reach",
        "G-website-web_engagement_rate",
        "G-all-click_rate",
        "G-google_ads-cost_per_conversion",
    ]


def test_two_platforms_may_share_a_kpi_only_when_both_trail_peers():
    fb = kv("engagement_rate_per_post_per_follower", "facebook", 0.06)
    ig = kv("engagement_rate_per_post_per_follower", "instagram", 0.50)
    goals = propose_goals(KpiResults([fb, ig]), [pos(fb, 0.09, 0.11), pos(ig, 0.69, 0.86)], [])
    assert [g.id for g in goals] == ["G-facebook-engagement_rate_per_post_per_follower",
                                     "G-instagram-engagement_rate_per_post_per_follower"]
    trend_only = propose_goals(KpiResults([fb, ig]), [], [])
    assert len(trend_only) == 1


def test_start_moves_the_deadline_and_ids_are_stable():
    ours = kv("response_rate", "all", 68.0)
    first = one_goal([ours], [pos(ours, 78.0, 84.5)], start=dt.date(2027, 1, 1))
    again = one_goal([ours], [pos(ours, 78.0, 84.5)], start=dt.date(2027, 1, 1))
    assert first.deadline == dt.date(2027, 12, 31)
    assert "by 31 December 2027" in first.statement
    assert first == again


def test_deadline_handles_leap_days():
    assert deadline_for(dt.date(2026, 11, 1)) == dt.date(2027, 10, 31)
    assert deadline_for(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_passing_a_published_benchmark_gives_a_trend_target_that_says_so():
    ours = kv("ctr", "google_ads", 5.6)
    goal = one_goal([ours], comparisons=[published(ours, 3.52, "F55")])
    assert goal.target == 5.88
    assert goal.rationale.startswith("Already at or past the published benchmark in evidence card F55")


def test_zero_or_negative_baselines_get_no_trend_target():
    assert propose_goals(KpiResults([kv("follower_growth", "facebook", -0.4)]), [], []) == []


# ------------------------------------------------------------------------------------------
# Formatting
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "unit", "text"), [
    (0.063, "%", "0.063%"),
    (0.0625, "%", "0.063%"),  # half up, on the decimal value, not binary half-even
    (4.1, "%", "4.10%"),
    (3.525, "%", "3.53%"),
    (30.5, "%", "30.5%"),
    (9.996, "%", "10.0%"),
    (0.9996, "%", "1.00%"),
    (-0.0001, "%", "0.000%"),
    (-1.25, "%", "-1.25%"),
    (1.235, "GBP", "£1.24"),
    (12345.675, "GBP", "£12,345.68"),
    (-3.2, "EUR", "-€3.20"),
    (2.5, "AUD", "A$2.50"),
    (7, "JPY", "7.00 JPY"),
    (12400, "count", "12,400"),
    (1_234_567.5, "people", "1,234,568"),
    (38.4, "minutes", "38 minutes"),
    (4.25, "minutes", "4.3 minutes"),
    (1440, "minutes", "1,440 minutes"),
    (4.2, "posts/week", "4.2 posts a week"),
    (12, "campaigns", "12 campaigns"),
    (None, "%", "not available"),
])
def test_format_value(value, unit, text):
    assert format_value(value, unit) == text


def test_round_for_display_matches_what_is_printed():
    for value, unit in [(0.06149, "%"), (78.04, "%"), (1.345, "GBP"), (151.6, "minutes"), (9.996, "%")]:
        shown = round_for_display(value, unit)
        assert format_value(shown, unit) == format_value(value, unit)


def test_format_date_has_no_leading_zero_and_english_months():
    assert format_date(dt.date(2027, 10, 31)) == "31 October 2027"
    assert format_date(dt.date(2027, 3, 1)) == "1 March 2027"
