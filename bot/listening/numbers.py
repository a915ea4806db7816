"""Counts and shares written the same way everywhere: in the report, the facts and the docs.

A fact's figures must equal the values stored beside it, so a share is rounded once (half up,
one decimal) and that rounded value is both printed and stored.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def share(part: int, whole: int) -> float:
    """`part` as a percentage of `whole`, rounded half up to one decimal (0.0 when whole is 0)."""
    if whole <= 0:
        return 0.0
    exact = Decimal(part) * 100 / Decimal(whole)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def pct(value: float) -> str:
    """41.2 -> '41.2%'; always one decimal."""
    return f"{value:.1f}%"


def count(value: int) -> str:
    """1184 -> '1,184'."""
    return f"{value:,}"


ORDINALS = ("", "second ", "third ", "fourth ", "fifth ", "sixth ", "seventh ", "eighth ")


def ordinal_most(rank: int) -> str:
    """0 -> 'the most', 1 -> 'the second most'."""
    return f"the {ORDINALS[rank] if rank < len(ORDINALS) else f'{rank + 1}th '}most"
