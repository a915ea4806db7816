"""Listening end to end: a comment export becomes a report and citable facts with the right counts,
no personal data survives anywhere, the same files give the same id and facts, the store keeps
sets on SQLite, and the shipped fictional sample is exactly what its script writes."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
import time
from pathlib import Path

import pytest

from bot.listening.facts import LISTENING_SOURCE, listening_documents, listening_record
from bot.listening.model import RedactedComment
from bot.listening.runner import run_listening
from bot.listening.store import ListeningStore

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "knowledge" / "sample" / "listening" / "brackenford_comments.csv"
SCRIPT = ROOT / "scripts" / "make_sample_listening.py"

COMMENTS = (
    "Date,Platform,Author,Message,URL,Replied",
    '2026-01-05 09:00,Facebook,Janet Dawson,"When will the missed bins on Larkspur Close be collected? '
    'Call me on 07700 900123",https://x.example/1,No',
    '2026-01-06 10:00,Facebook,Priya Shah,"Agree with Janet, bins missed again. Absolutely disgusting.",'
    "https://x.example/2,No",
    '2026-01-20 12:00,X,jdawson,"Thanks for the flood updates, brilliant work",https://x.example/3,No',
    "2026-02-03 08:00,X,kim_88,Heard that the tip is closing. Is it true?,https://x.example/4,No",
    "2026-02-04 08:00,Nextdoor,Sam Okafor,Is it true the tip is shutting? Email sam@example.com,"
    "https://x.example/5,Yes",
    "2026-02-10 18:00,Facebook,Priya Shah,The pothole on Kiln Lane is dangerous,https://x.example/6,Yes",
    "2026-03-01 18:00,Facebook,Lee Ng,Who runs this page?,https://x.example/7,",
)


def write(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def comments_csv(tmp_path: Path) -> Path:
    return write(tmp_path / "comments.csv", *COMMENTS)


@pytest.fixture(scope="module")
def sample_run():
    return run_listening([SAMPLE], sample=True)


# --------------------------------------------------------------------------------------------
# A small export, every number checked
# --------------------------------------------------------------------------------------------


def test_report_counts(comments_csv: Path) -> None:
    run = run_listening([comments_csv])
    report = run.report
    assert report.total == 7 and not report.sample
    assert [(f.name, f.rows_read, f.rows_used) for f in report.files] == [("comments.csv", 7, 7)]
    assert (str(report.period.start), str(report.period.end)) == ("2026-01-05", "2026-03-01")
    assert report.period.label == "5 January 2026 to 1 March 2026"
    assert report.by_platform == {"Facebook": 4, "X (Twitter)": 2, "Nextdoor": 1}
    assert report.by_month == {"2026-01": 3, "2026-02": 3, "2026-03": 1}
    s = report.sentiment
    assert (s.negative, s.neutral, s.positive) == (3, 3, 1)
    assert (s.negative_share, s.neutral_share, s.positive_share) == (42.9, 42.9, 14.3)
    q = report.questions
    assert (q.count, q.share, q.with_reply_status, q.unanswered, q.unanswered_share) == (4, 57.1, 3, 2, 66.7)
    r = report.rumours
    assert (r.count, r.about, r.about_count, r.peak_month, r.unanswered) == (2, "bins", 2, "2026-02", 1)
    assert (report.replied, report.replied_known) == (2, 6)
    assert report.redactions == {
        "email": 1, "link": 0, "phone": 1, "handle": 0, "postcode": 0, "number": 0, "name": 1,
        "address": 0, "dob": 0, "nino": 0, "sortcode": 0, "vehicle": 0,
    }
    assert [(t.id, t.count, t.questions, t.unanswered) for t in report.themes] == [
        ("rumours", 2, 2, 1), ("bins", 2, 1, 1), ("roads", 1, 0, 0), ("flooding", 1, 0, 0), ("other", 1, 1, 0)
    ]
    assert report.theme("bins").negative_share == 100.0


def test_comments_are_redacted_and_ordered(comments_csv: Path) -> None:
    run = run_listening([comments_csv])
    assert [c.date.isoformat() for c in run.comments] == sorted(c.date.isoformat() for c in run.comments)
    first = run.comments[0]
    assert first.text == "When will the missed bins on Larkspur Close be collected? Call me on [phone]"
    assert (first.theme, first.is_question, first.replied, first.platform) == ("bins", True, False, "Facebook")
    assert run.comments[1].text == "Agree with [name], bins missed again. Absolutely disgusting."
    assert run.comments[-1].replied is None
    assert set(RedactedComment.model_fields) == {
        "date", "platform", "theme", "themes", "sentiment", "compound", "is_question", "is_rumour",
        "replied", "text",
    }


def test_facts_text_and_values(comments_csv: Path) -> None:
    facts = {f.id: f for f in run_listening([comments_csv]).report.facts}
    assert list(facts) == [
        "PC-overview", "PC-sentiment", "PC-theme-bins", "PC-theme-roads", "PC-theme-flooding",
        "PC-questions", "PC-rumours", "PC-replies", "PC-platforms", "PC-peak",
    ]
    assert facts["PC-sentiment"].text.startswith(
        "Of 7 public comments and mentions imported for 5 January 2026 to 1 March 2026, "
        "42.9% were negative, 42.9% neutral and 14.3% positive."
    )
    assert facts["PC-theme-bins"].text == (
        "Bins and recycling was the most discussed theme: 2 of 7 comments (28.6%), 100.0% of them "
        "negative; 1 of them asked a question, and 1 of those got no reply. A typical comment, with "
        "personal details removed, complained: “Agree with [name], bins missed again. Absolutely disgusting.”"
    )
    assert facts["PC-theme-bins"].values == {
        "count": 2, "total": 7, "share": 28.6, "negative_share": 100.0, "questions": 1, "unanswered": 1
    }
    assert facts["PC-questions"].text.startswith(
        "4 of 7 comments (57.1%) asked a question. 2 of the 3 questions whose reply was recorded "
        "(66.7%) got no reply."
    )
    assert "2 comments (28.6%) passed on or asked about something heard" in facts["PC-rumours"].text
    assert facts["PC-platforms"].text == (
        "By platform, the 7 comments came from Facebook 4 (57.1%), X (Twitter) 2 (28.6%) and Nextdoor 1 (14.3%)."
    )
    assert facts["PC-peak"].text == (
        "The busiest month was January 2026, with 3 comments (42.9% of the 7); its most discussed "
        "theme was bins and recycling (2)."
    )


def test_every_stated_value_is_in_its_sentence(sample_run) -> None:
    for fact in sample_run.report.facts:
        for name, value in fact.values.items():
            shown = f"{value:,.1f}%" if isinstance(value, float) else f"{value:,}"
            assert shown in fact.text, (fact.id, name, shown)


def test_without_platform_or_replied_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "inbox.csv", "Date,Comment", "2026-01-01,When will the bins come?", "2026-01-02,ok")
    report = run_listening([path]).report
    assert report.by_platform == {"Not stated": 2}
    assert report.questions.unanswered is None and report.replied is None
    ids = [f.id for f in report.facts]
    assert "PC-platforms" not in ids and "PC-replies" not in ids and "PC-rumours" not in ids
    assert "no reply" not in " ".join(f.text for f in report.facts)


def test_same_files_same_id_and_report(comments_csv: Path, tmp_path: Path) -> None:
    first = run_listening([comments_csv])
    again = run_listening([comments_csv])
    assert first.report.model_dump_json() == again.report.model_dump_json()
    assert re.fullmatch(r"l[0-9a-f]{15}", first.report.id)
    renamed = run_listening([comments_csv], names={comments_csv: "upload.csv"})
    assert renamed.report.id != first.report.id
    assert renamed.report.files[0].name == "upload.csv"
    (tmp_path / "other").mkdir()
    changed = write(tmp_path / "other" / "comments.csv", *COMMENTS, "2026-03-02,Facebook,A B,Hello,,No")
    assert run_listening([changed]).report.id != first.report.id


def test_markdown(comments_csv: Path) -> None:
    text = run_listening([comments_csv], sample=True).report.to_markdown()
    assert text.startswith("# What the public is saying (fictional sample)")
    assert "- **PC-theme-bins** — Bins and recycling was the most discussed theme" in text
    assert "| Bins and recycling | 2 | 28.6% | 100.0% | 1 | 1 |" in text
    assert "Personal details removed: 1 email, 1 phone, 1 name." in text


# --------------------------------------------------------------------------------------------
# Index documents
# --------------------------------------------------------------------------------------------


def test_listening_documents(comments_csv: Path) -> None:
    report = run_listening([comments_csv]).report
    docs = listening_documents(report)
    assert len(docs) == len(report.facts)
    doc = docs[2]
    assert doc.source == f"listening:{report.id}#PC-theme-bins"
    assert (doc.kind, doc.title, doc.year) == ("public", "Public comments: bins and recycling", "2026")
    assert doc.publisher == "Public comments you imported"
    assert doc.sections[0].text == report.facts[2].text
    assert doc.sections[0].heading_path == ["5 January 2026 to 1 March 2026"]
    assert doc.extra == {"fact_id": "PC-theme-bins", "listening_id": report.id, "sample": False}
    sample = run_listening([comments_csv], sample=True).report
    assert listening_documents(sample)[0].publisher == "Public comments (fictional sample)"


def test_listening_record(comments_csv: Path) -> None:
    report = run_listening([comments_csv]).report
    record = listening_record(report, "minilm")
    assert (record.source, record.kind, record.embedder) == (LISTENING_SOURCE, "public", "minilm")
    assert record.source == "listening"
    assert listening_record(report, "minilm").sha256 == record.sha256
    assert listening_record(report.model_copy(update={"sample": True}), "minilm").sha256 != record.sha256


# --------------------------------------------------------------------------------------------
# Store
# --------------------------------------------------------------------------------------------


def test_store_round_trip(comments_csv: Path, tmp_path: Path) -> None:
    store = ListeningStore(f"sqlite:///{tmp_path / 'data' / 'upward.db'}")
    run = run_listening([comments_csv])
    assert store.active_id() is None and store.list() == []
    store.save(run)
    store.save(run)  # the same set again replaces it
    assert store.active_id() == run.report.id
    assert store.report_json(run.report.id) == run.report.model_dump_json()
    assert store.comments(run.report.id) == run.comments

    other = run_listening([comments_csv], names={comments_csv: "renamed.csv"}, sample=True)
    store.save(other, active=False)
    assert store.active_id() == run.report.id
    store.activate(other.report.id)
    assert store.active_id() == other.report.id
    listed = store.list()
    assert {s.id for s in listed} == {run.report.id, other.report.id}
    assert [s.active for s in listed if s.id == other.report.id] == [True]
    assert [s.sample for s in listed if s.id == other.report.id] == [True]
    with pytest.raises(KeyError):
        store.activate("lmissing")
    assert store.active_id() == other.report.id

    store.delete(other.report.id)
    assert store.report_json(other.report.id) is None and store.comments(other.report.id) == []
    assert [s.id for s in store.list()] == [run.report.id]
    store.close()


def test_store_shares_a_database_with_the_audit(comments_csv: Path, tmp_path: Path) -> None:
    from bot.audit.store import AuditStore

    url = f"sqlite:///{tmp_path / 'upward.db'}"
    audits, listening = AuditStore(url), ListeningStore(url)
    listening.save(run_listening([comments_csv]))
    assert audits.active_id() is None and audits.ids() == []
    assert listening.active_id() is not None
    audits.close()
    listening.close()


# --------------------------------------------------------------------------------------------
# The fictional sample
# --------------------------------------------------------------------------------------------


def _sample_script():
    spec = importlib.util.spec_from_file_location("make_sample_listening", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_sample_is_what_the_script_writes(tmp_path: Path) -> None:
    out = tmp_path / "brackenford_comments.csv"
    _sample_script().write(out)
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_sample_shape(sample_run) -> None:
    report = sample_run.report
    assert 900 <= report.total <= 1400
    assert report.sample
    assert report.period.start.isoformat() == "2025-11-01"
    assert report.period.end.isoformat() >= "2026-10-25"
    assert {"PC-overview", "PC-sentiment", "PC-theme-bins", "PC-questions", "PC-rumours",
            "PC-platforms"} <= {f.id for f in report.facts}
    assert report.themes[0].id == "bins"
    assert report.rumours.peak_month == "2026-02" and report.rumours.about == "bins"
    # Thousands separators in every count of a thousand or more (years aside).
    for fact in report.facts:
        assert not re.search(r"(?<![\d,])(?!20[0-9]{2}\b)\d{4,}", fact.text), fact.text
    assert f"{report.total:,}" in report.facts[0].text


def test_sample_leaks_no_personal_data(sample_run) -> None:
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    raw = "\n".join(r["Message"] for r in rows)
    details = set(re.findall(r"[\w.+-]+@example\.(?:com|org)", raw))
    details |= set(re.findall(r"(?:\+44 ?|\(?0)[\d() -]{9,14}\d", raw))
    details |= set(re.findall(r"@\w+", raw))
    details |= set(re.findall(r"\bBK\d ?\d[A-Z]{2}\b", raw, re.IGNORECASE))
    assert len(details) > 50  # the sample does carry details to remove
    authors = {r["Author"] for r in rows}
    words = {w for a in authors for w in re.findall(r"[A-Za-z]+", a) if len(w) >= 3}
    out = sample_run.report.model_dump_json() + "\n".join(c.model_dump_json() for c in sample_run.comments)
    lowered = out.lower()
    assert [d for d in details if d.lower() in lowered] == []
    tokens = set(re.findall(r"\w+", lowered))
    assert [w for w in words if w.lower() in tokens] == []  # any first name, surname or handle
    assert [a for a in authors if a.lower() in lowered] == []  # any full name
    assert "example.com" not in lowered and "https://" not in lowered


def test_sample_is_fast() -> None:
    started = time.perf_counter()
    run_listening([SAMPLE], sample=True)
    assert time.perf_counter() - started < 10  # about 0.6 s on a laptop; generous for CI


def test_other_comments_grouped_by_meaning(tmp_path: Path) -> None:
    """With an embedding function, unthemed comments are grouped; a fake one stands in for MiniLM."""
    lines = ["Date,Comment"]
    lines += [f"2026-01-{n + 1:02d},Sunset over the town hall tonight {n}" for n in range(6)]
    lines += [f"2026-02-{n + 1:02d},Who runs this page and who writes it {n}" for n in range(6)]
    path = write(tmp_path / "c.csv", *lines)

    def embed(texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.1] if "Sunset" in t else [0.1, 1.0] for t in texts]

    report = run_listening([path], embed=embed).report
    assert [(g.count, g.label) for g in report.other_groups] == [
        (6, "hall, sunset, tonight"), (6, "page, runs, writes")
    ]
    assert all(g.example and g.example.startswith("A typical comment") for g in report.other_groups)
    assert "grouped by meaning" in report.to_markdown()
    assert run_listening([path]).report.other_groups == []


def test_example_quotes_are_short_and_start_with_substance() -> None:
    from bot.listening.examples import quote, reported

    long = quote("the bins on our street " * 20)
    assert len(long) <= 141 and long.endswith("…") and not long.endswith(" …")
    assert quote("short and sweet") == "short and sweet"
    comment = RedactedComment(
        date="2026-01-01", platform="Facebook", theme="bins", themes=["bins"], sentiment="negative",
        compound=-0.5, is_question=False, is_rumour=False, replied=None,
        text="Hello [name], missed again on our street.",
    )
    assert reported(comment) == (
        "A typical comment, with personal details removed, complained: “Missed again on our street.”"
    )
