"""Who an answer is for: "finance director", "the FD", "cabinet member" → an audience profile.

Matching is by the aliases in knowledge/audiences (whole words, longest first), so "the s151
officer" and "our chief constable" resolve without a model; a near miss in a short name ("finace
director") is caught by fuzzy matching.
"""

from __future__ import annotations

import difflib
import re

from bot.agent.taxonomy import Audience


class UnknownAudience(ValueError):
    """An audience name that matches no profile; the message lists the ones there are."""

    def __init__(self, name: str, audiences: tuple[Audience, ...]) -> None:
        known = ", ".join(a.label.lower() for a in audiences)
        super().__init__(f"unknown audience '{name}': choose one of {known}")


def _names(audience: Audience) -> list[str]:
    return [audience.label, audience.id.replace("_", " "), *audience.aliases]


def find_audience(text: str, audiences: tuple[Audience, ...]) -> Audience | None:
    """The audience named anywhere in `text` (the longest alias that matches wins)."""
    lowered = " ".join(text.casefold().split())
    best: tuple[int, Audience] | None = None
    for audience in audiences:
        for name in _names(audience):
            name = " ".join(name.casefold().split())
            if name and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", lowered):
                if best is None or len(name) > best[0]:
                    best = (len(name), audience)
    return best[1] if best else None


def resolve_audience(name: str | None, audiences: tuple[Audience, ...]) -> Audience | None:
    """An audience given by name (CLI option, API field): None for none, else a profile, else
    `UnknownAudience` with the choices."""
    if name is None or not name.strip():
        return None
    found = find_audience(name, audiences)
    if found is not None:
        return found
    by_name = {n.casefold(): a for a in audiences for n in _names(a)}
    close = difflib.get_close_matches(name.casefold().strip(), list(by_name), n=1, cutoff=0.8)
    if close:
        return by_name[close[0]]
    raise UnknownAudience(name, audiences)
