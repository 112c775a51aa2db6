"""The main window: the character header, the pages, menus, feedback and time travel.

Everything it shows comes from the models it is given; everything it changes
goes through the actions it is given, to the controller. It creates the
widgets and dialogs, nothing else.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QAction, QCloseEvent, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop import APP_NAME, __version__
from rpgmylife_desktop.application.session import CommandResult, Game
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.ui import list_pages, window_settings
from rpgmylife_desktop.ui.actions import PAGE_ICONS, PAGES, Actions, fill_menus
from rpgmylife_desktop.ui.bundle_flows import BundleFlows
from rpgmylife_desktop.ui.controller import Controller
from rpgmylife_desktop.ui.day_watch import DayWatch
from rpgmylife_desktop.ui.focus import FocusReturn
from rpgmylife_desktop.ui.interop_actions import InteropActions
from rpgmylife_desktop.ui.item_commands import ItemCommands
from rpgmylife_desktop.ui.models.base import KEY_ROLE
from rpgmylife_desktop.ui.models.character import CharacterModel
from rpgmylife_desktop.ui.models.checklist import ChecklistModel
from rpgmylife_desktop.ui.models.days import DaysModel
from rpgmylife_desktop.ui.models.goals import GoalsModel
from rpgmylife_desktop.ui.models.habits import HabitsModel
from rpgmylife_desktop.ui.models.history import HistoryModel
from rpgmylife_desktop.ui.models.milestones import MilestonesModel
from rpgmylife_desktop.ui.models.quests import QuestsModel
from rpgmylife_desktop.ui.models.rewards import RewardsModel
from rpgmylife_desktop.ui.models.today import TodayModel
from rpgmylife_desktop.ui.pages.habit_detail import HabitDetail
from rpgmylife_desktop.ui.pages.history import HistoryPage
from rpgmylife_desktop.ui.pages.today import TodayPage
from rpgmylife_desktop.ui.pages.travel import TravelPage
from rpgmylife_desktop.ui.resources import icon_path
from rpgmylife_desktop.ui.sync_watch import SyncWatch
from rpgmylife_desktop.ui.timeline_filler import TimelineFiller, sparse
from rpgmylife_desktop.ui.travel_control import TravelControl
from rpgmylife_desktop.ui.view_source import ViewSource
from rpgmylife_desktop.ui.widgets.banner import TravelBanner
from rpgmylife_desktop.ui.widgets.header import CharacterHeader
from rpgmylife_desktop.ui.widgets.page_icon import page_icon
from rpgmylife_desktop.ui.widgets.toast import Toast
from rpgmylife_desktop.ui.words import menu_text, shortened, tooltip


@dataclass
class Models:
    """Every item model of the window (built by the composition root)."""

    character: CharacterModel
    today: TodayModel
    habits: HabitsModel
    quests: QuestsModel
    goals: GoalsModel
    rewards: RewardsModel
    milestones: MilestonesModel
    history: HistoryModel
    days: DaysModel
    checklist: ChecklistModel

    def all(self) -> list[Any]:
        return list(vars(self).values())


class MainWindow(QMainWindow):
    """The window people open every morning."""

    def __init__(
        self,
        game: Game,
        source: ViewSource,
        controller: Controller,
        models: Models,
        actions: Actions,
        settings: QSettings,
        *,
        stats_page: QWidget | None = None,
        read_only_reason: str | None = None,
    ) -> None:
        super().__init__()
        self.game, self.source, self.controller = game, source, controller
        self.models, self.user_actions, self.settings = models, actions, settings
        self.read_only_reason = read_only_reason
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.active_dialog: QDialog | None = None
        self.settings_toggles: list[QAction] = []
        """Checkable actions of other parts (the tray's mute and start on login) that
        Settings shows too, as its "Tray and notifications" section."""
        self.last_message = ""

        self.header = CharacterHeader(models.character)
        self.banner = TravelBanner()
        self.banner.back_button.clicked.connect(self.back_to_now)
        self.read_only_label = QLabel()
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet(
            "background: #5c2b29; color: white; padding: 6px 12px; font-weight: bold;"
        )
        self.read_only_label.setVisible(bool(read_only_reason))
        self.read_only_label.setText(read_only_reason or "")

        self.today_page = TodayPage(models.today, models.quests, models.rewards)
        self.habits_page = list_pages.habits_page(models.habits, actions)
        self.quests_page, self.checklist_panel = list_pages.quests_page(
            models.quests, models.checklist, actions
        )
        self.goals_page = list_pages.goals_page(models.goals, actions, self)
        self.rewards_page = list_pages.rewards_page(models.rewards, actions, self)
        self.items = ItemCommands(self)
        """The item commands (New, Edit, Archive, ...) and the quick-log palette."""
        self.history_page = HistoryPage(
            models.history, game, travel=self.travel_to, revert=self.items.revert_event
        )
        self.travel_page = TravelPage(
            game, models.milestones, travel=self.travel_to, back=self.back_to_now
        )
        self.stats_page = stats_page or QLabel("Statistics")
        self.stats_page.setObjectName("statsPage")
        self.pages: list[QWidget] = [
            self.today_page,
            self.habits_page,
            self.quests_page,
            self.goals_page,
            self.rewards_page,
            self.history_page,
            self.travel_page,
            self.stats_page,
        ]
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        for page in self.pages:
            self.stack.addWidget(page)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Pages")
        for i, title in enumerate(PAGES):
            self.nav.addItem(f"{title}")
            self.nav.item(i).setToolTip(f"Ctrl+{i + 1}")
            self.nav.item(i).setSizeHint(QSize(120, 32))
            self.nav.item(i).setIcon(
                page_icon(
                    icon_path(PAGE_ICONS[i]),
                    QSize(20, 20),
                    self.nav.palette().color(QPalette.ColorRole.HighlightedText),
                    self.devicePixelRatioF(),
                )
            )
        self.nav.setMinimumWidth(130)
        self.nav.setMaximumWidth(260)
        self.nav.setSpacing(2)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([160, 1200])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.toast = Toast(central)
        self.travel = TravelControl(self)
        self.bundle_flows = BundleFlows(game, self, busy=lambda _working: self.update_actions())
        self.bundle_flows.finished.connect(self._bundle_message)
        self.bundle_flows.imported.connect(self._bundle_imported)
        self.interop = InteropActions(self)  # before the busy checks that ask it
        controller.busy = self._busy_reason
        self.sync_watch = SyncWatch(game, self, busy=lambda: self._busy_reason() is not None)
        self.sync_watch.synced.connect(lambda _report: self._bundle_imported())
        self.statusBar().addPermanentWidget(self.sync_watch.progress)
        self.statusBar().addPermanentWidget(self.sync_watch.status)
        self.statusBar().setObjectName("statusBar")

        fill_menus(self, self.user_actions)
        self._connect()
        self.focus_return = FocusReturn(self, self.main_view)
        """Gives the keyboard back to the window when one of its popups closes."""
        self.days = DayWatch(self)
        self.days.start()
        window_settings.restore(self)
        self.update_actions()
        self.timeline_filler: TimelineFiller | None = None
        if sparse(game):
            # A log written in bulk: make time travel fast in the background.
            self.timeline_filler = TimelineFiller(game, self)
            self.timeline_filler.start()

    # -- building ---------------------------------------------------------------------

    def _connect(self) -> None:
        a, c = self.user_actions, self.controller
        items = self.items
        a.new_habit.triggered.connect(items.new_habit)
        a.new_quest.triggered.connect(items.new_quest)
        a.new_goal.triggered.connect(items.new_goal)
        a.new_reward.triggered.connect(items.new_reward)
        a.edit.triggered.connect(items.edit_selected)
        a.export_bundle.triggered.connect(lambda: self.bundle_flows.export())
        a.import_bundle.triggered.connect(lambda: self.bundle_flows.import_())
        a.choose_sync_folder.triggered.connect(lambda: self.open_settings(sync=True))
        a.sync_now.triggered.connect(lambda: self.sync_watch.sync_now())
        a.archive.triggered.connect(items.archive_selected)
        a.claim.triggered.connect(items.claim_selected)
        a.complete.triggered.connect(items.complete_selected)
        a.skip.triggered.connect(items.skip_selected)
        a.pause.triggered.connect(items.pause_selected)
        self.today_page.offer_actions([a.skip, a.pause, a.edit, a.archive])
        a.quick_log.triggered.connect(items.quick_log)
        a.find.triggered.connect(self.focus_search)
        a.undo.triggered.connect(c.undo)
        a.redo.triggered.connect(c.redo)
        a.settings.triggered.connect(self.open_settings)
        a.quit.triggered.connect(self.close)
        for kind, action in (
            ("loop", a.import_loop),
            ("habitica", a.import_habitica),
            ("csv", a.import_csv),
        ):
            action.triggered.connect(lambda _checked=False, k=kind: self.interop.import_from(k))
        a.export_csv.triggered.connect(self.interop.export_csv)
        a.back_to_now.triggered.connect(self.back_to_now)
        for i, action in enumerate(a.pages):
            action.triggered.connect(lambda _checked=False, i=i: self.show_page(i))
        c.handled.connect(self.handled)
        c.refused.connect(self.refused)
        c.leveledUp.connect(
            lambda level: self.toast.show_message(
                f"⭐ Level up! You reached level {level}.", "level"
            )
        )
        c.lowHp.connect(
            lambda hp: self.toast.show_message(
                f"⚠ Low HP: {hp:.1f} left. Do a daily or rest before you faint.", "warning"
            )
        )
        c.fainted.connect(self._fainted)
        c.undoStackChanged.connect(self.update_actions)
        # Weakly: the game must not keep a closed window (and its models) alive.
        news = weakref.WeakMethod(self.travel.live_command)

        def hear(result: CommandResult) -> None:
            method = news()
            if method is not None:
                method(result)

        self._stop_news = self.game.on_command(hear)
        m = self.models
        m.today.logRequested.connect(items.log_from_today)
        m.today.retractRequested.connect(lambda key, day: c.retract(key, day))
        m.quests.completeRequested.connect(items.complete_quest)
        m.rewards.claimRequested.connect(items.claim)
        m.habits.reorderRequested.connect(
            lambda ids: c.handle(cmd.ReorderHabits(habit_ids=tuple(ids)), "Reordered habits")
        )
        self.habits_page.view.doubleClicked.connect(lambda _i: items.open_detail())
        for view in (self.today_page.habits_view, self.today_page.dailies_view):
            view.doubleClicked.connect(lambda index: items.open_detail(str(index.data(KEY_ROLE))))
        self.quests_page.view.doubleClicked.connect(lambda _i: items.edit_selected())
        self.quests_page.view.selectionModel().currentRowChanged.connect(
            lambda now, _before: m.checklist.show_quest(
                str(now.data(KEY_ROLE)) if now.isValid() else None
            )
        )
        m.checklist.tickRequested.connect(items.tick_item)
        m.checklist.renameRequested.connect(
            lambda quest, item, text: c.handle(
                cmd.RenameChecklistItem(quest_id=quest, item_id=item, text=text),
                f"Renamed a checklist item to {text}",
            )
        )
        a.add_item.triggered.connect(items.add_checklist_item)
        a.remove_item.triggered.connect(items.remove_checklist_item)
        self.goals_page.view.doubleClicked.connect(lambda _i: items.edit_selected())

    # -- pages ------------------------------------------------------------------------

    def show_page(self, number: int) -> None:
        self.nav.setCurrentRow(number)
        if self.stack.currentWidget() is self.travel_page:
            self.travel_page.refresh()

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def main_view(self) -> QWidget | None:
        """The current page's main view: where the keyboard goes when the widget that had
        it is gone (the list of a page, Today's habits; the page list otherwise)."""
        page = self.current_page()
        for name in ("view", "habits_view"):
            view = getattr(page, name, None)
            if isinstance(view, QWidget) and view.isVisible() and view.isEnabled():
                return view
        return self.nav

    def focus_search(self) -> None:
        page = self.current_page()
        search = getattr(page, "search", None)
        if search is None:
            self.show_page(1)
            search = self.habits_page.search
        search.setFocus()
        search.selectAll()

    # -- feedback ---------------------------------------------------------------------

    def handled(self, result: CommandResult, text: str) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, 8000)
        self.travel_page.refresh()

    def refused(self, message: str) -> None:
        self.last_message = message
        # A refusal's second line says what to do ("Earn 14.58 more gold with habits and
        # quests."): shown too, not only what went wrong.
        lines = [line.strip() for line in message.splitlines() if line.strip()] or [message]
        self.statusBar().showMessage(f"⚠ {' '.join(lines)}", 12000)
        self.toast.show_message("\n".join(lines[:2]), "danger", 4000 + 1500 * (len(lines) > 1))

    def _bundle_message(self, text: str) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, 12000)

    def _bundle_imported(self) -> None:
        self.travel_page.refresh()
        self.update_actions()

    def _fainted(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Your character fainted", text, parent=self)
        box.setObjectName("faintedBox")
        box.setInformativeText("Rest, keep your dailies, and you will be back on your feet.")
        self.active_dialog = box
        box.open()

    def update_actions(self) -> None:
        """Enable what can be done now and name Undo/Redo after their commands."""
        writable = (
            not self.source.travelling
            and not self.game.read_only
            and self.travel.worker.pending is None
            and self.days.writable
            and not self.bundle_flows.working
        )
        for action in self.user_actions.writing:
            action.setEnabled(writable)
        undo, redo = self.controller.undo_text(), self.controller.redo_text()
        # A long name is cut on the button and in the menu ("Undo Add habit A very lo…");
        # the tooltip says it whole.
        self.user_actions.undo.setText(f"&Undo {menu_text(shortened(undo))}" if undo else "&Undo")
        self.user_actions.redo.setText(f"&Redo {menu_text(shortened(redo))}" if redo else "&Redo")
        # Without a tooltip of their own the buttons show the text, read as HTML.
        self.user_actions.undo.setToolTip(tooltip(f"Undo {undo}" if undo else "Undo"))
        self.user_actions.redo.setToolTip(tooltip(f"Redo {redo}" if redo else "Redo"))
        self.user_actions.undo.setEnabled(writable and undo is not None)
        self.user_actions.redo.setEnabled(writable and redo is not None)
        self.user_actions.back_to_now.setEnabled(self.source.travelling)

    # -- commands -------------------------------------------------------------------

    def open_detail(self, habit_id: str | None = None) -> HabitDetail | None:
        """The habit detail of `habit_id` (default: the selected habit)."""
        return self.items.open_detail(habit_id)

    def _busy_reason(self) -> str | None:
        """Why writing must wait just now (a travel being built, an import being
        prepared), or None."""
        if self.travel.worker.pending is not None:
            return "Still travelling in time: wait a moment or cancel it."
        if self.bundle_flows.working or self.interop.applying:
            return "An import is being applied: wait a moment or cancel it."
        if self.sync_watch.holding:
            return "Syncing with the sync folder: wait a moment."
        return None

    def open_settings(self, sync: bool = False) -> None:
        """File > Settings (`sync`: with the Sync section's folder button focused)."""
        window_settings.open_settings(self, sync)

    # -- time travel ------------------------------------------------------------------

    def travel_to(self, position: int) -> None:
        """Show the game as of log `position` (`TravelControl.travel_to`)."""
        self.travel.travel_to(position)

    def back_to_now(self) -> None:
        self.travel.back_to_now()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous() and not self.isActiveWindow():
            # Shown by the app (at start, from the tray): without a window manager nobody
            # activates it, and the keyboard would go nowhere until a click.
            self.activateWindow()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        parent = self.toast.parentWidget()
        if self.toast.isVisible() and parent is not None:
            self.toast.move((parent.width() - self.toast.width()) // 2, 70)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.timeline_filler is not None:
            self.timeline_filler.stop()
        self.travel.worker.cancel()
        self.travel.worker.wait()
        self.bundle_flows.cancel()  # an export's file goes, an import is dropped
        self.bundle_flows.wait()
        self.interop.cancel()  # an import not yet written is dropped
        self.sync_watch.shutdown()  # a pass stops between two commits
        window_settings.save(self)
        self.focus_return.stop()
        self.days.timer.stop()
        for model in self.models.all():
            model.detach()
        self._stop_news()
        super().closeEvent(event)
