"""Audit commands: audit (import and compute), report (show a stored audit)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Optional

import typer

from bot.cli import DEFAULT_WORKSPACE, WorkspaceOption, _ensure_index, _fail_unavailable, _service, app, console, err, print_import_problems
from rich.table import Table

from bot.audit.model import platform_label
from bot.problems import ImportFailed
from bot.audit.report import AuditReport, change_text
from bot.service import UNAVAILABLE


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


@app.command()
def audit(
    files: list[Path] = typer.Argument(..., help="Channel export files (CSV, XLSX) or folders of them."),
    peers: Optional[Path] = typer.Option(None, help="Peer dataset CSV to benchmark against."),
    as_json: bool = typer.Option(False, "--json", help="Print the audit report as JSON."),
    out: Optional[Path] = typer.Option(None, help="Also write the report (Markdown, JSON, charts) here."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Audit your channels from their exports: KPIs, peer benchmarks, proposed goals, charts.

    The figures become citable facts, so `upward ask` can answer with your own numbers."""
    service = _service(workspace)
    try:
        report = service.audit(files, peers=peers)
    except ImportFailed as exc:
        print_import_problems(exc)
        raise typer.Exit(1) from None
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    folder = service.workspace.audits_dir / report.id
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
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Show a stored audit (the active one by default) without importing anything.

    On a fresh machine this first builds the index and loads the fictional sample audit."""
    service = _service(workspace)
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
    _show_audit(found, service.workspace.audits_dir / found.id, as_json)


