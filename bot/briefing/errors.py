"""Why a briefing was not written. Every one is raised before any file is written."""

from __future__ import annotations


class BriefingError(ValueError):
    """Bad input for a briefing (unknown objection, an answer without sections, a bad template):
    a ValueError, so the API answers 422 and the CLI exits with the message."""


class SubjectNotFound(LookupError):
    """The conversation to brief from does not exist (or is not the caller's): HTTP 404."""


class TemplateProblem(BriefingError):
    """The template is not a usable .docx, or lacks tags the note needs."""


class NotVerified(BriefingError):
    """A figure in the note did not pass the verifier: each problem names the figure and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        listed = "\n".join(f"- {p}" for p in problems)
        super().__init__(f"the briefing was not written: {len(problems)} problem(s) found by the verifier\n{listed}")


class PdfUnavailable(RuntimeError):
    """LibreOffice is missing or failed: the message says how to install it or what went wrong."""


INSTALL_LIBREOFFICE = (
    "PDF briefings need LibreOffice (soffice). Install it with "
    "`sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2` "
    "(Debian/Ubuntu), `brew install --cask libreoffice` (macOS) or from https://www.libreoffice.org, "
    "or ask for --format docx and save it as PDF from Word."
)
