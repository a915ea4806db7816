"""One listening import, start to finish: read → redact → theme → score → report → facts.

Pure with respect to the app: it reads CSV files and returns a report and redacted comments,
and knows nothing of the index or the database (the service stores and indexes what it returns).
Author names are used only to find the same names in comment text, then dropped with the raw
text: nothing personal leaves `run_listening`. Any problem with the input raises `ImportFailed`
before anything is returned.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.listening.clusters import Embed, group_other
from bot.listening.facts import build_facts
from bot.listening.model import RawComment, RedactedComment
from bot.problems import ImportFailed, ImportProblem
from bot.listening.reader import CSV_SUFFIXES, read_files
from bot.listening.redact import KnownNames, redact
from bot.listening.report import FileRow, ListeningReport, build_report
from bot.listening.sentiment import score
from bot.listening.themes import OTHER, classify, is_question, is_rumour

# Bump when redaction, themes, sentiment or facts change, so unchanged files get a new id.
LISTENING_VERSION = "2"


@dataclass
class ListeningRun:
    report: ListeningReport
    comments: list[RedactedComment]  # redacted text only, in date order

    @property
    def id(self) -> str:
        return self.report.id


def expand_files(paths: list[Path]) -> list[Path]:
    """Folders stand for the CSV files in them (not hidden ones)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in CSV_SUFFIXES and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def display_names(files: list[Path], given: dict[Path, str] | None) -> dict[Path, str]:
    """How each file is named in problems and reports: as the caller named it (an upload's own
    file name), else its file name, or its path where two files share a name."""
    given = dict(given or {})
    names = Counter(p.name for p in files)
    return {p: given.get(p) or (p.name if names[p.name] == 1 else str(p)) for p in files}


def listening_id(files: list[Path], names: dict[Path, str]) -> str:
    """Same files (content and display names) → same id, on any machine."""
    digest = hashlib.sha256(LISTENING_VERSION.encode())
    for path in sorted(files, key=lambda p: names.get(p, str(p))):
        digest.update(names.get(path, str(path)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return "l" + digest.hexdigest()[:15]


def analyse(comment: RawComment, names: KnownNames, removed: Counter) -> RedactedComment:
    """Redact first; everything after sees only the redacted text."""
    redacted = redact(comment.text, names)
    removed.update(redacted.counts)
    text = redacted.text
    themes = classify(text)
    mood = score(text)
    return RedactedComment(
        date=comment.date,
        platform=comment.platform,
        theme=themes.primary,
        themes=list(themes.themes),
        sentiment=mood.label,
        compound=mood.compound,
        is_question=is_question(text),
        is_rumour=is_rumour(text),
        replied=comment.replied,
        text=text,
    )


def run_listening(
    paths: list[Path],
    names: dict[Path, str] | None = None,
    *,
    sample: bool = False,
    embed: Embed | None = None,
) -> ListeningRun:
    """Read, redact, theme and score the comments in `paths` (files or folders of CSVs), and
    report on them. `names` are the names to show for files (an upload's own name); `embed`
    (texts -> vectors, such as an Embeddings' `embed_documents`) groups the unthemed comments."""
    files = expand_files(paths)
    if not files:
        shown = ", ".join(map(str, paths)) or "(none)"
        raise ImportFailed([ImportProblem(shown, "no CSV files of comments given")])
    shown = display_names(files, names)
    read = read_files(files, shown)
    known = KnownNames.from_authors(c.author for f in read for c in f.comments if c.author)
    order = {f.name: n for n, f in enumerate(read)}
    raw = sorted((c for f in read for c in f.comments), key=lambda c: (c.date, order[c.file], c.row))
    removed: Counter = Counter()
    comments = [analyse(c, known, removed) for c in raw]
    rows = [FileRow(name=f.name, rows_read=f.rows_read, rows_used=len(f.comments)) for f in read]
    others = group_other([c for c in comments if c.theme == OTHER], embed)
    report = build_report(
        listening_id(files, shown), rows, comments, removed, sample=sample, other_groups=others
    )
    report = report.model_copy(update={"facts": build_facts(report)})
    return ListeningRun(report=report, comments=comments)
