"""One typical comment per theme, to give a figure a human voice without quoting anyone's data.

A quoted comment is indexed and shown verbatim, so it must be one where nothing personal can be
left. Choosing comments with no placeholder (as Upward once did) favoured exactly the comments
where redaction had missed something. So a comment is quoted only when it is *quotable*: no
digit runs, and no capitalised or name-like word left, except the pronoun I, days and months,
and ordinary words at the start of a sentence. Among quotable comments the one with the most
keyword weight (the clearest case) is chosen, preferring a readable length, then the shortest.
When no comment of a theme is quotable, the example is paraphrased from the theme's own keywords
found in its comments ("were mostly about missed collections, recycling and garden waste").

Its text is framed as what "a typical comment" asked or said, and cut at a word boundary so a
fact stays one short paragraph.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.listening.model import RedactedComment
from bot.listening.names import FUNCTION_WORDS, name_list, words
from bot.listening.redact import PLACEHOLDER
from bot.listening.themes import THEMES, theme_weights

EXAMPLE_CHARS = 140
_MIN_WORDS = 6
_DIGIT_RUN = re.compile(r"\d{2,}")
# Capitalised words that never identify anyone.
_ALWAYS_CAPITALISED = frozenset("""
i i'm i've i'll i'd monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december christmas easter
""".split())
_PARAPHRASE_TERMS = 3


def quote(text: str, limit: int = EXAMPLE_CHARS) -> str:
    """The text on one line, cut to `limit` characters at a word boundary with '…'."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(" ,;:-–—") + "…"


def quotable(text: str) -> bool:
    """Safe to quote verbatim: no digit runs, no link or @, and no capitalised or name-like word
    but I, days, months and ordinary words that start a sentence."""
    if re.search(r"\][^\W_]|[^\W_]\[", text):
        return False  # a placeholder glued to letters: part of a word was left ("[name]án")
    bare = PLACEHOLDER.sub(" ", text)
    if _DIGIT_RUN.search(bare) or "@" in bare or "://" in bare or "www." in bare.lower():
        return False
    names = name_list()
    for word, low, initial in words(bare):
        if low in _ALWAYS_CAPITALISED:
            continue
        if names.is_clear_name(low):
            return False  # "sharon", "Priya": name-like in any case
        if word != low:
            if not initial or not names.is_word(low):
                return False  # "Kiln Lane", "Okonjo", "CCTV" mid-sentence
            if low in names.first and low not in FUNCTION_WORDS:
                return False  # "Rose at the library…": a name as much as a word
    return True


# Greetings and mentions at the start say nothing about the comment: "Hi, ", "Hello [name], ".
_SALUTATION = re.compile(
    r"^(?:(?:(?:hi|hello|hey|morning|afternoon|evening(?: all)?)\b|dear(?= ))[,.!]?\s*"
    r"(?:\[name\][,.!]?\s*)?|\[(?:handle|name)\][,:]?\s+)+",
    re.IGNORECASE,
)


def _without_salutation(text: str) -> str:
    rest = _SALUTATION.sub("", text.strip())
    return rest[:1].upper() + rest[1:] if rest else text.strip()


def _verb(comment: RedactedComment) -> str:
    return "asked" if comment.is_question else "complained" if comment.sentiment == "negative" else "said"


def _terms(theme_id: str, comments: list[RedactedComment]) -> list[str]:
    """The theme's keywords as its comments wrote them, most frequent first (no digits)."""
    theme = next((t for t in THEMES if t.id == theme_id), None)
    if theme is None:
        return []
    found: Counter = Counter()
    for comment in comments:
        seen = set()
        for pattern, _ in theme.patterns:
            for match in re.finditer(rf"\b(?:{pattern})\b", comment.text, re.IGNORECASE):
                term = match.group().lower()
                if not re.search(r"\d", term) and term not in seen and quotable(term):
                    seen.add(term)
                    found[term] += 1
    return [t for t, _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))][:_PARAPHRASE_TERMS]


def paraphrased(theme_id: str, comments: list[RedactedComment]) -> str:
    """What the comments were about, in the theme's own keywords, when none can be quoted."""
    terms = _terms(theme_id, comments)
    if not terms:
        return "No typical comment is quoted: each one named a person, a place or a number."
    listed = terms[0] if len(terms) == 1 else ", ".join(terms[:-1]) + " and " + terms[-1]
    return f"Typical comments, paraphrased because none could be quoted safely, were about {listed}."


def reported(comment: RedactedComment) -> str:
    """'A typical comment, with personal details removed, asked: “…”', or a paraphrase of it
    when it is not safe to quote."""
    if not quotable(comment.text):
        return paraphrased(comment.theme, [comment])
    return f"A typical comment, with personal details removed, {_verb(comment)}: “{quote(_without_salutation(comment.text))}”"


def _key(theme_id: str, comment: RedactedComment) -> tuple:
    weight = theme_weights(comment.text).get(theme_id, 0)
    words_ = len(comment.text.split())
    return (
        -weight,
        words_ < _MIN_WORDS,
        bool(PLACEHOLDER.search(comment.text)),
        len(comment.text),
        comment.date,
        comment.text,
    )


def typical_comment(theme_id: str, comments: list[RedactedComment]) -> RedactedComment | None:
    """The quotable comment that shows the theme best, or None when no comment is quotable."""
    safe = [c for c in comments if quotable(c.text)]
    return min(safe, key=lambda c: _key(theme_id, c), default=None)


def typical_example(theme_id: str, comments: list[RedactedComment]) -> str | None:
    if not comments:
        return None
    found = typical_comment(theme_id, comments)
    return reported(found) if found else paraphrased(theme_id, comments)
