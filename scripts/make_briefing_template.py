"""Make the default house template for briefing notes: bot/briefing/default_template.docx.

The template is an ordinary Word document with docxtpl (Jinja) tags, so comms staff can restyle
it in Word, change the headings and fonts, or add their own logo, and Upward still fills it. The
tags it must keep are listed in bot/briefing/template.py (REQUIRED_TAGS); docs/briefing.md
explains each one. Run this script again after changing it; the output is byte-identical for the
same script (fixed document dates and zip timestamps).

    python scripts/make_briefing_template.py [OUT.docx]
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bot" / "briefing" / "default_template.docx"
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
FONT = "Arial"  # LibreOffice renders it with the metric-compatible Liberation Sans
DARK = RGBColor(0x1F, 0x2A, 0x44)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    title = doc.styles["Title"]
    title.font.name, title.font.size, title.font.bold, title.font.color.rgb = FONT, Pt(15), True, DARK
    title.paragraph_format.space_after = Pt(4)
    heading = doc.styles["Heading 1"]
    heading.font.name, heading.font.size, heading.font.bold, heading.font.color.rgb = FONT, Pt(11.5), True, DARK
    heading.paragraph_format.space_before = Pt(7)
    heading.paragraph_format.space_after = Pt(2)
    heading.paragraph_format.keep_with_next = True
    bullet = doc.styles["List Bullet"]
    bullet.font.name, bullet.font.size = FONT, Pt(10)
    bullet.paragraph_format.space_after = Pt(2)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(1.8), Cm(1.6)
    section.header_distance = section.footer_distance = Cm(0.8)
    for part in (section.header, section.footer):
        p = part.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run("{{ marking }}")
        run.bold = True
        run.font.size = Pt(10)


def _loop(doc, items: str, var: str, style: str = "List Bullet") -> None:
    """A paragraph repeated for each item: docxtpl's {%p for %} ... {%p endfor %}."""
    doc.add_paragraph(f"{{%p for {var} in {items} %}}")
    doc.add_paragraph(f"{{{{ {var} }}}}", style=style)
    doc.add_paragraph("{%p endfor %}")


def _heading(doc, text: str, *, page_break: bool = False) -> None:
    p = doc.add_heading(text, level=1)
    p.paragraph_format.page_break_before = page_break


def _shade(cell, fill: str = "E8ECF3") -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _widths(table, widths: list[float]) -> None:
    """Column widths in the grid and in every cell: Word reads one, LibreOffice the other."""
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


def _table(doc, header: list[str], loop: str, cells: list[str], widths: list[float]) -> None:
    """A header row, then one row per item: {%tr for %} / the cells / {%tr endfor %}."""
    table = doc.add_table(rows=4, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        _shade(cell)
    table.rows[1].cells[0].text = loop
    for i, text in enumerate(cells):
        table.rows[2].cells[i].text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _widths(table, widths)
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row.append(repeat)


def build() -> Document:
    doc = Document()
    _styles(doc)
    _page(doc)
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{%p if sample_label %}")
    sample = doc.add_paragraph()
    run = sample.add_run("{{ sample_label }}")
    run.bold = True
    run.font.color.rgb = RGBColor(0xA0, 0x1E, 0x1E)
    doc.add_paragraph("{%p endif %}")

    memo = doc.add_table(rows=4, cols=2)
    memo.style = doc.styles["Table Grid"]
    for row, (label, tag) in zip(memo.rows, (("To", "to"), ("From", "sender"), ("Date", "date"), ("Subject", "subject"))):
        row.cells[0].text = ""
        row.cells[0].paragraphs[0].add_run(label).bold = True
        _shade(row.cells[0])
        row.cells[1].text = f"{{{{ {tag} }}}}"
    _widths(memo, [3.0, 14.0])

    _heading(doc, "Purpose")
    _loop(doc, "purpose", "p", style="Normal")

    _heading(doc, "Recommendations")
    _table(doc, ["Recommendation", "Decision"], "{%tr for r in recommendations %}",
           ["{{ r.number }}. {{ r.text }}", "☐ Agreed  ☐ Not agreed  ☐ Discuss"], [10.6, 6.4])

    _heading(doc, "Key points")
    _loop(doc, "key_points", "p")

    _heading(doc, "Background")
    _loop(doc, "background", "p")

    _heading(doc, "Current position")
    _loop(doc, "position", "p")
    doc.add_paragraph("{%p if chart %}")
    picture = doc.add_paragraph("{{ chart }}")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True  # the caption stays with its chart
    caption = doc.add_paragraph("{{ chart_caption }}")
    caption.runs[0].italic = True
    caption.runs[0].font.size = Pt(8.5)
    doc.add_paragraph("{%p endif %}")

    _heading(doc, "Evidence and peers")
    _loop(doc, "evidence", "p")

    _heading(doc, "What the public is saying")
    _loop(doc, "public", "p")

    _heading(doc, "Options")
    _table(doc, ["Option", "What it involves", "Cost", "Capacity"], "{%tr for o in options %}",
           ["{{ o.name }}", "{{ o.involves }}", "{{ o.cost }}", "{{ o.capacity }}"], [3.2, 6.6, 3.4, 3.8])

    _heading(doc, "Risks")
    _loop(doc, "risks", "p")

    _heading(doc, "Measures of success")
    _loop(doc, "success", "p")
    _table(doc, ["Measure", "Baseline", "Target", "By"], "{%tr for k in kpis %}",
           ["{{ k.measure }}", "{{ k.baseline }}", "{{ k.target }}", "{{ k.by }}"], [6.2, 4.2, 3.4, 3.2])

    _heading(doc, "Next steps")
    _loop(doc, "next_steps", "p")

    _heading(doc, "Sources", page_break=True)
    doc.add_paragraph("{%p for s in sources %}")
    doc.add_paragraph("[{{ s.n }}] {{ s.text }}{{r s.link }}", style="Normal")
    doc.add_paragraph("{%p endfor %}")

    _heading(doc, "Annex A: How these figures were checked")
    doc.add_paragraph("{{ checks_intro }}")
    _table(doc, ["Source", "Figures in this note", "How it was checked"], "{%tr for c in checks %}",
           ["[{{ c.n }}] {{ c.source }}", "{{ c.figures }}", "{{ c.how }}"], [4.6, 4.4, 8.0])

    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "Briefing note", "Upward", "Upward"
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    return doc


def reproducible(data: bytes) -> bytes:
    """The same zip with fixed timestamps, so the same script always gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in sorted(src.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)):
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    buffer = io.BytesIO()
    build().save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(reproducible(buffer.getvalue()))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
