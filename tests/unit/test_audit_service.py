"""The audit through the service and the HTTP API: real import, real KPIs, real embeddings and
Chroma; a fake chat model (answers fall back to composition, which is what we check)."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from bot.api.app import create_app
from bot.problems import ImportFailed
from bot.audit.runner import run_audit
from bot.config import PROJECT_ROOT, load_settings
from bot.service import UpwardService
from tests.conftest import fake_chat

SAMPLE = PROJECT_ROOT / "knowledge" / "sample"
EXPORTS = SAMPLE / "exports"
FACEBOOK_QUESTION = "How did our Facebook engagement change over the last year?"


@pytest.fixture
def service(knowledge_copy):
    svc = UpwardService(load_settings(data_dir=knowledge_copy),
                        chat_model=fake_chat("Engagement rose by 999% [1]."))
    svc.ensure_knowledge()
    yield svc
    svc.close()


def audit_chunks(svc: UpwardService) -> list:
    return [c for c in svc.store.all_chunks() if c.metadata.get("kind") == "audit"]


def test_the_sample_audit_is_loaded_on_first_start_and_its_facts_indexed(service):
    report = service.get_audit(service.audits.active_id())
    assert report is not None and report.sample
    indexed = {c.metadata["fact_id"] for c in audit_chunks(service)}
    assert indexed == {f.id for f in report.facts}
    folder = service.workspace.audits_dir / report.id
    assert {"report.md", "report.json", "canonical.csv"} <= {p.name for p in folder.iterdir()}
    assert all((folder / "charts" / f"{c.name}.{ext}").is_file() for c in report.charts for ext in ("png", "svg"))


def test_facebook_engagement_question_is_answered_with_verified_audit_facts(service):
    answer = service.ask(FACEBOOK_QUESTION)
    assert answer.verified and "999%" not in answer.answer
    audit = [c for c in answer.citations if c.kind == "audit"]
    assert audit and all("Facebook" in c.text for c in audit)
    audit_numbers = {c.n for c in audit}
    assert any(f.citation in audit_numbers for f in answer.figures)
    assert all(f.verified for f in answer.figures)


def test_a_fact_whose_rows_were_changed_is_not_cited(service):
    """Re-derivation: edit the stored rows behind the Facebook facts, and those facts can no
    longer be cited, although their text is still in the index."""
    engine = create_engine(service.workspace.database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_observations SET value = value * 2 "
                          "WHERE platform = 'facebook' AND metric = 'reactions'"))
    engine.dispose()
    fresh = UpwardService(service.settings, chat_model=fake_chat("x"))
    try:
        answer = fresh.ask(FACEBOOK_QUESTION)
        cited = [c.text for c in answer.citations if c.kind == "audit"]
        assert answer.verified
        assert not any("engagement" in t.split("\n")[1].lower() and "Facebook" in t for t in cited)
        chunk = next(c for c in audit_chunks(fresh)
                     if c.metadata["fact_id"] == "AU-facebook-engagements-L12-2026-10")
        assert "the data give" in fresh.audit_checker.problem(chunk.metadata)
    finally:
        fresh.close()


def test_a_bad_export_changes_nothing(service, tmp_path):
    folder = tmp_path / "exports"
    shutil.copytree(EXPORTS, folder)
    path = folder / "mailchimp_campaigns.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[3][5] = "lots"  # Total Recipients, on the file's line 4
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    before = (service.audits.active_id(), service.store.count(), sorted(service.workspace.audits_dir.iterdir()))
    with pytest.raises(ImportFailed) as failed:
        service.audit([folder])
    problem = failed.value.problems[0]
    assert problem.file.endswith("mailchimp_campaigns.csv") and problem.row == 4
    assert problem.column == "Total Recipients" and "lots" in problem.message
    assert (service.audits.active_id(), service.store.count(), sorted(service.workspace.audits_dir.iterdir())) == before


def test_the_same_files_give_the_same_audit():
    first = run_audit([EXPORTS], peers=SAMPLE / "peers.csv")
    second = run_audit([EXPORTS], peers=SAMPLE / "peers.csv")
    assert first.report.id == second.report.id
    assert first.report.model_dump_json() == second.report.model_dump_json()


def test_api_upload_then_read_the_audit_and_its_charts(service):
    with TestClient(create_app(service=service), base_url="http://localhost") as client:
        email = ["mailchimp_campaigns.csv", "govdelivery_bulletins.csv"]  # a new audit, quick to chart
        files = [("files", (name, (EXPORTS / name).read_bytes())) for name in email]
        files.append(("peers", ("peers.csv", (SAMPLE / "peers.csv").read_bytes())))
        created = client.post("/v1/audit", files=files)
        assert created.status_code == 201, created.text
        report = created.json()
        assert created.headers["location"] == f"/v1/audit/{report['id']}"
        assert {r["channel"] for r in report["kpis"]} == {"email"}
        assert report["benchmarks"] and report["goals"] and report["facts"]
        assert {f["file"] for fact in report["facts"] for f in fact["sources"]} <= set(email)
        listed = client.get("/v1/audit").json()
        assert listed["active"] == report["id"] and len(listed["audits"]) == 2
        indexed = {c.metadata["fact_id"] for c in audit_chunks(service)}
        assert indexed == {f["id"] for f in report["facts"]}
        again = client.post("/v1/audit", files=files)  # same files: the same audit, not recomputed
        assert again.status_code == 201 and again.json() == report
        assert client.get(f"/v1/audit/{report['id']}").json() == report
        chart = report["charts"][0]["name"]
        png = client.get(f"/v1/audit/{report['id']}/charts/{chart}.png")
        assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
        svg = client.get(f"/v1/audit/{report['id']}/charts/{chart}.svg")
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert client.get(f"/v1/audit/{report['id']}/charts/..%2Freport.json").status_code == 404
        assert client.get("/v1/audit/nope").status_code == 404


def test_api_refuses_a_bad_upload_with_every_problem(service):
    with TestClient(create_app(service=service), base_url="http://localhost") as client:
        before = client.get("/v1/audit").json()
        bad = client.post("/v1/audit", files=[
            ("files", ("notes.csv", b"colour,shape\nred,round\n")),
            ("files", ("empty.csv", b"")),
        ])
        assert bad.status_code == 422
        problems = bad.json()["detail"]["problems"]
        assert {p["file"] for p in problems} == {"notes.csv", "empty.csv"}
        assert client.get("/v1/audit").json() == before


def test_cli_audit_prints_kpis_and_writes_the_report(knowledge_copy, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from bot.cli import app

    monkeypatch.setenv("UPWARD_DATA_DIR", str(knowledge_copy))
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app, ["audit", str(EXPORTS), "--peers", str(SAMPLE / "peers.csv"), "--out", str(out)],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "Headline KPIs" in result.output and "Position among peers" in result.output
    assert (out / "report.md").read_text().startswith("# Communications audit")
    data = json.loads((out / "report.json").read_text())
    assert data["sample"] is True and len(list((out / "charts").glob("*.svg"))) == len(data["charts"])


def test_cli_audit_reports_problems_and_exits_non_zero(knowledge_copy, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from bot.cli import app

    monkeypatch.setenv("UPWARD_DATA_DIR", str(knowledge_copy))
    bad = tmp_path / "x.csv"
    bad.write_text("date,colour\n2026-01-01,red\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(bad)], env={"COLUMNS": "200"})
    assert result.exit_code == 1 and "Nothing was imported" in result.output
    assert not Path(knowledge_copy / "workspaces" / "default" / "audits" / "x").exists()


def test_problems_in_exports_and_peers_are_reported_together(tmp_path):
    export = tmp_path / "x.csv"
    export.write_text("date,colour\n2026-01-01,red\n", encoding="utf-8")
    peers = tmp_path / "peers.csv"
    peers.write_text("peer,country\nSomewhere,UK\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        run_audit([export], peers=peers)
    assert {p.file for p in failed.value.problems} == {"x.csv", "peers.csv"}
