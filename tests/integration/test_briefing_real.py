"""Briefing notes through the real path: the `upward brief` command in a subprocess (real model
server, embeddings, Chroma, sample audit), rendered by LibreOffice to PDF and by pdftoppm to PNG;
and the same request to a real `upward serve`, downloaded over HTTP."""

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from pypdf import PdfReader

from bot.briefing.pdf import body_pages, docx_to_pdf, page_texts
from tests.integration.test_real_model import UPWARD, env_for, server  # noqa: F401 (fixture)

pytestmark = pytest.mark.integration
TOPIC = "Why we should invest in social media in 2027"
TITLE = f"Briefing note: {TOPIC}"
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) and poppler (pdftoppm) are needed: run scripts/install_system_deps.sh "
    "or `apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation2`",
)


def upward(data_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(UPWARD + list(args), env=env_for(data_dir), capture_output=True, text=True,
                            timeout=900, cwd=cwd)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _pngs(pdf: Path, folder: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / "page")], check=True, timeout=120)
    return sorted(folder.glob("page-*.png"))


@needs_libreoffice
def test_the_ceo_briefing_opens_in_libreoffice_within_two_pages_of_body(knowledge_copy, tmp_path):
    upward(knowledge_copy, "brief", "--topic", TOPIC, "--audience", "ceo", "--out", "ceo.docx", cwd=tmp_path)
    pdf = tmp_path / "ceo.pdf"
    pdf.write_bytes(docx_to_pdf((tmp_path / "ceo.docx").read_bytes()))
    pages = len(PdfReader(pdf).pages)
    pngs = _pngs(pdf, tmp_path)
    assert len(pngs) == pages and all(p.stat().st_size > 5000 for p in pngs), "every page renders"
    body = body_pages(pdf.read_bytes())
    assert 1 <= body <= 2, f"{body} pages of body"
    assert pages > body, "Sources and Annex A follow the body"
    first = " ".join(page_texts(pdf.read_bytes())[0].split())
    assert TITLE in first and "OFFICIAL" in first and "SAMPLE DATA" in first
    assert "Chief executive" in first


@needs_libreoffice
def test_the_fd_objection_briefing_is_written_as_pdf(knowledge_copy, tmp_path):
    upward(knowledge_copy, "brief", "--objection", "only_young_people", "--audience", "finance director",
           "--format", "pdf", cwd=tmp_path)
    written = list(tmp_path.glob("*.pdf"))
    assert len(written) == 1 and written[0].read_bytes().startswith(b"%PDF")
    texts = page_texts(written[0].read_bytes())
    assert "Only for young people" in " ".join(texts[0].split()) and body_pages(written[0].read_bytes()) <= 2
    assert len(_pngs(written[0], tmp_path)) == len(texts)


def test_the_api_returns_a_working_download_link(server):  # noqa: F811
    made = httpx.post(f"{server}/v1/briefings", json={"topic": TOPIC, "audience": "ceo"}, timeout=900)
    assert made.status_code == 201, made.text
    link = made.json()["download"]
    assert link.startswith(server)
    got = httpx.get(link, timeout=60)
    assert got.status_code == 200 and got.content.startswith(b"PK")
    assert got.headers["content-type"].endswith("wordprocessingml.document")
    assert made.json()["file_name"] in got.headers["content-disposition"]
    listed = httpx.get(f"{server}/v1/briefings", timeout=60).json()["briefings"]
    assert made.json()["id"] in [b["id"] for b in listed]
