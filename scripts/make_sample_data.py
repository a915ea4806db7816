#!/usr/bin/env python3
"""Write the sample channel exports for Brackenford Borough Council, a fictional council.

Usage:
    python scripts/make_sample_data.py [output folder]   # default: knowledge/sample/exports

Every file imitates the layout of a real export (see knowledge/sample/README.md) and covers
24 months, 1 November 2024 to 31 October 2026, with magnitudes plausible for a UK council of
about 150,000 residents. The numbers are invented, and tell one story on purpose: in the
second year Facebook engagement, community response and email all improved, X declined, and
TikTok started (in month 13).

The output is deterministic: a fixed seed, no clock, and workbooks written with fixed
timestamps, so running the script twice gives byte-identical files.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import math
import random
import sys
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

SEED = 20261031
START = dt.date(2024, 11, 1)
END = dt.date(2026, 10, 31)
YEAR_2 = dt.date(2025, 11, 1)
FIXED_TIME = dt.datetime(2026, 11, 1, 9, 0, 0)
COUNCIL = "Brackenford Borough Council"
SAMPLE_NAME = f"{COUNCIL} (sample)"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "knowledge" / "sample" / "exports"

Row = Sequence[object]


# --------------------------------------------------------------------------------------------
# Calendar and randomness
# --------------------------------------------------------------------------------------------


def days(start: dt.date = START, end: dt.date = END) -> list[dt.date]:
    return [start + dt.timedelta(n) for n in range((end - start).days + 1)]


def months(start: dt.date = START, end: dt.date = END) -> list[dt.date]:
    """First days of the months from start to end."""
    found, day = [], start.replace(day=1)
    while day <= end:
        found.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return found


def month_days(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def second_year(day: dt.date) -> bool:
    return day >= YEAR_2


def progress(day: dt.date) -> float:
    """0 at the start of the sample, 1 at its end: for gradual trends."""
    return (day - START).days / (END - START).days


# Web demand by calendar month: bins at Christmas, council tax bills in March, a quiet summer.
SEASON = {1: 1.18, 2: 0.96, 3: 1.24, 4: 1.02, 5: 1.0, 6: 0.9, 7: 0.88, 8: 0.85, 9: 0.96,
          10: 1.0, 11: 0.97, 12: 1.14}
ELECTION_MONTH = dt.date(2026, 5, 1)


class Dice:
    """The one source of randomness, seeded once."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def count(self, mean: float) -> int:
        """A Poisson-like count (normal approximation, never negative)."""
        if mean <= 0:
            return 0
        return max(0, round(self.rng.gauss(mean, math.sqrt(mean))))

    def spread(self, median: float, sigma: float = 0.5) -> float:
        """A skewed positive amount around `median`, as reach and views are."""
        return median * math.exp(self.rng.gauss(0, sigma))

    def rate(self, base: float, n: float, wobble: float = 0.25) -> int:
        """About `base` of `n`, with per-item variation."""
        return self.count(n * base * math.exp(self.rng.gauss(0, wobble)))

    def uniform(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def pick(self, options: Sequence[str]) -> str:
        return options[self.rng.randrange(len(options))]

    def times(self, month: dt.date, n: int, hours: tuple[int, int] = (7, 20)) -> list[dt.datetime]:
        """`n` publishing times in `month`, in order. The sample's first and last days always
        get one, since a file's coverage runs from its first to its last date."""
        found = sorted(
            dt.datetime(month.year, month.month, self.integer(1, month_days(month)),
                        self.integer(*hours), self.integer(0, 59))
            for _ in range(n)
        )
        if found and month == START:
            found[0] = found[0].replace(day=1)
        if found and month == END.replace(day=1):
            found[-1] = found[-1].replace(day=END.day)
        return sorted(found)


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------


def write_csv(
    path: Path,
    header: Row,
    rows: Iterable[Row],
    *,
    before: Iterable[Row] = (),
    after: Iterable[Row] = (),
    bom: bool = False,
    quote_all: bool = False,
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    writer.writerows(before)
    writer.writerow(header)
    writer.writerows(rows)
    writer.writerows(after)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig" if bom else "utf-8", newline="")


def write_xlsx(path: Path, sheets: Sequence[tuple[str, Sequence[Row]]], title: str) -> None:
    """A workbook with fixed document and zip timestamps, so it is byte-identical every run."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.properties.title = title
    book.properties.creator = "Upward sample data generator"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    stable = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, source.read(name))
    path.write_bytes(stable.getvalue())


def thousands(n: float) -> str:
    return f"{n:,.0f}"


def pct(part: float, whole: float, places: int = 2) -> str:
    return f"{100 * part / whole:.{places}f}%" if whole else "0.00%"


def money(amount: float) -> str:
    return f"{amount:,.2f}"


# --------------------------------------------------------------------------------------------
# What the council posts about
# --------------------------------------------------------------------------------------------

TOPICS_ALL_YEAR = [
    "Report a missed bin in two minutes online", "Planning applications decided this week",
    "New jobs at the council: apply by Friday", "Library events for all ages this month",
    "Roadworks update for the town centre", "Your councillors' surgeries this week",
    "Fly-tipping: how to report it and what happens next", "Free family swim sessions",
    "Meet the team keeping our parks tidy", "Housing advice drop-in at the Civic Centre",
    "Full council meeting: watch live tonight", "Have your say: consultation now open",
]
TOPICS_BY_MONTH = {
    1: ["Gritting routes tonight: roads may be icy", "Real Christmas tree collections this week"],
    2: ["Council budget: what it means for you", "Half-term activities in our libraries"],
    3: ["Council tax bills are on their way", "Council tax support: check if you qualify"],
    4: ["Garden waste subscriptions open", "Spring clean: community litter picks"],
    5: ["Local elections: how to vote", "Polling stations open 7am to 10pm"],
    6: ["Armed Forces Day in Brackenford Park", "Summer reading challenge launches"],
    7: ["Holiday activities and food programme", "Water safety near the river"],
    8: ["Bank holiday bin collections", "Summer events in the parks"],
    9: ["School admissions: apply for a secondary place", "Recycling week: what goes in which bin"],
    10: ["Apply for a primary school place", "Clocks go back: winter services"],
    11: ["Remembrance Sunday road closures", "Bonfire night safety"],
    12: ["Christmas bin collection dates", "Christmas opening hours for council services"],
}


def topic(dice: Dice, day: dt.date) -> str:
    pool = TOPICS_ALL_YEAR + TOPICS_BY_MONTH[day.month] * 3
    if day >= dt.date(2026, 3, 15) and day < ELECTION_MONTH.replace(month=6):
        pool += ["Local elections on 7 May 2026: are you registered?"] * 4
    return dice.pick(pool)


# --------------------------------------------------------------------------------------------
# Social
# --------------------------------------------------------------------------------------------

FB_PAGE_ID = "100064512345678"
FB_HEADER = [
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
    "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages",
    "Custom labels", "Funded content status", "Data comment", "Date", "Impressions", "Reach",
    "Reactions, Comments and Shares", "Reactions", "Comments", "Shares", "Total clicks",
    "Link Clicks", "Other Clicks",
]


Comments = dict[dt.date, int]  # comments received per month (first day of the month)


def facebook_posts(dice: Dice, out: Path) -> Comments:
    rows = []
    serial = 0
    received: Comments = {}
    for month in months():
        for when in dice.times(month, dice.integer(25, 40)):
            serial += 1
            post_id = str(1_040_000_000_000_000 + serial * 7_919)
            kind = dice.pick(["Photos", "Photos", "Links", "Links", "Videos", "Reels"])
            y2 = second_year(when.date())
            reach = round(dice.spread(700 + 300 * progress(when.date()), 0.6))
            impressions = round(reach * dice.uniform(1.25, 1.6))
            reactions = dice.rate(0.025 if y2 else 0.014, reach)
            comments = dice.rate(0.006 if y2 else 0.0028, reach)
            received[month] = received.get(month, 0) + comments
            shares = dice.rate(0.0045 if y2 else 0.002, reach)
            links = dice.rate(0.018 if kind == "Links" else 0.002, reach)
            other = dice.rate(0.012, reach)
            duration = dice.integer(20, 180) if kind in ("Videos", "Reels") else 0
            rows.append([
                post_id, FB_PAGE_ID, SAMPLE_NAME, topic(dice, when.date()), "", duration,
                when.strftime("%m/%d/%Y %H:%M"), "N/A",
                f"https://www.facebook.com/BrackenfordCouncilSample/posts/{post_id}", 0, 0, kind,
                "", "", "", "", "Lifetime", impressions, reach, reactions + comments + shares,
                reactions, comments, shares, links + other, links, other,
            ])
    write_csv(out / "facebook_posts.csv", FB_HEADER, rows, bom=True)
    return received


FB_PAGE_HEADER = [
    "Date", "Lifetime Total Likes", "Daily New Likes", "Daily Unlikes",
    "Daily Page Engaged Users", "Daily Total Reach", "Daily Total Impressions",
]
FB_PAGE_DESCRIPTIONS = [
    "Sample data (fictional)",
    "Lifetime: The total number of people who have liked your Page. (Unique Users)",
    "Daily: The number of new people who have liked your Page. (Unique Users)",
    "Daily: The number of Unlikes of your Page. (Unique Users)",
    "Daily: The number of people who engaged with your Page. (Unique Users)",
    "Daily: The number of people who had any content from your Page enter their screen. "
    "(Unique Users)",
    "Daily: The number of times any content from your Page entered a person's screen. "
    "(Total Count)",
]


def facebook_page(dice: Dice, out: Path) -> None:
    rows = []
    likes = 22_000
    for day in days():
        new = dice.count(6.8 if second_year(day) else 5)
        lost = dice.count(2.8)
        likes += new - lost
        reach = round(dice.spread(1_900 + 700 * progress(day), 0.35))
        engaged = dice.rate(0.08 if second_year(day) else 0.06, reach)
        rows.append([day.isoformat(), likes, new, lost, engaged, reach,
                     round(reach * dice.uniform(1.5, 1.9))])
    write_csv(out / "facebook_page_daily.csv", FB_PAGE_HEADER, rows, before=[FB_PAGE_DESCRIPTIONS])


IG_HEADER = [
    "Post ID", "Account ID", "Account username", "Account name", "Description",
    "Duration (sec)", "Publish time", "Permalink", "Post type", "Data comment", "Date",
    "Impressions", "Reach", "Likes", "Shares", "Follows", "Comments", "Saves",
]


def instagram_posts(dice: Dice, out: Path) -> Comments:
    rows = []
    serial = 0
    received: Comments = {}
    for month in months():
        for when in dice.times(month, dice.integer(12, 18), hours=(8, 21)):
            serial += 1
            post_id = str(17_900_000_000_000_000 + serial * 104_729)
            kind = dice.pick(["IG image", "IG image", "IG carousel", "IG reel"])
            reach = round(dice.spread(1_050 + 350 * progress(when.date()), 0.55))
            impressions = round(reach * dice.uniform(1.2, 1.5))
            likes = dice.rate(0.042 if second_year(when.date()) else 0.036, reach)
            shares, follows = dice.rate(0.004, reach), dice.rate(0.0015, reach)
            comments = dice.rate(0.0025, reach)
            received[month] = received.get(month, 0) + comments
            rows.append([
                post_id, "17841400123456789", "brackenfordcouncil.sample", SAMPLE_NAME,
                topic(dice, when.date()), dice.integer(15, 60) if kind == "IG reel" else 0,
                when.strftime("%m/%d/%Y %H:%M"),
                f"https://www.instagram.com/p/SAMPLE{serial:04d}/", kind, "", "Lifetime",
                impressions, reach, likes, shares, follows, comments, dice.rate(0.005, reach),
            ])
    write_csv(out / "instagram_posts.csv", IG_HEADER, rows, bom=True)
    return received


Changes = dict[dt.date, int]  # net follower change per day


def linkedin_followers(dice: Dice, out: Path) -> Changes:
    rows: list[Row] = [["Date", "Sponsored followers", "Organic followers",
                        "Auto-invited followers", "Total followers"]]
    gains = {}
    for day in days():
        organic = dice.count(5.5 if second_year(day) else 4.2)
        invited = dice.count(0.3)
        rows.append([day.strftime("%m/%d/%Y"), 0, organic, invited, organic + invited])
        gains[day] = organic + invited - dice.count(0.6)  # unfollows are not in the export
    write_xlsx(out / "linkedin_followers.xlsx", [("New followers", rows)],
               title=f"{COUNCIL} – LinkedIn followers (sample data, fictional)")
    return gains


LI_HEADER = [
    "Update title", "Update link", "Update type", "Campaign name", "Posted by", "Created date",
    "Campaign start date", "Campaign end date", "Audience", "Impressions",
    "Views (excluding off-site video views)", "Off-site views", "Clicks",
    "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate",
    "Content Type",
]
LI_ACTIVITY = 7_250_000_000_000_000_000  # LinkedIn activity ids have 19 digits
LI_TOPICS = [
    "We're hiring: social workers", "Apprenticeships at Brackenford", "Our climate action plan",
    "Graduate scheme now open", "Business rates relief explained", "Town centre regeneration",
    "Meet our planning team", "Supplier event: selling to the council", "Careers in care",
]


def linkedin_content(dice: Dice, out: Path) -> None:
    metrics: list[Row] = [
        [f"Aggregated daily metrics for {COUNCIL} (sample data, fictional)"],
        ["Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)",
         "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)", "Reactions (organic)",
         "Reactions (sponsored)", "Reactions (total)"],
    ]
    posts: list[Row] = [
        [f"All posts for {COUNCIL} (sample data, fictional), 11/01/2024 - 10/31/2026"],
        LI_HEADER,
    ]
    serial = 0
    for month in months():
        month_totals = [0, 0, 0]
        for when in dice.times(month, dice.integer(8, 12), hours=(8, 17)):
            serial += 1
            impressions = round(dice.spread(1_700 + 500 * progress(when.date()), 0.5))
            clicks = dice.rate(0.024, impressions)
            likes, comments = dice.rate(0.017, impressions), dice.rate(0.0012, impressions)
            reposts = dice.rate(0.0016, impressions)
            engagement = (clicks + likes + comments + reposts) / impressions
            posts.append([
                dice.pick(LI_TOPICS),
                f"https://www.linkedin.com/feed/update/urn:li:activity:{LI_ACTIVITY + serial}",
                "Organic", "", "Brackenford Comms", when.strftime("%m/%d/%Y"), "", "",
                "All followers", impressions, "", "", clicks, round(clicks / impressions, 4),
                likes, comments, reposts, dice.count(1.5), round(engagement, 4),
                dice.pick(["Image", "Article", "Text", "Video"]),
            ])
            month_totals = [month_totals[0] + impressions, month_totals[1] + clicks,
                            month_totals[2] + likes]
        impressions, clicks, likes = month_totals
        metrics.append([month.strftime("%m/%d/%Y"), impressions, 0, impressions, clicks, 0,
                        clicks, likes, 0, likes])
    write_xlsx(out / "linkedin_content.xlsx", [("Metrics", metrics), ("All posts", posts)],
               title=f"{COUNCIL} – LinkedIn content (sample data, fictional)")


X_HEADER = [
    "Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements",
    "engagement rate", "retweets", "replies", "likes", "user profile clicks", "url clicks",
    "hashtag clicks", "detail expands", "permalink clicks", "app opens", "app installs",
    "follows", "email tweet", "dial phone", "media views", "media engagements",
]


def x_tweets(dice: Dice, out: Path) -> Comments:
    rows = []
    serial = 0
    received: Comments = {}
    for month in months():
        share = progress(month)
        for when in dice.times(month, round(dice.uniform(40, 50) * (1 - 0.45 * share))):
            serial += 1
            tweet_id = str(1_852_000_000_000_000_000 + serial * 1_234_567_891)
            impressions = round(dice.spread(1_650 - 750 * share, 0.55))
            retweets = dice.rate(0.0036 - 0.0016 * share, impressions)
            replies = dice.rate(0.0019 - 0.0006 * share, impressions)
            received[month] = received.get(month, 0) + replies
            likes = dice.rate(0.0092 - 0.0034 * share, impressions)
            profile = dice.rate(0.002, impressions)
            url = dice.rate(0.006 - 0.002 * share, impressions)
            expands = dice.rate(0.006, impressions)
            engagements = retweets + replies + likes + profile + url + expands
            rows.append([
                tweet_id, f"https://twitter.com/BrackenfordBC_sample/status/{tweet_id}",
                topic(dice, when.date()), when.strftime("%Y-%m-%d %H:%M +0000"), impressions,
                engagements, round(engagements / impressions, 4), retweets, replies, likes,
                profile, url, 0, expands, 0, 0, 0, dice.count(0.2), 0, 0, 0, 0,
            ])
    write_csv(out / "x_tweet_activity.csv", X_HEADER, rows)
    return received


YT_HEADER = [
    "Date", "Views", "Watch time (hours)", "Subscribers", "Subscribers gained",
    "Subscribers lost", "Likes", "Comments added", "Shares", "Impressions",
    "Impressions click-through rate (%)", "Average view duration",
]


def youtube(dice: Dice, out: Path) -> Changes:
    rows = []
    for day in days():
        views = round(dice.spread(165 + 60 * progress(day), 0.35))
        seconds = round(dice.uniform(110, 150))
        impressions = round(views * dice.uniform(14, 20))
        gained, lost = dice.count(2.2), dice.count(0.8)
        rows.append([
            day.isoformat(), views, round(views * seconds / 3600, 4), gained - lost, gained, lost,
            dice.rate(0.03, views), dice.rate(0.003, views), dice.rate(0.006, views),
            impressions, round(100 * views * 0.35 / impressions, 2),
            f"0:{seconds // 60:02d}:{seconds % 60:02d}",
        ])
    total = ["Total", sum(r[1] for r in rows), round(sum(r[2] for r in rows), 4),
             *(sum(r[i] for r in rows) for i in range(3, 10)),
             round(sum(r[10] for r in rows) / len(rows), 2), "0:02:10"]
    write_csv(out / "youtube_table_data.csv", YT_HEADER, [total, *rows])
    return {dt.date.fromisoformat(r[0]): r[3] for r in rows}


def tiktok(dice: Dice, out: Path) -> None:
    """The council joined TikTok at the start of the second year."""
    overview, history = [], []
    followers = 35
    for day in days(YEAR_2, END):
        warm_up = min(1.0, (day - YEAR_2).days / 120)
        views = round(dice.spread(250 + 1_600 * warm_up, 0.7))
        gained = dice.count(views * 0.0045)
        change = gained - dice.count(gained * 0.15)
        followers += change
        label = f"{day.day} {day:%B %Y}"
        overview.append([label, views, dice.rate(0.02, views), dice.rate(0.07, views),
                         dice.rate(0.006, views), dice.rate(0.009, views)])
        history.append([label, followers, change])
    write_csv(out / "tiktok_overview.csv",
              ["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"], overview)
    write_csv(out / "tiktok_follower_history.csv",
              ["Date", "Followers", "Difference in followers from previous day"], history)


# --------------------------------------------------------------------------------------------
# Web
# --------------------------------------------------------------------------------------------


def ga4_preamble(title: str) -> list[Row]:
    return [
        ["# ----------------------------------------"],
        [f"# {title}"],
        [f"# Account: {COUNCIL}"],
        [f"# Property: {COUNCIL} website (sample data)"],
        ["# Sample data: fictional figures generated by Upward"],
        ["# ----------------------------------------"],
        ["#"],
        ["# All Users"],
        [f"# Start date: {START:%Y%m%d}"],
        [f"# End date: {END:%Y%m%d}"],
    ]


def monthly_users(dice: Dice, month: dt.date) -> int:
    season = SEASON[month.month] * (1.3 if month == ELECTION_MONTH else 1.0)
    return round((104_000 + 8_000 * progress(month)) * season * dice.uniform(0.97, 1.03))


def ga4_traffic(dice: Dice, out: Path) -> list[tuple[dt.date, int]]:
    """Monthly site totals; returns the views per month for the pages table to share out."""
    rows, views_by_month = [], []
    for month in months():
        users = monthly_users(dice, month)
        sessions = round(users * dice.uniform(1.55, 1.66))
        engaged = round(sessions * dice.uniform(0.6, 0.65))
        views = round(sessions * dice.uniform(2.45, 2.7))
        rows.append([month.strftime("%Y%m"), users, round(users * dice.uniform(0.68, 0.73)),
                     sessions, engaged, views, round(engaged / sessions, 4)])
        views_by_month.append((month, views))
    total = ["", *(sum(r[i] for r in rows) for i in range(1, 6)),
             round(sum(r[4] for r in rows) / sum(r[3] for r in rows), 4)]
    write_csv(out / "ga4_traffic_monthly.csv",
              ["Year month", "Active users", "New users", "Sessions", "Engaged sessions", "Views",
               "Engagement rate"],
              [total, *rows], before=ga4_preamble("Traffic acquisition: overview by month"))
    return views_by_month


# Share of all views, and the calendar months each page peaks in (with the factor).
PAGES: list[tuple[str, float, dict[int, float]]] = [
    ("/", 0.17, {}),
    ("/bins-and-recycling", 0.085, {12: 1.8, 1: 1.7}),
    ("/bins-and-recycling/collection-days", 0.065, {12: 2.0, 1: 1.8, 8: 1.3}),
    ("/council-tax", 0.055, {3: 2.3, 4: 1.5}),
    ("/council-tax/pay-your-council-tax", 0.04, {3: 2.0, 4: 1.6}),
    ("/jobs", 0.045, {}),
    ("/planning", 0.035, {}),
    ("/planning/search-applications", 0.033, {}),
    ("/parking", 0.026, {12: 1.3}),
    ("/contact-us", 0.025, {}),
    ("/report-it", 0.022, {1: 1.3}),
    ("/libraries", 0.02, {7: 1.4, 8: 1.4}),
    ("/housing", 0.02, {}),
    ("/schools/admissions", 0.014, {10: 2.6, 1: 2.2}),
    ("/elections", 0.004, {}),
]


def ga4_pages(dice: Dice, out: Path, views_by_month: list[tuple[dt.date, int]]) -> None:
    rows = []
    for month, views in views_by_month:
        month_rows = []
        for path, share, peaks in PAGES:
            factor = peaks.get(month.month, 1.0)
            if path == "/elections":
                factor = {dt.date(2026, 4, 1): 6.0, ELECTION_MONTH: 18.0}.get(month, 1.0)
            page_views = round(views * share * factor * dice.uniform(0.92, 1.08))
            users = round(page_views / dice.uniform(1.3, 1.9))
            month_rows.append([path, month.strftime("%Y%m"), page_views, users,
                               round(page_views / users, 2), round(dice.uniform(25, 80), 1),
                               round(page_views * dice.uniform(2.2, 2.8)), 0])
        rows += sorted(month_rows, key=lambda r: -r[2])
    write_csv(out / "ga4_pages_monthly.csv",
              ["Page path and screen class", "Year month", "Views", "Active users",
               "Views per active user", "Average engagement time per active user",
               "Event count", "Key events"],
              rows, before=ga4_preamble("Pages and screens: Page path and screen class"))


# --------------------------------------------------------------------------------------------
# Paid search
# --------------------------------------------------------------------------------------------

# Campaign -> (monthly budget in GBP, months it runs: None for all year, CPC, conversion rate).
GOOGLE_CAMPAIGNS: list[tuple[str, float, set[int] | None, float, float]] = [
    ("Jobs – Search", 205, None, 0.72, 0.09),
    ("Brand – Search", 95, None, 0.35, 0.16),
    ("Council tax – Search", 110, {2, 3, 4}, 0.85, 0.2),
    ("Bins and recycling – Search", 75, {12, 1}, 0.6, 0.2),
]


def google_ads(dice: Dice, out: Path) -> None:
    header = ["Month", "Campaign", "Campaign status", "Clicks", "Impr.", "CTR",
              "Currency code", "Avg. CPC", "Cost", "Conversions", "Cost / conv."]
    rows, totals = [], [0, 0, 0.0, 0.0]
    for month in months():
        running = list(GOOGLE_CAMPAIGNS)
        if month in (dt.date(2026, 4, 1), ELECTION_MONTH):
            running.append(("Elections 2026 – Search", 120, None, 0.5, 0.1))
        for name, budget, when, cpc, conversion in running:
            if when is not None and month.month not in when:
                continue
            cost = budget * dice.uniform(0.85, 1.05)
            clicks = max(1, round(cost / (cpc * dice.uniform(0.9, 1.1))))
            impressions = round(clicks / dice.uniform(0.05, 0.09))
            conversions = float(dice.rate(conversion, clicks)) if conversion else 0.0
            rows.append([month.isoformat(), name, "Enabled", clicks, thousands(impressions),
                         pct(clicks, impressions), "GBP", f"{cost / clicks:.2f}", money(cost),
                         f"{conversions:.2f}",
                         f"{cost / conversions:.2f}" if conversions else "--"])
            totals = [totals[0] + clicks, totals[1] + impressions, totals[2] + cost,
                      totals[3] + conversions]
    clicks, impressions, cost, conversions = totals
    total = ["Total: Account", "--", "--", thousands(clicks), thousands(impressions),
             pct(clicks, impressions), "GBP", f"{cost / clicks:.2f}", money(cost),
             f"{conversions:.2f}", f"{cost / conversions:.2f}"]
    write_csv(out / "google_ads_campaigns.csv", header, rows,
              before=[[f"Campaign report – {COUNCIL} (sample data)"],
                      [f"{START.day} {START:%B %Y} - {END.day} {END:%B %Y}"]],
              after=[total])


def microsoft_ads(dice: Dice, out: Path) -> None:
    header = ["Month", "Account name", "Campaign name", "Currency code", "Impressions",
              "Clicks", "CTR", "Average CPC", "Spend", "Conversions", "Cost per conversion"]
    rows = []
    for month in months():
        for name, budget, when in (("Jobs", 45, None), ("Council tax", 25, {2, 3, 4})):
            if when is not None and month.month not in when:
                continue
            spend = budget * dice.uniform(0.8, 1.1)
            clicks = max(1, round(spend / dice.uniform(0.45, 0.65)))
            impressions = round(clicks / dice.uniform(0.025, 0.045))
            conversions = dice.rate(0.05, clicks) if name == "Jobs" else 0
            rows.append([month.isoformat(), SAMPLE_NAME, name, "GBP", impressions, clicks,
                         pct(clicks, impressions), f"{spend / clicks:.2f}", f"{spend:.2f}",
                         conversions, f"{spend / conversions:.2f}" if conversions else "0.00"])
    preamble = [
        [f"Report Name: {COUNCIL} campaign performance (sample data)"],
        [f"Report Time: {START:%m/%d/%Y} - {END:%m/%d/%Y}"],
        ["Time Zone: (GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London"],
        ["Last Completed Available Day: 11/1/2026 4:10:00 AM (GMT) Greenwich Mean Time : "
         "Dublin, Edinburgh, Lisbon, London"],
        ["Potential Incomplete Data: false"],
        [f"Rows: {len(rows)}"],
        [],
    ]
    write_csv(out / "microsoft_ads_campaigns.csv", header, rows, before=preamble,
              after=[["©2026 Microsoft Corporation. All rights reserved. "]], quote_all=True)


# --------------------------------------------------------------------------------------------
# Email
# --------------------------------------------------------------------------------------------

MC_HEADER = [
    "Title", "Subject", "List", "Send Date", "Send Weekday", "Total Recipients",
    "Successful Deliveries", "Soft Bounces", "Hard Bounces", "Total Bounces", "Times Forwarded",
    "Forwarded Opens", "Unique Opens", "Open Rate", "Total Opens", "Unique Clicks", "Click Rate",
    "Total Clicks", "Unsubscribes", "Abuse Complaints", "Times Liked on Facebook", "Folder Id",
    "Unique Id",
]
SPECIALS = {dt.date(2024, 11, 1): "Bonfire night: events and safety",
            dt.date(2026, 10, 31): "Half-term and Halloween: what's on",
            dt.date(2025, 3, 4): "Council tax 2025/26 explained",
            dt.date(2026, 3, 3): "Council tax 2026/27 explained",
            dt.date(2026, 4, 21): "How to vote on 7 May",
            dt.date(2025, 12, 16): "Christmas bin collections"}


def mailchimp(dice: Dice, out: Path) -> None:
    rows = []
    recipients = 9_800.0
    sends = [(d, f"Brackenford Weekly – {d.day} {d:%b %Y}") for d in days() if d.weekday() == 3]
    sends += [(d, title) for d, title in SPECIALS.items()]
    for serial, (day, title) in enumerate(sorted(sends), start=1):
        y2 = second_year(day)
        recipients += 55 if y2 else 35
        total = round(recipients)
        soft, hard = dice.count(total * 0.006), dice.count(total * 0.002)
        delivered = total - soft - hard
        opens = dice.rate(0.455 if y2 else 0.38, delivered, 0.06)
        clicks = dice.rate(0.05 if y2 else 0.032, delivered, 0.12)
        rows.append([
            title, topic(dice, day), "Brackenford News (sample)", f"{day:%b %d, %Y} 10:00 am",
            f"{day:%A}", thousands(total), thousands(delivered), soft, hard, soft + hard,
            dice.count(4), dice.count(2), thousands(opens), pct(opens, delivered),
            thousands(round(opens * dice.uniform(1.5, 1.8))), thousands(clicks),
            pct(clicks, delivered), thousands(round(clicks * dice.uniform(1.3, 1.6))),
            dice.rate(0.0011 if y2 else 0.0018, delivered), dice.count(0.3), 0, "",
            f"{serial * 2_654_435_761 % 16**10:010x}",
        ])
    write_csv(out / "mailchimp_campaigns.csv", MC_HEADER, rows)


BULLETINS = [
    "Flood warning: River Bracken", "Bin collections suspended today", "Boil water notice lifted",
    "Road closed after a collision", "Power cut: welfare centre open",
]
WINTER_BULLETINS = ["Storm warning: stay safe tonight", "Schools closed due to snow",
                    "Gritting update"]
SUMMER_BULLETINS = ["Heat-health alert: check on neighbours", "Grass fire: keep windows shut"]


def govdelivery(dice: Dice, out: Path) -> None:
    header = ["Bulletin ID", "Subject", "Sent At", "Total Sent", "Total Delivered",
              "Delivery Rate", "Unique Opens", "Open Rate", "Unique Link Clicks", "Click Rate",
              "Unsubscribes"]
    rows = []
    serial = 0
    for month in months():
        winter = month.month in (11, 12, 1, 2)
        sends = max(1, dice.count(2.6 if winter else 1.1))  # at least a monthly test alert
        for when in dice.times(month, sends, hours=(6, 21)):
            serial += 1
            summer = month.month in (6, 7, 8)
            seasonal = WINTER_BULLETINS if winter else SUMMER_BULLETINS if summer else []
            subject = ("Polling day reminder" if month == ELECTION_MONTH
                       else dice.pick(BULLETINS + seasonal * 2))
            y2 = second_year(when.date())
            sent = round(28_500 + 4_500 * progress(when.date()) + dice.uniform(-150, 150))
            delivered = sent - dice.count(sent * 0.008)
            opens = dice.rate(0.52 if y2 else 0.47, delivered, 0.08)
            clicks = dice.rate(0.055 if y2 else 0.04, delivered, 0.15)
            rows.append([f"SAMPLE-{serial:04d}", subject, when.strftime("%m/%d/%Y %I:%M %p"),
                         thousands(sent), thousands(delivered), pct(delivered, sent, 1),
                         thousands(opens), pct(opens, delivered, 1), thousands(clicks),
                         pct(clicks, delivered, 1), dice.count(9)])
    write_csv(out / "govdelivery_bulletins.csv", header, rows)


# --------------------------------------------------------------------------------------------
# Community management (canonical template)
# --------------------------------------------------------------------------------------------

# Platform -> (account, messages a month in year 1 and year 2, share answered in years 1 and 2).
COMMUNITY = {
    "facebook": (SAMPLE_NAME, (230, 260), (0.62, 0.76)),
    "instagram": ("brackenfordcouncil.sample", (70, 95), (0.58, 0.72)),
    "x": ("BrackenfordBC_sample", (130, 85), (0.5, 0.66)),
}


def community_log(dice: Dice, out: Path, comments: dict[str, Comments]) -> None:
    """Messages and answers per month, and comment replies as a share of the comments each
    platform's export shows (never more replies than comments)."""
    rows: list[Row] = []
    for month in months():
        y2 = second_year(month)
        for platform, (account, volume, answered_share) in COMMUNITY.items():
            received = dice.count(volume[int(y2)] * SEASON[month.month])
            if not received:
                continue
            answered = min(received, dice.rate(answered_share[int(y2)], received, 0.05))
            replied = dice.rate(0.55 if y2 else 0.3, comments[platform].get(month, 0))
            for metric, value in (("messages_received", received),
                                  ("messages_answered", answered),
                                  ("comments_answered", replied)):
                rows.append([month.isoformat(), "social", platform, account, metric, value, "",
                             "", "month"])
    serial = 0
    for month in months():
        for _ in range(20):
            serial += 1
            platform = dice.pick(list(COMMUNITY))
            day = month.replace(day=dice.integer(1, month_days(month)))
            minutes = round(dice.spread(135 if second_year(month) else 240, 0.8))
            rows.append([day.isoformat(), "social", platform, COMMUNITY[platform][0],
                         "response_minutes", minutes, "minutes", f"msg-{serial:05d}", "day"])
    write_csv(out / "community_log.csv",
              ["date", "channel", "platform", "account", "metric", "value", "unit", "item",
               "granularity"],
              rows,
              before=[[f"# Sample data (fictional): {COUNCIL} community management log. "
                       "Response times are a random sample of 20 answered messages a month."]])


def follower_counts(dice: Dice, out: Path, linkedin: Changes, youtube: Changes) -> None:
    """Month-end follower counts noted from each platform's page, for the platforms whose
    exports give only gains (LinkedIn, YouTube) or no followers at all (Instagram, X)."""
    counts = {"instagram": 5_800.0, "linkedin": 6_200.0, "x": 18_400.0, "youtube": 3_100.0}
    accounts = {"instagram": "brackenfordcouncil.sample", "x": "BrackenfordBC_sample",
                "linkedin": SAMPLE_NAME, "youtube": SAMPLE_NAME}
    rows: list[Row] = []
    for month in months():
        last = month.replace(day=month_days(month))
        in_month = [month + dt.timedelta(n) for n in range(month_days(month))]
        counts["linkedin"] += sum(linkedin[d] for d in in_month)
        counts["youtube"] += sum(youtube[d] for d in in_month)
        counts["instagram"] += dice.count(85 if second_year(month) else 60)
        counts["x"] += dice.count(25) - dice.count(45 if second_year(month) else 4)
        for platform in ("instagram", "linkedin", "x", "youtube"):
            rows.append([last.isoformat(), "social", platform, accounts[platform], "followers",
                         round(counts[platform]), "", "", "day"])
    write_csv(out / "follower_counts.csv",
              ["date", "channel", "platform", "account", "metric", "value", "unit", "item",
               "granularity"],
              rows,
              before=[[f"# Sample data (fictional): {COUNCIL} follower counts, noted at the end "
                       "of each month from each platform's page."]])


def main(argv: Sequence[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    dice = Dice(SEED)
    comments = {"facebook": facebook_posts(dice, out)}
    facebook_page(dice, out)
    comments["instagram"] = instagram_posts(dice, out)
    linkedin = linkedin_followers(dice, out)
    linkedin_content(dice, out)
    comments["x"] = x_tweets(dice, out)
    subscribers = youtube(dice, out)
    tiktok(dice, out)
    ga4_pages(dice, out, ga4_traffic(dice, out))
    google_ads(dice, out)
    microsoft_ads(dice, out)
    mailchimp(dice, out)
    govdelivery(dice, out)
    community_log(dice, out, comments)
    follower_counts(dice, out, linkedin, subscribers)
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"wrote {len(list(out.iterdir()))} files, {size / 1e6:.2f} MB, to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
