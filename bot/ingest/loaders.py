"""Turn one file on disk into `LoadedDocument`s: parse the format, find headings, nothing more.

Every failure a user can cause (wrong type, broken file, scanned PDF, bad CSV) surfaces as a
`LoaderError` with a short reason meant to be shown next to the file name, never as a raw
library exception. Chunking, embedding and storage happen elsewhere.

Provenance is not the file's to claim. The finder, the planner and the verifier act on metadata
keys that say what a chunk is and how far to trust it — a computed audit fact (`audit_id`,
`fact_id`, `derived`), an evidence card's `strength`, sample data, the kind of source. A user's
file that sets one in its front matter is refused, naming the key; a user's evidence CSV may not
fill `strength` nor take an id of Upward's own sources. Only files in the shipped knowledge folder
(`trusted`, decided by the caller from the file's real path) may declare curated provenance
(`kind`, `fact_id`, `strength`); keys that only code computes are refused everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import yaml

from bot.ingest.archives import archive_problem
from bot.ingest.documents import KINDS, Kind, LoadedDocument, LoaderError, Section
from bot.ingest.sanitise import clean_text, is_instruction

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------

FOLDER_KINDS: dict[str, Kind] = {
    "guidance": "guidance",
    "evidence": "evidence",
    "peers": "peer",
    "peer": "peer",
    "audit": "audit",
    "public": "public",
}
DEFAULT_KIND: Kind = "guidance"

# Front-matter keys that become the document's own fields rather than `extra`.
_DOCUMENT_FIELDS = {"kind", "title", "publisher", "year", "url"}
# Metadata the chunker and the store set themselves.
STRUCTURE_KEYS = frozenset({"source", "section", "position", "page", "embedder"})
# Provenance only code computes: audit facts (bot/audit/indexing.py), public-comment facts
# (bot/listening/facts.py) and the sample label. No file may set these.
COMPUTED_KEYS = frozenset({"audit_id", "derived", "text_sha256", "listening_id", "sample"})
# Provenance a curated file may declare: only the shipped knowledge base is trusted to. (A
# `counterpoint` flag is not among them: it can only mark a source as cutting against the case.)
CURATED_KEYS = frozenset({"kind", "fact_id", "strength"})
RESERVED_KEYS = STRUCTURE_KEYS | COMPUTED_KEYS | CURATED_KEYS
# Evidence-CSV ids that name Upward's own sources: shipped evidence cards (F01 …), computed audit
# facts (AU-, AB-, AP-, AT-, G-) and public-comment facts (PC-). A user's row may not take one.
RESERVED_ID_RE = re.compile(r"^(?:F\d+|(?:AU|AB|AP|AT|G|PC)-.*)$", re.IGNORECASE)

# An Office file may inflate to at most this many times its size (or of 1 MB, if smaller);
# every part is also held to a compression ratio (bot/ingest/archives.py).
OFFICE_EXPANSION = 20
# YAML front matter is a few lines; a longer one is refused before the YAML parser sees it
# (deep nesting costs seconds and ends in a recursion error).
MAX_FRONT_MATTER = 64_000

_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_OBJECT_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>")


@dataclass(frozen=True)
class _Target:
    """What every format loader needs to know besides the bytes."""

    path: Path
    source: str
    kind: Kind | None  # explicit kind from the caller, if any
    trusted: bool = False  # shipped knowledge: may declare curated provenance

    def fail(self, reason: str) -> LoaderError:
        return LoaderError(self.source, reason)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise(text: str) -> str:
    """Collapse runs of spaces, strip each line, keep at most one blank line between paragraphs."""
    text = normalise_newlines(text)
    text = _INVISIBLE.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def prettify_stem(path: Path) -> str:
    """'social-media_audit' -> 'Social media audit': a readable title when a file has none."""
    words = " ".join(re.split(r"[-_\s]+", path.stem)).strip() or path.name
    return words[0].upper() + words[1:] if words == words.lower() else words


def kind_from_folders(path: Path) -> Kind | None:
    """The innermost parent folder named like a kind (guidance/, evidence/, peers/...) wins."""
    for part in reversed(path.parent.parts):
        kind = FOLDER_KINDS.get(part.lower())
        if kind:
            return kind
    return None


def _resolve_kind(target: _Target, front_matter_kind: Any = None) -> Kind:
    """Explicit argument > front matter > folder name > default."""
    if target.kind is not None:
        return target.kind
    if front_matter_kind not in (None, ""):
        value = str(front_matter_kind).strip().lower()
        if value not in KINDS:
            raise target.fail(
                f"front matter kind '{front_matter_kind}' is not one of {', '.join(KINDS)}"
            )
        return cast(Kind, value)
    return kind_from_folders(target.path) or DEFAULT_KIND


def _decode(raw: bytes, target: _Target) -> str:
    """UTF-8 (with or without BOM) only: guessing legacy encodings silently corrupts text."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise target.fail(
            f"not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at position {exc.start}); "
            "re-save the file as UTF-8"
        ) from None


def _short(exc: BaseException) -> str:
    """A one-line, bounded description of a library exception."""
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc  # no repr quotes
    text = " ".join(_OBJECT_REPR.sub("<data>", str(message)).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _human_size(n: int, *, round_up: bool = False) -> str:
    """'25.3 MB', '20 MB', '4.1 KB', '120 bytes'. The file size rounds up, so a file just over
    the limit never reads as equal to it."""
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if n >= scale:
            tenths = (math.ceil if round_up else math.floor)(n * 10 / scale)
            return f"{tenths / 10:g} {unit}"
    return f"{n} bytes"


def _scalar(value: Any) -> str | int | float | bool | None:
    """Values `extra` can hold; dates become ISO strings, lists and mappings are dropped."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def _opt(value: Any) -> str | None:
    text = "" if value is None else " ".join(str(value).split())
    return text or None


class _Outline:
    """Collects text under the current heading path; every heading starts a new Section."""

    def __init__(self, *, blank_lines: bool = True) -> None:
        self._blank_lines = blank_lines  # False: one line per block, as HTML block tags imply
        self._stack: list[tuple[int, str]] = []
        self._parts: list[str] = []
        self._sections: list[Section] = []

    def heading(self, level: int, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        self._flush()
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, text))

    def add(self, text: str) -> None:
        self._parts.append(text)

    def _flush(self) -> None:
        text = normalise("".join(self._parts))
        if not self._blank_lines:
            text = text.replace("\n\n", "\n")
        self._parts = []
        if text:
            self._sections.append(Section(text=text, heading_path=[t for _, t in self._stack]))

    def sections(self) -> list[Section]:
        self._flush()
        return self._sections


# --------------------------------------------------------------------------------------------
# Markdown and plain text
# --------------------------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def _plain_heading(text: str) -> str:
    """Heading text without link targets and emphasis markers, as a reader sees it."""
    return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", text)).strip()


def _front_matter(text: str, target: _Target) -> tuple[dict[str, Any], str]:
    """Split leading `---` YAML front matter from the body; bad YAML is the user's to fix."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        raise target.fail("front matter starts with '---' on line 1 but has no closing '---'")
    block = "\n".join(lines[1:close])
    if len(block) > MAX_FRONT_MATTER:
        raise target.fail(
            f"front matter is {len(block):,} characters, over the {MAX_FRONT_MATTER:,} it may hold"
        )
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or _short(exc)
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise target.fail(f"bad YAML front matter: {problem}{where}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise target.fail("bad YAML front matter: expected 'key: value' lines")
    return {str(k).strip().lower(): v for k, v in data.items()}, "\n".join(lines[close + 1 :])


def _markdown_sections(body: str) -> tuple[list[Section], str | None]:
    """Sections split on ATX headings outside fenced code; also returns the first H1."""
    outline = _Outline()
    first_h1: str | None = None
    fence: str | None = None  # the opening fence while inside a code block
    for line in body.split("\n"):
        if fence is not None:
            close = _FENCE_CLOSE.match(line)
            if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
                fence = None
            outline.add(line + "\n")
            continue
        opening = _FENCE_OPEN.match(line)
        if opening:
            fence = opening.group(1)
            outline.add(line + "\n")
            continue
        heading = _ATX.match(line)
        if heading:
            level, text = len(heading.group(1)), _plain_heading(heading.group(2) or "")
            if level == 1 and first_h1 is None and text:
                first_h1 = text
            outline.heading(level, text)
            continue
        outline.add(line + "\n")
    return outline.sections(), first_h1


def reserved_in(keys: list[str], *, trusted: bool) -> list[str]:
    """The keys a file may not set: every provenance key, or for shipped knowledge only those
    code computes and the chunker's own."""
    refused = (STRUCTURE_KEYS | COMPUTED_KEYS) if trusted else RESERVED_KEYS
    return [k for k in keys if k in refused]


def _refuse_reserved(meta: dict[str, Any], target: _Target) -> None:
    found = reserved_in(list(meta), trusted=target.trusted)
    if not found:
        return
    keys = ", ".join(f"'{k}'" for k in found)
    what = "keys" if len(found) > 1 else "key"
    hint = " (pass the kind when you ingest instead, e.g. --kind guidance)" if "kind" in found else ""
    raise target.fail(
        f"front matter sets the reserved {what} {keys}: it says where a source came from and how "
        f"far to trust it, which only Upward sets; remove it{hint}"
    )


def _load_markdown(raw: bytes, target: _Target) -> list[LoadedDocument]:
    """Markdown with optional front matter (title, kind, publisher, year, url, extras)."""
    meta, body = _front_matter(normalise_newlines(_decode(raw, target)), target)
    _refuse_reserved(meta, target)
    sections, first_h1 = _markdown_sections(body)
    extra = {
        key: value
        for key, value in ((k, _scalar(v)) for k, v in meta.items() if k not in _DOCUMENT_FIELDS)
        if value is not None
    }
    return [
        LoadedDocument(
            source=target.source,
            title=_opt(meta.get("title")) or first_h1 or prettify_stem(target.path),
            kind=_resolve_kind(target, meta.get("kind")),
            sections=sections,
            publisher=_opt(meta.get("publisher")),
            year=_opt(meta.get("year")),
            url=_opt(meta.get("url")),
            extra=extra,
        )
    ]


def _load_text(raw: bytes, target: _Target) -> list[LoadedDocument]:
    """Plain text has no structure to recover: one section, titled after the file."""
    text = normalise(_decode(raw, target))
    sections = [Section(text=text)] if text else []
    return [
        LoadedDocument(
            source=target.source,
            title=prettify_stem(target.path),
            kind=_resolve_kind(target),
            sections=sections,
        )
    ]


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_HTML_DROP = ["script", "style", "nav", "footer", "noscript", "template", "head", "title"]
_HTML_WHITESPACE = re.compile(r"\s+")
_HTML_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_HTML_BLOCKS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "form", "header", "hr", "li", "main", "ol",
    "p", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "body", "html",
}


def _walk_html(root: Any, outline: _Outline) -> None:
    """Depth-first walk without recursion (deeply nested pages must not hit the stack limit)."""
    from bs4.element import NavigableString, PreformattedString, Tag

    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            outline.add("\n")
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctype, CDATA
                outline.add(_HTML_WHITESPACE.sub(" ", str(node)))
        elif isinstance(node, Tag):
            name = (node.name or "").lower()
            if name in _HTML_HEADINGS:
                outline.heading(_HTML_HEADINGS[name], node.get_text(" ", strip=True))
            elif name == "pre":
                outline.add("\n" + node.get_text() + "\n")
            elif name == "br":
                outline.add("\n")
            elif name in ("td", "th"):
                outline.add(" " + node.get_text(" ", strip=True) + " ")
            else:
                if name in _HTML_BLOCKS:
                    outline.add("\n")
                    stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))


_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:;|$)"
    r"|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$)|(?<![-\w])color\s*:\s*(?:#fff(?:fff)?\b|white\b|rgba?\(\s*255\s*,\s*255\s*,\s*255)"
    r"|(?<![-\w])(?:height|width)\s*:\s*0(?:px)?\s*(?:;|$)",
    re.IGNORECASE,
)


def _html_hidden(tag: Any) -> bool:
    """An element the page hides from its reader: `hidden`, aria-hidden, or an inline style that
    hides it or paints it white (the usual carrier of instructions meant for an AI)."""
    attrs = getattr(tag, "attrs", None) or {}
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(str(attrs.get("style", ""))))


def _tag_text(tag: Any) -> str:
    return " ".join(tag.get_text(" ").split()) if tag is not None else ""


def _load_html(raw: bytes, target: _Target) -> list[LoadedDocument]:
    """Readable page text split on h1–h6; navigation, footers and scripts are boilerplate."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(raw, "html.parser")
    except Exception as exc:  # noqa: BLE001 - bs4 is lenient; anything raised here is fatal
        raise target.fail(f"unreadable HTML: {_short(exc)}") from None
    title = (
        _tag_text(soup.find("title")) or _tag_text(soup.find("h1")) or prettify_stem(target.path)
    )
    for tag in soup.find_all(_HTML_DROP):
        tag.extract()
    for tag in soup.find_all(_html_hidden):
        tag.extract()  # text a reader never sees (hidden, white, zero-size) is not the page's
    outline = _Outline(blank_lines=False)
    _walk_html(soup.body or soup, outline)
    return [
        LoadedDocument(
            source=target.source,
            title=title,
            kind=_resolve_kind(target),
            sections=outline.sections(),
        )
    ]


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


def _pdf_title(reader: Any) -> str | None:
    """Metadata /Title, ignoring the placeholders PDF producers write when nobody set one."""
    try:
        title = _opt(reader.metadata.title if reader.metadata else None)
    except Exception:  # noqa: BLE001 - broken metadata must not cost us the text
        return None
    if title and title.lower() not in {"untitled", "untitled document", "title"}:
        return title
    return None


def _load_pdf(raw: bytes, target: _Target) -> list[LoadedDocument]:
    """One Section per page with text, so answers can cite page numbers."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%PDF" not in raw[:1024]:
        raise target.fail("corrupt or unreadable PDF: not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise target.fail("encrypted PDF: it needs a password; save an unprotected copy")
        pages = list(reader.pages)
    except LoaderError:
        raise
    except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
        raise target.fail(f"encrypted PDF: cannot decrypt it ({_short(exc)})") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types for damaged files
        why = _short(exc)
        if b"%%EOF" not in raw[-2048:]:
            why = f"the file looks truncated (no end-of-file marker; {why})"
        raise target.fail(f"corrupt or unreadable PDF: {why}") from None
    if not pages:
        raise target.fail("corrupt or unreadable PDF: no pages found")

    title = _pdf_title(reader) or prettify_stem(target.path)
    sections: list[Section] = []
    errors: list[str] = []
    for number, page in enumerate(pages, start=1):
        try:
            text = normalise(page.extract_text() or "")
        except Exception as exc:  # noqa: BLE001 - one damaged page should not lose the rest
            errors.append(f"page {number}: {_short(exc)}")
            continue
        if text:
            sections.append(Section(text=text, heading_path=[title], page=number))
    if not sections:
        if errors:
            raise target.fail(f"corrupt or unreadable PDF: {errors[0]}")
        raise target.fail("no extractable text (scanned PDF?)")
    return [
        LoadedDocument(
            source=target.source, title=title, kind=_resolve_kind(target), sections=sections
        )
    ]


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------

_DOCX_HEADING = re.compile(r"^heading\s*([1-6])$", re.IGNORECASE)


def _docx_style(paragraph: Any) -> str:
    try:
        return (paragraph.style.name or "").strip() if paragraph.style is not None else ""
    except Exception:  # noqa: BLE001 - a dangling style reference is just body text
        return ""


def _docx_level(style: str) -> int | None:
    """0 for the Title style, 1–6 for Heading 1–6, None for body text."""
    if style.lower() == "title":
        return 0
    match = _DOCX_HEADING.match(style)
    return int(match.group(1)) if match else None


def _docx_blocks(doc: Any) -> Iterator[Any]:
    """Body paragraphs (as python-docx Paragraphs) and tables (as raw <w:tbl> elements) in
    reading order, looking inside content controls, which some templates wrap the body in."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    pending = list(doc.element.body.iterchildren())
    while pending:
        element = pending.pop(0)
        if element.tag == qn("w:p"):
            yield Paragraph(element, doc)
        elif element.tag == qn("w:tbl"):
            yield element
        elif element.tag == qn("w:sdt"):
            content = element.find(qn("w:sdtContent"))
            if content is not None:
                pending[:0] = list(content.iterchildren())


def _docx_table_rows(tbl: Any) -> Iterator[str]:
    """Each row as 'cell | cell', read from the XML so a merged cell appears once and a
    nested table's text stays inside its cell."""
    from docx.oxml.ns import qn

    def plain(element: Any) -> str:
        return "".join(t.text or "" for t in element.iter(qn("w:t")))

    for row in tbl.iterchildren(qn("w:tr")):
        cells = (" ".join(map(plain, tc.iter(qn("w:p")))) for tc in row.iterchildren(qn("w:tc")))
        line = " | ".join(" ".join(cell.split()) for cell in cells if cell.strip())
        if line:
            yield line


def _docx_run_hidden(run: Any) -> bool:
    """A run Word does not show: hidden (w:vanish, w:webHidden), white, or 1 pt or smaller."""
    from docx.oxml.ns import qn

    props = run.find(qn("w:rPr"))
    if props is None:
        return False
    for name in ("w:vanish", "w:webHidden", "w:specVanish"):
        flag = props.find(qn(name))
        if flag is not None and flag.get(qn("w:val"), "true").lower() not in ("0", "false", "off"):
            return True
    color = props.find(qn("w:color"))
    if color is not None and (color.get(qn("w:val")) or "").upper() in ("FFFFFF", "FFF"):
        return True
    size = props.find(qn("w:sz"))
    return size is not None and (size.get(qn("w:val")) or "").isdigit() and int(size.get(qn("w:val"))) <= 2


def _docx_visible_text(paragraph: Any) -> str:
    """The paragraph's text as Word shows it: hidden, white and tiny runs left out."""
    from docx.oxml.ns import qn

    runs = list(paragraph._p.iter(qn("w:r")))  # noqa: SLF001 - runs inside hyperlinks too
    if not any(_docx_run_hidden(r) for r in runs):
        return paragraph.text
    parts: list[str] = []
    for run in runs:
        if _docx_run_hidden(run):
            continue
        for child in run.iterchildren():
            if child.tag == qn("w:t"):
                parts.append(child.text or "")
            elif child.tag == qn("w:tab"):
                parts.append("\t")
            elif child.tag in (qn("w:br"), qn("w:cr")):
                parts.append("\n")
    return "".join(parts)


def _docx_failure(exc: Exception) -> str:
    """Name the common wrong-file cases (a renamed .xlsx, a .docm) instead of a content type."""
    text = _short(exc)
    match = re.search(r"content type is '([^']+)'", text)
    if not match:
        return text
    content_type = match.group(1)
    if "spreadsheetml" in content_type:
        what = "it is an Excel workbook"
    elif "presentationml" in content_type:
        what = "it is a PowerPoint file"
    elif "macroEnabled" in content_type or "template" in content_type:
        what = "it is a macro-enabled or template Word file; save it as a .docx document"
    else:
        what = f"content type {content_type}"
    return f"not a Word .docx document ({what})"


def _load_docx(raw: bytes, target: _Target) -> list[LoadedDocument]:
    """Word documents split on Title / Heading 1–6 styles; table rows kept where they appear."""
    import docx

    if raw[:4] == b"\xd0\xcf\x11\xe0":
        raise target.fail(
            "corrupt or unreadable DOCX: this is an old .doc file or a password-protected "
            "document; save it as an unprotected .docx"
        )
    if raw[:2] != b"PK":
        raise target.fail("corrupt or unreadable DOCX: not a Word .docx file (not a zip archive)")
    hostile = archive_problem(raw, max_expanded=OFFICE_EXPANSION * max(len(raw), 1_000_000))
    if hostile:
        raise target.fail(f"refused DOCX: {hostile}")
    try:
        document = docx.Document(io.BytesIO(raw))
        blocks = list(_docx_blocks(document))
    except Exception as exc:  # noqa: BLE001 - zipfile/lxml/python-docx raise many types
        raise target.fail(f"corrupt or unreadable DOCX: {_docx_failure(exc)}") from None

    outline = _Outline()
    first_heading: str | None = None
    for block in blocks:
        if not hasattr(block, "style"):  # a <w:tbl> element
            for row in _docx_table_rows(block):
                outline.add(row + "\n")
            continue
        style, text = _docx_style(block), _docx_visible_text(block)
        level = _docx_level(style)
        if level is not None and text.strip():
            if first_heading is None and level <= 1:
                first_heading = " ".join(text.split())
            outline.heading(level, text)
        elif not style.upper().startswith("TOC"):  # a table of contents repeats the headings
            outline.add(text + "\n")
    try:
        core_title = _opt(document.core_properties.title)
    except Exception:  # noqa: BLE001 - damaged core.xml only costs us the title
        core_title = None
    return [
        LoadedDocument(
            source=target.source,
            title=core_title or first_heading or prettify_stem(target.path),
            kind=_resolve_kind(target),
            sections=outline.sections(),
        )
    ]


# --------------------------------------------------------------------------------------------
# Evidence-facts CSV
# --------------------------------------------------------------------------------------------

CSV_REQUIRED = ("id", "claim", "figure", "unit", "year", "publisher", "title", "url")
CSV_OPTIONAL = ("topic", "objection", "population", "strength", "counterpoint")
_TRUE = {"true", "yes", "y", "1", "x"}


def evidence_card(row: dict[str, str]) -> str:
    """The text that gets embedded: the claim first, then figure and provenance in plain words."""
    figure = row["figure"]
    if figure and row["unit"]:
        figure += row["unit"] if row["unit"].startswith("%") else f" {row['unit']}"
    facts = [
        f"{label}: {value}."
        for label, value in (
            ("Figure", figure),
            ("Population", row["population"]),
            ("Year", row["year"]),
        )
        if value
    ]
    lines = [row["claim"]]
    if facts:
        lines.append(" ".join(facts))
    quoted_title = f"\"{row['title']}\"" if row["title"] else ""
    source = ", ".join(part for part in (row["publisher"], quoted_title) if part)
    if source:
        strength = f" ({row['strength']} source)" if row["strength"] else ""
        lines.append(f"Source: {source}{strength}.")
    if row["objection"]:
        lines.append(f"Answers the objection: {row['objection']}")
    if row["counterpoint"].lower() in _TRUE:
        lines.append("Counterpoint: this finding cuts against the case; acknowledge it.")
    return "\n".join(lines)


def _load_csv(raw: bytes, target: _Target) -> list[LoadedDocument]:
    """Only the evidence-facts layout: each row is one citable fact with its own source."""
    text = _decode(raw, target)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise target.fail(f"malformed CSV: {_short(exc)}") from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise target.fail("no text found")
    header = [cell.strip().lower() for cell in records[0]]
    missing = [column for column in CSV_REQUIRED if column not in header]
    if missing:
        raise target.fail(f"not an evidence-facts CSV: missing columns {', '.join(missing)}")

    documents: list[LoadedDocument] = []
    first_row_of: dict[str, int] = {}
    for number, record in enumerate(records[1:], start=1):
        if not any(cell.strip() for cell in record):
            continue  # blank spreadsheet rows
        row = {column: "" for column in CSV_REQUIRED + CSV_OPTIONAL}
        row.update({name: " ".join(v.split()) for name, v in zip(header, record, strict=False)})
        where = f"data row {number} (spreadsheet row {number + 1}, counting the header)"
        empty = [column for column in ("id", "claim") if not row[column]]
        if empty:
            raise target.fail(f"{where}: empty {' and '.join(empty)}")
        fact_id = row["id"]
        if not target.trusted and RESERVED_ID_RE.match(fact_id):
            raise target.fail(
                f"{where}: id '{fact_id}' is reserved for Upward's own sources (evidence cards "
                "F01…, computed facts AU-, AB-, AP-, AT-, G-, PC-); give your rows another id"
            )
        if not target.trusted and any(is_instruction(row[c]) for c in ("claim", "title", "publisher", "population")):
            raise target.fail(
                f"{where}: the row reads as instructions to an AI assistant, not a finding; "
                "an evidence row states what a source found"
            )
        if not target.trusted and row["strength"]:
            raise target.fail(
                f"{where}: column 'strength' is reserved for Upward's checked evidence cards "
                f"(it says '{row['strength']}'); leave it blank in your own files"
            )
        if fact_id in first_row_of:
            raise target.fail(
                f"duplicate id '{fact_id}' in data rows {first_row_of[fact_id]} and {number}"
            )
        first_row_of[fact_id] = number
        counterpoint = row["counterpoint"].lower() in _TRUE
        documents.append(
            LoadedDocument(
                source=f"{target.source}#{fact_id}",
                title=row["title"] or f"Evidence {fact_id}",
                kind=target.kind or "evidence",
                sections=[
                    Section(
                        text=normalise(evidence_card(row)),
                        heading_path=[f"Evidence {fact_id}"]
                        + [h for h in (row["topic"] or row["objection"],) if h],
                    )
                ],
                publisher=row["publisher"] or None,
                year=row["year"] or None,
                url=row["url"] or None,
                extra={
                    "fact_id": fact_id,
                    "topic": row["topic"],
                    "objection": row["objection"],
                    "population": row["population"],
                    "figure": row["figure"],
                    "unit": row["unit"],
                    "strength": row["strength"],
                    "counterpoint": counterpoint,
                },
            )
        )
    if not documents:
        raise target.fail("no text found (the CSV has a header but no data rows)")
    return documents


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

_LOADERS: dict[str, Callable[[bytes, _Target], list[LoadedDocument]]] = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
    ".csv": _load_csv,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_LOADERS)


def load_file(
    path: Path,
    *,
    kind: Kind | None = None,
    max_bytes: int = 20_000_000,
    source: str | None = None,
    trusted: bool = False,
) -> list[LoadedDocument]:
    """Parse one file into documents (one per file; one per row for an evidence CSV).

    `source` is the id recorded on the documents (default: the path as given). `trusted` is for
    Upward's shipped knowledge only: such a file may declare curated provenance (kind, strength,
    fact ids). Raises `LoaderError` with a human-readable reason for anything that cannot be
    ingested, including a file that sets a reserved provenance key.
    """
    path = Path(path)
    target = _Target(path=path, source=source or str(path), kind=kind, trusted=trusted)
    if kind is not None and kind not in KINDS:
        raise target.fail(f"unknown kind '{kind}' (expected one of {', '.join(KINDS)})")
    if not path.exists():
        raise target.fail("file not found")
    if not path.is_file():
        raise target.fail("not a regular file")
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        shown = f"'{suffix}'" if suffix else "with no extension"
        raise target.fail(
            f"unsupported file type {shown} (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    try:
        size = path.stat().st_size
        if size == 0:
            raise target.fail("empty file")
        if size > max_bytes:
            raise target.fail(
                f"file is {_human_size(size, round_up=True)}, "
                f"over the {_human_size(max_bytes)} limit"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise target.fail(f"cannot read file: {exc.strerror or _short(exc)}") from None

    try:
        documents = loader(raw, target)
    except LoaderError:
        raise
    except Exception as exc:  # noqa: BLE001 - last line of defence: never leak library errors
        raise target.fail(f"could not read this {suffix} file: {_short(exc)}") from None

    if not trusted:
        documents = [_as_read(doc, target, markdown=suffix in (".md", ".markdown"),
                              paragraphs=suffix in (".md", ".markdown", ".txt")) for doc in documents]
    documents = [doc for doc in documents if doc.sections]
    if not documents:
        raise target.fail("no text found")
    return documents


def _as_read(doc: LoadedDocument, target: _Target, *, markdown: bool, paragraphs: bool) -> LoadedDocument:
    """A user's document as a person reading it sees it, without instructions to an AI
    (bot/ingest/sanitise.py): what is dropped is logged, never indexed."""
    sections: list[Section] = []
    dropped = 0
    for section in doc.sections:
        text, n = clean_text(section.text, markdown=markdown, paragraphs=paragraphs)
        dropped += n
        text = normalise(text)
        headings = [h for h in (normalise(clean_text(h)[0]) for h in section.heading_path) if h and not is_instruction(h)]
        dropped += len(section.heading_path) - len(headings)
        if text:
            sections.append(section.model_copy(update={"text": text, "heading_path": headings}))
    title = " ".join(normalise(clean_text(doc.title)[0]).split())
    if not title or is_instruction(title):
        title, dropped = prettify_stem(target.path), dropped + 1
    if dropped:
        log.warning("%s: %d passage(s) addressed to an AI assistant left out of the index", target.source, dropped)
    return doc.model_copy(update={"sections": sections, "title": title})
