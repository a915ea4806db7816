"""kill -9 in the middle of an ingest, an audit or a comment import, then restart and check.

    python -m tests.hostile_files.crash KILL_POINT -- upward-args...

runs the real `upward` CLI in this process after wrapping one function so that the process
SIGKILLs itself at that point (no `finally`, no atexit: exactly what kill -9 does). Kill points
are the worst moments: vectors added but the manifest not yet written, rows saved but the index
not yet updated, a report folder half built. `TIMED` kills come from outside after a delay.

`after_crash(...)` lists what is inconsistent: manifest vs vectors vs keyword index, audit and
listening rows vs the index, leftover staging folders.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from dataclasses import dataclass

# name: (module, attribute path, which call (1-based) dies, before or after the call runs)
KILL_POINTS: dict[str, tuple[str, str, int, str]] = {
    "ingest-before-manifest": ("bot.index.manifest", "Manifest.put", 2, "before"),
    "ingest-before-keyword-index": ("bot.index.bm25", "Bm25Index.save", 1, "before"),
    "ingest-after-first-file": ("bot.index.manifest", "Manifest.put", 1, "after"),
    "audit-report-half-written": ("bot.audit.runner", "_write_canonical_csv", 1, "after"),
    "audit-rows-saved-not-indexed": ("bot.audit.store", "AuditStore.save", 1, "after"),
    "audit-before-manifest": ("bot.index.manifest", "Manifest.put", 1, "before"),
    "listen-rows-saved-not-active": ("bot.listening.store", "ListeningStore.save", 1, "after"),
    "listen-active-not-indexed": ("bot.listening.store", "ListeningStore.activate", 1, "after"),
    "listen-before-manifest": ("bot.index.manifest", "Manifest.put", 1, "before"),
}


@dataclass(frozen=True)
class Job:
    name: str
    args: tuple[str, ...]  # after `upward`; {docs}, {sample} are filled in
    kill_points: tuple[str, ...]


JOBS = (
    Job("ingest", ("ingest", "{docs}", "--kind", "guidance"),
        ("ingest-before-manifest", "ingest-after-first-file", "ingest-before-keyword-index")),
    Job("audit", ("audit", "{sample}/exports", "--peers", "{sample}/peers.csv"),
        ("audit-report-half-written", "audit-rows-saved-not-indexed", "audit-before-manifest")),
    Job("listen", ("listen", "{sample}/listening/brackenford_comments.csv"),
        ("listen-rows-saved-not-active", "listen-active-not-indexed", "listen-before-manifest")),
)


def _die_at(point: str) -> None:
    module_name, attr, nth, when = KILL_POINTS[point]
    module = importlib.import_module(module_name)
    owner, name = module, attr
    if "." in attr:
        cls, name = attr.split(".")
        owner = getattr(module, cls)
    original = getattr(owner, name)
    calls = 0

    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == nth and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if calls == nth and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, name, wrapper)


def consistency_problems(data_dir, workspace: str) -> list[str]:
    """Everything that disagrees in the workspace after a crash (empty when consistent)."""
    from bot.audit.indexing import AUDIT_SOURCE
    from bot.config import load_settings
    from bot.listening.facts import LISTENING_SOURCE
    from bot.service import UpwardService
    from tests.hostile_files.state import consistency

    service = UpwardService(load_settings(data_dir=data_dir, sample_audit=False), workspace=workspace)
    try:
        store = service.own_store
        problems = consistency(store)
        root = service.workspace.root
        leftovers = [p.relative_to(root).as_posix() for p in root.rglob(".*")
                     if p.name not in (".", "..") and not p.name.endswith(("-journal", "-wal", "-shm"))]
        leftovers += [p.relative_to(root).as_posix() for p in root.rglob("*.old")]
        if leftovers:
            problems.append(f"leftover staging files: {sorted(leftovers)[:5]}")
        audits = service.audits
        for audit_id in audits.ids():
            if not (service.workspace.audits_dir / audit_id / "report.json").is_file():
                problems.append(f"audit {audit_id} is stored but its report folder is missing")
        for folder in service.workspace.audits_dir.glob("*") if service.workspace.audits_dir.is_dir() else []:
            if not folder.name.startswith(".") and folder.name not in audits.ids():
                problems.append(f"report folder {folder.name} has no stored audit")
        record = store.manifest.get(AUDIT_SOURCE)
        active = audits.active_id()
        if active and (record is None or not record.chunk_ids):
            problems.append(f"active audit {active} has no facts in the index")
        listening_record = store.manifest.get(LISTENING_SOURCE)
        active_listening = service.listening.active_id()
        if active_listening and (listening_record is None or not listening_record.chunk_ids):
            problems.append(f"active comment import {active_listening} has no facts in the index")
        return problems
    finally:
        service.close_stores()


def workspace_state(data_dir, workspace: str) -> dict[str, str]:
    """Hashes of what the workspace holds (the activity log aside)."""
    from bot.app_context import Upward
    from bot.config import load_settings
    from tests.hostile_files.state import snapshot

    upward = Upward(load_settings(data_dir=data_dir, sample_audit=False))
    try:
        return {k: v for k, v in snapshot(upward, workspace, shared=False).items() if k != "control:activity_log"}
    finally:
        upward.service(workspace).close_stores()


def check(data_dir, workspace: str) -> dict:
    """Problems and state, read in a fresh process: embedded Chroma caches a data dir per process,
    so a process that opened it before another process wrote to it would read stale vectors."""
    import json
    import subprocess

    from pathlib import Path

    run = subprocess.run([sys.executable, "-m", "tests.hostile_files.crash", "--check", str(data_dir), workspace],
                         capture_output=True, text=True, timeout=600, cwd=Path(__file__).resolve().parents[2])
    if run.returncode != 0:
        return {"problems": [f"the check itself failed: {run.stderr.strip().splitlines()[-1:]}"], "state": {}}
    return json.loads(run.stdout.strip().splitlines()[-1])


if __name__ == "__main__" and sys.argv[1] == "--check":
    import json

    data, ws = sys.argv[2], sys.argv[3]
    print(json.dumps({"problems": consistency_problems(data, ws), "state": workspace_state(data, ws)}))
elif __name__ == "__main__":
    point, rest = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    _die_at(point)
    from bot.cli import app

    sys.argv = ["upward", *rest]
    app()
