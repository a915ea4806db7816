"""`brief` in Teams: a briefing note of the thread's last answer, and a signed link to download it.

A Teams user has no Upward key, so the link carries its own proof: an HMAC over the workspace,
the briefing id and an expiry, with a secret that lives only in this process (a restart retires
every link; the note stays in the workspace and can be listed with `GET /v1/briefings`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import urlencode

from bot.briefing import BriefingRecord, BriefingRequest, BriefingStore, make_briefing
from bot.service import UpwardService

LINK_TTL_S = 24 * 3600
DOWNLOAD_PATH = "/api/teams/briefings"
# The address the Bot Connector reached us on, set per request by the /api/messages route: the
# download link points back to the same public host.
public_base: ContextVar[str] = ContextVar("teams_public_base", default="")


class BriefingLinks:
    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _sig(self, workspace: str, briefing_id: str, expires: int) -> str:
        return hmac.new(self._secret, f"{workspace}/{briefing_id}/{expires}".encode(), hashlib.sha256).hexdigest()

    def url(self, base: str, workspace: str, briefing_id: str, *, now: float | None = None) -> str:
        expires = int((now or time.time()) + LINK_TTL_S)
        query = urlencode({"expires": expires, "sig": self._sig(workspace, briefing_id, expires)})
        return f"{base.rstrip('/')}{DOWNLOAD_PATH}/{workspace}/{briefing_id}?{query}"

    def valid(self, workspace: str, briefing_id: str, expires: int, sig: str, *, now: float | None = None) -> bool:
        return expires >= (now or time.time()) and hmac.compare_digest(self._sig(workspace, briefing_id, expires), sig)

    def make(self, service: UpwardService, conversation_id: str, owner: str) -> tuple[str, BriefingRecord]:
        """Make a .docx note of the conversation's last answer, store it, return its link."""
        made = make_briefing(service, BriefingRequest(conversation_id=conversation_id), owner=owner)
        record = BriefingStore(service.workspace.briefings_dir).save(
            made.data, title=made.note.title, fmt=made.format, flow=made.flow, audience=made.audience, sample=made.sample
        )
        return self.url(public_base.get(), service.workspace.name, record.id), record

    @staticmethod
    def file(service: UpwardService, briefing_id: str) -> tuple[Path, BriefingRecord] | None:
        store = BriefingStore(service.workspace.briefings_dir)
        record = store.get(briefing_id)
        if record is None or not store.path(record).is_file():
            return None
        return store.path(record), record
