"""Generated briefings on disk: one file each and a JSON index, in a folder the caller chooses
(a workspace's own folder), so a briefing can be downloaded again by id.

Writes are atomic (a temporary file renamed into place) and the index is rewritten under a lock,
so a crash or two requests at once never leave a half-written file or a lost entry.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import threading
import uuid
from pathlib import Path

from bot.briefing.model import BriefingFormat, BriefingRecord

INDEX = "index.json"
_ID_RE = re.compile(r"^[0-9a-f]{32}$")


def file_name_for(title: str, fmt: str) -> str:
    """A safe, readable download name: "briefing-note-why-we-should-invest.docx"."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80].rstrip("-") or "briefing-note"
    return f"{slug}.{fmt}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: a failed write never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class BriefingStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    @property
    def _index(self) -> Path:
        return self.folder / INDEX

    def _records(self) -> list[BriefingRecord]:
        if not self._index.is_file():
            return []
        return [BriefingRecord.model_validate(r) for r in json.loads(self._index.read_text(encoding="utf-8"))]

    def save(
        self, data: bytes, *, title: str, fmt: BriefingFormat, flow: str, audience: str | None, sample: bool,
        owner: str | None = None,
    ) -> BriefingRecord:
        record = BriefingRecord(
            id=uuid.uuid4().hex, title=title, format=fmt, file_name=file_name_for(title, fmt),
            audience=audience, flow=flow, sample=sample, created_at=dt.datetime.now(dt.timezone.utc), owner=owner,
        )
        with self._lock:
            write_atomic(self.folder / f"{record.id}.{fmt}", data)
            records = [*self._records(), record]
            write_atomic(self._index, json.dumps([r.model_dump(mode="json") for r in records], indent=1).encode())
        return record

    def get(self, briefing_id: str) -> BriefingRecord | None:
        if not _ID_RE.match(briefing_id):
            return None
        return next((r for r in self._records() if r.id == briefing_id), None)

    def path(self, record: BriefingRecord) -> Path:
        return self.folder / f"{record.id}.{record.format}"

    def list(self, owner: str | None = None) -> list[BriefingRecord]:
        """Newest first; with `owner`, only the briefings that key made."""
        found = [r for r in self._records() if owner is None or r.owner == owner]
        return sorted(found, key=lambda r: r.created_at, reverse=True)
