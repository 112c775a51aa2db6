"""The Habits, Quests, Goals and Rewards pages: a searchable, filterable table over
one model, with buttons that trigger the window's actions."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.ui.models.base import KEY_ROLE, SORT_ROLE, ProjectionModel
from rpgmylife_desktop.ui.proxies import FilterProxy
from rpgmylife_desktop.ui.widgets.views import EmptyTableView

WIDEST_DAY = "Wed 30 Sep 2026"
"""About the widest a day column shows (`iso_day_text` with the year)."""
DAY_PADDING = 16
"""The cell's margins either side of the text, with room to spare."""

Filter = tuple[str, frozenset[str] | None]
"""A filter choice: its label and the accepted values of the filter role (None: all)."""


class ListPage(QWidget):
    """Search box, filter choice and a sortable table; `actions` become buttons."""

    def __init__(
        self,
        name: str,
        model: ProjectionModel,
        *,
        filter_role: int | None,
        filters: Sequence[Filter],
        placeholder: str,
        actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Page")
        self.model = model
        self.proxy = FilterProxy(
            self, role=filter_role, accepted=filters[0][1] if filters else None
        )
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)  # dates by day, prices by amount, not by text
        self.search = QLineEdit()
        self.search.setObjectName(f"{name}Search")
        self.search.setPlaceholderText("Search (Ctrl+F)")
        self.search.setAccessibleName(f"Search {name}")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_words)
        self.filter_combo = QComboBox()
        self.filter_combo.setObjectName(f"{name}Filter")
        self.filter_combo.setAccessibleName(f"Show which {name}")
        for label, accepted in filters:
            self.filter_combo.addItem(label, accepted)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_accepted(self.filter_combo.currentData())
        )
        self.filter_combo.setVisible(bool(filters))
        self.view = EmptyTableView(placeholder)
        self.view.setObjectName(f"{name}Table")
        self.view.setAccessibleName(name.capitalize())
        self.view.filtered_placeholder = "Nothing matches the search or the filter."
        self.view.setModel(self.proxy)
        self.view.setWordWrap(False)  # rows are one line high: a long cell is elided
        # Unsorted (the model's order) until the person clicks a header: enabling sorting
        # sorts by the header's indicator, which would sort every row (thousands of quests
        # on a long log) only to be undone.
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The other columns fit their contents once, when the page is first shown, and
        # measure only the rows in view. Kept fitted (`ResizeToContents`), every page
        # measured every row of its model at start-up, shown or not: thousands of quests
        # on a long log, most of a launch's time.
        self.view.horizontalHeader().setResizeContentsPrecision(0)
        self.fit_columns = list(range(1, model.columnCount()))
        """Columns sized to their contents on first show (a page may size one itself)."""
        self._fitted = False
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.filter_combo)
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            for column in self.fit_columns:
                self.view.resizeColumnToContents(column)
            # A day column fitted while it held no day (no quest due yet) stayed as narrow
            # as its header, and the first due day wrapped into a clipped second line.
            widest = self.view.fontMetrics().horizontalAdvance(WIDEST_DAY) + DAY_PADDING
            for column in self.model.day_columns:
                self.view.setColumnWidth(column, max(self.view.columnWidth(column), widest))

    def selected_key(self) -> str | None:
        """The key of the selected row, or None."""
        indexes = self.view.selectionModel().selectedRows()
        if not indexes:
            current = self.view.currentIndex()
            if not current.isValid():
                return None
            indexes = [current]
        key = indexes[0].data(KEY_ROLE)
        return None if key is None else str(key)

    def select_key(self, key: str) -> None:
        source = self.model.index_of(key)
        if source.isValid():
            index = self.proxy.mapFromSource(source)
            self.view.setCurrentIndex(index)
            self.view.selectRow(index.row())

    def row_index(self, key: str) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_of(key))
