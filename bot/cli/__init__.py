"""The `upward` command line: thin over the answer service, like the HTTP routes."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.app_context import Upward
from bot.config import load_settings
from bot.contract import Answer
from bot.ingest.pipeline import FileResult, IngestReport
from bot.problems import ImportFailed
from bot.service import UpwardService
from bot.workspace import DEFAULT_WORKSPACE

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs are reported per file instead

app = typer.Typer(
    help="Upward: evidence-first answers for making the case for social media to leadership.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

STATUS_STYLE = {
    "added": "green", "updated": "cyan", "unchanged": "dim", "removed": "yellow", "failed": "bold red"
}


WorkspaceOption = Annotated[
    str,
    typer.Option("--workspace", "-w", envvar="UPWARD_WORKSPACE",
                 help="The workspace to act in (`upward workspace list`)."),
]


def _service(workspace: str = DEFAULT_WORKSPACE) -> UpwardService:
    """The service of a workspace; an unknown workspace ends the command with a clear message."""
    try:
        return Upward(load_settings()).service(workspace)
    except ValueError as exc:  # UnknownWorkspace or a malformed name
        err.print(f"[red]{exc}[/]", highlight=False)
        raise typer.Exit(2) from None


def _fail_unavailable(exc: Exception) -> typer.Exit:
    """A missing model or a mismatched index is the user's to fix: say what, not a traceback."""
    err.print(f"[red]{exc}[/]", highlight=False)
    return typer.Exit(1)


def _ingest_with_progress(service: UpwardService, run) -> IngestReport:
    with Progress(
        TextColumn("[bold]Ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=err, transient=True,
    ) as progress:
        task = progress.add_task("", total=None)

        def on_start(n: int) -> None:
            progress.update(task, total=n)

        def on_file(result: FileResult) -> None:
            progress.update(task, advance=1, description=Path(result.source).name)

        return run(on_start=on_start, on_file=on_file)


def _report_table(report: IngestReport) -> Table:
    table = Table(title=f"Ingest: {report.index_chunks} chunks in the index ({report.seconds:.1f}s)")
    for col in ("file", "result", "chunks", "added", "removed", "reason"):
        table.add_column(col, overflow="fold")
    for r in report.results:
        table.add_row(
            r.source, f"[{STATUS_STYLE[r.status]}]{r.status}[/]", str(r.chunks),
            str(r.added), str(r.removed), r.reason or "",
        )
    return table


def _ensure_index(service: UpwardService) -> None:
    """Index the shipped knowledge on first use; afterwards pick up changed files quietly."""
    if service.store.count() == 0:
        err.print("[dim]The index is empty: ingesting the shipped knowledge first…[/]")
        report = _ingest_with_progress(service, service.ensure_knowledge)
    else:
        report = service.ensure_knowledge()
    if report is not None:
        changed = sum(r.status != "unchanged" for r in report.results)
        err.print(
            f"[dim]Shipped knowledge: {changed} file(s) updated, {report.index_chunks} chunks "
            f"in the index ({report.seconds:.1f}s).[/]"
        )


def print_import_problems(exc: ImportFailed) -> None:
    """Every problem of a refused import (exports or comments), by file, row and column."""
    table = Table(title="Nothing was imported: fix these and run it again", title_style="bold red")
    for col in ("file", "row", "column", "problem"):
        table.add_column(col, overflow="fold")
    for p in exc.problems:
        table.add_row(p.file, "" if p.row is None else str(p.row), p.column or "", p.message)
    err.print(table)


def _print_answer(answer: Answer) -> None:
    if answer.objection is not None and answer.objection.type != "unclear":
        console.print(
            f"[dim]Objection recognised: {answer.objection.label or answer.objection.type} "
            f"(confidence {answer.objection.confidence:.0%})"
            f"{f'; framed for the {answer.audience.lower()}' if answer.audience else ''}[/]",
            highlight=False,
        )
    console.print(Markdown(answer.answer))
    if answer.citations:
        console.print()
        for c in answer.citations:
            where = ", ".join(x for x in (c.publisher, c.year) if x)
            link = f" {c.url}" if c.url else ""
            page = f", p. {c.page}" if c.page else ""
            console.print(f"[bold][{c.n}][/] {c.title}{f' ({where})' if where else ''}{page}{link}",
                          highlight=False)
    checked = sum(f.verified for f in answer.figures)
    mode = "composed from evidence" if answer.mode == "composed" else f"drafted by {answer.model}"
    console.print(
        f"[dim]{mode}; {checked}/{len(answer.figures)} figures verified against their sources[/]"
    )



# Commands live in one module per area; importing them registers them on `app`.
from bot.cli import (  # noqa: E402,F401,I001
    access_commands, audit_commands, briefing_commands, influence_commands, knowledge_commands, teams_commands,
)
