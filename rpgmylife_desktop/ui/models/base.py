"""The base of the item models over keyed read models (projections).

A model keeps the keys it shows, in the projection's display order, and turns
each change announcement into exactly one row signal: an inserted key becomes
one `beginInsertRows`, an updated key one `dataChanged` over its row, a
removed key one `beginRemoveRows`. Only a `RESET` (a rebuild after a late
event, entering or leaving time travel, a new day) resets the model.

Rows are read from the projection when first shown and kept until an update,
so a row that is about to be removed can still be painted.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.base import Projection
from rpgmylife_desktop.projections.changes import Change, ChangeKind, Key
from rpgmylife_desktop.ui.dates import iso_day_text, iso_sort_key
from rpgmylife_desktop.ui.view_source import ViewSource
from rpgmylife_desktop.ui.words import tooltip

Index = QModelIndex | QPersistentModelIndex

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's key (an aggregate id, an ISO day, a position)."""
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
"""The whole row value of the projection (a frozen dataclass)."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
"""What a column sorts by: its sort key when it has one (an ISO day for a date shown as
"tomorrow" or "Tue 3 Nov", a number shown with its unit), else its display value. A
proxy sorting by display text would put "tomorrow" after "Tue 3 Nov" and "10 gold"
before "5 gold"."""
FIRST_CUSTOM_ROLE = Qt.ItemDataRole.UserRole + 10
"""Subclasses number their own roles from here."""

Column = tuple[str, Callable[[Any], Any]] | tuple[str, Callable[[Any], Any], Callable[[Any], Any]]
"""A column: its header, how to read its display value from a row and, optionally, how to
read the value it sorts by (`SORT_ROLE`; the display value when not given)."""


def keys_of(projection: Any) -> list[Key]:
    """The projection's keys in display order."""
    keys = getattr(projection, "keys", None)
    if callable(keys):
        return list(keys())
    return list(projection.rows())


def row_of(projection: Any, key: Key) -> Any:
    """One row of the projection, or None."""
    return row_reader(projection)(key)


def row_reader(projection: Any) -> Callable[[Key], Any]:
    """What reads one row of the projection by key (None when it has none)."""
    read: Callable[[Key], Any] | None = getattr(projection, "row", None)
    if callable(read):
        return read
    get: Callable[[Key], Any] | None = getattr(projection, "get", None)
    if callable(get):
        return get
    return lambda key: projection.rows().get(key)


_NO_INDEX = QModelIndex()
"""What `row_role` hands `role_data` for a role that does not read the index."""


class ProjectionModel(QAbstractTableModel):
    """A table over one projection's rows, kept in step by its change announcements."""

    projection_name: ClassVar[str]
    columns: ClassVar[Sequence[Column]] = ()
    extra_roles: ClassVar[dict[int, bytes]] = {}
    day_columns: ClassVar[frozenset[int]] = frozenset()
    """Columns whose value is an ISO day: shown as "today", "tomorrow" or "Tue 3 Nov"
    (`iso_day_text`), sorted by the day itself (`SORT_ROLE`)."""
    row_roles: ClassVar[frozenset[int]] = frozenset()
    """Custom roles whose `role_data` reads the row alone, never the index: `row_role`
    answers them without building a QModelIndex."""

    def __init__(self, source: ViewSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._keys: list[Key] = []
        self._rows: dict[Key, Any] = {}
        self._role_columns: dict[int, list[Any]] = {}
        """`row_roles` values of every row, by role: read in one pass after a reset, then
        kept in step with each inserted, updated or removed row."""
        self.resets = 0
        """How many times the model reset (tests check no reset hides a precise change)."""
        self._keys = keys_of(self.projection)
        self._unsubscribe = source.game.subscribe(self._on_changes, [self.projection_name])
        source.switched.connect(self._on_switched)

    # -- the projection -------------------------------------------------------------

    @property
    def projection(self) -> Projection[GameState, Recorded]:
        """The read model shown now (live or as of the past)."""
        return self._source.engine.models.named(self.projection_name)

    @property
    def source(self) -> ViewSource:
        return self._source

    def key_at(self, row: int) -> Key:
        return self._keys[row]

    def keys(self) -> list[Key]:
        """The keys shown, in row order."""
        return list(self._keys)

    def row_value(self, row: int) -> Any:
        """The projection's row shown at `row`."""
        key = self._keys[row]
        value = self._rows.get(key)
        if value is None:
            value = row_of(self.projection, key)
            if value is not None:
                self._rows[key] = value
        return value

    def row_role(self, row: int, role: int) -> Any:
        """What `index(row, 0).data(role)` answers. The filters read one role of every
        row at each model reset (both quest filters read 3,678 quests on a 20-year log,
        at every step in and out of the past): for `row_roles` this skips building an
        index and Qt's call back into `data`."""
        if role not in self.row_roles:
            return self.index(row, 0).data(role)
        column = self._role_columns.get(role)
        if column is None:  # the first row asked after a change: read them all at once
            column = self._role_columns[role] = self._role_column(role)
        return column[row] if 0 <= row < len(column) else None

    def _role_value(self, row: int, role: int) -> Any:
        value = self.row_value(row)
        return None if value is None else self.role_data(_NO_INDEX, value, role)

    def _role_column(self, role: int) -> list[Any]:
        read, held, column = row_reader(self.projection), self._rows, []
        for key in self._keys:
            value = held.get(key)
            if value is None:
                value = read(key)
                if value is not None:
                    held[key] = value
            column.append(None if value is None else self.role_data(_NO_INDEX, value, role))
        return column

    def row_for_key(self, key: Key) -> int:
        """The row of `key`, or -1."""
        try:
            return self._keys.index(key)
        except ValueError:
            return -1

    def index_of(self, key: Key, column: int = 0) -> QModelIndex:
        row = self.row_for_key(key)
        return QModelIndex() if row < 0 else self.index(row, column)

    def detach(self) -> None:
        """Stop listening to the game (the window is closing)."""
        self._unsubscribe()

    # -- change announcements ---------------------------------------------------------

    def _on_changes(self, changes: Sequence[Change]) -> None:
        if not shiboken6.isValid(self) or self._source.travelling:
            return
        for change in changes:
            self.apply_change(change)

    def _on_switched(self, _travelling: bool) -> None:
        if shiboken6.isValid(self):
            self.reload()

    def apply_change(self, change: Change) -> None:
        """Turn one announcement into exactly one row signal (or one reset)."""
        kind, key = change.kind, change.key
        if kind is ChangeKind.RESET or key is None:
            self.reload()
        elif kind is ChangeKind.INSERTED:
            self._insert(key)
        elif kind is ChangeKind.UPDATED:
            self._update(key)
        elif kind is ChangeKind.REMOVED:
            self._remove(key)

    def _insert(self, key: Key) -> None:
        if key in self._rows or key in self._keys:
            self._update(key)
            return
        order = {k: i for i, k in enumerate(keys_of(self.projection))}
        end = len(order)
        ranks = [order.get(k, end) for k in self._keys]
        at = bisect_left(ranks, order.get(key, end)) if ranks == sorted(ranks) else len(ranks)
        self.beginInsertRows(QModelIndex(), at, at)
        self._keys.insert(at, key)
        for role, column in self._role_columns.items():
            column.insert(at, self._role_value(at, role))
        self.endInsertRows()

    def _update(self, key: Key) -> None:
        row = self.row_for_key(key)
        if row < 0:
            self._insert(key)
            return
        self._rows.pop(key, None)
        for role, column in self._role_columns.items():
            column[row] = self._role_value(row, role)
        last = max(0, self.columnCount() - 1)
        self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _remove(self, key: Key) -> None:
        row = self.row_for_key(key)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[row]
        self._rows.pop(key, None)
        for column in self._role_columns.values():
            del column[row]
        self.endRemoveRows()

    def reload(self) -> None:
        """Read every row again (one model reset)."""
        self.beginResetModel()
        self._keys = keys_of(self.projection)
        self._rows = {}
        self._role_columns = {}
        self.resets += 1
        self.endResetModel()

    # -- the Qt model contract -------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else max(1, len(self.columns))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._keys):
            return None
        value = self.row_value(index.row())
        if value is None:
            return None
        if role == KEY_ROLE:
            return self._keys[index.row()]
        if role == ROW_ROLE:
            return value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if 0 <= index.column() < len(self.columns):
                shown = self.display_value(index.column(), value)
                if shown is None:
                    return None
                return str(shown) if role == Qt.ItemDataRole.DisplayRole else tooltip(str(shown))
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole and 0 <= index.column() < len(self.columns):
            shown = self.display_value(index.column(), value)
            return f"{self.columns[index.column()][0]}: {shown}"
        if role == SORT_ROLE and 0 <= index.column() < len(self.columns):
            column = self.columns[index.column()]
            if len(column) == 3:
                return column[2](value)
            if index.column() in self.day_columns:
                return iso_sort_key(column[1](value))
            return column[1](value)
        return self.role_data(index, value, role)

    def display_value(self, column: int, value: Any) -> Any:
        """What column `column` shows of the row `value` (a subclass may word it with what
        the row alone does not know, such as which day is today)."""
        shown = self.columns[column][1](value)
        if column in self.day_columns:
            return iso_day_text(shown, self.shown_day())
        return shown

    def shown_day(self) -> date | None:
        """The day the window shows as today (the past one while travelling)."""
        day = getattr(self._source.engine.models.named("today"), "day", None)
        return day if isinstance(day, date) else None

    def day_moved(self) -> None:
        """Today is another day (a rollover): the day columns' words ("tomorrow") change."""
        if self._keys and self.day_columns:  # every role: words built on the day change too
            last_row, last_column = len(self._keys) - 1, self.columnCount() - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last_row, last_column))

    def role_data(self, index: Index, value: Any, role: int) -> Any:
        """Subclasses answer their own roles here."""
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        names = dict(super().roleNames())
        names[KEY_ROLE] = QByteArray(b"key")
        names[ROW_ROLE] = QByteArray(b"row")
        for role, name in self.extra_roles.items():
            names[role] = QByteArray(name)
        return names
