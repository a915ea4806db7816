"""Briefing-note eval: for five audiences × three topics, is every part of the note there, does
every [n] resolve, how long is the body on the page, and how long does it take?

Each note is made through the answer service on the embedded defaults (the local model composes
rebuttals and cases at once; no model drafting), in a fresh temporary data dir with the shipped
knowledge, the sample audit and sample comments (or --data-dir). The .docx is then read back with
python-docx, independently of the code that wrote it:

- parts: headings of the default template found, in order, each with text under it (of 13);
- figures: how many figures the verifier checked in the body; a note with any figure failing is
  not written at all, so the meaningful count is "refused" (notes not written, with the reason);
- citations: every [n] in the body is a numbered source, and every source is cited in the body;
- pages: the builder's estimate, and LibreOffice's count of body pages (before Sources) and all
  pages, when soffice is installed (--no-pdf skips it);
- seconds: the answer (the case or rebuttal itself), then layout + verification + rendering; the
  target for the latter is under 3 s.

Run: python evals/briefing_eval.py [--data-dir DIR] [--no-pdf] [--json evals/results/briefing.json]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

import docx
from rich.console import Console
from rich.table import Table

if __package__ in (None, ""):  # run as a script (python evals/briefing_eval.py): the project root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.briefing import BriefingError, BriefingRequest, make_briefing  # noqa: E402
from bot.briefing.length import estimated_pages  # noqa: E402
from bot.briefing.pdf import body_pages, docx_to_pdf, page_texts, soffice  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.service import UpwardService  # noqa: E402

AUDIENCES = ("chief executive", "finance director", "legal and risk lead", "elected member", "operational head")
TOPICS: tuple[tuple[str, dict], ...] = (
    ("case: invest in 2027", {"topic": "Why we should invest in social media in 2027"}),
    ("case: faster replies", {"topic": "Answering residents' questions faster on social media"}),
    ("objection: only young", {"objection": "only_young_people"}),
)
HEADINGS = (
    "Purpose", "Recommendations", "Key points", "Background", "Current position", "Evidence and peers",
    "What the public is saying", "Options", "Risks", "Measures of success", "Next steps", "Sources",
    "Annex A: How these figures were checked",
)
console = Console(width=160)


def read_back(data: bytes) -> tuple[int, bool, str]:
    """(parts present with content, every [n] resolves and every source is cited, why not)."""
    document = docx.Document(io.BytesIO(data))
    content: dict[str, int] = {}
    current, body, sources = None, [], []
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            paragraph = docx.text.paragraph.Paragraph(block, document)
            if paragraph.style.name == "Heading 1":
                current = paragraph.text
                content.setdefault(current, 0)
                continue
            text = paragraph.text.strip()
        elif block.tag.endswith("}tbl"):
            table = docx.table.Table(block, document)
            text = " ".join(cell.text for row in table.rows[1:] for cell in row.cells).strip()
        else:
            continue
        if current is not None and text:
            content[current] += 1
        if current == "Sources" and text.startswith("["):
            sources.append(text)
        elif current not in ("Sources", HEADINGS[-1]):
            body.append(text)
    found = [h for h in content if h in HEADINGS]
    in_order = found == [h for h in HEADINGS if h in found]
    parts = sum(1 for h in HEADINGS if content.get(h, 0) > 0) if in_order else 0
    numbers = [int(m.group(1)) for s in sources if (m := re.match(r"\[(\d+)\]", s))]
    cited = {int(n) for group in re.findall(r"\[(\d+(?:, \d+)*)\]", " ".join(body)) for n in group.split(", ")}
    problems = []
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append("sources not numbered 1..n")
    if cited - set(numbers):
        problems.append(f"unresolved {sorted(cited - set(numbers))}")
    if set(numbers) - cited:
        problems.append(f"uncited {sorted(set(numbers) - cited)}")
    return parts, not problems, "; ".join(problems)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, help="Use this data dir instead of a fresh one.")
    parser.add_argument("--no-pdf", action="store_true", help="Skip the LibreOffice page count.")
    parser.add_argument("--json", type=Path, help="Also write the rows as JSON here.")
    args = parser.parse_args()
    pdf = not args.no_pdf and soffice() is not None
    with tempfile.TemporaryDirectory(prefix="upward-briefing-eval-") as tmp:
        service = UpwardService(load_settings(data_dir=args.data_dir or Path(tmp) / "data"))
        console.print("[dim]Preparing the index and the sample audit…[/]")
        service.ensure_knowledge()
        rows = []
        for audience in AUDIENCES:
            for label, subject in TOPICS:
                row = {"audience": audience, "topic": label}
                try:
                    made = make_briefing(service, BriefingRequest(audience=audience, **subject))
                except BriefingError as exc:
                    rows.append({**row, "refused": str(exc).splitlines()[0]})
                    continue
                parts, resolving, why = read_back(made.data)
                row.update(
                    parts=parts, figures=len(made.figures), resolving=resolving, why=why,
                    sources=len(made.note.sources), estimate=round(estimated_pages(made.note), 2),
                    answer_s=round(made.seconds["answer"], 2),
                    briefing_s=round(made.seconds["layout"] + made.seconds["render"], 2),
                )
                if pdf:
                    rendered = docx_to_pdf(made.data)
                    row.update(body_pages=body_pages(rendered), pages=len(page_texts(rendered)))
                rows.append(row)
                console.print(f"[dim]{audience} / {label}: done[/]")
        service.close()
    table = Table(title="Briefing notes: 5 audiences × 3 topics (sample data, embedded defaults)")
    for col in ("audience", "topic", "parts", "figures", "[n] resolve", "sources", "est. pages",
                "body pages", "all pages", "answer s", "briefing s"):
        table.add_column(col, overflow="fold")
    for r in rows:
        if "refused" in r:
            table.add_row(r["audience"], r["topic"], f"[red]refused: {r['refused']}[/]", *[""] * 8)
            continue
        table.add_row(
            r["audience"], r["topic"], f"{r['parts']}/{len(HEADINGS)}", str(r["figures"]),
            "yes" if r["resolving"] else f"[red]no: {r['why']}[/]", str(r["sources"]), f"{r['estimate']:.2f}",
            str(r.get("body_pages", "–")), str(r.get("pages", "–")), f"{r['answer_s']:.2f}", f"{r['briefing_s']:.2f}",
        )
    console.print(table)
    written = [r for r in rows if "refused" not in r]
    if written:
        seconds = [r["briefing_s"] for r in written]
        console.print(
            f"written {len(written)}/{len(rows)}; all parts {sum(r['parts'] == len(HEADINGS) for r in written)}; "
            f"citations resolving {sum(r['resolving'] for r in written)}; figures checked "
            f"{sum(r['figures'] for r in written)}; briefing seconds median {statistics.median(seconds):.2f}, "
            f"max {max(seconds):.2f} (target < 3); answer seconds median "
            f"{statistics.median(r['answer_s'] for r in written):.2f}"
            + (f"; body pages ≤ 2: {sum(r['body_pages'] <= 2 for r in written)}/{len(written)}, max "
               f"{max(r['body_pages'] for r in written)}" if pdf else "; PDF page count skipped"),
            highlight=False,
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
