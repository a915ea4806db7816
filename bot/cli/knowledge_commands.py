"""Knowledge commands: ingest, ask, chat, sources, serve."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Optional

import typer

from bot.cli import (
    DEFAULT_WORKSPACE, WorkspaceOption,
    _ensure_index, _fail_unavailable, _ingest_with_progress, _print_answer, _report_table, _service, app,
    console, err,
)
from bot.config import load_settings
from bot.index.store import drop_index
from bot.ingest.documents import KINDS
from bot.service import UNAVAILABLE


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders to ingest."),
    kind: Optional[str] = typer.Option(None, help=f"Force the kind: {', '.join(KINDS)}."),
    prune: bool = typer.Option(False, help="Remove indexed files under these folders that are gone."),
    rebuild: bool = typer.Option(False, help="Drop the whole index first (e.g. after changing embedder)."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Add or update documents in a workspace's index. Unchanged files are skipped. Files
    inside the shipped knowledge folder go to the shared base every workspace reads."""
    if kind is not None and kind not in KINDS:
        err.print(f"[red]Unknown kind '{kind}'. Use one of: {', '.join(KINDS)}.[/]")
        raise typer.Exit(2)
    service = _service(workspace)
    knowledge = service.settings.knowledge_dir.resolve()
    shared = all(p.resolve().is_relative_to(knowledge) for p in paths)
    try:
        if rebuild:
            drop_index(service.settings)
            drop_index(service.settings, service.workspace.index)
        report = _ingest_with_progress(
            service,
            lambda **cb: service.ingest(paths, kind=kind, prune=prune, shared=shared, **cb),  # type: ignore[arg-type]
        )
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    console.print(_report_table(report))
    if report.failed:
        for r in report.failed:
            err.print(f"[red]✗ {r.source}[/]: {r.reason}", highlight=False, soft_wrap=True)
        err.print(f"[red]{len(report.failed)} file(s) could not be ingested; nothing of them was stored.[/]")
        raise typer.Exit(1)


@app.command()
def ask(
    question: str = typer.Argument(..., help="Your question, or the objection you need to answer."),
    audience: Optional[str] = typer.Option(
        None, help="Who it is for: chief executive, finance director, legal and risk lead, "
        "elected member, operational head (or a name such as 'FD')."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON answer contract."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Ask one question, or paste the objection a leader raised: objections get a cited rebuttal.
    Works on its own: no server needed."""
    service = _service(workspace)
    try:
        _ensure_index(service)
        answer = service.ask(question, audience=audience)
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    except ValueError as exc:
        err.print(f"[red]{exc}[/]", highlight=False)
        raise typer.Exit(2) from None
    finally:
        service.close()
    if as_json:
        sys.stdout.write(json.dumps(answer.model_dump(), indent=2, ensure_ascii=False) + "\n")
    else:
        _print_answer(answer)


@app.command()
def chat(
    audience: Optional[str] = typer.Option(None, help="Who the answers are for (see `upward ask`)."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """A multi-turn conversation in the terminal (empty line or Ctrl-D to quit). Follow-ups such
    as "shorter", "now for the finance director" or "what's our source?" work."""
    service = _service(workspace)
    conversation: str | None = None
    try:
        _ensure_index(service)
        console.print("[bold]Upward[/] — ask a question or paste the objection you keep hearing.")
        while True:
            try:
                question = console.input("[bold cyan]you ›[/] ").strip()
            except (EOFError, KeyboardInterrupt):
                break
            if not question or question.lower() in {"exit", "quit"}:
                break
            try:
                answer = service.ask(question, audience=audience, conversation_id=conversation)
            except UNAVAILABLE as exc:
                raise _fail_unavailable(exc) from None
            except ValueError as exc:
                err.print(f"[red]{exc}[/]", highlight=False)
                continue
            conversation = answer.conversation_id
            _print_answer(answer)
    finally:
        service.close()


@app.command()
def serve(
    host: Optional[str] = typer.Option(None, help="Bind address (default UPWARD_HOST)."),
    port: Optional[int] = typer.Option(None, help="Port (default UPWARD_PORT)."),
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs). Ingests the shipped knowledge on first start.
    On any address but loopback it refuses to start until an API key exists."""
    import uvicorn

    from bot.api.app import create_app
    from bot.security.keys import KeyStore

    overrides = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    settings = load_settings(**overrides)
    if not settings.on_loopback and not KeyStore(settings.resolved_database_url).any_api_keys():
        err.print(
            f"[red]Refusing to serve on {settings.host}: no API key exists, so anyone on the network "
            "could read and change this organisation's data.[/]\n"
            "Create one first: [bold]upward key create --workspace default --role admin --name it-admin[/] "
            "(or serve on 127.0.0.1 for single-user use).",
            highlight=False,
        )
        raise typer.Exit(2)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        api = create_app(settings)
    except ValueError as exc:  # a half-configured channel (Teams) says what is missing
        err.print(f"[red]{exc}[/]", highlight=False)
        raise typer.Exit(2) from None
    uvicorn.run(api, host=settings.host, port=settings.port)


@app.command()
def sources(source_id: str = typer.Argument(..., help="A citation id from an answer."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Show the stored text of a cited source."""
    found = _service(workspace).source(source_id)
    if found is None:
        err.print(f"[red]No source with id '{source_id}'.[/]")
        raise typer.Exit(1)
    sys.stdout.write(json.dumps(found.model_dump(), indent=2, ensure_ascii=False) + "\n")


