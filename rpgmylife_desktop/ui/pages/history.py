"""The History page: every event in human words, newest first, filterable and
searchable, with a context menu to view the app as of an event, revert it, or
inspect its full envelope."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QFontDatabase, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.ui.focus import FocusReturn
from rpgmylife_desktop.ui.models.history import EVENT_ID_ROLE, POSITION_ROLE, HistoryModel
from rpgmylife_desktop.ui.widgets.day_edit import DayEdit
from rpgmylife_desktop.ui.widgets.views import EmptyTableView

CATEGORIES = ("habit", "quest", "goal", "reward", "day", "undo", "settings", "character")
NEIGHBOURS = 64
"""How far around an event Inspect looks for the other events of its commit."""
SEARCH_PAUSE_MS = 300
SEARCH_MIN_WIDTH = 220
"""The search box never gets narrower than this: the day range moves below instead."""
"""How long typing pauses before History filters by the words typed."""


def envelope_text(recorded: Recorded, others: list[Recorded]) -> str:
    """The full envelope of one event and the other events of its commit."""
    data = {
        "position": recorded.position,
        "event_id": recorded.event_id,
        "event_type": type(recorded.event).event_type,
        "stream": recorded.stream,
        "stream_version": recorded.stream_version,
        "recorded_at": recorded.recorded_at.isoformat(),
        "occurred_at": recorded.occurred_at.isoformat(),
        "time_zone": recorded.tz,
        "device_id": recorded.device_id,
        "hybrid_clock": recorded.hlc,
        "command_id": recorded.command_id,
        "payload": recorded.event.payload(),
    }
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    lines = [text, "", f"Events of the same command ({len(others)}):"]
    for other in others:
        mark = "→" if other.position == recorded.position else " "
        lines.append(
            f"{mark} #{other.position}  {type(other.event).event_type}  {other.stream}"
            f" v{other.stream_version}  {other.event_id}"
        )
    return "\n".join(lines)


def inspect_event(game: Game, position: int) -> str:
    """The Inspect text of the event at `position`."""
    nearby = list(game.read_log(max(1, position - NEIGHBOURS), position + NEIGHBOURS))
    recorded = next(r for r in nearby if r.position == position)
    others = [r for r in nearby if r.command_id == recorded.command_id]
    return envelope_text(recorded, others)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class InspectDialog(QDialog):
    """The envelope of one event, selectable and copyable."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inspect event")
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("inspectText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 520)


class HistoryPage(QWidget):
    """The timeline, with its filters and context menu."""

    def __init__(
        self,
        model: HistoryModel,
        game: Game,
        *,
        travel: Callable[[int], None],
        revert: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyPage")
        self.model = model
        self._game = game
        self._travel = travel
        self._revert = revert
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("historyCategory")
        self.category_combo.setAccessibleName("Kind of event")
        self.category_combo.addItem("All events", None)
        for category in CATEGORIES:
            self.category_combo.addItem(category.capitalize(), category)
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setAccessibleName("Search history")
        self.search.setPlaceholderText("Search history (Ctrl+F), e.g. a habit's name")
        self.search.setClearButtonEnabled(True)
        self.range_box = QCheckBox("From")
        self.range_box.setObjectName("historyRange")
        self.range_box.setAccessibleName("Only events between two days")
        day = game.today()
        today = QDate(day.year, day.month, day.day)
        self.since_edit = DayEdit(today.addMonths(-1))
        self.since_edit.setObjectName("historySince")
        self.since_edit.setAccessibleName("First day")
        self.until_edit = DayEdit(today)
        self.until_edit.setObjectName("historyUntil")
        self.until_edit.setAccessibleName("Last day")
        self.status = QLabel()
        self.status.setObjectName("historyStatus")
        self.oldest_button = QPushButton("Oldest")
        self.oldest_button.setAccessibleName("Jump to the oldest event")
        self.newest_button = QPushButton("Newest")
        self.newest_button.setAccessibleName("Jump to the newest event")
        self.view = EmptyTableView("Nothing has happened yet.")
        self.view.setObjectName("historyTable")
        self.view.setAccessibleName("History")
        self.view.setModel(model)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setColumnWidth(0, 170)
        self.view.setColumnWidth(1, 560)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.doubleClicked.connect(lambda _i: self.inspect_selected())
        self.search.setMinimumWidth(SEARCH_MIN_WIDTH)
        # The day range: beside the search when the page is wide, on a line of its own
        # when it is not (at 800 px the search box had shrunk to "S…").
        self.range_row = QWidget()
        self.range_row.setObjectName("historyRangeRow")
        range_layout = QHBoxLayout(self.range_row)
        range_layout.setContentsMargins(0, 0, 0, 0)
        range_layout.addWidget(self.range_box)
        range_layout.addWidget(self.since_edit)
        range_layout.addWidget(QLabel("to"))
        range_layout.addWidget(self.until_edit)
        self.bar = QHBoxLayout()
        self.bar.addWidget(self.category_combo)
        self.bar.addWidget(self.search, 2)
        self.bar.addWidget(self.range_row)
        self.bar.addWidget(self.status)
        self.bar.addWidget(self.newest_button)
        self.bar.addWidget(self.oldest_button)
        self.second_bar = QHBoxLayout()
        self.second_bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.bar)
        layout.addLayout(self.second_bar)
        layout.addWidget(self.view)
        self._margins = layout.contentsMargins()
        self.category_combo.currentIndexChanged.connect(self._filter)
        self.range_box.toggled.connect(self._filter)
        self.since_edit.dateChanged.connect(self._range_changed)
        self.until_edit.dateChanged.connect(self._range_changed)
        # Filter as the words are typed, as every other search box of the window does (it
        # waited for Enter); a pause first, so a long log is not scanned at every key.
        self.search_pause = QTimer(self)
        self.search_pause.setSingleShot(True)
        self.search_pause.setInterval(SEARCH_PAUSE_MS)
        self.search_pause.timeout.connect(self._filter)
        self.search.returnPressed.connect(self._filter)
        self.search.textChanged.connect(
            lambda text: self.search_pause.start() if text else self._filter()
        )
        self.oldest_button.clicked.connect(self.go_oldest)
        self.newest_button.clicked.connect(self.view.scrollToTop)
        model.scanning.connect(
            lambda busy: self.status.setText("Searching…" if busy else f"{model.rowCount()} found")
        )
        self.action_travel = QAction("View the app as of here", self)
        self.action_travel.triggered.connect(self.travel_selected)
        self.action_revert = QAction("Revert this", self)
        self.action_revert.triggered.connect(self.revert_selected)
        self.action_inspect = QAction("Inspect", self)
        self.action_inspect.triggered.connect(self.inspect_selected)
        self.last_inspect: InspectDialog | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_range()

    def minimumSizeHint(self) -> QSize:
        """As narrow as the page gets with the day range on a line of its own (the
        layout's own minimum counts it beside the search box, and held the whole
        window over 1,000 px wide)."""
        hint = super().minimumSizeHint()
        margins = self._margins
        spacing = max(0, self.bar.spacing())
        line = (self.category_combo, self.status, self.newest_button, self.oldest_button)
        first = SEARCH_MIN_WIDTH + sum(w.sizeHint().width() + spacing for w in line)
        narrow = max(first, self.range_row.sizeHint().width()) + margins.left() + margins.right()
        return QSize(min(hint.width(), narrow), hint.height())

    def _place_range(self) -> None:
        """The day range on the first line when everything fits there, else below it."""
        margins = self._margins
        spacing = max(0, self.bar.spacing())
        widgets: tuple[QWidget, ...] = (self.category_combo, self.range_row, self.status)
        widgets += (self.newest_button, self.oldest_button)
        needed = SEARCH_MIN_WIDTH + margins.left() + margins.right()
        needed += sum(w.sizeHint().width() + spacing for w in widgets if not w.isHidden())
        on_first = self.bar.indexOf(self.range_row) >= 0
        if self.width() < needed and on_first:
            self.bar.removeWidget(self.range_row)
            self.second_bar.insertWidget(0, self.range_row)
        elif self.width() >= needed and not on_first:
            self.second_bar.removeWidget(self.range_row)
            self.bar.insertWidget(2, self.range_row)

    def _range_changed(self, *_args: object) -> None:
        """A day picked turns the range on (a changed day did nothing while "From" was
        unticked); ticking it filters."""
        if self.range_box.isChecked():
            self._filter()
        else:
            self.range_box.setChecked(True)

    def _filter(self, *_args: object) -> None:
        self.search_pause.stop()
        category = self.category_combo.currentData()
        since = until = None
        if self.range_box.isChecked():
            since, until = _day(self.since_edit.date()), _day(self.until_edit.date())
        self.model.set_filter([category] if category else [], self.search.text(), since, until)
        if not self.model.filtering:
            self.status.setText("")

    def go_oldest(self) -> None:
        self.view.scrollToBottom()
        last = self.model.rowCount() - 1
        if last >= 0:
            self.view.setCurrentIndex(self.model.index(last, 1))

    def _selected_position(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        position = index.data(POSITION_ROLE)
        return None if position is None else int(position)

    def _menu(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.action_travel)
        menu.addAction(self.action_revert)
        menu.addAction(self.action_inspect)
        menu.popup(self.view.viewport().mapToGlobal(point))

    def travel_selected(self) -> None:
        position = self._selected_position()
        if position is not None:
            self._travel(position)

    def revert_selected(self) -> None:
        index = self.view.currentIndex()
        event_id = index.data(EVENT_ID_ROLE) if index.isValid() else None
        if event_id:
            self._revert(str(event_id))

    def inspect_selected(self) -> None:
        position = self._selected_position()
        if position is None:
            return
        dialog = InspectDialog(inspect_event(self._game, position), self)
        self.last_inspect = dialog
        dialog.setModal(False)
        # Not modal: without a window manager only an activation gives it the keyboard
        # (shown plainly, Escape went to the main window behind it).
        returner = self.window().findChild(FocusReturn)
        if returner is not None:
            returner.present(dialog)
        else:
            dialog.show()
