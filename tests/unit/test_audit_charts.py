"""Charts: files written, valid PNG and SVG, byte-identical SVG across runs, alt text present."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bot.audit.charts import INDEX_NAME, render_charts
from bot.audit.kpis import KPIS
from bot.audit.model import BenchmarkPosition, KpiResults, KpiValue, PeerValue, Period

L12 = Period(dt.date(2025, 11, 1), dt.date(2026, 10, 31), "last12", "L12-2026-10",
             "the 12 months to October 2026")
MONTH_NAMES = [calendar.month_name[m] for m in range(1, 13)]
SVG = "{http://www.w3.org/2000/svg}"


def month(year: int, m: int) -> Period:
    end = dt.date(year, m, calendar.monthrange(year, m)[1])
    return Period(dt.date(year, m, 1), end, "month", f"{year}-{m:02d}", f"{MONTH_NAMES[m - 1]} {year}")


MONTHS = [month(2025 + (10 + i) // 12, (10 + i) % 12 + 1) for i in range(12)]  # Nov 2025 – Oct 2026


def monthly(kpi: str, platform: str, start: float, step: float, skip: int | None = None) -> list[KpiValue]:
    unit = KPIS[kpi].unit
    return [KpiValue(kpi, KPIS[kpi].channel, platform, p, None if i == skip else start + step * i, unit)
            for i, p in enumerate(MONTHS)]


def results() -> KpiResults:
    values = (monthly("engagements", "facebook", 1200, 35) + monthly("engagements", "instagram", 800, -10)
              + monthly("engagements", "all", 2000, 25)
              + monthly("response_rate", "all", 60, 1.1, skip=4)
              + monthly("median_response_minutes", "all", 190, -6))
    values.append(KpiValue("open_rate", "email", "mailchimp", MONTHS[-1], 44.0, "%"))  # one month: no chart
    values.append(KpiValue("response_rate", "social", "all", L12, 68.0, "%"))
    return KpiResults(values)


def positions() -> list[BenchmarkPosition]:
    peers = [PeerValue(f"Council {c} (sample)", "United Kingdom", "council", "all", "response_rate",
                       "12 months to Oct 2026", v, "response_rate", "Fictional sample data")
             for c, v in zip("ABCDE", [64.0, 72.0, 78.0, 85.0, 91.0])]
    odd = PeerValue("Force F (sample)", "United Kingdom", "police", "all", "response_rate",
                    "12 months to Oct 2026", 58.0, "replies within 24 hours", "Fictional sample data")
    return [
        BenchmarkPosition("response_rate", "all", 68.0, L12, "%", peers, 20.0, 78.0, 85.0, 5),
        BenchmarkPosition("response_rate", "all", 68.0, L12, "%", [odd], 0.0, 58.0, 58.0, 0,
                          like_for_like=False, caveat="not like for like"),
    ]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("charts")
    return out, render_charts(results(), positions(), out)


def test_one_chart_per_trend_kpi_and_per_like_for_like_benchmark(rendered):
    out, charts = rendered
    assert [c["name"] for c in charts] == [
        "trend-engagements", "trend-response_rate", "trend-median_response_minutes",
        "peers-response_rate-all",
    ]
    for c in charts:
        assert (out / f"{c['name']}.png").is_file() and (out / f"{c['name']}.svg").is_file()
    assert not list(out.glob("*open_rate*"))  # one month is not a trend


def test_png_and_svg_are_valid_and_svg_carries_title_and_alt_text(rendered):
    out, charts = rendered
    for c in charts:
        png = (out / f"{c['name']}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
        root = ET.parse(out / f"{c['name']}.svg").getroot()
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert root.find(f"{SVG}title").text == c["title"]
        assert root.find(f"{SVG}desc").text == c["alt"]
        assert "<text" in (out / f"{c['name']}.svg").read_text(encoding="utf-8")  # real text, not paths


def test_titles_say_what_and_when_and_alt_text_gives_the_numbers(rendered):
    _, charts = rendered
    by_name = {c["name"]: c for c in charts}
    trend = by_name["trend-engagements"]
    assert trend["title"] == "Engagements by month, November 2025 to October 2026"
    assert "Facebook: 1,200 in November 2025, 1,585 in October 2026" in trend["alt"]
    assert "Instagram" in trend["alt"] and "All platforms" not in trend["alt"]  # totals would flatten lines
    peers = by_name["peers-response_rate-all"]
    assert peers["title"] == ("Response rate across all platforms: us against 5 peers, "
                              "the 12 months to October 2026")
    assert "rank 5 of 6" in peers["alt"] and "Peer median 78.0%" in peers["alt"]
    assert "top quartile 85.0%" in peers["alt"] and "Council E (sample) at 91.0%" in peers["alt"]


def test_index_file_lists_every_chart(rendered):
    out, charts = rendered
    assert json.loads((out / INDEX_NAME).read_text(encoding="utf-8")) == charts


def test_two_runs_give_byte_identical_files(rendered, tmp_path: Path):
    first, charts = rendered
    again = render_charts(results(), positions(), tmp_path / "again")
    assert again == charts
    for c in charts:
        for suffix in (".svg", ".png"):
            name = c["name"] + suffix
            assert (first / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_no_data_gives_no_charts_but_still_an_index(tmp_path: Path):
    assert render_charts(KpiResults([]), [], tmp_path / "none") == []
    assert json.loads((tmp_path / "none" / INDEX_NAME).read_text(encoding="utf-8")) == []
