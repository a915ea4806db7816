"""Is an eval phrasing independent of the detector's exemplars?

The objection detector classifies by the nearest exemplar, so a test phrasing that shares a run
of words with an exemplar ("preaching to the converted", "front page of the local paper") is
partly a lookup, not a test. A phrasing counts as independent only if it shares no word 4-gram
with any exemplar the detector compares against. The check runs at load time, so an exemplar
added later that copies an eval phrasing removes that phrasing from the report instead of
silently inflating it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
N = 4


def word_ngrams(text: str, n: int = N) -> set[tuple[str, ...]]:
    """Lower-cased word n-grams; hyphens and punctuation split words ("nice-to-have" is three)."""
    words = _WORD_RE.findall(text.lower().replace("\u2019", "'"))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@dataclass(frozen=True)
class Independence:
    kept: list[dict]  # rows sharing no 4-gram with any exemplar
    dropped: list[tuple[dict, list[str]]]  # rows that do, with the shared 4-grams


def split_by_overlap(rows: Sequence[dict], exemplars: Iterable[str], key: str = "text") -> Independence:
    """Rows whose `key` text shares no word 4-gram with any exemplar, and the rest."""
    known: set[tuple[str, ...]] = set()
    for exemplar in exemplars:
        known |= word_ngrams(exemplar)
    kept, dropped = [], []
    for row in rows:
        shared = word_ngrams(row[key]) & known
        if shared:
            dropped.append((row, sorted(" ".join(g) for g in shared)))
        else:
            kept.append(row)
    return Independence(kept, dropped)
