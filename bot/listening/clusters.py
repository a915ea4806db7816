"""Group the comments no theme matched ("other") by meaning, when an embedding model is at hand.

The lexicon misses whatever it has no words for; grouping the leftovers by their embeddings
shows what those are ("toilet, town centre", "page, runs"), so a reader can see whether a new
theme is needed. It is optional: without an `embed` callable the report simply has no groups.
Grouping is deterministic k-means (farthest-point start, fixed iterations), so the same comments
and model always give the same groups.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from pydantic import BaseModel

from bot.listening.examples import reported
from bot.listening.model import RedactedComment

Embed = Callable[[list[str]], Sequence[Sequence[float]]]

MIN_COMMENTS = 6  # fewer leftovers than this are not worth grouping
MAX_GROUPS = 6
_ITERATIONS = 25
_STOPWORDS = frozenset("""
a about after again all also am an and any anyone are as at be been but by can could did do does
for from get got had has have how i if in is it its it's just like me more my no not now of on
one or our out over please so some still that the their them there they this to too up us very
was we were what when where which who why will with would you your
name email link phone handle postcode number hi hello thanks thank morning evening
""".split())


class OtherGroup(BaseModel):
    label: str  # its most telling words: "toilet, town, centre"
    count: int
    example: str | None = None


def _kmeans(vectors: np.ndarray, k: int) -> np.ndarray:
    """Labels 0..k-1 for unit-length rows, started from mutually distant rows."""
    centres = [vectors[0]]
    for _ in range(1, k):
        nearest = np.max(vectors @ np.array(centres).T, axis=1)
        centres.append(vectors[int(np.argmin(nearest))])
    centre = np.array(centres)
    labels = np.zeros(len(vectors), dtype=int)
    for _ in range(_ITERATIONS):
        labels = np.argmax(vectors @ centre.T, axis=1)
        for j in range(k):
            members = vectors[labels == j]
            if len(members):
                mean = members.mean(axis=0)
                norm = np.linalg.norm(mean)
                centre[j] = mean / norm if norm else centre[j]
    return labels


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z']+", text.lower()) if w not in _STOPWORDS and len(w) > 2]


def _label(members: list[RedactedComment], everywhere: Counter) -> str:
    """The words most particular to the group: frequent in it, rarer elsewhere."""
    here = Counter(w for c in members for w in set(_words(c.text)))
    ranked = sorted(here, key=lambda w: (-here[w] * here[w] / everywhere[w], w))
    return ", ".join(ranked[:3]) or "(no words in common)"


def group_other(comments: list[RedactedComment], embed: Embed | None) -> list[OtherGroup]:
    """Groups of the 'other' comments, largest first; [] without `embed` or with few comments."""
    if embed is None or len(comments) < MIN_COMMENTS:
        return []
    vectors = np.asarray(embed([c.text for c in comments]), dtype=float)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1, norms)
    k = min(MAX_GROUPS, max(2, len(comments) // 15))
    labels = _kmeans(vectors, k)
    everywhere = Counter(w for c in comments for w in set(_words(c.text)))
    groups = []
    for j in range(k):
        members = [c for c, label in zip(comments, labels, strict=True) if label == j]
        if not members:
            continue
        typical = min(members, key=lambda c: (len(c.text.split()) < 4, len(c.text), c.text))
        groups.append(OtherGroup(label=_label(members, everywhere), count=len(members), example=reported(typical)))
    return sorted(groups, key=lambda g: (-g.count, g.label))
