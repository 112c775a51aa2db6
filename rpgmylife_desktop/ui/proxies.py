"""Filtering and sorting proxies: by a role's value and by words (every word must
match, case-insensitively), re-filtering only when the filter really changed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

Index = QModelIndex | QPersistentModelIndex


class FilterProxy(QSortFilterProxyModel):
    """Rows whose `role` value is in the accepted set (all when none is set) and whose
    text columns hold every search word; sorted by `sort_role` when given."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        role: int | None = None,
        accepted: Iterable[Any] | None = None,
        sort_role: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._role = role
        self._accepted: frozenset[Any] | None = None if accepted is None else frozenset(accepted)
        self._words: tuple[str, ...] = ()
        self._row_role: Any = None
        """The source model's `row_role` (read once: a model reset filters every row)."""
        if sort_role is not None:
            self.setSortRole(sort_role)
            self.setDynamicSortFilter(True)
            self.sort(0, Qt.SortOrder.AscendingOrder)

    def set_accepted(self, accepted: Iterable[Any] | None) -> None:
        new = None if accepted is None else frozenset(accepted)
        if new != self._accepted:
            self._refilter(lambda: setattr(self, "_accepted", new))

    def set_words(self, text: str) -> None:
        words = tuple(word.casefold() for word in text.split())
        if words != self._words:
            self._refilter(lambda: setattr(self, "_words", words))

    def _refilter(self, change: Any) -> None:
        begin = getattr(self, "beginFilterChange", None)
        if begin is not None:  # Qt 6.10 on
            begin()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateRowsFilter()

    def setSourceModel(self, model: Any) -> None:
        self._row_role = getattr(model, "row_role", None)
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        row_role, role, accepted = self._row_role, self._role, self._accepted
        if row_role is not None and role is not None and accepted is not None and not self._words:
            # The common case kept short: Qt asks for every row at each reset of the model
            # (3,678 quests twice on a 20-year log, at every step into or out of the past).
            # A model with `row_role` is a flat table: the parent is always the root.
            return row_role(source_row, role) in accepted
        return self._accepts(source_row, source_parent)

    def _accepts(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        if self._role is not None and self._accepted is not None:
            row_role = getattr(model, "row_role", None)
            if row_role is not None and not source_parent.isValid():
                value = row_role(source_row, self._role)  # no index per row: see row_role
            else:
                value = model.index(source_row, 0, source_parent).data(self._role)
            if value not in self._accepted:
                return False
        if self._words:
            text = " ".join(
                str(model.index(source_row, column, source_parent).data() or "")
                for column in range(model.columnCount(source_parent))
            ).casefold()
            return all(word in text for word in self._words)
        return True
