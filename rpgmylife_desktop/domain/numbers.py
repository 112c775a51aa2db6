"""How the game keeps gold and HP: floats rounded to hundredths (decision, see
docs/game-rules.md, "Numbers").

Every gold or HP value the domain stores or records is rounded to `DECIMALS` places
right after it is computed; comparisons of such values allow `TOLERANCE` for the binary
rounding of a sum. XP is a whole number and needs neither.
"""

from __future__ import annotations

DECIMALS = 2
"""Gold and HP are kept to hundredths."""

TOLERANCE = 1e-9
"""How far apart two hundredths-rounded sums may be and still count as equal."""


def hundredths(value: float) -> float:
    """`value` rounded to hundredths (Python's round: half to even on the binary value)."""
    return round(value, DECIMALS)


def hp_within(value: float, max_hp: float) -> float:
    """An HP value rounded to hundredths and kept within 0..max_hp."""
    return min(max_hp, max(0.0, round(value, DECIMALS)))
