"""The one place a window action turns into a domain command.

Every `QAction` builds a command and hands it to `Controller.handle`, which
calls `Game.handle` and turns the result into feedback for the window: a
refused command (or a read-only game, or time travel) becomes a message, never
an exception; a durable one becomes "+12 XP, +1.3 gold", a level-up, a low-HP
warning or the news that the character fainted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from rpgmylife_desktop.application.session import CommandResult, Game
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.commands import (
    Command,
    LogHabit,
    RedoCommand,
    RevertEvent,
    UndoLastCommand,
)
from rpgmylife_desktop.domain.decide.habits import check_start_move
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.numbers import amount_with_unit
from rpgmylife_desktop.domain.state.character import MAX_HP
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.ui.view_source import ViewSource
from rpgmylife_desktop.ui.words import describe_command, outcome_words, redo_text, undo_text

LOW_HP = 0.3
"""HP share under which the window warns."""

BACKFILL_TIME = time(12, 0)
"""The local time a backfill from a day cell is recorded at."""


class Controller(QObject):
    """Hands commands to the game and tells the window what happened."""

    handled = Signal(object, str)
    """(CommandResult, feedback text such as "Logged Meditate: +12 XP, +1.3 gold")."""
    refused = Signal(str)
    """Why a command was not carried out, in words for the window."""
    leveledUp = Signal(int)
    lowHp = Signal(float)
    fainted = Signal(str)
    undoStackChanged = Signal()

    def __init__(self, game: Game, source: ViewSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.game = game
        self.source = source
        self.last_message = ""
        self.busy: Callable[[], str | None] | None = None
        """Set by the window: why writing must wait just now (a travel or an import being
        prepared), or None."""

    # -- commands -------------------------------------------------------------------

    def handle(self, command: Command, label: str | None = None) -> CommandResult | None:
        """Carry out `command`; None (and a `refused` message) when it was not."""
        if self.source.travelling:
            return self._refuse("You are looking at the past: go back to now to change things.")
        if self.game.read_only:
            return self._refuse("This game is open read-only; nothing can be changed.")
        busy = self.wait_reason()
        if busy:
            return self._refuse(busy)
        name = label or self._label(command)
        # Undo passes over what closed days keep (a skip of a closed day): say so, as the CLI
        # does, or the person thinks their last command was undone.
        kept = self.game.undo_target().kept if isinstance(command, UndoLastCommand) else ()
        try:
            result = self.game.handle(command)
        except UserError as exc:
            return self._refuse(exc.window_text())
        except ValueError as exc:  # a command's own validation (pydantic)
            return self._refuse(str(exc))
        if label is None and name == type(command).__name__ and result.events:
            # No words for it before it ran: those of its events, as the Undo menu says.
            name = describe_command(self.game.state, [r.event for r in result.events])
        outcome = outcome_words(result.events)
        text = name if not outcome else f"{name}: {outcome}"
        if not result.written:
            text = f"{name}: nothing changed"
        if kept:
            reason = kept[0][1].message.removeprefix("Cannot undo: ")
            text += f". Passed over a newer command that cannot be undone: {reason}"
        self.last_message = text
        self.handled.emit(result, text)
        self._game_moments(result)
        self.undoStackChanged.emit()
        return result

    def wait_reason(self) -> str | None:
        """Why a write must wait just now, or None: what the window is busy with (`busy`),
        or a commit written ahead of its turn (a sync pass's import), which the event
        log takes before any other. Commands forwarded from the CLI wait on it too."""
        busy = self.busy() if self.busy is not None else None
        if busy:
            return busy
        if self.game.store.writing_ahead:
            return "Another commit is being written to the event log: wait a moment."
        return None

    def handle_refused(self, message: str) -> None:
        """Tell the window why something cannot be done (no command was handed in)."""
        self._refuse(message)

    def _refuse(self, message: str) -> CommandResult | None:
        self.last_message = message
        self.refused.emit(message)
        return None

    def _label(self, command: Command) -> str:
        if isinstance(command, UndoLastCommand):
            return (
                f"Undid {undo_text(self.game.state, self.game.undo_target()) or 'the last command'}"
            )
        if isinstance(command, RedoCommand):
            return (
                f"Redid {redo_text(self.game.state, self.game.device_id) or 'the undone command'}"
            )
        if isinstance(command, RevertEvent):
            return "Reverted"
        return type(command).__name__

    def announce(self, result: CommandResult) -> None:
        """Tell the window the moments of a result the game handled directly (a day
        closed at rollover): a level gained, a faint, HP running low."""
        self._game_moments(result)

    def _game_moments(self, result: CommandResult) -> None:
        for recorded in result.events:
            event = recorded.event
            if isinstance(event, ev.LevelGained):
                self.leveledUp.emit(event.level)
            elif isinstance(event, ev.CharacterFainted):
                self.fainted.emit(
                    f"Your character fainted and woke at level {event.level}: "
                    f"{outcome_words([recorded]) or 'the gold and XP of this level are lost'}."
                )
        character = self.game.state.character
        hurt = any(isinstance(r.event, ev.Outcome) and r.event.hp_delta < 0 for r in result.events)
        if character is not None and hurt and character.hp < LOW_HP * MAX_HP:
            self.lowHp.emit(character.hp)

    # -- the usual ones ---------------------------------------------------------------

    def log(
        self, habit_id: str, press: object = "up", day: date | None = None
    ) -> CommandResult | None:
        """Log a habit now (or on a past `day`: a backfill): press "up", "down" or an amount."""
        habit = self.game.state.habits.get(habit_id)
        name = habit.name if habit is not None else habit_id
        if habit is not None and day is not None and day < habit.start_day:
            # A day cell before the habit's start: said in the window's words (the click
            # did nothing at all), with the way to log it when the rules would let the
            # start move back to that day (no closed day or log in the way).
            try:
                check_start_move(self.game.state, habit, day, "move its start")
            except CommandRefused:
                how = ""
            else:
                how = " To log it, first move the habit's start back (Ctrl+E edits it)."
            return self._refuse(
                f"{name} starts on {day_text(habit.start_day, year=True)}: there is nothing to log "
                f"on {day_text(day, year=True)}.{how}"
            )
        direction = "down" if press == "down" else "up"
        amount = float(press) if isinstance(press, int | float) else None
        at = None
        if day is not None and day != self.game.today():
            at = datetime.combine(day, BACKFILL_TIME, ZoneInfo(self.game.time_zone()))
        try:
            command = LogHabit(habit_id=habit_id, direction=direction, amount=amount, at=at)
        except ValueError as exc:
            return self._refuse(f"Cannot log {name}: {exc}")
        verb = "Slipped on" if direction == "down" else "Logged"
        label = f"{verb} {name}"
        if amount is not None:  # as History writes it: "Logged Drink water (3 glasses)"
            unit = habit.target.unit if habit is not None and habit.target is not None else ""
            label += f" ({amount_with_unit(amount, unit)})"
        if day is not None and at is not None:
            label += f" for {day_text(day)}"
        return self.handle(command, label)

    def retract(self, habit_id: str, day: date) -> CommandResult | None:
        """Take back the newest live log of a habit on `day`."""
        event_id = self.find_log(habit_id, day)
        habit = self.game.state.habits.get(habit_id)
        name = habit.name if habit is not None else habit_id
        if event_id is None:
            return self._refuse(f"{name} has no log on {day_text(day, year=True)} to take back.")
        return self.handle(RevertEvent(event_id=event_id), f"Took back {name} on {day_text(day)}")

    def find_log(self, habit_id: str, day: date) -> str | None:
        """The event id of the newest live log of `habit_id` on `day` (recent commands
        first, then the log)."""
        state = self.game.state
        habit = state.habits.get(habit_id)
        if habit is None:
            return None
        for record in reversed(list(state.commands.records.values())):
            for item in reversed(record.events):
                event = item.event
                if (
                    isinstance(event, ev.HabitLogged)
                    and event.habit_id == habit_id
                    and event.day == day
                    and item.event_id in habit.logs
                ):
                    return item.event_id
        found = None
        for recorded in self.game.read_log():
            event = recorded.event
            if (
                isinstance(event, ev.HabitLogged)
                and event.habit_id == habit_id
                and event.day == day
                and recorded.event_id in habit.logs
            ):
                found = recorded.event_id
        return found

    def undo(self) -> CommandResult | None:
        return self.handle(UndoLastCommand())

    def redo(self) -> CommandResult | None:
        return self.handle(RedoCommand())

    def undo_text(self) -> str | None:
        return undo_text(self.game.state, self.game.undo_target())

    def redo_text(self) -> str | None:
        return redo_text(self.game.state, self.game.device_id)
