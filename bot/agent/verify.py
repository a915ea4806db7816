"""The verifier: nothing reaches a user until every citation and every figure checks out.

Checks, sentence by sentence:
- every `[n]` points at one of the numbered sources the answer was given;
- every figure (number, percentage, money, count, year) appears in a source that the same
  sentence cites — compared as numbers, so "45 %", "45%" and "45 per cent" agree, and
  "£1.2m" matches "1.2 million" or "1,200,000";
- every sentence that says something carries a citation, and most of its content words
  appear in what it cites (a cheap, model-free guard against fluent invention).
Headings and very short framing lines are exempt. A failing draft can be repaired by dropping
the sentences that fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.agent.text import coverage, terms
from bot.contract import Figure

CITATION_RE = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_SCALES = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "million": 1e6,
    "bn": 1e9, "b": 1e9, "billion": 1e9,
}
# A number not glued to letters (so "GA4", "COVID-19" and "F04" are names, not figures),
# with optional currency, thousands separators, decimals, a scale word and a percent sign.
FIGURE_RE = re.compile(
    r"(?<![\w.\-/])"
    r"(?P<currency>[£$€])?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>k|m|mn|bn|b|thousand|million|billion)\b)?"
    r"(?P<percent>\s?(?:%|per\s?cent|percent))?"
    r"(?![\w])",
    re.IGNORECASE,
)
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+", re.MULTILINE)
_LEADING_CITATIONS_RE = re.compile(r"^(?:\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\][\s.;,]*)+")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\[*])|\n+")


@dataclass(frozen=True)
class FoundFigure:
    text: str
    values: frozenset[float]  # the number as written, and scaled if a scale word follows


def _values(match: re.Match[str]) -> frozenset[float]:
    base = float(match.group("number").replace(",", ""))
    scale = (match.group("scale") or "").lower()
    values = {round(base, 6)}
    if scale in _SCALES:
        values.add(round(base * _SCALES[scale], 6))
    return frozenset(values)


def find_figures(text: str) -> list[FoundFigure]:
    """Figures in `text`, ignoring citation markers and list numbering."""
    text = _LIST_MARKER_RE.sub("", CITATION_RE.sub(" ", text))
    return [FoundFigure(m.group(0).strip(), _values(m)) for m in FIGURE_RE.finditer(text)]


def source_numbers(text: str) -> set[float]:
    """Every numeric value a source supports (as written and scaled)."""
    out: set[float] = set()
    for fig in find_figures(text):
        out |= fig.values
    return out


def cited_numbers(sentence: str) -> list[int]:
    nums: list[int] = []
    for group in CITATION_RE.findall(sentence):
        nums += [int(n) for n in re.split(r"\s*[,;]\s*", group) if n]
    return list(dict.fromkeys(nums))


def split_sentences(text: str) -> list[str]:
    """Sentences and list items. Citation markers that open a part belong to the sentence before
    it ("… Facebook. [1] Councils …") unless that sentence already cites something."""
    parts = [p.strip() for p in _SENTENCE_SPLIT_RE.split(text) if p and p.strip()]
    out: list[str] = []
    for part in parts:
        lead = _LEADING_CITATIONS_RE.match(part)
        bare = lead is not None and not part[lead.end() :].strip()
        if out and lead and (bare or not CITATION_RE.search(out[-1])):
            out[-1] = f"{out[-1]} {lead.group(0).strip()}"
            part = part[lead.end() :].strip()
        if part:
            out.append(part)
    return out


@dataclass
class SentenceCheck:
    text: str
    citations: list[int]
    figures: list[Figure]
    problems: list[str] = field(default_factory=list)
    framing: bool = False  # a heading, aside or short line: makes no claim of its own

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class VerificationReport:
    sentences: list[SentenceCheck]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and all(s.ok for s in self.sentences)

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sentences for f in s.figures]

    @property
    def citations_used(self) -> list[int]:
        return list(dict.fromkeys(n for s in self.sentences for n in s.citations))


def is_framing(sentence: str) -> bool:
    """Headings ("**What the evidence says**", "Next steps:"), asides in brackets such as
    "(second-hand report)" and very short lines make no claim of their own. Any figure in them is
    still checked."""
    bare = CITATION_RE.sub("", sentence).strip()
    return (
        bare.endswith(":")
        or (bare.startswith("**") and bare.endswith("**"))
        or (bare.startswith("(") and bare.endswith(")"))
        or len(terms(bare)) < 3
    )


def check_sentence(
    sentence: str,
    sources: dict[int, str],
    *,
    min_support: float = 0.5,
    require_citation: bool = True,
    rejected: dict[int, str] | None = None,
) -> SentenceCheck:
    """`rejected` maps citation numbers that may not be cited (e.g. an audit fact that no longer
    re-derives from its data) to the reason; a sentence citing one fails with that reason."""
    rejected = rejected or {}
    cites = cited_numbers(sentence)
    check = SentenceCheck(sentence, cites, [], framing=is_framing(sentence))
    for n in cites:
        if n in rejected:
            check.problems.append(f"[{n}] cannot be cited: {rejected[n]}")
        elif n not in sources:
            check.problems.append(f"[{n}] does not point at a retrieved source")
    valid = [n for n in cites if n in sources and n not in rejected]
    if not check.framing:
        if not cites and require_citation:
            check.problems.append("makes a claim without a citation")
        elif valid:
            support = coverage(CITATION_RE.sub(" ", sentence), " ".join(sources[n] for n in valid))
            if support < min_support:
                check.problems.append(
                    f"only {support:.0%} of its content words appear in what it cites"
                )
    for fig in find_figures(sentence):
        home = next((n for n in valid if fig.values & source_numbers(sources[n])), None)
        check.figures.append(
            Figure(value=fig.text, citation=home or (valid[0] if valid else 0), verified=home is not None)
        )
        if home is None:
            where = f"in {', '.join(f'[{n}]' for n in valid)}" if valid else "(no citation)"
            check.problems.append(f"figure '{fig.text}' is not found {where}")
    return check


def verify_answer(
    text: str,
    sources: dict[int, str],
    *,
    require_citation: bool = True,
    rejected: dict[int, str] | None = None,
) -> VerificationReport:
    """Check every sentence of `text` against `sources` (citation number → exact source text)."""
    sentences = [
        check_sentence(s, sources, require_citation=require_citation, rejected=rejected)
        for s in split_sentences(text)
    ]
    problems: list[str] = []
    if not text.strip():
        problems.append("the answer is empty")
    elif require_citation and sources and not any(s.citations for s in sentences):
        problems.append("the answer cites no source")
    return VerificationReport(sentences, problems)


def tidy_draft(text: str) -> str:
    """Normalise a model's draft before it is checked: citation markers that open a sentence
    move to its end, a sentence that repeats an earlier one is dropped (small models loop), and
    so is a last sentence cut off by the token limit."""
    kept: list[str] = []
    changed = False
    for sentence in split_sentences(text):
        lead = _LEADING_CITATIONS_RE.match(sentence)
        if lead and sentence[lead.end() :].strip():
            sentence = f"{sentence[lead.end():].strip()} {lead.group(0).strip(' .;,')}"
            changed = True
        body = CITATION_RE.sub(" ", sentence)
        if any(coverage(body, CITATION_RE.sub(" ", k)) >= 0.8 for k in kept):
            changed = True
            continue
        kept.append(sentence)
    if kept and not CITATION_RE.sub("", kept[-1]).strip().endswith((".", "!", "?", ")", "**")):
        kept.pop()  # cut off by the token limit mid-sentence
        changed = True
    return "\n".join(kept) if changed else text  # a clean draft keeps its own layout


def repair(report: VerificationReport, *, min_citations: int = 1) -> str | None:
    """The draft without its failing sentences, or None if too little verified text remains.

    Only claims count: a draft whose sole surviving sentence is a heading or an aside is no answer,
    and one where most claims failed is not trusted for the rest either.
    """
    kept = [s for s in report.sentences if s.ok]
    claims = [s for s in report.sentences if not s.framing]
    kept_claims = [s for s in kept if not s.framing]
    if not kept_claims or len(kept_claims) * 2 < len(claims):
        return None
    if len({n for s in kept for n in s.citations}) < min_citations:
        return None
    return " ".join(s.text for s in kept)
