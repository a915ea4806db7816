"""Word to PDF through LibreOffice (`soffice --headless`), and reading a PDF's pages back.

Each conversion uses its own throwaway LibreOffice profile, so two conversions at once (or a
LibreOffice the user has open) cannot lock each other out.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

from bot.briefing.errors import INSTALL_LIBREOFFICE, PdfUnavailable

TIMEOUT_S = 180.0


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, timeout: float = TIMEOUT_S) -> bytes:
    command = soffice()
    if command is None:
        raise PdfUnavailable(INSTALL_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="upward-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "briefing.docx"
        source.write_bytes(docx)
        try:
            done = subprocess.run(
                [command, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                 "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                capture_output=True, text=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"LibreOffice took longer than {timeout:g} s to make the PDF") from None
        result = folder / "briefing.pdf"
        if not result.is_file():
            detail = (done.stderr or done.stdout).strip()[-500:]
            raise PdfUnavailable(f"LibreOffice could not convert the briefing to PDF: {detail or done.returncode}")
        return result.read_bytes()


def page_texts(pdf: bytes) -> list[str]:
    """The text of each page (for tests and the eval)."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def body_pages(pdf: bytes, first_after_body: str = "Sources") -> int:
    """Pages before the one that starts the Sources list (the body the page limit is about)."""
    texts = page_texts(pdf)
    for i, text in enumerate(texts):
        if any(line.strip() == first_after_body for line in text.splitlines()):
            return i
    return len(texts)
