"""Plain, safe text for documents: what comes from answers and user files is cleaned here once.

Control characters would break the Word XML or turn into page and paragraph breaks (docxtpl reads
\\f, \\a and \\n in values as layout), so every value is one line of printable text. Only a
published source's own http(s) address may become a hyperlink.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# C0/C1 controls, and code points XML 1.0 does not allow; whitespace is collapsed separately.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_COMMAND_RE = re.compile(r"\s*(?:with|using|by running|run)\s+`[^`]*`")


def clean(text: str) -> str:
    """One line of printable text: controls dropped, any run of whitespace a single space."""
    return " ".join(_UNSAFE_RE.sub("", str(text)).split())


def plain_gap(gap: str | None) -> str:
    """A section's "data to gather" note for a leader: without the CLI commands it names."""
    text = _COMMAND_RE.sub("", gap or "").replace("`", "")
    return clean(text).rstrip(" .;")


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) address with nothing odd in it, else None."""
    if not url:
        return None
    url = url.strip()
    if clean(url) != url or " " in url or '"' in url or "<" in url or ">" in url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
