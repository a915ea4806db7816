"""Verified or not written: every figure in the body of a note must pass the verifier.

Each paragraph and table cell is checked on its own with `verify_answer` against the exact text
of the sources it cites (numbered as in the note). Audit facts whose figures no longer re-derive
from the stored rows are `rejected`: citing one fails with the reason. Text without a citation
(the purpose, the options' wording) may make no figure claim at all.
"""

from __future__ import annotations

from bot.agent.verify import verify_answer
from bot.briefing.errors import NotVerified
from bot.briefing.model import BriefingNote, CheckRow
from bot.contract import Figure


def verify_note(note: BriefingNote, sources: dict[int, str], rejected: dict[int, str] | None = None) -> list[Figure]:
    """The note's figures, all verified; `NotVerified` naming each failing figure otherwise.
    `sources` and `rejected` are keyed by the note's own citation numbers."""
    problems: list[str] = []
    figures: list[Figure] = []
    for heading, texts in note.body_paragraphs().items():
        for text in texts:
            if not text.strip():
                continue
            report = verify_answer(text, sources, require_citation=False, rejected=rejected)
            figures += report.figures
            for sentence in report.sentences:
                quoted = sentence.text if len(sentence.text) <= 90 else sentence.text[:87] + "..."
                problems += [f"{heading}: {problem} (in \u201c{quoted}\u201d)" for problem in sentence.problems]
    if problems:
        raise NotVerified(problems)
    return figures


def with_checked_figures(note: BriefingNote, figures: list[Figure]) -> BriefingNote:
    """Annex A filled in: for each source, the figures of this note that it backs."""
    by_source: dict[int, list[str]] = {}
    for figure in figures:
        values = by_source.setdefault(figure.citation, [])
        if figure.value not in values:
            values.append(figure.value)
    checks = [
        CheckRow(n=c.n, source=c.source, figures=", ".join(by_source.get(c.n, [])) or "none", how=c.how)
        for c in note.checks
    ]
    return note.model_copy(update={"checks": checks})
