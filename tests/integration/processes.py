"""Helpers for tests that start real processes (the API server, a Chroma server)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


@contextmanager
def running(cmd: list[str], health_url: str, log: Path, *, env: dict | None = None,
            timeout: float = 120) -> Iterator[subprocess.Popen]:
    """Start `cmd`, wait until `health_url` answers 200, and stop it afterwards.
    Output goes to a file: a pipe nobody reads would block a chatty server."""
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    if httpx.get(health_url, timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{cmd[0]} did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
