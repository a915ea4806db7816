"""Deterministic answers built only from planned evidence: the fallback that is always verifiable.

When the drafting model fails verification (the tiny local model often does), Upward still
answers, in plain structured text whose every sentence is a source sentence with its citation.
"""

from __future__ import annotations

from bot.agent.plan import Plan, Point
from bot.agent.verify import split_sentences

SECTION_TITLES = {
    "audit": "Your own numbers",
    "evidence": "What the evidence says",
    "peer": "Who has done it",
    "public": "What the public is saying",
    "guidance": "How to use this",
}
NO_EVIDENCE = (
    "The knowledge base has no evidence on this point, so Upward will not guess. "
    "Try asking in other words, or add guidance, evidence or your own audit data with "
    "`upward ingest`."
)


def _line(point: Point) -> str:
    notes = []
    if point.counterpoint:
        notes.append("counter-evidence: be ready for it")
    if point.second_hand:
        notes.append("second-hand report")
    note = f" ({'; '.join(notes)})" if notes else ""
    sentences = []
    for sentence in split_sentences(point.text):
        if not sentence.endswith((".", "!", "?")):
            sentence += "."
        sentences.append(f"{sentence} [{point.n}]")  # every sentence carries its own citation
    return f"- {' '.join(sentences)}{note}"


def compose_answer(plan: Plan) -> str:
    if not plan.points:
        return NO_EVIDENCE
    blocks: list[str] = []
    for kind, title in SECTION_TITLES.items():
        lines = [_line(p) for p in plan.points if p.kind == kind]
        if lines:
            blocks.append(f"**{title}**\n" + "\n".join(lines))
    return "\n\n".join(blocks)
