"""What Upward's answers look like in Teams: text with [n] markers and the matching citation
entities, the AI-generated label, feedback buttons, and Adaptive Cards for the sources and for
the candidates of an unclear objection.

Teams shows a citation only when its `position` equals a [n] marker in the text, and takes at most
20, with titles up to 80 characters and abstracts up to 160: `Renumber` numbers the markers in
reading order and clips the fields, the same for the streamed and the single-message path.
No citation carries an icon: the SDK 1.9.0 `ClientCitationImage` serialises without
`"@type": "ImageObject"`, which Teams needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from microsoft_agents.activity import (
    Activity, Attachment, ClientCitation, ClientCitationAppearance,
)
from microsoft_agents.hosting.core.app.streaming import Citation as StreamCitation

from bot.contract import Answer, Challenge, Citation, Rehearsal

MAX_CITATIONS = 20
NAME_MAX = 80
ABSTRACT_MAX = 160
ADAPTIVE = "application/vnd.microsoft.card.adaptive"
MARKER = re.compile(r"\[(\d{1,2})\]")  # [n]; a bracketed year is not a marker
PARTIAL = re.compile(r"\[\d{0,2}$")
FEEDBACK_LOOP = {"feedbackLoop": {"type": "default"}}
CHOOSE = "choose"  # the `upward` value of a card button that answers a clarifying question


@dataclass(frozen=True)
class TeamsCitation:
    position: int
    name: str
    abstract: str
    url: str | None


def clip(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut at a word with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.") + "…"


def _link(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://", url) else None


class Renumber:
    """Numbers citation markers 1, 2, 3 in the order the reader meets them, as text streams by
    (the verified answer cites a subset of the planned sources, e.g. [1] [4] [7], and Teams and
    the SDK's streaming want positions 1..N). A marker split across pieces is held back until
    it is whole."""

    def __init__(self) -> None:
        self.positions: dict[int, int] = {}
        self._pending = ""

    def _sub(self, m: re.Match) -> str:
        n = int(m.group(1))
        if n not in self.positions:
            self.positions[n] = len(self.positions) + 1
        return f"[{self.positions[n]}]"

    def feed(self, piece: str) -> str:
        text = self._pending + piece
        partial = PARTIAL.search(text)
        self._pending = text[partial.start():] if partial else ""
        return MARKER.sub(self._sub, text[: partial.start()] if partial else text)

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return MARKER.sub(self._sub, text)

    def ordered(self, answer: Answer) -> list[tuple[int, Citation]]:
        """Every citation with its position: those in the text first, by position, then any the
        text does not mark (given positions after them)."""
        for c in sorted(answer.citations, key=lambda c: c.n):
            if c.n not in self.positions:
                self.positions[c.n] = len(self.positions) + 1
        by_n = {c.n: c for c in answer.citations}
        return sorted((p, by_n[n]) for n, p in self.positions.items() if n in by_n)

    def citations(self, answer: Answer) -> list[TeamsCitation]:
        """The citation entities: the first 20 positions, clipped to Teams' limits (a marker past
        20 stays as plain text; the sources card lists that source too)."""
        return [
            TeamsCitation(position=p, name=clip(c.title or f"Source {p}", NAME_MAX),
                          abstract=clip(c.text, ABSTRACT_MAX), url=_link(c.url))
            for p, c in self.ordered(answer) if p <= MAX_CITATIONS
        ]


def numbered(answer: Answer) -> tuple[str, list[TeamsCitation], list[tuple[int, Citation]]]:
    """The whole answer renumbered at once: its text, citation entities and ordered sources."""
    renumber = Renumber()
    text = renumber.feed(answer.answer) + renumber.flush()
    return text, renumber.citations(answer), renumber.ordered(answer)


def client_citations(cites: list[TeamsCitation]) -> list[ClientCitation]:
    return [
        ClientCitation(position=c.position, appearance=ClientCitationAppearance(name=c.name, abstract=c.abstract, url=c.url))
        for c in cites
    ]


def stream_citations(cites: list[TeamsCitation]) -> list[StreamCitation]:
    """For the SDK's StreamingResponse, which numbers them 1..N in order and clips abstracts at
    480: so they must come in position order and already within Teams' limits."""
    if [c.position for c in cites] != list(range(1, len(cites) + 1)):
        raise ValueError("citations must be numbered 1..N in order")
    return [StreamCitation(content=c.abstract, title=c.name, url=c.url) for c in cites]


def card(body: list[dict], actions: list[dict] | None = None) -> Attachment:
    content = {
        "type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5", "body": body,
    }
    if actions:
        content["actions"] = actions
    return Attachment(content_type=ADAPTIVE, content=content)


def _escape(text: str) -> str:
    """Adaptive Card TextBlocks read Markdown: keep titles literal."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def sources_card(answer: Answer, ordered: list[tuple[int, Citation]]) -> Attachment | None:
    """Publisher, year, second-hand flag and link of every source the answer cites, numbered as
    in the text."""
    if not ordered:
        return None
    body: list[dict] = [{"type": "TextBlock", "text": "Sources", "weight": "Bolder", "size": "Medium"}]
    if answer.sample:
        body.append({"type": "TextBlock", "wrap": True, "color": "Warning",
                     "text": "Cites the fictional sample council: import your own audit before quoting it."})
    for i, c in ordered:
        details = [x for x in (c.publisher, c.year) if x]
        if c.page:
            details.append(f"p. {c.page}")
        if c.strength == "second-hand":
            details.append("second-hand report: check the original before quoting it")
        elif c.strength == "primary":
            details.append("primary source")
        if c.kind in ("audit", "public"):
            details.append("our own data" if c.kind == "audit" else "what the public is saying")
        body.append({"type": "TextBlock", "wrap": True, "spacing": "Medium",
                     "text": f"**[{i}]** {_escape(clip(c.title, 200))}"})
        if details:
            body.append({"type": "TextBlock", "wrap": True, "isSubtle": True, "spacing": "None",
                         "text": _escape(" · ".join(details))})
        if _link(c.url):
            body.append({"type": "TextBlock", "wrap": True, "spacing": "None", "text": f"[Open the source]({c.url})"})
    return card(body)


def clarify_card(answer: Answer, labels: dict[str, str]) -> Attachment | None:
    """An unclear objection: its candidates as buttons that answer the question with their number."""
    objection = answer.objection
    if objection is None or objection.type != "unclear" or not objection.candidates:
        return None
    actions = [
        {
            "type": "Action.Submit",
            "title": clip(labels.get(type_id, type_id), 60),
            "data": {"upward": CHOOSE, "choice": i, "msteams": {
                "type": "messageBack", "text": str(i), "displayText": labels.get(type_id, type_id),
            }},
        }
        for i, type_id in enumerate(objection.candidates, start=1)
    ]
    return card([{"type": "TextBlock", "wrap": True, "weight": "Bolder", "text": "Which worry is it?"}], actions)


def answer_activity(answer: Answer, labels: dict[str, str]) -> Activity:
    """One message with the whole answer: text, citation entities with the AI label, feedback
    buttons, and the cards (for group chats and channels, and replies that do not stream)."""
    text, cites, ordered = numbered(answer)
    activity = Activity(type="message", text=text, text_format="markdown",
                        attachments=answer_cards(answer, ordered, labels), channel_data=dict(FEEDBACK_LOOP))
    activity.add_ai_metadata(client_citations(cites) or None)
    return activity


def answer_cards(answer: Answer, ordered: list[tuple[int, Citation]], labels: dict[str, str]) -> list[Attachment]:
    return [a for a in (clarify_card(answer, labels), sources_card(answer, ordered)) if a is not None]


def challenge_text(challenge: Challenge) -> str:
    who = challenge.audience or "Your leader"
    return (f"**Rehearsal: {who}** ({challenge.objection.label})\n\n> {challenge.line}\n\n"
            "Reply in this thread as you would in the room. Say **stop** to end the rehearsal.")


def scorecard_text(result: Rehearsal, round_no: int, last: bool) -> str:
    card_ = result.scorecard
    lines = [f"**Round {round_no}: {card_.score}/{card_.out_of}** {card_.summary}", ""]
    lines += [f"- {'✅' if c.passed else '❌'} {c.label}: {c.note}" for c in card_.criteria]
    if result.next_line and not last:
        lines += ["", f"**{result.audience or 'Your leader'}:**", f"> {result.next_line}"]
    else:
        lines += ["", "That is the end of the rehearsal. Say **rehearse** to start another."]
    return "\n".join(lines)
