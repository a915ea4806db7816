"""The audit through the real path: the `upward` command in a subprocess, real embeddings and
Chroma, the packaged local model; and the report's figures recomputed from the raw sample files
with the documented formulas, by code that shares nothing with the importer or the engine."""

import csv
import datetime as dt
import json
import subprocess
from pathlib import Path

import httpx
import pytest

from bot.config import PROJECT_ROOT
from tests.integration.test_real_model import UPWARD, env_for, server  # noqa: F401 (fixture)

pytestmark = pytest.mark.integration
SAMPLE = PROJECT_ROOT / "knowledge" / "sample"
EXPORTS = SAMPLE / "exports"
QUESTION = "How did our Facebook engagement change over the last year?"


@pytest.fixture(scope="module")
def audited(tmp_path_factory) -> tuple[Path, dict]:
    data_dir = tmp_path_factory.mktemp("audit-real")
    result = subprocess.run(
        UPWARD + ["audit", str(EXPORTS), "--peers", str(SAMPLE / "peers.csv"), "--json"],
        env=env_for(data_dir), capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return data_dir, json.loads(result.stdout)


def kpi(report: dict, kpi_id: str, platform: str) -> dict:
    return next(r for r in report["kpis"] if r["kpi"] == kpi_id and r["platform"] == platform)


def window(row: dict) -> tuple[dt.date, dt.date]:
    """The latest 12 months: "L12-2026-10" is November 2025 to October 2026."""
    year, month = map(int, row["period"].removeprefix("L12-").split("-"))
    end = dt.date(year, month, 28) + dt.timedelta(days=4)
    return dt.date(year - 1 + (month == 12), month % 12 + 1, 1), end - dt.timedelta(days=end.day)


def number(text: str) -> float:
    return float(text.replace(",", "").replace("%", ""))


def rows(name: str, skip: int = 0) -> list[dict]:
    with (EXPORTS / name).open(encoding="utf-8-sig", newline="") as handle:
        lines = handle.readlines()[skip:]
    return list(csv.DictReader(lines))


def test_audit_command_writes_report_charts_and_facts(audited):
    data_dir, report = audited
    folder = data_dir / "workspaces" / "default" / "audits" / report["id"]
    assert (folder / "report.md").is_file() and (folder / "canonical.csv").is_file()
    assert len(list((folder / "charts").glob("*.png"))) == len(report["charts"]) > 10
    assert report["sample"] and report["benchmarks"] and len(report["goals"]) >= 4
    assert len({f["id"] for f in report["facts"]}) == len(report["facts"]) > 100


def test_facebook_engagements_recomputed_from_the_raw_posts_export(audited):
    row = kpi(audited[1], "engagements", "facebook")
    start, end = window(row)
    total = sum(
        number(r["Reactions"]) + number(r["Comments"]) + number(r["Shares"])
        for r in rows("facebook_posts.csv")
        if start <= dt.datetime.strptime(r["Publish time"], "%m/%d/%Y %H:%M").date() <= end
    )
    assert row["value"] == total


def test_web_engagement_rate_recomputed_from_the_raw_ga4_download(audited):
    row = kpi(audited[1], "web_engagement_rate", "website")
    start, end = window(row)
    months = [r for r in rows("ga4_traffic_monthly.csv", skip=10) if r["Year month"]]
    inside = [r for r in months if start <= dt.date(int(r["Year month"][:4]), int(r["Year month"][4:]), 1) <= end]
    assert len(inside) == 12
    expected = sum(number(r["Engaged sessions"]) for r in inside) / sum(number(r["Sessions"]) for r in inside) * 100
    assert row["value"] == pytest.approx(expected, rel=1e-12)


def test_google_ads_ctr_and_cost_per_conversion_recomputed_from_the_raw_report(audited):
    report = audited[1]
    ctr, cpa = kpi(report, "ctr", "google_ads"), kpi(report, "cost_per_conversion", "google_ads")
    start, end = window(ctr)
    inside = [r for r in rows("google_ads_campaigns.csv", skip=2)
              if not r["Month"].startswith("Total") and start <= dt.date.fromisoformat(r["Month"]) <= end]
    clicks = sum(number(r["Clicks"]) for r in inside)
    assert ctr["value"] == pytest.approx(clicks / sum(number(r["Impr."]) for r in inside) * 100, rel=1e-12)
    cost = sum(number(r["Cost"]) for r in inside)
    assert cpa["value"] == pytest.approx(cost / sum(number(r["Conversions"]) for r in inside), rel=1e-12)


def test_every_fact_re_derives_from_the_stored_rows(audited):
    from bot.audit.rederive import AuditChecker, text_sha256
    from bot.audit.store import AuditStore

    data_dir, report = audited
    store = AuditStore(f"sqlite:///{data_dir / 'workspaces' / 'default' / 'upward.db'}")
    try:
        checker = AuditChecker(store.table, store.version)
        problems = [
            checker.problem({"audit_id": report["id"], "fact_id": f["id"], "derived": json.dumps(f["derived"]),
                             "text_sha256": text_sha256(f["text"])})
            for f in report["facts"]
        ]
    finally:
        store.close()
    assert sum(len(f["derived"]) for f in report["facts"]) > 200
    assert [p for p in problems if p] == []


def test_ask_about_facebook_engagement_cites_verified_audit_facts(audited):
    """The issue's done-when, with the packaged local model."""
    data_dir, _ = audited
    result = subprocess.run(
        UPWARD + ["ask", "--json", QUESTION], env=env_for(data_dir),
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["verified"] and answer["figures"]
    audit = {c["n"] for c in answer["citations"] if c["kind"] == "audit" and "Facebook" in c["text"]}
    assert audit, answer["citations"]
    assert any(f["citation"] in audit for f in answer["figures"])
    assert all(f["verified"] for f in answer["figures"])


def test_http_server_takes_an_upload_and_serves_the_audit(server):
    """POST /v1/audit to a real `upward serve`: the audit becomes active; a bad upload gives 422
    and changes nothing."""
    email = ["mailchimp_campaigns.csv", "govdelivery_bulletins.csv"]
    files = [("files", (name, (EXPORTS / name).read_bytes(), "text/csv")) for name in email]
    files.append(("peers", ("peers.csv", (SAMPLE / "peers.csv").read_bytes(), "text/csv")))
    created = httpx.post(f"{server}/v1/audit", files=files, timeout=300)
    assert created.status_code == 201, created.text
    report = created.json()
    assert {r["channel"] for r in report["kpis"]} == {"email"} and report["facts"]
    assert httpx.get(f"{server}/healthz", timeout=10).json()["audit"] == report["id"]
    chart = httpx.get(f"{server}/v1/audit/{report['id']}/charts/{report['charts'][0]['name']}.svg", timeout=10)
    assert chart.status_code == 200 and b"<svg" in chart.content
    bad = httpx.post(f"{server}/v1/audit", timeout=60,
                     files=[("files", ("notes.csv", b"colour,shape\nred,round\n", "text/csv"))])
    assert bad.status_code == 422 and bad.json()["detail"]["problems"][0]["file"] == "notes.csv"
    assert httpx.get(f"{server}/v1/audit", timeout=10).json()["active"] == report["id"]
