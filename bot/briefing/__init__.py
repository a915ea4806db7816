"""Briefing notes: a structured answer laid out in the organisation's own Word template, every
figure verified, as .docx, Markdown or PDF (docs/briefing.md)."""

from bot.briefing.errors import BriefingError, NotVerified, PdfUnavailable, SubjectNotFound, TemplateProblem
from bot.briefing.maker import Briefing, BriefingSettings, make_briefing
from bot.briefing.model import BriefingNote, BriefingRecord, BriefingRequest
from bot.briefing.store import BriefingStore

__all__ = [
    "Briefing", "BriefingError", "BriefingNote", "BriefingRecord", "BriefingRequest", "BriefingSettings",
    "BriefingStore", "NotVerified", "PdfUnavailable", "SubjectNotFound", "TemplateProblem", "make_briefing",
]
