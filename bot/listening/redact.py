"""Remove personal details from a comment before anything is stored, embedded or indexed.

Public comments name people, give phone numbers, addresses and dates of birth, and quote
account, National Insurance and registration numbers. Upward needs none of that to say what the
public is talking about, so each detail becomes a bracketed placeholder ([name], [phone],
[address]…) and is counted.

Finding and replacing are separate: the finders (`identifiers` for structured details, `names`
for people) return character spans on the original text, the earlier kind wins where two
overlap, and the text is rebuilt once. The spans are returned too, so the redaction eval can
score each kind against a labelled corpus. Placeholders already in the text are left alone, so
redacting twice changes nothing the second time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.listening.identifiers import FINDERS, Span
from bot.listening.names import KnownNames, find_names

__all__ = ["KINDS", "PLACEHOLDER", "KnownNames", "Redacted", "find", "redact"]

KINDS = (
    "email", "link", "phone", "handle", "postcode", "number", "name",
    "address", "dob", "nino", "sortcode", "vehicle",
)
PLACEHOLDER = re.compile(r"\[(?:" + "|".join(KINDS) + r")\]")


@dataclass(frozen=True)
class Redacted:
    """A comment's text with personal details replaced, how many of each kind were, and where
    they were in the original text."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)
    spans: tuple[Span, ...] = ()


@lru_cache(maxsize=8)
def _names_for(names: frozenset[str]) -> KnownNames:
    return KnownNames.from_authors(sorted(names))


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def find(text: str, names: KnownNames) -> list[Span]:
    """Every personal detail in `text` as (start, end, kind), in text order, none overlapping."""
    taken: list[tuple[int, int]] = [m.span() for m in PLACEHOLDER.finditer(text)]
    found: list[Span] = []
    for finder in FINDERS:
        for start, end, kind in sorted(finder(text), key=lambda s: (s[0], -s[1])):
            if not _overlaps((start, end), taken):
                taken.append((start, end))
                found.append((start, end, kind))
    if names.handle_pattern is not None:
        for match in names.handle_pattern.finditer(text):
            if not _overlaps(match.span(), taken):
                taken.append(match.span())
                found.append((match.start(), match.end(), "handle"))
    for start, end in find_names(text, names, taken):
        found.append((start, end, "name"))
    return sorted(found)


def redact(text: str, known_names: KnownNames | Iterable[str] = ()) -> Redacted:
    """`text` with personal details replaced by placeholders. `known_names` are the authors'
    names (or a prepared `KnownNames`, which is faster for many comments)."""
    names = known_names if isinstance(known_names, KnownNames) else _names_for(frozenset(known_names))
    spans = find(text, names)
    parts: list[str] = []
    position = 0
    for start, end, kind in spans:
        parts.append(text[position:start])
        parts.append(f"[{kind}]")
        position = end
    parts.append(text[position:])
    counts = Counter(kind for _, _, kind in spans)
    return Redacted(
        text="".join(parts),
        counts={k: counts[k] for k in KINDS if counts[k]},
        spans=tuple(spans),
    )
