"""Re-derive a cited audit fact from the stored rows: the verifier's check that every number in an
audit fact still follows from the data, not merely that the answer copies the fact's text.

Before an audit fact may be cited, the facts are computed again from what the audit store keeps —
the observations, the peer rows and the published benchmarks — by the same steps that made them
(`derivation.derive`). The cited fact must then state exactly what the data give: each derived
value (own value, change, rank, percentile, median, quartile, published benchmark, goal target
and date, page share, and every label) by role, and the text itself (by its fingerprint, or the
chunk text when the caller passes it). A fact whose text prints a number no derived value
accounts for is refused.

Re-derivation is kept only while the stored rows are unchanged: each check asks the store for
the audit's data version (an aggregate fingerprint the database computes in milliseconds), and a
changed version means deriving again, so an edited table is noticed on the very next check.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from bot.audit.derivation import derive
from bot.audit.facts import AuditFact, DerivedValue, check_numbers
from bot.audit.model import CanonicalTable
from bot.audit.provenance import underived

# Metadata keys an indexed audit fact carries, set only by `bot.audit.indexing`.
AUDIT_KEYS = ("audit_id", "fact_id", "derived", "text_sha256")
# Ids of computed facts (audit KPI, benchmark, published, goal, top pages): a chunk with one of
# these ids is a computed fact, and must name the audit it was computed from.
COMPUTED_ID_RE = re.compile(r"^(?:AU|AB|AP|AT|G)-[a-z_]+-")


def text_sha256(text: str) -> str:
    """The fingerprint of a fact's text, as the index stores it beside the fact."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _describe(d: DerivedValue) -> str:
    what = d.item if d.role == "label" else d.role
    about = f"{d.kpi} for {d.platform}"
    if d.item and d.role != "label":
        about += f" {d.item}"
    return f"the {what} of {about}{f' in {d.period}' if d.period else ''}"


def _shown(d: DerivedValue) -> str:
    if d.display:
        return repr(d.display) if d.role == "label" else d.display
    return "nothing" if d.value is None else f"{d.value:g}"


def _differs(stated: DerivedValue, again: DerivedValue) -> bool:
    if stated.display != again.display:
        return True
    if stated.value is None or again.value is None:
        return stated.value is not again.value
    return not math.isclose(stated.value, again.value, rel_tol=1e-9, abs_tol=1e-9)


def compare_derived(fact_id: str, stated: list[DerivedValue], again: list[DerivedValue]) -> str | None:
    """The first difference between what the index says a fact derives and what the data give."""
    rebuilt = {d.key: d for d in again}
    claimed = {d.key: d for d in stated}
    for key, d in claimed.items():
        found = rebuilt.get(key)
        if found is None:
            return f"{_describe(d)} is stated as {_shown(d)} but the data give nothing"
        if _differs(d, found):
            return f"{_describe(d)} is stated as {_shown(d)} but the data give {_shown(found)}"
    for key, d in rebuilt.items():
        if key not in claimed:
            return f"{fact_id} does not carry {_describe(d)} ({_shown(d)}) that the data give"
    return None


@dataclass(frozen=True)
class _Derived:
    version: str
    facts: dict[str, AuditFact]
    problem: str | None = None  # why the stored rows give no facts at all


# The audit's facts by id, or why the stored rows cannot give them; None when it is not stored.
_Facts = dict[str, AuditFact] | str | None


class AuditChecker:
    """Checks audit-kind sources before an answer may cite them: `AuditChecker(store.table,
    store.version)`. One derivation per audit is kept, keyed on the audit's data version, and
    used only while that version holds; without `version` every check derives afresh (correct,
    but some tenths of a second per check)."""

    def __init__(
        self,
        load_table: Callable[[str], CanonicalTable | None],
        version: Callable[[str], str | None] | None = None,
    ) -> None:
        self._load_table = load_table
        self._version = version
        self._derived: dict[str, _Derived] = {}
        self._lock = threading.Lock()

    def _facts(self, audit_id: str) -> _Facts:
        """The audit's facts as its stored rows give them now."""
        with self._lock:
            version = self._version(audit_id) if self._version is not None else None
            kept = self._derived.get(audit_id)
            if version is not None and kept is not None and kept.version == version:
                return kept.problem or kept.facts
            self._derived.pop(audit_id, None)
            table = self._load_table(audit_id)
            if table is None:
                return None
            try:
                derived = _Derived(version or "", {f.id: f for f in derive(table).facts})
            except ValueError as exc:  # rows that give a fact with an underived number, say
                derived = _Derived(version or "", {}, f"audit {audit_id} cannot be derived again: {exc}")
            if version is not None:
                # Kept under the version read before the rows: if they changed in between, the
                # next check sees another version and derives again.
                self._derived[audit_id] = derived
            return derived.problem or derived.facts

    def problem(self, metadata: Mapping[str, object], text: str | None = None) -> str | None:
        """Why this stored audit fact cannot be cited, or None if every value re-derives.

        `text`, when given, is the chunk that would be cited: its numbers must all be derived and
        it must be part of the fact's text as the data give it. Documents a user ingested as kind
        `audit` (an annual report PDF) are not computed facts: their figures are checked against
        their text like any document's. A chunk with a computed fact's id or derived values but
        no audit is refused."""
        fact_id = str(metadata.get("fact_id") or "")
        if "audit_id" not in metadata:
            if "derived" in metadata or (metadata.get("kind") == "audit" and COMPUTED_ID_RE.match(fact_id)):
                return f"{fact_id or 'this source'} poses as a computed audit fact but names no stored audit"
            return None
        audit_id = str(metadata["audit_id"])
        if not fact_id:
            return f"a fact of audit {audit_id} carries no fact id"
        facts = self._facts(audit_id)
        if facts is None:
            return f"audit {audit_id} is no longer stored"
        if isinstance(facts, str):
            return facts
        fact = facts.get(fact_id)
        if fact is None:
            return f"{fact_id} no longer follows from the stored data of audit {audit_id}"
        if problem := check_numbers(fact):
            return problem
        try:
            stated = [DerivedValue.model_validate(d) for d in json.loads(str(metadata.get("derived", "")))]
        except (ValueError, ValidationError, TypeError):
            return f"{fact_id} carries unreadable derived values"
        if problem := compare_derived(fact_id, stated, fact.derived):
            return problem
        if metadata.get("text_sha256") != text_sha256(fact.text):
            return f"the text of {fact_id} differs from what the data give: {fact.text.splitlines()[0]}"
        if text is not None:
            return self._chunk_problem(fact, text)
        return None

    @staticmethod
    def _chunk_problem(fact: AuditFact, text: str) -> str | None:
        """The cited chunk: every number derived, and its body a part of the fact's text."""
        stray = underived(text, fact.derived)
        if stray:
            return f"{fact.id} as cited prints {', '.join(stray)}, which no derived value accounts for"
        lines = text.split("\n")
        body = "\n".join(lines[1:]) if len(lines) > 1 else text  # the first line names the fact
        if body.strip() and body.strip() not in fact.text:
            return f"the cited text of {fact.id} differs from what the data give"
        return None

    def forget(self, audit_id: str) -> None:
        """Drop what was derived for an audit (the next check derives again in any case when the
        stored rows changed; this only frees the memory)."""
        with self._lock:
            self._derived.pop(audit_id, None)
