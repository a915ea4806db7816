"""The audit's import layer: each export format maps the right cells to the right canonical
metrics and rows, and every malformed file is refused with problems that name the file, row and
column, with nothing imported.

CSV fixtures live in tests/fixtures/exports (hand-made, with the headers of the real exports);
workbooks are built here with openpyxl, as the platforms' own exporters would build them.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from bot.audit.importer import import_exports
from bot.audit.model import PLATFORMS, CanonicalTable
from bot.problems import ImportFailed, ImportProblem
from bot.audit.reader import parse_number, read_xlsx

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "exports"
SAMPLE = ROOT / "knowledge" / "sample" / "exports"
D = dt.date

# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def load(*names: str) -> CanonicalTable:
    return import_exports([FIXTURES / n for n in names])


def cells(table: CanonicalTable) -> dict[tuple[str, dt.date, str], tuple[float, int]]:
    """(metric, date, item) -> (value, source row)."""
    found = {}
    for o in table.observations:
        key = (o.metric, o.date, o.item)
        assert key not in found, f"two observations for {key}"
        found[key] = (o.value, o.source_row)
    return found


def write(path: Path, *lines: str) -> Path:
    """A UTF-8 CSV file from its lines."""
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


YOUTUBE = "Date,Views,Watch time (hours)"
LINKEDIN = "Date,Sponsored followers,Organic followers,Auto-invited followers,Total followers"


def problems_for(paths: list[Path], **kwargs) -> list[ImportProblem]:
    with pytest.raises(ImportFailed) as info:
        import_exports(paths, **kwargs)
    return info.value.problems


def only_problem(path: Path) -> ImportProblem:
    found = problems_for([path])
    assert len(found) == 1, found
    return found[0]


def workbook(path: Path, sheets: list[tuple[str, list[list[object]]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


# --------------------------------------------------------------------------------------------
# Each format maps the right values to the right metrics and rows
# --------------------------------------------------------------------------------------------


def test_facebook_posts_one_row_per_post_with_its_page_and_publish_date():
    table = load("facebook_posts.csv")
    found = cells(table)
    post = (D(2025, 12, 20), "101")
    assert found[("posts", *post)] == (1, 2)
    assert found[("impressions", *post)] == (5210, 2)
    assert found[("reach", *post)][0] == 3900
    assert found[("reactions", *post)][0] == 98
    assert found[("comments", *post)][0] == 21
    assert found[("shares", *post)][0] == 12
    assert found[("clicks", *post)][0] == 85  # Link Clicks, not Total clicks
    # The first post's caption spans three lines, yet the next post is spreadsheet row 3.
    second = (D(2025, 12, 21), "102")
    assert found[("reactions", *second)] == (15, 3)
    assert ("shares", *second) not in found  # "-" is missing, not zero
    assert ("clicks", *second) not in found  # an empty cell is missing
    assert {o.account for o in table.observations} == {"Testshire Council"}
    assert {(o.channel, o.platform, o.granularity) for o in table.observations} == {
        ("social", "facebook", "day")
    }
    (f,) = table.files
    assert (f.format_id, f.rows, f.observations, f.start, f.end) == (
        "facebook_posts", 2, 12, D(2025, 12, 20), D(2025, 12, 21)
    )


def test_instagram_posts_read_likes_as_reactions():
    found = cells(load("instagram_posts.csv"))
    reel = (D(2026, 7, 5), "18002")
    assert found[("impressions", *reel)] == (3400, 3)
    assert found[("reactions", *reel)][0] == 210
    assert found[("shares", *reel)][0] == 18
    assert found[("comments", *reel)][0] == 12
    metrics = {"posts", "impressions", "reach", "reactions", "comments", "shares"}
    assert {k[0] for k in found} == metrics


def test_facebook_page_export_reads_followers_and_gains_only_and_skips_the_description_row():
    table = load("facebook_page_insights.csv")
    found = cells(table)
    assert found[("followers", D(2026, 3, 1), "")] == (22140, 3)
    assert found[("new_followers", D(2026, 3, 2), "")] == (14, 4)
    assert ("new_followers", D(2026, 3, 3), "") not in found
    assert {k[0] for k in found} == {"followers", "new_followers"}  # page reach stays unread
    assert table.files[0].account == "facebook_page_insights"  # no account column: the stem


def test_linkedin_followers_total_is_the_days_gain():
    found = cells(load("linkedin_followers.csv"))
    assert found[("new_followers", D(2026, 3, 2), "")] == (7, 3)
    assert len(found) == 3


def test_linkedin_updates_workbook_found_on_its_sheet_below_a_description_line(tmp_path):
    path = workbook(
        tmp_path / "testshire_content.xlsx",
        [
            ("Metrics", [["Aggregated metrics"], ["Date", "Impressions (organic)"],
                         ["03/01/2026", 900]]),
            ("All posts", [
                ["All posts for Testshire Council, 03/01/2026 - 03/31/2026"],
                ["Update title", "Update link", "Update type", "Posted by", "Created date",
                 "Impressions", "Clicks", "Click through rate (CTR)", "Likes", "Comments",
                 "Reposts", "Follows", "Engagement rate"],
                ["Hiring: social workers", "https://www.linkedin.com/feed/update/urn:li:activity:1",
                 "Organic", "Comms", "03/04/2026", 2100, 52, 0.0248, 40, 3, 5, 2, 0.0476],
                ["Budget explained", "https://www.linkedin.com/feed/update/urn:li:activity:2",
                 "Organic", "Comms", "03/09/2026", 1500, 20, 0.0133, 18, 1, 0, 0, 0.026],
            ]),
        ],
    )
    table = import_exports([path])
    found = cells(table)
    first = (D(2026, 3, 4), "https://www.linkedin.com/feed/update/urn:li:activity:1")
    assert found[("impressions", *first)] == (2100, 3)
    assert found[("clicks", *first)][0] == 52
    assert found[("reactions", *first)][0] == 40
    assert found[("shares", *first)][0] == 5
    second = "https://www.linkedin.com/feed/update/urn:li:activity:2"
    assert found[("posts", D(2026, 3, 9), second)] == (1, 4)
    assert (table.files[0].format_id, table.files[0].rows) == ("linkedin_content", 2)
    assert {o.source_file for o in table.observations} == {str(path)}


def test_problems_in_a_workbook_name_the_sheet(tmp_path):
    header = ["Update title", "Update link", "Posted by", "Created date", "Impressions"]
    row = ["Budget", "https://www.linkedin.com/x", "Comms", "03/09/2026", "many"]
    sheets = [("Metrics", [["Date"]]), ("All posts", [header, row])]
    path = workbook(tmp_path / "content.xlsx", sheets)
    problem = only_problem(path)
    assert problem.file == f"{path} (sheet 'All posts')"
    assert (problem.row, problem.column) == (2, "Impressions")


def test_a_workbook_with_real_date_cells(tmp_path):
    path = workbook(
        tmp_path / "followers.xlsx",
        [("New followers", [
            LINKEDIN.split(","),
            [dt.datetime(2026, 3, 1), 0, 4, 1, 5.0],
            [dt.datetime(2026, 3, 2), 0, 7, 0, 7.0],
        ])],
    )
    found = cells(import_exports([path]))
    assert found[("new_followers", D(2026, 3, 2), "")] == (7, 3)


def test_x_tweets_map_likes_replies_retweets_url_clicks_and_take_the_account_from_the_link():
    table = load("x_tweet_activity.csv")
    found = cells(table)
    tweet = (D(2026, 1, 12), "1800000000000000001")
    assert found[("impressions", *tweet)] == (2300, 2)
    assert found[("reactions", *tweet)][0] == 22
    assert found[("comments", *tweet)][0] == 4
    assert found[("shares", *tweet)][0] == 9
    assert found[("clicks", *tweet)][0] == 11
    assert ("clicks", D(2026, 1, 13), "1800000000000000002") not in found
    assert {o.account for o in table.observations} == {"TestshireCC"}


def test_youtube_skips_the_total_row():
    table = load("youtube_table_data.csv")
    found = cells(table)
    assert found[("video_views", D(2026, 5, 1), "")] == (300, 3)
    assert found[("new_followers", D(2026, 5, 1), "")][0] == 5  # gained, not net
    assert found[("comments", D(2026, 5, 2), "")][0] == 1
    assert found[("impressions", D(2026, 5, 2), "")][0] == 6200
    assert table.files[0].rows == 2


def test_tiktok_overview_and_follower_history():
    found = cells(load("tiktok_overview.csv", "tiktok_follower_history.csv"))
    assert found[("video_views", D(2026, 6, 1), "")] == (1200, 2)
    assert found[("reactions", D(2026, 6, 2), "")][0] == 61
    assert found[("followers", D(2026, 6, 2), "")] == (2318, 3)
    assert "new_followers" not in {k[0] for k in found}  # the difference is net, not gains


def test_ga4_monthly_traffic_skips_comments_and_totals_and_covers_the_stated_range():
    table = load("ga4_traffic_monthly.csv")
    found = cells(table)
    assert found[("users", D(2026, 1, 1), "")] == (110000, 12)
    assert found[("engaged_sessions", D(2026, 2, 1), "")][0] == 92000
    assert found[("page_views", D(2026, 3, 1), "")][0] == 425000
    assert {o.granularity for o in table.observations} == {"month"}
    (f,) = table.files
    assert (f.account, f.start, f.end, f.rows) == (
        "Testshire Council website", D(2026, 1, 1), D(2026, 3, 31), 3
    )


def test_ga4_pages_are_views_per_path_and_a_second_table_after_the_data_is_ignored():
    table = load("ga4_pages_monthly.csv")
    found = cells(table)
    assert found[("page_views", D(2026, 2, 1), "/council-tax")] == (32000, 13)
    assert len(found) == 4  # "Grand total" and the Nth-day table are not pages
    assert table.files[0].end == D(2026, 2, 28)


def test_ga4_daily_dates_are_yyyymmdd(tmp_path):
    path = write(tmp_path / "ga4_daily.csv", "Date,Active users,New users,Sessions",
                 "20260301,4100,2900,6500", "20260302,3900,2700,6100")
    found = cells(import_exports([path]))
    assert found[("sessions", D(2026, 3, 2), "")] == (6100, 3)


def test_google_ads_months_by_campaign_in_the_accounts_currency_without_total_rows():
    table = load("google_ads_campaigns.csv")
    found = cells(table)
    jobs = (D(2026, 2, 1), "Jobs – Search")
    assert found[("cost", *jobs)] == (214.60, 6)
    assert found[("impressions", *jobs)][0] == 6950
    assert found[("conversions", *jobs)][0] == 15
    assert found[("conversions", D(2026, 1, 1), "Council tax – Search")][0] == 0
    assert {o.unit for o in table.observations if o.metric == "cost"} == {"GBP"}
    assert table.files[0].rows == 3
    assert (table.files[0].start, table.files[0].end) == (D(2026, 1, 1), D(2026, 2, 28))


def test_microsoft_ads_skips_the_report_header_lines_and_the_copyright_footer():
    table = load("microsoft_ads_campaigns.csv")
    found = cells(table)
    assert found[("cost", D(2026, 1, 1), "Council tax")] == (12.81, 10)
    assert found[("clicks", D(2026, 2, 1), "Jobs")][0] == 58
    assert table.files[0].rows == 3
    assert table.files[0].account == "Testshire Council"


def test_mailchimp_one_send_per_campaign():
    found = cells(load("mailchimp_campaigns.csv"))
    first = (D(2026, 1, 5), "Testshire Weekly 5 Jan")
    assert found[("sends", *first)] == (1, 2)
    assert found[("emails_sent", *first)][0] == 10400
    assert found[("emails_delivered", *first)][0] == 10310
    assert found[("unique_opens", *first)][0] == 4420
    assert found[("unique_clicks", *first)][0] == 512
    assert found[("unsubscribes", *first)][0] == 11


def test_govdelivery_bulletins():
    found = cells(load("govdelivery_bulletins.csv"))
    snow = (D(2026, 1, 20), "TEST-0002")
    assert found[("emails_sent", *snow)] == (31260, 3)
    assert found[("unique_clicks", *snow)][0] == 6900
    assert found[("sends", *snow)][0] == 1


def test_canonical_template_rows_name_their_own_platform_unit_and_granularity():
    table = load("canonical_community.csv")
    by_row = {o.source_row: o for o in table.observations}
    assert (by_row[3].metric, by_row[3].value) == ("messages_received", 240)
    assert by_row[3].granularity == "month"
    assert (by_row[5].unit, by_row[5].item, by_row[5].granularity) == ("minutes", "msg-1", "day")
    assert by_row[6].unit == "minutes"  # defaults to the metric's unit
    assert (by_row[7].platform, by_row[7].channel) == ("threads", "social")  # any platform
    assert table.files[0].platform == "mixed"


def test_the_shipped_canonical_template_imports():
    table = import_exports([ROOT / "knowledge" / "sample" / "canonical_template.csv"])
    assert len(table.observations) == 3
    assert all("example" in o.account for o in table.observations)


# --------------------------------------------------------------------------------------------
# Reading: encodings, delimiters, numbers
# --------------------------------------------------------------------------------------------


def test_utf16_with_bom_and_tab_delimiters(tmp_path):
    text = (
        "Date\tVideo Views\tProfile Views\tLikes\tComments\tShares\n"
        "1 June 2026\t1\u00a0200\t40\t95\t6\t11\n"
    )
    path = tmp_path / "Overview.csv"
    path.write_bytes(text.encode("utf-16"))
    assert cells(import_exports([path]))[("video_views", D(2026, 6, 1), "")] == (1200, 2)


def test_semicolon_delimited_with_an_excel_separator_hint(tmp_path):
    header = LINKEDIN.replace(",", ";")
    path = write(tmp_path / "followers.csv", "sep=;", header, "03/01/2026;0;4;1;5")
    assert cells(import_exports([path]))[("new_followers", D(2026, 3, 1), "")] == (5, 3)


def test_reading_a_named_sheet(tmp_path):
    data = workbook(tmp_path / "book.xlsx", [("First", [["a"]]), ("Second", [["b", 2.0, None, "c"]])])
    (table,) = read_xlsx(data.read_bytes(), "book.xlsx", sheet="Second")
    assert (table.sheet, table.rows[0].line, table.rows[0].cells) == ("Second", 1, ("b", "2", "", "c"))
    with pytest.raises(ImportFailed) as info:
        read_xlsx(data.read_bytes(), "book.xlsx", sheet="Third")
    assert "no sheet 'Third'" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,234", 1234), ("1 234", 1234), ("1\u202f234", 1234), ("£1,234.56", 1234.56),
     ("12.5%", 12.5), ("-3", -3), ("-£5.00", -5), ("0.0133", 0.0133), ("", None), ("-", None),
     ("--", None), ("  ", None)],
)
def test_numbers(text, value):
    assert parse_number(text, file="f.csv", row=2, column="Views") == value


@pytest.mark.parametrize("text", ["abc", "12,5", "1.2K", "N/A", "1,23"])
def test_text_is_not_a_number(text):
    with pytest.raises(ImportFailed) as info:
        parse_number(text, file="f.csv", row=7, column="Views")
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("f.csv", 7, "Views")
    assert f"'{text}'" in problem.message


# --------------------------------------------------------------------------------------------
# Refusals: each names the file, row and column
# --------------------------------------------------------------------------------------------


def test_an_unknown_column_in_a_recognised_layout_is_named(tmp_path):
    path = write(tmp_path / "yt.csv", YOUTUBE + ",Mood", "2026-05-01,3,0.1,happy")
    problem = only_problem(path)
    assert (problem.file, problem.row, problem.column) == (str(path), 1, "Mood")
    assert "unknown column" in problem.message


def test_an_unrecognised_file_says_which_formats_came_closest_and_what_they_miss(tmp_path):
    header = "Post ID,Page name,Publish time,Reach"
    path = write(tmp_path / "posts.csv", header, "1,A,01/02/2026 10:00,5")
    problem = only_problem(path)
    assert problem.row is None
    assert "not a recognised export" in problem.message
    assert "Meta Business Suite – Facebook posts export (missing 'Page ID')" in problem.message
    assert "canonical template" in problem.message


def test_mixed_date_formats_are_refused_after_the_first_date_fixes_the_format(tmp_path):
    path = write(tmp_path / "followers.csv", LINKEDIN, "03/01/2026,0,4,1,5", "2026-03-02,0,7,0,7")
    problem = only_problem(path)
    assert (problem.row, problem.column) == (3, "Date")
    assert "'2026-03-02'" in problem.message and "row 2" in problem.message


def test_a_date_without_a_year_asks_for_the_year(tmp_path):
    path = write(tmp_path / "FollowerHistory.csv",
                 "Date,Followers,Difference in followers from previous day", "28 August,300,5")
    problem = only_problem(path)
    assert (problem.row, problem.column) == (2, "Date")
    assert "has no year" in problem.message and "28 August 2026" in problem.message


def test_an_unreadable_date_shows_the_expected_format(tmp_path):
    path = write(tmp_path / "yt.csv", YOUTUBE, "yesterday,3,0.1")
    problem = only_problem(path)
    assert (problem.row, problem.column) == (2, "Date")
    assert "'yesterday'" in problem.message and "2026-01-31" in problem.message


def test_every_bad_number_in_a_file_is_reported_with_row_column_and_value(tmp_path):
    rows = ["2026-05-01,lots,0.1,2", "2026-05-02,3,0.1,n/a"]
    path = write(tmp_path / "yt.csv", YOUTUBE + ",Likes", *rows)
    found = problems_for([path])
    assert [(p.row, p.column) for p in found] == [(2, "Views"), (3, "Likes")]
    assert "'lots' is not a number" in found[0].message


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_an_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert only_problem(path).message == "the file is empty"


def test_a_header_without_data_rows(tmp_path):
    path = write(tmp_path / "yt.csv", YOUTUBE, "Total,0,0")
    problem = only_problem(path)
    assert problem.row == 1 and "no data rows" in problem.message


def test_a_repeated_day_in_a_daily_file(tmp_path):
    rows = ["2026-05-01,3,0.1", "2026-05-02,4,0.1", "2026-05-01,5,0.2"]
    path = write(tmp_path / "yt.csv", YOUTUBE, *rows)
    problem = only_problem(path)
    assert (problem.row, problem.column) == (4, "Date")
    assert "duplicates row 2" in problem.message and "2026-05-01" in problem.message


def test_a_repeated_post(tmp_path):
    rows = (FIXTURES / "x_tweet_activity.csv").read_text().splitlines()
    path = write(tmp_path / "tweets.csv", *rows, rows[1])
    problem = only_problem(path)
    assert problem.row == 4 and "'1800000000000000001'" in problem.message


def test_median_metrics_may_repeat_a_day_one_row_per_message(tmp_path):
    row = "2026-01-05,social,x,A,response_minutes,10"
    path = write(tmp_path / "log.csv", "date,channel,platform,account,metric,value", row, row)
    assert len(import_exports([path]).observations) == 2


def test_canonical_rows_are_validated_against_the_vocabulary(tmp_path):
    path = write(
        tmp_path / "log.csv",
        "date,channel,platform,account,metric,value,unit,item,granularity",
        "2026-01-05,social,x,A,likes,10,,,",
        "2026-01-05,web,facebook,A,posts,10,,,",
        "2026-01-05,social,x,A,posts,10,,,month",
        "2026-01-01,social,x,A,response_minutes,10,seconds,,",
        "2026-01-01,social,x,,posts,,,,",
    )
    found = [(p.row, p.column) for p in problems_for([path])]
    assert found == [(2, "metric"), (3, "channel"), (4, "date"), (5, "unit"), (6, "account"),
                     (6, "value")]


def test_files_that_cover_the_same_days_are_refused_naming_both_and_the_overlap(tmp_path):
    first = write(tmp_path / "Table data.csv", YOUTUBE, "2026-05-01,3,0.1", "2026-05-02,4,0.1")
    second = write(tmp_path / "Table data (1).csv", YOUTUBE, "2026-05-02,4,0.1", "2026-05-03,5,0.1")
    (problem,) = problems_for([first, second], names={first: "May.csv", second: "May again.csv"})
    assert problem.file == "May.csv"  # files are taken in name order
    assert "'May again.csv'" in problem.message
    assert "2026-05-02 to 2026-05-02" in problem.message and "YouTube" in problem.message


def test_a_file_named_for_no_account_overlaps_any_account_of_its_platform(tmp_path):
    header = YOUTUBE + ",Subscribers gained"
    export = write(tmp_path / "Table data.csv", header, "2026-05-01,3,0.1,2")
    log = write(tmp_path / "log.csv", "date,channel,platform,account,metric,value",
                "2026-05-01,social,youtube,Our channel,new_followers,2")
    (problem,) = problems_for([export, log])
    assert problem.file == str(log) and "new_followers" in problem.message


def test_files_for_different_accounts_may_cover_the_same_days(tmp_path):
    rows = (FIXTURES / "instagram_posts.csv").read_text().splitlines()
    other = write(tmp_path / "other.csv", *(r.replace("testshire.council", "lib") for r in rows))
    table = import_exports([FIXTURES / "instagram_posts.csv", other])
    assert len(table.files) == 2


def test_a_corrupt_workbook_and_an_unsupported_type(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    pdf = write(tmp_path / "report.pdf", "%PDF-1.4")
    found = problems_for([broken, pdf])
    assert "corrupt or unreadable XLSX" in found[0].message
    assert "unsupported file type '.pdf'" in found[1].message


def test_text_that_is_not_utf8_or_utf16(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Date,Views,Watch time (hours)\n2026-05-01,3,caf\xe9\n".encode("latin-1"))
    assert "not UTF-8 or UTF-16" in only_problem(path).message


def test_problems_from_every_file_are_reported_together_and_nothing_is_imported(tmp_path):
    good = FIXTURES / "youtube_table_data.csv"
    bad = write(tmp_path / "bad.csv", YOUTUBE, "2026-05-01,x,0.1")
    unknown = write(tmp_path / "unknown.csv", "a,b", "1,2")
    names = {good: "good.csv", bad: "bad.csv", unknown: "u.csv"}
    found = problems_for([good, bad, unknown], names=names)
    assert [p.file for p in found] == ["bad.csv", "u.csv"]
    assert "nothing was imported" in str(ImportFailed(found))


def test_problems_are_capped_per_file(tmp_path):
    path = write(tmp_path / "yt.csv", YOUTUBE, *(f"2026-05-{d:02d},x,0.1" for d in range(1, 31)))
    found = problems_for([path])
    assert len(found) == 26 and "more problem" in found[-1].message


# --------------------------------------------------------------------------------------------
# Determinism and provenance
# --------------------------------------------------------------------------------------------


def test_the_same_files_give_the_same_observations_in_the_same_order_whatever_the_order_given():
    paths = sorted(FIXTURES.glob("*.csv"))
    first = import_exports(paths)
    again = import_exports(list(reversed(paths)))
    assert first.observations == again.observations
    assert first.files == again.files
    assert {f.sha256 for f in first.files} == {f.sha256 for f in again.files}


def test_display_names_are_recorded_as_the_source_file():
    path = FIXTURES / "tiktok_overview.csv"
    table = import_exports([path], names={path: "Overview (upload).csv"})
    assert {o.source_file for o in table.observations} == {"Overview (upload).csv"}
    assert table.files[0].path == "Overview (upload).csv"


# --------------------------------------------------------------------------------------------
# The shipped sample
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> CanonicalTable:
    return import_exports(sorted(SAMPLE.iterdir()))


def _by_year(table: CanonicalTable, platform: str, metric: str) -> tuple[float, float]:
    totals: dict[bool, float] = defaultdict(float)
    for o in table.observations:
        if o.platform == platform and o.metric == metric:
            totals[o.date >= D(2025, 11, 1)] += o.value
    return totals[False], totals[True]


def test_the_sample_imports_24_months_of_all_eleven_platforms(sample):
    months = {(o.date.year, o.date.month) for o in sample.observations}
    assert len(months) == 24 and min(months) == (2024, 11) and max(months) == (2026, 10)
    assert {o.platform for o in sample.observations} == set(PLATFORMS)
    assert len(sample.files) == 17
    assert all(D(2024, 11, 1) <= f.start <= f.end <= D(2026, 10, 31) for f in sample.files)


def test_the_sample_tells_its_story(sample):
    def per_post(platform: str, year: int) -> float:
        parts = ("reactions", "comments", "shares")
        engaged = sum(_by_year(sample, platform, m)[year] for m in parts)
        return engaged / _by_year(sample, platform, "posts")[year]

    def rate(platform: str, part: str, whole: str, year: int) -> float:
        return _by_year(sample, platform, part)[year] / _by_year(sample, platform, whole)[year]

    assert per_post("facebook", 1) > 1.4 * per_post("facebook", 0)
    assert _by_year(sample, "x", "impressions")[1] < 0.7 * _by_year(sample, "x", "impressions")[0]
    assert min(o.date for o in sample.observations if o.platform == "tiktok") == D(2025, 11, 1)
    answered = [rate("facebook", "messages_answered", "messages_received", y) for y in (0, 1)]
    assert answered[1] > answered[0] + 0.1
    opened = [rate("mailchimp", "unique_opens", "emails_delivered", y) for y in (0, 1)]
    assert opened[1] > opened[0]
    minutes = defaultdict(list)
    for o in sample.observations:
        if o.metric == "response_minutes":
            minutes[o.date >= D(2025, 11, 1)].append(o.value)
    assert statistics.median(minutes[True]) < statistics.median(minutes[False])


def test_the_sample_has_realistic_magnitudes(sample):
    users = [o.value for o in sample.observations if o.metric == "users"]
    assert len(users) == 24 and 85_000 < min(users) and max(users) < 150_000
    spend: dict[dt.date, float] = defaultdict(float)
    for o in sample.observations:
        if o.metric == "cost":
            spend[o.date] += o.value
    assert len(spend) == 24 and all(250 < v < 650 for v in spend.values())
    followers = [
        o for o in sample.observations if o.platform == "facebook" and o.metric == "followers"
    ]
    assert 21_000 < followers[0].value < 23_000 < followers[-1].value
    posts = defaultdict(int)
    for o in sample.observations:
        if o.platform == "facebook" and o.metric == "posts":
            posts[(o.date.year, o.date.month)] += 1
    assert all(25 <= n <= 40 for n in posts.values())


def test_the_sample_is_what_the_generator_writes(tmp_path):
    script = ROOT / "scripts" / "make_sample_data.py"
    spec = importlib.util.spec_from_file_location("make_sample_data", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sample_data"] = module
    try:
        spec.loader.exec_module(module)
        assert module.main(["make_sample_data.py", str(tmp_path / "out")]) == 0
    finally:
        del sys.modules["make_sample_data"]
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(p.name for p in SAMPLE.iterdir())
    for name in written:
        assert (tmp_path / "out" / name).read_bytes() == (SAMPLE / name).read_bytes(), name
    assert sum((SAMPLE / n).stat().st_size for n in written) < 2_000_000
    shutil.rmtree(tmp_path / "out")
