"""Re-derivation of cited audit facts from the stored rows: every number of every fact kind, a
tampered peer row, a changed published benchmark, a tampered number in a fact's text, a table
changed after the first check, and chunks posing as computed facts."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.audit.facts import check_numbers
from bot.audit.indexing import fact_documents
from bot.audit.rederive import AuditChecker, text_sha256
from bot.audit.runner import AuditRun, run_audit
from bot.audit.store import AuditStore
from bot.config import PROJECT_ROOT
from bot.database import forget_database

SAMPLE = PROJECT_ROOT / "knowledge" / "sample"
PUBLISHED = PROJECT_ROOT / "knowledge" / "benchmarks" / "published.csv"
BENCHMARK = "AB-facebook-posts_per_week"
PUBLISHED_FACT = "AP-facebook-engagement_rate_per_post_per_follower-F47"
GOAL = "G-all-response_rate"
TOP_PAGES = "AT-website-top_pages-L12-2026-10"
KPI_FACT = "AU-facebook-engagements-L12-2026-10"


@pytest.fixture(scope="module")
def run() -> AuditRun:
    return run_audit([SAMPLE / "exports"], peers=SAMPLE / "peers.csv", published=PUBLISHED)


@pytest.fixture(scope="module")
def saved(run: AuditRun, tmp_path_factory) -> Path:
    """The sample audit stored once; each test gets its own copy of the database file."""
    path = tmp_path_factory.mktemp("audit-db") / "upward.db"
    url = f"sqlite:///{path}"
    AuditStore(url).save(run.report.id, run.table, run.report.model_dump_json())
    forget_database(url)  # closes every connection, so the WAL is checkpointed into the file
    return path


@pytest.fixture
def db(saved: Path, tmp_path: Path):
    path = tmp_path / "upward.db"
    shutil.copy(saved, path)
    url = f"sqlite:///{path}"
    store = AuditStore(url)
    engine = create_engine(url)
    yield store, engine
    engine.dispose()
    forget_database(url)


def execute(engine, sql: str, **params) -> None:
    with engine.begin() as conn:
        changed = conn.execute(text(sql), params).rowcount
    assert changed > 0, sql


def metadata(run: AuditRun) -> dict[str, dict]:
    """What the index holds for each fact, by fact id."""
    return {d.extra["fact_id"]: {**d.extra, "kind": d.kind} for d in fact_documents(run.report)}


def chunk_of(fact) -> str:
    """A fact as one indexed chunk: the context line (title › period), then the text."""
    return "\n".join([" › ".join([fact.title] + ([fact.period_label] if fact.period_label else [])), fact.text])


def checker_of(store: AuditStore) -> AuditChecker:
    return AuditChecker(store.table, store.version)


def test_every_number_of_every_fact_kind_is_derived_and_re_derives(run, db):
    store, _ = db
    checker = checker_of(store)
    chunks = {f.id: chunk_of(f) for f in run.facts}  # each fact as the index holds it, text too
    assert [p for fid, meta in metadata(run).items() if (p := checker.problem(meta, chunks[fid]))] == []
    assert {f.kind for f in run.facts} == {"kpi", "benchmark", "published", "goal", "top_pages"}
    roles = {kind: {d.role for f in run.facts if f.kind == kind for d in f.derived}
             for kind in ("benchmark", "published", "goal", "top_pages")}
    assert {"value", "peers", "rank", "of", "percentile", "median", "top_quartile"} <= roles["benchmark"]
    assert {"value", "benchmark", "label"} <= roles["published"]
    assert {"value", "target", "deadline", "median", "rank", "top_quartile"} <= roles["goal"]
    assert {"value", "share"} <= roles["top_pages"]
    assert all(check_numbers(f) is None for f in run.facts)
    assert len(run.table.peers) == 162 and len(run.table.published) == 13  # stored beside the rows
    again = store.table(run.report.id)
    assert again is not None and again.peers == run.table.peers and again.published == run.table.published


def test_a_tampered_peer_row_is_noticed(run, db):
    store, engine = db
    checker = checker_of(store)
    meta = metadata(run)
    assert checker.problem(meta[BENCHMARK]) is None
    # Our 7.2 posts a week ranks 15 of 16; a peer above us quietly moved below us.
    execute(engine, "UPDATE audit_peers SET value = 1 WHERE peer LIKE 'Eastmere%' "
                    "AND kpi = 'posts_per_week' AND platform = 'facebook'")
    problem = checker.problem(meta[BENCHMARK])
    assert problem == ("the rank of posts_per_week for facebook in L12-2026-10 is stated as 15 "
                       "but the data give 14")
    assert checker.problem(meta[KPI_FACT]) is None  # own figures do not depend on peers


def test_a_tampered_peer_row_behind_a_goal_is_noticed(run, db):
    store, engine = db
    checker = checker_of(store)
    meta = metadata(run)
    assert checker.problem(meta[GOAL]) is None
    execute(engine, "UPDATE audit_peers SET value = 99 WHERE peer LIKE 'Wyndale%' AND kpi = 'response_rate'")
    problem = checker.problem(meta[GOAL])
    assert problem is not None and "but the data give" in problem


def test_a_changed_published_benchmark_is_noticed(run, db):
    store, engine = db
    checker = checker_of(store)
    meta = metadata(run)
    assert checker.problem(meta[PUBLISHED_FACT]) is None
    execute(engine, "UPDATE audit_published SET value = 0.5 WHERE evidence_id = 'F47' AND platform = 'facebook'")
    problem = checker.problem(meta[PUBLISHED_FACT])
    assert problem is not None and "benchmark" in problem and "stated as 0.063%" in problem
    assert "0.500%" in problem


def test_a_changed_published_note_is_noticed(run, db):
    store, engine = db
    checker = checker_of(store)
    meta = metadata(run)
    execute(engine, "UPDATE audit_published SET note = 'Across 9,999 public bodies.' "
                    "WHERE evidence_id = 'F47' AND platform = 'facebook'")
    problem = checker.problem(meta[PUBLISHED_FACT])
    assert problem is not None and "the note of" in problem and "9,999" in problem


def test_a_table_changed_after_the_first_check_is_noticed_by_the_same_checker(run, db):
    store, engine = db
    loads: list[str] = []

    def load(audit_id: str):
        loads.append(audit_id)
        return store.table(audit_id)

    checker = AuditChecker(load, store.version)
    meta = metadata(run)
    assert checker.problem(meta[KPI_FACT]) is None
    assert checker.problem(meta[BENCHMARK]) is None
    assert len(loads) == 1  # unchanged data: derived once, kept under its version
    execute(engine, "UPDATE audit_observations SET value = value * 2 "
                    "WHERE platform = 'facebook' AND metric = 'reactions'")
    problem = checker.problem(meta[KPI_FACT])
    assert problem is not None and problem.startswith("the value of engagements for facebook in L12-2026-10")
    assert "is stated as 41,5" not in problem and "but the data give" in problem
    assert len(loads) == 2
    assert checker.problem(meta[TOP_PAGES]) is None  # website facts still follow from their rows


def test_a_changed_page_row_changes_the_top_page_share(run, db):
    store, engine = db
    checker = checker_of(store)
    meta = metadata(run)
    execute(engine, "UPDATE audit_observations SET value = value + 50000 "
                    "WHERE metric = 'page_views' AND item = '/council-tax' AND date >= '2026-01-01'")
    problem = checker.problem(meta[TOP_PAGES])
    assert problem is not None and "/council-tax" in problem and "but the data give" in problem


def test_a_tampered_number_in_a_fact_text_is_refused(run, db):
    store, _ = db
    checker = checker_of(store)
    meta = metadata(run)[BENCHMARK]
    fact = next(f for f in run.facts if f.id == BENCHMARK)
    chunk = chunk_of(fact)
    assert checker.problem(meta, chunk) is None
    # A number nothing derives (the "ranks 1st") ...
    lifted = chunk.replace("ranks 15 of 16", "ranks 1 of 16")
    assert checker.problem(meta, lifted) == f"{BENCHMARK} as cited prints 1, which no derived value accounts for"
    # ... and a derived number in the wrong place: the text no longer follows from the data.
    swapped = chunk.replace("ranks 15 of 16", "ranks 16 of 16")
    assert checker.problem(meta, swapped) == f"the cited text of {BENCHMARK} differs from what the data give"
    # An index whose stored text was edited is refused by its fingerprint.
    edited = {**meta, "text_sha256": text_sha256(fact.text.replace("7th percentile", "95th percentile"))}
    assert checker.problem(edited).startswith(f"the text of {BENCHMARK} differs from what the data give")
    # And a fact whose own text prints an underived number is refused as built.
    bad = fact.model_copy(update={"text": fact.text.replace("ranks 15", "ranks 3")})
    assert check_numbers(bad) == f"{BENCHMARK} prints 3, which no derived value accounts for"


def test_a_tampered_derived_value_in_the_index_is_refused(run, db):
    store, _ = db
    checker = checker_of(store)
    meta = metadata(run)[GOAL]
    derived = json.loads(meta["derived"])
    for d in derived:
        if d["role"] == "deadline":
            d["display"] = "31 October 2026"
    problem = checker.problem({**meta, "derived": json.dumps(derived)})
    assert problem == ("the deadline of response_rate for all in L12-2026-10 is stated as "
                       "31 October 2026 but the data give 31 October 2027")
    without_rank = [d for d in json.loads(metadata(run)[BENCHMARK]["derived"]) if d["role"] != "rank"]
    problem = checker.problem({**metadata(run)[BENCHMARK], "derived": json.dumps(without_rank)})
    assert problem == f"{BENCHMARK} does not carry the rank of posts_per_week for facebook in L12-2026-10 (15) that the data give"
    old_style = [{k: d[k] for k in ("kpi", "platform", "period", "value", "item")} for d in derived]
    assert checker.problem({**meta, "derived": json.dumps(old_style)}) is not None


def test_chunks_posing_as_computed_facts_are_refused(run, db):
    store, _ = db
    checker = checker_of(store)
    posing = {"kind": "audit", "fact_id": KPI_FACT}
    assert checker.problem(posing) == f"{KPI_FACT} poses as a computed audit fact but names no stored audit"
    assert checker.problem({"kind": "guidance", "derived": "[]"}) is not None
    assert checker.problem({"kind": "audit", "title": "Annual report 2025"}) is None  # a user's document
    assert checker.problem({**metadata(run)[KPI_FACT], "fact_id": "AU-facebook-reach-L12-2031-10"}) == (
        f"AU-facebook-reach-L12-2031-10 no longer follows from the stored data of audit {run.report.id}")
    store.delete(run.report.id)
    assert checker.problem(metadata(run)[KPI_FACT]) == f"audit {run.report.id} is no longer stored"


def test_the_data_version_follows_every_stored_row(run, db):
    store, engine = db
    audit = run.report.id
    first = store.version(audit)
    assert first is not None and store.version(audit) == first
    edits = [
        "UPDATE audit_peers SET peer = 'Ashcombe Council (sample)' WHERE peer LIKE 'Ashcombe%' AND kpi = 'posts_per_week'",
        "UPDATE audit_peers SET peer = 'Ashcombe Council (SAMPLE)' WHERE peer LIKE 'Ashcombe%' AND kpi = 'posts_per_week'",
        "UPDATE audit_published SET method = 'engagement_rate_per_reach' WHERE evidence_id = 'F47' AND platform = 'tiktok'",
        "UPDATE audit_observations SET metric = 'comments' WHERE metric = 'shares' AND platform = 'x' AND seq = "
        "(SELECT min(seq) FROM audit_observations WHERE metric = 'shares' AND platform = 'x')",
        "UPDATE audit_observations SET source_row = source_row + 1 WHERE seq = 0",
        "UPDATE audit_observations SET date = '2026-10-02' WHERE date = '2026-10-01' AND metric = 'posts' "
        "AND seq = (SELECT min(seq) FROM audit_observations WHERE date = '2026-10-01' AND metric = 'posts')",
        "UPDATE audit_observations SET platform = 'instagram' WHERE platform = 'facebook' AND seq = "
        "(SELECT min(seq) FROM audit_observations WHERE platform = 'facebook')",
        "DELETE FROM audit_observations WHERE seq = (SELECT max(seq) FROM audit_observations)",
    ]
    seen = {first}
    for sql in edits:
        execute(engine, sql)
        now = store.version(audit)
        assert now not in seen, sql
        seen.add(now)
    assert store.version("a-missing-audit") is None


@pytest.mark.skipif(not os.environ.get("UPWARD_TEST_POSTGRES_URL"),
                    reason="set UPWARD_TEST_POSTGRES_URL (and install a driver) to run on PostgreSQL")
def test_on_postgresql_the_version_is_stable_and_a_tampered_row_is_noticed(run):
    url = os.environ["UPWARD_TEST_POSTGRES_URL"]
    store = AuditStore(url)
    engine = create_engine(url)
    audit = run.report.id
    try:
        store.save(audit, run.table, run.report.model_dump_json())
        again = store.table(audit)
        assert again is not None and again.peers == run.table.peers and again.published == run.table.published
        assert len({store.version(audit) for _ in range(5)}) == 1  # exact sums: the same every time
        loads: list[str] = []
        checker = AuditChecker(lambda a: (loads.append(a), store.table(a))[1], store.version)
        meta = metadata(run)
        assert [checker.problem(meta[fid]) for fid in (BENCHMARK, GOAL, TOP_PAGES, PUBLISHED_FACT)] == [None] * 4
        assert len(loads) == 1
        execute(engine, "UPDATE audit_peers SET value = 1 WHERE peer LIKE 'Eastmere%' "
                        "AND kpi = 'posts_per_week' AND platform = 'facebook'")
        assert "is stated as 15 but the data give 14" in (checker.problem(meta[BENCHMARK]) or "")
    finally:
        store.delete(audit)
        engine.dispose()
        store.close()


def test_rows_that_give_no_facts_refuse_every_fact_with_the_reason(run, db, monkeypatch):
    store, _ = db
    checker = checker_of(store)

    def broken(table):
        raise ValueError("AU-x prints 7, which no derived value accounts for")

    monkeypatch.setattr("bot.audit.rederive.derive", broken)
    problem = checker.problem(metadata(run)[KPI_FACT])
    assert problem == f"audit {run.report.id} cannot be derived again: AU-x prints 7, which no derived value accounts for"
