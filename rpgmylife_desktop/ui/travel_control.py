"""Time travel in the window: the past view is built by a worker (`TravelWorker`) while
the status bar says where to and offers Cancel; once shown, a banner says which event
and day the window shows, and how many new events arrived meanwhile (a command
forwarded from the command line, a log from the tray). Back to now drops the past view.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtWidgets import QLabel, QPushButton

from rpgmylife_desktop.application.session import CommandResult, PastView
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.ui.travel_worker import TravelWorker

if TYPE_CHECKING:
    from rpgmylife_desktop.ui.main_window import MainWindow


class TravelControl:
    """Time travel of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.trip_head: int | None = None
        """The live log's head when the window began to show the past (None: live)."""
        self.worker = TravelWorker(window.game, self._show_past, self._failed, window)
        self.worker.started.connect(self._started)
        self.worker.finished.connect(self._finished)
        self.worker.working.connect(window.today_page.share_the_interpreter)
        self.progress = QLabel()
        self.progress.setObjectName("travelProgress")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel time travel")
        self.cancel_button.clicked.connect(self.worker.cancel)
        self.cancel_button.hide()
        window.statusBar().addPermanentWidget(self.progress)
        window.statusBar().addPermanentWidget(self.cancel_button)
        window.source.switched.connect(self._switched)

    def travel_to(self, position: int) -> None:
        """Show the game as of log `position`; the past view is built by a worker."""
        if position >= self.window.game.position:
            self.back_to_now()
            return
        self.worker.travel(position)

    def back_to_now(self) -> None:
        self.worker.cancel()
        source = self.window.source
        shown = source.past
        source.back_to_now()
        if shown is not None:
            self.worker.release(shown)

    def live_command(self, result: CommandResult) -> None:
        """A command landed in the live game while the window may show the past (one
        forwarded from the command line, a log from the tray): the past view stays as it
        is, read-only, and its banner says that new events arrived."""
        if shiboken6.isValid(self.window) and self.window.source.travelling and result.events:
            self._show_banner()

    def _show_past(self, past: PastView) -> None:
        source = self.window.source
        shown = source.past
        source.show_past(past)
        gc.freeze()  # the past view's state is long-lived too (see ui/app.py)
        if shown is not None:
            self.worker.release(shown)

    def _started(self, position: int) -> None:
        self.progress.setText(f"Travelling to event {position:,}…")
        self.progress.show()
        self.cancel_button.show()
        self.window.update_actions()

    def _finished(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.window.update_actions()

    def _failed(self, message: str) -> None:
        self.window.refused(f"Cannot show the game as of that point: {message}")

    def _switched(self, travelling: bool) -> None:
        w = self.window
        if travelling:
            past = w.source.past
            assert past is not None
            if self.trip_head is None:
                self.trip_head = w.game.position
            self._show_banner()
            w.travel_page.show_travelled(past.position)
        else:
            self.trip_head = None
            w.banner.hide()
            w.travel_page.refresh()
        w.update_actions()

    def _show_banner(self) -> None:
        w = self.window
        past = w.source.past
        assert past is not None
        day = w.models.today.day
        when = day_text(day, year=True) if isinstance(day, date) else "the start"
        text = f"as of event {past.position} of {w.game.position} ({when})"
        news = w.game.position - (self.trip_head or w.game.position)
        if news > 0:
            many = news != 1
            text += (
                f". Meanwhile {news} new event{'s' if many else ''} arrived; "
                f"Back to now shows {'them' if many else 'it'}"
            )
        w.banner.show_as_of(text)
