"""How long the body of a note will be on the page, estimated without rendering it.

Rendering to PDF to count pages takes LibreOffice seconds per try; this estimate takes
microseconds, so the builder can try a few layouts and keep the fullest that fits. The constants
describe the default template (A4, 2 cm side margins, Arial 10 pt) and were calibrated against
LibreOffice's page count (evals/briefing_eval.py prints both). A restyled template changes the
real length; the eval shows by how much.
"""

from __future__ import annotations

import math

from bot.briefing.model import BriefingNote

PAGE_HEIGHT = 745.0  # points of body per A4 page (29.7 cm less 1.8 cm and 1.6 cm margins)
LINE = 11.6  # one line of 10 pt Arial, in points
CHARS_PER_LINE = 100  # 17 cm of 10 pt Arial text
BULLET_CHARS = 95
PARAGRAPH_GAP, BULLET_GAP = 3.0, 2.0
HEADING = 23.0  # 11.5 pt heading with its spacing
TITLE_CHARS, TITLE_LINE = 62, 18.0
CELL_PADDING = 4.0
CHART_HEIGHT = 181.0 + 16.0  # a 12 cm wide chart at 9:4.8, and its caption
SAFETY = 0.94  # leave room for what the estimate cannot see (widows, keep-with-next headings)


def _lines(text: str, chars: int) -> int:
    return max(1, math.ceil(len(text) / chars))


def _paragraphs(items: list[str], *, bullet: bool) -> float:
    chars, gap = (BULLET_CHARS, BULLET_GAP) if bullet else (CHARS_PER_LINE, PARAGRAPH_GAP)
    return sum(_lines(t, chars) * LINE + gap for t in items)


def _table(rows: list[list[str]], widths_cm: list[float]) -> float:
    """Each row as tall as its fullest cell; widths in cm give each cell's characters per line."""
    total = 0.0
    for row in rows:
        tallest = max(_lines(text, max(8, int(CHARS_PER_LINE * w / 17.0) - 2)) for text, w in zip(row, widths_cm))
        total += tallest * LINE + PARAGRAPH_GAP + CELL_PADDING
    return total


def body_points(note: BriefingNote) -> float:
    """The estimated height of everything before Sources, in points."""
    height = _lines(note.title, TITLE_CHARS) * TITLE_LINE + 4
    if note.sample_label:
        height += _paragraphs([note.sample_label], bullet=False)
    height += _table([["To", note.to], ["From", note.sender], ["Date", note.date], ["Subject", note.subject]], [3.0, 14.0])
    height += HEADING * 11  # Purpose ... Next steps
    height += _paragraphs(note.purpose, bullet=False)
    height += _table([["Recommendation", "Decision"]] + [[f"{r.number}. {r.text}", "Agreed Not agreed Discuss"] for r in note.recommendations], [10.6, 6.4])
    for items in (note.key_points, note.background, note.position, note.evidence, note.public, note.risks,
                  note.next_steps):
        height += _paragraphs(items, bullet=True)
    height += _paragraphs(note.success, bullet=True)
    if note.chart is not None:
        height += CHART_HEIGHT
    height += _table([["Option", "What it involves", "Cost", "Capacity"]]
                     + [[o.name, o.involves, o.cost, o.capacity] for o in note.options], [3.2, 6.6, 3.4, 3.8])
    height += _table([["Measure", "Baseline", "Target", "By"]]
                     + [[k.measure, k.baseline, k.target, k.by] for k in note.kpis], [6.2, 4.2, 3.4, 3.2])
    return height


def estimated_pages(note: BriefingNote) -> float:
    return body_points(note) / PAGE_HEIGHT


def fits(note: BriefingNote, pages: int) -> bool:
    return body_points(note) <= pages * PAGE_HEIGHT * SAFETY
