"""Small text helpers shared by the planner and the verifier."""

from __future__ import annotations

import re

_WORD_RE = re.compile(r"[a-z][a-z'\-]+")
_STOP = frozenset(
    "a an and are as at be been but by can could do does for from had has have how i if in into is "
    "it its me more most my no not of on or our say says should so than that the their them then "
    "there these they this those to too up was we were what when where which who why will with "
    "would you your about just only very also some such many much any each other".split()
)
_LIST_LINE_RE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_EMPHASIS_RE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")


def terms(text: str) -> set[str]:
    """Content words, crudely stemmed (plural 's' dropped), for overlap scoring."""
    return {w.rstrip("s") for w in _WORD_RE.findall(text.lower()) if w not in _STOP and len(w) > 2}


def coverage(claim: str, source: str) -> float:
    """Share of the claim's content words that the source also uses (1.0 when it has none)."""
    wanted = terms(claim)
    return len(wanted & terms(source)) / len(wanted) if wanted else 1.0


def paragraphs(text: str) -> list[str]:
    """Paragraphs with hard line wraps undone and Markdown emphasis removed; list items kept apart."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        for line in block.splitlines():
            line = _EMPHASIS_RE.sub("", line).strip()
            if not line:
                continue
            if lines and not _LIST_LINE_RE.match(line):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(_LIST_LINE_RE.sub("", line))
        out += lines
    return out


def text_pieces(text: str) -> list[str]:
    """Text in small pieces (words with their trailing space), for streaming token events."""
    return re.findall(r"\S+\s*|\s+", text)
