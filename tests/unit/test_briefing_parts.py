"""Briefing parts that need no index: templates, escaping, the store, the verifier's last word."""

import io
import re
import zipfile

import docx
import pytest

from bot.agent.verify import verify_answer
from bot.briefing import BriefingStore, NotVerified, TemplateProblem
from bot.briefing.build import BriefingInputs, build_note, section_points
from bot.briefing.check import verify_note
from bot.briefing.markdown import escape, render_markdown
from bot.briefing.template import DEFAULT_TEMPLATE, REQUIRED_TAGS, check_template, render_docx
from bot.briefing.text import clean, safe_url
from bot.contract import Answer, AnswerSection, Citation

EVIL = 'Evil <w:fldSimple w:instr="HYPERLINK http://evil.example"/> {{ marking }} \x0c\x07 =cmd|calc'


def _answer(*, title: str = "Older people online", url: str | None = "https://example.org/report",
            text: str = "45% of people aged 65 and over use social media, a survey found.") -> Answer:
    """A small rebuttal as the answer graph would return it: two cited sections and a gap."""
    citations = [
        Citation(n=1, id="c1", kind="evidence", title=title, publisher="Survey Office", year="2024",
                 url=url, strength="second-hand", text=text),
        Citation(n=2, id="c2", kind="guidance", title="Playbook", publisher="Upward", year="2026",
                 text="Agree that social media is planned as one part of a channel mix."),
    ]
    sections = [
        AnswerSection(id="evidence", title="What the evidence says",
                      text="- 45% of people aged 65 and over use social media, a survey found. [1] (second-hand report)",
                      citations=[1]),
        AnswerSection(id="ask", title="The ask",
                      text="- Agree that social media is planned as one part of a channel mix. [2]", citations=[2]),
        AnswerSection(id="peer", title="Who has done it", text="(No evidence yet: add a case study with `upward ingest`)",
                      gap="add a case study of a comparable organisation with `upward ingest`"),
    ]
    body = "\n\n".join(f"**{s.title}**\n{s.text}" for s in sections)
    return Answer(answer=body, citations=citations, figures=[], verified=True, mode="composed", model="test",
                  flow="rebuttal", sections=sections)


def _inputs(answer: Answer) -> BriefingInputs:
    return BriefingInputs(answer=answer, flow="rebuttal", subject="Social media: older people", audience=None,
                          marking="OFFICIAL-SENSITIVE", sender="Comms", date="4 December 2026",
                          objection_label="Only for young people")


def _without(template_bytes: bytes, tags: list[str]) -> bytes:
    """The default template with every paragraph that mentions one of `tags` removed."""
    document = docx.Document(io.BytesIO(template_bytes))
    parts = [document.element.body] + [s.header._element for s in document.sections] + [s.footer._element for s in document.sections]
    for part in parts:
        open_loop = False  # a removed {%p for %} takes its {%p endfor %} with it
        for p in list(part.iter(docx.oxml.ns.qn("w:p"))):
            text = "".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t")))
            if any(re.search(rf"\b{tag}\b", text) for tag in tags):
                open_loop = open_loop or "{%p for" in text
                p.getparent().remove(p)
            elif open_loop and "{%p endfor" in text:
                open_loop = False
                p.getparent().remove(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_default_template_has_every_required_tag():
    check_template(DEFAULT_TEMPLATE)
    assert len(REQUIRED_TAGS) == len(set(REQUIRED_TAGS))


def test_a_template_missing_tags_is_refused_with_each_tag_named(tmp_path):
    broken = tmp_path / "house.docx"
    broken.write_bytes(_without(DEFAULT_TEMPLATE.read_bytes(), ["risks", "marking"]))
    with pytest.raises(TemplateProblem) as refused:
        check_template(broken)
    message = str(refused.value)
    assert "{{ marking }}" in message and "{{ risks }}" in message and "2 required tag(s)" in message
    assert "{{ title }}" not in message


def test_a_file_that_is_not_a_docx_is_refused(tmp_path):
    fake = tmp_path / "template.docx"
    fake.write_text("Dear colleague, {{ marking }}")
    with pytest.raises(TemplateProblem, match="not a Word .docx"):
        check_template(fake)
    not_word = tmp_path / "archive.docx"
    with zipfile.ZipFile(not_word, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(TemplateProblem, match="no word/document.xml"):
        check_template(not_word)
    with pytest.raises(TemplateProblem, match="does not exist"):
        check_template(tmp_path / "missing.docx")


def test_section_points_keep_cited_sentences_and_drop_asides_and_questions():
    text = ("- First claim about reach. [1] Second claim here. [2] (counter-evidence: be ready for it)\n"
            "- Is the worry that it will go wrong? [3]\n- Uncited line with no source.")
    points = section_points(text, "risks")
    assert len(points) == 1
    assert [s.text for s in points[0].sentences] == ["First claim about reach.", "Second claim here."]
    assert points[0].cites == [1, 2]


def test_user_text_is_escaped_in_word_no_fields_no_foreign_links(tmp_path):
    answer = _answer(title=EVIL, url="javascript:alert(1)")
    note = build_note(_inputs(answer))
    data = render_docx(note)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert "fldSimple" not in xml.replace("&lt;w:fldSimple", "") and "instrText" not in xml
    assert "&lt;w:fldSimple" in xml  # the text is there, as text
    assert "javascript:" not in rels and "evil.example" not in rels
    assert "{{ marking }}" in docx.Document(io.BytesIO(data)).element.body.xml.replace("&#123;", "{")
    assert "\x0c" not in xml and "\x07" not in xml


def test_only_a_sources_own_url_becomes_a_hyperlink():
    note = build_note(_inputs(_answer()))
    with zipfile.ZipFile(io.BytesIO(render_docx(note))) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    targets = re.findall(r'Target="(http[^"]+)"[^>]*TargetMode="External"', rels)
    assert targets == ["https://example.org/report"]


def test_markdown_escapes_links_and_html_but_keeps_markers():
    assert escape("[click](http://evil) <b>x</b> [3]") == r"\[click\](http://evil) \<b\>x\</b\> [3]"
    note = build_note(_inputs(_answer(title="[x](http://evil.example)")))
    text = render_markdown(note)
    assert "](http://evil.example)" not in text.replace(r"\](http://evil.example)", "")
    assert "<https://example.org/report>" in text


def test_clean_and_safe_url():
    assert clean(" a\x00b\n\tc \x0c ") == "ab c"
    assert safe_url("https://www.gov.uk/x?a=1") == "https://www.gov.uk/x?a=1"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "https://a b", "//host/x", None, ""):
        assert safe_url(bad) is None


def test_a_rebuttal_note_cites_every_source_it_lists_and_marks_second_hand():
    note = build_note(_inputs(_answer()))
    assert [s.n for s in note.sources] == [1, 2]
    assert [s.citation_id for s in note.sources] == ["c2", "c1"]  # numbered as they first appear
    survey = note.sources[1]
    assert survey.second_hand and "Second-hand report" in survey.text and survey.url == "https://example.org/report"
    body = " ".join(t for texts in note.body_paragraphs().values() for t in texts)
    assert {int(n) for n in re.findall(r"\[(\d+)\]", body)} == {1, 2}
    assert any("add a case study" in step and "upward" not in step for step in note.next_steps)
    assert note.recommendations[1].text.startswith("Agree that social media is planned")
    assert any(o.name.startswith("A. Do nothing") for o in note.options)


def test_a_figure_its_source_does_not_hold_is_not_verified():
    answer = _answer()
    note = build_note(_inputs(answer))
    playbook, survey = answer.citations[1].text, answer.citations[0].text  # the note's [1] and [2]
    with pytest.raises(NotVerified) as refused:
        verify_note(note, {1: playbook, 2: "A survey of older people and social media."})
    figures = [p for p in refused.value.problems if "figure" in p]
    assert {"'45%'", "'65'"} <= {re.search(r"'[^']+'", p).group(0) for p in figures}
    assert all(p.startswith(("Key points:", "Evidence and peers:")) and "[2]" in p for p in figures)
    with pytest.raises(NotVerified, match="the survey was withdrawn"):
        verify_note(note, {1: playbook, 2: survey}, {2: "the survey was withdrawn"})
    checked = verify_note(note, {1: playbook, 2: survey})
    assert checked and all(f.verified for f in checked)
    assert verify_answer(note.purpose[0], {}, require_citation=False).ok


def test_the_store_keeps_files_by_id_newest_first(tmp_path):
    store = BriefingStore(tmp_path / "briefings")
    first = store.save(b"one", title="Briefing note: A/B?", fmt="md", flow="case", audience=None, sample=True)
    second = store.save(b"two", title="Briefing note: C", fmt="docx", flow="rebuttal", audience="Chief executive",
                        sample=False)
    assert [r.id for r in store.list()] == [second.id, first.id]
    assert store.path(store.get(first.id)).read_bytes() == b"one"
    assert first.file_name == "briefing-note-a-b.md" and second.media_type.endswith("wordprocessingml.document")
    assert store.get("../../etc/passwd") is None and store.get("0" * 32) is None
    assert not list((tmp_path / "briefings").glob(".tmp-*"))


def test_pdf_without_libreoffice_says_how_to_install_before_any_answer(monkeypatch):
    from bot.briefing import BriefingRequest, PdfUnavailable, make_briefing
    from bot.briefing import pdf

    monkeypatch.setattr("bot.briefing.maker.soffice", lambda: None)
    monkeypatch.setattr(pdf, "soffice", lambda: None)

    class NoService:  # any use of the service would fail: the refusal comes first
        def __getattr__(self, name):
            raise AssertionError(f"the service was used ({name})")

    with pytest.raises(PdfUnavailable, match="libreoffice-writer-nogui"):
        make_briefing(NoService(), BriefingRequest(format="pdf"))
    with pytest.raises(PdfUnavailable, match="Install it with"):
        pdf.docx_to_pdf(b"PK")
