"""Proposed 12-month SMART goals, each built from a gap the audit found.

A target a leader can trust says where its number came from. So each goal takes, in order: the
like-for-like peer median when we are below it (the top quartile when we are already above), a
like-for-like published benchmark we fall short of, or failing both a modest trend-based step
that says plainly it is one. Leaders read a page, not a spreadsheet: at most eight goals, in the
order responsiveness, engagement, reach, website, email, paid search.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.audit.benchmarks import higher_is_better
from bot.audit.formatting import format_date, format_month, format_value, round_for_display
from bot.audit.kpis import KPIS
from bot.audit.model import (
    ALL,
    PLATFORMS,
    BenchmarkPosition,
    Figure,
    Goal,
    KpiResults,
    KpiValue,
    PublishedComparison,
    platform_label,
)

# (theme, KPIs in preference order, goals allowed); the themes' order is the goals' order.
GOAL_THEMES: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("responsiveness", ("response_rate", "median_response_minutes", "comments_answered_share"), 2),
    ("engagement", ("engagement_rate_per_post_per_follower", "engagement_rate_per_reach",
                    "engagement_rate_per_follower"), 2),
    ("reach", ("reach", "follower_growth", "posts_per_week", "video_views", "followers"), 1),
    ("website", ("web_engagement_rate", "users"), 1),
    ("email", ("click_rate", "open_rate"), 1),
    ("paid search", ("cost_per_conversion", "ctr", "cpc", "conversions"), 1),
)
MAX_GOALS = 8
MAX_STEP = 0.5  # no target asks for more than a 50% change in a year
# Within 3% of the peer median counts as at the median: a goal to close a sliver is no goal.
MIN_GAP = 0.03
TREND_VOLUME_STEP = 0.10  # counts and people: +10%
TREND_RATE_STEP = 0.05  # rates: a 5% relative improvement
TREND_LOWER_STEP = 0.10  # times and costs: 10% lower

# How each KPI reads inside a goal sentence.
PHRASES: dict[str, str] = {
    "response_rate": "the share of messages answered",
    "median_response_minutes": "the median time to a first reply",
    "comments_answered_share": "the share of comments answered",
    "engagement_rate_per_post_per_follower": "engagement per post per follower",
    "engagement_rate_per_reach": "engagement per person reached",
    "engagement_rate_per_follower": "engagement per follower",
    "reach": "reach",
    "follower_growth": "follower growth",
    "posts_per_week": "posting",
    "video_views": "video views",
    "followers": "followers",
    "web_engagement_rate": "the share of website visits that engage (GA4 engaged sessions)",
    "users": "website users",
    "click_rate": "the email click rate",
    "open_rate": "the email open rate",
    "cost_per_conversion": "the cost per paid-search conversion",
    "ctr": "the paid-search click-through rate",
    "cpc": "the cost per paid-search click",
    "conversions": "paid-search conversions",
}

EXPORTS: dict[str, str] = {
    "facebook": "Meta Business Suite export for Facebook (posts and Page insights)",
    "instagram": "Meta Business Suite export for Instagram (posts and account insights)",
    "linkedin": "LinkedIn Page analytics export",
    "x": "X (Twitter) analytics export",
    "youtube": "YouTube Studio analytics export",
    "tiktok": "TikTok analytics export",
    "website": "Google Analytics 4 export",
    "google_ads": "Google Ads campaign report",
    "microsoft_ads": "Microsoft Advertising campaign report",
    "mailchimp": "Mailchimp campaign report",
    "govdelivery": "GovDelivery bulletin report",
}
RESPONSIVENESS = ("response_rate", "median_response_minutes", "comments_answered_share")
_ALL_WHERE = {
    "social": "across all social media accounts",
    "web": "",
    "ppc": "across all paid-search accounts",
    "email": "across all email platforms",
}


# Where a target comes from, strongest case first. Holding a top-quartile place outranks a trend
# step: it rests on evidence, a trend step only on the baseline.
PEER_MEDIAN, PUBLISHED, TOP_QUARTILE, HOLD, TREND = range(5)


@dataclass(frozen=True)
class _Basis:
    """Where one candidate target comes from; lower `priority` is a stronger case. `figures` are
    the numbers its bracket and rationale print, so the goal's fact can re-derive each one."""

    priority: int  # PEER_MEDIAN … TREND
    target: float
    short: str  # the bracket in the statement
    rationale: str
    figures: tuple[Figure, ...] = ()


def _percent(share: float) -> str:
    """How a policy step prints: 0.5 -> '50%'."""
    return f"{share:.0%}"


def deadline_for(start: dt.date) -> dt.date:
    """The last day of the 12 months that begin on `start`."""
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        anniversary = dt.date(start.year + 1, 3, 1)
    return anniversary - dt.timedelta(days=1)


def _worse(ours: float, other: float, kpi: str, unit: str, min_gap: float = 0.0) -> bool:
    """Whether `ours` trails `other` by enough to show once both are printed, and by at least
    `min_gap` of `other`."""
    if format_value(ours, unit) == format_value(other, unit):
        return False
    if abs(other - ours) < min_gap * abs(other):
        return False
    return ours < other if higher_is_better(kpi) else ours > other


def _cap(kpi: str, baseline: float, target: float) -> float:
    if baseline > 0:
        if higher_is_better(kpi):
            target = min(target, baseline * (1 + MAX_STEP))
        else:
            target = max(target, baseline * (1 - MAX_STEP))
    if KPIS[kpi].unit == "%" and kpi != "follower_growth":
        target = min(target, 100.0)
    return target


def _from_gap(ours: KpiValue, aim: float, label: str, short: str, why: str,
              priority: int, figures: tuple[Figure, ...]) -> _Basis:
    """A target that closes a gap to `aim`, capped, saying so when the cap bites."""
    assert ours.value is not None
    target = round_for_display(_cap(ours.kpi, ours.value, aim), ours.unit)
    if format_value(target, ours.unit) != format_value(aim, ours.unit):
        step = "rise" if higher_is_better(ours.kpi) else "cut"
        short = f"capped at a {_percent(MAX_STEP)} {step}; {label} is {format_value(aim, ours.unit)}"
        figures += (Figure("aim", aim, format_value(aim, ours.unit)),
                    Figure("step", MAX_STEP * 100, _percent(MAX_STEP)))
        if ours.value > 0:
            change = abs(aim - ours.value) / ours.value * 100
            why += f" Reaching it in one year would take a {change:.0f}% change,"
            figures += (Figure("gap", change, f"{change:.0f}%"),)
        else:
            why += " It is out of reach in one year,"
        why += f" so this year's target is capped at {_percent(MAX_STEP)}."
    return _Basis(priority, target, short, why, figures)


def _peer_basis(ours: KpiValue, p: BenchmarkPosition) -> _Basis:
    assert ours.value is not None
    unit = ours.unit
    n = len(p.peers)
    figures = (
        Figure("median", p.median, format_value(p.median, unit)),
        Figure("peers", n, str(n)),
        Figure("rank", p.rank, str(p.rank)),
        Figure("of", n + 1, str(n + 1)),
        Figure("top_quartile", p.top_quartile, format_value(p.top_quartile, unit)),
    )
    where = (f"{format_value(ours.value, unit)} against a median of {format_value(p.median, unit)} "
             f"across {n} like-for-like peers (rank {p.rank} of {n + 1}); the top quartile is "
             f"{format_value(p.top_quartile, unit)}.")
    period_note = ""
    if "different period" in p.caveat:
        period_note = " Some peers' figures cover other periods."
    if _worse(ours.value, p.median, ours.kpi, unit, MIN_GAP):
        return _from_gap(ours, p.median, "the peer median", "the peer median",
                         f"Behind the peer median: {where}{period_note}", PEER_MEDIAN, figures)
    if _worse(ours.value, p.top_quartile, ours.kpi, unit):
        return _from_gap(ours, p.top_quartile, "the peers' top quartile", "the peers' top quartile",
                         f"Around or above the peer median but short of the top quartile: {where}"
                         f"{period_note}", TOP_QUARTILE, figures)
    return _Basis(HOLD, round_for_display(ours.value, unit), "a top-quartile position among peers",
                  f"Already in the peers' top quartile: {where} The aim is to hold that position.",
                  figures)


def _published_basis(ours: KpiValue, c: PublishedComparison) -> _Basis | None:
    assert ours.value is not None and c.benchmark is not None
    if not _worse(ours.value, c.benchmark, ours.kpi, ours.unit):
        return None
    bench = format_value(c.benchmark, ours.unit)
    return _from_gap(
        ours, c.benchmark, f"the published benchmark ({c.evidence_id})",
        f"the published benchmark in evidence card {c.evidence_id}",
        f"Behind a like-for-like published benchmark: {format_value(ours.value, ours.unit)} "
        f"against {bench} (evidence card {c.evidence_id}, same formula as ours).", PUBLISHED,
        (Figure("benchmark", c.benchmark, bench),))


def _trend_basis(ours: KpiValue, beaten: str = "") -> _Basis | None:
    """A steady step on the baseline, for figures with no like-for-like gap to close. `beaten`
    names a like-for-like benchmark we already pass, so the rationale never claims there is none."""
    assert ours.value is not None
    if ours.value <= 0:
        return None  # a step on nothing (or on a fall) is no target
    if beaten:
        lead = f"Already at or past {beaten}, so the target is trend-based:"
    else:
        lead = "No like-for-like peer or published benchmark, so the target is trend-based:"
    if not higher_is_better(ours.kpi):
        step, words = -TREND_LOWER_STEP, f"{_percent(TREND_LOWER_STEP)} lower than the baseline"
    elif ours.unit == "%":
        step, words = TREND_RATE_STEP, f"a {_percent(TREND_RATE_STEP)} improvement on the baseline"
    else:
        step, words = TREND_VOLUME_STEP, f"a {_percent(TREND_VOLUME_STEP)} rise on the baseline"
    target = ours.value * (1 + step)
    target = round_for_display(_cap(ours.kpi, ours.value, target), ours.unit)
    if format_value(target, ours.unit) == format_value(ours.value, ours.unit):
        return None
    return _Basis(TREND, target, f"trend-based: {words}", f"{lead} {words}.",
                  (Figure("step", abs(step) * 100, _percent(abs(step))),))


def _best_basis(ours: KpiValue, positions: list[BenchmarkPosition],
                published: list[PublishedComparison]) -> _Basis | None:
    """The strongest case: a like-for-like gap if there is one; holding a top-quartile place;
    otherwise a trend step."""
    found: list[_Basis] = []
    passed: list[str] = []
    for p in positions:
        if p.like_for_like and p.kpi == ours.kpi and p.platform == ours.platform and p.peers:
            found.append(_peer_basis(ours, p))
    for c in published:
        if (c.like_for_like and c.kpi == ours.kpi and c.platform == ours.platform
                and c.benchmark is not None):
            if basis := _published_basis(ours, c):
                found.append(basis)
            else:
                passed.append(f"the published benchmark in evidence card {c.evidence_id}")
    if not found:
        trend = _trend_basis(ours, " and ".join(passed))
        found += [trend] if trend else []
    return min(found, key=lambda b: b.priority) if found else None


def _what(kpi: str, platform: str) -> str:
    """'Facebook engagement per post per follower', 'the share of messages answered across all
    social media accounts'."""
    phrase = PHRASES.get(kpi, KPIS[kpi].name.lower())
    if platform == ALL:
        where = _ALL_WHERE[KPIS[kpi].channel]
        return f"{phrase} {where}".strip()
    if platform == "website":
        return phrase
    if phrase.startswith("the "):
        return f"{phrase} on {platform_label(platform)}"
    return f"{platform_label(platform)} {phrase}"


def measurement(kpi: str, platform: str, deadline: dt.date) -> str:
    """Which export, which formula, over which 12 months."""
    if kpi in RESPONSIVENESS:
        export = "the social inbox or customer-care tool export " + (
            "for every social account" if platform == ALL else f"for {platform_label(platform)}")
    elif platform == ALL:
        channel = {"ppc": "paid-search", "web": "website"}.get(KPIS[kpi].channel, KPIS[kpi].channel)
        export = f"the {channel} exports for every platform, combined"
    else:
        export = EXPORTS.get(platform, f"the {platform_label(platform)} export")
    return f"{export}; {KPIS[kpi].formula}; over the 12 months to {format_month(deadline)}"


def statement(kpi: str, platform: str, baseline: float, target: float, unit: str, short: str,
              deadline: dt.date) -> str:
    what = _what(kpi, platform)
    b, t, by = format_value(baseline, unit), format_value(target, unit), format_date(deadline)
    if b == t:
        return f"Keep {what} at {b} or better ({short}) through to {by}."
    verb = "Raise" if target > baseline else "Cut"
    return f"{verb} {what} from {b} to {t} ({short}) by {by}."


@dataclass(frozen=True)
class _Candidate:
    theme: int
    kpi_rank: int
    platform_rank: int
    ours: KpiValue
    basis: _Basis


def _candidates(results: KpiResults, positions: list[BenchmarkPosition],
                published: list[PublishedComparison]) -> list[_Candidate]:
    order = [*PLATFORMS, ALL]
    found = []
    for theme, (_, kpis, _) in enumerate(GOAL_THEMES):
        for kpi_rank, kpi in enumerate(kpis):
            for platform in results.platforms(kpi):
                ours = results.latest(kpi, platform, "last12")
                if ours is None or ours.value is None:
                    continue
                basis = _best_basis(ours, positions, published)
                if basis is None:
                    continue
                # A trend target reads best for the whole channel; a benchmark for its platform.
                rank = order.index(platform) if platform in order else len(order)
                if basis.priority == TREND and platform == ALL:
                    rank = -1
                found.append(_Candidate(theme, kpi_rank, rank, ours, basis))
    return found


def _pick(candidates: list[_Candidate]) -> list[_Candidate]:
    """Per theme, the strongest cases first; one goal per KPI unless each is a peer-median gap."""
    picked: list[_Candidate] = []
    for theme, (_, _, allowed) in enumerate(GOAL_THEMES):
        mine = sorted((c for c in candidates if c.theme == theme),
                      key=lambda c: (c.basis.priority, c.kpi_rank, c.platform_rank))
        chosen: list[_Candidate] = []
        for c in mine:
            if len(chosen) == allowed:
                break
            same_kpi = [x.basis.priority for x in chosen if x.ours.kpi == c.ours.kpi]
            all_trail_peers = c.basis.priority == PEER_MEDIAN and all(
                p == PEER_MEDIAN for p in same_kpi)
            if same_kpi and not all_trail_peers:
                continue
            chosen.append(c)
        picked += chosen
    return picked[:MAX_GOALS]


def propose_goals(results: KpiResults, positions: list[BenchmarkPosition],
                  published: list[PublishedComparison], *,
                  start: dt.date | None = None) -> list[Goal]:
    """Up to eight 12-month goals from the latest 12-month baselines. The plan starts on `start`
    (default: the day after the baseline period) and every goal ends 12 months later."""
    goals = []
    for c in _pick(_candidates(results, positions, published)):
        ours, basis = c.ours, c.basis
        assert ours.value is not None
        begin = start or ours.period.end + dt.timedelta(days=1)
        deadline = deadline_for(begin)
        goals.append(Goal(
            id=f"G-{ours.platform}-{ours.kpi}",
            kpi=ours.kpi,
            platform=ours.platform,
            statement=statement(ours.kpi, ours.platform, ours.value, basis.target, ours.unit,
                                basis.short, deadline),
            baseline=ours.value,
            baseline_period=ours.period,
            target=basis.target,
            unit=ours.unit,
            deadline=deadline,
            measurement=measurement(ours.kpi, ours.platform, deadline),
            stage=KPIS[ours.kpi].stage,
            rationale=basis.rationale,
            figures=basis.figures,
        ))
    return goals
