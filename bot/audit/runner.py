"""One audit, start to finish: import → KPIs → benchmarks → goals → facts → report files.

Pure with respect to the app: it reads export files and writes a report folder, and knows
nothing of the index or the database (the service stores and indexes what it returns). Any
problem with the inputs raises `ImportFailed` before anything is written.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.audit.benchmarks import load_peers, load_published
from bot.audit.charts import render_charts
from bot.audit.derivation import derive
from bot.audit.facts import AuditFact
from bot.audit.formatting import MONTHS
from bot.audit.importer import import_exports
from bot.audit.model import (
    BenchmarkPosition,
    CanonicalTable,
    KpiResults,
)
from bot.problems import ImportFailed, ImportProblem
from bot.security.cells import safe_row
from bot.audit.report import (
    AuditReport,
    ChartRef,
    benchmark_row,
    file_row,
    goal_row,
    kpi_rows,
    page_rows,
    published_row,
    to_markdown,
)

# Bump when formulas, facts or the report change, so an unchanged upload gets a new id.
# 2: peer rows and published benchmarks are stored, and facts derive every number they print.
AUDIT_VERSION = "2"


@dataclass
class AuditRun:
    report: AuditReport
    table: CanonicalTable
    results: KpiResults
    positions: list[BenchmarkPosition]

    @property
    def facts(self) -> list[AuditFact]:
        return self.report.facts


def audit_id(
    files: list[Path], names: dict[Path, str], peers: Path | None, published: Path | None = None
) -> str:
    """Same files (content and names), peers and published benchmarks → same id, on any machine."""
    digest = hashlib.sha256(AUDIT_VERSION.encode())
    for path in sorted(files, key=lambda p: names.get(p, str(p))):
        digest.update(names.get(path, str(path)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for label, extra in ((b"peers", peers), (b"published", published)):
        if extra is not None:
            digest.update(label + b"\0" + hashlib.sha256(extra.read_bytes()).digest())
    return "a" + digest.hexdigest()[:15]


def expand_exports(paths: list[Path]) -> list[Path]:
    """Folders stand for the export files in them (CSV and XLSX, not hidden, not README)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in (".csv", ".xlsx") and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def display_names(
    files: list[Path], peers: Path | None, given: dict[Path, str] | None
) -> dict[Path, str]:
    """How each file is named in reports and facts: as the caller named it (an upload's own file
    name), else its file name — or its path where two files share a name."""
    given = dict(given or {})
    everything = files + ([peers] if peers is not None else [])
    counts: dict[str, int] = {}
    for path in everything:
        counts[path.name] = counts.get(path.name, 0) + 1
    return {p: given.get(p) or (p.name if counts[p.name] == 1 else str(p)) for p in everything}


def _label_order(label: str) -> tuple[int, int]:
    """'the 12 months to October 2026' sorts by its year, then month."""
    month, year = label.split()[-2:]
    return int(year), MONTHS.index(month) if month in MONTHS else 0


def run_audit(
    paths: list[Path],
    *,
    peers: Path | None = None,
    published: Path | None = None,
    names: dict[Path, str] | None = None,
    sample: bool = False,
) -> AuditRun:
    files = expand_exports(paths)
    if not files:
        raise ImportFailed([ImportProblem(file=", ".join(map(str, paths)) or "(none)",
                                          message="no CSV or XLSX export files given")])
    names = display_names(files, peers, names)
    problems: list[ImportProblem] = []  # exports and peers are checked together: one pass to fix
    try:
        table = import_exports(files, names=names)
    except ImportFailed as exc:
        problems += exc.problems
    try:
        peer_values = load_peers(peers, names.get(peers)) if peers is not None else []
    except ImportFailed as exc:
        problems += exc.problems
    if problems:
        raise ImportFailed(problems)
    table.peers = peer_values
    table.published = load_published(published) if published else []
    derived = derive(table)
    results, positions, comparisons, goals = (
        derived.results, derived.positions, derived.comparisons, derived.goals)
    facts = derived.facts
    rows = kpi_rows(results)
    report = AuditReport(
        id=audit_id(files, names, peers, published),
        period_label=max((r.period_label for r in rows), key=_label_order, default=None),
        sample=sample,
        files=[file_row(f) for f in table.files],
        kpis=rows,
        top_pages=page_rows(results),
        benchmarks=[benchmark_row(p) for p in positions],
        published=[published_row(c) for c in comparisons],
        goals=[goal_row(g) for g in goals],
        facts=facts,
    )
    return AuditRun(report=report, table=table, results=results, positions=positions)


def _write_canonical_csv(table: CanonicalTable, path: Path) -> None:
    """The long table as imported: what anyone can recompute every figure from. Text that a
    spreadsheet would run as a formula (a page title '=HYPERLINK(...)') is written as text."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "channel", "platform", "account", "metric", "value", "unit", "item",
                         "granularity", "source_file", "source_row"])
        for o in table.observations:
            writer.writerow(safe_row([o.date.isoformat(), o.channel, o.platform, o.account, o.metric,
                                      repr(o.value), o.unit, o.item, o.granularity, o.source_file, o.source_row]))


def write_report(run: AuditRun, folder: Path) -> AuditReport:
    """Write report.md, report.json, canonical.csv and charts/ into `folder`, atomically: the
    folder is built beside it and swapped in, so a reader never sees half a report."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    for stale in folder.parent.glob(f".{folder.name}-*"):  # left by a run that was killed
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        charts = render_charts(run.results, run.positions, staging / "charts")
        report = run.report.model_copy(update={"charts": [ChartRef(**c) for c in charts]})
        (staging / "report.json").write_text(report.model_dump_json(indent=2), encoding="utf-8")
        (staging / "report.md").write_text(to_markdown(report), encoding="utf-8")
        _write_canonical_csv(run.table, staging / "canonical.csv")
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    run.report = report
    return report


def read_report(folder: Path) -> AuditReport | None:
    path = folder / "report.json"
    if not path.is_file():
        return None
    return AuditReport.model_validate(json.loads(path.read_text(encoding="utf-8")))
