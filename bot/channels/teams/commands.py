"""The commands people type to Upward in Teams, parsed from the message text (the @mention
already stripped). Anything that is not a command is a question: `ask` is the default."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Name = Literal["ask", "case", "rehearse", "objections", "help", "brief", "stop"]

# (command, what it does): the app manifest's command lists and the help text read this.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("ask", "Answer a question or a leader's objection with cited evidence (the default: just type it)."),
    ("case", "A business case: case for the finance director about a TikTok pilot."),
    ("rehearse", "Practise: Upward plays a sceptical leader and scores your replies, e.g. rehearse chief executive."),
    ("objections", "The leadership objections Upward recognises."),
    ("brief", "A briefing note (.docx) of the last answer in this chat."),
    ("help", "What Upward can do here."),
)

_WORD = re.compile(r"^\s*/?(ask|case|rehearse|objections|help|brief|stop)\b[\s:,-]*", re.IGNORECASE)
_CASE = re.compile(r"^(?:for\s+(?:the\s+|our\s+|my\s+)?(?P<audience>.+?))?\s*(?:\babout\s+(?P<focus>.+))?$",
                   re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Command:
    name: Name
    text: str = ""  # the question (ask), the reply (rehearsal), or the audience (rehearse)
    audience: str | None = None
    focus: str | None = None
    explicit: bool = False  # typed as a command, not a plain message


def parse(text: str) -> Command:
    """`case [for AUDIENCE] [about FOCUS]`, `rehearse [AUDIENCE]`, `ask ...`, `objections`, `help`,
    `brief`, `stop`; anything else is a question."""
    text = (text or "").strip()
    found = _WORD.match(text)
    if not found:
        return Command("ask", text)
    name = found.group(1).lower()
    rest = text[found.end():].strip()
    if name == "ask":
        return Command("ask", rest, explicit=True)
    if name == "case":
        parts = _CASE.match(rest)
        audience = (parts.group("audience") or "").strip(" .?!") or None if parts else None
        focus = (parts.group("focus") or "").strip() or None if parts else rest or None
        return Command("case", rest, audience=audience, focus=focus, explicit=True)
    if name == "rehearse":
        audience = re.sub(r"^(?:with|for)\s+(?:the\s+|our\s+|my\s+)?", "", rest, flags=re.IGNORECASE).strip(" .?!")
        return Command("rehearse", rest, audience=audience or None, explicit=True)
    if rest and name in ("objections", "help", "stop"):
        return Command("ask", text)  # "help me answer ..." is a question, not the help command
    return Command(name, rest, explicit=True)  # type: ignore[arg-type]


def help_text(briefings: bool) -> str:
    lines = ["**Upward** answers leaders' objections to social media with cited, checked evidence.", ""]
    for name, what in COMMANDS:
        if name == "brief" and not briefings:
            continue
        lines.append(f"- **{name}**: {what}")
    lines += ["", "Follow-ups work in the same chat or thread: *shorter*, *now for the finance director*, "
              "*what's our source?*. In channels, @mention Upward."]
    return "\n".join(lines)
