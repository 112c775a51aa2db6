"""Every habit (archived too), for the Habits page."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QMimeData, QModelIndex, Qt, Signal

from rpgmylife_desktop.projections.habit_list import HabitRow, logs_text
from rpgmylife_desktop.ui.models.base import FIRST_CUSTOM_ROLE, Index, ProjectionModel

STATUS_ROLE = FIRST_CUSTOM_ROLE
"""active or archived."""
POSITION_ROLE = FIRST_CUSTOM_ROLE + 1
"""The habit's place in the user's order (the proxy sorts by it)."""
KIND_ROLE = FIRST_CUSTOM_ROLE + 2
"""positive, negative or both."""
MIME_TYPE = "application/x-rpgmylife-habit-ids"
LOGS_COLUMN = 4
LOGS_TIP = (
    "Every press of the habit: + and − apart for a habit with a − button "
    "(+12 / −3); a bad habit's slips are its − presses (−3)"
)
"""The "Logs" header's tooltip: what the column counts."""


class HabitsModel(ProjectionModel):
    """Rows keyed by habit id."""

    projection_name = "habits"
    columns = (
        ("Name", lambda r: r.name),
        ("Schedule", lambda r: r.schedule),
        ("Target", lambda r: r.target),
        ("Difficulty", lambda r: r.difficulty),
        (
            "Logs",
            lambda r: logs_text(r.kind, r.up_logs, r.down_logs),
            lambda r: r.total_logs,
        ),  # sorted by every press
        ("Status", lambda r: r.status),
    )
    extra_roles: ClassVar[dict[int, bytes]] = {
        STATUS_ROLE: b"status",
        POSITION_ROLE: b"position",
        KIND_ROLE: b"kind",
    }
    row_roles: ClassVar[frozenset[int]] = frozenset({STATUS_ROLE})

    reorderRequested = Signal(tuple)
    """The habit ids in their new order (a drag and drop); the window hands it in."""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and section == LOGS_COLUMN
        ):
            return LOGS_TIP
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self._source.travelling:
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Any) -> QMimeData:
        keys = list(dict.fromkeys(str(self.key_at(i.row())) for i in indexes if i.isValid()))
        data = QMimeData()
        data.setData(MIME_TYPE, "\n".join(keys).encode())
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME_TYPE):
            return False
        moved = [key for key in bytes(data.data(MIME_TYPE).data()).decode().split("\n") if key]
        if parent.isValid():
            row = parent.row()
        state = self._source.engine.state
        order = [h.habit_id for h in state.habits_in_order()]
        target = str(self.key_at(row)) if 0 <= row < len(self._keys) else None
        rest = [key for key in order if key not in moved]
        at = rest.index(target) if target in rest else len(rest)
        new_order = (*rest[:at], *[key for key in moved if key in order], *rest[at:])
        if list(new_order) != order:
            self.reorderRequested.emit(new_order)
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return False  # a move is a reorder command; the announcements move nothing away

    def role_data(self, index: Index, value: Any, role: int) -> Any:
        row: HabitRow = value
        if role == STATUS_ROLE:
            return row.status
        if role == POSITION_ROLE:
            return row.position
        if role == KIND_ROLE:
            return row.kind
        return None
