"""A base for read models that keep immutable rows in a dict keyed by id.

Rows are frozen dataclasses, so a checkpoint is a shallow copy of the dict and
a change is announced only when a row really differs (precise announcements).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

from rpgmylife_desktop.projections.base import Json
from rpgmylife_desktop.projections.changes import Change, ChangeKind, Key

Row = TypeVar("Row")


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples that frozen rows hold."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value


class KeyedRows(Generic[Row]):
    """Rows by key with precise insert/update/remove announcements.

    Subclasses set `name` and `row_type` (a frozen dataclass of JSON-able
    fields; tuples become lists in JSON) and override `row_to_data` /
    `row_from_data` when a row nests other dataclasses.
    """

    name: ClassVar[str]
    row_type: ClassVar[type[Any]]

    def __init__(self) -> None:
        self._rows: dict[Key, Row] = {}

    def rows(self) -> Mapping[Key, Row]:
        """Every row by key (display order is the subclass's `ordered()` when it has one)."""
        return self._rows

    def get(self, key: Key) -> Row | None:
        """One row, or None."""
        return self._rows.get(key)

    def __len__(self) -> int:
        return len(self._rows)

    def clear(self) -> None:
        """Forget every row."""
        self._rows = {}

    def checkpoint(self) -> object:
        """A shallow copy: rows are immutable."""
        return dict(self._rows)

    def restore(self, checkpoint: object) -> None:
        """Back to a checkpoint's rows."""
        assert isinstance(checkpoint, dict)
        self._rows = dict(checkpoint)

    def _put(self, key: Key, row: Row | None, changes: list[Change]) -> None:
        """Set (or with None, remove) one row, announcing only a real difference."""
        old = self._rows.get(key)
        if row is None:
            if old is not None:
                del self._rows[key]
                changes.append(Change(self.name, ChangeKind.REMOVED, key))
            return
        if old is None:
            self._rows[key] = row
            changes.append(Change(self.name, ChangeKind.INSERTED, key))
        elif old != row:
            self._rows[key] = row
            changes.append(Change(self.name, ChangeKind.UPDATED, key))

    def row_to_data(self, row: Row) -> Json:
        """One row as JSON-able data."""
        return dataclasses.asdict(row)  # type: ignore[call-overload]

    def row_from_data(self, data: Json) -> Row:
        """One row from `row_to_data`'s output."""
        row: Row = self.row_type(**{name: _tuples(value) for name, value in data.items()})
        return row

    def to_data(self) -> Json:
        """Every row, in order, as JSON-able data (keys kept with their type)."""
        return [[key, self.row_to_data(row)] for key, row in self._rows.items()]

    def load_data(self, data: Json) -> None:
        """Replace the rows with `to_data`'s output."""
        self._rows = {key: self.row_from_data(row) for key, row in data}
