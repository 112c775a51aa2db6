"""Notifications of the game's moments, per-habit reminders and start on login.

Notifications hang off the `Game`'s command listeners: those run for live commands
only (the window, the tray, a forwarded CLI command), never for a replay, a time
travel or an import, so nothing old is announced again. A setting mutes them.

Reminders fire while the app runs, at each habit's reminder times (`HH:MM`, the
user's time zone), unless the habit is already done, paused or skipped that day;
each fires once a day. Clicking one opens the quick log on that habit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from rpgmylife_desktop import APP_NAME
from rpgmylife_desktop.application.session import CommandResult, Game
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.numbers import counted
from rpgmylife_desktop.domain.state.character import MAX_HP
from rpgmylife_desktop.projections.history_text import outcome_text
from rpgmylife_desktop.projections.today import TodayRow
from rpgmylife_desktop.ui import autostart

MUTE = "notifications/mute"
LOW_HP = 0.3
REMINDER_CHECK_MS = 30_000

Show = Callable[[str, str], None]
"""Shows a notification: (title, text)."""


def _truthy(value: object) -> bool:
    return value is True or str(value).lower() in ("true", "1")


class Notifier(QObject):
    """Turns live command results into notifications (level-up, goal, HP low, streak
    record, the morning summary of the day that closed)."""

    notified = Signal(str)

    def __init__(
        self,
        game: Game,
        rows: Callable[[], list[TodayRow]],
        show: Show,
        settings: QSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.game = game
        self.rows = rows
        self.show = show
        self.settings = settings
        self._records: set[tuple[str, int]] = set()
        self._unsubscribe = game.on_command(self._on_command)

    @property
    def muted(self) -> bool:
        return _truthy(self.settings.value(MUTE, False))

    def set_muted(self, muted: bool) -> None:
        self.settings.setValue(MUTE, muted)

    def detach(self) -> None:
        self._unsubscribe()

    def messages(self, result: CommandResult) -> list[str]:
        """What `result` is worth telling, in order."""
        found: list[str] = []
        hurt = False
        for recorded in result.events:
            event = recorded.event
            if isinstance(event, ev.LevelGained):
                found.append(f"Level up! You reached level {event.level}.")
            elif isinstance(event, ev.GoalAchieved):
                goal = self.game.state.goals.get(event.goal_id)
                title = goal.title if goal is not None else "a goal"
                found.append(f"Goal reached: {title}!")
            elif isinstance(event, ev.DayClosed):
                change = outcome_text(
                    sum(r.event.xp_delta for r in result.events if isinstance(r.event, ev.Outcome)),
                    sum(
                        r.event.gold_delta for r in result.events if isinstance(r.event, ev.Outcome)
                    ),
                    sum(r.event.hp_delta for r in result.events if isinstance(r.event, ev.Outcome)),
                )
                judged = counted(event.judged, "daily", "dailies")
                summary = f"{event.day:%A}: {event.done} of {judged}"
                if event.perfect:
                    summary += ", a perfect day"
                found.append(summary + (f", {change}" if change else "") + ".")
            elif isinstance(event, ev.HabitLogged):
                row = next((r for r in self.rows() if r.habit_id == event.habit_id), None)
                key = (event.habit_id, row.streak if row is not None else 0)
                if (
                    row is not None
                    and row.streak >= 3
                    and row.streak >= row.best_streak
                    and key not in self._records
                ):
                    self._records.add(key)
                    found.append(f"New streak record: {row.name}, {row.streak} days!")
            if isinstance(event, ev.Outcome) and event.hp_delta < 0:
                hurt = True
        character = self.game.state.character
        if hurt and character is not None and character.hp < LOW_HP * MAX_HP:
            found.append(f"HP low: {character.hp:.0f} of {MAX_HP:.0f}. Take care of your dailies.")
        return found

    def _on_command(self, result: CommandResult) -> None:
        for text in self.messages(result):
            self.notified.emit(text)
            if not self.muted:
                self.show(APP_NAME, text)


class Reminders(QObject):
    """Fires each habit's reminder times while the app runs (see the module docstring)."""

    reminded = Signal(str, str)
    """(habit id, text) of a reminder shown."""

    def __init__(
        self,
        game: Game,
        rows: Callable[[], list[TodayRow]],
        show: Show,
        settings: QSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.game = game
        self.rows = rows
        self.show = show
        self.settings = settings
        self.last_habit: str | None = None
        """The habit of the newest reminder (a click on the message opens it)."""
        self._fired: set[tuple[str, str, str]] = set()
        self.timer = QTimer(self)
        self.timer.setInterval(REMINDER_CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> list[str]:
        """Show the reminders that are due now; the habit ids reminded."""
        if self.game.read_only or self.game.state.character is None:
            return []
        zone = ZoneInfo(self.game.time_zone())
        now = self.game.clock.now().astimezone(zone)
        today = self.game.today()
        reminded = []
        for habit in self.game.state.habits.values():
            # The game's own day (the Today list may still show yesterday at midnight).
            if habit.archived or not habit.reminders:
                continue
            if not habit.is_due(today) or habit.done_on(today) or habit.is_excused(today):
                continue
            for text in habit.reminders:
                key = (habit.habit_id, today.isoformat(), text)
                at = datetime.combine(now.date(), time.fromisoformat(text), zone)
                if key in self._fired or at > now:
                    continue
                self._fired.add(key)
                message = f"Reminder: {habit.name} ({text})"
                self.last_habit = habit.habit_id
                reminded.append(habit.habit_id)
                self.reminded.emit(habit.habit_id, message)
                if not _truthy(self.settings.value(MUTE, False)):
                    self.show(APP_NAME, message)
        return reminded


# -- start on login: ui/autostart.py (the login item of each platform) ------------------

AUTOSTART_FLAG = autostart.AUTOSTART_FLAG
