"""Audit facts: stable ids, sentences built from formatted values, provenance for re-derivation."""

import datetime as dt
import hashlib
import json

import pytest

from bot.audit.facts import build_facts, change_phrase, kpi_facts
from bot.audit.indexing import fact_documents
from bot.audit.model import ALL, KpiResults, KpiValue, Period, SourceRef
from bot.audit.report import AuditReport

L12 = Period(dt.date(2025, 11, 1), dt.date(2026, 10, 31), "last12", "L12-2026-10",
             "the 12 months to October 2026")
L12_BEFORE = Period(dt.date(2024, 11, 1), dt.date(2025, 10, 31), "last12", "L12-2025-10",
                    "the 12 months to October 2025")
Q3 = Period(dt.date(2026, 7, 1), dt.date(2026, 9, 30), "quarter", "2026-Q3", "Q3 2026")
Q3_BEFORE = Period(dt.date(2025, 7, 1), dt.date(2025, 9, 30), "quarter", "2025-Q3", "Q3 2025")


def value(kpi, platform, period, number, unit, *, channel="social", year_ago=None, platforms=None):
    return KpiValue(kpi=kpi, channel=channel, platform=platform, period=period, value=number,
                    unit=unit, sources=[SourceRef("facebook_posts.csv", "2-13")], year_ago=year_ago,
                    platforms=platforms or (platform,))


def results() -> KpiResults:
    before = value("engagements", "facebook", L12_BEFORE, 35100.0, "count")
    rate_before = value("engagement_rate_per_reach", "facebook", L12_BEFORE, 3.27, "%")
    q_before = value("engagements", "facebook", Q3_BEFORE, 10100.0, "count")
    return KpiResults(values=[
        before,
        value("engagements", "facebook", L12, 41520.0, "count", year_ago=before),
        rate_before,
        value("engagement_rate_per_reach", "facebook", L12, 4.12, "%", year_ago=rate_before),
        q_before,
        value("engagements", "facebook", Q3, 11020.0, "count", year_ago=q_before),
        value("engagements", ALL, L12, 50000.0, "count", platforms=("facebook", "instagram")),
        value("users", ALL, L12, 90000.0, "people", channel="web", platforms=("website",)),
    ])


def test_twelve_month_fact_states_value_change_and_comparison():
    facts = {f.id: f for f in kpi_facts(results())}
    fact = facts["AU-facebook-engagements-L12-2026-10"]
    sentence = fact.text.split("\n")[0]
    # (41,520 - 35,100) / 35,100 = 18.29...% → 18.3%
    assert sentence == (
        "Our Facebook engagements in the 12 months to October 2026: 41,520, "
        "up 18.3% on 35,100 in the 12 months to October 2025."
    )
    assert fact.text.split("\n")[1].startswith("Formula: reactions + comments + shares.")
    numbers = [(d.role, d.period, d.value, d.display) for d in fact.derived if d.role != "label"]
    assert numbers == [("value", "L12-2026-10", 41520.0, "41,520"), ("value", "L12-2025-10", 35100.0, "35,100"),
                       ("change", "L12-2026-10", pytest.approx(18.2906, abs=1e-4), "18.3%")]
    labels = {d.item: d.display for d in fact.derived if d.role == "label"}
    assert labels["formula"] == "reactions + comments + shares" and labels["files"] == "facebook_posts.csv"
    assert fact.sources[0].file == "facebook_posts.csv" and fact.sources[0].rows == "2-13"


def test_rates_change_in_percentage_points_and_quarters_against_a_year_before():
    facts = {f.id: f for f in kpi_facts(results())}
    rate = facts["AU-facebook-engagement_rate_per_reach-L12-2026-10"].text
    assert "4.12%, up 0.85 percentage points on 3.27%" in rate  # 4.12 - 3.27 = 0.85
    quarter = facts["AU-facebook-engagements-2026-Q3"].text
    assert "in Q3 2026: 11,020, up 9.1% on 10,100 in Q3 2025." in quarter  # 920 / 10,100 = 9.1%
    overall = facts["AU-all-engagements-L12-2026-10"].text
    assert overall.startswith("Our engagements across all social media platforms in the 12 months to October 2026: 50,000.")


@pytest.mark.parametrize(
    ("now", "then", "unit", "expected"),
    [
        (5.0, 5.0, "count", "unchanged from 5 in"),
        (90.0, 100.0, "count", "down 10.0% on 100 in"),
        (61.0, 60.0, "%", "up 1.0 percentage point on 60.0% in"),
        (63.2, 29.0, "%", "up 34.2 percentage points on 29.0% in"),  # to the rates' precision
        (0.168, 0.077, "%", "up 0.091 percentage points on 0.077% in"),
        (4.1, 4.1, "%", "unchanged from 4.10% in"),
        (0.05, 0.0, "count", "compared with 0 in"),  # no % change from zero
    ],
)
def test_change_phrases(now, then, unit, expected):
    phrase = change_phrase(value("x", "facebook", L12, now, unit), value("x", "facebook", L12_BEFORE, then, unit))
    assert phrase.startswith(expected)


def test_an_overall_figure_of_one_platform_is_not_repeated_as_a_fact():
    ids = {f.id for f in kpi_facts(results())}
    assert "AU-all-users-L12-2026-10" not in ids and "AU-all-engagements-L12-2026-10" in ids


def test_same_results_give_identical_facts_and_unique_ids():
    first, second = build_facts(results(), [], [], []), build_facts(results(), [], [], [])
    assert [f.model_dump() for f in first] == [f.model_dump() for f in second]
    assert len({f.id for f in first}) == len(first)


def test_fact_documents_carry_what_the_verifier_needs():
    report = AuditReport(id="a123", period_label="x", sample=True, files=[], kpis=[],
                         facts=build_facts(results(), [], [], []))
    docs = fact_documents(report)
    assert {d.kind for d in docs} == {"audit"}
    doc = next(d for d in docs if d.extra["fact_id"] == "AU-facebook-engagements-L12-2026-10")
    assert doc.source == "audit:a123#AU-facebook-engagements-L12-2026-10"
    assert doc.extra["audit_id"] == "a123" and doc.publisher == "Your audit data (fictional sample)"
    assert json.loads(doc.extra["derived"])[0] == {
        "kpi": "engagements", "platform": "facebook", "period": "L12-2026-10", "value": 41520.0, "item": "",
        "role": "value", "display": "41,520",
    }
    fact = next(f for f in report.facts if f.id == doc.extra["fact_id"])
    assert doc.extra["text_sha256"] == hashlib.sha256(fact.text.encode()).hexdigest()
    assert doc.year == "2026"
