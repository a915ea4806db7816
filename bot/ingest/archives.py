"""Look inside an Office file (.docx, .xlsx: a zip of XML parts) before any parser opens it.

A hostile archive can be small on the wire and enormous once inflated (a zip bomb), carry an XML
DTD whose entities expand a billion times or read local files (billion laughs, XXE), or hold a
million-row worksheet in a few megabytes. Office applications never write a DTD, so any is
refused. Sizes come from the zip directory, which Python's zipfile enforces while reading (a
member that inflates past its declared size fails its CRC check), so they can be trusted as
upper bounds. Every check streams: nothing is inflated whole.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

MAX_MEMBERS = 2_000
MAX_RATIO = 200  # inflated / compressed; Office XML is typically 5-20, a zip bomb ~1,000
RATIO_FLOOR = 5_000_000  # only members inflating past this are held to MAX_RATIO
PROLOG_LIMIT = 1 << 20  # an XML part must reach its root element within 1 MiB
_XML_PART = re.compile(r"\.(?:xml|rels|vml)$", re.IGNORECASE)
_ROOT = re.compile(rb"<[A-Za-z_]")
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e6:.2f} MB"


def archive_problem(
    source: bytes | Path, *, max_expanded: int, max_rows: int | None = None
) -> str | None:
    """Why this Office archive must not be opened, or None. A file that is not a readable zip at
    all is left to the format's own loader to report (it names the common wrong-file cases)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            return f"the archive holds {len(members)} parts, over the {MAX_MEMBERS} an Office file may have"
        total = sum(m.file_size for m in members)
        if total > max_expanded:
            return (f"the archive expands to {_mb(total)}, over the {_mb(max_expanded)} limit for an "
                    "Office file (a zip bomb?)")
        for member in members:
            if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                return (f"the part '{member.filename[:80]}' expands from {_mb(member.compress_size)} to "
                        f"{_mb(member.file_size)} (a zip bomb?)")
        try:
            for member in members:
                if _XML_PART.search(member.filename):
                    problem = _prolog_problem(archive, member)
                    if problem:
                        return problem
            if max_rows is not None:
                for member in members:
                    if _SHEET.match(member.filename):
                        rows = _count_rows(archive, member, max_rows)
                        if rows > max_rows:
                            return (f"the worksheet '{member.filename.rsplit('/', 1)[-1]}' has more than "
                                    f"{max_rows} rows, the limit (UPWARD_MAX_CSV_ROWS)")
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
            return None  # damaged or encrypted members: the loader reports the file as unreadable
    return None


def _prolog_problem(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> str | None:
    """A DTD (entity declarations) before the root element, or a prolog that never ends."""
    seen = b""
    with archive.open(member) as stream:
        while not _has_root(seen):
            if len(seen) >= PROLOG_LIMIT:
                return f"the part '{member.filename[:80]}' has no XML element in its first MiB"
            chunk = stream.read(16_384)
            if not chunk:
                break
            seen += chunk
    if _DTD.search(seen):
        return (f"the part '{member.filename[:80]}' declares a DTD with entities, which Office files never "
                "do (an entity expansion or external-entity attack)")
    return None


def _has_root(data: bytes) -> bool:
    """Whether the first element has started (comments skipped: '<!-- <a -->' is no element)."""
    return _ROOT.search(_COMMENT.sub(b"", data)) is not None


def _count_rows(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> int:
    """Rows in a worksheet part, streamed; stops counting just past `limit`."""
    rows = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            rows += len(_ROW.findall(data))
            # keep an unfinished tag at the edge for the next chunk, without counting it twice
            cut = data.rfind(b"<")
            if cut >= 0 and _ROW.match(data, cut) is None and len(data) - cut < 64:
                tail = data[cut:]
            else:
                tail = b""
            if rows > limit:
                break
    return rows
