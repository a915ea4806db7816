"""The leader's next line in a rehearsal: a sceptic presses on the weakest part of your reply.

A real chief executive does not stop at one objection. After a reply is scored, the leader
pushes on the first criterion it missed (no figure of our own, no outside evidence, the worry
not addressed, no concrete ask) or, when the reply held up, raises the same worry in other
words, taken from the objection's own exemplar phrasings.
"""

from __future__ import annotations

import random

from bot.agent.taxonomy import ObjectionType
from bot.contract import Scorecard

PUSHBACK = {
    "own_data": "That's all very general. What do our own numbers actually show?",
    "external": "Says who? Where is the evidence that this works anywhere else?",
    "concern": "You haven't answered my point. {concern}",
    "next_step": "So what exactly are you asking me to agree to, and how will we know if it worked?",
}


def next_line(objection: ObjectionType, scorecard: Scorecard, previous: str | None, seed: int | None = None) -> str:
    """What the leader says next, given how the reply scored."""
    missed = [c.id for c in scorecard.criteria if not c.passed]
    if missed:
        concern = objection.concern.rstrip(".") + "." if objection.concern else ""
        return PUSHBACK[missed[0]].format(concern=concern).strip()
    others = [e for e in objection.exemplars if e != previous]
    return random.Random(seed).choice(others or objection.exemplars)
