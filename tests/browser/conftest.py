"""Browser tests: the web widget in real headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright for Python; no browser is ever downloaded). The app runs in a real uvicorn server on a
loopback port, over a copy of the shipped-knowledge index, with a fake chat model (answers fall
back to composition, so they are fast and deterministic). Screenshots go to evals/results/widget/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, load_settings
from bot.service import UpwardService
from tests.conftest import fake_chat

CHROMIUM = Path(os.environ.get("UPWARD_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = PROJECT_ROOT / "evals" / "results" / "widget"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None


def pytest_collection_modifyitems(config, items):
    reason = None
    if sync_playwright is None:
        reason = "Playwright for Python is not installed (pip install -e '.[dev]')"
    elif not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM}: install Debian's chromium (scripts/install_system_deps.sh)"
    if reason:
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
                item.add_marker(skip)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The real app under uvicorn in a thread, on a loopback port."""

    def __init__(self, app, port: int) -> None:
        import uvicorn

        self.app = app
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def widget_data_dir(knowledge_data_dir: Path, tmp_path_factory) -> Path:
    """A private copy of the ingested index for the browser tests' server."""
    target = tmp_path_factory.mktemp("widget") / "data"
    shutil.copytree(knowledge_data_dir, target)
    return target


@pytest.fixture(scope="session")
def widget_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def widget_service(widget_data_dir: Path, widget_port: int) -> UpwardService:
    # The port is the server's own, so the demo embed key made at start-up is valid for the page's
    # origin. The per-key limit is raised: every test's browser uses the one demo key; the per-session
    # limit (a new session per test) stays as shipped.
    settings = load_settings(data_dir=widget_data_dir, port=widget_port, rate_limit_per_minute=100_000)
    service = UpwardService(settings, chat_model=fake_chat("About 99.9% of chief executives agree [1]."))
    yield service
    service.close()


@pytest.fixture(scope="session")
def live_server(widget_service: UpwardService, widget_port: int):
    from bot.api.app import create_app

    with LiveServer(create_app(service=widget_service), widget_port) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API keeps an event loop running while it is open, and
    # asyncio tests that run after the browser tests need the thread's loop free again.
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


# Answers the widget copes with by design: no /v1/features on an older server, no favicon.
EXPECTED_MISSING = ("/v1/features", "/favicon.ico")


class PageProblems:
    """Console errors, uncaught exceptions, CSP violations and failed requests seen by a page
    (a failed request is reported by its URL and status, not by Chromium's console line)."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []

        def console(message) -> None:
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                self.errors.append(f"console: {message.text}")

        def response(r) -> None:
            if r.status >= 400 and not r.url.split("?")[0].endswith(EXPECTED_MISSING):
                self.errors.append(f"HTTP {r.status}: {r.request.method} {r.url}")

        page.on("console", console)
        page.on("response", response)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
        )


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 860}, locale="en-GB")
    ctx.set_default_timeout(20_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, request):
    pg = context.new_page()
    pg.problems = PageProblems(pg)
    yield pg
    shot(pg, f"{request.node.name}-end")


def shot(page, name: str) -> Path:
    """Save a screenshot as a test artifact (evals/results/widget/, git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=False)
    except Exception:  # a closed page has nothing to show
        pass
    return path


def axe_violations(page, name: str) -> list[dict]:
    """axe-core (bundled by axe-playwright-python) at the WCAG 2.2 AA tags; the report is saved."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"axe-{name}.json").write_text(json.dumps(results.response, indent=1), encoding="utf-8")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
        for v in results.response["violations"]
    ]
