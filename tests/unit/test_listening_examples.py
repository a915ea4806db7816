"""The quoted example comment: only comments with nothing name-like or numeric left are quoted
verbatim; otherwise the example is paraphrased from the theme's keywords."""

from __future__ import annotations

import pytest

from bot.listening.examples import paraphrased, quotable, reported, typical_comment, typical_example
from bot.listening.model import RedactedComment


def comment(text: str, theme: str = "bins", question: bool = False) -> RedactedComment:
    return RedactedComment(
        date="2026-01-01", platform="Facebook", theme=theme, themes=[theme], sentiment="negative",
        compound=-0.5, is_question=question, is_rumour=False, replied=None, text=text,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Agree with [name], bins missed again. Absolutely disgusting.",
        "Is the garden waste collection still running over winter?",
        "I rang on Monday and nobody came. The bins were missed in December.",
        "Will the tip be open? I've got 3 bags of garden waste.",
    ],
)
def test_quotable(text: str) -> None:
    assert quotable(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bins missed on Kiln Lane again",  # a place (or a surname) mid-sentence
        "Thanks [name]án for sorting my bin",  # a leak beside a placeholder
        "spoke to sharon about the bins",  # a name in lower case
        "Rose at the depot says the bins are late",  # sentence-initial, but a name as much as a word
        "My bin number is 4471 and it was missed",  # a digit run
        "Bins missed, Okonjo promised a callback",
        "CCTV shows who dumped it",  # an acronym is not an ordinary word
        "see [link] or mail bins@example.com",
    ],
)
def test_not_quotable(text: str) -> None:
    assert not quotable(text)


def test_typical_comment_skips_what_is_not_safe_to_quote() -> None:
    risky = comment("Missed bins on Larkspur Close again, missed collections every week, Sharon knows")
    safe = comment("Our bins were missed again this week and nobody has come back.")
    assert typical_comment("bins", [risky, safe]) is safe
    assert typical_example("bins", [risky, safe]).endswith("“Our bins were missed again this week and nobody has come back.”")


def test_paraphrase_when_nothing_is_quotable() -> None:
    comments = [
        comment("Missed bins on Larkspur Close, garden waste not collected"),
        comment("Garden waste missed on Heron Drive, bins overflowing"),
    ]
    assert typical_comment("bins", comments) is None
    example = typical_example("bins", comments)
    assert example == paraphrased("bins", comments)
    assert example.startswith("Typical comments, paraphrased because none could be quoted safely, were about ")
    assert "garden waste" in example and "Larkspur" not in example and "Heron" not in example


def test_reported_never_quotes_an_unsafe_comment() -> None:
    assert "Larkspur" not in reported(comment("Bins missed on Larkspur Close"))
    assert reported(comment("Why were the bins missed?", question=True)) == (
        "A typical comment, with personal details removed, asked: “Why were the bins missed?”"
    )
