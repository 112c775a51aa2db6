"""A list of check boxes to choose several linked items (a goal's habits and quests)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from rpgmylife_desktop.ui.words import tooltip


class LinkList(QListWidget):
    """One checkable row per choice; `fixed` rows show a link made elsewhere, checked and
    not changeable here (with the reason as a tooltip)."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setMaximumHeight(110)

    def fill(
        self,
        choices: Iterable[tuple[str, str]],
        checked: Iterable[str],
        fixed: dict[str, str] | None = None,
    ) -> None:
        """`choices`: (id, label) in order; `checked`: the ids linked now; `fixed`: id ->
        why that link cannot be changed here."""
        chosen, fixed = set(checked), fixed or {}
        for key, label in choices:
            item = QListWidgetItem(label, self)
            item.setData(Qt.ItemDataRole.UserRole, key)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if key in fixed:
                item.setToolTip(tooltip(fixed[key]))
                item.setCheckState(Qt.CheckState.Checked)
            else:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
                checked_now = key in chosen
                item.setCheckState(
                    Qt.CheckState.Checked if checked_now else Qt.CheckState.Unchecked
                )
            item.setFlags(flags)

    def item_for(self, key: str) -> QListWidgetItem | None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                return item
        return None

    def chosen(self) -> tuple[str, ...]:
        """The ids checked by the person (links made elsewhere are not included)."""
        picked = []
        for row in range(self.count()):
            item = self.item(row)
            if (
                item.flags() & Qt.ItemFlag.ItemIsUserCheckable
                and item.checkState() == Qt.CheckState.Checked
            ):
                picked.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(picked)
