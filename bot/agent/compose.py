"""Deterministic answers built only from planned evidence: the fallback that is always verifiable.

When the drafting model fails verification (the tiny local model often does), Upward still
answers, in plain structured text whose every sentence is a source sentence with its citation.
"""

from __future__ import annotations

import re

from bot.agent.labels import COUNTER_LABEL, SAMPLE_NOTE, SECOND_HAND_LABEL, SECTION_TITLES
from bot.agent.plan import Plan, Point
from bot.agent.verify import CITATION_RE, cited_numbers, split_sentences
from bot.contract import AnswerSection

__all__ = ["SECTION_TITLES", "compose_answer", "gap_line", "headings", "own_lines", "split_sections", "with_sample_note"]
NO_EVIDENCE = (
    "The knowledge base has no evidence on this point, so Upward will not guess. "
    "Try asking in other words, or add guidance, evidence or your own audit data with "
    "`upward ingest`."
)


def _line(point: Point) -> str:
    notes = []  # fixed labels: the verifier accepts them without a citation
    if point.counterpoint:
        notes.append(COUNTER_LABEL)
    if point.second_hand:
        notes.append(SECOND_HAND_LABEL)
    note = f" ({'; '.join(notes)})" if notes else ""
    sentences = []
    for sentence in split_sentences(point.text):
        if not sentence.endswith((".", "!", "?")):
            sentence += "."
        sentences.append(f"{sentence} [{point.n}]")  # every sentence carries its own citation
    return f"- {' '.join(sentences)}{note}"


def gap_line(gap: str) -> str:
    """A section with no evidence says what to gather. Upward wrote it for this plan, so the
    verifier is told to accept exactly this line (see `own_lines`); it claims nothing."""
    gap = re.sub(r"[.!?]+(\s+|$)", "; ", gap.strip()).strip("; ")
    return f"(No evidence yet: {gap})"


def headings(plan: Plan) -> list[str]:
    """The headings an answer to `plan` may use: its outline's, or the default sections'."""
    return [title for _, title in plan.outline] or list(SECTION_TITLES.values())


def own_lines(plan: Plan) -> list[str]:
    """Lines Upward writes for this plan that cite nothing: its gap notes."""
    return [gap_line(gap) for gap in plan.gaps.values()]


def with_sample_note(text: str) -> str:
    """The answer with the sample-data notice as its first line (once)."""
    return text if text.startswith(SAMPLE_NOTE) else f"{SAMPLE_NOTE}\n\n{text}"


def compose_answer(plan: Plan) -> str:
    if not plan.points and not plan.gaps:
        return NO_EVIDENCE
    outline = plan.outline or list(SECTION_TITLES.items())
    blocks: list[str] = []
    for section, title in outline:
        lines = [_line(p) for p in plan.points if (p.section or p.kind) == section]
        if not lines and section in plan.gaps:
            lines = [gap_line(plan.gaps[section])]
        if lines:
            blocks.append(f"**{title}**\n" + "\n".join(lines))
    return "\n\n".join(blocks)


_HEADING_RE = re.compile(r"^\s*(?:#{1,4}\s*)?\*{0,2}(?P<title>[^*\n]+?)\*{0,2}\s*:?\s*$")


def split_sections(text: str, plan: Plan) -> list[AnswerSection]:
    """The answer cut at its outline headings ("**Title**" or "## Title" lines), so a channel can
    lay out a structured answer; empty for unstructured answers. A section the text leaves out
    keeps its gap note (what data to gather) when the plan has one."""
    if not plan.outline:
        return []
    titles = {title.casefold(): sid for sid, title in plan.outline}
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        heading = _HEADING_RE.match(line)
        sid = titles.get(heading.group("title").strip().casefold()) if heading else None
        if sid is not None:
            current = sid
            found.setdefault(sid, [])
        elif current is not None and line.strip():
            found[current].append(line)
    sections = []
    for sid, title in plan.outline:
        body = "\n".join(found.get(sid, []))
        if not body and sid not in plan.gaps:
            continue
        gap = plan.gaps.get(sid) if not CITATION_RE.search(body) else None
        sections.append(
            AnswerSection(id=sid, title=title, text=body or gap_line(gap or ""), citations=cited_numbers(body), gap=gap)
        )
    return sections
