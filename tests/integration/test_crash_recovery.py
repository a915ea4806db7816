"""kill -9 during an ingest, an audit and a comment import (a real `upward` process), restart,
re-run: the workspace's index, database and files are consistent, and running the job once more
changes nothing (idempotent).

Each job dies at its worst moment (tests/hostile_files/crash.py): vectors added but the manifest
not written, rows saved but the index not updated. evals/security_eval.py runs every kill point
and kills from outside at random moments too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from bot.config import PROJECT_ROOT, load_settings
from bot.workspace import WorkspaceRegistry
from tests.hostile_files.crash import JOBS, check
from tests.hostile_files.state import differences

WORKSPACE = "crash"
FIRST_KILL = {"ingest": "ingest-before-manifest", "audit": "audit-rows-saved-not-indexed",
              "listen": "listen-active-not-indexed"}


@pytest.fixture
def crash_env(knowledge_data_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(knowledge_data_dir, data)
    WorkspaceRegistry(load_settings(data_dir=data)).create(WORKSPACE)
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(5):
        (docs / f"guide-{i}.md").write_text(
            f"# Guide {i}\n\nResidents read council posts about service {i} on their phones.\n\n"
            f"Answering questions within a working day keeps trust in service {i}.\n", encoding="utf-8")
    env = {**os.environ, "UPWARD_DATA_DIR": str(data), "UPWARD_SAMPLE_AUDIT": "false",
           "UPWARD_WORKSPACE": WORKSPACE, "PYTHONPATH": str(PROJECT_ROOT)}
    fill = {"docs": str(docs), "sample": str(PROJECT_ROOT / "knowledge" / "sample")}
    return data, env, fill


def _run(args: list[str], env: dict, *, kill_point: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "tests.hostile_files.crash", kill_point, "--", *args] if kill_point else \
        [sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(cmd, env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("job", JOBS, ids=[j.name for j in JOBS])
def test_kill_9_then_restart_and_rerun_leaves_a_consistent_workspace(crash_env, job):
    data, env, fill = crash_env
    args = [a.format(**fill) for a in job.args]
    killed = _run(args, env, kill_point=FIRST_KILL[job.name])
    assert killed.returncode == -9, (killed.returncode, killed.stderr[-2000:])

    rerun = _run(args, env)
    assert rerun.returncode == 0, rerun.stdout[-1000:] + rerun.stderr[-2000:]
    settled = check(data, WORKSPACE)
    assert settled["problems"] == []

    again = _run(args, env)
    assert again.returncode == 0, again.stderr[-2000:]
    after = check(data, WORKSPACE)
    assert after["problems"] == []
    assert differences(settled["state"], after["state"]) == [], "re-running the finished job changed the workspace"
