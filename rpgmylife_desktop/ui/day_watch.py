"""The window's day: a timer re-reads the wall clock, ended days are closed (the dailies
missed cost HP, and the window says so), Today moves to the new day, and a clock jump
(more than 28 ended days waiting) is asked about instead of closed
(`ClockJumpDialog`). Until it is answered, or while the person chose to wait, the window
stays read-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from rpgmylife_desktop.application.closing import ClockJump, UnconfirmedDays
from rpgmylife_desktop.application.session import CommandResult
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.ui.clock_jump_dialog import ClockJumpDialog
from rpgmylife_desktop.ui.day_summary import closed_days_text

if TYPE_CHECKING:
    from rpgmylife_desktop.ui.main_window import MainWindow

DAY_CHECK_MS = 30_000
"""How often the window re-reads the wall clock for a new day (sleep, clock changes)."""

CLOSE_DAYS_PER_STEP = 7
"""Days closed between two turns of the event loop while confirming a clock jump."""


class DayWatch:
    """Closes the days that end while one window is open."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.held_back: ClockJump | None = None
        """A clock jump the person chose to leave unconfirmed: the window stays read-only."""
        self.clock_jump_dialog: ClockJumpDialog | None = None
        self.timer = QTimer(window)
        self.timer.setObjectName("dayTimer")
        self.timer.timeout.connect(self.check_new_day)

    def start(self) -> None:
        """Check now (a clock jump is asked about at once), then every `DAY_CHECK_MS`."""
        self.timer.start(DAY_CHECK_MS)
        QTimer.singleShot(0, self.window, self.check_new_day)

    @property
    def writable(self) -> bool:
        """False while a clock jump waits for an answer or was held back."""
        return self.held_back is None and self.clock_jump_dialog is None

    def check_new_day(self) -> None:
        """Close ended days and move Today to the new day (the timer calls this, and once
        right after opening). More than 28 ended days waiting (a clock jump) are never
        closed here: the person is asked (`ClockJumpDialog`)."""
        w = self.window
        if w.source.travelling or w.game.read_only or self.clock_jump_dialog is not None:
            return
        jump = w.game.clock_jump()
        if jump is not None:
            self._ask_clock_jump(jump)
            return
        if self.held_back is not None:  # the clock was put right meanwhile
            self._hold_back(None)
        today = w.game.today()
        try:
            if w.game.days_to_close():
                results = w.game.close_due_days()
                # Missed dailies can make one faint.
                self.tell_closed_days(results, w.controller.announce)
        except UnconfirmedDays as exc:  # the clock jumped between the two reads
            self._ask_clock_jump(exc.jump)
            return
        except CommandRefused as exc:
            w.refused(exc.window_text())
        if w.models.today.day != today:
            w.game.engine.set_today(today)

    def tell_closed_days(
        self, results: list[CommandResult], announce: Callable[[CommandResult], None]
    ) -> None:
        """Say which days closed, the dailies missed and what they cost (a warning when
        something was lost), after `announce` of each result (a faint or a level-up,
        which then has the last word)."""
        w = self.window
        said = w.toast.text()
        for result in results:
            announce(result)
        summary = closed_days_text(results, w.game.today())
        if summary is None:
            return
        text, loss = summary
        w.handled(results[-1], text)
        if loss and w.toast.text() == said:
            w.toast.show_message(text, "warning", 6000)

    def _ask_clock_jump(self, jump: ClockJump) -> None:
        if jump == self.held_back:  # answered "stay read-only": asked again only when
            return  # the waiting days change (the next day, or a clock set again)
        w = self.window
        dialog = ClockJumpDialog(jump, w)
        self.clock_jump_dialog = dialog
        w.active_dialog = dialog
        w.update_actions()

        def answered(result: int) -> None:
            self.clock_jump_dialog = None
            if result == QDialog.DialogCode.Accepted:
                self._hold_back(None)
                self._close_days_through(dialog.chosen_day())
            else:
                self._hold_back(jump)
            dialog.deleteLater()

        dialog.finished.connect(answered)
        dialog.open()

    def _hold_back(self, jump: ClockJump | None) -> None:
        self.held_back = jump
        w = self.window
        if jump is not None:
            w.read_only_label.setText(
                f"Read-only: {jump.count:,} ended days wait to be closed (the clock may be "
                f"wrong). Fix the clock; the question comes back when the next day begins."
            )
        else:
            w.read_only_label.setText(w.read_only_reason or "")
        w.read_only_label.setVisible(jump is not None or bool(w.read_only_reason))
        w.update_actions()

    def _close_days_through(self, last: date) -> None:
        """Close the waiting days through `last`, a week per turn of the event loop, so
        the window keeps painting while years of days are closed."""
        w = self.window
        first = w.game.state.first_open_day()
        if first is None or first > last:
            w.statusBar().showMessage(f"Closed the days through {day_text(last, year=True)}.", 8000)
            self.check_new_day()
            return
        step = min(last, first + timedelta(days=CLOSE_DAYS_PER_STEP - 1))
        try:
            w.game.close_days_through(step)
        except CommandRefused as exc:
            w.refused(exc.window_text())
            return
        w.statusBar().showMessage(f"Closing days… {day_text(step, year=True)}")
        QTimer.singleShot(0, w, lambda: self._close_days_through(last))
