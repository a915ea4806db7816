"""Sentiment of a comment: VADER's compound score, read with its published thresholds.

VADER is a lexicon and rules tuned to English social-media text, so it needs no model download
and gives the same score on every machine. It misses sarcasm and reads some usage wrongly
("the service is a joke" scores as positive; "is it true the tip is closing?" too), so a
handful of words are re-weighted for how residents write to public services. It runs on redacted text: placeholders are neutral.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.listening.model import Sentiment

POSITIVE_FROM = 0.05
NEGATIVE_FROM = -0.05

# Words VADER lacks or misreads in comments to public services (scale -4 to 4, as VADER's).
PUBLIC_SERVICE_LEXICON: dict[str, float] = {
    # Missing, or the wrong way round, in complaints.
    "joke": -1.5,  # "the service is a joke"
    "shambles": -2.5,
    "nightmare": -2.3,
    "gutted": -2.0,
    "fuming": -2.5,
    "diabolical": -2.8,
    "lethal": -2.5,  # "the potholes are lethal"
    "baffling": -1.2,
    "disgraceful": -2.6,
    "flooded": -1.0,
    "sorted": 1.5,  # "all sorted now"
    "fixed": 1.2,  # "the pothole was fixed the next day"
    "cracking": 1.8,  # "cracking job"
    # Words that carry no feeling in how residents ask and complain.
    "true": 0.0,  # "is it true the tip is closing?"
    "like": 0.0,  # "it's like an ice rink"
    "please": 0.0,  # "please sort it"
    "promised": 0.0,  # "promised to look into it months ago"
    "agree": 0.0,  # agreeing takes the feeling of what is agreed with
    "honestly": 0.0,  # "honestly, third week running"
    "waste": 0.0,  # "garden waste", "food waste": what the council collects
    "pay": 0.0,  # "pay council tax", "pay and display"
}


@dataclass(frozen=True)
class Score:
    label: Sentiment
    compound: float


@lru_cache(maxsize=1)
def _analyser():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyser = SentimentIntensityAnalyzer()
    analyser.lexicon.update(PUBLIC_SERVICE_LEXICON)
    return analyser


def label_for(compound: float) -> Sentiment:
    if compound >= POSITIVE_FROM:
        return "positive"
    if compound <= NEGATIVE_FROM:
        return "negative"
    return "neutral"


def score(text: str) -> Score:
    compound = round(float(_analyser().polarity_scores(text)["compound"]), 4)
    return Score(label_for(compound), compound)
