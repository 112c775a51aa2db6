"""Milestones: level-ups, goals achieved, streak records, first logs, perfect days.

Each milestone keeps the log position of the event that made it, so the user
can jump there (time travel). A milestone whose event is taken back (a level
gain reverted, a goal achievement reverted, a log reverted, a day reopened)
disappears; a redo makes it again, at the redo's position.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Change, Key
from rpgmylife_desktop.projections.rows import KeyedRows

_ONE_DAY = timedelta(days=1)

STREAK_MARKS = (3, 7, 14, 21, 30, 50, 66, 100, 150, 200, 365, 500, 730, 1000, 1500, 2000)
"""Best-streak lengths (days) that count as a streak record."""


@dataclass(frozen=True, slots=True)
class Milestone:
    """One milestone. `kind` is level, goal, streak, first_log or perfect_day; `day`
    the local day (ISO) it counts for; `position` where to jump in the log."""

    key: str
    kind: str
    title: str
    day: str
    position: int
    event_id: str


class Milestones(KeyedRows[Milestone]):
    """Rows keyed by milestone key ("level-5", "goal-<id>", ...), in the order reached."""

    name = "milestones"
    row_type = Milestone

    def __init__(self) -> None:
        super().__init__()
        # habit id -> (last done day, current streak, best streak): counted incrementally
        # so a log costs the days since the previous one, not the habit's whole life.
        self._streaks: dict[str, tuple[date, int, int]] = {}
        # event id -> keys of the milestones it made: a revert finds its milestones at
        # once instead of walking every row (thousands on a long log, at every revert).
        self._by_event: dict[str, list[Key]] = {}

    def apply(self, step: Step[GameState, Recorded]) -> list[Change]:
        """Add or take back the milestones an event makes."""
        event: Any = step.recorded.event
        changes: list[Change] = []
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, step, event, changes)
        return changes

    def _add(
        self,
        step: Step[GameState, Recorded],
        key: str,
        kind: str,
        title: str,
        day: date,
        changes: list[Change],
    ) -> None:
        if key in self._rows:
            return  # reached before: the first time is the milestone
        recorded = step.recorded
        row = Milestone(key, kind, title, day.isoformat(), recorded.position, recorded.event_id)
        self._put(key, row, changes)
        self._by_event.setdefault(row.event_id, []).append(key)

    def _drop(self, key: str, changes: list[Change]) -> None:
        row = self._rows.get(key)
        if row is not None:
            keys = self._by_event.get(row.event_id, [])
            if key in keys:
                keys.remove(key)
            if not keys:
                self._by_event.pop(row.event_id, None)
        self._put(key, None, changes)

    def _index(self) -> None:
        self._by_event = {}
        for key, row in self._rows.items():
            self._by_event.setdefault(row.event_id, []).append(key)

    def _logged(
        self, step: Step[GameState, Recorded], e: ev.HabitLogged, changes: list[Change]
    ) -> None:
        habit = step.after.habits.get(e.habit_id)
        if habit is None or e.direction != "up":
            return
        day = e.day
        if habit.up_logs == 1:
            self._add(
                step,
                f"first-{e.habit_id}",
                "first_log",
                f"First log of {habit.name}",
                day,
                changes,
            )
        if not habit.days.done_on(day):
            return
        known = self._streaks.get(e.habit_id)
        old_best = 0 if known is None else known[2]
        if known is not None and day == known[0]:
            return  # counted already: the same day, no new best (`_count_streak`)
        if known is not None and day == known[0] + _ONE_DAY:  # `_count_streak`, inlined
            current = known[1] + 1
            counted = (day, current, max(old_best, current))
        else:
            counted = self._count_streak(habit, day)
        self._streaks[e.habit_id] = counted
        best = counted[2]
        if best <= old_best:
            return  # no new record: no mark passed
        for mark in STREAK_MARKS:
            if old_best < mark <= best:
                self._add(
                    step,
                    f"streak-{e.habit_id}-{mark}",
                    "streak",
                    f"{habit.name}: {mark}-day streak",
                    e.day,
                    changes,
                )

    def _count_streak(self, habit: Habit, day: date) -> tuple[date, int, int]:
        known = self._streaks.get(habit.habit_id)
        if known is None or day < known[0]:
            # First log, or a backfill before the last counted day: count from the start.
            last = max(day, known[0]) if known else day
            streaks = habit.streaks(last)
            return last, streaks.current, streaks.best
        last, current, best = known
        if day == last:
            return known
        if day == last + _ONE_DAY:  # the next day: no day between to have missed
            current += 1
            return day, current, max(best, current)
        # A missed day between breaks the streak: the days are judged lazily and the first
        # miss settles it (the list of every day's status it replaced cost ~2 % of an
        # import's plan).
        current += 1
        for gap_day, status in habit.statuses(day, first=last + _ONE_DAY):
            if gap_day >= day:
                break
            if status == "missed":
                current = 1
                break
        return day, current, max(best, current)

    def _reverted(self, e: ev.HabitLogReverted, changes: list[Change]) -> None:
        self._streaks.pop(e.habit_id, None)  # recounted at the next log
        for key in list(self._by_event.get(e.log_event_id, ())):
            self._drop(str(key), changes)

    def ordered(self) -> list[Milestone]:
        """Every milestone, in the order reached."""
        return list(self._rows.values())

    def clear(self) -> None:
        """No milestones."""
        super().clear()
        self._streaks = {}
        self._by_event = {}

    def checkpoint(self) -> object:
        """Rows and streak counters (both immutable values, shallow copies)."""
        return (dict(self._rows), dict(self._streaks))

    def restore(self, checkpoint: object) -> None:
        """Back to a checkpoint."""
        assert isinstance(checkpoint, tuple)
        rows, streaks = checkpoint
        super().restore(rows)
        self._streaks = dict(streaks)
        self._index()

    def to_data(self) -> Json:
        """Rows and streak counters as JSON-able data."""
        return {
            "rows": super().to_data(),
            "streaks": {k: [d.isoformat(), c, b] for k, (d, c, b) in self._streaks.items()},
        }

    def load_data(self, data: Json) -> None:
        """The inverse of `to_data`."""
        super().load_data(data["rows"])
        self._index()
        self._streaks = {
            k: (date.fromisoformat(d), int(c), int(b)) for k, (d, c, b) in data["streaks"].items()
        }

    def canonical(self) -> Json | None:
        """Milestones carry log positions: not part of the state digest."""
        return None


def _goal_title(step: Step[GameState, Recorded], goal_id: str) -> str:
    goal = step.after.goals.get(goal_id)
    return "a goal" if goal is None else goal.title


_HANDLERS: dict[type[Any], Any] = {
    ev.LevelGained: lambda m, s, e, c: m._add(
        s, f"level-{e.level}", "level", f"Reached level {e.level}", e.day, c
    ),
    ev.LevelGainReverted: lambda m, s, e, c: m._drop(f"level-{e.level}", c),
    ev.GoalAchieved: lambda m, s, e, c: m._add(
        s, f"goal-{e.goal_id}", "goal", f"Achieved {_goal_title(s, e.goal_id)}", e.day, c
    ),
    ev.GoalAchievementReverted: lambda m, s, e, c: m._drop(f"goal-{e.goal_id}", c),
    ev.HabitLogged: Milestones._logged,
    ev.HabitLogReverted: lambda m, s, e, c: m._reverted(e, c),
    ev.DayClosed: lambda m, s, e, c: (
        m._add(
            s,
            f"perfect-{e.day.isoformat()}",
            "perfect_day",
            "Perfect day",  # its day is in the list's own column, as every milestone's
            e.day,
            c,
        )
        if e.perfect
        else None
    ),
    ev.DayReopened: lambda m, s, e, c: m._drop(f"perfect-{e.day.isoformat()}", c),
}
