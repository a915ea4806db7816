"""The listening report: one typed model (what the API returns and the CLI prints with --json),
built only from counts over redacted comments, and its Markdown rendering.

The report carries no timestamps and no personal data, so the same files always give the same
report, and it can be shown, stored and indexed as it is.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pydantic import BaseModel, Field

from bot.audit.formatting import format_date, format_month
from bot.listening.clusters import OtherGroup
from bot.listening.examples import typical_example
from bot.listening.model import ListeningFact, RedactedComment
from bot.listening.numbers import count, pct, share
from bot.listening.redact import KINDS
from bot.listening.themes import OTHER, RUMOURS, THEME_LABELS, THEMES


class FileRow(BaseModel):
    name: str
    rows_read: int  # data rows with anything in them
    rows_used: int  # of those, public comments with text


class PeriodRow(BaseModel):
    start: dt.date
    end: dt.date
    label: str  # "1 November 2025 to 31 October 2026"


class SentimentRow(BaseModel):
    positive: int
    neutral: int
    negative: int
    positive_share: float
    neutral_share: float
    negative_share: float


class QuestionRow(BaseModel):
    count: int
    share: float  # % of all comments
    with_reply_status: int  # questions whose export said whether they were answered
    unanswered: int | None = None  # None when no file says whether you replied
    unanswered_share: float | None = None  # % of questions with a reply status


class RumourRow(BaseModel):
    count: int  # comments that pass on or ask about something heard
    share: float  # % of all comments
    about: str | None = None  # the theme most of them were about (besides being rumours)
    about_count: int = 0
    peak_month: str | None = None  # "2026-02"
    peak_month_label: str | None = None  # "February 2026"
    peak_count: int = 0
    with_reply_status: int = 0
    unanswered: int | None = None


class MonthRow(BaseModel):
    month: str  # "2026-01"
    label: str  # "January 2026"
    count: int
    share: float  # % of all comments
    top_theme: str | None = None  # its most discussed theme (not "other")
    top_theme_count: int = 0


class ThemeRow(BaseModel):
    id: str
    label: str
    count: int  # comments whose primary theme this is
    share: float
    negative_share: float  # % of this theme's comments
    questions: int
    unanswered: int | None = None  # questions of this theme that got no reply
    example: str | None = None  # a typical comment, redacted and framed


class ListeningReport(BaseModel):
    id: str
    sample: bool = False
    files: list[FileRow]
    period: PeriodRow
    total: int
    by_platform: dict[str, int]  # most comments first
    by_month: dict[str, int]  # "2026-01" -> comments, in date order
    sentiment: SentimentRow
    questions: QuestionRow
    rumours: RumourRow
    busiest_month: MonthRow
    replied: int | None = None  # comments you replied to; None when no file says
    replied_known: int = 0  # comments whose export said whether you replied
    redactions: dict[str, int]  # details removed, by kind
    themes: list[ThemeRow]  # most discussed first; "other" last
    other_groups: list[OtherGroup] = Field(default_factory=list)  # only when embeddings were given
    facts: list[ListeningFact] = Field(default_factory=list)

    def theme(self, theme_id: str) -> ThemeRow | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def to_markdown(self) -> str:
        return to_markdown(self)


def period_row(start: dt.date, end: dt.date) -> PeriodRow:
    return PeriodRow(start=start, end=end, label=f"{format_date(start)} to {format_date(end)}")


def _unanswered(comments: list[RedactedComment]) -> int:
    return sum(1 for c in comments if c.is_question and c.replied is False)


def theme_rows(comments: list[RedactedComment], total: int) -> list[ThemeRow]:
    """Every theme with comments, most discussed first (ties in lexicon order), 'other' last."""
    by_theme: dict[str, list[RedactedComment]] = {}
    for comment in comments:
        by_theme.setdefault(comment.theme, []).append(comment)
    known = any(c.replied is not None for c in comments)
    order = {t.id: n for n, t in enumerate(THEMES)} | {OTHER: len(THEMES)}
    rows = []
    for theme_id, members in by_theme.items():
        negative = sum(1 for c in members if c.sentiment == "negative")
        rows.append(ThemeRow(
            id=theme_id,
            label=THEME_LABELS[theme_id],
            count=len(members),
            share=share(len(members), total),
            negative_share=share(negative, len(members)),
            questions=sum(1 for c in members if c.is_question),
            unanswered=_unanswered(members) if known else None,
            example=None if theme_id == OTHER else typical_example(theme_id, members),
        ))
    return sorted(rows, key=lambda r: (r.id == OTHER, -r.count, order[r.id]))


def _top_theme(
    comments: list[RedactedComment], *, skip: str = "", primary: bool = True
) -> tuple[str | None, int]:
    """The most common theme of `comments` (their primary themes, or any theme they matched),
    ties in lexicon order; 'other' and `skip` are not themes to report."""
    order = {t.id: n for n, t in enumerate(THEMES)}
    matched = ([c.theme] if primary else c.themes for c in comments)
    found = Counter(t for themes in matched for t in themes if t not in (OTHER, skip))
    if not found:
        return None, 0
    theme, n = min(found.items(), key=lambda kv: (-kv[1], order[kv[0]]))
    return theme, n


def rumour_row(comments: list[RedactedComment], total: int) -> RumourRow:
    rumours = [c for c in comments if c.is_rumour]
    about, about_count = _top_theme(rumours, skip=RUMOURS, primary=False)
    months = Counter(c.date.strftime("%Y-%m") for c in rumours)
    peak = min(months.items(), key=lambda kv: (-kv[1], kv[0]), default=None)
    known = [c for c in rumours if c.replied is not None]
    any_known = any(c.replied is not None for c in comments)
    return RumourRow(
        count=len(rumours),
        share=share(len(rumours), total),
        about=about,
        about_count=about_count,
        peak_month=peak[0] if peak else None,
        peak_month_label=_month_label(peak[0]) if peak else None,
        peak_count=peak[1] if peak else 0,
        with_reply_status=len(known),
        unanswered=sum(1 for c in known if c.replied is False) if any_known else None,
    )


def month_row(comments: list[RedactedComment], total: int) -> MonthRow:
    """The month with most comments (the earliest of equals) and what it was about."""
    months = Counter(c.date.strftime("%Y-%m") for c in comments)
    month, n = min(months.items(), key=lambda kv: (-kv[1], kv[0]))
    top, top_count = _top_theme([c for c in comments if c.date.strftime("%Y-%m") == month])
    return MonthRow(
        month=month, label=_month_label(month), count=n, share=share(n, total),
        top_theme=top, top_theme_count=top_count,
    )


def build_report(
    report_id: str,
    files: list[FileRow],
    comments: list[RedactedComment],
    redactions: Counter,
    *,
    sample: bool = False,
    other_groups: list[OtherGroup] | None = None,
) -> ListeningReport:
    """Every count and share of the report (facts are added by `facts.build_facts`)."""
    total = len(comments)
    dates = [c.date for c in comments]
    platforms = Counter(c.platform for c in comments)
    months = Counter(c.date.strftime("%Y-%m") for c in comments)
    moods = Counter(c.sentiment for c in comments)
    questions = [c for c in comments if c.is_question]
    asked_known = [c for c in questions if c.replied is not None]
    replied_known = [c for c in comments if c.replied is not None]
    unanswered = sum(1 for c in asked_known if c.replied is False)
    return ListeningReport(
        id=report_id,
        sample=sample,
        files=files,
        period=period_row(min(dates), max(dates)),
        total=total,
        by_platform=dict(sorted(platforms.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_month=dict(sorted(months.items())),
        sentiment=SentimentRow(
            positive=moods["positive"],
            neutral=moods["neutral"],
            negative=moods["negative"],
            positive_share=share(moods["positive"], total),
            neutral_share=share(moods["neutral"], total),
            negative_share=share(moods["negative"], total),
        ),
        questions=QuestionRow(
            count=len(questions),
            share=share(len(questions), total),
            with_reply_status=len(asked_known),
            unanswered=unanswered if replied_known else None,
            unanswered_share=share(unanswered, len(asked_known)) if asked_known else None,
        ),
        rumours=rumour_row(comments, total),
        busiest_month=month_row(comments, total),
        replied=sum(1 for c in replied_known if c.replied) if replied_known else None,
        replied_known=len(replied_known),
        redactions={kind: redactions.get(kind, 0) for kind in KINDS},
        themes=theme_rows(comments, total),
        other_groups=other_groups or [],
    )


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------


def _month_label(key: str) -> str:
    year, month = key.split("-")
    return format_month(dt.date(int(year), int(month), 1))


def to_markdown(report: ListeningReport) -> str:
    title = "What the public is saying" + (" (fictional sample)" if report.sample else "")
    lines = [
        f"# {title}",
        "",
        f"Listening set `{report.id}`: {count(report.total)} public comments and mentions, "
        f"{report.period.label}. Personal details were removed before anything was kept.",
        "",
        "## Facts",
        "",
    ]
    lines += [f"- **{f.id}** — {f.text}" for f in report.facts]
    lines += ["", "## Themes", "", "| theme | comments | share | negative | questions | no reply |",
              "|---|---:|---:|---:|---:|---:|"]
    for t in report.themes:
        no_reply = "–" if t.unanswered is None else count(t.unanswered)
        lines.append(
            f"| {t.label} | {count(t.count)} | {pct(t.share)} | {pct(t.negative_share)} | "
            f"{count(t.questions)} | {no_reply} |"
        )
    if report.other_groups:
        lines += ["", "Comments no theme matched, grouped by meaning:", ""]
        lines += [f"- {g.label}: {count(g.count)}" for g in report.other_groups]
    s = report.sentiment
    lines += [
        "", "## Sentiment", "",
        f"Negative {count(s.negative)} ({pct(s.negative_share)}), neutral {count(s.neutral)} "
        f"({pct(s.neutral_share)}), positive {count(s.positive)} ({pct(s.positive_share)}).",
        "", "## Platforms and months", "",
        ", ".join(f"{name} {count(n)}" for name, n in report.by_platform.items()) + ".",
        "",
        ", ".join(f"{_month_label(m)} {count(n)}" for m, n in report.by_month.items()) + ".",
        "", "## Files", "",
    ]
    lines += [f"- {f.name}: {count(f.rows_read)} rows read, {count(f.rows_used)} used" for f in report.files]
    removed = ", ".join(f"{n} {kind}" for kind, n in report.redactions.items() if n) or "none"
    lines += ["", f"Personal details removed: {removed}.", ""]
    return "\n".join(lines)

