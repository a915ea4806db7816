"""Peer positions, like-for-like refusal, published comparisons and strict peer files.

Results are hand-built so these tests do not depend on the importer or the KPI engine."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from bot.audit.benchmarks import (
    PUBLISHED_COLUMNS,
    compare_published,
    load_peers,
    load_published,
    position,
    quantile,
)
from bot.audit.kpis import KPIS
from bot.audit.model import KpiResults, KpiValue, PeerValue, Period
from bot.problems import ImportFailed

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_PEERS = ROOT / "knowledge" / "sample" / "peers.csv"
PUBLISHED = ROOT / "knowledge" / "benchmarks" / "published.csv"
FACTS = ROOT / "knowledge" / "evidence" / "facts.csv"

L12 = Period(dt.date(2025, 11, 1), dt.date(2026, 10, 31), "last12", "L12-2026-10",
             "the 12 months to October 2026")


def kv(kpi: str, platform: str, value: float, unit: str | None = None, period: Period = L12) -> KpiValue:
    return KpiValue(kpi, KPIS[kpi].channel, platform, period, value, unit or KPIS[kpi].unit)


def peer(name: str, kpi: str, platform: str, value: float, *, method: str | None = None,
         period: str = "12 months to Oct 2026") -> PeerValue:
    return PeerValue(peer=name, country="United Kingdom", sector="council", platform=platform,
                     kpi=kpi, period=period, value=value, method=method or kpi,
                     source="test")


def peers(kpi: str, platform: str, values: list[float]) -> list[PeerValue]:
    return [peer(f"Peer {i}", kpi, platform, v) for i, v in enumerate(values)]


# ------------------------------------------------------------------------------------------
# Percentile, median, top quartile, rank
# ------------------------------------------------------------------------------------------


def test_position_higher_is_better_against_hand_computed_values():
    results = KpiResults([kv("response_rate", "all", 3.5)])
    [p] = position(results, peers("response_rate", "all", [5, 1, 4, 2, 3]))
    assert p.like_for_like
    assert p.percentile == pytest.approx(60.0)  # beats 1, 2, 3 of 5
    assert p.median == 3
    assert p.top_quartile == pytest.approx(4.0)  # 75th percentile, linear interpolation
    assert p.rank == 3  # behind 5 and 4
    assert p.ours == 3.5 and p.our_period == L12 and p.unit == "%"


def test_ties_count_half_and_share_the_better_rank():
    results = KpiResults([kv("response_rate", "all", 3.0)])
    [p] = position(results, peers("response_rate", "all", [1, 2, 3, 3, 5]))
    assert p.percentile == pytest.approx((2 + 2 / 2) / 5 * 100)
    assert p.rank == 2  # only 5 is strictly better


def test_lower_is_better_flips_percentile_rank_and_top_quartile():
    results = KpiResults([kv("median_response_minutes", "all", 100.0)])
    [p] = position(results, peers("median_response_minutes", "all", [60, 90, 120, 150]))
    assert p.percentile == pytest.approx(50.0)  # faster than 120 and 150
    assert p.median == pytest.approx(105.0)
    assert p.top_quartile == pytest.approx(82.5)  # the 25th percentile: the fast end
    assert p.rank == 3


def test_best_and_worst_extremes():
    results = KpiResults([kv("ctr", "google_ads", 9.0), kv("cpc", "google_ads", 3.0, "GBP")])
    values = [
        *peers("ctr", "google_ads", [4, 5, 6, 7, 8]),
        *peers("cpc", "google_ads", [1.0, 1.5, 2.0, 2.5, 2.9]),
    ]
    ctr, cpc = position(results, values)
    assert (ctr.kpi, ctr.percentile, ctr.rank) == ("ctr", 100.0, 1)
    assert (cpc.kpi, cpc.percentile, cpc.rank) == ("cpc", 0.0, 6)


def test_quantile_handles_one_value_and_refuses_none():
    assert quantile([7.0], 0.75) == 7.0
    assert quantile([1, 2, 3, 4], 0.5) == pytest.approx(2.5)
    with pytest.raises(ValueError):
        quantile([], 0.5)


# ------------------------------------------------------------------------------------------
# Like for like
# ------------------------------------------------------------------------------------------


def test_other_methods_are_kept_apart_unranked_with_a_reason():
    results = KpiResults([kv("engagement_rate_per_reach", "facebook", 3.0)])
    values = peers("engagement_rate_per_reach", "facebook", [2.0, 3.5, 4.0, 5.0, 6.0]) + [
        peer("Odd One", "engagement_rate_per_reach", "facebook", 1.2,
             method="engagement_rate_per_impression"),
    ]
    alike, unlike = position(results, values)
    assert alike.like_for_like and len(alike.peers) == 5
    assert all(p.peer != "Odd One" for p in alike.peers)
    assert alike.rank == 5  # the 1.2 per-impression figure was not counted
    assert not unlike.like_for_like
    assert [p.peer for p in unlike.peers] == ["Odd One"]
    assert unlike.rank == 0 and unlike.percentile == 0.0
    assert "engagement per impression" in unlike.caveat
    assert "engagement per person reached" in unlike.caveat
    assert "not like for like" in unlike.caveat


def test_only_other_methods_gives_no_ranked_position():
    results = KpiResults([kv("response_rate", "all", 70.0)])
    values = [peer("A", "response_rate", "all", 58, method="replies within 24 hours ÷ messages"),
              peer("B", "response_rate", "all", 80, method="replies within 24 hours ÷ messages")]
    [p] = position(results, values)
    assert not p.like_for_like
    assert "A, B measured “replies within 24 hours ÷ messages”" in p.caveat


def test_different_peer_periods_are_flagged():
    results = KpiResults([kv("response_rate", "all", 70.0)])
    values = [
        peer("Same", "response_rate", "all", 60, period="12 months to Oct 2026"),
        peer("Same spelled out", "response_rate", "all", 65, period="the 12 months to October 2026"),
        peer("Same key", "response_rate", "all", 75, period="L12-2026-10"),
        peer("Earlier", "response_rate", "all", 80, period="12 months to Jun 2026"),
        peer("Financial year", "response_rate", "all", 85, period="2025-26"),
    ]
    [p] = position(results, values)
    assert "2 of 5 peer figures cover a different period" in p.caveat
    assert "12 months to Jun 2026; 2025-26" in p.caveat
    assert "the 12 months to October 2026" in p.caveat


def test_few_peers_are_called_indicative_and_missing_values_are_skipped():
    results = KpiResults([kv("ctr", "google_ads", 5.0)])
    values = peers("ctr", "google_ads", [4.0, 6.0]) + peers("open_rate", "all", [40.0, 50.0])
    [p] = position(results, values)  # no open rate of ours: nothing to place
    assert p.kpi == "ctr"
    assert "Only 2 like-for-like peer figures" in p.caveat


# ------------------------------------------------------------------------------------------
# Peer files
# ------------------------------------------------------------------------------------------


def test_sample_peers_are_plausible_fictional_and_exercise_both_paths():
    values = load_peers(SAMPLE_PEERS)
    names = {p.peer for p in values}
    assert len(names) >= 14
    assert all("(sample)" in p.peer and p.source == "Fictional sample data" for p in values)
    sectors = {p.sector for p in values}
    assert {"council", "police", "health"} <= sectors
    assert len({p.country for p in values}) >= 3
    assert len({p.peer for p in values if p.sector == "police"}) == 2
    assert sum(p.method != p.kpi for p in values) >= 2
    covered = {(p.kpi, p.platform) for p in values}
    assert {
        ("engagement_rate_per_post_per_follower", "facebook"),
        ("engagement_rate_per_post_per_follower", "instagram"),
        ("engagement_rate_per_reach", "facebook"), ("response_rate", "all"),
        ("median_response_minutes", "all"), ("follower_growth", "facebook"),
        ("posts_per_week", "facebook"), ("web_engagement_rate", "website"),
        ("open_rate", "all"), ("click_rate", "all"), ("ctr", "google_ads"),
        ("cost_per_conversion", "google_ads"),
    } <= covered


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


HEADER = ["peer", "country", "sector", "platform", "kpi", "period", "value", "method", "source"]


def good_row(name: str = "A (sample)", **change: str) -> list[str]:
    row = dict(zip(HEADER, [name, "United Kingdom", "council", "facebook",
                            "engagement_rate_per_reach", "12 months to Oct 2026", "3.1",
                            "engagement_rate_per_reach", "test"]))
    row.update(change)
    return [row[c] for c in HEADER]


def test_bad_peer_file_lists_every_problem_by_row_and_column(tmp_path: Path):
    path = write(tmp_path / "peers.csv", [
        HEADER,
        good_row(),
        good_row("B (sample)", value="about 3"),
        good_row("C (sample)", kpi="engagement_rate_per_vibe"),
        good_row("D (sample)", platform="myspace"),
        good_row("A (sample)"),  # duplicate of row 2
        good_row("E (sample)", platform="website"),  # a social KPI on a web platform
        good_row("F (sample)", method=""),
    ])
    with pytest.raises(ImportFailed) as failed:
        load_peers(path, "my-peers.csv")
    found = {(p.row, p.column) for p in failed.value.problems}
    assert {(3, "value"), (4, "kpi"), (5, "platform"), (6, None), (7, "platform"),
            (8, "method")} <= found
    assert all(p.file == "my-peers.csv" for p in failed.value.problems)
    duplicate = next(p for p in failed.value.problems if p.row == 6)
    assert "first given on row 2" in duplicate.message
    assert "nothing was imported" in str(failed.value)


def test_unknown_and_missing_columns_are_refused(tmp_path: Path):
    header = [c for c in HEADER if c != "method"] + ["notes"]
    path = write(tmp_path / "peers.csv", [header, ["x"] * len(header)])
    with pytest.raises(ImportFailed) as failed:
        load_peers(path)
    problems = {(p.row, p.column): p.message for p in failed.value.problems}
    assert "missing" in problems[1, "method"]
    assert "unknown column" in problems[1, "notes"]


def test_non_finite_values_and_empty_files_are_refused(tmp_path: Path):
    with pytest.raises(ImportFailed) as failed:
        load_peers(write(tmp_path / "nan.csv", [HEADER, good_row(value="nan")]))
    assert failed.value.problems[0].column == "value"
    with pytest.raises(ImportFailed):
        load_peers(write(tmp_path / "empty.csv", [HEADER]))
    (tmp_path / "blank.csv").write_text("", encoding="utf-8")
    with pytest.raises(ImportFailed):
        load_peers(tmp_path / "blank.csv")


def test_good_peer_file_keeps_rows_in_order_with_line_numbers(tmp_path: Path):
    path = write(tmp_path / "peers.csv", [HEADER, good_row(), [], good_row("B (sample)", value="2.5")])
    values = load_peers(path)
    assert [(p.peer, p.value, p.source_row) for p in values] == [("A (sample)", 3.1, 2),
                                                                  ("B (sample)", 2.5, 4)]


# ------------------------------------------------------------------------------------------
# Published benchmarks
# ------------------------------------------------------------------------------------------


def _cards() -> dict[str, dict[str, str]]:
    with FACTS.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_published_rows_come_from_real_cards_and_state_year_and_population():
    rows = load_published(PUBLISHED)
    cards = _cards()
    assert {r.evidence_id for r in rows} >= {"F41", "F43", "F47", "F48", "F53", "F54", "F55"}
    for r in rows:
        card = cards[r.evidence_id]
        assert card["topic"] in ("benchmarks", "public_expectations")
        figures = re.findall(r"\d+(?:\.\d+)?", card["figure"])
        as_written = [float(f) for f in figures]
        if r.kpi == "median_response_minutes":  # cards give hours; the table gives minutes
            assert r.value / 60 in as_written, r
        else:
            assert r.value in as_written, r
        assert re.search(r"\b20\d\d\b", r.note), r
    hootsuite = [r for r in rows if r.evidence_id == "F53"]
    assert hootsuite and not any(r.like_for_like for r in hootsuite)
    assert not next(r for r in rows if r.evidence_id == "F41" and r.kpi == "median_response_minutes").like_for_like
    assert next(r for r in rows if r.evidence_id == "F47" and r.platform == "facebook").like_for_like


def test_published_file_header_is_exact():
    with PUBLISHED.open(encoding="utf-8") as handle:
        assert tuple(next(csv.reader(handle))) == PUBLISHED_COLUMNS


def test_compare_published_like_for_like_gives_a_verdict_with_the_numbers():
    rows = [r for r in load_published(PUBLISHED) if r.evidence_id in ("F47", "F55")]
    results = KpiResults([kv("engagement_rate_per_post_per_follower", "facebook", 0.041),
                          kv("ctr", "google_ads", 5.6)])
    by_id = {(c.evidence_id, c.platform): c for c in compare_published(results, rows)}
    fb = by_id["F47", "facebook"]
    assert fb.like_for_like and fb.ours == 0.041 and fb.our_period == L12
    assert "0.041%, below the published benchmark of 0.063% (F47)" in fb.note
    assert "2024" in fb.note
    assert "5.60%, above the published benchmark of 3.52% (F55)" in by_id["F55", "google_ads"].note
    tiktok = by_id["F47", "tiktok"]
    assert tiktok.ours is None and tiktok.our_period is None and "context only" in tiktok.note


def test_compare_published_refuses_a_verdict_when_methods_differ():
    rows = [r for r in load_published(PUBLISHED) if r.evidence_id in ("F53", "F41", "F43")]
    results = KpiResults([kv("engagement_rate_per_post_per_follower", "facebook", 0.041),
                          kv("median_response_minutes", "all", 150.0)])
    for c in compare_published(results, rows):
        if c.kpi == "response_rate":
            continue  # F41's response rate uses our formula
        assert not c.like_for_like
        if c.ours is None:
            assert "context only. It is not like for like" in c.note
            continue
        lead = c.note.split(". ")[0]
        assert lead.startswith("Not like for like")
        assert "no above-or-below verdict" in lead
        assert not re.search(r"\b(above|below|level with)\b", lead.replace("above-or-below", ""))


def test_lower_is_better_verdict_says_which_way_is_better(tmp_path: Path):
    path = write(tmp_path / "published.csv", [
        list(PUBLISHED_COLUMNS),
        ["F41", "all", "median_response_minutes", "240", "median_response_minutes", "Test 2020."],
    ])
    [row] = load_published(path)
    [c] = compare_published(KpiResults([kv("median_response_minutes", "all", 150.0)]), [row])
    assert "150 minutes, below (better than) the published benchmark of 240 minutes" in c.note


def test_channel_total_stands_in_for_a_single_platform(tmp_path: Path):
    path = write(tmp_path / "published.csv", [
        list(PUBLISHED_COLUMNS), ["F54", "all", "click_rate", "4.1", "click_rate", "Test 2019."]])
    [c] = compare_published(KpiResults([kv("click_rate", "mailchimp", 3.9)]), load_published(path))
    assert c.platform == "mailchimp" and c.ours == 3.9


def test_bad_published_rows_are_refused(tmp_path: Path):
    path = write(tmp_path / "published.csv", [
        list(PUBLISHED_COLUMNS),
        ["47", "facebook", "engagement_rate_per_post_per_follower", "0.063", "x", "n"],
        ["F47", "facebook", "engagement_rate_per_post_per_follower", "n/a", "x", "n"],
    ])
    with pytest.raises(ImportFailed) as failed:
        load_published(path)
    assert {(p.row, p.column) for p in failed.value.problems} >= {(2, "evidence_id"), (3, "value")}
