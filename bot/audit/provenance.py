"""Every number a fact's text prints must be one of the values it derives.

A fact carries, beside its sentence, the list of values it states (`DerivedValue`), each with the
exact way the sentence prints it. This module reads the numbers back out of the sentence and names
any that no derived value accounts for: a fact that prints such a number — a hand-typed figure, a
number copied from the wrong place, an edited index — is refused before anyone can cite it.

Numbers are compared as printed values (thousands separators dropped, ordinals read as numbers),
so "5,632,816 page views" is accounted for by a display of "5,632,816" and "7th percentile" by "7th".
Numbers glued to letters ("GA4", "F47", "Q3") are names, not figures, on both sides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

# A number not glued to letters or digits, with optional thousands separators, decimals and an
# ordinal suffix: "12", "5,632,816", "0.063", "7th", "31st".
_NUMBER_RE = re.compile(
    r"(?<![\w.,])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:st|nd|rd|th)?(?![\w]|[.,]\d)"
)


class Printed(Protocol):
    """What the check needs of a derived value: how the text prints it, and what it is about."""

    display: str
    item: str


def numbers_in(text: str) -> list[tuple[str, Decimal]]:
    """Each number in `text` as written and as a value, in order."""
    return [(m.group(0), Decimal(m.group("number").replace(",", ""))) for m in _NUMBER_RE.finditer(text)]


def accounted(derived: Iterable[Printed]) -> set[Decimal]:
    """The values a fact's derived values print: in their displays and in what they are about
    (a page path such as /news/2026 names the page a figure counts)."""
    found: set[Decimal] = set()
    for d in derived:
        found |= {value for _, value in numbers_in(d.display)}
        found |= {value for _, value in numbers_in(d.item)}
    return found


def underived(text: str, derived: Iterable[Printed]) -> list[str]:
    """Numbers in `text` (as written) that no derived value prints; empty when all are derived."""
    known = accounted(derived)
    return list(dict.fromkeys(written for written, value in numbers_in(text) if value not in known))
