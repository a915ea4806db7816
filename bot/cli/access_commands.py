"""Workspaces, keys and data protection on the command line: thin over the same services as the
API. The CLI runs on the server itself, so it acts as the installation's administrator; every
change is written to the activity log as 'local'."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from bot.app_context import Upward
from bot.cli import DEFAULT_WORKSPACE, WorkspaceOption, _service, app, console, err
from bot.config import load_settings
from bot.governance import delete_audit, delete_conversation, delete_document, delete_listening, export_zip, purge
from bot.problems import NotFound
from bot.security.keys import KeyInfo, parse_duration
from bot.workspace import ROLES, local_context

workspace_app = typer.Typer(help="Create, list, show and delete workspaces.", no_args_is_help=True)
key_app = typer.Typer(help="API keys: create (the secret is shown once), list, revoke.", no_args_is_help=True)
embed_app = typer.Typer(help="Public embed keys for the intranet widget, tied to origins.", no_args_is_help=True)
delete_app = typer.Typer(help="Delete data from a workspace (rows, index entries and files).", no_args_is_help=True)
app.add_typer(workspace_app, name="workspace")
app.add_typer(key_app, name="key")
app.add_typer(embed_app, name="embed-key")
app.add_typer(delete_app, name="delete")


def _upward() -> Upward:
    return Upward(load_settings())


def _fail(exc: Exception) -> typer.Exit:
    message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)  # KeyError quotes its str
    err.print(f"[red]{message}[/]", highlight=False)
    return typer.Exit(2)


# --- workspaces -------------------------------------------------------------------------------
@workspace_app.command("create")
def workspace_create(
    name: str = typer.Argument(..., help="1-40 lower-case letters, digits and hyphens."),
    retention_days: Optional[int] = typer.Option(None, help="Retention period (default UPWARD_RETENTION_DAYS)."),
) -> None:
    upward = _upward()
    try:
        info = upward.shared.registry.create(name, retention_days=retention_days)
    except ValueError as exc:
        raise _fail(exc) from None
    upward.shared.activity.record(local_context(name), "workspace.create", name)
    console.print(f"Workspace [bold]{info.name}[/] created (retention {info.retention_days} days). "
                  f"Next: upward key create --workspace {info.name} --role admin")


@workspace_app.command("list")
def workspace_list(as_json: bool = typer.Option(False, "--json")) -> None:
    found = _upward().shared.registry.all()
    if as_json:
        typer.echo(json.dumps([w.model_dump(mode="json") for w in found], indent=2))
        return
    table = Table(title="Workspaces")
    for col in ("name", "created", "retention (days)"):
        table.add_column(col)
    for w in found:
        table.add_row(w.name, f"{w.created_at:%Y-%m-%d}", str(w.retention_days))
    console.print(table)


@workspace_app.command("show")
def workspace_show(name: str = typer.Argument(DEFAULT_WORKSPACE), as_json: bool = typer.Option(False, "--json")) -> None:
    service = _service(name)
    info = service.shared.registry.require(name)
    summary = {
        **info.model_dump(mode="json"),
        "documents": sum(1 for _ in service.own_store.manifest.all()),
        "chunks": service.own_store.count(),
        "audits": service.audits.ids(),
        "active_audit": service.audits.active_id(),
        "listening_imports": [s.id for s in service.listening.list()],
        "conversations": len(service.memory.ids()),
        "keys": len(service.shared.keys.list(name)),
    }
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    for field, value in summary.items():
        console.print(f"[bold]{field}[/]: {value}", highlight=False)


@workspace_app.command("delete")
def workspace_delete(
    name: str = typer.Argument(...),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Delete a workspace with everything in it: rows, index, files and keys."""
    upward = _upward()
    try:
        upward.shared.registry.require(name)
    except ValueError as exc:
        raise _fail(exc) from None
    if not yes and not typer.confirm(f"Delete workspace '{name}' and all its data?"):
        raise typer.Exit(1)
    upward.delete_workspace(name, local_context(name))
    console.print(f"Workspace [bold]{name}[/] deleted.")


# --- keys -------------------------------------------------------------------------------------
def _key_table(keys: list[KeyInfo]) -> Table:
    table = Table(title="Keys")
    for col in ("id", "name", "workspace", "role", "kind", "origins", "expires", "last used", "revoked"):
        table.add_column(col, overflow="fold")
    for k in keys:
        table.add_row(k.id, k.name, k.workspace, k.role, k.kind, ", ".join(k.origins),
                      f"{k.expires:%Y-%m-%d}" if k.expires else "never",
                      f"{k.last_used:%Y-%m-%d %H:%M}" if k.last_used else "-",
                      f"{k.revoked:%Y-%m-%d}" if k.revoked else "")
    return table


def _create_key(workspace: str, role: str, name: Optional[str], expires: Optional[str], as_json: bool,
                kind: str = "api", origins: list[str] | None = None) -> None:
    upward = _upward()
    try:
        upward.shared.registry.require(workspace)
        key = upward.shared.keys.create(
            workspace=workspace, role=role, name=name, kind=kind,  # type: ignore[arg-type]
            expires_in=parse_duration(expires) if expires else None, origins=origins,
        )
    except ValueError as exc:
        raise _fail(exc) from None
    upward.shared.activity.record(local_context(workspace), "key.create", f"{key.id} ({key.name}, {key.role})")
    if as_json:
        typer.echo(json.dumps({
            "id": key.id, "name": key.name, "workspace": key.workspace, "role": key.role,
            "expires": key.expires.isoformat() if key.expires else None, "secret": key.secret,
            **({"origins": key.origins} if kind == "embed" else {}),
        }))
        return
    console.print(f"Key [bold]{key.id}[/] ({key.name}, {key.role}) for workspace {key.workspace}.")
    console.print("Secret (shown only now, store it safely):")
    typer.echo(key.secret)


@key_app.command("create")
def key_create(
    workspace: str = typer.Option(DEFAULT_WORKSPACE, "--workspace", "-w"),
    role: str = typer.Option(..., help=f"One of: {', '.join(ROLES)}."),
    name: Optional[str] = typer.Option(None, help="A name that says who holds it."),
    expires: Optional[str] = typer.Option(None, help="e.g. 90d, 12h, 2w; default: never."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Create an API key; only its hash is stored."""
    _create_key(workspace, role, name, expires, as_json)


@key_app.command("list")
def key_list(
    workspace: Optional[str] = typer.Option(None, "--workspace", "-w"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    keys = _upward().shared.keys.list(workspace)
    if as_json:
        typer.echo(json.dumps([{
            "id": k.id, "name": k.name, "workspace": k.workspace, "role": k.role, "kind": k.kind,
            "expires": k.expires.isoformat() if k.expires else None,
            "last_used": k.last_used.isoformat() if k.last_used else None,
            "revoked": k.revoked.isoformat() if k.revoked else None,
        } for k in keys], indent=2))
        return
    console.print(_key_table(keys))


@key_app.command("revoke")
def key_revoke(key_id: str = typer.Argument(...)) -> None:
    upward = _upward()
    try:
        key = upward.shared.keys.revoke(key_id)
    except KeyError as exc:
        raise _fail(exc) from None
    upward.shared.activity.record(local_context(key.workspace), "key.revoke", key_id)
    console.print(f"Key {key_id} revoked.")


@embed_app.command("create")
def embed_create(
    workspace: str = typer.Option(DEFAULT_WORKSPACE, "--workspace", "-w"),
    origin: list[str] = typer.Option(..., help="An allowed page origin, e.g. https://intranet.example.gov (repeatable)."),
    name: Optional[str] = typer.Option(None),
    expires: Optional[str] = typer.Option(None),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Create a public, reader-only embed key that works only from the given origins."""
    _create_key(workspace, "reader", name, expires, as_json, kind="embed", origins=origin)


@embed_app.command("list")
def embed_list(workspace: Optional[str] = typer.Option(None, "--workspace", "-w")) -> None:
    console.print(_key_table([k for k in _upward().shared.keys.list(workspace) if k.kind == "embed"]))


@embed_app.command("revoke")
def embed_revoke(key_id: str = typer.Argument(...)) -> None:
    key_revoke(key_id)


# --- data protection --------------------------------------------------------------------------
@app.command("purge")
def purge_command(workspace: WorkspaceOption = DEFAULT_WORKSPACE) -> None:
    """Apply the workspace's retention period now (it also runs when the server starts, and daily)."""
    report = purge(_service(workspace), local_context(workspace))
    console.print(
        f"Retention {report.retention_days} days in '{report.workspace}': removed {report.conversations} "
        f"conversation(s), {report.listening_imports} comment import(s), {report.feedback} feedback item(s)."
    )


@app.command("retention")
def retention(days: int = typer.Argument(..., min=1, max=3650), workspace: WorkspaceOption = DEFAULT_WORKSPACE) -> None:
    """Set how long conversations, imported comments and feedback are kept (days)."""
    service = _service(workspace)
    info = service.shared.registry.set_retention(workspace, days)
    service.shared.activity.record(local_context(workspace), "retention.set", f"{days} days")
    console.print(f"Retention in '{workspace}' is now {info.retention_days} days.")


@app.command("export")
def export_command(
    out: Path = typer.Option(..., help="The zip file to write."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Everything a workspace holds as one zip (subject-access requests, leaving)."""
    data = export_zip(_service(workspace), local_context(workspace))
    out.write_bytes(data)
    console.print(f"Wrote {out} ({len(data) / 1e6:.1f} MB).")


@app.command("activity")
def activity(workspace: WorkspaceOption = DEFAULT_WORKSPACE, limit: int = typer.Option(50)) -> None:
    """Who did what and when (never secrets or content)."""
    table = Table(title=f"Activity in '{workspace}'")
    for col in ("when", "who", "action", "target"):
        table.add_column(col, overflow="fold")
    for a in _service(workspace).shared.activity.read(workspace, limit):
        table.add_row(f"{a.at:%Y-%m-%d %H:%M:%S}", a.key_name, a.action, a.target)
    console.print(table)


@app.command("feedback")
def feedback(workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: bool = typer.Option(False, "--json")) -> None:
    """Feedback people gave on answers (widget, Teams, API), newest first."""
    items = _service(workspace).feedback.list()
    if as_json:
        typer.echo(json.dumps([i.model_dump(mode="json") for i in items], indent=2))
        return
    table = Table(title=f"Feedback in '{workspace}'")
    for col in ("when", "rating", "reason", "comment", "conversation", "channel"):
        table.add_column(col, overflow="fold")
    for i in items:
        table.add_row(f"{i.created_at:%Y-%m-%d %H:%M}", i.rating, i.reason or "", i.comment or "",
                      i.conversation_id, i.channel)
    console.print(table)


def _delete_command(name: str, what: str, delete, argument: str) -> None:
    """Register `upward delete NAME TARGET`: one command per kind of data, the same shape."""

    def command(
        target: str = typer.Argument(..., help=argument),
        workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    ) -> None:
        try:
            delete(_service(workspace), local_context(workspace), target)
        except NotFound as exc:
            raise _fail(exc) from None
        console.print(f"Deleted {what}.")

    delete_app.command(name, help=f"Delete {what}: its rows, index entries and files.")(command)


_delete_command("conversation", "a conversation and the feedback on it", delete_conversation, "The conversation id.")
_delete_command("listening", "a comment import (its facts leave the index at once)", delete_listening, "The import id.")
_delete_command("audit", "an audit", delete_audit, "The audit id.")
_delete_command("document", "a document", delete_document, "The document's file name.")
