"""Which indexed chunks are routing material rather than evidence.

Objection playbooks (knowledge/objections) and audience profiles (knowledge/audiences) are
indexed as guidance so their text can be shown, but Upward *chooses* them by routing — the
objection detector picks the playbook, the audience resolver picks the profile — and follows
them as advice. They are Upward's own scripts ("You're right that posting for its own sake
achieves very little"), not a source that supports a claim, so evidence retrieval and its eval
leave them out. Their front matter names the objection or the audience they belong to, which is
how they are recognised here (evidence cards also carry an `objection` field, but their kind is
`evidence`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

ROUTING_KEYS: tuple[str, ...] = ("objection", "audience")


def is_routing_material(metadata: Mapping[str, object]) -> bool:
    """True for a playbook or audience-profile chunk: guidance that names its objection or audience."""
    return metadata.get("kind") == "guidance" and any(metadata.get(key) for key in ROUTING_KEYS)


def evidence_sources(found: Iterable, k: int) -> list:
    """The first `k` retrieved sources that are not routing material (retrieve 2k to fill k)."""
    return [s for s in found if not is_routing_material(s.chunk.metadata)][:k]
