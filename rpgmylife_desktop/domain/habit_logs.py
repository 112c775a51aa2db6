"""The live logs of one habit, packed in columns, and the per-day tallies.

A heavy 20-year profile has about a million live logs. Kept as one object per log (with
its event id text, in a dict) they cost hundreds of bytes each to hold and seconds to load from a
snapshot. `LogColumns` keeps them as `array` columns (day ordinal, up/down and
has-amount flags, amount, value/XP/gold/HP deltas) plus a 16-byte key per log.

Nothing reads a log's event id back; undo and revert only ask "is the log with this event
id live, and what did it pay?" (`in`, `get`, `pop`). So the key is a 16-byte BLAKE2b hash
of the event id (ids need not be UUIDs: the in-memory `Game` uses `device-00000001`),
found by a C-speed search of one `bytearray`, newest first (an undo takes back a recent
log). Columns are shared by copies until one side changes them (copy-on-write), so
engine checkpoints cost almost nothing.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date
from hashlib import blake2b
from typing import Any, NamedTuple

from rpgmylife_desktop.domain.packing import Blobs, get_array, get_blob, put_array, put_blob
from rpgmylife_desktop.domain.values import Direction

KEY_SIZE = 16
"""Bytes of an event id's key (collisions at 2^-128 odds are not a concern)."""

_UP = 1
_HAS_AMOUNT = 2


class LogEntry(NamedTuple):
    """One live (not reverted) log, as `Habit.logs.get(event_id)` gives it back."""

    day: date
    direction: Direction
    amount: float | None
    value_delta: float
    xp_delta: int
    gold_delta: float
    hp_delta: float


class DayTally(NamedTuple):
    """What was logged for a habit on one local day (immutable: copies share it)."""

    up: int = 0
    down: int = 0
    amount: float = 0.0

    def is_empty(self) -> bool:
        """True when nothing counts any more (every log of the day was reverted)."""
        return self.up == 0 and self.down == 0 and abs(self.amount) < 1e-9


def log_amount(direction: Direction, amount: float | None) -> float:
    """How much a log adds to the day's total: its amount (1 when none), up logs only."""
    if direction != "up":
        return 0.0
    return 1.0 if amount is None else amount


def event_key(event_id: str) -> bytes:
    """The fixed-size key a log's event id is found by."""
    return blake2b(event_id.encode(), digest_size=KEY_SIZE).digest()


class LogColumns:
    """The live logs of one habit (a compact stand-in for `dict[event_id, LogEntry]`)."""

    __slots__ = (
        "_amounts",
        "_days",
        "_flags",
        "_gold",
        "_hp",
        "_keys",
        "_shared",
        "_values",
        "_xp",
    )
    _keys: bytearray
    _days: array[int]
    _flags: array[int]
    _amounts: array[float]
    _values: array[float]
    _xp: array[int]
    _gold: array[float]
    _hp: array[float]
    _shared: bool

    def __init__(self) -> None:
        self._keys = bytearray()
        self._days = array("i")
        self._flags = array("b")
        self._amounts = array("d")
        self._values = array("d")
        self._xp = array("q")
        self._gold = array("d")
        self._hp = array("d")
        self._shared = False

    def __len__(self) -> int:
        return len(self._days)

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and self._find(event_key(event_id)) >= 0

    def get(self, event_id: str) -> LogEntry | None:
        """The live log recorded under `event_id`, if any."""
        index = self._find(event_key(event_id))
        return None if index < 0 else self._entry(index)

    def add(self, event_id: str, entry: LogEntry) -> None:
        """Keep a new live log."""
        self._own()
        self._keys += event_key(event_id)
        self._days.append(entry.day.toordinal())
        flags = _UP if entry.direction == "up" else 0
        if entry.amount is not None:
            flags |= _HAS_AMOUNT
        self._flags.append(flags)
        self._amounts.append(0.0 if entry.amount is None else entry.amount)
        self._values.append(entry.value_delta)
        self._xp.append(entry.xp_delta)
        self._gold.append(entry.gold_delta)
        self._hp.append(entry.hp_delta)

    def pop(self, event_id: str) -> LogEntry | None:
        """Forget the live log recorded under `event_id` and return it (None: none)."""
        index = self._find(event_key(event_id))
        if index < 0:
            return None
        entry = self._entry(index)
        self._own()
        del self._keys[index * KEY_SIZE : (index + 1) * KEY_SIZE]
        for column in self._columns():
            del column[index]
        return entry

    def _find(self, key: bytes) -> int:
        """The index of the newest log with `key`, or -1."""
        keys, end = self._keys, len(self._keys)
        while True:
            at = keys.rfind(key, 0, end)
            if at < 0 or at % KEY_SIZE == 0:
                return at if at < 0 else at // KEY_SIZE
            end = at + KEY_SIZE - 1  # a match across two keys: look further back

    def _entry(self, index: int) -> LogEntry:
        flags = self._flags[index]
        return LogEntry(
            date.fromordinal(self._days[index]),
            "up" if flags & _UP else "down",
            self._amounts[index] if flags & _HAS_AMOUNT else None,
            self._values[index],
            self._xp[index],
            self._gold[index],
            self._hp[index],
        )

    def _columns(self) -> tuple[array[Any], ...]:
        return (
            self._days,
            self._flags,
            self._amounts,
            self._values,
            self._xp,
            self._gold,
            self._hp,
        )

    def _own(self) -> None:
        """Take private copies of columns shared with a copy before changing them."""
        if self._shared:
            copies = [array(c.typecode, c) for c in self._columns()]
            self._set_columns(bytearray(self._keys), *copies)

    def copy(self) -> LogColumns:
        """An independent copy: the columns are shared until either side changes."""
        other = LogColumns.__new__(LogColumns)
        other._set_columns(self._keys, *self._columns())
        self._shared = other._shared = True
        return other

    def _set_columns(self, keys: bytearray, *columns: array[Any]) -> None:
        self._keys = keys
        (
            self._days,
            self._flags,
            self._amounts,
            self._values,
            self._xp,
            self._gold,
            self._hp,
        ) = columns
        self._shared = False

    def to_data(self, blobs: Blobs | None) -> dict[str, Any]:
        """The columns as JSON-able data (see `packing`)."""
        names = ("days", "flags", "amounts", "values", "xp", "gold", "hp")
        data = {name: put_array(c, blobs) for name, c in zip(names, self._columns(), strict=True)}
        data["keys"] = put_blob(bytes(self._keys), blobs)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any], blobs: Sequence[bytes] | None) -> LogColumns:
        """The inverse of `to_data` (ValueError when the columns do not fit together)."""
        columns = (
            get_array(data["days"], "i", blobs),
            get_array(data["flags"], "b", blobs),
            get_array(data["amounts"], "d", blobs),
            get_array(data["values"], "d", blobs),
            get_array(data["xp"], "q", blobs),
            get_array(data["gold"], "d", blobs),
            get_array(data["hp"], "d", blobs),
        )
        keys = bytearray(get_blob(data["keys"], blobs))
        if len(keys) % KEY_SIZE or {len(c) for c in columns} != {len(keys) // KEY_SIZE}:
            raise ValueError("packed habit log columns of different lengths")
        logs = cls.__new__(cls)
        logs._set_columns(keys, *columns)
        return logs
