"""`upward brief`: a briefing note in the house Word template, every figure verified."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from pydantic import ValidationError

from bot.briefing import BriefingRequest, BriefingStore, PdfUnavailable, SubjectNotFound, make_briefing
from bot.briefing.length import estimated_pages
from bot.briefing.store import file_name_for, write_atomic
from bot.cli import WorkspaceOption, _ensure_index, _fail_unavailable, _service, app, console, err
from bot.service import UNAVAILABLE
from bot.workspace import DEFAULT_WORKSPACE


@app.command()
def brief(
    topic: Optional[str] = typer.Option(None, help="A business-case briefing focused on this topic."),
    objection: Optional[str] = typer.Option(None, help="A briefing answering one objection (see `upward objections`)."),
    conversation_id: Optional[str] = typer.Option(None, "--conversation-id", help="Brief from the last answer of a conversation."),
    audience: Optional[str] = typer.Option(None, help="Who the note is for: 'ceo', 'finance director', 'FD', ..."),
    template: Optional[Path] = typer.Option(None, help="Your house template: a .docx with Upward's tags (docs/briefing.md)."),
    out: Optional[Path] = typer.Option(None, help="File or folder to write to (default: a name from the title, here)."),
    fmt: str = typer.Option("docx", "--format", help="docx, md or pdf (PDF needs LibreOffice)."),
    pages: int = typer.Option(2, help="Most pages of body text; Sources and Annex A follow."),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Write a briefing note for a leader: purpose, recommendations with decision boxes, key points,
    current position with an audit chart, evidence, options, risks, a KPI table and numbered
    sources. Every figure passes the verifier, or nothing is written."""
    try:
        request = BriefingRequest(
            topic=topic, objection=objection, conversation_id=conversation_id, audience=audience,
            format=fmt, pages=pages,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'request'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        )
        err.print(f"[red]{problems}[/]", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    service = _service(workspace)
    try:
        _ensure_index(service)
        made = make_briefing(service, request, template=template)
        target = out or Path(file_name_for(made.note.title, made.format))
        if target.is_dir():
            target = target / file_name_for(made.note.title, made.format)
        write_atomic(target, made.data)
        BriefingStore(service.workspace.briefings_dir).save(
            made.data, title=made.note.title, fmt=made.format, flow=made.flow, audience=made.audience, sample=made.sample
        )
    except UNAVAILABLE as exc:
        raise _fail_unavailable(exc) from None
    except (PdfUnavailable, SubjectNotFound) as exc:
        err.print(f"[red]{exc}[/]", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except ValueError as exc:  # BriefingError: bad template, unverified figure, unknown objection ...
        err.print(f"[red]{exc}[/]", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    finally:
        service.close()
    note = made.note
    console.print(
        f"Wrote [bold]{target}[/]: {note.title}; about {estimated_pages(note):.1f} page(s) of body, "
        f"{len(note.sources)} numbered sources, {len(made.figures)} figures verified"
        f"{'; labelled as sample data' if made.sample else ''}.",
        highlight=False,
    )
