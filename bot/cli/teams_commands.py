"""Microsoft Teams on the command line: which tenant talks to which workspace, and the app
package to upload to Teams. The CLI acts as the installation's administrator ('local')."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from bot.app_context import Upward
from bot.cli import app, console, err
from bot.config import load_settings
from bot.workspace import local_context

teams_app = typer.Typer(help="Microsoft Teams: link a Microsoft 365 tenant to a workspace.", no_args_is_help=True)
app.add_typer(teams_app, name="teams")


def _links(upward: Upward):
    from bot.channels.teams.links import TenantLinks  # the Teams SDK loads only for Teams commands

    return TenantLinks(upward.settings.resolved_database_url, upward.shared.registry)


def _fail(exc: Exception) -> typer.Exit:
    err.print(f"[red]{str(exc).strip(chr(39))}[/]", highlight=False)
    return typer.Exit(2)


@teams_app.command("link")
def teams_link(
    tenant: str = typer.Option(..., "--tenant", help="The Microsoft 365 tenant id (a GUID; Entra admin centre → Overview)."),
    workspace: str = typer.Option(..., "--workspace", "-w", help="The workspace its Teams messages use."),
) -> None:
    """Let Teams users of TENANT ask Upward, in WORKSPACE."""
    upward = Upward(load_settings())
    try:
        link = _links(upward).link(tenant, workspace, by="local")
    except ValueError as exc:
        raise _fail(exc) from None
    upward.shared.activity.record(local_context(workspace), "teams.link", f"tenant {link.tenant_id}")
    console.print(f"Tenant [bold]{link.tenant_id}[/] now talks to workspace [bold]{link.workspace}[/].")


@teams_app.command("unlink")
def teams_unlink(tenant: str = typer.Option(..., "--tenant")) -> None:
    """Stop answering TENANT's Teams messages."""
    upward = Upward(load_settings())
    links = _links(upward)
    try:
        workspace = links.workspace_for(tenant)
        removed = links.unlink(tenant)
    except ValueError as exc:
        raise _fail(exc) from None
    if not removed:
        raise _fail(ValueError(f"tenant {tenant} is not linked"))
    if workspace:
        upward.shared.activity.record(local_context(workspace), "teams.unlink", f"tenant {tenant.lower()}")
    console.print(f"Tenant {tenant.lower()} unlinked.")


@teams_app.command("links")
def teams_links(as_json: bool = typer.Option(False, "--json")) -> None:
    """The linked tenants."""
    found = _links(Upward(load_settings())).all()
    if as_json:
        typer.echo(json.dumps([f.model_dump(mode="json") for f in found], indent=2))
        return
    table = Table(title="Teams tenants")
    for col in ("tenant", "workspace", "linked"):
        table.add_column(col)
    for f in found:
        table.add_row(f.tenant_id, f.workspace, f"{f.linked_at:%Y-%m-%d}")
    console.print(table)


@app.command("teams-manifest")
def teams_manifest(
    app_id: str = typer.Option(..., "--app-id", help="The Azure Bot's Microsoft App ID (UPWARD_TEAMS_APP_ID)."),
    host: str = typer.Option(..., "--host", help="The public host name Upward is served on, e.g. upward.council.gov.uk."),
    out: Path = typer.Option(Path("upward-teams.zip"), "--out", "-o", help="Where to write the app package."),
    developer: str = typer.Option("Communications team", help="Your organisation's name (up to 32 characters)."),
    website: Optional[str] = typer.Option(None, help="Support page (default https://HOST/)."),
    privacy: Optional[str] = typer.Option(None, help="Privacy notice (default https://HOST/)."),
    terms: Optional[str] = typer.Option(None, help="Terms of use (default https://HOST/)."),
    teams_app_id: Optional[str] = typer.Option(None, help="A separate GUID for the Teams app (default: the app id)."),
) -> None:
    """Write the Teams app package (manifest.json and icons, zipped), checked against the schema."""
    from bot.channels.teams.manifest import app_package, build_manifest, validate

    try:
        manifest = build_manifest(app_id, host, teams_app_id=teams_app_id, developer=developer,
                                  website=website, privacy=privacy, terms=terms)
    except ValueError as exc:
        raise _fail(exc) from None
    problems = validate(manifest)
    if problems:
        raise _fail(ValueError("the manifest does not pass its schema: " + "; ".join(problems)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(app_package(manifest))
    console.print(f"Wrote {out} (manifest {manifest['manifestVersion']}, bot {manifest['bots'][0]['botId']}, "
                  f"domain {manifest['validDomains'][0]}). Upload it in Teams admin centre → Manage apps, "
                  "or Developer Portal → Apps → Import.")
