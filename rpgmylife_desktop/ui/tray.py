"""The tray icon: log a habit in one click without opening the window.

The icon shows the character (an XP ring and an HP ring over the app icon, drawn at
every size the tray may ask for) and its tooltip the level, XP, HP and gold. The
context menu is rebuilt each time it is about to show (as Vorta does), so it lists
today's habits with their state as they are now. Every entry goes through the same
`Controller` as the window, so an open window updates at once.

Where the platform has no tray (`isSystemTrayAvailable()` false: the offscreen
platform, stock GNOME), the app says so once, closing the window quits, and the
tray's own actions (vacation pause, resume, notification settings) stay in the
window's "Tray" menu.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMainWindow,
    QMenu,
    QSystemTrayIcon,
)

from rpgmylife_desktop import APP_NAME
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.projections.today import TodayRow
from rpgmylife_desktop.ui.actions import Actions
from rpgmylife_desktop.ui.autostart import LoginItem, login_item, set_start_on_login
from rpgmylife_desktop.ui.controller import Controller
from rpgmylife_desktop.ui.models.character import CharacterModel
from rpgmylife_desktop.ui.models.today import TodayModel
from rpgmylife_desktop.ui.notifications import MUTE, Notifier, Reminders
from rpgmylife_desktop.ui.tray_icon import row_text, state_icon, tooltip_text
from rpgmylife_desktop.ui.widgets.amount_prompt import AmountPrompt, ask_amount
from rpgmylife_desktop.ui.words import menu_text, pause_label, tooltip

CLOSE_TO_TRAY = "tray/closeToTray"
NO_TRAY_SAID = "tray/noTrayNoticeShown"
NO_TRAY_NOTICE = (
    "This desktop shows no tray icons: closing the window quits RPGMyLife. "
    "The tray's actions are in the window's Tray menu."
)


class Tray(QObject):
    """The tray icon, its menu and the close-to-tray behaviour of the window."""

    messageShown = Signal(str, str)
    """(title, text) of every tray message (or the status-bar line standing in for it)."""

    def __init__(
        self,
        game: Game,
        controller: Controller,
        character: CharacterModel,
        today: TodayModel,
        actions: Actions,
        window: QMainWindow,
        settings: QSettings,
        *,
        available: bool | None = None,
        login: LoginItem | None = None,
    ) -> None:
        super().__init__(window)
        self.login = login if login is not None else login_item()
        """Where start on login is written (this platform's login item by default)."""
        self.game = game
        self.controller = controller
        self.character = character
        self.today = today
        self.actions = actions
        self.window = window
        self.settings = settings
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.quitting = False
        self.prompt: QInputDialog | AmountPrompt | None = None
        """The open amount or vacation prompt (tests fill it in)."""
        self.notice = ""
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.menu.aboutToShow.connect(self.rebuild_menu)
        self.icon = QSystemTrayIcon(self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.vacation = QAction("Pause all habits (vacation)…", self)
        self.vacation.setObjectName("vacation")
        self.vacation.triggered.connect(self.ask_vacation)
        self.resume = QAction("Resume all habits", self)
        self.resume.setObjectName("resume")
        self.resume.triggered.connect(self.resume_all)
        self.close_to_tray = QAction("Close to tray", self)
        self.close_to_tray.setObjectName("closeToTray")
        self.close_to_tray.setCheckable(True)
        self.close_to_tray.setEnabled(self.available)
        self.close_to_tray.setChecked(
            self.available and _truthy(settings.value(CLOSE_TO_TRAY, True))
        )
        self.close_to_tray.toggled.connect(lambda on: settings.setValue(CLOSE_TO_TRAY, on))
        self.show_window = QAction(f"Show {APP_NAME}", self)
        self.show_window.setObjectName("showWindow")
        self.show_window.triggered.connect(self.raise_window)
        self.quit = QAction("Quit", self)
        self.quit.setObjectName("trayQuit")
        self.quit.triggered.connect(self.quit_app)
        # Ctrl+Q and File > Quit quit for real, even with close to tray on.
        actions.quit.triggered.disconnect()
        actions.quit.triggered.connect(self.quit_app)
        controller.handled.connect(lambda *_: self.refresh())
        window.installEventFilter(self)
        self._window_menu()
        self.watch(game)
        self.refresh()
        if self.available:
            QApplication.setQuitOnLastWindowClosed(False)
            if QSystemTrayIcon.isSystemTrayAvailable():  # (tests force `available` offscreen)
                self.icon.show()
        else:
            self._say_no_tray()

    # -- state ---------------------------------------------------------------------

    def refresh(self) -> None:
        sheet = self.character.sheet()
        self.icon.setIcon(state_icon(sheet))
        self.icon.setToolTip(tooltip_text(sheet))
        self.resume.setEnabled(bool(self._paused_today()))

    def rows(self) -> list[TodayRow]:
        return [self.today.row_value(i) for i in range(self.today.rowCount())]

    # -- the menu ------------------------------------------------------------------

    def rebuild_menu(self) -> None:
        """Today's habits, then the app's entries; called on `aboutToShow`."""
        self.menu.clear()
        writable = not self.game.read_only and not self.controller.source.travelling
        for row in self.rows():
            if not (row.due or row.done or row.excused or row.kind != "positive"):
                continue  # a positive habit not due today (e.g. not its weekday)
            action = self.menu.addAction(menu_text(row_text(row)))
            action.setToolTip(tooltip(row_text(row)))
            action.setObjectName(f"log:{row.habit_id}")
            action.setEnabled(writable and not row.excused)
            action.triggered.connect(lambda _c=False, r=row: self.log_row(r))
        if not self.menu.isEmpty():
            self.menu.addSeparator()
        for entry in (self.actions.quick_log, self.actions.new_quest):
            self.menu.addAction(entry)
        self.refresh()
        self.menu.addAction(self.resume if self.resume.isEnabled() else self.vacation)
        self.menu.addSeparator()
        self.menu.addAction(self.show_window)
        self.menu.addAction(self.quit)

    def log_row(self, row: TodayRow) -> None:
        """A positive habit logs +, a negative one logs -, a numeric one asks how much."""
        if row.target is not None:
            parent = self.window if self.window.isVisible() else None
            self.prompt = ask_amount(
                row.name, row.unit, parent, lambda value: self._log(row.habit_id, value)
            )
            return
        self._log(row.habit_id, "down" if row.kind == "negative" else "up")

    def _log(self, habit_id: str, press: object) -> None:
        result = self.controller.log(habit_id, press)
        if result is None:
            self.notify(APP_NAME, self.controller.last_message)
            return
        text = self.controller.last_message
        row = next((r for r in self.rows() if r.habit_id == habit_id), None)
        if row is not None and row.streak:
            text += f", streak {row.streak}"
        self.notify(APP_NAME, text)

    # -- vacation --------------------------------------------------------------------

    def ask_vacation(self) -> None:
        prompt = QInputDialog(self.window if self.window.isVisible() else None)
        prompt.setObjectName("vacationPrompt")
        prompt.setWindowTitle(APP_NAME)
        prompt.setLabelText("Pause every habit for how many days, from today?")
        prompt.setInputMode(QInputDialog.InputMode.IntInput)
        prompt.setIntRange(1, 365)
        prompt.setIntValue(7)
        prompt.intValueSelected.connect(self.pause_all)
        self.prompt = prompt
        prompt.open()

    def pause_all(self, days: int) -> int:
        """Pause every active habit from today for `days` days; how many were paused."""
        today = self.game.today()
        end = today + timedelta(days=days - 1)
        paused = 0
        for habit in list(self.game.state.habits.values()):
            if habit.archived or _paused_on(habit.pauses.values(), today):
                continue
            command = cmd.PauseHabit(habit_id=habit.habit_id, start=today, end=end)
            if self.controller.handle(command, pause_label(self.game.state, command)) is not None:
                paused += 1
        self.notify(APP_NAME, f"Paused {paused} habit(s) until {day_text(end)}.")
        self.refresh()
        return paused

    def _paused_today(self) -> list[str]:
        today = self.game.today()
        return [
            pause_id
            for habit in self.game.state.habits.values()
            for pause_id, span in habit.pauses.items()
            if _paused_on([span], today)
        ]

    def resume_all(self) -> int:
        """End every pause that covers today: each habit is due again from today on
        (`ResumeHabit`, one undoable command per habit); how many were resumed."""
        today = self.game.today()
        resumed = 0
        for habit in list(self.game.state.habits.values()):
            if habit.archived or not _paused_on(habit.pauses.values(), today):
                continue
            command = cmd.ResumeHabit(habit_id=habit.habit_id, day=today)
            if self.controller.handle(command, f"Resumed {habit.name}") is not None:
                resumed += 1
        left = len(self._paused_today())
        text = f"Resumed {resumed} habit(s)."
        if left:
            text += f" {left} could not be resumed: {self.controller.last_message}"
        self.notify(APP_NAME, text)
        self.refresh()
        return resumed

    # -- the window --------------------------------------------------------------------

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_window()

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
        else:
            self.raise_window()

    def raise_window(self) -> None:
        self.window.setWindowState(self.window.windowState() & ~Qt.WindowState.WindowMinimized)
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def quit_app(self) -> None:
        self.quitting = True
        self.icon.hide()
        self.window.close()
        QApplication.quit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.window or event.type() != QEvent.Type.Close:
            return False
        if self.quitting or not self.available:
            return False
        if self.close_to_tray.isChecked():
            event.ignore()
            self.window.hide()
            return True
        # Close to tray is off: closing the window quits, as it does without a tray.
        self.quitting = True
        self.icon.hide()
        QTimer.singleShot(0, QApplication.quit)
        return False

    def _window_menu(self) -> None:
        """The tray's own actions in the window, reachable with or without a tray."""
        menu = self.window.menuBar().addMenu("&Tray")
        menu.setObjectName("trayWindowMenu")
        menu.addAction(self.vacation)
        menu.addAction(self.resume)
        menu.addSeparator()
        menu.addAction(self.close_to_tray)
        self.mute = menu.addAction("Mute notifications")
        self.mute.setObjectName("muteNotifications")
        self.mute.setCheckable(True)
        self.mute.setChecked(_truthy(self.settings.value(MUTE, False)))
        self.mute.toggled.connect(lambda on: self.settings.setValue(MUTE, on))
        self.autostart = menu.addAction("Start on login (in the tray)")
        self.autostart.setObjectName("startOnLogin")
        self.autostart.setCheckable(True)
        self.autostart.setChecked(self._starts_on_login())
        self.autostart.toggled.connect(self.set_start_on_login)
        self.window_menu = menu
        # Settings shows the same two actions (ui/settings_toggles.py): one state.
        toggles = getattr(self.window, "settings_toggles", None)
        if isinstance(toggles, list):
            toggles.extend([self.mute, self.autostart])

    def _starts_on_login(self) -> bool:
        try:
            return self.login.is_enabled()
        except OSError:
            return False

    def set_start_on_login(self, on: bool) -> None:
        """Write or remove the login item; when that fails the toggle goes back and the
        window says why."""
        try:
            set_start_on_login(on, self.login)
        except OSError as exc:
            was = self.autostart.blockSignals(True)
            self.autostart.setChecked(not on)
            self.autostart.blockSignals(was)
            reason = exc.strerror or str(exc)
            self.notify(
                APP_NAME,
                f"Could not {'turn on' if on else 'turn off'} start on login: {reason}.",
            )

    def watch(self, game: Game) -> None:
        """Notifications of live commands and the habits' reminders, shown by the tray."""
        self.notifier = Notifier(game, self.rows, self.notify, self.settings, self)
        self.reminders = Reminders(game, self.rows, self.notify, self.settings, self)
        self.icon.messageClicked.connect(self.open_reminded)
        # Days the app closed as it opened (the morning after): their summary, once.
        for result in game.closed_on_open[-1:]:
            for text in self.notifier.messages(result):
                if not self.notifier.muted:
                    self.notify(APP_NAME, text)

    def open_reminded(self) -> None:
        """A click on a reminder: the quick log, typed in with that habit's name."""
        habit_id = self.reminders.last_habit
        habit = self.game.state.habits.get(habit_id) if habit_id else None
        self.actions.quick_log.trigger()
        dialog = getattr(self.window, "active_dialog", None)
        if habit is not None and dialog is not None and hasattr(dialog, "edit"):
            dialog.edit.setText(habit.name)

    def _say_no_tray(self) -> None:
        self.notice = NO_TRAY_NOTICE
        if not _truthy(self.settings.value(NO_TRAY_SAID, False)):
            self.settings.setValue(NO_TRAY_SAID, True)
            self.window.statusBar().showMessage(NO_TRAY_NOTICE, 15000)
            self.messageShown.emit(APP_NAME, NO_TRAY_NOTICE)

    # -- messages ----------------------------------------------------------------------

    def notify(self, title: str, text: str) -> None:
        """A tray message, or the window's status bar where there is no tray."""
        if not text:
            return
        if self.available and self.icon.isVisible():
            self.icon.showMessage(title, text, self.icon.icon(), 6000)
        else:
            self.window.statusBar().showMessage(text, 8000)
        self.messageShown.emit(title, text)

    def close(self) -> None:
        self.notifier.detach()
        self.reminders.timer.stop()
        self.icon.hide()
        self.menu.deleteLater()


def _paused_on(spans: object, day: date) -> bool:
    return any(start <= day <= end for start, end in spans)  # type: ignore[attr-defined]


def _truthy(value: object) -> bool:
    return value is True or str(value).lower() in ("true", "1")
