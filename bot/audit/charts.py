"""Audit charts: a monthly trend per headline KPI and a peer-position chart per like-for-like
benchmark, as PNG (for documents) and SVG (for the web), each with a title and alt text.

Charts must not make an audit differ between runs: files are named from the KPI and platform,
SVGs carry no date and a fixed id salt, so the same data gives byte-identical files. Colours come
from the Okabe–Ito palette, which stays distinguishable with common colour-vision deficiencies,
and every line also has its own marker and dash so colour is never the only cue.

The object-oriented Figure API is used throughout, so nothing here selects a pyplot backend or
changes global matplotlib state beyond a scoped rc_context while saving.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import textwrap
from pathlib import Path
from typing import TypedDict
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.audit.benchmarks import higher_is_better
from bot.audit.formatting import format_month, format_value, is_currency
from bot.audit.kpis import KPIS, kpi_phrase
from bot.audit.model import ALL, PLATFORMS, BenchmarkPosition, KpiResults, KpiValue, platform_label

TREND_KPIS = (
    "engagements", "engagement_rate_per_reach", "followers", "posts_per_week", "response_rate",
    "median_response_minutes", "users", "web_engagement_rate", "ctr", "open_rate",
)
INDEX_NAME = "charts.json"  # titles and alt text of every chart, beside the images

# Okabe & Ito (2008), "Color Universal Design".
ORANGE, SKY, GREEN, BLUE, VERMILLION, PURPLE, BLACK, GREY = (
    "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#7F7F7F")
STYLE: dict[str, tuple[str, str, str]] = {  # platform: (colour, marker, dash)
    "facebook": (BLUE, "o", "-"),
    "instagram": (PURPLE, "s", "--"),
    "linkedin": (GREEN, "^", "-."),
    "x": (BLACK, "D", ":"),
    "youtube": (VERMILLION, "v", "-"),
    "tiktok": (SKY, "P", "--"),
    "website": (BLUE, "o", "-"),
    "google_ads": (GREEN, "o", "-"),
    "microsoft_ads": (SKY, "s", "--"),
    "mailchimp": (ORANGE, "o", "-"),
    "govdelivery": (VERMILLION, "s", "--"),
    ALL: (GREY, "X", "-"),
}
US_COLOUR, PEER_COLOUR, MEDIAN_COLOUR, QUARTILE_COLOUR = ORANGE, SKY, BLACK, VERMILLION
_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RC = {"svg.hashsalt": "upward-audit", "svg.fonttype": "none", "font.size": 11,
       "axes.titlesize": 13, "axes.labelsize": 11}


class ChartInfo(TypedDict):
    name: str  # file stem: <name>.png and <name>.svg
    title: str
    alt: str


def _axis_label(unit: str) -> str:
    if unit == "%":
        return "Per cent"
    if is_currency(unit):
        return unit
    return {"minutes": "Minutes", "posts/week": "Posts a week", "count": "Count",
            "people": "People"}.get(unit, unit)


def _tick(unit: str) -> FuncFormatter:
    """Tick labels in the report's own number style, shorter for long units."""
    def label(y: float, _pos: int) -> str:
        if unit == "%":
            return f"{y:g}%"
        if unit in ("minutes", "posts/week", "count", "people") or not unit:
            return f"{y:,.0f}" if abs(y) >= 10 or y == int(y) else f"{y:,.1f}"
        return format_value(y, unit)
    return FuncFormatter(label)


def _save(fig: Figure, out_dir: Path, name: str, title: str, alt: str) -> None:
    """PNG and SVG, the SVG with the title and alt text inside it for screen readers."""
    with matplotlib.rc_context(_RC):
        fig.savefig(out_dir / f"{name}.png", format="png", dpi=150, metadata={"Software": None})
        fig.set_layout_engine("none")  # keep the layout just computed: the SVG need not redo it
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    root = svg.index("<svg ")
    close = svg.index(">", root)
    svg = (svg[:root] + svg[root:close].replace("<svg ", '<svg role="img" ', 1) + ">"
           + f"\n <title>{escape(title)}</title>\n <desc>{escape(alt)}</desc>" + svg[close + 1:])
    (out_dir / f"{name}.svg").write_text(svg, encoding="utf-8")


def _new_figure(width: float, height: float) -> Figure:
    """Call inside rc_context(_RC): fonts and sizes are read when artists are created."""
    fig = Figure(figsize=(width, height), layout="constrained")
    fig.add_subplot()
    return fig


def _wrap(title: str) -> str:
    return textwrap.fill(title, width=70)


def _month_label(index: int) -> str:
    return f"{_SHORT_MONTHS[index % 12]} {index // 12}"


def _trend(results: KpiResults, kpi: str, out_dir: Path) -> ChartInfo | None:
    order = [*PLATFORMS, ALL]
    platforms = sorted(results.platforms(kpi),
                       key=lambda p: order.index(p) if p in order else len(order))
    if len(platforms) > 1:
        platforms = [p for p in platforms if p != ALL]  # a channel total would flatten the rest
    lines: dict[str, list[KpiValue]] = {}
    for platform in platforms:
        series = [v for v in results.series(kpi, platform, "month") if v.value is not None]
        if series:
            lines[platform] = series
    months = sorted({_index(v.period.start) for series in lines.values() for v in series})
    if len(months) < 2:
        return None
    kdef = KPIS[kpi]
    unit = next(iter(lines.values()))[0].unit
    first, last = months[0], months[-1]
    span = f"{format_month(_first_of(first))} to {format_month(_first_of(last))}"
    title = f"{kdef.name} by month, {span}"
    with matplotlib.rc_context(_RC):
        fig = _new_figure(9, 4.8)
        ax = fig.axes[0]
        for platform, series in lines.items():
            colour, marker, dash = STYLE.get(platform, (GREY, "o", "-"))
            by_month = {_index(v.period.start): v.value for v in series}
            xs = list(range(first, last + 1))
            ys = [by_month.get(m, math.nan) for m in xs]
            ax.plot(xs, ys, color=colour, marker=marker, linestyle=dash, linewidth=2, markersize=5,
                    label=platform_label(platform))
        step = max(1, math.ceil((last - first + 1) / 8))
        ticks = list(range(first, last + 1, step))
        ax.set_xticks(ticks, [_month_label(m) for m in ticks])
        ax.yaxis.set_major_formatter(_tick(unit))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
        ax.set_ylabel(_axis_label(unit))
        fig.suptitle(_wrap(title), x=0.01, ha="left")
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.8)
        ax.spines[["top", "right"]].set_visible(False)
        if not kdef.higher_is_better:
            ax.text(0, 1.0, "Lower is better", transform=ax.transAxes, fontsize=9, color=GREY,
                    ha="left", va="bottom")
        fig.legend(frameon=False, ncols=min(len(lines), 4), loc="outside lower center")
    alt = _trend_alt(kdef.name, span, lines)
    name = f"trend-{kpi}"
    _save(fig, out_dir, name, title, alt)
    return ChartInfo(name=name, title=title, alt=alt)


def _index(day: dt.date) -> int:
    """Months counted from year 0, so consecutive months differ by one."""
    return day.year * 12 + day.month - 1


def _first_of(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _trend_alt(name: str, span: str, lines: dict[str, list[KpiValue]]) -> str:
    parts = [f"Line chart of {name[0].lower() + name[1:]} by month, {span}, one line per platform."]
    for platform, series in lines.items():
        unit = series[0].unit
        low = min(series, key=lambda v: v.value)  # type: ignore[arg-type, return-value]
        high = max(series, key=lambda v: v.value)  # type: ignore[arg-type, return-value]
        parts.append(
            f"{platform_label(platform)}: {format_value(series[0].value, unit)} in "
            f"{series[0].period.label}, {format_value(series[-1].value, unit)} in "
            f"{series[-1].period.label}; lowest {format_value(low.value, unit)} "
            f"({low.period.label}), highest {format_value(high.value, unit)} "
            f"({high.period.label}).")
    return " ".join(parts)


def _peer_chart(p: BenchmarkPosition, out_dir: Path, organisation: str) -> ChartInfo:
    higher = higher_is_better(p.kpi)
    bars = [(peer.peer, peer.value, False) for peer in p.peers] + [(organisation, p.ours, True)]
    # Best at the top; ties keep us above the peers we tie with, then names alphabetically.
    bars.sort(key=lambda b: ((-b[1] if higher else b[1]), not b[2], b[0]))
    what = kpi_phrase(p.kpi, p.platform)
    who = "us" if organisation == "Us" else organisation
    title = (f"{what[0].upper() + what[1:]}: {who} against {len(p.peers)} peers, "
             f"{p.our_period.label}")
    with matplotlib.rc_context(_RC):
        fig = _new_figure(9, 1.6 + 0.38 * len(bars))
        ax = fig.axes[0]
        ys = list(range(len(bars)))[::-1]
        ax.barh(ys, [b[1] for b in bars], height=0.7,
                color=[US_COLOUR if b[2] else PEER_COLOUR for b in bars],
                edgecolor=[BLACK if b[2] else PEER_COLOUR for b in bars],
                hatch=["//" if b[2] else "" for b in bars], linewidth=1.2)
        ax.set_yticks(ys, [b[0] for b in bars])
        for label, (_, _, ours) in zip(ax.get_yticklabels(), bars):
            if ours:
                label.set_fontweight("bold")
        for y, (_, value, ours) in zip(ys, bars):
            ax.annotate(format_value(value, p.unit), (value, y), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=9,
                        fontweight="bold" if ours else "normal",
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})
        ax.axvline(p.median, color=MEDIAN_COLOUR, linestyle="--", linewidth=1.5,
                   label=f"Peer median {format_value(p.median, p.unit)}")
        ax.axvline(p.top_quartile, color=QUARTILE_COLOUR, linestyle=":", linewidth=2,
                   label=f"Top quartile {format_value(p.top_quartile, p.unit)}")
        ax.xaxis.set_major_formatter(_tick(p.unit))
        ax.set_xlabel(_axis_label(p.unit) + ("" if higher else " (lower is better)"))
        ax.set_xlim(min(0, min(b[1] for b in bars) * 1.3), max(b[1] for b in bars) * 1.3)
        fig.suptitle(_wrap(title), x=0.01, ha="left")
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(frameon=False, ncols=2, loc="outside lower center")
    best, worst = bars[0], bars[-1]
    alt = (f"Bar chart ranking {who} against {len(p.peers)} peer organisations on {what} "
           f"in {p.our_period.label}, best at the top{'' if higher else ' (lower is better)'}. "
           f"{organisation}: {format_value(p.ours, p.unit)}, rank {p.rank} of {len(bars)}. "
           f"Peer median {format_value(p.median, p.unit)}; top quartile "
           f"{format_value(p.top_quartile, p.unit)}. Best: {best[0]} at "
           f"{format_value(best[1], p.unit)}; last: {worst[0]} at "
           f"{format_value(worst[1], p.unit)}.")
    if p.caveat:
        alt += f" Caveat: {p.caveat}"
    name = f"peers-{p.kpi}-{p.platform}"
    _save(fig, out_dir, name, title, alt)
    return ChartInfo(name=name, title=title, alt=alt)


def render_charts(results: KpiResults, positions: list[BenchmarkPosition], out_dir: Path, *,
                  organisation: str = "Us") -> list[ChartInfo]:
    """Write every chart into `out_dir` (created if need be) and charts.json beside them; return
    each chart's name, title and alt text in a fixed order: trends, then peer positions."""
    out_dir.mkdir(parents=True, exist_ok=True)
    charts: list[ChartInfo] = []
    for kpi in TREND_KPIS:
        if kpi in KPIS and (info := _trend(results, kpi, out_dir)):
            charts.append(info)
    for p in positions:
        if p.like_for_like and p.peers:
            charts.append(_peer_chart(p, out_dir, organisation))
    (out_dir / INDEX_NAME).write_text(json.dumps(charts, indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    return charts
