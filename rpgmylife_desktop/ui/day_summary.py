"""What the window says when ended days close: which days, how many dailies were missed
and what they cost, in one message, instead of "yesterday is closed" once per day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rpgmylife_desktop.application.results import CommandResult
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.projections.history_text import outcome_text


def _days(days: list[date], today: date) -> str:
    def one(day: date) -> str:
        return "yesterday" if (today - day).days == 1 else day_text(day)

    if len(days) == 1:
        return f"{one(days[0])} is closed"
    if len(days) == 2:
        return f"{one(days[0])} and {one(days[1])} are closed"
    return f"{len(days)} days are closed ({one(days[0])} to {one(days[-1])})"


def closed_days_text(results: Iterable[CommandResult], today: date) -> tuple[str, bool] | None:
    """The message after closing days, and whether it tells of a loss (a missed daily
    or HP lost); None when no day was closed."""
    events = [recorded.event for result in results for recorded in result.events]
    closed = sorted({e.day for e in events if isinstance(e, ev.DayClosed)})
    if not closed:
        return None
    missed = sum(1 for e in events if isinstance(e, ev.DailyMissed))
    outcomes = [e for e in events if isinstance(e, ev.Outcome)]
    outcome = outcome_text(
        sum(e.xp_delta for e in outcomes),
        sum(e.gold_delta for e in outcomes),
        sum(e.hp_delta for e in outcomes),
    )
    text = f"A new day began: {_days(closed, today)}"
    if missed:
        text += f", {missed} {'daily' if missed == 1 else 'dailies'} missed"
    elif any(isinstance(e, ev.DayClosed) and e.judged for e in events):
        text += ", no daily missed"
    if outcome:
        text += f" ({outcome})"
    loss = missed > 0 or sum(e.hp_delta for e in outcomes) < 0
    return text + ".", loss
