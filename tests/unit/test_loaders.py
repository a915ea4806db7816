"""Loaders turn real files into LoadedDocuments, and every bad file into a readable LoaderError.

All inputs are generated in tmp_path with the same libraries users' tools would produce them
with (reportlab for PDF, python-docx for Word), so these tests exercise the real parsers.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from bot.ingest.documents import LoadedDocument, LoaderError
from bot.ingest.loaders import (
    COMPUTED_KEYS,
    RESERVED_KEYS,
    STRUCTURE_KEYS,
    SUPPORTED_SUFFIXES,
    load_file,
    normalise,
    reserved_in,
)
from bot.ingest.pipeline import discover

# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def reason_for(path: Path, **kwargs) -> str:
    with pytest.raises(LoaderError) as info:
        load_file(path, **kwargs)
    return info.value.reason


def only(docs: list[LoadedDocument]) -> LoadedDocument:
    assert len(docs) == 1
    return docs[0]


def make_pdf(pages: list[str | None], title: str | None = None) -> bytes:
    """A real PDF from reportlab; a None page is left blank (no text layer)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    if title:
        pdf.setTitle(title)
    for text in pages:
        if text is None:
            pdf.rect(72, 600, 200, 100, fill=1)  # a drawing, but no text
        else:
            for i, line in enumerate(text.split("\n")):
                pdf.drawString(72, 760 - 16 * i, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypt_pdf(raw: bytes, *, user_password: str, owner_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    writer.encrypt(user_password=user_password, owner_password=owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------

MARKDOWN = """---
title: Making the case for social media
kind: guidance
publisher: Government Communication Service
year: 2024
url: https://example.org/case
audience: senior leaders
reviewed: 2024-03-01
tags: [a, b]
---
Intro paragraph before any heading.

# Audit and benchmark

Start with what you already have.

## Web analytics

Referral   traffic from   social shows reach.

```bash
# this is a comment, not a heading
grep social access.log
```

### Caveats

Bots inflate numbers. #hashtags are not headings.

## Peer comparison ##

Compare with similar councils.

# Objections
## "It's a waste of time"
Show the [enquiry deflection](https://example.org) numbers.
"""


def test_markdown_front_matter_sections_and_code_fence(tmp_path: Path) -> None:
    doc = only(load_file(write(tmp_path / "case.md", MARKDOWN), trusted=True))

    assert doc.title == "Making the case for social media"
    assert doc.kind == "guidance"
    assert doc.publisher == "Government Communication Service"
    assert doc.year == "2024"  # YAML int becomes the string the model expects
    assert doc.url == "https://example.org/case"
    assert doc.extra == {"audience": "senior leaders", "reviewed": "2024-03-01"}  # list dropped
    assert doc.source == str(tmp_path / "case.md")

    paths = [s.heading_path for s in doc.sections]
    assert paths == [
        [],
        ["Audit and benchmark"],
        ["Audit and benchmark", "Web analytics"],
        ["Audit and benchmark", "Web analytics", "Caveats"],
        ["Audit and benchmark", "Peer comparison"],
        ["Objections", '"It\'s a waste of time"'],
    ]
    web = doc.sections[2].text
    assert "Referral traffic from social shows reach." in web  # spaces collapsed
    assert "# this is a comment, not a heading" in web  # fenced line kept as text, not a heading
    assert "#hashtags are not headings" in doc.sections[3].text
    assert "[enquiry deflection]" in doc.sections[5].text  # body markdown left for the model
    assert all(s.page is None for s in doc.sections)


def test_markdown_title_from_first_h1_then_stem(tmp_path: Path) -> None:
    md = "## Intro\ntext\n# The **Real** Title\nmore"
    with_h1 = only(load_file(write(tmp_path / "a.md", md)))
    assert with_h1.title == "The Real Title"
    assert with_h1.sections[1].heading_path == ["The Real Title"]

    no_h1 = only(load_file(write(tmp_path / "board-briefing_notes.markdown", "Just text.")))
    assert no_h1.title == "Board briefing notes"
    assert no_h1.sections[0].heading_path == []


def test_markdown_bad_yaml_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.md", "---\ntitle: [unclosed\nkind: guidance\n---\n# Hi\ntext\n")
    reason = reason_for(path)
    assert reason.startswith("bad YAML front matter:")
    assert "line" in reason


def test_markdown_front_matter_must_be_a_mapping_and_closed(tmp_path: Path) -> None:
    assert reason_for(write(tmp_path / "list.md", "---\n- a\n- b\n---\ntext")) == (
        "bad YAML front matter: expected 'key: value' lines"
    )
    assert "no closing '---'" in reason_for(write(tmp_path / "open.md", "---\ntitle: x\n\ntext"))


def test_markdown_unknown_front_matter_kind(tmp_path: Path) -> None:
    path = write(tmp_path / "k.md", "---\nkind: opinion\n---\ntext")
    assert reason_for(path, trusted=True) == (
        "front matter kind 'opinion' is not one of guidance, evidence, peer, audit, public"
    )
    # ...but an explicit kind wins before the front matter is even consulted
    assert only(load_file(path, kind="audit", trusted=True)).kind == "audit"


def test_whitespace_only_markdown_has_no_text(tmp_path: Path) -> None:
    assert reason_for(write(tmp_path / "blank.md", "  \n\n\t\n")) == "no text found"
    only_meta = write(tmp_path / "fm.md", "---\ntitle: Only metadata\n---\n\n")
    assert reason_for(only_meta) == "no text found"


# --------------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------------


def test_txt_single_section_with_bom_and_whitespace(tmp_path: Path) -> None:
    raw = "\ufeffFirst   line\twith tabs\r\n\r\n\r\n\r\nSecond paragraph.\n".encode()
    doc = only(load_file(write(tmp_path / "leader_notes.txt", raw)))
    assert doc.title == "Leader notes"
    assert doc.kind == "guidance"
    assert [s.text for s in doc.sections] == ["First line with tabs\n\nSecond paragraph."]


def test_txt_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "latin1.txt", "Café culture".encode("latin-1"))
    reason = reason_for(path)
    assert reason.startswith("not UTF-8 text")
    assert "0xe9" in reason


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

HTML = """<!doctype html>
<html><head><title>  Social media
 strategy </title><style>body{color:red}</style></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<script>var tracking = "should not appear";</script>
<h1>Strategy</h1>
<p>Our   channels
   reach residents.</p>
<!-- an html comment -->
<h2>Channels</h2>
<ul><li>Facebook</li><li>Instagram <b>Reels</b></li></ul>
<div>Bare div text<br>after a break</div>
<h3>Measures</h3>
<table><tr><th>Metric</th><th>Value</th></tr><tr><td>Reach</td><td>120k</td></tr></table>
<h2>Risks</h2>
<p>Moderation load.</p>
<footer>Copyright 2024</footer>
</body></html>"""


def test_html_sections_boilerplate_and_title(tmp_path: Path) -> None:
    doc = only(load_file(write(tmp_path / "peers" / "page.html", HTML)))
    assert doc.title == "Social media strategy"
    assert doc.kind == "peer"
    by_path = {tuple(s.heading_path): s.text for s in doc.sections}
    assert list(by_path) == [
        ("Strategy",),
        ("Strategy", "Channels"),
        ("Strategy", "Channels", "Measures"),
        ("Strategy", "Risks"),
    ]
    assert by_path[("Strategy",)] == "Our channels reach residents."
    assert by_path[("Strategy", "Channels")] == (
        "Facebook\nInstagram Reels\nBare div text\nafter a break"
    )
    assert by_path[("Strategy", "Channels", "Measures")] == "Metric Value\nReach 120k"
    everything = " ".join(by_path.values())
    for gone in ("should not appear", "Home", "About us", "Copyright", "color:red", "html comment"):
        assert gone not in everything


def test_html_title_falls_back_to_h1(tmp_path: Path) -> None:
    doc = only(load_file(write(tmp_path / "x.htm", "<h1>Peer  review</h1><p>Body</p>")))
    assert doc.title == "Peer review"
    assert doc.sections[0].heading_path == ["Peer review"]


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------


def test_pdf_one_section_per_page_with_page_numbers(tmp_path: Path) -> None:
    raw = make_pdf(
        ["Page one: reach grew 40 percent.", None, "Page three: cost per enquiry fell."],
        title="Digital Services Review",
    )
    doc = only(load_file(write(tmp_path / "audit" / "review.pdf", raw)))
    assert doc.title == "Digital Services Review"
    assert doc.kind == "audit"
    assert [s.page for s in doc.sections] == [1, 3]  # the text-less page 2 is skipped
    assert "reach grew 40 percent" in doc.sections[0].text
    assert "cost per enquiry fell" in doc.sections[1].text
    assert all(s.heading_path == ["Digital Services Review"] for s in doc.sections)


def test_pdf_without_title_uses_file_stem(tmp_path: Path) -> None:
    doc = only(load_file(write(tmp_path / "annual_report.pdf", make_pdf(["Hello"]))))
    assert doc.title == "Annual report"  # reportlab's 'untitled' placeholder is ignored


def test_pdf_truncated(tmp_path: Path) -> None:
    raw = make_pdf(["Some text here."] * 3)
    reason = reason_for(write(tmp_path / "cut.pdf", raw[: len(raw) // 2]))
    assert reason.startswith("corrupt or unreadable PDF: the file looks truncated")


def test_pdf_random_bytes(tmp_path: Path) -> None:
    reason = reason_for(write(tmp_path / "noise.pdf", os.urandom(4096)))
    assert reason == "corrupt or unreadable PDF: not a PDF file (no %PDF header)"


def test_pdf_header_but_garbage_body(tmp_path: Path) -> None:
    reason = reason_for(write(tmp_path / "garbage.pdf", b"%PDF-1.7\n" + os.urandom(2048)))
    assert reason.startswith("corrupt or unreadable PDF:")


def test_pdf_encrypted_with_password(tmp_path: Path) -> None:
    raw = encrypt_pdf(make_pdf(["Secret"]), user_password="secret", owner_password="owner")
    assert reason_for(write(tmp_path / "locked.pdf", raw)).startswith("encrypted PDF")


def test_pdf_encrypted_with_empty_user_password_still_loads(tmp_path: Path) -> None:
    raw = encrypt_pdf(
        make_pdf(["Readable despite permissions."]), user_password="", owner_password="o"
    )
    doc = only(load_file(write(tmp_path / "perms.pdf", raw)))
    assert "Readable despite permissions." in doc.sections[0].text
    assert doc.sections[0].page == 1


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    reason = reason_for(write(tmp_path / "scan.pdf", make_pdf([None, None])))
    assert reason == "no extractable text (scanned PDF?)"


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------


def make_docx(path: Path, *, core_title: str = "", with_title_style: bool = False) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = core_title
    if with_title_style:
        document.add_heading("Comms Plan 2025", level=0)
    document.add_paragraph("Preamble text.")
    document.add_heading("Why social media", level=1)
    document.add_paragraph("Residents are already there.")
    document.add_heading("Evidence", level=2)
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Channel", "Reach"
    table.cell(1, 0).text, table.cell(1, 1).text = "Facebook", "58%"
    document.add_paragraph("After the table.")
    document.add_heading("Risks", level=1)
    document.add_paragraph("Trolls.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_docx_headings_and_table_in_reading_order(tmp_path: Path) -> None:
    doc = only(load_file(make_docx(tmp_path / "plan.docx")))
    assert doc.title == "Why social media"  # no core title, no Title style: first Heading 1
    assert [s.heading_path for s in doc.sections] == [
        [],
        ["Why social media"],
        ["Why social media", "Evidence"],
        ["Risks"],
    ]
    assert doc.sections[0].text == "Preamble text."
    assert doc.sections[2].text == (
        "Before the table.\nChannel | Reach\nFacebook | 58%\nAfter the table."
    )
    assert doc.sections[3].text == "Trolls."


def test_docx_title_from_core_properties_and_title_style(tmp_path: Path) -> None:
    by_core = only(load_file(make_docx(tmp_path / "a.docx", core_title="Board Paper")))
    assert by_core.title == "Board Paper"

    by_style = only(load_file(make_docx(tmp_path / "b.docx", with_title_style=True)))
    assert by_style.title == "Comms Plan 2025"
    assert by_style.sections[0].heading_path == ["Comms Plan 2025"]
    assert by_style.sections[2].heading_path == ["Comms Plan 2025", "Why social media", "Evidence"]


def test_docx_random_bytes(tmp_path: Path) -> None:
    reason = reason_for(write(tmp_path / "noise.docx", os.urandom(2048)))
    assert reason.startswith("corrupt or unreadable DOCX:")
    assert "not a zip archive" in reason


def test_docx_zip_that_is_not_word(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    reason = reason_for(write(tmp_path / "fake.docx", buffer.getvalue()))
    assert reason == (
        "corrupt or unreadable DOCX: There is no item named '[Content_Types].xml' in the archive"
    )


def test_docx_that_is_a_renamed_workbook(tmp_path: Path) -> None:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    office_doc = (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{office_doc}" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
    reason = reason_for(write(tmp_path / "budget.docx", buffer.getvalue()))
    assert reason == (
        "corrupt or unreadable DOCX: not a Word .docx document (it is an Excel workbook)"
    )


def test_docx_truncated(tmp_path: Path) -> None:
    raw = make_docx(tmp_path / "full.docx").read_bytes()
    reason = reason_for(write(tmp_path / "cut.docx", raw[: len(raw) // 2]))
    assert reason.startswith("corrupt or unreadable DOCX:")


# --------------------------------------------------------------------------------------------
# Evidence-facts CSV
# --------------------------------------------------------------------------------------------

CSV_HEADER = (  # mixed case and stray spaces, as spreadsheets export them
    "ID, Claim ,Figure,Unit,Year,Publisher,Title,URL,"
    "Topic,Objection,Population,Strength,Counterpoint\n"
)
CSV_ROWS = (
    'E1,Most adults use social media.,82,%,2024,Ofcom,"Adults\' Media Use, 2024",'
    "https://ofcom.example/a,usage,,UK adults,strong,no\n"
    "E2,Some residents distrust council posts.,30,%,2023,Survey Co,Trust survey,"
    'https://survey.example/t,,"Nobody trusts us online",residents,moderate,yes\n'
)


def test_csv_each_row_is_a_document(tmp_path: Path) -> None:
    path = write(tmp_path / "facts.csv", ("\ufeff" + CSV_HEADER + CSV_ROWS + ",,,,\n").encode())
    docs = load_file(path, source="corpus/evidence/facts.csv", trusted=True)
    assert [d.source for d in docs] == [
        "corpus/evidence/facts.csv#E1",
        "corpus/evidence/facts.csv#E2",
    ]
    first, second = docs
    assert first.kind == "evidence"
    assert (first.title, first.publisher, first.year, first.url) == (
        "Adults' Media Use, 2024", "Ofcom", "2024", "https://ofcom.example/a"
    )
    assert first.extra == {
        "fact_id": "E1", "topic": "usage", "objection": "", "population": "UK adults",
        "figure": "82", "unit": "%", "strength": "strong", "counterpoint": False,
    }
    assert len(first.sections) == 1
    assert first.sections[0].heading_path == ["Evidence E1", "usage"]
    assert first.sections[0].text == (
        "Most adults use social media.\n"
        "Figure: 82%. Population: UK adults. Year: 2024.\n"
        "Source: Ofcom, \"Adults' Media Use, 2024\" (strong source)."
    )
    assert second.extra["counterpoint"] is True
    assert second.sections[0].heading_path == ["Evidence E2", "Nobody trusts us online"]
    assert "Answers the objection: Nobody trusts us online" in second.sections[0].text
    assert "Counterpoint" in second.sections[0].text


def test_csv_explicit_kind_wins(tmp_path: Path) -> None:
    docs = load_file(write(tmp_path / "facts.csv", CSV_HEADER + CSV_ROWS), kind="peer", trusted=True)
    assert {d.kind for d in docs} == {"peer"}


def test_csv_missing_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "facts.csv", "id,unit,year,publisher,title,url\nE1,%,2024,X,T,u\n")
    assert reason_for(path) == "not an evidence-facts CSV: missing columns claim, figure"


def test_csv_row_with_empty_claim_names_the_row(tmp_path: Path) -> None:
    rows = CSV_ROWS + "E3,   ,1,%,2024,P,T,u,,,,,\n"
    reason = reason_for(write(tmp_path / "facts.csv", CSV_HEADER + rows), trusted=True)
    assert reason == "data row 3 (spreadsheet row 4, counting the header): empty claim"


def test_csv_row_with_empty_id(tmp_path: Path) -> None:
    reason = reason_for(write(tmp_path / "facts.csv", CSV_HEADER + ",A claim,1,%,2024,P,T,u\n"))
    assert reason == "data row 1 (spreadsheet row 2, counting the header): empty id"


def test_csv_duplicate_ids(tmp_path: Path) -> None:
    rows = CSV_ROWS + "E1,Again,1,%,2024,P,T,u,,,,,\n"
    assert reason_for(write(tmp_path / "facts.csv", CSV_HEADER + rows), trusted=True) == (
        "duplicate id 'E1' in data rows 1 and 3"
    )


def test_csv_header_only(tmp_path: Path) -> None:
    reason = reason_for(write(tmp_path / "facts.csv", CSV_HEADER))
    assert reason.startswith("no text found")


# --------------------------------------------------------------------------------------------
# Common checks
# --------------------------------------------------------------------------------------------


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == {
        ".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".docx", ".csv"
    }


def test_missing_file(tmp_path: Path) -> None:
    assert reason_for(tmp_path / "nope.md") == "file not found"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    assert reason_for(tmp_path / "folder.md") == "not a regular file"


def test_unsupported_suffix(tmp_path: Path) -> None:
    reason = reason_for(write(tmp_path / "sheet.xlsx", b"PK\x03\x04"))
    assert reason == (
        "unsupported file type '.xlsx' "
        "(supported: .csv, .docx, .htm, .html, .markdown, .md, .pdf, .txt)"
    )


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    assert reason_for(write(tmp_path / f"empty{suffix}", b"")) == "empty file"


def test_oversized_file_is_rejected_before_parsing(tmp_path: Path) -> None:
    # Garbage that would fail parsing: the size reason proves the check ran first.
    path = write(tmp_path / "big.pdf", os.urandom(5_000))
    assert reason_for(path, max_bytes=1_000) == "file is 5 KB, over the 1 KB limit"


def test_oversized_message_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: costs no disk space
        handle.truncate(25_300_000)
    assert reason_for(path) == "file is 25.3 MB, over the 20 MB limit"


def test_error_names_the_source_id(tmp_path: Path) -> None:
    with pytest.raises(LoaderError) as info:
        load_file(write(tmp_path / "e.txt", b""), source="corpus/guidance/e.txt")
    assert info.value.path == "corpus/guidance/e.txt"
    assert str(info.value) == "corpus/guidance/e.txt: empty file"


@pytest.mark.parametrize(
    ("folders", "expected"),
    [
        ("guidance", "guidance"),
        ("evidence", "evidence"),
        ("peers", "peer"),
        ("peer", "peer"),
        ("Audit", "audit"),
        ("public", "public"),
        ("misc/notes", "guidance"),  # default
        ("public/peers/2024", "peer"),  # the innermost matching folder wins
    ],
)
def test_kind_from_folder_names(tmp_path: Path, folders: str, expected: str) -> None:
    path = write(tmp_path / "corpus" / folders / "doc.txt", "Some text.")
    assert only(load_file(path)).kind == expected


def test_kind_precedence(tmp_path: Path) -> None:
    path = write(tmp_path / "peers" / "doc.md", "---\nkind: audit\n---\ntext")
    assert only(load_file(path, trusted=True)).kind == "audit"  # front matter beats folder
    assert only(load_file(path, kind="public", trusted=True)).kind == "public"  # argument beats both
    plain = write(tmp_path / "peers" / "plain.md", "text")
    assert only(load_file(plain)).kind == "peer"


def test_unknown_explicit_kind(tmp_path: Path) -> None:
    path = write(tmp_path / "doc.txt", "text")
    assert reason_for(path, kind="blog") == (
        "unknown kind 'blog' (expected one of guidance, evidence, peer, audit, public)"
    )


def test_normalise_keeps_paragraph_breaks() -> None:
    assert normalise("  a \u00a0 b\t c \n\n\n\n d\u200b \r\n e  ") == "a b c\n\nd\ne"


# --------------------------------------------------------------------------------------------
# Provenance keys: a user's file may not claim them; shipped knowledge may declare curated ones
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(RESERVED_KEYS))
def test_user_front_matter_setting_a_provenance_key_is_refused(tmp_path: Path, key: str) -> None:
    path = write(tmp_path / "report.md", f"---\ntitle: Annual report\n{key}: x\n---\n# Report\nText.\n")
    reason = reason_for(path)
    assert f"reserved key '{key}'" in reason and "remove it" in reason


def test_front_matter_audit_id_is_refused_even_with_an_explicit_kind(tmp_path: Path) -> None:
    """The issue's case: a Markdown file posing as a computed audit fact."""
    text = ("---\naudit_id: a0123456789abcdef\nfact_id: AU-facebook-engagements-L12-2026-10\n"
            "derived: '[]'\nstrength: primary\n---\nOur Facebook engagement rose 500%.\n")
    reason = reason_for(write(tmp_path / "audit" / "fake.md", text), kind="audit")
    assert "'audit_id', 'fact_id', 'derived', 'strength'" in reason


def test_front_matter_kind_in_a_user_file_names_the_way_to_set_it(tmp_path: Path) -> None:
    reason = reason_for(write(tmp_path / "notes.md", "---\nkind: evidence\n---\ntext"))
    assert "reserved key 'kind'" in reason and "--kind" in reason


def test_shipped_knowledge_may_declare_curated_but_never_computed_provenance(tmp_path: Path) -> None:
    curated = write(tmp_path / "card.md", "---\nkind: evidence\nstrength: primary\nfact_id: F99\n---\ntext")
    doc = only(load_file(curated, trusted=True))
    assert doc.kind == "evidence" and doc.extra == {"strength": "primary", "fact_id": "F99"}
    for key in sorted(COMPUTED_KEYS | STRUCTURE_KEYS):
        computed = write(tmp_path / f"{key}.md", f"---\n{key}: x\n---\ntext")
        assert f"reserved key '{key}'" in reason_for(computed, trusted=True)


def test_user_front_matter_without_provenance_keys_still_loads(tmp_path: Path) -> None:
    text = "---\ntitle: Notes\npublisher: Our council\nyear: 2025\naudience: cabinet\n---\n# Notes\nText.\n"
    doc = only(load_file(write(tmp_path / "guidance" / "notes.md", text)))
    assert (doc.kind, doc.publisher, doc.extra) == ("guidance", "Our council", {"audience": "cabinet"})


def test_user_evidence_csv_may_not_claim_strength_or_an_upward_id(tmp_path: Path) -> None:
    path = write(tmp_path / "facts.csv", CSV_HEADER + CSV_ROWS)
    assert "column 'strength' is reserved" in reason_for(path)
    blank = CSV_ROWS.replace(",strong,", ",,").replace(",moderate,", ",,")
    docs = load_file(write(tmp_path / "mine.csv", CSV_HEADER + blank))
    assert [d.extra["fact_id"] for d in docs] == ["E1", "E2"] and not docs[0].extra["strength"]
    for taken in ("F04", "AU-facebook-reach-L12-2026-10", "G-all-response_rate", "PC-sentiment"):
        clash = write(tmp_path / f"{taken}.csv", CSV_HEADER + blank.replace("E1,", f"{taken},", 1))
        assert f"id '{taken}' is reserved" in reason_for(clash)


def test_every_shipped_knowledge_file_loads_as_trusted_and_keeps_its_provenance() -> None:
    """Shipped files keep their front-matter kind and evidence cards their strength; the same
    files from a user would be refused."""
    from bot.config import PROJECT_ROOT

    knowledge = PROJECT_ROOT / "knowledge"
    files = [p for p in discover([knowledge], exclude=[knowledge / "sample", knowledge / "benchmarks"])]
    assert len(files) >= 37
    docs = [d for p in files for d in load_file(p, trusted=True)]
    cards = [d for d in docs if d.source.endswith(tuple(f"#F{n:02d}" for n in range(1, 10)))]
    assert cards and all(d.extra.get("strength") in ("primary", "second-hand") for d in cards)
    assert "reserved key 'kind'" in reason_for(knowledge / "guidance" / "01-audit-and-benchmark.md")
    assert "id 'F01' is reserved" in reason_for(knowledge / "evidence" / "facts.csv")


def test_computed_fact_documents_only_use_reserved_keys() -> None:
    """The keys audit and public-comment facts carry are reserved, so no user file can forge
    them; a key added there without reserving it here fails this test."""
    from bot.audit.facts import AuditFact
    from bot.audit.indexing import fact_documents
    from bot.audit.report import AuditReport
    from bot.config import PROJECT_ROOT
    from bot.listening.facts import listening_documents
    from bot.listening.runner import run_listening

    fact = AuditFact(id="AU-x-y-L12-2026-10", kind="kpi", title="t", text="t")
    report = AuditReport(id="a1", period_label=None, sample=True, files=[], kpis=[], facts=[fact])
    sample = PROJECT_ROOT / "knowledge" / "sample" / "listening" / "brackenford_comments.csv"
    comments = run_listening([sample], sample=True).report
    for doc in fact_documents(report) + listening_documents(comments)[:1]:
        assert set(doc.extra) <= RESERVED_KEYS and reserved_in(list(doc.extra), trusted=True)
