"""The briefing note as data: what a template is filled with, what the API takes and returns.

A note is laid out from a structured Answer (its sections, citations and figures), never from the
answer's text, and every string in it is plain text: the renderers escape it for their format.
Paragraph strings carry their `[n]` markers, numbered as in `sources`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator

BriefingFormat = Literal["docx", "md", "pdf"]
MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
}


class Recommendation(BaseModel):
    number: int
    text: str


class OptionRow(BaseModel):
    name: str
    involves: str
    cost: str
    capacity: str


class KpiTarget(BaseModel):
    """A row of the measures-of-success table: a proposed goal from the audit."""

    measure: str
    baseline: str
    target: str
    by: str


class SourceLine(BaseModel):
    """A numbered source: publisher, title, year, and the URL, or the files and rows of own data."""

    n: int
    text: str
    citation_id: str  # the stored source (GET /v1/sources/{id})
    url: str | None = None  # only a published source's own http(s) address
    second_hand: bool = False


class CheckRow(BaseModel):
    """Annex A: the figures one source backs in this note, and how they were checked."""

    n: int
    source: str
    figures: str
    how: str


class Chart(BaseModel):
    path: Path
    title: str
    alt: str


class BriefingNote(BaseModel):
    marking: str
    title: str
    to: str
    sender: str
    date: str
    subject: str
    sample_label: str | None = None
    purpose: list[str]
    recommendations: list[Recommendation]
    key_points: list[str] = Field(max_length=5)
    background: list[str]
    position: list[str]
    chart: Chart | None = None
    evidence: list[str]
    public: list[str]
    options: list[OptionRow]
    risks: list[str]
    success: list[str]
    kpis: list[KpiTarget]
    next_steps: list[str]
    sources: list[SourceLine]
    checks_intro: str
    checks: list[CheckRow]

    @property
    def chart_caption(self) -> str:
        return f"Figure 1: {self.chart.title}" if self.chart else ""

    def body_paragraphs(self) -> dict[str, list[str]]:
        """Every piece of text in the body, by heading, in reading order: each is checked by the
        verifier on its own (table cells too)."""
        return {
            "Purpose": self.purpose,
            "Recommendations": [r.text for r in self.recommendations],
            "Key points": self.key_points,
            "Background": self.background,
            "Current position": self.position,
            "Evidence and peers": self.evidence,
            "What the public is saying": self.public,
            "Options": [cell for o in self.options for cell in (o.name, o.involves, o.cost, o.capacity)],
            "Risks": self.risks,
            "Measures of success": self.success + [c for k in self.kpis for c in (k.measure, k.baseline, k.target, k.by)],
            "Next steps": self.next_steps,
        }


class BriefingRequest(BaseModel):
    """What to brief on: a topic (a business case), one objection (a rebuttal), or an earlier
    answer of a conversation ("turn this into a briefing note")."""

    topic: str | None = Field(None, max_length=1000, description="A business case focused on this topic.")
    objection: str | None = Field(
        None, max_length=60, description="Answer one leadership objection (a type from GET /v1/objections)."
    )
    conversation_id: str | None = Field(
        None, pattern=r"^[0-9a-f]{32}$", description="Brief from the last answer of this conversation."
    )
    audience: str | None = Field(None, max_length=100, description="Who the note is for, e.g. 'ceo'.")
    format: BriefingFormat = "docx"
    pages: int = Field(2, ge=1, le=10, description="Most pages of body text (Sources and Annex A follow).")

    @model_validator(mode="after")
    def _one_subject(self) -> BriefingRequest:
        given = [name for name in ("topic", "objection", "conversation_id") if getattr(self, name)]
        if len(given) > 1:
            raise ValueError(f"give one of topic, objection or conversation_id, not {' and '.join(given)}")
        return self


class BriefingRecord(BaseModel):
    """A stored briefing, as listed by GET /v1/briefings."""

    id: str
    title: str
    format: BriefingFormat
    file_name: str
    audience: str | None = None
    flow: str
    sample: bool = False
    created_at: dt.datetime
    owner: str | None = None  # the key that made it: a reader lists and downloads only their own
    download: str = ""  # filled in by the API: where to fetch the file

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]


class BriefingList(BaseModel):
    briefings: list[BriefingRecord]
