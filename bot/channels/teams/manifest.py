"""The Teams app package: manifest.json (schema v1.29) with the bot, its command lists and valid
domains, and the two icons Teams asks for (192×192 colour, 32×32 white outline on transparent),
zipped ready to upload in Teams admin centre or Developer Portal.

The icons are drawn here (Pillow), and the zip is byte-for-byte the same for the same inputs.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

from bot import __version__
from bot.channels.teams.links import TENANT_RE as GUID
from bot.channels.teams.commands import COMMANDS

MANIFEST_VERSION = "1.29"
SCHEMA_URL = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}/MicrosoftTeams.schema.json"
SCHEMA_FILE = Path(__file__).parent / "schema" / "manifest.schema.json"
ACCENT = "#1F5C99"
HOST_RE = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
SCOPES = ["personal", "team", "groupChat"]
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def check_host(host: str) -> str:
    """The public host name Teams reaches Upward on (`upward.council.gov.uk`; a URL is accepted
    and reduced to its host)."""
    found = re.sub(r"^https?://", "", host.strip().lower()).split("/", 1)[0]
    if not HOST_RE.fullmatch(found):
        raise ValueError(f"invalid host {host!r}: give the public DNS name, e.g. upward.council.gov.uk")
    return found


def build_manifest(
    app_id: str, host: str, *, teams_app_id: str | None = None, developer: str = "Communications team",
    website: str | None = None, privacy: str | None = None, terms: str | None = None, briefings: bool = True,
) -> dict:
    if not GUID.fullmatch(app_id or ""):
        raise ValueError(f"invalid app id {app_id!r}: the Azure Bot's Microsoft App ID is a GUID")
    if teams_app_id and not GUID.fullmatch(teams_app_id):
        raise ValueError(f"invalid Teams app id {teams_app_id!r}: a GUID")
    host = check_host(host)
    base = f"https://{host}/"
    commands = [{"title": name, "description": what} for name, what in COMMANDS if briefings or name != "brief"]
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": __version__,
        "id": (teams_app_id or app_id).lower(),
        "developer": {"name": developer[:32], "websiteUrl": website or base, "privacyUrl": privacy or base,
                      "termsOfUseUrl": terms or base},
        "name": {"short": "Upward", "full": "Upward: evidence for making the case for social media"},
        "description": {
            "short": "Answer leaders' objections to social media with cited, checked evidence.",
            "full": "Upward helps public-sector communications staff answer a leader's objections to social "
                    "media (\"a waste of time\", \"only for young people\", \"too risky\") with evidence: every "
                    "claim cited, every figure checked against its source. Ask a question, draft a business "
                    "case for the finance director, rehearse a difficult conversation, or turn an answer into "
                    "a briefing note.",
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "bots": [{
            "botId": app_id.lower(),
            "scopes": SCOPES,
            "supportsFiles": False,
            "isNotificationOnly": False,
            "commandLists": [{"scopes": SCOPES, "commands": commands}],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [host],
    }


def _arrow(size: int) -> list[tuple[float, float]]:
    s = size / 32
    return [(16 * s, 4 * s), (28 * s, 16 * s), (20 * s, 16 * s), (20 * s, 28 * s),
            (12 * s, 28 * s), (12 * s, 16 * s), (4 * s, 16 * s)]


def color_icon() -> bytes:
    """192×192: a white upward arrow on the accent colour."""
    image = Image.new("RGB", (192, 192), ACCENT)
    ImageDraw.Draw(image).polygon(_arrow(192), fill="white")
    return _png(image)


def outline_icon() -> bytes:
    """32×32: the arrow's white outline on a transparent background, as Teams asks."""
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    ImageDraw.Draw(image).polygon(_arrow(32), outline=(255, 255, 255, 255), width=2)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def app_package(manifest: dict) -> bytes:
    """manifest.json and the icons, zipped at the top level (as Teams requires)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False).encode()),
                           ("color.png", color_icon()), ("outline.png", outline_icon())):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()


def validate(manifest: dict) -> list[str]:
    """Problems with the manifest against Upward's manifest schema (empty when valid)."""
    from jsonschema import Draft7Validator

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    errors = sorted(Draft7Validator(schema).iter_errors(manifest), key=lambda e: list(e.path))
    return [f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors]
