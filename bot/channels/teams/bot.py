"""The Teams conversation: a thin adapter from Teams activities to the workspace's answer service.

Every turn names its caller explicitly: the workspace comes from the tenant's link, the person
from their Entra object id (`RequestContext(key_name="teams:<id>")`), and the Upward conversation
from the Teams conversation or channel thread. Personal chats stream (informative updates from
the answer's stages, then verified text); group chats and channels get a typing indicator and one
message, and in channels Upward answers only when @mentioned.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import TurnContext
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from bot.app_context import Upward
from bot.channels.teams import commands, replies
from bot.channels.teams.briefings import BriefingLinks
from bot.channels.teams.links import TenantLinks, check_tenant
from bot.channels.teams.threads import Rehearsal as RehearsalState
from bot.channels.teams.threads import TeamsThreads
from bot.contract import Answer, StreamEvent
from bot.feedback import FeedbackIn
from bot.problems import NotFound
from bot.service import UpwardService
from bot.workspace import RequestContext

log = logging.getLogger(__name__)
Kind = Literal["personal", "groupChat", "channel"]
MAX_ROUNDS = 5
SORRY = "Upward could not answer that just now; please try again in a moment."


def conversation_kind(activity: Activity) -> Kind:
    found = (activity.conversation.conversation_type if activity.conversation else None) or "personal"
    return found if found in ("groupChat", "channel") else "personal"  # type: ignore[return-value]


def tenant_of(activity: dict | Activity) -> str | None:
    """The Microsoft 365 tenant an activity comes from: `conversation.tenantId`, else
    `channelData.tenant.id` (Teams sends both)."""
    data = activity if isinstance(activity, dict) else activity.model_dump(mode="json", by_alias=True, exclude_none=True)
    conversation = data.get("conversation") or {}
    channel = data.get("channelData") or {}
    found = conversation.get("tenantId") or (channel.get("tenant") or {}).get("id")
    return found if isinstance(found, str) else None


def mentions_bot(activity: Activity) -> bool:
    recipient = activity.recipient.id if activity.recipient else None
    return bool(recipient) and any(m.mentioned and m.mentioned.id == recipient for m in activity.get_mentions())


def card_choice(activity: Activity) -> int | None:
    """The number of a clarifying card's button that was pressed, if this message is one."""
    value = activity.value
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    if isinstance(value, dict) and value.get("upward") == replies.CHOOSE and isinstance(value.get("choice"), int):
        return value["choice"]
    return None


def message_text(activity: Activity) -> str:
    """The text without the @mention of Upward (Teams puts `<at>Upward</at>` in the text)."""
    text = activity.remove_recipient_mention() if activity.recipient else (activity.text or "")
    return " ".join(text.replace("&nbsp;", " ").split())


@dataclass(frozen=True)
class Turn:
    """One Teams message, resolved: who asks, in which workspace, in which thread."""

    ctx: RequestContext
    service: UpwardService
    threads: TeamsThreads
    thread: str
    owner: str  # owns the Upward conversations of this tenant's threads
    kind: Kind


class UpwardTeamsBot:
    def __init__(self, upward: Upward, links: TenantLinks, *, briefs: BriefingLinks | None) -> None:
        self.upward = upward
        self.links = links
        self.briefs = briefs
        self._threads: dict[str, TeamsThreads] = {}

    # --- resolving the caller -------------------------------------------------------------------
    def turn(self, activity: Activity) -> Turn | None:
        tenant = tenant_of(activity)
        workspace = self.links.workspace_for(tenant)
        if workspace is None or tenant is None:
            return None  # the gate refused it already; this only guards a link removed meanwhile
        person = (activity.from_property.aad_object_id or activity.from_property.id) if activity.from_property else "unknown"
        ctx = RequestContext(workspace=workspace, role="reader", key_name=f"teams:{person}"[:80])
        service = self.upward.service(workspace)
        threads = self._threads.get(workspace)
        if threads is None:
            threads = self._threads.setdefault(workspace, TeamsThreads(service.workspace.database_url))
        return Turn(ctx=ctx, service=service, threads=threads, thread=activity.conversation.id,
                    owner=f"teams:{check_tenant(tenant)}", kind=conversation_kind(activity))

    def _conversation(self, turn: Turn) -> str | None:
        """This thread's Upward conversation, unless retention has removed it since."""
        found = turn.threads.conversation(turn.thread)
        if found and not turn.service.memory.exists(found, turn.owner):
            turn.threads.forget_conversation(turn.thread)
            return None
        return found

    def _labels(self, service: UpwardService) -> dict[str, str]:
        return {o.id: o.label for o in service.objections()}

    # --- messages -------------------------------------------------------------------------------
    async def on_message(self, context: TurnContext, _state) -> None:
        activity = context.activity
        choice = card_choice(activity)
        if conversation_kind(activity) != "personal" and choice is None and not mentions_bot(activity):
            return  # in group chats and channels Upward speaks only when spoken to
        turn = self.turn(activity)
        if turn is None:
            return
        text = str(choice) if choice is not None else message_text(activity)
        command = commands.parse(text)
        rehearsal = turn.threads.rehearsal(turn.thread)
        try:
            if command.name == "stop":
                turn.threads.set_rehearsal(turn.thread, None)
                await context.send_activity("Rehearsal ended." if rehearsal else "Nothing to stop.")
            elif rehearsal is not None and not command.explicit and choice is None:
                await self._rehearsal_reply(context, turn, rehearsal, command.text)
            elif command.name == "help" or not command.text and command.name == "ask":
                await context.send_activity(commands.help_text(self.briefs is not None))
            elif command.name == "objections":
                await context.send_activity(self._objections_text(turn.service))
            elif command.name == "rehearse":
                await self._rehearse(context, turn, command.audience)
            elif command.name == "brief":
                await self._brief(context, turn)
            elif command.name == "case":
                await self._answer(context, turn, lambda c: turn.service.stream_case(
                    audience=command.audience, focus=command.focus, conversation_id=c, owner=turn.owner))
            else:
                await self._answer(context, turn, lambda c: turn.service.stream(
                    command.text, conversation_id=c, owner=turn.owner))
        except (ValueError, NotFound) as exc:  # bad input, refused before anything ran
            await context.send_activity(str(exc).strip("'\""))

    def _objections_text(self, service: UpwardService) -> str:
        lines = ["**The objections Upward recognises**", ""]
        lines += [f"- **{o.label}**" for o in service.objections()]
        return "\n".join(lines)

    async def _answer(self, context: TurnContext, turn: Turn, start) -> Answer | None:
        """Run one answer (ask or case) in this thread's conversation and show it."""
        conversation = self._conversation(turn)
        events: Iterator[StreamEvent] = await run_in_threadpool(start, conversation)
        sent: list[str] = []
        context.on_send_activities(_collect_ids(sent))
        labels = self._labels(turn.service)
        if turn.kind == "personal":
            answer = await self._stream(context, events, labels)
        else:
            await context.send_activity(Activity(type=ActivityTypes.typing))
            answer, error = await run_in_threadpool(_last, events)
            await context.send_activity(replies.answer_activity(answer, labels) if answer else error or SORRY)
        if answer is not None and answer.conversation_id:
            turn.threads.set_conversation(turn.thread, answer.conversation_id)
            shown = turn.service.memory.last(answer.conversation_id, "assistant")
            for message_id in sent:
                turn.threads.remember_message(message_id, answer.conversation_id, shown.seq if shown else None)
        return answer

    async def _stream(self, context: TurnContext, events: Iterator[StreamEvent], labels: dict[str, str]) -> Answer | None:
        """The SDK's streaming response: stage updates, then the verified text, then the final
        message with citations, the AI label, feedback buttons and the cards."""
        stream = context.streaming_response
        stream.set_feedback_loop(True)
        stream.set_generated_by_ai_label(True)
        renumber = replies.Renumber()
        answer, error = None, None
        async for event in iterate_in_threadpool(events):
            if event.event == "status":
                stream.queue_informative_update(event.data["message"] + "…")
            elif event.event == "token":
                piece = renumber.feed(event.data["text"])
                if piece:
                    first = not stream.get_message()
                    stream.queue_text_chunk(piece)
                    if first:  # the reader sees text start now; later pieces are sent together
                        await stream.wait_for_queue()
            elif event.event == "done":
                answer = Answer.model_validate(event.data)
            elif event.event == "error":
                error = event.data.get("message") or SORRY
        tail = renumber.flush()
        if tail:
            stream.queue_text_chunk(tail)
        if answer is None:
            stream.set_generated_by_ai_label(False)
            stream.set_feedback_loop(False)
            stream.queue_text_chunk(("\n\n" if stream.get_message() else "") + (error or SORRY))
        else:
            stream.set_citations(replies.stream_citations(renumber.citations(answer)))
            for attachment in replies.answer_cards(answer, renumber.ordered(answer), labels):
                stream.add_attachment(attachment)
        await stream.end_stream()
        return answer

    # --- rehearsal ------------------------------------------------------------------------------
    async def _rehearse(self, context: TurnContext, turn: Turn, audience: str | None) -> None:
        challenge = await run_in_threadpool(lambda: turn.service.rehearse(audience=audience))
        turn.threads.set_rehearsal(turn.thread, RehearsalState(
            objection=challenge.objection.type, audience=audience, line=challenge.line))
        await context.send_activity(replies.challenge_text(challenge))

    async def _rehearsal_reply(self, context: TurnContext, turn: Turn, state: RehearsalState, reply: str) -> None:
        await context.send_activity(Activity(type=ActivityTypes.typing))
        result = await run_in_threadpool(lambda: turn.service.score_rehearsal(
            objection=state.objection, reply=reply, audience=state.audience, line=state.line))
        last = state.round >= MAX_ROUNDS or not result.next_line
        turn.threads.set_rehearsal(turn.thread, None if last else state.model_copy(
            update={"line": result.next_line, "round": state.round + 1}))
        await context.send_activity(replies.scorecard_text(result, state.round, last))
        stronger = replies.answer_activity(result.stronger, self._labels(turn.service))
        stronger.text = "**A stronger answer**\n\n" + (stronger.text or "")
        stronger.channel_data = None  # a model answer for practice, kept in no conversation of this thread: no rating
        await context.send_activity(stronger)

    # --- briefing notes -------------------------------------------------------------------------
    async def _brief(self, context: TurnContext, turn: Turn) -> None:
        if self.briefs is None:
            await context.send_activity("Briefing notes are not available on this server.")
            return
        conversation = self._conversation(turn)
        if conversation is None:
            await context.send_activity("Ask something first: **brief** turns the last answer here into a briefing note.")
            return
        await context.send_activity(Activity(type=ActivityTypes.typing))
        link, record = await run_in_threadpool(self.briefs.make, turn.service, conversation, turn.owner)
        self.upward.shared.activity.record(turn.ctx, "teams.brief", record.id)
        await context.send_activity(f"Your briefing note is ready: [{record.file_name}]({link}) "
                                    "(the link works for 24 hours).")

    async def on_installed(self, context: TurnContext, _state) -> None:
        """Upward was added to a chat or team: say what it does (once, when it is the one added)."""
        activity = context.activity
        me = activity.recipient.id if activity.recipient else None
        if me and any(m.id == me for m in activity.members_added or []) and self.turn(activity) is not None:
            await context.send_activity(commands.help_text(self.briefs is not None))

    # --- errors ---------------------------------------------------------------------------------
    async def on_error(self, context: TurnContext, error: Exception) -> None:
        """A turn that failed: an apology with an error id; the details go to the server log only
        (the SDK's default handler would send the exception text to the chat)."""
        error_id = uuid.uuid4().hex[:12]
        log.error("Teams turn failed (error id %s)", error_id, exc_info=error)
        if context.activity.type == ActivityTypes.message:
            await context.send_activity(f"Upward could not finish this (error id {error_id}, in the server log).")

    # --- feedback -------------------------------------------------------------------------------
    async def on_feedback(self, context: TurnContext, _state) -> None:
        """The thumbs up/down of the feedback buttons (`message/submitAction`), stored against the
        answer that message showed."""
        activity = context.activity
        value = activity.value if isinstance(activity.value, dict) else {}
        action = value.get("actionValue") or {}
        turn = self.turn(activity)
        stored = False
        if turn is not None and value.get("actionName") == "feedback" and action.get("reaction") in ("like", "dislike"):
            found = turn.threads.message(activity.reply_to_id) if activity.reply_to_id else None
            conversation, seq = found if found else (self._conversation(turn), None)
            comment = _feedback_text(action.get("feedback"))
            if conversation:
                item = FeedbackIn(conversation_id=conversation, rating="helpful" if action["reaction"] == "like" else "not_helpful",
                                  comment=comment[:2000] or None)
                record = await run_in_threadpool(lambda: turn.service.record_feedback(
                    item, owner=turn.owner, channel="teams", actor=turn.ctx.actor, turn=seq))
                self.upward.shared.activity.record(turn.ctx, "feedback.add", record.id)
                stored = True
        await context.send_activity(Activity(
            type=ActivityTypes.invoke_response, value=InvokeResponse(status=200 if stored else 400, body={})))


def _feedback_text(raw) -> str:
    """Teams sends the typed feedback as a JSON string {"feedbackText": ...}."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return raw.strip()
    return str(raw.get("feedbackText", "")).strip() if isinstance(raw, dict) else ""


def _last(events: Iterator[StreamEvent]) -> tuple[Answer | None, str | None]:
    answer, error = None, None
    for event in events:
        if event.event == "done":
            answer = Answer.model_validate(event.data)
        elif event.event == "error":
            error = event.data.get("message")
    return answer, error


def _collect_ids(into: list[str]):
    """A send hook that notes the Teams ids of the answer's messages (and of its stream), so a
    later feedback press finds the answer it was about."""
    async def hook(_context, activities, next_send):
        responses = await next_send()
        for activity, response in zip(activities, responses or [], strict=False):
            streamed = any(getattr(e, "type", None) == "streaminfo" for e in activity.entities or [])
            if response is not None and response.id and (activity.type == ActivityTypes.message or streamed):
                into.append(response.id)
        return responses
    return hook
