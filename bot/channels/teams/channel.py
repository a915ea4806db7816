"""The Teams endpoint: `POST /api/messages` on the same FastAPI app, built on the Microsoft 365
Agents SDK (`microsoft-agents-hosting-fastapi`).

A request passes, in order: the token gate (401, the SDK never runs), the tenant link (401 with a
polite message and an activity-log line, nothing read from any workspace), then the SDK's adapter
and `AgentApplication`, whose handlers are `UpwardTeamsBot`'s. Replies go back to the Bot
Connector with a token from the app registration (MSAL), or from the `connections` a test passes.
"""

from __future__ import annotations

import json
import logging
import re

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import (
    AgentApplication, ApplicationOptions, MemoryStorage, OutboundHostValidator, TurnState,
)
from microsoft_agents.hosting.core.authorization import AuthTypes, Connections
from microsoft_agents.hosting.fastapi import CloudAdapter
from starlette.concurrency import run_in_threadpool

from bot.app_context import Upward
from bot.channels.teams.auth import TokenGate, Unauthorized, sdk_auth_configuration
from bot.channels.teams.bot import UpwardTeamsBot, tenant_of
from bot.channels.teams.briefings import DOWNLOAD_PATH, BriefingLinks, public_base
from bot.channels.teams.links import TenantLinks
from bot.config import Settings
from bot.workspace import DEFAULT_WORKSPACE, RequestContext, UnknownWorkspace

log = logging.getLogger(__name__)
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
NOT_LINKED = ("This Microsoft 365 organisation is not linked to an Upward workspace yet, so Upward cannot "
              "answer here. Please ask your Upward administrator to link it.")


class TeamsMisconfigured(ValueError):
    """The Teams channel is switched on (UPWARD_TEAMS_APP_ID) without what it needs."""


def check_settings(settings: Settings) -> None:
    """Refuse to start a half-configured Teams channel, saying what is missing."""
    problems = []
    if not GUID.fullmatch(settings.teams_app_id or ""):
        problems.append("UPWARD_TEAMS_APP_ID must be the Azure Bot's Microsoft App ID (a GUID)")
    if not settings.teams_app_password and not settings.teams_certificate_pfx:
        problems.append("set UPWARD_TEAMS_APP_PASSWORD (the client secret) or UPWARD_TEAMS_CERTIFICATE_PFX")
    if settings.teams_app_password and settings.teams_certificate_pfx:
        problems.append("set only one of UPWARD_TEAMS_APP_PASSWORD and UPWARD_TEAMS_CERTIFICATE_PFX")
    if settings.teams_certificate_pfx and not settings.teams_certificate_pfx.is_file():
        problems.append(f"UPWARD_TEAMS_CERTIFICATE_PFX: no file at {settings.teams_certificate_pfx}")
    if not GUID.fullmatch(settings.teams_tenant_id or ""):
        problems.append("UPWARD_TEAMS_TENANT_ID must be the app registration's tenant id (a GUID)")
    if problems:
        raise TeamsMisconfigured("the Teams channel is on (UPWARD_TEAMS_APP_ID) but: " + "; ".join(problems)
                                 + ". See docs/teams.md.")


class TeamsChannel:
    """Everything /api/messages needs, built once at start-up."""

    def __init__(
        self,
        upward: Upward,
        *,
        connections: Connections | None = None,
        briefings: bool = True,
        validate_hosts: bool | None = None,
    ) -> None:
        settings = upward.settings
        check_settings(settings)
        credentials = (
            {"auth_type": AuthTypes.certificate, "cert_pfx_file": str(settings.teams_certificate_pfx)}
            if settings.teams_certificate_pfx
            else {"auth_type": AuthTypes.client_secret, "client_secret": settings.teams_app_password.get_secret_value()}
        )
        self.config = sdk_auth_configuration(settings.teams_app_id, settings.teams_tenant_id, **credentials)
        self.gate = TokenGate(self.config)
        self.links = TenantLinks(settings.resolved_database_url, upward.shared.registry)
        self.upward = upward
        connections = connections or MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": self.config})
        # In production the SDK also refuses a serviceUrl outside Microsoft's hosts (it refuses
        # loopback too, so a local test server runs without it; the gate's claim check stays on).
        on = (not settings.on_loopback) if validate_hosts is None else validate_hosts
        self.adapter = CloudAdapter(connection_manager=connections, host_validator=OutboundHostValidator(enabled=on))
        self.app = AgentApplication[TurnState](
            ApplicationOptions(storage=MemoryStorage(), bot_app_id=settings.teams_app_id,
                               remove_recipient_mention=False, start_typing_timer=False),
            connection_manager=connections,
        )
        self.briefs = BriefingLinks() if briefings else None
        self.bot = UpwardTeamsBot(upward, self.links, briefs=self.briefs)
        self.app.activity("message")(self.bot.on_message)
        self.app.invoke("message/submitAction")(self.bot.on_feedback)
        self.app.conversation_update("membersAdded")(self.bot.on_installed)
        self.app.error(self.bot.on_error)
        self.adapter.on_turn_error = self.bot.on_error

    def refuse_tenant(self, tenant: str | None) -> None:
        """Log a message from a tenant no workspace has (no content: the tenant id only)."""
        log.warning("Teams message from unlinked tenant %s refused", tenant)
        ctx = RequestContext(workspace=DEFAULT_WORKSPACE, role="reader", key_name="teams")
        self.upward.shared.activity.record(ctx, "teams.refused", f"tenant {tenant or '(none)'}")


router = APIRouter(tags=["teams"])


def _unauthorized(detail: str) -> JSONResponse:
    return JSONResponse(status_code=401, content={"error": detail})


@router.post("/api/messages", include_in_schema=False)
async def messages(request: Request) -> Response:
    """Activities from the Bot Connector: authenticated, tenant-checked, then handed to the SDK."""
    channel: TeamsChannel = request.app.state.teams
    try:
        body = json.loads(await request.body())
        if not isinstance(body, dict):
            raise ValueError
    except ValueError:
        return JSONResponse(status_code=400, content={"error": "the body is not a JSON activity"})
    try:
        request.state.claims_identity = await channel.gate.verify(request.headers.get("authorization"), body)
    except Unauthorized as exc:
        log.warning("Teams request refused: %s", exc)
        return _unauthorized("Invalid token or authentication failed.")
    tenant = tenant_of(body)
    workspace = await run_in_threadpool(channel.links.workspace_for, tenant)
    if workspace is None:
        await run_in_threadpool(channel.refuse_tenant, tenant)
        return _unauthorized(NOT_LINKED)
    if body.get("type") == "message":  # each person's messages count against the per-key rate (429)
        sender = body.get("from") if isinstance(body.get("from"), dict) else {}
        person = str(sender.get("aadObjectId") or sender.get("id") or "unknown")
        request.app.state.rate_limits.check(RequestContext(workspace=workspace, role="reader", key_name=f"teams:{person}"[:80]))
    token = public_base.set(str(request.base_url))
    try:
        return await channel.adapter.process(request, channel.app)
    finally:
        public_base.reset(token)


@router.get(DOWNLOAD_PATH + "/{workspace}/{briefing_id}", include_in_schema=False)
async def briefing_download(workspace: str, briefing_id: str, expires: int, sig: str, request: Request) -> FileResponse:
    """A briefing note made in Teams, by its signed, expiring link."""
    channel: TeamsChannel = request.app.state.teams
    if channel.briefs is None or not channel.briefs.valid(workspace, briefing_id, expires, sig):
        raise HTTPException(status_code=404, detail="this link is not valid or has expired")
    try:
        service = channel.upward.service(workspace)
    except (UnknownWorkspace, ValueError):
        raise HTTPException(status_code=404, detail="this link is not valid or has expired") from None
    found = await run_in_threadpool(BriefingLinks.file, service, briefing_id)
    if found is None:
        raise HTTPException(status_code=404, detail="this briefing no longer exists")
    path, record = found
    return FileResponse(path, media_type=record.media_type, filename=record.file_name)


def mount(app, upward: Upward, **options) -> TeamsChannel:
    """Switch the Teams endpoint on for `app` (start-up fails with `TeamsMisconfigured` when the
    settings are incomplete)."""
    channel = TeamsChannel(upward, **options)
    app.state.teams = channel
    app.include_router(router)
    return channel
