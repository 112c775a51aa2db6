"""List and table views that say something helpful when they are empty."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QListView, QTableView, QWidget


def _paint_placeholder(
    view: QListView | QTableView, text: str, filtered: str | None = None
) -> None:
    """`text` when there is nothing at all; `filtered` (when given) when a proxy hides
    every row of a model that has some."""
    model = view.model()
    if (model is not None and model.rowCount() > 0) or not text:
        return
    source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else None
    if filtered and source is not None and source.rowCount() > 0:
        text = filtered
    painter = QPainter(view.viewport())
    painter.setPen(view.palette().color(QPalette.ColorRole.PlaceholderText))
    rect = view.viewport().rect().adjusted(16, 16, -16, -16)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
    painter.end()


class EmptyListView(QListView):
    """A list view with an empty state ("No quests yet: Ctrl+Shift+N")."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = placeholder

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        _paint_placeholder(self, self.placeholder, getattr(self, "filtered_placeholder", None))


class EmptyTableView(QTableView):
    """A table view with an empty state."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = placeholder
        self.filtered_placeholder: str | None = None
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        # Tab leaves the table, as it leaves every other field: a table takes Tab to move
        # from cell to cell by default, a trap in a history of thousands of rows (the
        # arrow keys move within it).
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        _paint_placeholder(self, self.placeholder, getattr(self, "filtered_placeholder", None))
