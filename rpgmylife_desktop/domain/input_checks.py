"""Checks of what people type into commands: names one line of printable text,
notes without control characters, reminder times, colours, finite and bounded
amounts.

They are annotated types for the command models only. Events and value types do
not use them: a rule for new input must never make an old log unreadable.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

from rpgmylife_desktop.domain.values import NumericTarget

MAX_AMOUNT = 1_000_000.0
"""The largest amount one log, target or price may carry: far above any real day
(a million steps), far below where sums of them lose precision or overflow."""

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def is_unprintable(char: str, *, multiline: bool = False) -> bool:
    """True for a character a one-line name must not hold: control characters (a bell,
    an escape sequence, a newline), line separators, lone surrogates and the direction
    overrides that make text read other than it is stored."""
    if multiline and char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in _BIDI_CONTROLS


def _printable(value: str, *, multiline: bool) -> str:
    bad = next((ch for ch in value if is_unprintable(ch, multiline=multiline)), None)
    if bad is not None:
        lines = "text" if multiline else "one line of printable text"
        raise ValueError(f"must be {lines}; it holds the control character {bad!r}")
    return value


def one_line(value: str) -> str:
    """`value` when it is one line of printable text (see `is_unprintable`)."""
    return _printable(value, multiline=False)


def _lines(value: str) -> str:
    return _printable(value, multiline=True)


def _clock_time(value: str) -> str:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{value!r} is not a time of day (HH:MM, 00:00 to 23:59)")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


_COLOR_NAMES = frozenset(
    (
        *("red", "orange", "yellow", "green", "blue", "purple", "pink", "brown"),
        *("gray", "grey", "black", "white", "teal", "cyan", "magenta", "lime"),
        *("navy", "olive", "maroon", "silver", "gold", "indigo", "violet"),
    )
)


def _color(value: str) -> str:
    if value and not (
        re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", value) or value.lower() in _COLOR_NAMES
    ):
        raise ValueError(f"{value!r} is not a colour (use #rgb, #rrggbb or a name like teal)")
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


ShortText = Annotated[str, Field(max_length=200), AfterValidator(one_line)]
"""A tag or a unit: one line of printable text (may be empty)."""

NotesText = Annotated[str, Field(max_length=10_000), AfterValidator(_lines)]
"""Free notes: several lines allowed, no other control characters."""

ReminderTime = Annotated[str, AfterValidator(_clock_time)]
"""A reminder time of day, `HH:MM`."""

ColorText = Annotated[str, AfterValidator(_color)]
"""A colour: `#rgb`, `#rrggbb` or a common name; empty for none."""

Amount = Annotated[float, Field(gt=0, le=MAX_AMOUNT), AfterValidator(_finite)]
"""How much one log counts: positive, finite, at most `MAX_AMOUNT`."""

Price = Annotated[float, Field(ge=0, le=MAX_AMOUNT), AfterValidator(_finite)]
"""A price in gold: finite, 0 to `MAX_AMOUNT`."""


def _target(value: NumericTarget | None) -> NumericTarget | None:
    # Checked on the command, not on NumericTarget itself: events carry that type, and
    # a rule for new input must never make an old log unreadable.
    if value is not None:
        _finite(value.amount)
        if value.amount > MAX_AMOUNT:
            raise ValueError(f"a target is at most {MAX_AMOUNT:,.0f}")
        one_line(value.unit)
        if len(value.unit) > 40:
            raise ValueError("a unit is at most 40 characters")
    return value


TargetInput = Annotated[NumericTarget | None, AfterValidator(_target)]
"""A new numeric target: finite, at most `MAX_AMOUNT`, a one-line unit."""
