"""Today, the start page: Habits, Dailies, To-Dos and Rewards side by side, the way
Habitica shows them; each is logged with one click."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.ui.delegates import ButtonDelegate, ToDoDelegate
from rpgmylife_desktop.ui.habit_delegate import HabitDelegate
from rpgmylife_desktop.ui.models.base import ROW_ROLE
from rpgmylife_desktop.ui.models.quests import STATUS_ROLE as QUEST_STATUS_ROLE
from rpgmylife_desktop.ui.models.quests import QuestsModel
from rpgmylife_desktop.ui.models.rewards import RewardsModel
from rpgmylife_desktop.ui.models.today import (
    POSITION_ROLE,
    PRESS_ROLE,
    SCHEDULED_ROLE,
    TodayModel,
)
from rpgmylife_desktop.ui.proxies import FilterProxy
from rpgmylife_desktop.ui.widgets.views import EmptyListView

QUEST_LAYOUT_BATCH = 64
"""Open quests the To-Dos column lays out per turn of the event loop."""

QUEST_LAYOUT_BATCH_SHARED = 4
"""...and while a worker thread runs Python beside the window (a past view being built).
Each quest laid out is about two dozen calls from Qt into Python (the delegate's roles,
through the proxy), and behind a busy worker each call waits for the interpreter lock,
up to a switch interval: 64 quests a turn stalled the loop 100-160 ms on every travel
started while the column was still laying out (just after a reset, as on the way back
from the past). Four keep a turn to about a hundred such calls."""


HABIT_COLUMN_MIN = 170
"""The narrowest a habit column gets: a name, a button, the ring and today's cell
(the older cells give way first, `HabitDelegate.layout`)."""
TODO_COLUMN_MIN = 124
"""Room for "Ctrl+Shift+N" of the empty To-Dos on one line."""
REWARD_COLUMN_MIN = 160
"""A reward's name beside its "Claim · 20 gold" button."""


NO_HABITS = (
    # A person coming from another tracker first sees this: say where history comes in.
    "No habits yet: Ctrl+N adds one, or File > Import from brings yours from Loop, "
    "Habitica or a spreadsheet."
)
NO_DAILIES = "No dailies yet: Ctrl+N adds one."


def empty_column_text(habits: Iterable[Habit], *, scheduled: bool) -> str:
    """Why Today's Habits column (`scheduled` False) or Dailies column is empty, in one
    sentence: none of its kind yet (and how to add one), or every one archived (and
    where they are). Today lists every habit that is not archived, a paused one or one
    not started yet too, so nothing else leaves a column empty."""
    kind = [h for h in habits if (h.schedule.kind != "unscheduled") == scheduled]
    if not kind or not all(h.archived for h in kind):
        return NO_DAILIES if scheduled else NO_HABITS
    noun = "daily" if scheduled else "habit"
    if len(kind) == 1:
        return (
            f"Your one {noun}, {kind[0].name}, is archived: "
            "the Habits page (Ctrl+2) lists it under Archived."
        )
    nouns = "dailies" if scheduled else "habits"
    return (
        f"All {len(kind)} {nouns} are archived: the Habits page (Ctrl+2) lists them under Archived."
    )


def _column(title: str, view: EmptyListView) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    label = QLabel(f"<b>{title}</b>")
    label.setBuddy(view)
    layout.addWidget(label)
    layout.addWidget(view)
    return box


class TodayPage(QWidget):
    """Four columns over the Today, Quests and Rewards models."""

    def __init__(
        self,
        today: TodayModel,
        quests: QuestsModel,
        rewards: RewardsModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self.today_model = today
        self.menu_view: EmptyListView | None = None
        """The habit list whose right-click menu is acting (its selection is meant)."""
        self.habits_proxy = FilterProxy(
            self, role=SCHEDULED_ROLE, accepted={False}, sort_role=POSITION_ROLE
        )
        self.habits_proxy.setSourceModel(today)
        self.dailies_proxy = FilterProxy(
            self, role=SCHEDULED_ROLE, accepted={True}, sort_role=POSITION_ROLE
        )
        self.dailies_proxy.setSourceModel(today)
        self.quests_proxy = FilterProxy(self, role=QUEST_STATUS_ROLE, accepted={"open"})
        self.quests_proxy.setSourceModel(quests)
        self.habits_view = self._habit_view("habitsList", "Habits", self.habits_proxy, NO_HABITS)
        self.dailies_view = self._habit_view(
            "dailiesList", "Dailies", self.dailies_proxy, NO_DAILIES
        )
        self.quests_view = EmptyListView("No open quests: Ctrl+Shift+N adds one.")
        self.quests_view.setObjectName("todosList")
        self.quests_view.setAccessibleName("To-Dos")
        self.quests_view.setModel(self.quests_proxy)
        self.quests_view.setModelColumn(0)
        self.quests_view.setItemDelegate(ToDoDelegate(self))
        self.quests_view.setSpacing(3)  # rows as airy as the other columns'
        self.quests_view.setWordWrap(True)  # a long title wraps instead of scrolling sideways
        self.quests_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Wrapped rows have their own heights, so the list measures every row; with
        # thousands of open quests it does so a batch per turn of the event loop, after
        # the first screenful, instead of all before the window can paint.
        self.quests_view.setLayoutMode(QListView.LayoutMode.Batched)
        self.quests_view.setBatchSize(QUEST_LAYOUT_BATCH)
        self.rewards_view = EmptyListView("No rewards yet: add one on the Rewards page.")
        self.rewards_view.setObjectName("rewardsList")
        self.rewards_view.setAccessibleName("Rewards")
        self.rewards_view.setModel(rewards)
        self.rewards_view.setItemDelegate(ButtonDelegate(self))
        self.rewards_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rewards_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.splitter = QSplitter(self)
        self.splitter.setObjectName("todaySplitter")
        self.splitter.setChildrenCollapsible(False)
        for title, view, least in (
            ("Habits", self.habits_view, HABIT_COLUMN_MIN),
            ("Dailies", self.dailies_view, HABIT_COLUMN_MIN),
            ("To-Dos", self.quests_view, TODO_COLUMN_MIN),
            ("Rewards", self.rewards_view, REWARD_COLUMN_MIN),
        ):
            column = _column(title, view)
            column.setMinimumWidth(least)
            self.splitter.addWidget(column)
        self.splitter.setSizes([410, 440, 170, 260])
        self.day_label = QLabel()
        self.day_label.setObjectName("dayLabel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.day_label)
        layout.addWidget(self.splitter, 1)
        today.modelReset.connect(self._show_day)
        for signal in (today.modelReset, today.rowsInserted, today.rowsRemoved, today.dataChanged):
            signal.connect(self._explain_empty)
        self._show_day()
        self._explain_empty()

    def offer_actions(self, actions: Sequence[QAction]) -> None:
        """Offer `actions` (Skip today, Pause habit…, ...) on a right click on a habit
        row; they act on the selected habit, so the click selects the row first."""
        for view in (self.habits_view, self.dailies_view):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, view=view: self._habit_menu(view, pos, actions)
            )

    def _habit_menu(self, view: EmptyListView, pos: QPoint, actions: Sequence[QAction]) -> None:
        index = view.indexAt(pos)
        if not index.isValid():
            return
        view.setCurrentIndex(index)
        view.setFocus()  # the actions act on the list that has the keyboard
        menu = QMenu(view)
        menu.setObjectName("todayHabitMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in actions:
            # The window's own action acts on the list that has the keyboard, and the
            # menu has it when an item is chosen: `menu_view` names the row's list.
            item = menu.addAction(action.icon(), action.text())
            item.setEnabled(action.isEnabled())
            item.triggered.connect(lambda _c=False, a=action: self._act_on(view, a))
        menu.popup(view.viewport().mapToGlobal(pos))

    def _act_on(self, view: EmptyListView, action: QAction) -> None:
        self.menu_view = view
        try:
            action.trigger()
        finally:
            self.menu_view = None
        view.setFocus()

    def share_the_interpreter(self, sharing: bool) -> None:
        """Lay the To-Dos out in small batches while a worker thread runs Python
        (`QUEST_LAYOUT_BATCH_SHARED`), in the usual ones otherwise."""
        batch = QUEST_LAYOUT_BATCH_SHARED if sharing else QUEST_LAYOUT_BATCH
        self.quests_view.setBatchSize(batch)

    def _habit_view(
        self, name: str, accessible: str, proxy: FilterProxy, placeholder: str
    ) -> EmptyListView:
        view = EmptyListView(placeholder)
        view.setObjectName(name)
        view.setAccessibleName(accessible)
        view.setModel(proxy)
        # One delegate per view: a delegate's commitData reaches every view it serves,
        # and a view warns about an editor that is not its own.
        view.setItemDelegate(HabitDelegate(view))
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setMouseTracking(True)
        view.setUniformItemSizes(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setToolTip(
            "+ logs, − slips, Space ticks a daily or asks its amount; double-click for statistics"
        )
        view.installEventFilter(self)
        return view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keyboard logging on a habit list: + (or =) logs, − slips; a numeric habit's +
        or Space opens its amount field (Space ticks any other daily through the
        view's own check toggle)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            view = watched if isinstance(watched, EmptyListView) else None
            index = view.currentIndex() if view is not None else None
            if view is not None and index is not None and index.isValid():
                key = event.key()
                row = index.data(ROW_ROLE)
                numeric = row is not None and row.target is not None
                if key in (Qt.Key.Key_Space, Qt.Key.Key_Select) and numeric:
                    # A numeric habit has no tick: Space did nothing on one.
                    view.edit(index)
                    return True
                if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                    if numeric:
                        view.edit(index)
                    else:
                        view.model().setData(index, "up", PRESS_ROLE)
                    return True
                if key == Qt.Key.Key_Minus:
                    view.model().setData(index, "down", PRESS_ROLE)
                    return True
        return super().eventFilter(watched, event)

    def _explain_empty(self, *_args: object) -> None:
        """Say why an empty Habits or Dailies column is empty (`empty_column_text`)."""
        habits = self.today_model.source.engine.state.habits.values()
        for view, scheduled in ((self.habits_view, False), (self.dailies_view, True)):
            if view.model().rowCount() == 0:
                text = empty_column_text(habits, scheduled=scheduled)
                if text != view.placeholder:
                    view.placeholder = text
                    view.viewport().update()

    def _show_day(self) -> None:
        day = self.today_model.day
        self.day_label.setText("" if day is None else f"<h2>{day:%A} {day.day} {day:%B %Y}</h2>")
