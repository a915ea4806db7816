"""What a loader hands to the pipeline: a parsed document, before chunking.

Loaders know file formats; they know nothing about chunking, embedding or storage.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal["guidance", "evidence", "peer", "audit", "public"]
KINDS: tuple[str, ...] = ("guidance", "evidence", "peer", "audit", "public")


class Section(BaseModel):
    """A run of text under one heading path (and, for PDFs, on one page)."""

    text: str
    heading_path: list[str] = Field(default_factory=list)
    page: int | None = None


class LoadedDocument(BaseModel):
    """One citable source. A file usually yields one; an evidence-facts CSV yields one per row."""

    source: str  # file path, or "path#ROWID" for a row of a CSV
    title: str
    kind: Kind
    sections: list[Section]
    publisher: str | None = None
    year: str | None = None
    url: str | None = None
    # Extra provenance that is kept in the index as-is (e.g. strength, counterpoint, fact id).
    extra: dict[str, str | int | float | bool] = Field(default_factory=dict)


class LoaderError(Exception):
    """A file that cannot be ingested. `reason` is shown to the user next to the file name."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
