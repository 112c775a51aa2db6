"""Today's habits: due, done, amount, streak and strength, and the last seven days.

Clicks on a habit's buttons, checkbox or day cells come in through `setData`
and leave as `logRequested`, which the app hands to the controller; the row
changes only when the game announces the new log, so the model stays the truth.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, Signal

from rpgmylife_desktop.domain.calendar.schedule import QUOTA_KINDS
from rpgmylife_desktop.projections.today import TodayRow, kept_by_restraint
from rpgmylife_desktop.ui.models.base import FIRST_CUSTOM_ROLE, Index, ProjectionModel
from rpgmylife_desktop.ui.view_source import ViewSource

SCHEDULED_ROLE = FIRST_CUSTOM_ROLE
"""True for a habit with a schedule (a Daily), False for an unscheduled one (a Habit)."""
WEEK_ROLE = FIRST_CUSTOM_ROLE + 1
"""The last seven days, oldest first: (day, state) with state done, pending (kept by
restraint, an "at most" target or a bad habit, within bounds so far on a day not settled
yet, `GameState.is_settled`: only the day's close decides), missed (also a bad habit's
slip or a limit gone over, today included), excused, not_due (also an undone day of an
"N times a week / month" habit that the domain did not count as missed: only the period's
last day is judged) or open (today, not done yet)."""
DAY_ROLE = FIRST_CUSTOM_ROLE + 2
"""setData with (day, checked): log that day (a backfill) or take its log back."""
PRESS_ROLE = FIRST_CUSTOM_ROLE + 3
"""setData with "up" / "down" (or a number: the amount of a numeric habit)."""
POSITION_ROLE = FIRST_CUSTOM_ROLE + 4
"""The habit's place in the user's order."""

WEEK = 7


class TodayModel(ProjectionModel):
    """Rows keyed by habit id: today's active habits."""

    projection_name = "today"
    columns = (
        ("Habit", lambda r: r.name),
        ("Streak", lambda r: r.streak),
        ("Strength", lambda r: f"{round(r.strength * 100)}%"),
    )
    extra_roles: ClassVar[dict[int, bytes]] = {
        SCHEDULED_ROLE: b"scheduled",
        WEEK_ROLE: b"week",
        DAY_ROLE: b"day",
        PRESS_ROLE: b"press",
        POSITION_ROLE: b"position",
    }
    row_roles: ClassVar[frozenset[int]] = frozenset({SCHEDULED_ROLE})

    logRequested = Signal(str, object, object)
    """(habit id, direction "up"/"down" or amount, day or None for now)."""
    retractRequested = Signal(str, object)
    """(habit id, day): take back that day's newest log."""

    def __init__(self, source: ViewSource, parent: QObject | None = None) -> None:
        super().__init__(source, parent)

    @property
    def day(self) -> date | None:
        """The day the page shows."""
        return self.source.engine.models.today.day

    def week(self, key: str) -> list[tuple[date, str]]:
        """The last seven days of habit `key`, oldest first."""
        game_state = self._source.engine.state
        habit = game_state.habits.get(key)
        today = self.day
        if habit is None or today is None:
            return []
        restraint = kept_by_restraint(habit)
        verdicts: dict[date, str] = {}
        if habit.schedule.kind in QUOTA_KINDS or habit.schedule.kind == "unscheduled":
            # "3 times a week": an undone day is no miss by itself; the period's last day
            # is judged. Unscheduled: a quiet day is a rest day, but one whose logs fell
            # short of the target is missed (it showed as a plain, never-due day). The
            # domain's verdict (`statuses`) says which days counted missed.
            verdicts = dict(habit.statuses(today, today - timedelta(days=WEEK - 1)))
        cells = []
        for back in range(WEEK - 1, -1, -1):
            day = today - timedelta(days=back)
            if day < habit.start_day:
                state = "before"
            elif habit.done_on(day):
                state = "pending" if restraint and not game_state.is_settled(day) else "done"
            elif habit.is_excused(day):
                state = "excused"
            elif restraint:  # a slip, or over the limit: the day is lost, even today
                state = "missed"
            elif verdicts and day < today:
                state = "missed" if verdicts.get(day) == "missed" else "not_due"
            elif not habit.is_due(day):
                state = "not_due"
            elif day == today:
                state = "open"
            else:
                state = "missed"
            cells.append((day, state))
        return cells

    def role_data(self, index: Index, value: Any, role: int) -> Any:
        row: TodayRow = value
        if role == SCHEDULED_ROLE:
            habit = self._source.engine.state.habits.get(row.habit_id)
            return habit is not None and habit.schedule.kind != "unscheduled"
        if role == WEEK_ROLE:
            return self.week(row.habit_id)
        if role == POSITION_ROLE:
            habit = self._source.engine.state.habits.get(row.habit_id)
            return 0 if habit is None else habit.position
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable(row):
            return Qt.CheckState.Checked if row.done else Qt.CheckState.Unchecked
        return None

    def checkable(self, row: TodayRow) -> bool:
        """A daily done with one tick: scheduled, not a bad habit, no numeric target."""
        habit = self._source.engine.state.habits.get(row.habit_id)
        scheduled = habit is not None and habit.schedule.kind != "unscheduled"
        return scheduled and row.kind != "negative" and row.target is None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self._source.travelling:
            base |= Qt.ItemFlag.ItemIsEditable
            row = self.row_value(index.row())
            if index.column() == 0 and row is not None and self.checkable(row):
                base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._source.travelling:
            return False
        key = str(self.key_at(index.row()))
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            if checked:
                self.logRequested.emit(key, "up", None)
            else:
                self.retractRequested.emit(key, self.day)
            return True
        if role == PRESS_ROLE:
            self.logRequested.emit(key, value, None)
            return True
        if role == DAY_ROLE:
            day, checked = value
            day_arg = None if day == self.day else day
            if checked:
                self.logRequested.emit(key, "up", day_arg)
            else:
                self.retractRequested.emit(key, day)
            return True
        return False
