"""Where the organisation stands against peers and against published benchmarks.

A benchmark only helps a leader if it is like for like: the same formula, over a comparable
period. Engagement rates from different providers differ several-fold (evidence card F50), so a
peer figure is ranked only when its `method` is our KPI id; anything else is kept apart with a
sentence saying why, and never gets an above-or-below verdict.

Peer and published files are read strictly: one bad row refuses the whole file, with every
problem listed by row and column, because a silently skipped peer moves the median.
"""

from __future__ import annotations

import csv
import math
import re
import statistics
from collections.abc import Iterable
from pathlib import Path

from bot.audit.formatting import format_value, is_currency
from bot.audit.kpis import KPIS, kpi_phrase
from bot.audit.model import (
    ALL,
    PLATFORMS,
    BenchmarkPosition,
    KpiResults,
    KpiValue,
    PeerValue,
    PublishedBenchmark,
    PublishedComparison,
)
from bot.problems import ImportFailed, ImportProblem

PEER_COLUMNS = (
    "peer", "country", "sector", "platform", "kpi", "period", "value", "method", "source")
PUBLISHED_COLUMNS = ("evidence_id", "platform", "kpi", "value", "method", "note")

# Fewer like-for-like peers than this and a percentile says little; the caveat says so.
FEW_PEERS = 5

# How a method reads in a sentence; methods not listed read as the KPI's name or as written.
METHOD_WORDS: dict[str, str] = {
    "engagement_rate_per_post_per_follower": "engagement per post per follower",
    "engagement_rate_per_follower": "engagement per follower",
    "engagement_rate_per_reach": "engagement per person reached",
    "engagement_rate_per_impression": "engagement per impression",
    "response_rate": "the share of messages answered",
    "median_response_minutes": "the median minutes to a first reply",
    "web_engagement_rate": "engaged sessions ÷ sessions (GA4)",
}

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def higher_is_better(kpi: str) -> bool:
    return KPIS[kpi].higher_is_better


def describe_method(method: str) -> str:
    """'engagement per impression', or the KPI's formula, or the method as the source wrote it."""
    if method in METHOD_WORDS:
        return METHOD_WORDS[method]
    if method in KPIS:
        return KPIS[method].formula
    return f"“{method}”"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------------------------------
# Reading peer and published files
# ------------------------------------------------------------------------------------------


Row = tuple[int, dict[str, str]]  # (line of the file the row starts on, cells by column)


def _rows(path: Path, name: str, columns: tuple[str, ...],
          problems: list[ImportProblem]) -> list[Row]:
    """The non-blank data rows, cells stripped. Header problems are recorded and stop the
    reading, since no row can be trusted when its columns are in doubt."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(ImportProblem(name, f"cannot be read as UTF-8 text: {exc}"))
        return []
    reader = csv.reader(text.splitlines(keepends=True))
    header = [h.strip() for h in next(reader, [])]
    if not header:
        problems.append(ImportProblem(name, "the file is empty", row=1))
        return []
    expected = ", ".join(columns)
    for column in columns:
        if column not in header:
            problems.append(ImportProblem(name, "required column is missing", row=1, column=column))
    for column in header:
        if column not in columns:
            problems.append(ImportProblem(name, f"unknown column (expected: {expected})", row=1,
                                          column=column or "(blank)"))
    for column in sorted({h for h in header if header.count(h) > 1}):
        problems.append(ImportProblem(name, "column appears more than once", row=1, column=column))
    if problems:
        return []
    rows: list[Row] = []
    last_line = reader.line_num
    for cells in reader:
        line, last_line = last_line + 1, reader.line_num  # a quoted cell may span lines
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(ImportProblem(
                name, f"has {len(cells)} cells; the header has {len(header)}", row=line))
            continue
        rows.append((line, {h: c.strip() for h, c in zip(header, cells)}))
    return rows


def _check_row(row: dict[str, str], line: int, name: str,
               problems: list[ImportProblem]) -> float | None:
    """Problems with blank cells, platform, KPI and value; the value when it is usable."""
    for column, cell in row.items():
        if not cell:
            problems.append(ImportProblem(name, "is blank", row=line, column=column))
    platform, kpi = row["platform"], row["kpi"]
    if platform and platform != ALL and platform not in PLATFORMS:
        problems.append(ImportProblem(
            name, f"unknown platform '{platform}' (known: {', '.join([*PLATFORMS, ALL])})",
            row=line, column="platform"))
    if kpi and kpi not in KPIS:
        problems.append(ImportProblem(name, f"unknown KPI id '{kpi}'", row=line, column="kpi"))
    elif kpi and platform in PLATFORMS and PLATFORMS[platform][0] != KPIS[kpi].channel:
        problems.append(ImportProblem(
            name, f"'{kpi}' is a {KPIS[kpi].channel} KPI but '{platform}' is a "
            f"{PLATFORMS[platform][0]} platform", row=line, column="platform"))
    cell = row["value"]
    if not cell:
        return None
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problems.append(ImportProblem(name, f"'{cell}' is not a number", row=line, column="value"))
        return None
    return value


def _duplicate(key: tuple[str, ...], line: int, seen: dict[tuple[str, ...], int], what: str,
               name: str, problems: list[ImportProblem]) -> bool:
    if key in seen:
        problems.append(ImportProblem(name, f"repeats {what}, first given on row {seen[key]}",
                                      row=line))
        return True
    seen[key] = line
    return False


def load_peers(path: Path, name: str | None = None) -> list[PeerValue]:
    """Every row of a peer dataset, or ImportFailed listing every problem; `name` is how the file
    is called in messages (defaults to its file name)."""
    name = name or path.name
    problems: list[ImportProblem] = []
    peers: list[PeerValue] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, row in _rows(path, name, PEER_COLUMNS, problems):
        value = _check_row(row, line, name, problems)
        key = (row["peer"].casefold(), row["platform"], row["kpi"])
        what = f"{row['peer']} / {row['platform']} / {row['kpi']}"
        if _duplicate(key, line, seen, what, name, problems):
            continue
        if value is not None:
            peers.append(PeerValue(
                peer=row["peer"], country=row["country"], sector=row["sector"],
                platform=row["platform"], kpi=row["kpi"], period=row["period"], value=value,
                method=row["method"], source=row["source"], source_row=line))
    if not problems and not peers:
        problems.append(ImportProblem(name, "has a header but no peer rows"))
    if problems:
        raise ImportFailed(problems)
    return peers


def load_published(path: Path, name: str | None = None) -> list[PublishedBenchmark]:
    """The published-benchmark table, checked as strictly as a peer file."""
    name = name or path.name
    problems: list[ImportProblem] = []
    rows: list[PublishedBenchmark] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, row in _rows(path, name, PUBLISHED_COLUMNS, problems):
        value = _check_row(row, line, name, problems)
        if row["evidence_id"] and not re.fullmatch(r"F\d{2,}", row["evidence_id"]):
            problems.append(ImportProblem(
                name, f"'{row['evidence_id']}' is not an evidence card id like F47", row=line,
                column="evidence_id"))
        key = (row["evidence_id"], row["platform"], row["kpi"])
        if _duplicate(key, line, seen, " / ".join(key), name, problems):
            continue
        if value is not None:
            rows.append(PublishedBenchmark(
                evidence_id=row["evidence_id"], platform=row["platform"], kpi=row["kpi"],
                value=value, method=row["method"], note=row["note"], source_row=line))
    if problems:
        raise ImportFailed(problems)
    return rows


# ------------------------------------------------------------------------------------------
# Peer positions
# ------------------------------------------------------------------------------------------


def quantile(values: Iterable[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), defined for one value."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("quantile of no values")
    at = q * (len(ordered) - 1)
    low = math.floor(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _better(a: float, b: float, higher: bool) -> bool:
    return not _same(a, b) and (a > b if higher else a < b)


def percentile_rank(ours: float, values: list[float], higher: bool) -> float:
    """Share of values we beat, 0–100, a tie counting half."""
    wins = sum(_better(ours, v, higher) for v in values)
    ties = sum(_same(ours, v) for v in values)
    return (wins + ties / 2) / len(values) * 100


def rank_among(ours: float, values: list[float], higher: bool) -> int:
    """1 = best among the values and us; ties share the better rank."""
    return 1 + sum(_better(v, ours, higher) for v in values)


def _period_end(text: str) -> tuple[int, int] | None:
    """(year, month) a trailing-twelve-month period ends, for '12 months to Oct 2026', 'the 12
    months to October 2026' or 'L12-2026-10'; None for anything else."""
    if found := re.fullmatch(r"L12-(\d{4})-(\d{2})", text.strip()):
        return int(found[1]), int(found[2])
    words = r"(?:the\s+)?(?:last\s+)?12\s+months\s+to\s+([a-z]{3})[a-z]*\.?\s+(\d{4})"
    found = re.fullmatch(words, text.strip().lower())
    if found and found[1] in _MONTHS:
        return int(found[2]), _MONTHS.index(found[1]) + 1
    return None


def _period_caveat(peers: list[PeerValue], ours: KpiValue) -> str:
    ours_end = (ours.period.end.year, ours.period.end.month)
    differ = [p for p in peers if _period_end(p.period) != ours_end or ours.period.kind != "last12"]
    if not differ:
        return ""
    periods = "; ".join(dict.fromkeys(p.period for p in differ))
    verb = "covers" if len(differ) == 1 else "cover"
    return (f"{len(differ)} of {len(peers)} peer figures {verb} a different period ({periods}) "
            f"from ours ({ours.period.label}).")


def _like_for_like(ours: KpiValue, peers: list[PeerValue]) -> BenchmarkPosition:
    assert ours.value is not None
    higher = higher_is_better(ours.kpi)
    values = [p.value for p in peers]
    caveats = [_period_caveat(peers, ours)]
    if len(peers) < FEW_PEERS:
        figures = "figure" if len(peers) == 1 else "figures"
        caveats.append(f"Only {len(peers)} like-for-like peer {figures}: "
                       "treat the position as indicative.")
    if is_currency(ours.unit) and len({p.country for p in peers}) > 1:
        caveats.append("Peers from different countries may report costs in other currencies; "
                       "they are compared as given.")
    caveat = " ".join(c for c in caveats if c)
    return BenchmarkPosition(
        kpi=ours.kpi, platform=ours.platform, ours=ours.value, our_period=ours.period,
        unit=ours.unit, peers=peers,
        percentile=percentile_rank(ours.value, values, higher),
        median=statistics.median(values),
        top_quartile=quantile(values, 0.75 if higher else 0.25),
        rank=rank_among(ours.value, values, higher),
        like_for_like=True,
        caveat=f"{_capital(kpi_phrase(ours.kpi, ours.platform))}: {caveat}" if caveat else "",
    )


def _not_like_for_like(ours: KpiValue, peers: list[PeerValue]) -> BenchmarkPosition:
    """Peers measured another way: kept, described, never ranked (rank 0, percentile 0)."""
    assert ours.value is not None
    by_method: dict[str, list[str]] = {}
    for p in peers:
        by_method.setdefault(p.method, []).append(p.peer)
    how = "; ".join(f"{', '.join(names)} measured {describe_method(method)}"
                    for method, names in by_method.items())
    values = [p.value for p in peers]
    higher = higher_is_better(ours.kpi)
    those = "that figure is" if len(peers) == 1 else "those figures are"
    return BenchmarkPosition(
        kpi=ours.kpi, platform=ours.platform, ours=ours.value, our_period=ours.period,
        unit=ours.unit, peers=peers, percentile=0.0,
        median=statistics.median(values), top_quartile=quantile(values, 0.75 if higher else 0.25),
        rank=0, like_for_like=False,
        caveat=(f"{_capital(kpi_phrase(ours.kpi, ours.platform))}: {how}; ours is "
                f"{describe_method(ours.kpi)}, so {those} not like for like and not ranked."),
    )


def _order(kpi: str, platform: str) -> tuple[int, int]:
    kpis, platforms = list(KPIS), [*PLATFORMS, ALL]
    return (kpis.index(kpi) if kpi in kpis else len(kpis),
            platforms.index(platform) if platform in platforms else len(platforms))


def position(results: KpiResults, peers: list[PeerValue]) -> list[BenchmarkPosition]:
    """For each KPI and platform the peers report and we have a latest 12-month value for: one
    ranked position over the like-for-like peers, and one unranked entry (like_for_like=False)
    gathering peers that used another method. Pairs we have no value for are skipped."""
    groups: dict[tuple[str, str], list[PeerValue]] = {}
    for p in peers:
        groups.setdefault((p.kpi, p.platform), []).append(p)
    positions: list[BenchmarkPosition] = []
    for kpi, platform in sorted(groups, key=lambda k: _order(*k)):
        ours = results.latest(kpi, platform, "last12")
        if ours is None or ours.value is None:
            continue
        same = [p for p in groups[kpi, platform] if p.method == kpi]
        other = [p for p in groups[kpi, platform] if p.method != kpi]
        if same:
            positions.append(_like_for_like(ours, same))
        if other:
            positions.append(_not_like_for_like(ours, other))
    return positions


# ------------------------------------------------------------------------------------------
# Published benchmarks
# ------------------------------------------------------------------------------------------


def _our_value(results: KpiResults, kpi: str, platform: str) -> KpiValue | None:
    """Our latest 12-month value; for a channel-wide ('all') benchmark, our only platform in that
    channel stands in when there is no channel total."""
    found = results.latest(kpi, platform, "last12")
    if found is None and platform == ALL:
        own = [p for p in results.platforms(kpi) if p != ALL]
        if len(own) == 1:
            found = results.latest(kpi, own[0], "last12")
    return found


def verdict(ours: float, benchmark: float, unit: str, higher: bool) -> str:
    """'above', 'below', 'level with', with 'better'/'worse' spelled out when lower is better.
    Figures that print alike count as level, so the sentence never contradicts its numbers."""
    if format_value(ours, unit) == format_value(benchmark, unit):
        return "level with"
    if higher:
        return "above" if ours > benchmark else "below"
    return "below (better than)" if ours < benchmark else "above (worse than)"


def compare_one(results: KpiResults, row: PublishedBenchmark) -> PublishedComparison:
    ours = _our_value(results, row.kpi, row.platform)
    platform = ours.platform if ours else row.platform
    what = kpi_phrase(row.kpi, platform)
    shown = format_value(row.value, KPIS[row.kpi].unit if ours is None else ours.unit)
    if ours is None or ours.value is None:
        lead = (f"We have no 12-month figure for {what}, so {row.evidence_id} ({shown}) is "
                "context only.")
        if not row.like_for_like:
            lead += (" It is not like for like in any case: it was measured as "
                     f"{describe_method(row.method)}.")
    elif row.like_for_like:
        mine = format_value(ours.value, ours.unit)
        side = verdict(ours.value, row.value, ours.unit, higher_is_better(row.kpi))
        lead = (f"Our {what} in {ours.period.label} was {mine}, {side} the published benchmark "
                f"of {shown} ({row.evidence_id}).")
    else:
        mine = format_value(ours.value, ours.unit)
        lead = (f"Not like for like: our {what} in {ours.period.label} was {mine}, measured as "
                f"{describe_method(row.kpi)}; {row.evidence_id}'s {shown} was measured as "
                f"{describe_method(row.method)}, so no above-or-below verdict is drawn.")
    return PublishedComparison(
        kpi=row.kpi, platform=platform, evidence_id=row.evidence_id, benchmark=row.value,
        benchmark_method=row.method, ours=ours.value if ours else None,
        our_period=ours.period if ours else None, like_for_like=row.like_for_like,
        note=f"{lead} {row.note}", source_note=row.note,
    )


def compare_published(results: KpiResults,
                      rows: list[PublishedBenchmark]) -> list[PublishedComparison]:
    """One comparison per published row, in file order; rows we have no figure for are kept,
    with `ours` None, so a report can still show the benchmark as context."""
    return [compare_one(results, row) for row in rows]
