"""The planner: decide, before any model writes a word, which evidence supports which point.

Pure functions over retrieved sources. The plan numbers the sources ([1], [2] ...), picks the
most relevant sentence from each, and spreads the points across kinds of evidence (statistics,
peer examples, guidance) so an answer is never three copies of the same study.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.agent.text import paragraphs, terms
from bot.agent.verify import find_figures, split_sentences
from bot.index.retriever import RetrievedSource

KIND_ORDER = {"audit": 0, "evidence": 1, "peer": 2, "public": 3, "guidance": 4}


@dataclass(frozen=True)
class Point:
    """One planned claim: a sentence taken from source `n`."""

    n: int
    text: str
    kind: str
    counterpoint: bool = False
    second_hand: bool = False
    section: str = ""  # the outline section it belongs to; "" groups it by kind


@dataclass(frozen=True)
class Plan:
    points: list[Point]
    sources: list[RetrievedSource]  # index i is citation number i + 1
    # Structured answers (a rebuttal, a business case): the sections in order as (id, title),
    # and for a section without evidence, what data would fill it.
    outline: list[tuple[str, str]] = field(default_factory=list)
    gaps: dict[str, str] = field(default_factory=dict)

    @property
    def source_texts(self) -> dict[int, str]:
        return {i + 1: s.chunk.text for i, s in enumerate(self.sources)}


def body_of(chunk_text: str) -> str:
    """Chunk text without its leading context line ("Title › Section")."""
    return chunk_text.split("\n", 1)[1] if "\n" in chunk_text else chunk_text


def best_sentences(question: str, chunk_text: str, kind: str, *, limit: int = 2) -> str:
    """The sentences of a chunk that say most about the question, in their original order.

    An evidence card leads with its claim, so that is taken whole. Elsewhere sentences are scored
    by overlap with the question, with a bonus for figures (leaders want numbers).
    """
    sentences = [
        s
        for p in paragraphs(body_of(chunk_text))
        for s in split_sentences(p)
        # Too short to stand alone, a fragment cut by chunking, a lead-in to a list, a question
        # (checklists ask them; evidence states things) or a sentence leaning on the one before.
        if len(s) > 40 and not s[0].islower() and not s.rstrip().endswith((":", "?"))
        and not re.match(r"(?:And|But|Or|So|This|These|It)\b", s)
    ]
    if not sentences:
        return " ".join(paragraphs(body_of(chunk_text)))
    if kind in ("evidence", "audit"):  # cards and audit facts lead with their claim
        return sentences[0]
    wanted = terms(question)

    def score(i: int) -> float:
        s = sentences[i]
        return len(wanted & terms(s)) + (0.5 if find_figures(s) else 0.0) - len(s) / 2000 - i / 100

    ranked = sorted(range(len(sentences)), key=score, reverse=True)
    chosen = [ranked[0]] + [i for i in ranked[1:limit] if score(i) >= 1.0]
    return " ".join(sentences[i] for i in sorted(chosen))


_ABOUT_US_RE = re.compile(r"\b(?:we|our|ours|us)\b", re.IGNORECASE)


def _kind(source: RetrievedSource) -> str:
    return str(source.chunk.metadata.get("kind", "guidance"))


def _ensure(
    picked: list[RetrievedSource], sources: list[RetrievedSource], kind: str, max_points: int
) -> list[RetrievedSource]:
    """Make room for the best source of `kind` if none was picked: it replaces the weakest pick
    that is neither own data nor a statistic (those are what the rules below protect)."""
    if any(_kind(s) == kind for s in picked):
        return picked
    best = next((s for s in sources if _kind(s) == kind), None)
    if best is None:
        return picked
    if len(picked) < max_points:
        return picked + [best]
    for i in range(len(picked) - 1, -1, -1):
        if _kind(picked[i]) not in ("audit", "evidence"):
            return picked[:i] + picked[i + 1 :] + [best]
    return picked[:-1] + [best]


def _pick(sources: list[RetrievedSource], max_points: int, *, about_us: bool) -> list[RetrievedSource]:
    """Best-first, a few chunks per document; at least one statistic if any qualifies, and, for a
    question about "we" or "our", at least one of the organisation's own audit facts."""
    picked: list[RetrievedSource] = []
    per_doc: dict[str, int] = {}
    for src in sources:
        doc = str(src.chunk.metadata.get("source", src.chunk.id)).split("#")[0]
        # Cards and audit facts are one claim each (they share a file), guidance chunks are not;
        # an audit answers "how are we doing" questions with several of its facts.
        limit = {"audit": 4, "evidence": 3}.get(_kind(src), 2)
        if per_doc.get(doc, 0) >= limit:
            continue
        per_doc[doc] = per_doc.get(doc, 0) + 1
        picked.append(src)
        if len(picked) == max_points:
            break
    if about_us:
        picked = _ensure(picked, sources, "audit", max_points)
    return _ensure(picked, sources, "evidence", max_points)


def lead_sentences(chunk_text: str, count: int) -> str:
    """The first sentences of a chunk's body: playbook and audience sections are written to be
    said as they stand, so they are quoted from the top."""
    sentences = [s for p in paragraphs(body_of(chunk_text)) for s in split_sentences(p)]
    return " ".join(sentences[:count])


def point_for(n: int, question: str, source: RetrievedSource, section: str = "") -> Point:
    """Point `n`: the sentence(s) of `source` that best support an answer to `question`."""
    meta = source.chunk.metadata
    kind = str(meta.get("kind", "guidance"))
    return Point(
        n=n,
        text=best_sentences(question, source.chunk.text, kind),
        kind=kind,
        counterpoint=bool(meta.get("counterpoint", False)),
        second_hand=meta.get("strength") == "second-hand",
        section=section,
    )


def make_plan(
    question: str, sources: list[RetrievedSource], *, relevance_floor: float, max_points: int
) -> Plan:
    relevant = [s for s in sources if s.similarity >= relevance_floor]
    chosen = _pick(relevant, max_points, about_us=bool(_ABOUT_US_RE.search(question)))
    chosen.sort(key=lambda s: KIND_ORDER.get(str(s.chunk.metadata.get("kind")), 9))
    points = [point_for(i + 1, question, s) for i, s in enumerate(chosen)]
    return Plan(points=points, sources=chosen)


# A planned quotation for a structured answer: (section id, source, fixed text or None to let
# `best_sentences` choose).
Pick = tuple[str, RetrievedSource, "str | None"]


def assemble_plan(
    question: str, picks: list[Pick], outline: list[tuple[str, str]], gaps: dict[str, str]
) -> Plan:
    """Number the picks in outline order (a source picked twice is quoted once) into a plan;
    `gaps` are kept only for sections left without a point."""
    order = {sid: i for i, (sid, _) in enumerate(outline)}
    picks = sorted(picks, key=lambda p: order.get(p[0], len(order)))
    sources: list[RetrievedSource] = []
    points: list[Point] = []
    for section, source, text in picks:
        if any(s.chunk.id == source.chunk.id for s in sources):
            continue
        sources.append(source)
        point = point_for(len(sources), question, source, section)
        points.append(point if text is None else replace(point, text=text))
    covered = {p.section for p in points}
    return Plan(
        points=points,
        sources=sources,
        outline=outline,
        gaps={sid: gap for sid, gap in gaps.items() if sid not in covered},
    )
