"""The verifier: nothing reaches a user until every claim, citation and figure checks out.

Checks, sentence by sentence:
- every `[n]` points at one of the numbered sources the answer was given, and not at one that
  may not be cited (an audit fact whose data no longer re-derives);
- every sentence that asserts something cites a source. Only the answer's own outline headings,
  the gap notes Upward wrote for it, and fixed labels of five words or fewer (`labels`) are exempt:
  brackets, bold or a closing colon exempt nothing;
- a claim is judged against the sentence of each cited source that best matches it (embedding
  similarity when an embedder is given, word overlap otherwise), not against the whole chunk:
  most of its content words must be in that sentence or the source's context line, and with an
  embedder the similarity must clear a floor;
- every figure must be backed by a figure of the same kind, value, sign and scale in that
  sentence (`figures.supports`); a date may also come from the context (title, population, year);
- comparative words agree with the source (more/fewer, rose/fell, above/below, top/highest), for
  the sentence and for the clause around each figure; negation agrees; and the claim names no
  place, platform or organisation that the source does not name (`wording`).
A failing draft can be repaired by dropping the sentences that fail.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.agent.figures import Kind, Quantity, parse_figures, supports
from bot.agent.labels import FIXED_LABELS, FIXED_LINES
from bot.agent.text import coverage, paragraphs, terms
from bot.agent.wording import clauses, directions, innermost, jaccard, names, polarity_conflict, unnamed, vocabulary
from bot.contract import Figure

CITATION_RE = re.compile(r"\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+", re.MULTILINE)
_LEADING_CITATIONS_RE = re.compile(r"^(?:\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\][\s.;,]*)+")
# A full stop ends a sentence unless it ends a title or an abbreviation ("Dr. Smith", "e.g. X").
_SENTENCE_SPLIT_RE = re.compile(
    r"(?<=[.!?])(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bSt\.)(?<!\bProf\.)(?<!\bNo\.)"
    r"(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bc\.)\s+(?=[A-Z\"'(\[*])|\n+"
)
_EMPHASIS_RE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
# Lines of a source that say what the whole source is about: its population, year and publisher.
_CONTEXT_RE = re.compile(r"^(?:Population|Year|Source|Figure|Answers the objection)\s*:", re.IGNORECASE)

# Tuned on the tuning half of tests/verifier_cases (evals/verifier_eval.py reports both halves).
MIN_SIMILARITY = 0.5  # MiniLM cosine between a claim and its best source sentence
MIN_SUPPORT = 0.5  # share of the claim's content words in that sentence and the source's context
MIN_QUOTE_TERMS = 3  # a claim quoted word for word from a source sentence needs this many content words


# --------------------------------------------------------------------------------------------
# Sentences and citations
# --------------------------------------------------------------------------------------------


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


def claim_text(sentence: str) -> str:
    """What a sentence says, without citation markers, list marker and emphasis."""
    text = _EMPHASIS_RE.sub("", _LIST_MARKER_RE.sub("", CITATION_RE.sub(" ", sentence)))
    return " ".join(text.split())


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("\u2019", "'").split()).strip(" .;:,!?\"'")


@dataclass(frozen=True)
class SourceText:
    """A cited source split for checking: its sentences, and its context (the "Title › Section"
    line and lines such as "Population: …" and "Year: …" that hold for every sentence)."""

    sentences: tuple[str, ...]
    context: str


@lru_cache(maxsize=4096)
def source_text(text: str) -> SourceText:
    head, _, body = text.partition("\n")
    context = [head] if " › " in head and body.strip() else []
    if not context:
        body = text
    sentences = [s for p in paragraphs(body) for s in split_sentences(p)]
    context += [s for s in sentences if _CONTEXT_RE.match(s)]
    return SourceText(tuple(sentences) or (text.strip(),), " ".join(context))


@lru_cache(maxsize=16384)
def _figures(text: str) -> tuple[Quantity, ...]:
    return tuple(parse_figures(text))


# --------------------------------------------------------------------------------------------
# Is a source figure with the claimed value about what the claim says it is about?
# --------------------------------------------------------------------------------------------

_SHARES = frozenset({Kind.PERCENT, Kind.RATIO})
_PERIODS = frozenset({Kind.DATE, Kind.DURATION})
_MEASURES = frozenset({Kind.PERCENT, Kind.RATIO, Kind.POINTS, Kind.CURRENCY, Kind.MULTIPLIER, Kind.DURATION})  # "in the 12 months to October 2026": when, not what
_QUALIFIERS = terms("over under nearly almost about around approximately roughly estimated close just least less "
                    "fewer than aged age ages")  # bounds: checked with the figures themselves
def _stems(words: set[str]) -> set[str]:
    """Crude stems, so "overtook" meets "overtaking" and "network" "networking"."""
    return {w[:5] for w in words - _QUALIFIERS}


_PERIOD_WORDS = terms(  # when: a claim may say "a year before" for "the 12 months to October 2025"
    "year years month months week weeks day days quarter quarters period before earlier previous ago last next "
    "since january february march april may june july august september october november december"
)


def _span(text: str, position: int) -> tuple[int, int]:
    return innermost(text, position)


def _around(text: str, figures: Sequence[Quantity], figure: Quantity, span: tuple[int, int]) -> tuple[str, str]:
    """The text between a figure and its neighbours (or its clause's ends), before and after."""
    bounds = [f for f in figures if f.kind not in _PERIODS]
    before = max([span[0]] + [f.end for f in bounds if f.end <= figure.start])
    after = min([span[1]] + [f.start for f in bounds if f.start >= figure.end])
    return text[before : figure.start], text[figure.end : after]


def _misplaced(
    figure: Quantity, claim: str, claimed: Sequence[Quantity], source: Quantity, sentence: str, found: Sequence[Quantity],
    context: str = "",
) -> str:
    """`source` has the value of the claim's `figure`; is it also about the same thing? The
    direction words around the claimed figure must be the source's (around its figure, or in a
    clause of the sentence without figures); the words just before and after each must overlap;
    figures the claim puts beside it must not sit with a rival figure elsewhere in the sentence
    ("73% of Americans aged 65+" from "45% of Americans aged 65+ …, as do 73% of 50-64s"); no other
    clause holding a rival figure may match the claim better; and a date written with the source
    figure ("56% in 2023") must be the claim's. Returns why not, or "" when it is."""
    ca, cb = _span(claim, figure.start)
    sa, sb = _span(sentence, source.start)
    c_before, c_after = _around(claim, claimed, figure, (ca, cb))
    s_before, s_after = _around(sentence, found, source, (sa, sb))
    if figure.kind is not Kind.DURATION:  # "up 131.1% in the 12 months": the period has no direction
        figureless = [sentence[a:b] for a, b in clauses(sentence) if not any(a <= f.start < b for f in found)]
        allowed = directions(sentence[sa:sb]).union(*(directions(c) for c in figureless))
        if not directions(claim[ca:cb], figure.start - len(c_before) - ca, figure.end + len(c_after) - ca) <= allowed:
            return "its direction differs"
    # What the figure is of: the words just before it must be found around the source's figure
    # (before it, or after it in its clause), and so must the words just after it.
    cb_words, ca_words = _stems(terms(c_before) - _PERIOD_WORDS), _stems(terms(c_after) - _PERIOD_WORDS)
    sb_words, sa_words = _stems(terms(s_before) - _PERIOD_WORDS), _stems(terms(s_after) - _PERIOD_WORDS)
    if not sb_words:  # "…platforms in the 12 months to October 2026: 72.2%": the subject is before the colon
        sb_words = _stems(terms(sentence[:sa]) - _PERIOD_WORDS)
    s_rest = _stems(terms(sentence[source.end : sb]) - _PERIOD_WORDS)
    if figure.kind in (Kind.COUNT, Kind.DURATION, Kind.RANK):
        cb_words = set()  # "over 65", "aged 65+", "in three days", "ranks 15 of 16": what precedes varies
    if cb_words and (sb_words or s_rest) and not cb_words & (sb_words | s_rest):
        return "the words before it are not the source's"
    if len(ca_words) >= 2 and len(sa_words) >= 2 and not ca_words & (sa_words | sb_words):
        return "the words after it are not the source's"
    after_raw = terms(s_after)
    if len(after_raw) >= 2 and after_raw <= _PERIOD_WORDS and ca_words and not terms(c_after) & _PERIOD_WORDS:
        return "the source gives it for another period"  # "52% … (47% the previous year)"
    unnamed_here = unnamed(names(f"{c_before} {c_after}"), vocabulary(f"{sentence} {context}"))
    if unnamed_here:
        return f"the source gives it for something other than {', '.join(sorted(unnamed_here))}"
    family = _SHARES if figure.kind in _SHARES else {figure.kind}
    mentioned = {i for i, f in enumerate(found) if any(supports(f, c) for c in claimed)}

    def rival_in(a: int, b: int) -> bool:
        return any(a <= f.start < b and f.kind in family and i not in mentioned for i, f in enumerate(found))

    for other in claimed:  # what the claim puts beside a measured figure ("… of Americans aged 65+")
        if figure.kind not in _MEASURES or other is figure or not ca <= other.start < cb or other.kind is Kind.DATE:
            continue
        places = [f for f in found if supports(f, other)]
        kin = _SHARES if other.kind in _SHARES else {other.kind}
        own_kin = [i for i, f in enumerate(found) if sa <= f.start < sb and f.kind in kin and i not in mentioned]
        if places and not any(sa <= f.start < sb for f in places) and own_kin:
            return f"the source gives it with another {other.kind.value}"  # "…, as do 73% of 50-64s"
    wanted, own_words = terms(claim[ca:cb]), terms(sentence[sa:sb])
    own = jaccard(wanted, own_words)  # an elliptical clause ("as do 73% of 50-64s") cannot be judged

    def words_of(a: int, b: int) -> set[str]:  # a clause around an aside, without the aside
        return terms(sentence[a:sa] + " " + sentence[sb:b]) if a <= sa and sb <= b else terms(sentence[a:b])

    if len(own_words) >= 2 and any(
        (a, b) != (sa, sb) and rival_in(a, b) and jaccard(wanted, words_of(a, b)) > own + 0.05
        for a, b in clauses(sentence)
    ):
        return "another part of the sentence, with another figure, says what the claim says"
    dates = [d for d in claimed if d.kind is Kind.DATE and ca <= d.start < cb]
    following = [f for f in found if f.start >= source.end and f.start < sb]
    nxt = next((f for f in following if f.kind is not Kind.DATE), None)
    attached = next((f for f in following if f.kind is Kind.DATE and (nxt is None or f.start < nxt.start)), None)
    if dates and attached is not None and not any(supports(attached, d) for d in dates):
        return f"the source gives it for {attached.text}"
    return ""


# --------------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------------


@dataclass
class SentenceCheck:
    text: str
    citations: list[int]
    figures: list[Figure]
    problems: list[str] = field(default_factory=list)
    framing: bool = False  # an outline heading, gap note or fixed label: claims nothing

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

    @property
    def failed(self) -> list[SentenceCheck]:
        return [s for s in self.sentences if not s.ok]


@dataclass(frozen=True)
class Match:
    """The sentence of cited source `n` that best matches a claim."""

    n: int
    sentence: str
    similarity: float
    context: str


# --------------------------------------------------------------------------------------------
# The verifier
# --------------------------------------------------------------------------------------------


class Verifier:
    """Checks answers against their numbered sources. Give it the service's `Embeddings` to pick
    each claim's best source sentence by meaning; without one, word overlap picks it. Sentence
    vectors are cached, so sources cited again cost nothing."""

    def __init__(
        self,
        embeddings: Embeddings | None = None,
        *,
        min_similarity: float = MIN_SIMILARITY,
        min_support: float = MIN_SUPPORT,
        cache_size: int = 8192,
    ) -> None:
        self.embeddings = embeddings
        self.min_similarity = min_similarity
        self.min_support = min_support
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    # --- similarity -----------------------------------------------------------------------------
    def _embed(self, texts: Iterable[str]) -> None:
        if self.embeddings is None:
            return
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            for text, vector in zip(missing, self.embeddings.embed_documents(missing), strict=True):
                v = np.asarray(vector, dtype=np.float32)
                self._cache[text] = v / max(float(np.linalg.norm(v)), 1e-12)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _similarity(self, claim: str, sentence: str) -> float:
        if self.embeddings is None or claim not in self._cache or sentence not in self._cache:
            return coverage(claim, sentence)
        return float(self._cache[claim] @ self._cache[sentence])

    @staticmethod
    def _quoted(claim: str, source: SourceText) -> str | None:
        """The source sentence a claim quotes word for word (Upward's composed answers do)."""
        wanted = _norm(claim)
        if len(terms(claim)) < MIN_QUOTE_TERMS and not any(_norm(s) == wanted for s in source.sentences):
            return None
        return next((s for s in source.sentences if wanted and wanted in _norm(s)), None)

    def best_match(self, claim: str, n: int, text: str) -> Match:
        source = source_text(text)
        quoted = self._quoted(claim, source)
        if quoted is not None:
            return Match(n, quoted, 1.0, source.context)
        scored = [(self._similarity(claim, s), -i, s) for i, s in enumerate(source.sentences)]
        similarity, _, sentence = max(scored)
        return Match(n, sentence, similarity, source.context)

    # --- sentences ------------------------------------------------------------------------------
    @staticmethod
    def exempt(sentence: str, headings: frozenset[str], lines: frozenset[str]) -> bool:
        """An outline heading, a gap note or fixed line given by the caller, or fixed labels
        ("(counter-evidence: be ready for it; second-hand report)"). A cited line is a claim."""
        raw = sentence.strip()
        if raw in lines or raw in FIXED_LINES:
            return True
        if cited_numbers(raw):
            return False
        bare = re.sub(r"^#{1,6}\s*", "", raw)
        bare = bare[2:-2].strip() if bare.startswith("**") and bare.endswith("**") and len(bare) > 4 else bare
        key = bare.rstrip(":").strip().casefold()
        if key in headings or key in FIXED_LABELS:
            return True
        if raw.startswith("(") and raw.endswith(")"):
            return all(p.strip().rstrip(".").casefold() in FIXED_LABELS for p in raw[1:-1].split(";"))
        return False

    def _figure_home(self, figure: Quantity, claim: str, matches: Sequence[Match]) -> int | None:
        """The citation whose matching sentence backs `figure`, about the same thing (a date may
        come from the source's context; a range of years needs both years)."""
        if figure.kind is Kind.DATE and figure.high is not None:
            ends = (replace(figure, high=None), replace(figure, value=figure.high, high=None))
            homes = [self._figure_home(end, claim, matches) for end in ends]
            return homes[0] if all(homes) else None
        claimed = _figures(claim)
        for m in matches:
            found = _figures(m.sentence)
            for s in found:
                if supports(s, figure) and (figure.kind is Kind.DATE or not _misplaced(figure, claim, claimed, s, m.sentence, found, m.context)):
                    return m.n
            if figure.kind is Kind.DATE and any(supports(s, figure) for s in _figures(m.context)):
                return m.n
        return None

    def check(
        self,
        sentence: str,
        sources: dict[int, str],
        *,
        require_citation: bool = True,
        rejected: dict[int, str] | None = None,
        headings: frozenset[str] = frozenset(),
        lines: frozenset[str] = frozenset(),
    ) -> SentenceCheck:
        rejected = rejected or {}
        cites = cited_numbers(sentence)
        check = SentenceCheck(sentence, cites, [], framing=self.exempt(sentence, headings, lines))
        if check.framing:
            return check  # Upward's own words: nothing to check
        for n in cites:
            if n in rejected:
                check.problems.append(f"[{n}] cannot be cited: {rejected[n]}")
            elif n not in sources:
                check.problems.append(f"[{n}] does not point at a retrieved source")
        valid = [n for n in cites if n in sources and n not in rejected]
        claim = claim_text(sentence)
        figures = _figures(claim)
        if not valid:
            if not cites and require_citation:
                check.problems.append("makes a claim without a citation")
            for q in figures:
                check.figures.append(Figure(value=q.text, citation=0, verified=False))
                check.problems.append(f"figure '{q.text}' is not found (no citation)")
            return check

        matches = sorted((self.best_match(claim, n, sources[n]) for n in valid), key=lambda m: -m.similarity)
        top = matches[0]
        matched = " ".join(m.sentence for m in matches)
        where = ", ".join(f"[{m.n}]" for m in matches)
        support = coverage(claim, f"{matched} {' '.join(m.context for m in matches)}")
        if support < self.min_support:
            check.problems.append(
                f"only {support:.0%} of its content words appear in the sentence of {where} it matches best"
            )
        elif self.embeddings is not None and top.similarity < self.min_similarity:
            check.problems.append(
                f"no sentence of {where} says this (best similarity {top.similarity:.2f}: \"{top.sentence[:80]}\")"
            )
        if all(polarity_conflict(claim, m.sentence) for m in matches):
            check.problems.append(f"its negation disagrees with what {where} says")
        claimed = directions(claim)
        stated = set().union(*(directions(m.sentence) for m in matches))
        if claimed - stated:
            check.problems.append(
                f"it says {'/'.join(sorted(claimed - stated))} where {where} does not"
            )
        missing = unnamed(names(claim), vocabulary(f"{matched} {' '.join(m.context for m in matches)}"))
        if missing:
            check.problems.append(f"{where} does not mention {', '.join(sorted(missing))}")
        for q in figures:
            home = self._figure_home(q, claim, matches)
            check.figures.append(Figure(value=q.text, citation=home or valid[0], verified=home is not None))
            if home is None:
                check.problems.append(f"figure '{q.text}' is not found in {where}")
        return check

    def verify(
        self,
        text: str,
        sources: dict[int, str],
        *,
        require_citation: bool = True,
        rejected: dict[int, str] | None = None,
        headings: Iterable[str] = (),
        exempt: Iterable[str] = (),
    ) -> VerificationReport:
        """Check every sentence of `text` against `sources` (citation number → exact source text).
        `headings` are the answer's own outline titles; `exempt`, exact lines Upward wrote for it
        (its gap notes)."""
        heads = frozenset(h.strip().casefold() for h in headings)
        lines = frozenset(line.strip() for line in exempt)
        parts = split_sentences(text)
        if self.embeddings is not None:
            wanted: list[str] = []
            for part in parts:
                claim = claim_text(part)
                for n in cited_numbers(part):
                    if n in sources and self._quoted(claim, source_text(sources[n])) is None:
                        wanted += [claim, *source_text(sources[n]).sentences]
            self._embed(wanted)
        sentences = [
            self.check(s, sources, require_citation=require_citation, rejected=rejected, headings=heads, lines=lines)
            for s in parts
        ]
        problems: list[str] = []
        if not text.strip():
            problems.append("the answer is empty")
        elif require_citation and sources and not any(s.citations for s in sentences):
            problems.append("the answer cites no source")
        return VerificationReport(sentences, problems)


def verify_answer(
    text: str,
    sources: dict[int, str],
    *,
    require_citation: bool = True,
    rejected: dict[int, str] | None = None,
    headings: Iterable[str] = (),
    exempt: Iterable[str] = (),
    embeddings: Embeddings | None = None,
) -> VerificationReport:
    """`Verifier(embeddings).verify(...)` for a single answer."""
    return Verifier(embeddings).verify(
        text, sources, require_citation=require_citation, rejected=rejected, headings=headings, exempt=exempt
    )


# --------------------------------------------------------------------------------------------
# Drafts
# --------------------------------------------------------------------------------------------


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


def repair(report: VerificationReport, *, min_citations: int = 1, layout: str | None = None) -> str | None:
    """The draft without its failing sentences, or None if too little verified text remains.

    Only claims count: a draft whose sole surviving sentence is a heading or a label is no answer,
    and one where most claims failed is not trusted for the rest either. With `layout` (the
    draft), the kept sentences stay on their own lines, so section headings survive a repair.
    """
    kept = [s for s in report.sentences if s.ok]
    claims = [s for s in report.sentences if not s.framing]
    kept_claims = [s for s in kept if not s.framing]
    if not kept_claims or len(kept_claims) * 2 < len(claims):
        return None
    if len({n for s in kept for n in s.citations}) < min_citations:
        return None
    flat = " ".join(s.text for s in kept)
    if layout is None:
        return flat
    keep = {s.text for s in kept}
    lines = [[p for p in split_sentences(line) if p in keep] for line in layout.splitlines()]
    if sum(len(line) for line in lines) != len(kept):
        return flat  # a sentence spans lines or moved its citation: keep the safe flat form
    return "\n".join(" ".join(line) for line in lines if line)


# --------------------------------------------------------------------------------------------
# Loose numbers, for scoring a person's rehearsal reply (not for verification)
# --------------------------------------------------------------------------------------------

_SCALES = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "million": 1e6,
    "bn": 1e9, "b": 1e9, "billion": 1e9,
}
# A number not glued to letters, with optional currency, thousands separators, decimals, a scale
# word and a percent sign. The verifier reads figures with `figures.parse_figures` instead.
FIGURE_RE = re.compile(
    r"(?<![\w.\-/])"
    r"(?P<currency>[£$€])?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>k|m|mn|bn|b|thousand|million|billion)\b)?"
    r"(?P<percent>\s?(?:%|per\s?cent|percent))?"
    r"(?![\w])",
    re.IGNORECASE,
)


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
    """Numbers in `text` as plain values, ignoring citation markers and list numbering."""
    text = _LIST_MARKER_RE.sub("", CITATION_RE.sub(" ", text))
    return [FoundFigure(m.group(0).strip(), _values(m)) for m in FIGURE_RE.finditer(text)]


def source_numbers(text: str) -> set[float]:
    """Every plain numeric value in a text (as written and scaled)."""
    out: set[float] = set()
    for fig in find_figures(text):
        out |= fig.values
    return out


def is_framing(sentence: str) -> bool:
    """Looks like a heading ("**What the evidence says**", "Next steps:"), a bracketed aside or a
    very short line. Layout only: the verifier does not exempt these (see `Verifier.exempt`)."""
    bare = CITATION_RE.sub("", sentence).strip()
    return (
        bare.endswith(":")
        or (bare.startswith("**") and bare.endswith("**"))
        or (bare.startswith("(") and bare.endswith(")"))
        or len(terms(bare)) < 3
    )
