"""Numbers and dates written for people, the same way every time.

Goal statements, chart labels and audit facts all print figures, and the verifier compares the
numbers in a sentence with the numbers it recomputes. So one value must always print as one
string: rounding here is decimal half-up on the value's shortest repr, never the binary
half-even that `format()` applies, and the precision depends only on the value's size and unit.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

# Currency codes we print with a symbol; any other code is printed after the amount.
CURRENCY_SYMBOLS: dict[str, str] = {
    "GBP": "£",
    "EUR": "€",
    "USD": "$",
    "AUD": "A$",
    "NZD": "NZ$",
    "CAD": "C$",
}

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _round(value: float, places: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _fixed(value: float, places: int, *, group: bool = False) -> str:
    rounded = _round(value, places)
    if rounded == 0:
        rounded = abs(rounded)  # never print "-0.0"
    return f"{rounded:,.{places}f}" if group else f"{rounded:.{places}f}"


def is_currency(unit: str) -> bool:
    """Money is carried in a three-letter currency code such as GBP."""
    return len(unit) == 3 and unit.isalpha() and unit.isupper()


def percent_places(value: float) -> int:
    """Decimals for a percentage: 1 from 10% up, 2 from 1%, 3 below 1% (organic engagement
    rates live in the hundredths of a per cent, so fewer places would print them all alike)."""
    size = abs(value)
    places = 1 if size >= 10 else 2 if size >= 1 else 3
    # 9.996 rounds up to 10.00: print it as a value of the larger band would be.
    if places > 1 and abs(_round(value, places)) >= (10 if places == 2 else 1):
        places -= 1
    return places


def display_places(value: float, unit: str) -> int:
    """How many decimals `format_value` prints for this value and unit."""
    if unit == "%":
        return percent_places(value)
    if is_currency(unit):
        return 2
    if unit in ("minutes", "hours"):
        return 1 if abs(value) < 10 else 0
    if unit == "posts/week":
        return 1
    if unit in ("count", "people"):
        return 0
    return 2 if abs(value) < 10 else 0


def format_points(change: float, *rates: float) -> str:
    """A change between two rates, in percentage points, to the precision the rates print with
    (3.27% → 4.12% is 0.85 points; 29.0% → 63.2% is 34.2; 0.077% → 0.168% is 0.091)."""
    places = max(percent_places(r) for r in rates) if rates else 2
    return _fixed(abs(change), places)


def round_for_display(value: float, unit: str) -> float:
    """The value as `format_value` shows it, so a stored target equals the printed one."""
    return float(_round(value, display_places(value, unit))) + 0.0  # + 0.0 turns -0.0 into 0.0


def format_value(value: float | None, unit: str) -> str:
    """'0.063%', '30.5%', '£1.24', '12,400', '38 minutes', '4.2 posts a week'."""
    if value is None:
        return "not available"
    places = display_places(value, unit)
    if unit == "%":
        return f"{_fixed(value, places)}%"
    if is_currency(unit):
        amount = _fixed(abs(value), places, group=True)
        sign = "-" if value < 0 and amount.strip("0.,") else ""
        symbol = CURRENCY_SYMBOLS.get(unit)
        return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {unit}"
    if unit in ("minutes", "hours"):
        return f"{_fixed(value, places, group=True)} {unit}"
    if unit == "posts/week":
        return f"{_fixed(value, places)} posts a week"
    if unit in ("count", "people"):
        return _fixed(value, places, group=True)
    return f"{_fixed(value, places, group=True)} {unit}".rstrip()


def format_date(day: dt.date) -> str:
    """'31 October 2027': no leading zero, English month, whatever the machine's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_month(day: dt.date) -> str:
    """'October 2026'."""
    return f"{MONTHS[day.month - 1]} {day.year}"
