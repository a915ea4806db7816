"""Briefing notes made through the answer service over the real index and the sample audit, with
a fake chat model (so every answer is the composed, verified one), opened again with python-docx."""

import datetime as dt
import io
import re

import docx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bot.api.app import create_app
from bot.briefing import BriefingError, BriefingRequest, NotVerified, SubjectNotFound, make_briefing
from bot.briefing.length import estimated_pages
from bot.briefing.template import DEFAULT_TEMPLATE
from bot.cli import app as cli
from bot.config import load_settings
from bot.service import UpwardService
from tests.conftest import fake_chat
from tests.unit.test_briefing_parts import _without

HEADINGS = [
    "Purpose", "Recommendations", "Key points", "Background", "Current position", "Evidence and peers",
    "What the public is saying", "Options", "Risks", "Measures of success", "Next steps", "Sources",
    "Annex A: How these figures were checked",
]
TOPIC = "Why we should invest in social media in 2027"
DAY = dt.date(2026, 12, 4)


@pytest.fixture
def service(knowledge_copy):
    return UpwardService(load_settings(data_dir=knowledge_copy), chat_model=fake_chat("About 99.9% agree [1]."))


def _text(cell_or_paragraphs) -> str:
    return "\n".join(p.text for p in cell_or_paragraphs)


def _body_and_sources(document) -> tuple[str, list[str]]:
    """Everything before the Sources heading (paragraphs and table cells), and the source lines."""
    body, sources, in_sources = [], [], False
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            paragraph = docx.text.paragraph.Paragraph(block, document)
            if paragraph.style.name == "Heading 1":
                in_sources = paragraph.text in ("Sources", "Annex A: How these figures were checked")
            elif in_sources and paragraph.text.startswith("["):
                sources.append(paragraph.text)
            elif not in_sources:
                body.append(paragraph.text)
        elif block.tag.endswith("}tbl") and not in_sources:
            table = docx.table.Table(block, document)
            body += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(body), sources


def test_a_business_case_briefing_for_the_ceo_has_every_part_in_order(service):
    made = make_briefing(service, BriefingRequest(topic=TOPIC, audience="ceo"), today=DAY)
    document = docx.Document(io.BytesIO(made.data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == HEADINGS
    title, label = document.paragraphs[0].text, document.paragraphs[1].text
    assert title == f"Briefing note: {TOPIC}" and label.startswith("SAMPLE DATA")
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL"
    memo, recommendations, options, kpis, annex = document.tables
    assert [r.cells[1].text for r in memo.rows] == ["Chief executive", "Communications team", "4 December 2026", TOPIC]
    assert all("☐ Agreed" in r.cells[1].text and "☐ Discuss" in r.cells[1].text for r in recommendations.rows[1:])
    assert recommendations.rows[1].cells[0].text == "1. Agree option C: Invest in the full plan."
    assert [r.cells[0].text for r in options.rows[1:]] == ["A. Do nothing", "B. Pilot within current resources",
                                                         "C. Invest in the full plan"]
    assert [c.text for c in kpis.rows[0].cells] == ["Measure", "Baseline", "Target", "By"] and len(kpis.rows) >= 2
    assert re.fullmatch(r"[\d.,]+(%| minutes) \[\d+\]", kpis.rows[1].cells[1].text)
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 20\d\d \[\d+\]", kpis.rows[1].cells[3].text)
    pictures = document.inline_shapes
    assert len(pictures) == 1
    assert pictures[0]._inline.docPr.get("descr", "").startswith("Line chart of")

    body, sources = _body_and_sources(document)
    numbers = [int(re.match(r"\[(\d+)\]", s).group(1)) for s in sources]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 5
    cited = {int(n) for group in re.findall(r"\[(\d+(?:, \d+)*)\]", body) for n in group.split(", ")}
    assert cited == set(numbers), "every [n] resolves, and every listed source is cited"
    assert any("Computed from" in s and " rows " in s for s in sources), "own data gives its files and rows"
    assert any("Second-hand report" in s for s in sources) or not any(c.strength == "second-hand" for c in
                                                                      service.case(audience="ceo", focus=TOPIC).citations)
    assert len(document.paragraphs[3].text) > 0
    key_points = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert key_points and len([p for p in key_points if p]) >= 3
    assert made.figures and all(f.verified for f in made.figures)
    assert "To ask for a clear choice between options" in body  # the CEO's kind of ask
    assert estimated_pages(made.note) <= 2
    annex_figures = " ".join(r.cells[1].text for r in annex.rows[1:])
    assert all(f.value in annex_figures for f in made.figures)


def test_an_objection_briefing_for_the_fd_recommends_a_pilot_in_markdown(service):
    made = make_briefing(service, BriefingRequest(objection="only_young_people", audience="FD", format="md"), today=DAY)
    text = made.data.decode()
    assert made.flow == "rebuttal" and made.audience == "Finance director"
    assert "# Briefing note: Social media: “Only for young people”" in text
    assert "1. Agree option B: Pilot within current resources." in text
    assert "Agree that social media is planned as one part of a channel mix" in text
    assert "To ask for a time-limited, capped pilot within existing budgets" in text
    assert "counter-evidence: be ready for it" not in text  # notes to the writer stay out
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == HEADINGS


def test_a_briefing_from_a_conversation_after_shorter_keeps_its_sections(service):
    first = service.ask("Social media is only for young people.")
    short = service.ask("shorter", conversation_id=first.conversation_id)
    assert short.flow == "shorter" and short.sections, "a shortened answer keeps its sections"
    assert {n for s in short.sections for n in s.citations} <= {c.n for c in short.citations}
    made = make_briefing(service, BriefingRequest(conversation_id=first.conversation_id, format="md"), today=DAY)
    assert made.flow == "rebuttal" and "## Key points" in made.data.decode()
    with pytest.raises(BriefingError, match="written for no particular audience"):
        make_briefing(service, BriefingRequest(conversation_id=first.conversation_id, audience="ceo"))
    with pytest.raises(SubjectNotFound):
        make_briefing(service, BriefingRequest(conversation_id="0" * 32))


def test_a_briefing_whose_figure_fails_the_verifier_is_not_written(service, monkeypatch, tmp_path):
    real = service.case

    def tampered(**kwargs):
        answer = real(**kwargs)
        audit = next(c for c in answer.citations if c.kind == "audit" and "%" in c.text)
        changed = audit.model_copy(update={"text": re.sub(r"\d", "0", audit.text)})
        return answer.model_copy(update={"citations": [changed if c.n == audit.n else c for c in answer.citations]})

    monkeypatch.setattr(service, "case", tampered)
    with pytest.raises(NotVerified) as refused:
        make_briefing(service, BriefingRequest(topic=TOPIC), today=DAY)
    message = str(refused.value)
    # The stated text no longer matches the audit's rows: the fact is refused, and each of its
    # figures is named as unsupported.
    assert re.search(r"\[\d+\] cannot be cited: AU-", message)
    assert re.search(r"figure '[\d.,%]+' is not found", message)


def test_a_custom_template_with_the_same_tags_works(service, tmp_path):
    house = docx.Document(DEFAULT_TEMPLATE)
    for paragraph in house.paragraphs:
        if paragraph.text == "Purpose":
            paragraph.runs[0].text = "Why this note"
    house.sections[0].footer.paragraphs[0].runs[0].text = "{{ marking }} – Brackenford Council"
    path = tmp_path / "house.docx"
    house.save(path)
    made = make_briefing(service, BriefingRequest(objection="fad"), template=path, today=DAY)
    document = docx.Document(io.BytesIO(made.data))
    assert "Why this note" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert document.sections[0].footer.paragraphs[0].text == "OFFICIAL – Brackenford Council"


def test_the_cli_refuses_a_template_missing_tags_and_writes_nothing(knowledge_copy, tmp_path):
    broken = tmp_path / "house.docx"
    broken.write_bytes(_without(DEFAULT_TEMPLATE.read_bytes(), ["next_steps", "sources"]))
    out = tmp_path / "note.docx"
    result = CliRunner().invoke(
        cli, ["brief", "--topic", TOPIC, "--template", str(broken), "--out", str(out)],
        env={"UPWARD_DATA_DIR": str(knowledge_copy)},
    )
    assert result.exit_code == 2
    assert "{{ next_steps }}" in result.output and "{{ sources }}" in result.output
    assert not out.exists() and not list(tmp_path.glob("*.docx"))[1:]
    not_docx = tmp_path / "notes.txt"
    not_docx.write_text("hello")
    result = CliRunner().invoke(cli, ["brief", "--template", str(not_docx), "--out", str(out)],
                                env={"UPWARD_DATA_DIR": str(knowledge_copy)})
    assert result.exit_code == 2 and "not a Word .docx" in result.output and not out.exists()
    result = CliRunner().invoke(cli, ["brief", "--topic", "x", "--objection", "fad"],
                                env={"UPWARD_DATA_DIR": str(knowledge_copy)})
    assert result.exit_code == 2 and "not topic and objection" in result.output


def test_the_api_makes_lists_and_serves_a_briefing(service):
    with TestClient(create_app(service=service), base_url="http://localhost") as client:
        made = client.post("/v1/briefings", json={"topic": TOPIC, "audience": "ceo"})
        assert made.status_code == 201, made.text
        body = made.json()
        assert body["title"] == f"Briefing note: {TOPIC}" and body["sample"] and body["figures_verified"] > 0
        download = client.get(body["download"])
        assert download.status_code == 200
        assert download.headers["content-type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        assert f'filename="{body["file_name"]}"' in download.headers["content-disposition"]
        assert body["file_name"].endswith(".docx")
        assert docx.Document(io.BytesIO(download.content)).paragraphs[0].text == body["title"]
        listed = client.get("/v1/briefings").json()["briefings"]
        assert [b["id"] for b in listed] == [body["id"]] and listed[0]["download"] == body["download"]
        assert client.get("/v1/briefings/" + "0" * 32).status_code == 404
        assert client.post("/v1/briefings", json={"conversation_id": "0" * 32}).status_code == 404
        assert client.post("/v1/briefings", json={"topic": "x", "objection": "fad"}).status_code == 422
        unknown = client.post("/v1/briefings", json={"objection": "nope"})
        assert unknown.status_code == 422 and "unknown objection type 'nope'" in unknown.text
        assert [b["id"] for b in client.get("/v1/briefings").json()["briefings"]] == [body["id"]]
