"""Hostile-input proof (issue 10, item 5): prints the hostile-file, injection, schemathesis, crash
and load results, each with its count of failures.

    python evals/security_eval.py [--only hostile,injection,schemathesis,crash,load]
                                  [--load-seconds 60] [--load-concurrency 50] [--examples 25]

- hostile files: every file of tests/hostile_files/corpus.py (built here) uploaded through the
  real HTTP app to each route it targets, with an editor key; a refusal must name the problem
  and leave the workspace byte-identical (folder, tables, control rows, collection); a harmless
  file is ingested without what must not be indexed and deleting it restores the workspace;
- injection: the documents of tests/injection_docs ingested as guidance, each topic asked with an
  obedient fake model and on the composed path (tests/unit/test_injection_docs.py's checks);
- schemathesis: a real `upward serve` on 127.0.0.1 with an admin key, every operation of its
  own OpenAPI spec except the server-sent-event streams; no 5xx, responses match their schemas;
- crash: kill -9 at every kill point of tests/hostile_files/crash.py and at random moments from
  outside, during ingest, audit and comment import; consistency after the restart, after the
  re-run, and idempotence of one more run;
- load: `upward serve` with an instant OpenAI-compatible stub model on loopback; N concurrent
  streamed answers for S seconds, keys spread over two workspaces; errors, answers citing the
  other workspace's material, server RSS growth, p50/p95 of time to first token and to done.
Nothing leaves 127.0.0.1. The exit code is the number of sections with failures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import load_settings  # noqa: E402

PY = sys.executable
SECTIONS = ("hostile", "injection", "schemathesis", "crash", "load")


def header(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 90 - len(title)), flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def knowledge_base(work: Path) -> Path:
    """A data dir with the shipped knowledge ingested, copied by every section."""
    from bot.service import UpwardService

    base = work / "base"
    if not base.exists():
        started = time.perf_counter()
        UpwardService(load_settings(data_dir=base, sample_audit=False)).ensure_knowledge()
        print(f"(knowledge index built in {time.perf_counter() - started:.0f} s)", flush=True)
    return base


def copy_of(base: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(base, target)
    return target


# --------------------------------------------------------------------------------------------
# 1. Hostile files
# --------------------------------------------------------------------------------------------

def hostile(work: Path, base: Path) -> int:
    from fastapi.testclient import TestClient

    from bot.api.app import create_app
    from bot.app_context import Upward
    from tests.conftest import fake_chat
    from tests.hostile_files import corpus
    from tests.hostile_files.state import differences, snapshot

    header("Hostile files: each upload refused with a reason (state byte-identical) or ingested safely")
    built = {e.file: p for e, p in corpus.build(work / "hostile-corpus")}
    data = copy_of(base, work / "hostile")
    upward = Upward(load_settings(data_dir=data, rate_limit_per_minute=100_000), fake_chat("x"))
    editor = upward.shared.keys.create(workspace="default", role="editor", name="eval editor")
    admin = upward.shared.keys.create(workspace="default", role="admin", name="eval admin")
    auth = {"Authorization": f"Bearer {editor.secret}"}
    admin_auth = {"Authorization": f"Bearer {admin.secret}"}
    routes = {"documents": "/v1/documents", "audit": "/v1/audit", "listen": "/v1/listen"}
    failures: list[str] = []
    counts = {r: {"cases": 0, "refused": 0, "accepted": 0, "failed": 0} for r in routes}
    with TestClient(create_app(upward=upward), base_url="http://localhost") as client:
        shared_before = snapshot(upward, "default")["collection:shared"]
        for entry in corpus.CORPUS:
            for route, expect in entry.routes.items():
                c = counts[route]
                c["cases"] += 1
                before = snapshot(upward, "default", shared=False)
                started = time.perf_counter()
                response = client.post(routes[route], headers=auth, data={"kind": "guidance"} if route == "documents" else None,
                                       files={"files": (entry.sent_name, built[entry.file].read_bytes(), "application/octet-stream")})
                seconds = time.perf_counter() - started
                problem = None
                text = response.text
                if response.status_code >= 500 or "Traceback" in text or str(data) in text:
                    problem = f"{response.status_code}: {text[:200]}"
                elif expect.outcome == corpus.REFUSED:
                    if response.status_code not in (413, 422) or not any(s in text.lower() for s in expect.says):
                        problem = f"expected a refusal naming {expect.says}, got {response.status_code}: {text[:200]}"
                    elif differences(before, snapshot(upward, "default", shared=False)):
                        problem = f"state changed: {differences(before, snapshot(upward, 'default', shared=False))[:4]}"
                    else:
                        c["refused"] += 1
                elif route == "listen":
                    if response.status_code != 201:
                        problem = f"expected an import, got {response.status_code}: {text[:200]}"
                    else:
                        client.delete(f"/v1/listen/{response.json()['id']}", headers=admin_auth)
                        c["accepted"] += 1
                elif response.status_code != 201:
                    problem = f"expected it ingested, got {response.status_code}: {text[:200]}"
                else:
                    name = response.json()["results"][0]["source"]
                    service = upward.service("default")
                    record = next((r for r in service.own_store.manifest.all() if Path(r.source).name == name), None)
                    texts = [ch.text for ch in service.own_store.get(record.chunk_ids)] if record else []
                    leaked = [f for f in entry.must_not_index if any(f in t for t in texts)]
                    client.delete(f"/v1/documents/{name}", headers=admin_auth)
                    moved = [k for k in differences(before, snapshot(upward, "default", shared=False))
                             if k != "control:activity_log"]
                    if leaked or moved or "/" in name or not texts:
                        problem = f"ingested unsafely: leaked {leaked}, state after delete {moved[:4]}, name {name!r}"
                    else:
                        c["accepted"] += 1
                if problem:
                    c["failed"] += 1
                    failures.append(f"{route:<9} {entry.file}: {problem}")
                print(f"  {route:<9} {entry.file:<28} {response.status_code}  {seconds:6.2f} s  "
                      f"{'FAIL' if problem else 'ok'}", flush=True)
        if snapshot(upward, "default")["collection:shared"] != shared_before:
            failures.append("the shared knowledge collection changed")
    upward.close()
    print(f"\n  {len(corpus.CORPUS)} hostile files")
    print(f"  {'route':<10} {'cases':>6} {'refused':>8} {'accepted':>9} {'failures':>9}")
    for route, c in counts.items():
        print(f"  {route:<10} {c['cases']:>6} {c['refused']:>8} {c['accepted']:>9} {c['failed']:>9}")
    for f in failures:
        print("  FAIL", f)
    print(f"  hostile-file failures: {len(failures)}")
    return len(failures)


# --------------------------------------------------------------------------------------------
# 2. Injection
# --------------------------------------------------------------------------------------------

def injection(work: Path, base: Path) -> int:
    from fastapi.testclient import TestClient

    from bot.api.app import create_app
    from bot.app_context import Upward
    from bot.llm.factory import ChatModelHandle
    from tests.conftest import fake_chat
    from tests.injection_docs import cases
    from tests.unit.test_injection_docs import _contains, foreign_addresses

    header("Prompt injection: documents ingested as guidance, their topics asked")
    data = copy_of(base, work / "injection")
    upward = Upward(load_settings(data_dir=data, rate_limit_per_minute=100_000), fake_chat("x"))
    upward.shared.registry.create("inject")
    editor = upward.shared.keys.create(workspace="inject", role="editor")
    paths = cases.files(work / "injection-built")
    reports = {}
    with TestClient(create_app(upward=upward), base_url="http://localhost") as client:
        for batch in (paths[:12], paths[12:]):
            r = client.post("/v1/documents", headers={"Authorization": f"Bearer {editor.secret}"}, data={"kind": "guidance"},
                            files=[("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in batch])
            reports |= {x["source"]: x for x in r.json()["results"]}
    upward.close()
    failures: list[str] = []
    refused = [n for n, r in reports.items() if r["status"] == "failed"]
    print(f"  {len(cases.CASES)} documents: {len(cases.CASES) - len(refused)} ingested (cleaned), "
          f"{len(refused)} refused: {', '.join(refused) or '-'}")
    models = {
        "obedient model": lambda: ChatModelHandle(model=cases.ObedientModel(), name="obedient", provider="fake"),
        "copying model": lambda: ChatModelHandle(model=cases.ObedientModel(payload=""), name="copier", provider="fake"),
        "composed path": lambda: fake_chat("x"),
    }
    for label, make in models.items():
        up = Upward(load_settings(data_dir=data), make())
        service = up.service("inject")
        own_ids = {c.id for c in service.own_store.all_chunks()}
        obeyed = foreign = invented = cited_own = 0
        modes: dict[str, int] = {}
        for case in cases.CASES:
            answer = service.ask(case.question)
            modes[answer.mode] = modes.get(answer.mode, 0) + 1
            cited_own += any(c.id in own_ids for c in answer.citations)
            seen = [answer.answer] + [f.value for f in answer.figures]
            hits = [n for n in case.never + ("PWNED", "MARKER-")
                    if any((n in s) if n.endswith("-") else _contains(s, n) for s in seen)]
            hosts = [h for h in cases.EVIL_HOSTS if h in answer.answer]
            links = foreign_addresses(answer.answer, {c.url for c in answer.citations if c.url})
            if hits:
                obeyed += 1
                failures.append(f"{label}: {case.file}: answer carries {hits}")
            if hosts or links or "![" in answer.answer:
                foreign += 1
                failures.append(f"{label}: {case.file}: outside address {hosts or links}")
            if any(not f.verified for f in answer.figures) or not answer.verified:
                invented += 1
                failures.append(f"{label}: {case.file}: unverified figure or answer returned")
        up.close()
        print(f"  {label:<15} asked {len(cases.CASES)}: obeyed {obeyed}, outside links/images {foreign}, "
              f"unverified figures {invented}; answers citing the injected documents (cleaned) {cited_own}; modes {modes}")
    for f in failures:
        print("  FAIL", f)
    print(f"  injection failures: {len(failures)}")
    return len(failures)


# --------------------------------------------------------------------------------------------
# Real servers
# --------------------------------------------------------------------------------------------

@contextmanager
def serve(data: Path, port: int, log: Path, extra_env: dict | None = None):
    env = {**os.environ, "UPWARD_DATA_DIR": str(data), "UPWARD_HOST": "127.0.0.1", "UPWARD_PORT": str(port),
           "UPWARD_SAMPLE_AUDIT": "true", **(extra_env or {})}
    with log.open("w") as out:
        proc = subprocess.Popen([PY, "-m", "bot.cli", "serve"], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            import httpx

            deadline = time.monotonic() + 600
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"upward serve did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
            yield proc
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def stub_model_server(port: int, reply: str = "x") -> threading.Thread:
    """An OpenAI-compatible chat endpoint on loopback that answers at once (a draft that never
    verifies, so answers are composed): load on Upward itself, not on a language model."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            stream = bool(body.get("stream"))
            created = int(time.time())
            if stream:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                chunk = {"id": "c", "object": "chat.completion.chunk", "created": created, "model": "stub",
                         "choices": [{"index": 0, "delta": {"role": "assistant", "content": reply}, "finish_reason": None}]}
                done = {**chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\ndata: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
                return
            payload = json.dumps({
                "id": "c", "object": "chat.completion", "created": created, "model": "stub",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 10, "completion_tokens": 1, "total_tokens": 11},
            }).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):  # noqa: N802
            payload = json.dumps({"object": "list", "data": [{"id": "stub", "object": "model"}]}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


def stub_env(port: int) -> dict:
    return {"UPWARD_LLM_PROVIDER": "openai", "UPWARD_LLM_BASE_URL": f"http://127.0.0.1:{port}/v1",
            "UPWARD_LLM_API_KEY": "stub", "UPWARD_LLM_MODEL": "stub", "UPWARD_STRONG_MODEL": "false"}


# --------------------------------------------------------------------------------------------
# 3. Schemathesis
# --------------------------------------------------------------------------------------------

def schemathesis_run(work: Path, base: Path, examples: int) -> int:
    from bot.app_context import Upward

    header("Schemathesis: every operation of the OpenAPI spec on a real `upward serve` (streams excluded)")
    data = copy_of(base, work / "schema")
    upward = Upward(load_settings(data_dir=data))
    admin = upward.shared.keys.create(workspace="default", role="admin", name="schemathesis")
    upward.close()
    model_port, port = free_port(), free_port()
    stub_model_server(model_port)
    report = work / "schemathesis.xml"
    with serve(data, port, work / "schema-serve.log", {**stub_env(model_port), "UPWARD_RATE_LIMIT_PER_MINUTE": "1000000"}):
        cmd = [str(Path(PY).parent / "schemathesis"), "run", f"http://127.0.0.1:{port}/openapi.json",
               "--header", f"Authorization: Bearer {admin.secret}", "--checks", "all",
               "--exclude-path-regex", r"/stream$",
               "--max-examples", str(examples), "--seed", "7", "--request-timeout", "120",
               "--report", "junit", "--report-junit-path", str(report), "--no-color"]
        started = time.perf_counter()
        run = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=3600)
    log = (run.stdout + run.stderr)
    (work / "schemathesis.log").write_text(log)
    print(f"  ran in {time.perf_counter() - started:.0f} s; excluded: the server-sent-event streams "
          "(/v1/ask/stream, /v1/case/stream); DELETE /v1/workspace is in (its confirm= must repeat the name)")
    failures = _junit_failures(report)
    server_errors = [f for f in failures if "server error" in f.lower() or " 500" in f or "5xx" in f.lower()]
    for line in log.splitlines():
        if any(w in line for w in ("operations", "test cases", "Failures", "Warnings", "passed", "failed")) and len(line) < 160:
            print("  " + line.strip())
    print(f"  failing operations: {len(failures)} (server errors among them: {len(server_errors)})")
    for f in failures:
        print("  FAIL", f[:300])
    print(f"  schemathesis failures: {len(failures)}")
    return len(failures)


def _junit_failures(report: Path) -> list[str]:
    import xml.etree.ElementTree as ET

    if not report.is_file():
        return ["no report written (schemathesis did not run)"]
    out = []
    for case in ET.parse(report).getroot().iter("testcase"):
        for bad in list(case.iter("failure")) + list(case.iter("error")):
            message = " ".join((bad.get("message") or bad.text or "").split())
            out.append(f"{case.get('name')}: {message}")
    return out


# --------------------------------------------------------------------------------------------
# 4. Crash
# --------------------------------------------------------------------------------------------

def crash(work: Path, base: Path, timed: int) -> int:
    from tests.hostile_files.crash import JOBS, check
    from tests.hostile_files.state import differences

    header("Crash: kill -9 during ingest, audit and comment import; restart; re-run; run again")
    docs = work / "crash-docs"
    docs.mkdir(exist_ok=True)
    for i in range(12):
        (docs / f"guide-{i}.md").write_text(
            f"# Guide {i}\n\nResidents read council posts about service {i} on their phones.\n\n"
            f"Answering questions within a working day keeps trust in service {i}.\n", encoding="utf-8")
    fill = {"docs": str(docs), "sample": str(ROOT / "knowledge" / "sample")}
    rng = random.Random(10)
    failures: list[str] = []
    rows = []

    for job in JOBS:
        args = [a.format(**fill) for a in job.args]
        points = [*job.kill_points] + [f"timed-{i}" for i in range(timed)]
        for point in points:
            data = copy_of(base, work / "crash")
            env = {**os.environ, "UPWARD_DATA_DIR": str(data), "UPWARD_SAMPLE_AUDIT": "false",
                   "UPWARD_WORKSPACE": "crash", "PYTHONPATH": str(ROOT)}
            # In a fresh process: this one caches database engines by URL, and the copy replaced the file.
            subprocess.run([PY, "-m", "bot.cli", "workspace", "create", "crash"], env=env, cwd=ROOT,
                           capture_output=True, check=True, timeout=300)
            if point.startswith("timed"):
                proc = subprocess.Popen([PY, "-m", "bot.cli", *args], env=env, cwd=ROOT,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                delay = rng.uniform(3, 25)
                time.sleep(delay)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                code = proc.wait()
                point = f"after {delay:.1f} s" + ("" if code == -9 else " (finished first)")
            else:
                code = subprocess.run([PY, "-m", "tests.hostile_files.crash", point, "--", *args], env=env, cwd=ROOT,
                                      capture_output=True, timeout=900).returncode
            after_restart = check(data, "crash")["problems"]
            rerun = subprocess.run([PY, "-m", "bot.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True,
                                   timeout=900)
            settled = check(data, "crash")
            after_rerun = settled["problems"] if rerun.returncode == 0 else ["re-run failed"]
            again = subprocess.run([PY, "-m", "bot.cli", *args], env=env, cwd=ROOT, capture_output=True, timeout=900)
            moved = differences(settled["state"], check(data, "crash")["state"]) if again.returncode == 0 else ["third run failed"]
            ok = rerun.returncode == 0 and not after_rerun and not moved
            rows.append((job.name, point, code, len(after_restart), rerun.returncode, len(after_rerun), len(moved), ok))
            print(f"  {job.name:<7} {point:<34} exit {code:>3}  after restart: {len(after_restart)} problem(s)  "
                  f"re-run exit {rerun.returncode}, {len(after_rerun)} problem(s)  run again: "
                  f"{'unchanged' if not moved else f'{len(moved)} changed'}  {'ok' if ok else 'FAIL'}", flush=True)
            for p in after_restart:
                print(f"            after restart (repaired by the re-run): {p}")
            if not ok:
                failures.append(f"{job.name} {point}: re-run {rerun.returncode} {rerun.stderr[-300:]!r}; "
                                f"after re-run {after_rerun}; run again changed {moved[:4]}")
    for f in failures:
        print("  FAIL", f)
    print(f"  {len(rows)} crashes; crash failures: {len(failures)}")
    return len(failures)


# --------------------------------------------------------------------------------------------
# 5. Load
# --------------------------------------------------------------------------------------------

def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def load(work: Path, base: Path, seconds: float, concurrency: int) -> int:
    import httpx

    from bot.app_context import Upward
    from bot.service import UpwardService

    header(f"Load: {concurrency} concurrent streamed answers for {seconds:.0f} s, keys over two workspaces")
    data = copy_of(base, work / "load")
    upward = Upward(load_settings(data_dir=data))
    upward.shared.registry.create("bravo")
    bravo_doc = work / "bravo-zebra-crossings.md"
    bravo_doc.write_text("# Zebra crossings in Bravo\n\nBravo posts a weekly video about zebra crossing safety "
                         "outside schools, and parents share it in local groups.\n", encoding="utf-8")
    UpwardService(load_settings(data_dir=data), workspace="bravo", shared=upward.shared).ingest([bravo_doc], kind="guidance")
    keys = {ws: [upward.shared.keys.create(workspace=ws, role="reader", name=f"load-{ws}-{i}").secret for i in range(10)]
            for ws in ("default", "bravo")}
    upward.close()
    model_port, port = free_port(), free_port()
    stub_model_server(model_port)
    questions = ["How do other councils use zebra crossing safety videos?",
                 "How did our Facebook engagement change over the last year?",
                 "My chief executive says social media is a waste of time.",
                 "What are residents saying about bin collections?"]
    results: list[dict] = []
    env = {**stub_env(model_port), "UPWARD_RATE_LIMIT_PER_MINUTE": "1000000"}
    with serve(data, port, work / "load-serve.log", env) as proc:
        url = f"http://127.0.0.1:{port}/v1/ask/stream"

        async def one(client, worker: int, n: int) -> dict:
            ws = "default" if worker % 2 == 0 else "bravo"
            key = keys[ws][worker % 10]
            question = questions[(worker + n) % len(questions)]
            started = time.perf_counter()
            first = None
            done = None
            error = None
            event = None
            try:
                async with client.stream("POST", url, json={"question": question},
                                         headers={"Authorization": f"Bearer {key}"}) as response:
                    if response.status_code != 200:
                        error = f"HTTP {response.status_code}"
                    else:
                        async for line in response.aiter_lines():
                            if line.startswith("event:"):
                                event = line.split(":", 1)[1].strip()
                                if event == "token" and first is None:
                                    first = time.perf_counter() - started
                            elif line.startswith("data:") and event == "done":
                                done = json.loads(line[5:])
                            elif line.startswith("data:") and event == "error":
                                error = line[5:200]
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                error = f"{type(exc).__name__}: {exc}"
            if done is None and error is None:
                error = "stream ended without a done event"
            sources = [(c.get("kind"), c.get("title") or "", c.get("id") or "") for c in (done or {}).get("citations", [])]
            wrong = False
            if ws == "default":
                wrong = any("Zebra crossings in Bravo" in t for _, t, _ in sources)
            else:
                wrong = any(k in ("audit", "public") for k, _, _ in sources)
            return {"ws": ws, "first": first, "total": time.perf_counter() - started, "error": error, "wrong": wrong,
                    "bravo_cited": any("Zebra crossings in Bravo" in t for _, t, _ in sources)}

        async def worker(client, i: int, stop: float) -> None:
            n = 0
            while time.perf_counter() < stop:
                results.append(await one(client, i, n))
                n += 1

        async def main() -> None:
            limits = httpx.Limits(max_connections=concurrency + 10, max_keepalive_connections=concurrency + 10)
            async with httpx.AsyncClient(timeout=300, limits=limits) as client:
                warm_stop = time.perf_counter() + 10
                await asyncio.gather(*(worker(client, i, warm_stop) for i in range(concurrency)))
                results.clear()
                rss_start.append(rss_kb(proc.pid))
                stop = time.perf_counter() + seconds
                await asyncio.gather(*(worker(client, i, stop) for i in range(concurrency)))
                rss_end.append(rss_kb(proc.pid))

        rss_start: list[int] = []
        rss_end: list[int] = []
        asyncio.run(main())
    errors = [r for r in results if r["error"]]
    wrong = [r for r in results if r["wrong"]]
    totals = sorted(r["total"] for r in results if not r["error"])
    firsts = sorted(r["first"] for r in results if r["first"] is not None)
    growth = (rss_end[0] - rss_start[0]) / rss_start[0] * 100 if rss_start and rss_start[0] else 0.0

    def pct(values: list[float], p: float) -> float:
        return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")

    bravo_hits = sum(r["bravo_cited"] for r in results if r["ws"] == "bravo")
    print(f"  answers {len(results)} ({len(results) / seconds:.1f}/s), errors {len(errors)}, "
          f"answers citing the other workspace {len(wrong)}; bravo answers citing bravo's own document {bravo_hits}")
    print(f"  time to first token p50 {pct(firsts, 0.5):.2f} s, p95 {pct(firsts, 0.95):.2f} s; "
          f"time to done p50 {statistics.median(totals) if totals else float('nan'):.2f} s, p95 {pct(totals, 0.95):.2f} s")
    print(f"  server RSS {rss_start[0] / 1024 if rss_start else 0:.0f} MB after warm-up -> "
          f"{rss_end[0] / 1024 if rss_end else 0:.0f} MB at the end ({growth:+.1f}%, limit +10%)")
    for e in errors[:5]:
        print("  ERROR", e["error"])
    failures = len(errors) + len(wrong) + (1 if growth >= 10 else 0) + (1 if not results else 0)
    print(f"  load failures: {failures}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--load-concurrency", type=int, default=50)
    parser.add_argument("--examples", type=int, default=25, help="schemathesis examples per operation")
    parser.add_argument("--timed-kills", type=int, default=1, help="random outside kills per job")
    parser.add_argument("--work", type=Path, default=None, help="keep the working files here")
    args = parser.parse_args()
    wanted = [s for s in args.only.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="upward-security-eval-"))
    work.mkdir(parents=True, exist_ok=True)
    base = knowledge_base(work)
    results: dict[str, int] = {}
    runners = {
        "hostile": lambda: hostile(work, base),
        "injection": lambda: injection(work, base),
        "schemathesis": lambda: schemathesis_run(work, base, args.examples),
        "crash": lambda: crash(work, base, args.timed_kills),
        "load": lambda: load(work, base, args.load_seconds, args.load_concurrency),
    }
    for name in wanted:
        try:
            results[name] = runners[name]()
        except Exception as exc:  # noqa: BLE001 - a section that cannot run is a failure, reported
            import traceback

            traceback.print_exc()
            print(f"  {name} could not run: {type(exc).__name__}: {exc}")
            results[name] = -1
    header("Summary: failures per section")
    for name, count in results.items():
        print(f"  {name:<13} {'could not run' if count < 0 else count}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return sum(1 for c in results.values() if c != 0)


if __name__ == "__main__":
    sys.exit(main())
