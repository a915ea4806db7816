"""Follow-ups to the previous answer: recognising them, and the two that need no new retrieval.

"Shorter", "now for the finance director" and "where does that figure come from?" are about the
last answer, not new questions. Recognising them is pure and model-free: a message is a follow-up
when a follow-up phrase matches and nothing else of substance is left once it is taken out
("Is a shorter video better on TikTok?" leaves "video", "better", "TikTok": a new question).

`shorten` and `sources_reply` work only from the stored Answer JSON and keep every sentence tied
to the same citations, so their output passes the verifier like any other answer;
`shorter_sections` keeps a shortened structured answer's sections.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.agent.text import terms
from bot.agent.verify import CITATION_RE, cited_numbers, is_framing, split_sentences
from bot.contract import AnswerSection

FollowUpKind = Literal["shorter", "longer", "audience", "sources", "none"]


@dataclass(frozen=True)
class FollowUp:
    kind: FollowUpKind
    audience: str | None = None  # for kind "audience": the id audience_lookup gave


NONE = FollowUp("none")
MAX_AUDIENCE_WORDS = 14  # "what about for the chief constable?" is short; new questions run longer
_MAX_TARGET_WORDS = 5  # "our director of public health"

# Politeness, hedges and references to the last answer: they may surround a follow-up phrase.
_FILLER = terms(
    "please pls thanks thank cheers ok okay great brilliant lovely cool right now then again just "
    "make made bit little lot way much really quick quickly maybe possibly actually hmm hm erm um "
    "sorry well mate answer reply response version one give tell show let need want could would "
    "instead though same thing also there here sure yes yeah good fine perfect doing done get "
    "something kind sort even"
)

_SHORTER = [
    r"\b(?:shorter|shorten(?:ed)?|briefer|more brief|(?:more )?concise|condensed?|snappier|punchier)\b",
    r"\btighten(?: (?:it|that|this))?(?: up)?\b|\btighter\b",
    r"\btl ?; ?dr\b|\btldr\b",
    r"\btoo (?:long|wordy|much(?: text)?|detailed|dense|long-winded)\b",
    r"\b(?:cut|trim|pare|boil|chop|slim)(?: (?:it|that|this|the answer|all that))?(?: right)? down\b",
    r"\b(?:cut|trim) (?:it|that|this)\b",
    r"\b(?:summari[sz]e|summary of|sum up|recap)(?: (?:it|that|this|the answer|all that|for me))?\b",
    r"\bsum (?:it|that|this) up\b",
    r"\b(?:in|into|to|as|under) (?:a |one |two |three |four |five |a few |a couple of |\d+ )?"
    r"(?:single |short )?(?:lines?|sentences?|bullets?|bullet points?|words|paragraphs?|tweets?)\b",
    r"\b(?:one|two|three|a single|single|1|2|3) (?:lines?|sentences?|paragraphs?|bullets?|bullet points?)\b",
    r"\b(?:the |a )?(?:short|shorter|quick|brief) (?:version|one)\b",
    r"\b(?:the )?gist\b|\bin brief\b|\bin a nutshell\b|\belevator pitch\b|\bheadlines? only\b",
    r"\b(?:key|main) points?(?: only)?\b",
]
_LONGER = [
    r"\b(?:longer|lengthier|fuller)\b",
    r"\b(?:in )?(?:more|greater|full|much more) (?:detail|details|depth)\b|\bmore detailed\b|\bin depth\b",
    r"\b(?:expand|elaborate|build)(?: (?:on|upon))?(?: (?:it|that|this|the answer|that point|those points))?"
    r"(?: a bit| a little| further)?\b",
    r"\b(?:go|dig) (?:deeper|further)(?: (?:on|into) (?:it|that|this))?\b",
    r"\b(?:tell me|say|give me|say a bit) more(?: (?:about|on) (?:it|that|this))?\b",
    r"\bmore on (?:it|that|this)\b",
    r"\b(?:flesh|spell|draw) (?:it|that|this) out\b|\bunpack (?:it|that|this)\b",
    r"\b(?:the )?(?:full|long|longer) (?:version|answer)\b",
]
_SOURCES = [
    r"\bsources?\b|\bcitations?\b|\breferences?\b|\bcite(?: (?:it|that|this|them))?\b",
    r"\bwhere (?:does|did|do|is|are|was|were) (?:that|this|it|those|these|the)(?: \w+)? "
    r"(?:come|coming|from|comes)(?: from)?\b",
    r"\bwhere (?:that|this|it|those|these)(?: \w+)? (?:from|come from)\b",  # "where's that from"
    r"\bhow do (?:we|you|i|they) know (?:that|this|it)\b",
    r"\bwho (?:said|says|found|published|claims?|reported|wrote) (?:that|this|it)\b",
    r"\bwhat(?: is| was)? (?:that|this|it) based on\b|\bbased on what\b",
    r"\b(?:evidence|proof) (?:for|of) (?:that|this|it)\b",
    r"\bwhat(?: is| are)? (?:the|our|your) (?:evidence|proof)\b",
    r"\bback (?:that|this|it) up\b|\bbacked up\b",
    r"\b(?:is|was) (?:that|this|it) (?:true|accurate|verified|reliable|right)\b",
]

_LEAD = r"^(?:(?:ok(?:ay)?|right|great|thanks|and|now|so|then|cool|lovely|brilliant)[,\s]+)*"
_REFERS_BACK = (
    r"(?:it|that|this|the answer|the reply|your answer|that answer|this answer|the same|all that|"
    r"this one|that one|the message|the argument|those points)"
)
_AUDIENCE = [
    # "what about for the chief constable?", "how about the FD", "what if I'm talking to legal"
    _LEAD + r"(?:what|how) about (?:for |if it'?s for |if i'?m (?:talking|speaking|writing|presenting) to )?"
    r"(?P<target>.+)$",
    # "now for the finance director", "and for councillors?", "for the board instead"
    _LEAD + r"(?:now |and )?for (?P<target>.+)$",
    # "now the finance director", "ok, now to legal"
    r"^(?:(?:ok(?:ay)?|right|great|thanks|and|so)[,\s]+)*now,? (?:to |for )?(?P<target>.+)$",
    # "same again for legal", "do the same for the chief constable"
    r"\b(?:same(?: again| thing| answer| case| message)?|do (?:the same|that again|it again))"
    r"(?: (?:but|again|please|now))* (?:for|to) (?P<target>.+)$",
    # verbs that only make sense about the previous answer: "reframe it for councillors"
    r"\b(?:re-?frame|re-?word|re-?phrase|re-?write|re-?do|tailor|adapt|adjust|re-?target|re-?work|"
    r"re-?pitch|re-?angle|re-?cast|translate)(?: " + _REFERS_BACK + r")?(?: so it works| so it lands)?"
    r" (?:for|to|towards|at) (?P<target>.+)$",
    # verbs that need a reference back: "how would I pitch that to the FD", "write it for legal"
    r"\b(?:pitch|put|say|present|explain|sell|frame|write|make|give|tell|send|brief|angle|position|do|"
    r"word|phrase|target|aim)(?: " + _REFERS_BACK + r")(?: \w+)? (?:for|to|with|at) (?P<target>.+)$",
    # "how would that land with the chief constable?"
    r"\b(?:it|that|this) (?:land|go down|work|play|read|sound) (?:with|for|to) (?P<target>.+)$",
    # "what if it's for the chief constable", "what if I'm presenting to councillors"
    r"^what if (?:it'?s|it is|this is|that'?s|i'?m|i am|we'?re|we are) (?:talking |speaking |writing |"
    r"presenting |pitching )?(?:for|to) (?P<target>.+)$",
    # "the finance director version", "a version for councillors"
    r"^(?:can i have |could i have |can you do |give me )?(?:a|an|the) (?P<target>.+?) version$",
    r"\bversion for (?P<target>.+)$",
]
_TARGET_TRAILING = re.compile(
    r"(?:^|[\s,]+)(?:and|but|instead|please|now|then|too|as well|this time|again|thanks|though|"
    r"rather|maybe|perhaps|for me|for us)$"
)
# A target with one of these words is a question, not an audience ("the budget for the FD").
_NOT_A_TARGET = re.compile(
    r"\b(?:about|on|think|thinks|thought|say|says|said|view|views|opinion|feel|feels|want|wants|like|"
    r"likes|is|are|was|were|do|does|did|should|would|will|can|could|what|how|why|when|which|who|"
    r"use|uses|using|for|if|whether)\b|[,;:]"
)

_SHORTER_RES = [re.compile(p) for p in _SHORTER]
_LONGER_RES = [re.compile(p) for p in _LONGER]
_SOURCES_RES = [re.compile(p) for p in _SOURCES]
_AUDIENCE_RES = [re.compile(p) for p in _AUDIENCE]


def _normalise(message: str) -> str:
    """Lower case, straight quotes, contractions opened, end punctuation and spare spaces gone."""
    text = message.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"\b(what|where|who|how|that|it|there)'s\b", r"\1 is", text)
    text = re.sub(r"[!?.\s]+$", "", text.strip())
    return " ".join(text.split())


def _residue(text: str, patterns: list[re.Pattern[str]]) -> set[str]:
    """Content words left once every follow-up phrase is taken out."""
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return terms(text) - _FILLER


def _is_followup(text: str, patterns: list[re.Pattern[str]]) -> bool:
    return any(p.search(text) for p in patterns) and not _residue(text, patterns)


def _drop_trailing(text: str) -> str:
    """Without trailing politeness and connectives: "the fd, and ... please" → "the fd"."""
    previous = None
    while text != previous:
        previous = text
        text = _TARGET_TRAILING.sub("", " ".join(text.split()).strip(" ,"))
    return text


def _target(text: str) -> str:
    """The audience words of a match, without any length request: "the fd, and shorter" → "the fd"."""
    for extra in _SHORTER_RES + _LONGER_RES:
        text = extra.sub(" ", text)
    return _drop_trailing(text)


def _audience(text: str, audience_lookup: Callable[[str], str | None]) -> str | None:
    """The audience a re-targeting message names, or None if it is not one."""
    if len(text.split()) > MAX_AUDIENCE_WORDS:
        return None
    text = _drop_trailing(text)  # "the CFO version please"
    for pattern in _AUDIENCE_RES:
        match = pattern.search(text)
        if not match:
            continue
        target = _target(match.group("target"))
        if not target or len(target.split()) > _MAX_TARGET_WORDS or _NOT_A_TARGET.search(target):
            continue
        before = text[: match.start()]
        if _residue(before, _SHORTER_RES + _LONGER_RES):
            continue  # "How do I get budget for TikTok, and what about for the FD" is a question
        audience = audience_lookup(target)
        if audience:
            return audience
    return None


def classify_followup(
    message: str, *, has_previous_answer: bool, audience_lookup: Callable[[str], str | None]
) -> FollowUp:
    """What kind of follow-up to the previous answer `message` is ("none" for a new question).

    An audience follow-up is a short message (at most MAX_AUDIENCE_WORDS words) that re-targets —
    "now for …", "what about (for) …", "reframe it for …", "pitch that to …", "same again for …" —
    and whose target is a few words that `audience_lookup` recognises; `audience_lookup` is given
    those words ("the fd"), not the whole message. Naming a leader inside a new question ("What
    does the finance director think about TikTok?") is not one. Re-targeting wins over length
    ("make it shorter for the FD" is a new answer for the FD), then sources, shorter, longer.
    """
    if not has_previous_answer or not message.strip():
        return NONE
    text = _normalise(message)
    audience = _audience(text, audience_lookup)
    if audience:
        return FollowUp("audience", audience=audience)
    for kind, patterns in (("sources", _SOURCES_RES), ("shorter", _SHORTER_RES), ("longer", _LONGER_RES)):
        if _is_followup(text, patterns):
            return FollowUp(kind)
    return NONE


# --------------------------------------------------------------------------------------------
# Shorter: keep whole cited sentences, so the result verifies against the same citations
# --------------------------------------------------------------------------------------------

_KIND_PRIORITY = {"audit": 0, "evidence": 1}  # own data, then published statistics, then the rest
_COUNTER_RE = re.compile(r"\(?\s*counter(?:-evidence|point)\b", re.IGNORECASE)
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+")
_TRAILING_CITATIONS_RE = re.compile(r"(?:\s*" + CITATION_RE.pattern + r")+\s*$")


def _is_heading(line: str) -> bool:
    bare = CITATION_RE.sub("", line).strip()
    return bool(bare) and is_framing(bare) and (bare.endswith(":") or bare.startswith("**"))


@dataclass
class _Claim:
    text: str
    counter: bool = False  # counter-evidence: honest in a full answer, a poor lead in a short one


def _sections(text: str) -> list[list[_Claim]]:
    """Cited claim sentences of each section (a heading starts a section), in order. A claim is
    counter-evidence when it says so ("Counterpoint ...") or an aside after it does."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if _is_heading(line):
            blocks.append([])
        elif line.strip():
            blocks[-1].append(line)
    sections = []
    for block in blocks:
        claims: list[_Claim] = []
        last: _Claim | None = None  # the sentence an aside belongs to, if it was a cited claim
        for sentence in split_sentences("\n".join(block)):
            if is_framing(sentence):
                if last is not None and _COUNTER_RE.search(sentence):
                    last.counter = True
                continue
            last = None
            if cited_numbers(sentence):
                last = _Claim(sentence, _COUNTER_RE.match(_LIST_MARKER_RE.sub("", sentence)) is not None)
                claims.append(last)
        if claims:
            sections.append(claims)
    return sections


def _ends_sentence(sentence: str) -> str:
    """The sentence with its list marker gone and a full stop before trailing markers if it had none,
    so sentences joined into one paragraph split apart again exactly as they were."""
    sentence = _LIST_MARKER_RE.sub("", sentence).strip()
    trailing = _TRAILING_CITATIONS_RE.search(sentence)
    body, markers = (sentence[: trailing.start()], trailing.group(0)) if trailing else (sentence, "")
    if not body.rstrip().endswith((".", "!", "?")):
        body = body.rstrip() + "."
    return body + markers


def shorten(answer: dict, *, max_sentences: int = 3) -> str:
    """A short version of a previous Answer JSON: the first cited claim of each section (then the
    second, and so on) up to `max_sentences`, in their original order, each with its own [n]
    markers. When there are more candidates than room, own data and evidence go first."""
    if max_sentences < 1:
        raise ValueError(f"max_sentences must be at least 1, not {max_sentences}")
    text = str(answer.get("answer", ""))
    kinds = {int(c["n"]): str(c.get("kind", "")) for c in answer.get("citations") or []}
    sections = _sections(text)
    if not sections:
        return text.strip()  # nothing cited to keep: e.g. "the knowledge base has no evidence"

    def kind(claim: _Claim) -> int:
        return min((_KIND_PRIORITY.get(kinds.get(n, ""), 2) for n in cited_numbers(claim.text)), default=2)

    # Sort key: counter-evidence only if room is left; then the first claims of every section
    # before the second ones; within a round own data, then evidence; then the answer's order.
    ranked: list[tuple[bool, int, int, int, int]] = []
    for i, section in enumerate(sections):
        depth = 0
        for j, claim in enumerate(section):
            ranked.append((claim.counter, depth, kind(claim), i, j))
            depth += not claim.counter
    chosen = sorted((i, j) for *_, i, j in sorted(ranked)[:max_sentences])
    return " ".join(_ends_sentence(sections[i][j].text) for i, j in chosen)


def shorter_sections(answer: dict, text: str) -> list[AnswerSection]:
    """The previous answer's sections cut down to the claims `shorten` kept in `text`, so a short
    answer keeps its structure (a briefing note made from it still has its sections). A section
    that lost every claim is left out; one that only ever said what data to gather keeps its gap."""
    kept = {_ends_sentence(s) for s in split_sentences(text)}
    sections: list[AnswerSection] = []
    for raw in answer.get("sections") or []:
        section = AnswerSection.model_validate(raw)
        claims = [
            _ends_sentence(s) for s in split_sentences(section.text)
            if not is_framing(s) and _ends_sentence(s) in kept
        ]
        if claims:
            body = "\n".join(f"- {claim}" for claim in claims)
            sections.append(section.model_copy(update={"text": body, "citations": cited_numbers(body), "gap": None}))
        elif section.gap and not section.citations:
            sections.append(section)
    return sections


# --------------------------------------------------------------------------------------------
# Sources: one line per citation, each verifiable against exactly what it states
# --------------------------------------------------------------------------------------------

SOURCES_LEAD = "The last answer rests on these sources:"
NO_SOURCES = "(The last answer cited no sources.)"  # an aside: it makes no claim to verify
STRENGTH_LABELS = {"primary": "primary source", "second-hand": "second-hand report"}
KIND_LABELS = {
    "audit": "your own audit data",
    "public": "public comments you imported",
    "guidance": "guidance",
    "evidence": "published evidence",
    "peer": "peer example",
}
_COMPUTED_FROM_RE = re.compile(r"\bComputed from (.+?)\.?(?:\s*$|\.\s)", re.MULTILINE)


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def strength_label(citation: dict) -> str:
    """How strong a source is, in words a leader understands. Own data and imported comments are
    what they are; published sources are primary or second-hand when the index knows which."""
    kind = _clean(citation.get("kind")) or "guidance"
    strength = _clean(citation.get("strength"))
    if kind == "audit":
        computed = _COMPUTED_FROM_RE.search(str(citation.get("text", "")))
        files = _clean(computed.group(1)) if computed else ""
        return f"{KIND_LABELS['audit']}, computed from {files}" if files else KIND_LABELS["audit"]
    if kind != "public" and strength:
        return STRENGTH_LABELS.get(strength, strength)
    return KIND_LABELS.get(kind, kind)


def _source_line(citation: dict) -> str:
    """"<title> — <publisher>, <year> (<strength>). <url>", leaving out what is missing."""
    title = _clean(citation.get("title")).rstrip(".")
    names = ", ".join(p for p in (_clean(citation.get("publisher")), _clean(citation.get("year"))) if p)
    line = " \u2014 ".join(p for p in (title, names) if p)
    line = f"{line} ({strength_label(citation)})." if line else f"{strength_label(citation).capitalize()}."
    url = _clean(citation.get("url"))
    return f"{line} {url}" if url else line


def _cite_every_part(line: str, n: int) -> str:
    """A title such as "Worth it? A review" splits into two sentences; each must carry [n]."""
    parts = split_sentences(line)
    if len(parts) == 1:
        return line
    return " ".join(p if cited_numbers(p) or is_framing(p) else f"{p} [{n}]" for p in parts)


def sources_reply(answer: dict) -> tuple[str, dict[int, str]]:
    """The previous answer's sources as a reply, and what to verify it against: {n: the words its
    line states}. Each line's words come from its own provenance, so `verify_answer` passes."""
    citations = sorted(answer.get("citations") or [], key=lambda c: int(c["n"]))
    if not citations:
        return NO_SOURCES, {}
    lines = [SOURCES_LEAD]
    provenance: dict[int, str] = {}
    for citation in citations:
        n = int(citation["n"])
        stated = _source_line(citation)
        provenance[n] = stated
        lines.append(_cite_every_part(f"- [{n}] {stated}", n))
    return "\n".join(lines), provenance
