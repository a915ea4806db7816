"""The records that flow through listening: problems with the input, a comment as read, and a
comment as kept (redacted, themed, scored).

`RawComment` lives only inside one run: it holds the author and the original text, which are
personal data. `RedactedComment` is all that is ever stored, indexed or returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

Sentiment = Literal["positive", "neutral", "negative"]


@dataclass(frozen=True)
class RawComment:
    """One comment as the export gives it. Personal data: never stored, never returned."""

    file: str
    row: int
    date: dt.date
    platform: str
    text: str
    author: str = ""
    replied: bool | None = None  # None: the export does not say


@dataclass(frozen=True)
class ReadFile:
    """What one file gave: its comments, and how many data rows it had."""

    name: str
    rows_read: int
    comments: list[RawComment]


class RedactedComment(BaseModel):
    """A comment as Upward keeps it: personal details removed, themed and scored."""

    date: dt.date
    platform: str
    theme: str  # the primary theme id
    themes: list[str]  # every theme it matched, primary first
    sentiment: Sentiment
    compound: float  # VADER compound score, -1 to 1
    is_question: bool
    is_rumour: bool
    replied: bool | None
    text: str  # redacted text only


class ListeningFact(BaseModel):
    """One citable sentence about the comments, with a stable id and the numbers it states."""

    id: str  # "PC-overview", "PC-theme-bins", ...
    title: str
    text: str
    values: dict[str, int | float] = Field(default_factory=dict)
