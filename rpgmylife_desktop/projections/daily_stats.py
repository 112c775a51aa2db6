"""DailyStats: per local day, completions per habit, XP, HP and gold, and the day's verdict.

The totals are the domain's own per-day statistics (`GameState.days`, folded by
the day each outcome counts for, so a backfill lands on its day); completions
come from each habit's per-day tallies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Key
from rpgmylife_desktop.projections.view import StateView


@dataclass(frozen=True, slots=True)
class DayRow:
    """One local day (`day` in ISO). `completions` holds (habit id, up logs, down logs,
    amount) for every habit logged that day; `closed`/`perfect` the day's verdict."""

    day: str
    xp: int
    gold: float
    hp: float
    logs: int
    completions: tuple[tuple[str, int, int, float], ...]
    closed: bool
    perfect: bool
    missed: int


class DailyStats(StateView[DayRow]):
    """Rows keyed by ISO day, oldest first."""

    name = "days"

    def keys_in(self, state: GameState) -> list[Key]:
        """Every day with an outcome, a log or a verdict, oldest first."""
        return [day.isoformat() for day in sorted(set(state.days) | set(state.closed_days))]

    def exists(self, state: GameState, key: Key) -> bool:
        """True when the day has anything to show."""
        day = date.fromisoformat(str(key))
        return day in state.days or day in state.closed_days

    def build(self, state: GameState, key: Key) -> DayRow:
        """The day's totals and completions."""
        day = date.fromisoformat(str(key))
        stats = state.days.get(day)
        closed = state.closed_days.get(day)
        completions = []
        for habit in state.habits_in_order() + state.habits_in_order(archived=True):
            tally = habit.tallies.get(day)
            if tally is not None:
                completions.append((habit.habit_id, tally.up, tally.down, tally.amount))
        return DayRow(
            day=day.isoformat(),
            xp=0 if stats is None else stats.xp,
            gold=0.0 if stats is None else stats.gold,
            hp=0.0 if stats is None else stats.hp,
            logs=0 if stats is None else stats.logs,
            completions=tuple(completions),
            closed=closed is not None,
            perfect=closed is not None and closed.perfect,
            missed=0 if closed is None else closed.missed,
        )

    def touched(self, step: Step[GameState, Recorded]) -> Iterable[Key]:
        """The day an outcome, level change or log counts for."""
        event: Any = step.recorded.event
        if isinstance(event, ev.Outcome | ev.LevelGained | ev.LevelGainReverted):
            return (event.day.isoformat(),)
        return ()

    def canonical(self) -> Json | None:
        """Per-day totals and verdicts (the domain's canonical form)."""
        state = self._state()
        return {
            "days": {d.isoformat(): s.to_data() for d, s in sorted(state.days.items())},
            "closed_days": {
                d.isoformat(): c.to_data() for d, c in sorted(state.closed_days.items())
            },
        }
