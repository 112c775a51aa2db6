"""Closing ended days, and the guard against a clock that jumped far ahead.

The game closes the days that ended while it was not running, oldest first, each once.
When more than `MAX_AUTO_CLOSE_DAYS` (28) ended days wait, the clock most likely jumped
(a dead clock battery, a bad time server answer, a mistyped RPGMYLIFE_NOW): closing
them on its own would write thousands of misses (and, for a clock set to the year 9999,
millions of events). Nothing is then closed or written until the person confirms how
far to close (`Game.close_days_through`: `close-day --through DAY` in the CLI, a dialog
in the GUI).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rpgmylife_desktop.domain.calendar.days import MAX_AUTO_CLOSE_DAYS, day_text
from rpgmylife_desktop.domain.errors import CommandRefused

__all__ = ["MAX_AUTO_CLOSE_DAYS", "ClockJump", "UnconfirmedDays"]


@dataclass(frozen=True, slots=True)
class ClockJump:
    """Ended days waiting to be closed, more than the game closes on its own: from
    `first` (the oldest open day) to `last` (yesterday), `count` of them."""

    first: date
    last: date
    count: int

    def explain(self) -> str:
        """What the person reads: what waits, and why nothing was written."""
        today = self.last + timedelta(days=1)
        return (
            f"The clock says today is {day_text(today, year=True)}: {self.count:,} ended days are "
            f"not closed yet, from {day_text(self.first, year=True)}. More than "
            f"{MAX_AUTO_CLOSE_DAYS} days are never closed on their own, so nothing was written."
        )


class UnconfirmedDays(CommandRefused):
    """A writing command refused because too many ended days wait to be closed (see the
    module docstring). `jump` says which; the GUI shows it in a dialog."""

    def __init__(self, jump: ClockJump) -> None:
        super().__init__(
            jump.explain(),
            hint=(
                f"If the date is right, close those days first: `rpgmylife close-day "
                f"--through {jump.last.isoformat()}` (misses are charged for each). If it is "
                "wrong, fix the computer's clock (or RPGMYLIFE_NOW)."
            ),
            window_hint=(
                "If the date is right, choose Close these days when the window asks (misses "
                "are charged for each). If it is wrong, fix the computer's clock."
            ),
        )
        self.jump = jump
