"""HabitList: every habit, archived ones too, in the user's order, with its status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.numbers import unit_for
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Key
from rpgmylife_desktop.projections.view import StateView, ids_of


@dataclass(frozen=True, slots=True)
class HabitRow:
    """One habit as the list shows it. `status` is active or archived; `pauses` are the
    (start, end) ISO days of its vacations."""

    habit_id: str
    name: str
    notes: str
    tags: tuple[str, ...]
    color: str
    kind: str
    difficulty: str
    schedule: str
    target: str
    position: int
    status: str
    pauses: tuple[tuple[str, str], ...]
    value: float
    up_logs: int
    down_logs: int

    @property
    def total_logs(self) -> int:
        """Every live press of the habit: + presses and − presses (a bad habit's slips)."""
        return self.up_logs + self.down_logs


def schedule_text(habit: Habit) -> str:
    """The schedule in words: "daily", "Mon, Wed", "every 3 days", "3× a week"."""
    schedule = habit.schedule
    if schedule.kind == "weekdays":
        names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        return ", ".join(names[d] for d in schedule.weekdays)
    if schedule.kind == "every_n_days":
        return f"every {schedule.every} days"
    if schedule.kind == "times_per_week":
        return f"{schedule.times}× a week"
    if schedule.kind == "times_per_month":
        return f"{schedule.times}× a month"
    return schedule.kind


def target_text(habit: Habit) -> str:
    """The numeric target in words ("at least 8 glasses"), '' without one."""
    target = habit.target
    if target is None:
        return ""
    words = "at least" if target.mode == "at_least" else "at most"
    return f"{words} {target.amount:g} {unit_for(target.amount, target.unit)}".rstrip()


def presses(habit: Habit) -> tuple[int, int]:
    """A habit's live + and − presses (a compacted state still counts in `len` the logs
    it forgot)."""
    return habit.up_logs, len(habit.logs) - habit.up_logs


def logs_text(kind: str, up: int, down: int) -> str:
    """A habit's presses as the Habits page's "Logs" column, its statistics and `habit
    show` write them: "12" for a habit with only a + button, "+12 / −3" for one with + and
    −, "−3" for a bad habit (its slips). A side the habit has no button for is left out
    unless it holds presses from before its kind changed."""
    has_up = kind != "negative" or up > 0
    has_down = kind != "positive" or down > 0
    if has_up and has_down:
        return f"+{up} / −{down}"
    return f"−{down}" if has_down else str(up)


class HabitList(StateView[HabitRow]):
    """Rows keyed by habit id: active habits in the user's order, then archived ones.

    A reorder is announced as updates of the habits that moved; a model re-sorts.
    """

    name = "habits"

    def keys_in(self, state: GameState) -> list[Key]:
        """Active habits in order, then archived ones."""
        ordered = state.habits_in_order() + state.habits_in_order(archived=True)
        return [habit.habit_id for habit in ordered]

    def exists(self, state: GameState, key: Key) -> bool:
        """True while the habit exists (archived or not)."""
        return key in state.habits

    def build(self, state: GameState, key: Key) -> HabitRow:
        """The row of one habit."""
        habit = state.habits[str(key)]
        up_logs, down_logs = presses(habit)
        return HabitRow(
            habit_id=habit.habit_id,
            name=habit.name,
            notes=habit.notes,
            tags=habit.tags,
            color=habit.color,
            kind=habit.kind,
            difficulty=habit.difficulty,
            schedule=schedule_text(habit),
            target=target_text(habit),
            position=habit.position,
            status="archived" if habit.archived else "active",
            pauses=tuple(sorted((s.isoformat(), e.isoformat()) for s, e in habit.pauses.values())),
            value=habit.value,
            up_logs=up_logs,
            down_logs=down_logs,
        )

    def touched(self, step: Step[GameState, Recorded]) -> Iterable[Key]:
        """The habit an event names."""
        return ids_of(step.recorded.event, "habit_id")

    def canonical(self) -> Json | None:
        """Every habit's canonical data (the domain's: settings, logs per day, misses)."""
        habits = self._state().habits
        return {key: habits[key].canonical() for key in sorted(habits)}
