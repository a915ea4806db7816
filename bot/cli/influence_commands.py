"""Influence-up commands: case, rehearse, listen, objections."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markdown import Markdown
from rich.table import Table

from bot.cli import DEFAULT_WORKSPACE, WorkspaceOption, _ensure_index, _fail_unavailable, _print_answer, _service, app, console, err, print_import_problems
from bot.contract import Rehearsal
from bot.problems import ImportFailed
from bot.service import UNAVAILABLE

AUDIENCE_HELP = (
    "Who it is for: chief executive, finance director, legal and risk lead, elected member, "
    "operational head (or a name such as 'FD', 'chief constable')."
)


def _bad_input(exc: ValueError) -> typer.Exit:
    err.print(f"[red]{exc}[/]", highlight=False)
    return typer.Exit(2)


@app.command()
def case(
    audience: Optional[str] = typer.Option(None, help=AUDIENCE_HELP),
    focus: Optional[str] = typer.Option(None, help="What the case is for, e.g. 'a TikTok pilot for youth services'."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON answer contract."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Draft a business case along the method: where we are, goals, peers, the public, roadmap,
    capacity, risks and measures. Every section cites evidence or says which data to gather."""
    service = _service(workspace)
    try:
        _ensure_index(service)
        answer = service.case(audience=audience, focus=focus)
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    except ValueError as exc:
        raise _bad_input(exc) from None
    finally:
        service.close()
    if as_json:
        sys.stdout.write(json.dumps(answer.model_dump(), indent=2, ensure_ascii=False) + "\n")
    else:
        _print_answer(answer)


def _print_rehearsal(result: Rehearsal) -> None:
    table = Table(title=f"Your reply: {result.scorecard.score} of {result.scorecard.out_of}")
    for col in ("", "Criterion", "Why"):
        table.add_column(col, overflow="fold")
    for c in result.scorecard.criteria:
        table.add_row("[green]✓[/]" if c.passed else "[red]✗[/]", c.label, c.note)
    console.print(table)
    console.print(f"[bold]{result.scorecard.summary}[/]", highlight=False)
    console.print("\n[bold]A stronger, cited version[/]")
    _print_answer(result.stronger)


@app.command()
def rehearse(
    audience: Optional[str] = typer.Option(None, help=AUDIENCE_HELP),
    objection: Optional[str] = typer.Option(None, help="An objection type (see `upward objections`)."),
    reply: Optional[str] = typer.Option(None, help="Your reply, to score without being asked."),
    seed: Optional[int] = typer.Option(None, help="Repeat the same challenge."),
    as_json: bool = typer.Option(False, "--json", help="Print the challenge and result as JSON."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Practise: Upward plays a sceptical leader, scores your reply (own data? external evidence?
    the real concern? a measurable next step?) and shows a stronger, cited version."""
    service = _service(workspace)
    try:
        _ensure_index(service)
        challenge = service.rehearse(audience=audience, objection=objection, seed=seed)
        if not as_json:
            who = challenge.audience or "Your leader"
            console.print(f"[bold magenta]{who}:[/] “{challenge.line}”", highlight=False)
        if reply is None:
            try:
                reply = console.input("[bold cyan]your reply ›[/] ").strip()
            except (EOFError, KeyboardInterrupt):
                reply = ""
            if not reply:
                err.print("[yellow]No reply given: nothing to score.[/]")
                raise typer.Exit(1)
        result = service.score_rehearsal(
            objection=challenge.objection.type, reply=reply, audience=audience, line=challenge.line
        )
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    except ValueError as exc:
        raise _bad_input(exc) from None
    finally:
        service.close()
    if as_json:
        payload = {"challenge": challenge.model_dump(), "result": result.model_dump()}
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        _print_rehearsal(result)


@app.command()
def listen(
    files: list[Path] = typer.Argument(..., help="Social-listening or comment exports (CSV)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Import public comments: personal data is redacted before anything is stored; themes and
    sentiment become citable "what the public is saying" facts."""
    service = _service(workspace)
    try:
        _ensure_index(service)
        report = service.listen(files)
    except ImportFailed as exc:
        print_import_problems(exc)
        raise typer.Exit(1) from None
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    finally:
        service.close()
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
        return
    console.print(Markdown(report.to_markdown()))
    console.print(f"[dim]{len(report.facts)} citable facts indexed (import {report.id}).[/]", highlight=False)


@app.command()
def objections(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """List the leadership objections Upward recognises and has a rebuttal playbook for."""
    service = _service(workspace)
    table = Table(title="Objections")
    for col in ("type", "label", "what the leader means"):
        table.add_column(col, overflow="fold")
    for o in service.objections():
        table.add_row(o.id, o.label, o.description)
    console.print(table)
