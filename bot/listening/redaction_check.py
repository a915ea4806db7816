"""Score redaction against a labelled corpus: recall and precision per kind of personal detail.

The corpus (tests/redaction_cases/) is one fictional comment per line, each detail marked where
it stands: `Spoke to {{name:Sharon}} on {{phone:07700 900123}}`. A labelled detail is *caught*
only when every character of it is inside a redacted span (of any kind: what matters is that
nothing of it is left; "Dear [name]án" is a miss). A redacted span is *right* when it overlaps
a labelled detail; otherwise it removed something that was not personal (a precision cost).

Shared by evals/redaction_eval.py (the report) and tests/unit/test_redaction_corpus.py (floors).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.listening.identifiers import Span

_MARK = re.compile(r"\{\{(?P<kind>[a-z]+):(?P<text>.*?)\}\}")
NAME_KINDS = ("name",)


@dataclass(frozen=True)
class Labelled:
    """One corpus comment: its plain text and where each detail is."""

    text: str
    spans: tuple[Span, ...]
    source: str  # "file:line"


def parse(line: str, source: str = "") -> Labelled:
    """`Spoke to {{name:Sharon}}` -> text 'Spoke to Sharon' and span (9, 15, 'name')."""
    text, spans, position = [], [], 0
    length = 0
    for match in _MARK.finditer(line):
        before = line[position:match.start()]
        text.append(before)
        length += len(before)
        value = match.group("text")
        spans.append((length, length + len(value), match.group("kind")))
        text.append(value)
        length += len(value)
        position = match.end()
    text.append(line[position:])
    plain = "".join(text)
    if "{{" in plain or "}}" in plain:
        raise ValueError(f"{source}: unbalanced markup in {line!r}")
    return Labelled(plain, tuple(spans), source)


def load(path: Path) -> list[Labelled]:
    """Comments in a corpus file; blank lines and lines starting with '#' are skipped.
    A literal '\\n' in a line stands for a line break inside the comment."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            found.append(parse(line.replace("\\n", "\n"), f"{path.name}:{number}"))
    return found


@dataclass
class KindScore:
    labelled: int = 0
    caught: int = 0
    predicted: int = 0
    right: int = 0

    @property
    def recall(self) -> float | None:
        return self.caught / self.labelled if self.labelled else None

    @property
    def precision(self) -> float | None:
        return self.right / self.predicted if self.predicted else None


@dataclass
class Score:
    kinds: dict[str, KindScore] = field(default_factory=dict)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (source, kind, text)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)

    def kind(self, kind: str) -> KindScore:
        return self.kinds.setdefault(kind, KindScore())

    def group(self, kinds: Iterable[str]) -> KindScore:
        """Totals over several kinds (e.g. every structured identifier)."""
        total = KindScore()
        for kind in kinds:
            found = self.kinds.get(kind, KindScore())
            total.labelled += found.labelled
            total.caught += found.caught
            total.predicted += found.predicted
            total.right += found.right
        return total


Redactor = Callable[[str], Iterable[Span]]


def score(comments: Iterable[Labelled], redactor: Redactor) -> Score:
    """Recall per labelled kind and precision per predicted kind over `comments`."""
    result = Score()
    for comment in comments:
        predicted = list(redactor(comment.text))
        covered = [False] * len(comment.text)
        for start, end, _ in predicted:
            for n in range(start, end):
                covered[n] = True
        for start, end, kind in comment.spans:
            entry = result.kind(kind)
            entry.labelled += 1
            if all(covered[n] or comment.text[n].isspace() for n in range(start, end)):
                entry.caught += 1
            else:
                result.misses.append((comment.source, kind, comment.text[start:end]))
        for start, end, kind in predicted:
            entry = result.kind(kind)
            entry.predicted += 1
            if any(start < e and s < end for s, e, _ in comment.spans):
                entry.right += 1
            else:
                result.false_alarms.append((comment.source, kind, comment.text[start:end]))
    return result


_PLACEHOLDER = re.compile(r"\[([a-z_ ]+)\]")


def spans_from_text(original: str, redacted: str) -> list[Span]:
    """Where a redactor that returns only text replaced something: the original text between
    the kept segments around each placeholder. Used to score an older redactor (evals
    --before), which did not report spans."""
    spans: list[Span] = []
    position = 0  # in original
    pieces = _PLACEHOLDER.split(redacted)
    # pieces: kept, kind, kept, kind, kept ...
    for n in range(0, len(pieces) - 1, 2):
        kept, kind, following = pieces[n], pieces[n + 1], pieces[n + 2]
        start = original.find(kept, position) + len(kept) if kept else position
        nxt = following[:8]
        end = original.find(nxt, start) if nxt else len(original)
        if end < start:
            end = start
        spans.append((start, end, kind))
        position = end
    return spans


@dataclass
class AmbiguousScore:
    """Capitalised words that are both a name and an ordinary word ("Will", "May", "Rose"):
    how often they were removed where they named someone, and where they did not."""

    as_names: int = 0
    removed_as_names: int = 0
    as_words: int = 0
    removed_as_words: int = 0
    wrongly_removed: list[tuple[str, str]] = field(default_factory=list)


def ambiguous_words(comments: Iterable[Labelled], redactor: Redactor) -> AmbiguousScore:
    """The precision cost of names that are also words, measured on the corpus."""
    from bot.listening.names import name_list, words  # the lists are loaded only when asked

    names = name_list()
    result = AmbiguousScore()
    for comment in comments:
        predicted = list(redactor(comment.text))
        position = 0
        for word, low, _ in words(comment.text):
            start = comment.text.index(word, position)
            end = position = start + len(word)
            if not word[:1].isupper() or low not in names.ambiguous or not names.is_name(low):
                continue
            removed = any(s <= start and end <= e for s, e, _ in predicted)
            if any(s <= start and end <= e for s, e, kind in comment.spans if kind == "name"):
                result.as_names += 1
                result.removed_as_names += removed
            elif not any(s < end and start < e for s, e, _ in comment.spans):  # not in an address…
                result.as_words += 1
                result.removed_as_words += removed
                if removed:
                    result.wrongly_removed.append((comment.source, word))
    return result
