"""The Word template: checking a house template, and filling it with a note (docxtpl).

Templates are Jinja inside Word XML, so they run in Jinja's sandbox (a template from a user file
cannot reach Python internals) with autoescaping on (a value cannot add XML: no field codes, no
hyperlinks). The only hyperlinks Upward adds are published sources' own addresses; the chart gets
its alt text.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.shared import Cm
from docxtpl import DocxTemplate, InlineImage, RichText
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from bot.briefing.errors import TemplateProblem
from bot.briefing.model import BriefingNote
from bot.briefing.text import clean

DEFAULT_TEMPLATE = Path(__file__).with_name("default_template.docx")
# Every tag a template must use; `chart_caption` and `checks_intro` are optional.
REQUIRED_TAGS = (
    "marking", "title", "to", "sender", "date", "subject", "sample_label", "purpose",
    "recommendations", "key_points", "background", "position", "chart", "evidence", "public",
    "options", "risks", "success", "kpis", "next_steps", "sources", "checks",
)
CHART_WIDTH = Cm(12)
LINK_COLOUR = "0563C1"


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def check_template(path: Path) -> None:
    """Refuse a template that is missing, not a .docx, has broken tags or lacks required ones,
    naming every missing tag; nothing is written either way."""
    if not path.is_file():
        raise TemplateProblem(f"template {path} does not exist")
    if not zipfile.is_zipfile(path):
        raise TemplateProblem(f"template {path.name} is not a Word .docx file (save it from Word as .docx)")
    with zipfile.ZipFile(path) as archive:
        if "word/document.xml" not in archive.namelist():
            raise TemplateProblem(f"template {path.name} is not a Word .docx file (it has no word/document.xml)")
    try:
        found = DocxTemplate(path).get_undeclared_template_variables(_environment())
    except TemplateError as exc:
        raise TemplateProblem(f"template {path.name} has a broken tag: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise TemplateProblem(f"template {path.name} cannot be read as a .docx: {exc}") from None
    missing = [tag for tag in REQUIRED_TAGS if tag not in found]
    if missing:
        raise TemplateProblem(
            f"template {path.name} lacks {len(missing)} required tag(s): "
            + ", ".join(f"{{{{ {tag} }}}}" for tag in missing)
            + " (see docs/briefing.md)"
        )


class _AltImage(InlineImage):
    """An inline picture with its alt text (wp:docPr descr), for screen readers."""

    def __init__(self, tpl: DocxTemplate, path: Path, *, alt: str, title: str) -> None:
        super().__init__(tpl, str(path), width=CHART_WIDTH)
        self.alt, self.title = clean(alt), clean(title)

    def _insert_image(self) -> str:
        inline = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, self.height)
        inline.docPr.set("descr", self.alt)
        inline.docPr.set("title", self.title)
        return '</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r><w:t xml:space="preserve">' % inline.xml


def _link(tpl: DocxTemplate, url: str | None) -> RichText:
    link = RichText()
    if url:
        link.add(" ")
        link.add(url, url_id=tpl.build_url_id(url), color=LINK_COLOUR, underline=True)
    return link


def render_docx(note: BriefingNote, template: Path = DEFAULT_TEMPLATE, *, checked: bool = False) -> bytes:
    """The filled template as .docx bytes (`checked`: `check_template` already passed)."""
    if not checked:
        check_template(template)
    tpl = DocxTemplate(template)
    context = note.model_dump(exclude={"chart", "sources"})
    context["chart"] = (
        _AltImage(tpl, note.chart.path, alt=note.chart.alt, title=note.chart.title) if note.chart else None
    )
    context["chart_caption"] = note.chart_caption
    context["sources"] = [{**s.model_dump(), "link": _link(tpl, s.url)} for s in note.sources]
    try:
        tpl.render(context, _environment(), autoescape=True)
    except TemplateError as exc:
        raise TemplateProblem(f"template {template.name} could not be filled: {exc}") from None
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()
