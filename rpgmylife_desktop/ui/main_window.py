"""The main window: the character header, the pages, menus, feedback and time travel.

Everything it shows comes from the models it is given; everything it changes
goes through the actions it is given, to the controller. It creates the
widgets and dialogs, nothing else.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop import APP_NAME, __version__
from rpgmylife_desktop.application.closing import ClockJump, UnconfirmedDays
from rpgmylife_desktop.application.session import CommandResult, Game, PastView
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.ui.actions import PAGE_ICONS, PAGES, Actions
from rpgmylife_desktop.ui.bundle_flows import BundleFlows
from rpgmylife_desktop.ui.clock_jump_dialog import ClockJumpDialog
from rpgmylife_desktop.ui.controller import Controller
from rpgmylife_desktop.ui.day_summary import closed_days_text
from rpgmylife_desktop.ui.delegates import ButtonDelegate, CheckDelegate, ProgressDelegate
from rpgmylife_desktop.ui.dialogs import (
    CommandDialog,
    GoalDialog,
    HabitDialog,
    QuestDialog,
    RewardDialog,
)
from rpgmylife_desktop.ui.focus import FocusReturn
from rpgmylife_desktop.ui.interop_actions import InteropActions
from rpgmylife_desktop.ui.models.base import KEY_ROLE
from rpgmylife_desktop.ui.models.character import CharacterModel
from rpgmylife_desktop.ui.models.checklist import ChecklistModel
from rpgmylife_desktop.ui.models.days import DaysModel
from rpgmylife_desktop.ui.models.goals import FRACTION_ROLE, GoalsModel
from rpgmylife_desktop.ui.models.goals import STATUS_ROLE as GOAL_STATUS_ROLE
from rpgmylife_desktop.ui.models.habits import POSITION_ROLE as HABIT_POSITION_ROLE
from rpgmylife_desktop.ui.models.habits import STATUS_ROLE as HABIT_STATUS_ROLE
from rpgmylife_desktop.ui.models.habits import HabitsModel
from rpgmylife_desktop.ui.models.history import HistoryModel
from rpgmylife_desktop.ui.models.milestones import MilestonesModel
from rpgmylife_desktop.ui.models.quests import STATUS_ROLE as QUEST_STATUS_ROLE
from rpgmylife_desktop.ui.models.quests import QuestsModel
from rpgmylife_desktop.ui.models.rewards import RewardsModel
from rpgmylife_desktop.ui.models.today import TodayModel
from rpgmylife_desktop.ui.pages.checklist import ChecklistPanel
from rpgmylife_desktop.ui.pages.habit_detail import HabitDetail
from rpgmylife_desktop.ui.pages.history import HistoryPage
from rpgmylife_desktop.ui.pages.lists import ListPage
from rpgmylife_desktop.ui.pages.today import TodayPage
from rpgmylife_desktop.ui.pages.travel import TravelPage
from rpgmylife_desktop.ui.pause_dialog import PauseDialog
from rpgmylife_desktop.ui.resources import icon_path
from rpgmylife_desktop.ui.settings_dialog import SettingsDialog
from rpgmylife_desktop.ui.settings_toggles import ToggleSection
from rpgmylife_desktop.ui.sync_settings import SyncSettings
from rpgmylife_desktop.ui.sync_watch import SyncWatch
from rpgmylife_desktop.ui.theme import apply_theme
from rpgmylife_desktop.ui.timeline_filler import TimelineFiller, sparse
from rpgmylife_desktop.ui.travel_worker import TravelWorker
from rpgmylife_desktop.ui.view_source import ViewSource
from rpgmylife_desktop.ui.widgets.amount_prompt import ask_amount
from rpgmylife_desktop.ui.widgets.banner import TravelBanner
from rpgmylife_desktop.ui.widgets.gain import FloatingGain
from rpgmylife_desktop.ui.widgets.header import CharacterHeader
from rpgmylife_desktop.ui.widgets.page_icon import page_icon
from rpgmylife_desktop.ui.widgets.palette import QuickLogPalette
from rpgmylife_desktop.ui.widgets.toast import Toast
from rpgmylife_desktop.ui.words import outcome_words

DAY_CHECK_MS = 30_000
"""How often the window re-reads the wall clock for a new day (sleep, clock changes)."""


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
        self.held_back: ClockJump | None = None
        """A clock jump the person chose to leave unconfirmed: the window stays read-only."""
        self.clock_jump_dialog: ClockJumpDialog | None = None
        self.recent_logs: list[str] = []
        """Ids logged from the quick-log palette, most recent first (listed first there)."""
        self.last_message = ""
        self.last_gain: FloatingGain | None = None
        """The last gain that floated up from a row (kept for the tests)."""

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
        self.habits_page = ListPage(
            "habits",
            models.habits,
            filter_role=HABIT_STATUS_ROLE,
            filters=[
                ("Active", frozenset({"active"})),
                ("Archived", frozenset({"archived"})),
                ("All", None),
            ],
            placeholder="No habits yet: Ctrl+N adds one.",
            actions=[actions.new_habit, actions.edit, actions.archive, actions.pause, actions.skip],
        )
        self.quests_page = ListPage(
            "quests",
            models.quests,
            filter_role=QUEST_STATUS_ROLE,
            filters=[
                ("Open", frozenset({"open"})),
                ("Completed", frozenset({"completed"})),
                ("Abandoned", frozenset({"abandoned"})),
                ("All", None),
            ],
            placeholder="No quests yet: Ctrl+Shift+N",
            actions=[actions.new_quest, actions.edit, actions.complete, actions.archive],
        )
        self.checklist_panel = ChecklistPanel(
            models.checklist, actions.add_item, actions.remove_item
        )
        # Its checkboxes ringed as on Today: Fusion's border all but vanishes on dark.
        self.quests_page.view.setItemDelegateForColumn(0, CheckDelegate(self.quests_page.view))
        quests_layout = self.quests_page.layout()
        assert quests_layout is not None
        quests_layout.addWidget(self.checklist_panel)
        self.goals_page = ListPage(
            "goals",
            models.goals,
            filter_role=GOAL_STATUS_ROLE,
            filters=[
                ("Open", frozenset({"open"})),
                ("Achieved", frozenset({"achieved"})),
                ("All", None),
            ],
            placeholder="No goals yet: add one with New goal.",
            actions=[actions.new_goal, actions.edit],
        )
        # Habits keep the user's order (drag and drop to change it).
        habits_view = self.habits_page.view
        habits_view.setSortingEnabled(False)
        self.habits_page.proxy.setSortRole(HABIT_POSITION_ROLE)
        self.habits_page.proxy.setDynamicSortFilter(True)
        self.habits_page.proxy.sort(0)
        habits_view.setDragEnabled(True)
        habits_view.setAcceptDrops(True)
        habits_view.setDropIndicatorShown(True)
        habits_view.setDragDropMode(habits_view.DragDropMode.DragDrop)
        habits_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.goals_page.view.setItemDelegateForColumn(1, ProgressDelegate(FRACTION_ROLE, self))
        goals_header = self.goals_page.view.horizontalHeader()
        goals_header.setSectionResizeMode(1, goals_header.ResizeMode.Interactive)
        self.goals_page.view.setColumnWidth(1, 220)
        self.goals_page.fit_columns.remove(1)
        self.rewards_page = ListPage(
            "rewards",
            models.rewards,
            filter_role=None,
            filters=[],
            placeholder="No rewards yet: add one with New reward, then spend your gold.",
            actions=[actions.new_reward, actions.edit, actions.claim],
        )
        self.rewards_page.view.setItemDelegateForColumn(0, ButtonDelegate(self))
        self.history_page = HistoryPage(
            models.history, game, travel=self.travel_to, revert=self.revert_event
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
        self.travel_worker = TravelWorker(game, self._show_past, self._travel_failed, self)
        self.travel_worker.started.connect(self._travel_started)
        self.travel_worker.finished.connect(self._travel_finished)
        self.travel_worker.working.connect(self.today_page.share_the_interpreter)
        self.travel_progress = QLabel()
        self.travel_progress.setObjectName("travelProgress")
        self.travel_progress.hide()
        self.cancel_travel_button = QPushButton("Cancel")
        self.cancel_travel_button.setAccessibleName("Cancel time travel")
        self.cancel_travel_button.clicked.connect(self.travel_worker.cancel)
        self.cancel_travel_button.hide()
        self.statusBar().addPermanentWidget(self.travel_progress)
        self.statusBar().addPermanentWidget(self.cancel_travel_button)
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

        self._build_menus()
        self._connect()
        self.focus_return = FocusReturn(self, self.main_view)
        """Gives the keyboard back to the window when one of its popups closes."""
        self.day_timer = QTimer(self)
        self.day_timer.setObjectName("dayTimer")
        self.day_timer.timeout.connect(self.check_new_day)
        self.day_timer.start(DAY_CHECK_MS)
        QTimer.singleShot(0, self, self.check_new_day)  # a clock jump is asked about at once
        self._restore_settings()
        self.update_actions()
        self.timeline_filler: TimelineFiller | None = None
        if sparse(game):
            # A log written in bulk: make time travel fast in the background.
            self.timeline_filler = TimelineFiller(game, self)
            self.timeline_filler.start()

    # -- building ---------------------------------------------------------------------

    def _build_menus(self) -> None:
        a = self.user_actions
        file_menu = self.menuBar().addMenu("&File")
        file_menu.setObjectName("fileMenu")
        file_menu.addAction(a.export_bundle)
        file_menu.addAction(a.import_bundle)
        file_menu.addAction(a.choose_sync_folder)  # Settings > Sync: the one place
        file_menu.addAction(a.sync_now)
        file_menu.addSeparator()
        import_menu = file_menu.addMenu("Import f&rom")
        import_menu.setObjectName("importMenu")
        for action in (a.import_loop, a.import_habitica, a.import_csv):
            import_menu.addAction(action)
        file_menu.addAction(a.export_csv)
        file_menu.addSeparator()
        file_menu.addAction(a.settings)
        file_menu.addSeparator()
        file_menu.addAction(a.quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        edit_menu.setObjectName("editMenu")
        edit_menu.addAction(a.undo)
        edit_menu.addAction(a.redo)
        edit_menu.addSeparator()
        edit_menu.addAction(a.find)
        edit_menu.addAction(a.edit)
        edit_menu.addAction(a.archive)
        game_menu = self.menuBar().addMenu("G&ame")
        for action in (a.new_habit, a.new_quest, a.new_goal, a.new_reward):
            game_menu.addAction(action)
        game_menu.addSeparator()
        for action in (a.quick_log, a.complete, a.claim, a.pause, a.skip):
            game_menu.addAction(action)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (a.new_habit, a.new_quest, a.quick_log, a.undo, a.redo):
            toolbar.addAction(action)
        go_menu = self.menuBar().addMenu("&Go")
        for action in a.pages:
            go_menu.addAction(action)
        go_menu.addSeparator()
        go_menu.addAction(a.back_to_now)
        for action in [*a.writing, a.find, a.quit, a.back_to_now, *a.pages]:
            self.addAction(action)

    def _connect(self) -> None:
        a, c = self.user_actions, self.controller
        a.new_habit.triggered.connect(self.new_habit)
        a.new_quest.triggered.connect(self.new_quest)
        a.new_goal.triggered.connect(
            lambda: self.open_dialog(
                GoalDialog(self.game.state, today=self.game.today(), parent=self)
            )
        )
        a.new_reward.triggered.connect(
            lambda: self.open_dialog(RewardDialog(self.game.state, parent=self))
        )
        a.edit.triggered.connect(self.edit_selected)
        a.export_bundle.triggered.connect(lambda: self.bundle_flows.export())
        a.import_bundle.triggered.connect(lambda: self.bundle_flows.import_())
        a.choose_sync_folder.triggered.connect(lambda: self.open_settings(sync=True))
        a.sync_now.triggered.connect(lambda: self.sync_watch.sync_now())
        a.archive.triggered.connect(self.archive_selected)
        a.claim.triggered.connect(self.claim_selected)
        a.complete.triggered.connect(self.complete_selected)
        a.skip.triggered.connect(self.skip_selected)
        a.pause.triggered.connect(self.pause_selected)
        a.quick_log.triggered.connect(self.quick_log)
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
        c.handled.connect(self._handled)
        c.refused.connect(self._refused)
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
        self.source.switched.connect(self._switched)
        self.trip_head: int | None = None
        """The live log's head when the window began to show the past (None: live)."""
        # Weakly: the game must not keep a closed window (and its models) alive.
        news = weakref.WeakMethod(self._live_command)

        def hear(result: CommandResult) -> None:
            method = news()
            if method is not None:
                method(result)

        self._stop_news = self.game.on_command(hear)
        m = self.models
        m.today.logRequested.connect(self.log_from_today)
        m.today.retractRequested.connect(lambda key, day: c.retract(key, day))
        m.quests.completeRequested.connect(self.complete_quest)
        m.rewards.claimRequested.connect(self.claim)
        m.habits.reorderRequested.connect(
            lambda ids: c.handle(cmd.ReorderHabits(habit_ids=tuple(ids)), "Reordered habits")
        )
        self.habits_page.view.doubleClicked.connect(lambda _i: self.open_detail())
        for view in (self.today_page.habits_view, self.today_page.dailies_view):
            view.doubleClicked.connect(lambda index: self.open_detail(str(index.data(KEY_ROLE))))
        self.quests_page.view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.quests_page.view.selectionModel().currentRowChanged.connect(
            lambda now, _before: m.checklist.show_quest(
                str(now.data(KEY_ROLE)) if now.isValid() else None
            )
        )
        m.checklist.tickRequested.connect(self.tick_item)
        m.checklist.renameRequested.connect(
            lambda quest, item, text: c.handle(
                cmd.RenameChecklistItem(quest_id=quest, item_id=item, text=text),
                f"Renamed a checklist item to {text}",
            )
        )
        a.add_item.triggered.connect(self.add_checklist_item)
        a.remove_item.triggered.connect(self.remove_checklist_item)
        self.goals_page.view.doubleClicked.connect(lambda _i: self.edit_selected())

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

    def _handled(self, result: CommandResult, text: str) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, 8000)
        self.travel_page.refresh()

    def _refused(self, message: str) -> None:
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
            and self.travel_worker.pending is None
            and self.held_back is None
            and self.clock_jump_dialog is None
            and not self.bundle_flows.working
        )
        for action in self.user_actions.writing:
            action.setEnabled(writable)
        undo, redo = self.controller.undo_text(), self.controller.redo_text()
        self.user_actions.undo.setText(f"&Undo {undo}" if undo else "&Undo")
        self.user_actions.redo.setText(f"&Redo {redo}" if redo else "&Redo")
        self.user_actions.undo.setEnabled(writable and undo is not None)
        self.user_actions.redo.setEnabled(writable and redo is not None)
        self.user_actions.back_to_now.setEnabled(self.source.travelling)

    # -- dialogs ----------------------------------------------------------------------

    def open_dialog(self, dialog: CommandDialog, label: str | None = None) -> None:
        """Show a command dialog (window-modal, not blocking); OK hands its command in."""
        self.active_dialog = dialog

        def submit(command: cmd.Command) -> str | None:
            if self.controller.handle(command, label or _label_of(command)) is None:
                return self.controller.last_message  # the dialog stays open and says why
            return None

        dialog.submit = submit
        dialog.open()

    def new_habit(self) -> None:
        today = self.game.today()
        self.open_dialog(HabitDialog(self.game.state, today=today, parent=self))

    def new_quest(self) -> None:
        self.open_dialog(QuestDialog(self.game.state, today=self.game.today(), parent=self))

    def _selection(self) -> tuple[str, str | None]:
        page = self.current_page()
        if page is self.habits_page:
            return "habit", self.habits_page.selected_key()
        if page is self.quests_page:
            return "quest", self.quests_page.selected_key()
        if page is self.goals_page:
            return "goal", self.goals_page.selected_key()
        if page is self.rewards_page:
            return "reward", self.rewards_page.selected_key()
        if page is self.today_page:
            for view in (self.today_page.habits_view, self.today_page.dailies_view):
                if view.hasFocus() and view.currentIndex().isValid():
                    return "habit", str(view.currentIndex().data(KEY_ROLE))
            view = self.today_page.quests_view
            if view.hasFocus() and view.currentIndex().isValid():
                return "quest", str(view.currentIndex().data(KEY_ROLE))
        return "", None

    def edit_selected(self) -> None:
        kind, key = self._selection()
        if key is None:
            self.controller.refused.emit("Select a habit, quest, goal or reward to edit.")
            return
        state = self.game.state
        if kind == "habit":
            self.open_dialog(HabitDialog(state, key, parent=self))
        elif kind == "quest":
            self.open_dialog(QuestDialog(state, key, today=self.game.today(), parent=self))
        elif kind == "goal":
            self.open_dialog(GoalDialog(state, key, today=self.game.today(), parent=self))
        elif kind == "reward":
            self.open_dialog(RewardDialog(state, key, parent=self))

    def open_detail(self, habit_id: str | None = None) -> HabitDetail | None:
        """The habit detail of `habit_id` (default: the selected habit)."""
        if habit_id is None:
            kind, habit_id = self._selection()
            if kind != "habit" or habit_id is None:
                return None

        def edit(key: str) -> None:
            if key in self.game.state.habits:
                self.open_dialog(HabitDialog(self.game.state, key, parent=self))

        detail = HabitDetail(
            habit_id, self.source, self.controller, self.models.today, edit=edit, parent=self
        )
        self.active_dialog = detail
        self.focus_return.present(detail)
        return detail

    def archive_selected(self) -> None:
        kind, key = self._selection()
        if key is None:
            self.controller.refused.emit("Select a habit to archive (or a quest to abandon).")
            return
        if kind == "habit":
            habit = self.game.state.habits[key]
            if habit.archived:
                self.controller.handle(cmd.RestoreHabit(habit_id=key), f"Restored {habit.name}")
            else:
                self.controller.handle(cmd.ArchiveHabit(habit_id=key), f"Archived {habit.name}")
        elif kind == "quest":
            quest = self.game.state.quests[key]
            self.controller.handle(cmd.AbandonQuest(quest_id=key), f"Abandoned {quest.title}")
        else:
            self.controller.refused.emit("Only habits can be archived and quests abandoned.")

    def skip_selected(self) -> None:
        kind, key = self._selection()
        if kind != "habit" or key is None:
            self.controller.refused.emit("Select a habit to skip today.")
            return
        name = self.game.state.habits[key].name
        self.controller.handle(
            cmd.SkipHabitDay(habit_id=key, day=self.game.today()), f"Skipped {name} today"
        )

    def pause_selected(self) -> None:
        kind, key = self._selection()
        if kind != "habit" or key is None:
            self.controller.refused.emit("Select a habit to pause.")
            return
        self.open_dialog(PauseDialog(self.game.state.habits[key], self.game.today(), parent=self))

    def claim_selected(self) -> None:
        kind, key = self._selection()
        if kind != "reward" or key is None:
            self.controller.refused.emit("Select a reward to claim.")
            return
        self.claim(key)

    def claim(self, reward_id: str) -> None:
        reward = self.game.state.rewards.get(reward_id)
        title = reward.title if reward is not None else reward_id
        self.controller.handle(cmd.ClaimReward(reward_id=reward_id), f"Claimed {title}")

    def complete_selected(self) -> None:
        kind, key = self._selection()
        if kind != "quest" or key is None:
            self.controller.refused.emit("Select a quest to complete.")
            return
        self.complete_quest(key, self.game.state.quests[key].status != "completed")

    def complete_quest(self, quest_id: str, done: bool) -> None:
        quest = self.game.state.quests.get(quest_id)
        title = quest.title if quest is not None else quest_id
        if done:
            result = self.controller.handle(
                cmd.CompleteQuest(quest_id=quest_id), f"Completed {title}"
            )
            self._float_gain(result, quest_id, [self.today_page.quests_view])
        else:
            self.controller.handle(cmd.ReopenQuest(quest_id=quest_id), f"Reopened {title}")

    def tick_item(self, quest_id: str, item_id: str, ticked: bool) -> None:
        item = next(
            (i for i in self.game.state.quests[quest_id].checklist if i.item_id == item_id), None
        )
        text = item.text if item is not None else item_id
        if ticked:
            command: cmd.Command = cmd.CheckChecklistItem(quest_id=quest_id, item_id=item_id)
        else:
            command = cmd.UncheckChecklistItem(quest_id=quest_id, item_id=item_id)
        self.controller.handle(command, f"{'Ticked' if ticked else 'Unticked'} {text}")

    def add_checklist_item(self) -> None:
        quest_id = self.models.checklist.quest_id
        text = self.checklist_panel.new_item.text().strip()
        if quest_id is None:
            self.controller.handle_refused("Select a quest first, then add items to it.")
            return
        if not text:
            self.controller.handle_refused("Type the new item's text first.")
            return
        result = self.controller.handle(
            cmd.AddChecklistItem(quest_id=quest_id, text=text), f"Added {text} to the checklist"
        )
        if result is not None:
            self.checklist_panel.new_item.clear()

    def remove_checklist_item(self) -> None:
        quest_id = self.models.checklist.quest_id
        item_id = self.checklist_panel.selected_item()
        if quest_id is None or item_id is None:
            self.controller.handle_refused("Select a checklist item to remove.")
            return
        self.controller.handle(
            cmd.RemoveChecklistItem(quest_id=quest_id, item_id=item_id),
            "Removed a checklist item",
        )

    def log_from_today(self, habit_id: str, press: object, day: date | None) -> None:
        """A log clicked on Today: the controller writes it, the gain floats up from the row."""
        result = self.controller.log(habit_id, press, day)
        views = [self.today_page.habits_view, self.today_page.dailies_view]
        self._float_gain(result, habit_id, views)

    def _float_gain(self, result: CommandResult | None, key: str, views: list[Any]) -> None:
        if result is None or not result.written:
            return
        gain = outcome_words(result.events)
        if not gain:
            return
        for view in views:
            model = view.model()
            for row in range(model.rowCount()):
                index = model.index(row, view.modelColumn())
                if index.data(KEY_ROLE) == key:
                    rect = view.visualRect(index)
                    if rect.isValid() and view.isVisible():
                        self.last_gain = FloatingGain(
                            gain, rect, view.viewport(), loss=gain.startswith("-")
                        )
                    return

    def revert_event(self, event_id: str) -> None:
        self.controller.handle(cmd.RevertEvent(event_id=event_id), "Reverted")

    def quick_log(self) -> None:
        def chosen(kind: str, item_id: str) -> None:
            if item_id in self.recent_logs:
                self.recent_logs.remove(item_id)
            self.recent_logs.insert(0, item_id)
            if kind == "habit":
                # A bad habit has only its - button: the palette logs a slip, as the tray does.
                habit = self.game.state.habits.get(item_id)
                if habit is not None and habit.target is not None:
                    # A numeric habit asks how much, as the tray does; Escape logs nothing.
                    self.active_dialog = ask_amount(
                        habit.name,
                        habit.target.unit,
                        self,
                        lambda amount: self.controller.log(item_id, amount),
                    )
                    return
                negative = habit is not None and habit.kind == "negative"
                self.controller.log(item_id, "down" if negative else "up")
            else:
                self.complete_quest(item_id, True)

        palette = QuickLogPalette(self.game.state, chosen, self, self.recent_logs)
        self.active_dialog = palette
        palette.open()
        palette.edit.setFocus()

    def _busy_reason(self) -> str | None:
        """Why writing must wait just now (a travel being built, an import being
        prepared), or None."""
        if self.travel_worker.pending is not None:
            return "Still travelling in time: wait a moment or cancel it."
        if self.bundle_flows.working or self.interop.applying:
            return "An import is being applied: wait a moment or cancel it."
        if self.sync_watch.holding:
            return "Syncing with the sync folder: wait a moment."
        return None

    def open_settings(self, sync: bool = False) -> None:
        """File > Settings (`sync`: with the Sync section's folder button focused)."""
        state = self.game.state
        sync_section = SyncSettings(self.sync_watch)
        dialog = SettingsDialog(
            day_start_hour=state.settings.day_start_hour,
            time_zone=self.game.time_zone(),
            theme=str(self.settings.value("theme", "system")),
            data_dir=str(self.game.paths.data_dir),
            parent=self,
            sync_section=sync_section,
            ruleset_version=state.settings.ruleset_version,
        )
        if self.settings_toggles:
            toggles = ToggleSection("Tray and notifications", self.settings_toggles)
            dialog.add_section(toggles, on_ok=toggles.apply)
        self.active_dialog = dialog
        dialog.finished.connect(lambda _result: sync_section.detach())
        if sync:
            sync_section.choose_button.setFocus()

        def accepted() -> None:
            self.settings.setValue("theme", dialog.theme)
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, dialog.theme)
            command = dialog.command()
            if command is not None and self.controller.handle(command, "Changed settings"):
                self.check_new_day()

        dialog.accepted.connect(accepted)
        dialog.open()

    # -- time travel ------------------------------------------------------------------

    def travel_to(self, position: int) -> None:
        """Show the game as of log `position`; the past view is built by a worker."""
        if position >= self.game.position:
            self.back_to_now()
            return
        self.travel_worker.travel(position)

    def _show_past(self, past: PastView) -> None:
        shown = self.source.past
        self.source.show_past(past)
        gc.freeze()  # the past view's state is long-lived too (see ui/app.py)
        if shown is not None:
            self.travel_worker.release(shown)

    def _travel_started(self, position: int) -> None:
        self.travel_progress.setText(f"Travelling to event {position:,}…")
        self.travel_progress.show()
        self.cancel_travel_button.show()
        self.update_actions()

    def _travel_finished(self) -> None:
        self.travel_progress.hide()
        self.cancel_travel_button.hide()
        self.update_actions()

    def _travel_failed(self, message: str) -> None:
        self._refused(f"Cannot show the game as of that point: {message}")

    def back_to_now(self) -> None:
        self.travel_worker.cancel()
        shown = self.source.past
        self.source.back_to_now()
        if shown is not None:
            self.travel_worker.release(shown)

    def _switched(self, travelling: bool) -> None:
        if travelling:
            past = self.source.past
            assert past is not None
            if self.trip_head is None:
                self.trip_head = self.game.position
            self._show_banner()
            self.travel_page.show_travelled(past.position)
        else:
            self.trip_head = None
            self.banner.hide()
            self.travel_page.refresh()
        self.update_actions()

    def _show_banner(self) -> None:
        past = self.source.past
        assert past is not None
        day = self.models.today.day
        when = day_text(day, year=True) if isinstance(day, date) else "the start"
        text = f"as of event {past.position} of {self.game.position} ({when})"
        news = self.game.position - (self.trip_head or self.game.position)
        if news > 0:
            many = news != 1
            text += (
                f". Meanwhile {news} new event{'s' if many else ''} arrived; "
                f"Back to now shows {'them' if many else 'it'}"
            )
        self.banner.show_as_of(text)

    def _live_command(self, result: CommandResult) -> None:
        """A command landed in the live game while this window may show the past (one
        forwarded from the command line, a log from the tray): the past view stays as it
        is, read-only, and its banner says that new events arrived."""
        if shiboken6.isValid(self) and self.source.travelling and result.events:
            self._show_banner()

    # -- the day ----------------------------------------------------------------------

    def check_new_day(self) -> None:
        """Close ended days and move Today to the new day (the timer calls this, and once
        right after opening). More than 28 ended days waiting (a clock jump) are never
        closed here: the person is asked (`ClockJumpDialog`)."""
        if self.source.travelling or self.game.read_only or self.clock_jump_dialog is not None:
            return
        jump = self.game.clock_jump()
        if jump is not None:
            self._ask_clock_jump(jump)
            return
        if self.held_back is not None:  # the clock was put right meanwhile
            self._hold_back(None)
        today = self.game.today()
        try:
            if self.game.days_to_close():
                results = self.game.close_due_days()
                # Missed dailies can make one faint.
                self.tell_closed_days(results, self.controller.announce)
        except UnconfirmedDays as exc:  # the clock jumped between the two reads
            self._ask_clock_jump(exc.jump)
            return
        except CommandRefused as exc:
            self._refused(str(exc))
        if self.models.today.day != today:
            self.game.engine.set_today(today)

    def tell_closed_days(
        self, results: list[CommandResult], announce: Callable[[CommandResult], None]
    ) -> None:
        """Say which days closed, the dailies missed and what they cost (a warning when
        something was lost), after `announce` of each result (a faint or a level-up,
        which then has the last word)."""
        said = self.toast.text()
        for result in results:
            announce(result)
        summary = closed_days_text(results, self.game.today())
        if summary is None:
            return
        text, loss = summary
        self._handled(results[-1], text)
        if loss and self.toast.text() == said:
            self.toast.show_message(text, "warning", 6000)

    def _ask_clock_jump(self, jump: ClockJump) -> None:
        if jump == self.held_back:  # answered "stay read-only": asked again only when
            return  # the waiting days change (the next day, or a clock set again)
        dialog = ClockJumpDialog(jump, self)
        self.clock_jump_dialog = dialog
        self.active_dialog = dialog
        self.update_actions()

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
        if jump is not None:
            self.read_only_label.setText(
                f"Read-only: {jump.count:,} ended days wait to be closed (the clock may be "
                f"wrong). Fix the clock; the question comes back when the next day begins."
            )
        else:
            self.read_only_label.setText(self.read_only_reason or "")
        self.read_only_label.setVisible(jump is not None or bool(self.read_only_reason))
        self.update_actions()

    CLOSE_DAYS_PER_STEP = 7
    """Days closed between two turns of the event loop while confirming a clock jump."""

    def _close_days_through(self, last: date) -> None:
        """Close the waiting days through `last`, a week per turn of the event loop, so
        the window keeps painting while years of days are closed."""
        first = self.game.state.first_open_day()
        if first is None or first > last:
            self.statusBar().showMessage(
                f"Closed the days through {day_text(last, year=True)}.", 8000
            )
            self.check_new_day()
            return
        step = min(last, first + timedelta(days=self.CLOSE_DAYS_PER_STEP - 1))
        try:
            self.game.close_days_through(step)
        except CommandRefused as exc:
            self._refused(str(exc))
            return
        self.statusBar().showMessage(f"Closing days… {day_text(step, year=True)}")
        QTimer.singleShot(0, self, lambda: self._close_days_through(last))

    # -- settings ---------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1280, 800)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        for splitter, key in (
            (self.splitter, "window/mainSplitter"),
            (self.today_page.splitter, "window/todaySplitter"),
        ):
            sizes = self.settings.value(key)
            if isinstance(sizes, QByteArray):
                splitter.restoreState(sizes)
        page = self.settings.value("window/page", 0)
        try:
            number = int(page)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            number = 0
        self.show_page(number if 0 <= number < len(self.pages) else 0)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/mainSplitter", self.splitter.saveState())
        self.settings.setValue("window/todaySplitter", self.today_page.splitter.saveState())
        self.settings.setValue("window/page", self.nav.currentRow())
        self.settings.sync()

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
        self.travel_worker.cancel()
        self.travel_worker.wait()
        self.bundle_flows.cancel()  # an export's file goes, an import is dropped
        self.bundle_flows.wait()
        self.interop.cancel()  # an import not yet written is dropped
        self.sync_watch.shutdown()  # a pass stops between two commits
        self.save_settings()
        self.focus_return.stop()
        self.day_timer.stop()
        for model in self.models.all():
            model.detach()
        self._stop_news()
        super().closeEvent(event)


def _label_of(command: cmd.Command) -> str | None:
    """ "Added Read" or "Saved Read"; None: the controller words it from its events."""
    for attribute in ("name", "title"):
        value = getattr(command, attribute, None)
        if isinstance(value, str) and value:
            verb = "Added" if type(command).__name__.startswith("Add") else "Saved"
            return f"{verb} {value}"
    return None
