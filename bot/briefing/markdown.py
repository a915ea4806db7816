"""The note as Markdown, for pasting into an intranet page or an email.

Text is escaped so that nothing in it becomes a link, an image or HTML; only the `[n]` markers
and the sources' own http(s) addresses are left as they are.
"""

from __future__ import annotations

import re

from bot.agent.verify import CITATION_RE
from bot.briefing.model import BriefingNote

# Brackets are escaped, so a parenthesis can never complete a link; "#" and "|" would start a
# heading or break a table.
_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>#|~])")
DECISION = "☐ Agreed ☐ Not agreed ☐ Discuss"


def escape(text: str) -> str:
    """Markdown-escaped text, keeping citation markers such as [2] or [1, 3] readable."""
    out, last = [], 0
    for match in CITATION_RE.finditer(text):
        out.append(_SPECIAL_RE.sub(r"\\\1", text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_SPECIAL_RE.sub(r"\\\1", text[last:]))
    return "".join(out)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _section(title: str, items: list[str]) -> list[str]:
    return [f"## {title}", "", *(f"- {escape(t)}" for t in items), ""]


def render_markdown(note: BriefingNote) -> str:
    lines = [f"**{escape(note.marking)}**", "", f"# {escape(note.title)}", ""]
    if note.sample_label:
        lines += [f"**{escape(note.sample_label)}**", ""]
    lines += _table(["", ""], [["To", note.to], ["From", note.sender], ["Date", note.date], ["Subject", note.subject]])
    lines += ["## Purpose", "", *(escape(p) + "\n" for p in note.purpose)]
    lines += ["## Recommendations", ""]
    lines += _table(["Recommendation", "Decision"], [[f"{r.number}. {r.text}", DECISION] for r in note.recommendations])
    lines += _section("Key points", note.key_points)
    lines += _section("Background", note.background)
    lines += _section("Current position", note.position)
    if note.chart is not None:
        lines += [f"*{escape(note.chart_caption)}* (chart: {escape(note.chart.alt)})", ""]
    lines += _section("Evidence and peers", note.evidence)
    lines += _section("What the public is saying", note.public)
    lines += ["## Options", ""]
    lines += _table(["Option", "What it involves", "Cost", "Capacity"],
                    [[o.name, o.involves, o.cost, o.capacity] for o in note.options])
    lines += _section("Risks", note.risks)
    lines += _section("Measures of success", note.success)
    lines += _table(["Measure", "Baseline", "Target", "By"], [[k.measure, k.baseline, k.target, k.by] for k in note.kpis])
    lines += _section("Next steps", note.next_steps)
    lines += ["## Sources", ""]
    lines += [f"[{s.n}] {escape(s.text)}{f' <{s.url}>' if s.url else ''}  " for s in note.sources]
    lines += ["", "## Annex A: How these figures were checked", "", escape(note.checks_intro), ""]
    lines += _table(["Source", "Figures in this note", "How it was checked"],
                    [[f"[{c.n}] {c.source}", c.figures, c.how] for c in note.checks])
    lines += [f"**{escape(note.marking)}**", ""]
    return "\n".join(lines)
