"""One typical comment per theme, to give a figure a human voice without quoting anyone's data.

The example is chosen the same way every time: among the theme's comments with no placeholder
left by redaction (where there is one), the one with the most keyword weight (the clearest
case), preferring a readable length, then the shortest. Its redacted text is framed as what "a typical comment" asked or said, and cut at
a word boundary so a fact stays one short paragraph.
"""

from __future__ import annotations

import re

from bot.listening.model import RedactedComment
from bot.listening.themes import theme_weights

EXAMPLE_CHARS = 140
_MIN_WORDS = 6
_PLACEHOLDER = re.compile(r"\[(?:email|link|phone|handle|postcode|number|name)\]")


def quote(text: str, limit: int = EXAMPLE_CHARS) -> str:
    """The text on one line, cut to `limit` characters at a word boundary with '…'."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(" ,;:-–—") + "…"


# Greetings and mentions at the start say nothing about the comment: "Hi, ", "Hello [name], ".
_SALUTATION = re.compile(
    r"^(?:(?:(?:hi|hello|hey|morning|afternoon|evening(?: all)?)\b|dear(?= ))[,.!]?\s*"
    r"(?:\[name\][,.!]?\s*)?|\[(?:handle|name)\][,:]?\s+)+",
    re.IGNORECASE,
)


def _without_salutation(text: str) -> str:
    rest = _SALUTATION.sub("", text.strip())
    return rest[:1].upper() + rest[1:] if rest else text.strip()


def reported(comment: RedactedComment) -> str:
    """'A typical comment, with personal details removed, asked: “…”'."""
    verb = "asked" if comment.is_question else "complained" if comment.sentiment == "negative" else "said"
    return f"A typical comment, with personal details removed, {verb}: “{quote(_without_salutation(comment.text))}”"


def _key(theme_id: str, comment: RedactedComment) -> tuple:
    weight = theme_weights(comment.text).get(theme_id, 0)
    words = len(comment.text.split())
    return (
        bool(_PLACEHOLDER.search(comment.text)),
        -weight,
        words < _MIN_WORDS,
        len(comment.text),
        comment.date,
        comment.text,
    )


def typical_comment(theme_id: str, comments: list[RedactedComment]) -> RedactedComment | None:
    return min(comments, key=lambda c: _key(theme_id, c), default=None)


def typical_example(theme_id: str, comments: list[RedactedComment]) -> str | None:
    found = typical_comment(theme_id, comments)
    return reported(found) if found else None
