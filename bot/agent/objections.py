"""Which leadership objection is this? Nearest exemplars by embedding, with a confidence.

The tiny local model cannot classify (2 of 8 right in our trials), but MiniLM embeddings of the
taxonomy's exemplar phrasings can: each type scores the mean of its two closest exemplars, and a
softmax over the type scores gives the confidence. A type's cue words ("rumour", "purdah",
"vanity metrics") found in the message add a small bonus: MiniLM misses jargon that a person
reads at once. Ordinary questions ("how did our Facebook
engagement change?") have exemplars of their own, so the detector can say "not an objection";
when two types are close it says "unclear" and the answer asks which worry is meant. A strong
model, when configured, may overrule the embedding among the top candidates.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from bot.agent.taxonomy import ObjectionType
from bot.prompts import chat_prompt

log = logging.getLogger(__name__)

NONE = "none"
UNCLEAR = "unclear"

# Things people ask Upward that are not objections: data, how-to, drafting and peer questions.
NEUTRAL_EXEMPLARS = (
    "How did our Facebook engagement change over the last year?",
    "What is our response rate on social media?",
    "How many people did we reach last quarter?",
    "Which of our channels grew fastest?",
    "What were our top web pages this year?",
    "How does our email open rate compare with other councils?",
    "What is a good engagement rate for a council Facebook page?",
    "What KPIs should we set for the next twelve months?",
    "How do I write a social media strategy?",
    "What should go in a briefing note for the leadership team?",
    "Draft a business case for investing in community management.",
    "Which councils or police forces use TikTok well?",
    "Give me an example of a peer who used social media in an emergency.",
    "How do I benchmark our performance against peers?",
    "What does the GCS evaluation framework recommend?",
    "How should we measure success of a campaign?",
    "What are residents saying about bin collections?",
    "Summarise our audit results.",
    "What is the difference between reach and impressions?",
    "How quickly should we reply to messages on social media?",
    "What did the Queensland Police do during the floods?",
    "How much did we spend on paid search and what did it get us?",
    "Help me plan a content calendar for the winter.",
    "What skills does a social media team need?",
    "Show me the evidence on how older people use social media.",
    "What are the themes in the public comments we imported?",
    "Which fire services or ambulance trusts are good on Instagram?",
    "What do other councils do with their neighbourhood accounts?",
    "How do other organisations organise their social media rota?",
    "Write three posts about the new recycling centre opening hours.",
    "Draft a post announcing the road closure next week.",
    "Give me examples of good public consultation campaigns online.",
    "Which exports do I need from Google Analytics for the audit?",
    "What are the rules for council accounts during an election period?",
    "How much do similar organisations spend on advertising each year?",
    "What time of day should we post for the most engagement?",
    "Help me write a social media policy for staff.",
    "What does a good community management process look like?",
    "Compare our Instagram and TikTok results.",
    "Explain the difference between engagement rate per reach and per follower.",
    "Prepare a business case for a new digital officer post.",
    "How many followers do we have on LinkedIn?",
)

# A request for Upward to do or find something is not an objection, unless it reports one
# ("draft a reply to the FD, who says it's a waste of time").
_REQUEST_RE = re.compile(
    r"^\s*(?:please\s+)?(?:draft|write|give|show|list|summarise|summarize|compare|explain|prepare|"
    r"plan|create|suggest|find|help|tell me|can you|could you|which|what (?:do|does|are|is) (?:other|similar|comparable))\b",
    re.I,
)
_REPORTED_RE = re.compile(
    r"\b(?:says?|said|thinks?|reckons?|believes?|argues?|worries|worried|keeps? saying|told|"
    r"asked me|objects?|objection|claims?|insists?|feels?)\b|[\"“‘']\s*\w",
    re.I,
)


def is_request(text: str) -> bool:
    """"Draft three posts…", "Which councils…": asking Upward for something, not quoting a
    sceptical leader."""
    return bool(_REQUEST_RE.match(text)) and not _REPORTED_RE.search(text)

_FRAMING_RES = (
    re.compile(
        r"\b(?:how|what)\s+(?:do|should|can|could|would)\s+i\s+"
        r"(?:respond|answer|reply|say|counter|handle|deal with|push back|tell (?:him|her|them))"
        r"[^.?!]*[.?!]?",
        re.I,
    ),
    re.compile(
        r"^\s*(?:my|our|the)\s+[\w\s-]{2,40}?\s+"
        r"(?:says?|said|thinks?|thought|keeps? (?:saying|telling me)|reckons?|told me|argues?|believes?)"
        r"\s+(?:that\s+)?",
        re.I,
    ),
)


def core_claim(text: str) -> str:
    """The objection itself, without "my chief executive says…" or "how do I respond?"."""
    core = text
    for pattern in _FRAMING_RES:
        core = pattern.sub(" ", core)
    core = " ".join(core.split()).strip(" .,;:-")
    return core if len(core.split()) >= 3 else text


@dataclass(frozen=True)
class Detection:
    """`type` is an objection id, "unclear" or None (not an objection). `candidates` are the
    most likely objection types with their probability, best first."""

    type: str | None
    confidence: float
    candidates: tuple[tuple[str, float], ...] = ()
    refined: bool = False


class ObjectionDetector:
    def __init__(
        self,
        objections: tuple[ObjectionType, ...],
        embeddings: Embeddings,
        *,
        cache_dir: Path | None = None,
        embedder: str = "",
        floor: float = 0.30,
        temperature: float = 0.03,
        unclear_below: float = 0.30,
        cue_weight: float = 0.15,
    ) -> None:
        self.objections = objections
        self.embeddings = embeddings
        self.floor = floor
        self.temperature = temperature
        self.unclear_below = unclear_below
        self.cue_weight = cue_weight
        self._cues = [
            re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in o.cues) + r")(?![\w-])", re.I)
            if o.cues else None
            for o in objections
        ]
        self.labels: list[str] = []
        texts: list[str] = []
        for objection in objections:
            self.labels += [objection.id] * len(objection.exemplars)
            texts += objection.exemplars
        self.labels += [NONE] * len(NEUTRAL_EXEMPLARS)
        texts += NEUTRAL_EXEMPLARS
        self.texts = texts
        self.classes = [o.id for o in objections] + [NONE]
        self._label_index = np.array([self.classes.index(label) for label in self.labels])
        self.vectors = self._exemplar_vectors(texts, cache_dir, embedder)

    def _exemplar_vectors(self, texts: list[str], cache_dir: Path | None, embedder: str) -> np.ndarray:
        """Exemplar embeddings, cached on disk by content (a second start takes milliseconds)."""
        key = hashlib.sha256("\x1f".join([embedder, *self.labels, *texts]).encode()).hexdigest()[:16]
        path = cache_dir / f"objection-exemplars-{key}.npy" if cache_dir else None
        if path is not None and path.is_file():
            return np.load(path)
        vectors = _normalise(np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("objection-exemplars-*.npy"):
                old.unlink(missing_ok=True)
            np.save(path, vectors)
        return vectors

    def class_scores(self, text: str) -> np.ndarray:
        """Per class, the mean similarity of its two closest exemplars to the text (the better of
        the whole text and its core claim)."""
        queries = list(dict.fromkeys([text, core_claim(text)]))
        q = _normalise(np.asarray(self.embeddings.embed_documents(queries), dtype=np.float32))
        sims = (q @ self.vectors.T).max(axis=0)
        return self.scores_from(sims) + self.cue_bonus(text)

    def cue_bonus(self, text: str) -> np.ndarray:
        """Per class, `cue_weight` for each distinct cue word in the text (at most two)."""
        bonus = np.zeros(len(self.classes))
        for c, pattern in enumerate(self._cues):
            if pattern is not None:
                hits = {m.group(0).casefold() for m in pattern.finditer(text)}
                bonus[c] = self.cue_weight * min(len(hits), 2)
        return bonus

    def scores_from(self, sims: np.ndarray, skip: int | None = None) -> np.ndarray:
        scores = np.full(len(self.classes), -1.0)
        for c in range(len(self.classes)):
            mine = sims[(self._label_index == c) & (np.arange(len(sims)) != (skip if skip is not None else -1))]
            top = np.sort(mine)[-2:]
            scores[c] = float(top.mean()) if len(top) else -1.0
        return scores

    def decide(self, scores: np.ndarray) -> Detection:
        probs = np.exp((scores - scores.max()) / self.temperature)
        probs /= probs.sum()
        types = [i for i in np.argsort(-probs) if self.classes[i] != NONE]
        candidates = tuple((self.classes[i], round(float(probs[i]), 3)) for i in types[:3])
        best = int(np.argmax(scores))
        if self.classes[best] == NONE or scores[best] < self.floor:
            return Detection(None, round(float(probs[self.classes.index(NONE)]), 3), candidates)
        top_type, top_p = candidates[0]
        if top_p < self.unclear_below:
            return Detection(UNCLEAR, top_p, candidates)
        return Detection(top_type, top_p, candidates)

    def detect(self, text: str) -> Detection:
        found = self.decide(self.class_scores(text))
        if found.type is not None and is_request(text):
            return Detection(None, found.confidence, found.candidates)
        return found

    def rank_of(self, text: str, objection_id: str) -> int:
        """Where `objection_id` stands among the objection types for `text` (0 = closest)."""
        scores = self.class_scores(text)
        order = [self.classes[i] for i in np.argsort(-scores) if self.classes[i] != NONE]
        return order.index(objection_id)

    def leave_one_out(self) -> float:
        """Accuracy on the exemplars, each classified with itself left out: a calibration check
        that needs no held-out data (the eval set is kept for the eval)."""
        right = 0
        sims_all = self.vectors @ self.vectors.T
        for i, label in enumerate(self.labels):
            decided = self.decide(self.scores_from(sims_all[i], skip=i) + self.cue_bonus(self.texts[i]))
            right += (decided.type or NONE) == label
        return right / len(self.labels)


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def parse_choice(reply: str, choices: list[str]) -> str | None:
    """The first choice id the model's reply names (ids contain underscores, so whole words)."""
    found = [
        (m.start(), choice)
        for choice in choices
        for m in [re.search(rf"(?<![\w]){re.escape(choice)}(?![\w])", reply.casefold())]
        if m
    ]
    return min(found)[1] if found else None


def refine(
    detection: Detection,
    text: str,
    model: BaseChatModel,
    objections: tuple[ObjectionType, ...],
) -> Detection:
    """Let a strong model choose among the embedding's top candidates (or none). Its choice is
    only accepted when it names one of them; otherwise the embedding's decision stands."""
    by_id = {o.id: o for o in objections}
    choices = [c for c, _ in detection.candidates if c in by_id] + [NONE]
    options = "\n".join(f"- {c}: {by_id[c].description}" for c in choices if c in by_id)
    messages = chat_prompt("objection_classify").format_messages(text=text, options=options)
    try:
        reply = str(model.invoke(messages).content)
    except Exception as exc:  # noqa: BLE001 - the embedding decision stands
        log.warning("objection refinement failed: %s", exc)
        return detection
    choice = parse_choice(reply, choices)
    if choice is None:
        return detection
    if choice == NONE:
        return Detection(None, detection.confidence, detection.candidates, refined=True)
    probability = dict(detection.candidates).get(choice, detection.confidence)
    return Detection(choice, max(probability, 0.5), detection.candidates, refined=True)
