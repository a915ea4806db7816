"""A second, independent implementation: a sample of the audit's figures recomputed straight from
the raw export files with the csv module and SQL (sqlite3), never through the audit engine, its
importer or its formatting, and compared with the facts the audit would let an answer cite.

Covered: own KPIs (a sum, two rates, a count per week), a change on the year before, a peer rank,
percentile, median and top quartile, a goal's baseline, target and date, and top-page shares.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import sqlite3

import pytest

from bot.audit.facts import AuditFact
from bot.audit.runner import run_audit
from bot.config import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "knowledge" / "sample"
EXPORTS = SAMPLE / "exports"
START, END = dt.date(2025, 11, 1), dt.date(2026, 10, 31)  # the 12 months to October 2026
YEAR_BEFORE = (dt.date(2024, 11, 1), dt.date(2025, 10, 31))


@pytest.fixture(scope="module")
def facts() -> dict[str, AuditFact]:
    run = run_audit([EXPORTS], peers=SAMPLE / "peers.csv",
                    published=PROJECT_ROOT / "knowledge" / "benchmarks" / "published.csv")
    return {f.id: f for f in run.facts}


def derived(fact: AuditFact, role: str, *, period: str = "L12-2026-10", item: str = "") -> tuple[float, str]:
    [found] = [d for d in fact.derived if d.role == role and d.period == period and d.item == item]
    assert found.value is not None
    return found.value, found.display


def rows(name: str, *, skip: int = 0) -> list[dict[str, str]]:
    with (EXPORTS / name).open(encoding="utf-8-sig", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")][skip:]
    return list(csv.DictReader(lines))


def number(cell: str) -> float:
    return float(cell.replace(",", "").replace("%", ""))


def within(day: dt.date, start: dt.date = START, end: dt.date = END) -> bool:
    return start <= day <= end


# --- own KPIs --------------------------------------------------------------------------------


def facebook_posts(start: dt.date, end: dt.date) -> list[dict[str, str]]:
    return [r for r in rows("facebook_posts.csv")
            if within(dt.datetime.strptime(r["Publish time"], "%m/%d/%Y %H:%M").date(), start, end)]


def test_facebook_engagements_and_their_change_from_the_posts_export(facts):
    fact = facts["AU-facebook-engagements-L12-2026-10"]
    now = sum(number(r["Reactions"]) + number(r["Comments"]) + number(r["Shares"])
              for r in facebook_posts(START, END))
    before = sum(number(r["Reactions"]) + number(r["Comments"]) + number(r["Shares"])
                 for r in facebook_posts(*YEAR_BEFORE))
    assert derived(fact, "value") == (now, f"{now:,.0f}")
    assert derived(fact, "value", period="L12-2025-10") == (before, f"{before:,.0f}")
    change = abs(now - before) / before * 100
    assert derived(fact, "change")[0] == pytest.approx(change, rel=1e-12)
    assert f"{'up' if now > before else 'down'} {change:.1f}% on {before:,.0f}" in fact.text


def test_facebook_engagement_rate_per_reach_from_the_posts_export(facts):
    posts = facebook_posts(START, END)
    rate = (sum(number(r["Reactions"]) + number(r["Comments"]) + number(r["Shares"]) for r in posts)
            / sum(number(r["Reach"]) for r in posts) * 100)
    value, shown = derived(facts["AU-facebook-engagement_rate_per_reach-L12-2026-10"], "value")
    assert value == pytest.approx(rate, rel=1e-12)
    assert shown.removesuffix("%") in (f"{rate:.1f}", f"{rate:.2f}", f"{rate:.3f}")


def test_mailchimp_open_rate_from_the_campaign_export(facts):
    sent = [r for r in rows("mailchimp_campaigns.csv")
            if within(dt.datetime.strptime(r["Send Date"], "%b %d, %Y %I:%M %p").date())]
    assert len(sent) > 40
    rate = sum(number(r["Unique Opens"]) for r in sent) / sum(number(r["Successful Deliveries"]) for r in sent) * 100
    value, _ = derived(facts["AU-mailchimp-open_rate-L12-2026-10"], "value")
    assert value == pytest.approx(rate, rel=1e-12)


# --- a peer position -------------------------------------------------------------------------


def peers(platform: str, kpi: str) -> list[float]:
    """Like-for-like peers only: those that measured the KPI the way we do."""
    with (SAMPLE / "peers.csv").open(encoding="utf-8", newline="") as handle:
        return [float(r["value"]) for r in csv.DictReader(handle)
                if r["platform"] == platform and r["kpi"] == kpi and r["method"] == kpi]


def middle(values: list[float]) -> float:
    ordered, n = sorted(values), len(values)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def linear_quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    at = q * (len(ordered) - 1)
    low = math.floor(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def test_facebook_posting_rank_percentile_median_and_top_quartile_from_raw_rows(facts):
    """Our posts per week counted from the posts export; the position worked out by hand from
    peers.csv (higher is better; a tie counts half)."""
    ours = len(facebook_posts(START, END)) / ((END - START).days + 1) * 7
    others = peers("facebook", "posts_per_week")
    fact = facts["AB-facebook-posts_per_week"]
    assert derived(fact, "value")[0] == pytest.approx(ours, rel=1e-12)
    rank = 1 + sum(v > ours for v in others)
    beaten = sum(v < ours for v in others) + sum(v == ours for v in others) / 2
    assert derived(fact, "peers") == (len(others), str(len(others)))
    assert derived(fact, "rank") == (rank, str(rank))
    assert derived(fact, "of") == (len(others) + 1, str(len(others) + 1))
    assert derived(fact, "percentile")[0] == pytest.approx(beaten / len(others) * 100)
    assert derived(fact, "median")[0] == middle(others)
    assert derived(fact, "top_quartile")[0] == pytest.approx(linear_quantile(others, 0.75))
    assert f"ranks {rank} of {len(others) + 1}" in fact.text


# --- a goal, in SQL --------------------------------------------------------------------------


def test_response_goal_baseline_target_and_date_in_sql(facts):
    """The community log loaded into SQLite as it stands; the peer median from peers.csv."""
    db = sqlite3.connect(":memory:")
    log = rows("community_log.csv")
    db.execute("CREATE TABLE log (date TEXT, platform TEXT, metric TEXT, value REAL)")
    db.executemany("INSERT INTO log VALUES (?, ?, ?, ?)",
                   [(r["date"], r["platform"], r["metric"], float(r["value"])) for r in log])
    answered, received = db.execute(
        "SELECT SUM(CASE WHEN metric = 'messages_answered' THEN value END),"
        "       SUM(CASE WHEN metric = 'messages_received' THEN value END)"
        " FROM log WHERE date BETWEEN ? AND ?", (START.isoformat(), END.isoformat())).fetchone()
    baseline = answered / received * 100
    target = middle(peers("all", "response_rate"))
    goal = facts["G-all-response_rate"]
    assert derived(goal, "value")[0] == pytest.approx(baseline, rel=1e-12)
    assert derived(goal, "median")[0] == target and derived(goal, "target")[0] == target
    deadline = dt.date(END.year + 1, END.month, END.day)  # 12 months after the baseline period
    assert derived(goal, "deadline") == (deadline.toordinal(), f"{deadline.day} {deadline:%B %Y}")
    assert f"from {baseline:.1f}% to {target:.1f}% (the peer median) by {deadline.day} {deadline:%B %Y}" in goal.text


# --- top pages -------------------------------------------------------------------------------


def test_top_page_shares_from_the_ga4_exports(facts):
    months = {f"{d.year}{d.month:02d}" for d in (dt.date(2025, 11 + i, 1) if i < 2 else dt.date(2026, i - 1, 1)
                                                 for i in range(12))}
    assert len(months) == 12 and min(months) == "202511" and max(months) == "202610"
    total = sum(number(r["Views"]) for r in rows("ga4_traffic_monthly.csv") if r["Year month"] in months)
    views: dict[str, float] = {}
    for r in rows("ga4_pages_monthly.csv"):
        if r["Year month"] in months:
            views[r["Page path and screen class"]] = views.get(r["Page path and screen class"], 0) + number(r["Views"])
    top = sorted(views.items(), key=lambda kv: -kv[1])[:5]
    fact = facts["AT-website-top_pages-L12-2026-10"]
    assert derived(fact, "value")[0] == total
    for path, count in top:
        assert derived(fact, "value", item=path) == (count, f"{count:,.0f}")
        share, shown = derived(fact, "share", item=path)
        assert share == pytest.approx(count / total * 100) and shown == f"{count / total * 100:.1f}%"
        assert f"{path} ({count:,.0f} views, {count / total * 100:.1f}%)" in fact.text
