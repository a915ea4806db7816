"""Re-derive a cited audit fact from the stored rows: the verifier's check that an audit figure
still follows from the data by its formula, not merely that the sentence copies the fact's text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

from bot.audit.engine import recompute
from bot.audit.facts import DerivedValue
from bot.audit.model import CanonicalTable
from bot.audit.periods import period_from_key


def page_views(table: CanonicalTable, item: str, period_key: str) -> float:
    period = period_from_key(period_key)
    return sum(
        o.value
        for o in table.observations
        if o.platform == "website" and o.metric == "page_views" and o.item == item
        and period.start <= o.date <= period.end
    )


def mismatch(table: CanonicalTable, derived: DerivedValue) -> str | None:
    """None when the stated value follows from the table; otherwise what differs."""
    if derived.item:
        again: float | None = page_views(table, derived.item, derived.period)
    else:
        value = recompute(table, derived.kpi, derived.platform, derived.period)
        again = value.value if value is not None else None
    if again is None or not math.isclose(again, derived.value, rel_tol=1e-9, abs_tol=1e-9):
        return (
            f"{derived.kpi} for {derived.platform}{' ' + derived.item if derived.item else ''} in "
            f"{derived.period} is stated as {derived.value:g} but the data give "
            f"{'nothing' if again is None else f'{again:g}'}"
        )
    return None


class AuditChecker:
    """Checks audit-kind sources before an answer may cite them. Tables load once per audit."""

    def __init__(self, load_table: Callable[[str], CanonicalTable | None]) -> None:
        self._load_table = load_table
        self._tables: dict[str, CanonicalTable | None] = {}

    def problem(self, metadata: dict) -> str | None:
        """Why this stored audit fact cannot be cited, or None if every value re-derives.
        Documents a user ingested as kind `audit` (an annual report PDF) are not computed facts:
        their figures are checked against their text like any document's."""
        if "audit_id" not in metadata:
            return None
        audit_id = str(metadata["audit_id"])
        if audit_id not in self._tables:
            self._tables[audit_id] = self._load_table(audit_id)
        table = self._tables[audit_id]
        if table is None:
            return f"audit {audit_id} is no longer stored"
        for item in json.loads(str(metadata.get("derived", "[]"))):
            found = mismatch(table, DerivedValue.model_validate(item))
            if found:
                return found
        return None

    def forget(self, audit_id: str) -> None:
        self._tables.pop(audit_id, None)
