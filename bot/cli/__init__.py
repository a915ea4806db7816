"""The `upward` command line: thin over the answer service, like the HTTP routes."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.audit.model import ImportFailed, platform_label
from bot.audit.report import AuditReport, change_text
from bot.config import load_settings
from bot.contract import Answer, Turn
from bot.index.store import drop_index
from bot.ingest.documents import KINDS
from bot.ingest.pipeline import FileResult, IngestReport
from bot.service import UNAVAILABLE, UpwardService

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


def _service() -> UpwardService:
    return UpwardService(load_settings())


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


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders to ingest."),
    kind: Optional[str] = typer.Option(None, help=f"Force the kind: {', '.join(KINDS)}."),
    prune: bool = typer.Option(False, help="Remove indexed files under these folders that are gone."),
    rebuild: bool = typer.Option(False, help="Drop the whole index first (e.g. after changing embedder)."),
) -> None:
    """Add or update documents in the knowledge index. Unchanged files are skipped."""
    if kind is not None and kind not in KINDS:
        err.print(f"[red]Unknown kind '{kind}'. Use one of: {', '.join(KINDS)}.[/]")
        raise typer.Exit(2)
    service = _service()
    try:
        if rebuild:
            drop_index(service.settings)
        report = _ingest_with_progress(
            service, lambda **cb: service.ingest(paths, kind=kind, prune=prune, **cb)  # type: ignore[arg-type]
        )
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    console.print(_report_table(report))
    if report.failed:
        for r in report.failed:
            err.print(f"[red]✗ {r.source}[/]: {r.reason}", highlight=False, soft_wrap=True)
        err.print(f"[red]{len(report.failed)} file(s) could not be ingested; nothing of them was stored.[/]")
        raise typer.Exit(1)


def _print_answer(answer: Answer) -> None:
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


@app.command()
def ask(
    question: str = typer.Argument(..., help="Your question, or the objection you need to answer."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON answer contract."),
) -> None:
    """Ask one question. Works on its own: no server needed."""
    service = _service()
    try:
        _ensure_index(service)
        answer = service.ask(question)
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    finally:
        service.close()
    if as_json:
        sys.stdout.write(json.dumps(answer.model_dump(), indent=2, ensure_ascii=False) + "\n")
    else:
        _print_answer(answer)


@app.command()
def chat() -> None:
    """A multi-turn conversation in the terminal (empty line or Ctrl-D to quit)."""
    service = _service()
    history: list[Turn] = []
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
                answer = service.ask(question, history)
            except UNAVAILABLE as exc:
                raise _fail_unavailable(exc) from None
            _print_answer(answer)
            history += [Turn(role="user", content=question), Turn(role="assistant", content=answer.answer)]
    finally:
        service.close()


def _audit_tables(report: AuditReport) -> list[Table]:
    kpis = Table(title=f"Headline KPIs: {report.period_label} against the year before")
    for col in ("KPI", "Platform", "Value", "Year before", "Change"):
        kpis.add_column(col, justify="right" if col in ("Value", "Year before", "Change") else "left")
    channel = None
    for row in (r for r in report.kpis if r.headline):
        if row.channel != channel and channel is not None:
            kpis.add_section()
        channel = row.channel
        kpis.add_row(row.name, row.platform_label, row.display, row.previous_display or "–", change_text(row))
    tables = [kpis]
    alike = [b for b in report.benchmarks if b.like_for_like]
    if alike:
        peers = Table(title="Position among peers (12 months)")
        for col in ("KPI", "Platform", "Ours", "Peer median", "Top quartile", "Rank", "Percentile"):
            peers.add_column(col)
        for b in alike:
            peers.add_row(b.name, platform_label(b.platform), b.ours_display, b.median_display,
                          b.top_quartile_display, f"{b.rank} of {b.of}", f"{b.percentile:.0f}")
        tables.append(peers)
    return tables


def _print_import_problems(exc: ImportFailed) -> None:
    table = Table(title="Nothing was imported: fix these and run the audit again", title_style="bold red")
    for col in ("file", "row", "column", "problem"):
        table.add_column(col, overflow="fold")
    for p in exc.problems:
        table.add_row(p.file, "" if p.row is None else str(p.row), p.column or "", p.message)
    err.print(table)


@app.command()
def audit(
    files: list[Path] = typer.Argument(..., help="Channel export files (CSV, XLSX) or folders of them."),
    peers: Optional[Path] = typer.Option(None, help="Peer dataset CSV to benchmark against."),
    as_json: bool = typer.Option(False, "--json", help="Print the audit report as JSON."),
    out: Optional[Path] = typer.Option(None, help="Also write the report (Markdown, JSON, charts) here."),
) -> None:
    """Audit your channels from their exports: KPIs, peer benchmarks, proposed goals, charts.

    The figures become citable facts, so `upward ask` can answer with your own numbers."""
    service = _service()
    try:
        report = service.audit(files, peers=peers)
    except ImportFailed as exc:
        _print_import_problems(exc)
        raise typer.Exit(1) from None
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    folder = service.settings.audits_dir / report.id
    if out is not None:
        shutil.copytree(folder, out, dirs_exist_ok=True)
        folder = out
    _show_audit(report, folder, as_json)


def _show_audit(report: AuditReport, folder: Path, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
        return
    if report.sample:
        console.print("[yellow]Sample data: the fictional Brackenford Borough Council. "
                      "Run `upward audit` on your own exports to replace it.[/]")
    for table in _audit_tables(report):
        console.print(table)
    for goal in report.goals:
        console.print(f"• {goal.statement}", highlight=False)
    console.print(
        f"[dim]Audit {report.id}: {len(report.facts)} citable facts indexed; report, JSON and "
        f"{len(report.charts)} charts in {folder}[/]",
        highlight=False,
    )


@app.command()
def report(
    audit_id: Optional[str] = typer.Argument(None, help="An audit id; default: the active audit."),
    as_json: bool = typer.Option(False, "--json", help="Print the audit report as JSON."),
) -> None:
    """Show a stored audit (the active one by default) without importing anything.

    On a fresh machine this first builds the index and loads the fictional sample audit."""
    service = _service()
    try:
        _ensure_index(service)
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    wanted = audit_id or service.audits.active_id()
    found = service.get_audit(wanted) if wanted else None
    if found is None:
        err.print(f"[red]No audit {'with id ' + repr(audit_id) if audit_id else 'yet'}: run "
                  "`upward audit FILES...` on your channel exports.[/]")
        raise typer.Exit(1)
    _show_audit(found, service.settings.audits_dir / found.id, as_json)


@app.command()
def serve(
    host: Optional[str] = typer.Option(None, help="Bind address (default UPWARD_HOST)."),
    port: Optional[int] = typer.Option(None, help="Port (default UPWARD_PORT)."),
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs). Ingests the shipped knowledge on first start."""
    import uvicorn

    from bot.api.app import create_app

    settings = load_settings()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


@app.command()
def sources(source_id: str = typer.Argument(..., help="A citation id from an answer.")) -> None:
    """Show the stored text of a cited source."""
    found = _service().source(source_id)
    if found is None:
        err.print(f"[red]No source with id '{source_id}'.[/]")
        raise typer.Exit(1)
    sys.stdout.write(json.dumps(found.model_dump(), indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    app()
