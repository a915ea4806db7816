"""Themes, questions, rumours and sentiment of single comments: offline, deterministic and
explainable."""

from __future__ import annotations

import pytest

from bot.listening.sentiment import label_for, score
from bot.listening.themes import OTHER, THEME_LABELS, THEMES, classify, is_question, is_rumour


def test_lexicon_ids_are_unique_and_labelled() -> None:
    ids = [t.id for t in THEMES]
    assert len(ids) == len(set(ids))
    assert set(THEME_LABELS) == set(ids) | {OTHER}
    assert all(t.patterns for t in THEMES)


@pytest.mark.parametrize(
    ("text", "primary"),
    [
        ("Bins not collected on Larkspur Close again since the new rounds", "bins"),
        ("The pothole on Kiln Lane is getting deeper", "roads"),
        ("Why has council tax gone up again?", "council-tax"),
        ("Got a parking ticket at Riverside car park", "parking"),
        ("Where do I object to the planning application?", "planning"),
        ("Black mould in our council flat for months", "housing"),
        ("The library's new Saturday hours are brilliant", "leisure"),
        ("What time are the fireworks at the bonfire?", "events"),
        ("Are sandbags available? The river is right up", "flooding"),
        ("The number 7 bus has been cut to one an hour", "transport"),
        ("Off-road bikes tearing round the rec again", "crime"),
        ("Can't get a GP appointment for three weeks", "health"),
        ("When is the deadline for primary school places?", "schools"),
        ("Where is my polling station?", "elections"),
        ("On hold for 50 minutes and then it rang off", "contact"),
        ("Heard that the tip is closing. Is it true?", "rumours"),
        ("Well done, great service as always", "praise"),
        ("Lovely photo of the town hall.", "praise"),
        ("Who runs this page?", OTHER),
    ],
)
def test_primary_theme(text: str, primary: str) -> None:
    assert classify(text).primary == primary


def test_several_themes_primary_first() -> None:
    found = classify("Thanks for the flood updates, we'd have had no idea the bridge was closed")
    assert found.primary == "flooding"
    assert found.themes[0] == "flooding" and "praise" in found.themes and "roads" in found.themes


def test_car_park_is_parking_not_leisure() -> None:
    assert classify("Is the Riverside car park open?").themes == ("parking",)


def test_top_tip_is_not_the_tip() -> None:
    assert classify("Top tip: check the calendar").primary == OTHER
    assert classify("Is the Furnace Lane tip closing?").primary == "bins"


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("When will the missed bins be collected", True),
        ("Can you tell me who to speak to about a dropped kerb", True),
        ("Does anyone know if the library is open", True),
        ("Is the pool open?", True),
        ("Any update on the bridge", True),
        ("Bins missed again.", False),
        ("Thanks for the quick reply", False),
    ],
)
def test_questions(text: str, question: bool) -> None:
    assert is_question(text) is question


@pytest.mark.parametrize(
    ("text", "rumour"),
    [
        ("Heard that the tip is closing", True),
        ("Is it true the pool is shutting?", True),
        ("Someone said the library is closing", True),
        ("People are saying the bins go fortnightly", True),
        ("There's a rumour the tip shuts at Easter", True),
        ("Apparently the tip is closing", True),
        ("Going round the estate now", False),  # a hint, not enough on its own
        ("I heard nothing back", False),
        ("When does the tip open?", False),
    ],
)
def test_rumours(text: str, rumour: bool) -> None:
    assert is_rumour(text) is rumour


@pytest.mark.parametrize(
    ("compound", "label"),
    [(0.05, "positive"), (0.0499, "neutral"), (0.0, "neutral"), (-0.0499, "neutral"), (-0.05, "negative")],
)
def test_sentiment_thresholds(compound: float, label: str) -> None:
    assert label_for(compound) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Thanks for the quick reply, all sorted now", "positive"),
        ("The new bin rounds have been a shambles from day one", "negative"),
        ("The service is a joke", "negative"),  # VADER alone reads "joke" as positive
        ("Is it true the tip is closing?", "neutral"),  # ... and "true" too
        ("Is the garden waste collection running?", "neutral"),  # "waste" is the bins, not a loss
        ("When does the library open on Saturday?", "neutral"),
    ],
)
def test_sentiment(text: str, label: str) -> None:
    found = score(text)
    assert found.label == label
    assert -1 <= found.compound <= 1
