"""Listening figures as citable facts, and those facts as documents for the index (kind `public`).

Each fact is one or two plain sentences whose numbers are the report's own values, printed one
way (thousands separators, shares to one decimal), with an id that depends only on what it is
about: `PC-sentiment`, `PC-theme-bins`. Importing the same files again gives the same facts.
Facts name no source; the index names the publisher ("Public comments you imported").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.ingest.documents import LoadedDocument, Section
from bot.listening.model import ListeningFact
from bot.listening.numbers import count, ordinal_most, pct, share
from bot.listening.report import ListeningReport, ThemeRow
from bot.listening.themes import OTHER, RUMOURS, THEME_LABELS

if TYPE_CHECKING:
    from bot.index.manifest import FileRecord

# The index holds the facts of one listening set at a time, under this manifest entry.
LISTENING_SOURCE = "listening"
TOP_THEMES = 6
WHAT = "public comments and mentions"


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def _listing(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _slug(name: str) -> str:
    """'X (Twitter)' -> 'x_twitter', for value names."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def overview_fact(report: ListeningReport) -> ListeningFact:
    topical = [t for t in report.themes if t.id not in (OTHER, RUMOURS)][:3]
    text = f"{count(report.total)} {WHAT} were imported for {report.period.label}"
    platforms = [p for p in report.by_platform if p != "Not stated"]
    if platforms:
        text += f", from {len(platforms)} platform{'s' if len(platforms) != 1 else ''}"
    values: dict[str, int | float] = {"total": report.total, "platforms": len(platforms)}
    if topical:
        shown = [f"{_lower(t.label)} ({pct(t.share)})" for t in topical]
        many = "the most discussed themes were" if len(topical) > 1 else "the most discussed theme was"
        text += f"; {many} {_listing(shown)}"
        values |= {f"{t.id}_share": t.share for t in topical}
    return ListeningFact(id="PC-overview", title="Public comments: overview", text=text + ".", values=values)


def sentiment_fact(report: ListeningReport) -> ListeningFact:
    s = report.sentiment
    return ListeningFact(
        id="PC-sentiment",
        title="Public comments: sentiment",
        text=(
            f"Of {count(report.total)} {WHAT} imported for {report.period.label}, "
            f"{pct(s.negative_share)} were negative, {pct(s.neutral_share)} neutral and "
            f"{pct(s.positive_share)} positive. Sentiment was scored automatically (VADER), "
            "which can misread sarcasm."
        ),
        values={
            "total": report.total,
            "negative_share": s.negative_share,
            "neutral_share": s.neutral_share,
            "positive_share": s.positive_share,
        },
    )


def _questions_clause(theme: ThemeRow) -> str:
    if theme.questions == 0:
        return "none of them asked a question"
    clause = f"{count(theme.questions)} of them asked a question"
    if theme.unanswered is not None:
        clause += f", and {count(theme.unanswered)} of those got no reply"
    return clause


def theme_fact(theme: ThemeRow, rank: int, report: ListeningReport) -> ListeningFact:
    text = (
        f"{theme.label} was {ordinal_most(rank)} discussed theme: {count(theme.count)} of "
        f"{count(report.total)} comments ({pct(theme.share)}), {pct(theme.negative_share)} of them "
        f"negative; {_questions_clause(theme)}."
    )
    if theme.example:
        text += f" {theme.example}"
    values: dict[str, int | float] = {
        "count": theme.count, "total": report.total, "share": theme.share,
        "negative_share": theme.negative_share,
    }
    if theme.questions:  # "none of them asked a question" states no figure
        values["questions"] = theme.questions
        if theme.unanswered is not None:
            values["unanswered"] = theme.unanswered
    return ListeningFact(
        id=f"PC-theme-{theme.id}", title=f"Public comments: {_lower(theme.label)}", text=text, values=values
    )


def questions_fact(report: ListeningReport) -> ListeningFact | None:
    q = report.questions
    if q.count == 0:
        return None
    text = f"{count(q.count)} of {count(report.total)} comments ({pct(q.share)}) asked a question."
    values: dict[str, int | float] = {"questions": q.count, "total": report.total, "share": q.share}
    if q.unanswered is not None and q.unanswered_share is not None:
        whose = "them" if q.with_reply_status == q.count else (
            f"the {count(q.with_reply_status)} questions whose reply was recorded"
        )
        text += f" {count(q.unanswered)} of {whose} ({pct(q.unanswered_share)}) got no reply."
        values |= {"unanswered": q.unanswered, "unanswered_share": q.unanswered_share,
                   "with_reply_status": q.with_reply_status}
        most = sorted(
            (t for t in report.themes if t.unanswered and t.id != OTHER), key=lambda t: -(t.unanswered or 0)
        )[:2]
        if most:
            shown = [f"{_lower(t.label)} ({count(t.unanswered or 0)})" for t in most]
            text += f" Most unanswered questions were about {_listing(shown)}."
    return ListeningFact(id="PC-questions", title="Public comments: questions", text=text, values=values)


def rumours_fact(report: ListeningReport) -> ListeningFact | None:
    r = report.rumours
    if r.count == 0:
        return None
    text = (
        f"{count(r.count)} comments ({pct(r.share)}) passed on or asked about something heard "
        "(\u201cI heard that\u2026\u201d, \u201cis it true\u2026\u201d)"
    )
    values: dict[str, int | float] = {"rumours": r.count, "share": r.share}
    if r.about:
        text += f"; {count(r.about_count)} of them were about {_lower(THEME_LABELS[r.about])}"
        values["about_count"] = r.about_count
    text += "."
    if r.peak_month_label and r.peak_count > 1:
        text += f" The most in one month was {count(r.peak_count)}, in {r.peak_month_label}."
        values["peak_count"] = r.peak_count
    if r.unanswered is not None and r.with_reply_status:
        whose = "them" if r.with_reply_status == r.count else (
            f"the {count(r.with_reply_status)} whose reply was recorded"
        )
        unanswered_share = share(r.unanswered, r.with_reply_status)
        text += f" {count(r.unanswered)} of {whose} ({pct(unanswered_share)}) got no reply."
        values |= {"unanswered": r.unanswered, "unanswered_share": unanswered_share}
    theme = report.theme(RUMOURS)
    if theme is not None and theme.example:
        text += f" {theme.example}"
    return ListeningFact(id="PC-rumours", title="Public comments: rumours", text=text, values=values)


def platforms_fact(report: ListeningReport) -> ListeningFact | None:
    named = {p: n for p, n in report.by_platform.items() if p != "Not stated"}
    if not named:
        return None
    shares = {p: share(n, report.total) for p, n in named.items()}
    if len(named) == 1:
        (platform, n), = named.items()
        text = f"{count(n)} of {count(report.total)} comments ({pct(shares[platform])}) came from {platform}."
    else:
        parts = [f"{p} {count(n)} ({pct(shares[p])})" for p, n in named.items()]
        text = f"By platform, the {count(report.total)} comments came from {_listing(parts)}."
    values: dict[str, int | float] = {"total": report.total}
    for p, n in named.items():
        values[f"{_slug(p)}_count"] = n
        values[f"{_slug(p)}_share"] = shares[p]
    return ListeningFact(id="PC-platforms", title="Public comments: platforms", text=text, values=values)


def replies_fact(report: ListeningReport) -> ListeningFact | None:
    if report.replied is None or not report.replied_known:
        return None
    rate = share(report.replied, report.replied_known)
    whose = "" if report.replied_known == report.total else " whose reply was recorded"
    text = (
        f"The organisation replied to {count(report.replied)} of the {count(report.replied_known)} "
        f"comments{whose} ({pct(rate)})."
    )
    return ListeningFact(
        id="PC-replies", title="Public comments: replies", text=text,
        values={"replied": report.replied, "with_reply_status": report.replied_known, "share": rate},
    )


def busiest_month_fact(report: ListeningReport) -> ListeningFact | None:
    m = report.busiest_month
    if len(report.by_month) < 2:
        return None
    text = (
        f"The busiest month was {m.label}, with {count(m.count)} comments ({pct(m.share)} of the "
        f"{count(report.total)})"
    )
    values: dict[str, int | float] = {"count": m.count, "share": m.share, "total": report.total}
    if m.top_theme:
        text += f"; its most discussed theme was {_lower(THEME_LABELS[m.top_theme])} ({count(m.top_theme_count)})"
        values["top_theme_count"] = m.top_theme_count
    return ListeningFact(id="PC-peak", title="Public comments: busiest month", text=text + ".", values=values)


def build_facts(report: ListeningReport) -> list[ListeningFact]:
    """Overview, sentiment, the top themes, questions, rumours, replies, platforms, busiest month."""
    topical = [t for t in report.themes if t.id not in (OTHER, RUMOURS)][:TOP_THEMES]
    facts = [overview_fact(report), sentiment_fact(report)]
    facts += [theme_fact(t, rank, report) for rank, t in enumerate(topical)]
    for make in (questions_fact, rumours_fact, replies_fact, platforms_fact, busiest_month_fact):
        fact = make(report)
        if fact is not None:
            facts.append(fact)
    return facts


# --------------------------------------------------------------------------------------------
# Index
# --------------------------------------------------------------------------------------------


def listening_documents(report: ListeningReport) -> list[LoadedDocument]:
    """One document per fact, kind `public`, so answers can cite what the public said."""
    publisher = "Public comments (fictional sample)" if report.sample else "Public comments you imported"
    return [
        LoadedDocument(
            source=f"{LISTENING_SOURCE}:{report.id}#{fact.id}",
            title=fact.title,
            kind="public",
            sections=[Section(text=fact.text, heading_path=[report.period.label])],
            publisher=publisher,
            year=str(report.period.end.year),
            extra={"fact_id": fact.id, "listening_id": report.id, "sample": report.sample},
        )
        for fact in report.facts
    ]


def listening_record(report: ListeningReport, embedder: str) -> FileRecord:
    """The manifest entry for the indexed facts: its hash changes whenever the report does."""
    from bot.index.manifest import FileRecord  # SQLAlchemy loads slowly; only the service needs it

    return FileRecord.computed(
        LISTENING_SOURCE, "public", f"Public comments {report.id}", report.model_dump_json(), embedder
    )
