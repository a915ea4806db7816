"""Why an import was refused: the problems every importer (channel exports, comment exports)
reports, each pinned to a file, a spreadsheet row and a column, and the all-or-nothing failure
that carries them. One vocabulary, so every channel shows import problems the same way."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    """Why a file was refused, pinned to a row and column when there is one.

    `row` counts lines of the file from 1, as a spreadsheet shows them.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class ImportFailed(Exception):
    """Raised when any file is refused; nothing from any file is imported."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s); nothing was imported:\n{lines}{more}")


class NotFound(LookupError):
    """A thing asked for by id does not exist (or is not the caller's to see): HTTP 404."""
