"""The live logs of one habit, packed in columns, and the per-day tallies.

A heavy 20-year profile has about a million live logs. Kept as one object per log (with
its event id text, in a dict) they cost hundreds of bytes each to hold and seconds to load from a
snapshot. `LogColumns` keeps them as `array` columns (day ordinal, up/down and
has-amount flags, amount, value/XP/gold/HP deltas) plus a 16-byte key per log.

Nothing reads a log's event id back; undo and revert only ask "is the log with this event
id live, and what did it pay?" (`in`, `get`, `pop`). So the key is a 16-byte BLAKE2b hash
of the event id (ids need not be UUIDs: the in-memory `Game` uses `device-00000001`),
found by a C-speed search of one `bytearray`, newest first (an undo takes back a recent
log). A copy (an engine checkpoint) shares the columns and sees only the rows it had: the
original keeps appending in place (logs are nearly always appended; a revert of a log the
copy does not see deletes in place too) and copies the columns only to delete a row a copy
sees; the copy copies its rows before any change of its own. So the four checkpoints of a
long replay cost almost nothing, in time or memory (a whole copy per checkpoint held
~220 MB at 1M events).

`compacted(keep)` gives a copy that keeps only the newest `keep` logs and counts the
older ones (`forgotten`): the keys are most of the columns' bytes and do not compress, so
such a copy saves ~10x smaller. It answers every question about the logs it kept; asked
about a log it cannot tell apart from a forgotten one, it raises `LogForgotten`, and the
caller must start from columns that forgot nothing (who compacts, when, and what is then
done with the copy is up to the caller: see `application/timeline.py`).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date
from hashlib import blake2b
from typing import Any, NamedTuple

from rpgmylife_desktop.domain.numbers import AMOUNT_DECIMALS, TOLERANCE, hundredths, ten_thousandths
from rpgmylife_desktop.domain.state.packed.packing import (
    Blobs,
    get_array,
    get_blob,
    put_array,
    put_blob,
)
from rpgmylife_desktop.domain.values import Direction

KEY_SIZE = 16
"""Bytes of an event id's key (collisions at 2^-128 odds are not a concern)."""


class LogForgotten(LookupError):
    """Compacted log columns (`LogColumns.compacted`) were asked about a log that may be
    one of those they forgot: start from columns that forgot nothing."""


_UP = 1
_HAS_AMOUNT = 2

_LAYOUT: tuple[tuple[str, str], ...] = (
    ("days", "i"),  # the log's local day, as an ordinal
    ("flags", "b"),  # _UP | _HAS_AMOUNT
    ("amounts", "d"),  # 0.0 when the log has none
    ("values", "d"),  # the outcome: task value, XP, gold, HP deltas
    ("xp", "q"),
    ("gold", "d"),
    ("hp", "d"),
)
"""The columns of `LogColumns`, in order: (name in the snapshot data, array type code).
Everything that builds, copies, saves or loads the columns derives from this table."""

_DAYS, _FLAGS, _AMOUNTS, _VALUES, _XP, _GOLD, _HP = range(len(_LAYOUT))


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
    """What was logged for a habit on one local day (immutable: copies share it):
    `amount` totals the up logs, `slipped` the down logs (1 for a log without an amount).
    An "at most" target counts both (`HabitDays.day_amount`); others count `amount`."""

    up: int = 0
    down: int = 0
    amount: float = 0.0
    slipped: float = 0.0

    def is_empty(self) -> bool:
        """True when nothing counts any more (every log of the day was reverted)."""
        return (
            self.up == 0
            and self.down == 0
            and abs(self.amount) < TOLERANCE
            and abs(self.slipped) < TOLERANCE
        )

    def total(self, at_most: bool) -> float:
        """The day's total as a target reads it: a limit ("at most") counts slips too."""
        return round(self.amount + self.slipped, AMOUNT_DECIMALS) if at_most else self.amount


def log_amount(direction: Direction, amount: float | None, *, at_most: bool = False) -> float:
    """How much a log adds to the day's total: its amount (1 when none); a down log (a
    slip) only towards an "at most" target, where a slip is some of what is limited."""
    if direction != "up" and not at_most:
        return 0.0
    return 1.0 if amount is None else amount


def event_key(event_id: str) -> bytes:
    """The fixed-size key a log's event id is found by."""
    return blake2b(event_id.encode(), digest_size=KEY_SIZE).digest()


def _empty_columns() -> tuple[array[Any], ...]:
    return tuple(array(code) for _, code in _LAYOUT)


def _entry(row: Sequence[Any]) -> LogEntry:
    day, flags, amount, value, xp, gold, hp = row
    return LogEntry(
        date.fromordinal(day),
        "up" if flags & _UP else "down",
        amount if flags & _HAS_AMOUNT else None,
        value,
        xp,
        gold,
        hp,
    )


class LogColumns:
    """The live logs of one habit (a compact stand-in for `dict[event_id, LogEntry]`):
    one `array` per `_LAYOUT` column and a 16-byte key per log."""

    __slots__ = ("_columns", "_dropped", "_keys", "_length", "_lent", "_shared")
    _keys: bytearray
    _columns: tuple[array[Any], ...]  # in `_LAYOUT` order
    _length: int  # rows this object sees (the arrays may be longer: see above)
    _lent: int  # rows that copies see in these arrays (0: none)
    _shared: bool  # the arrays belong to another object: copy before any change
    _dropped: int  # older logs compacted columns forgot (see above)

    def __init__(self) -> None:
        self._set_columns(bytearray(), _empty_columns())

    def __len__(self) -> int:
        return self._dropped + self._length

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and self._find(event_key(event_id)) >= 0

    def get(self, event_id: str) -> LogEntry | None:
        """The live log recorded under `event_id`, if any."""
        index = self._find(event_key(event_id))
        return None if index < 0 else self._entry(index)

    def add(self, event_id: str, entry: LogEntry) -> None:
        """Keep a new live log."""
        self.add_values(event_id, *entry)

    def add_values(
        self,
        event_id: str,
        day: date,
        direction: Direction,
        amount: float | None,
        value_delta: float,
        xp_delta: int,
        gold_delta: float,
        hp_delta: float,
    ) -> None:
        """`add` of a log given field by field (`LogEntry` order): the fold passes a
        HabitLogged's fields without building a `LogEntry` for each log."""
        if self._shared:
            self._own()
        self._length += 1
        self._keys += event_key(event_id)
        flags = _UP if direction == "up" else 0
        if amount is not None:
            flags |= _HAS_AMOUNT
        # One log per call on a replay's hot path: plain appends cost the least (a loop
        # over the columns, even map() in C, took 3-10 % more instructions per log).
        days, flag_column, amounts, values, xp, gold, hp = self._columns  # `_LAYOUT` order
        days.append(day.toordinal())
        flag_column.append(flags)
        amounts.append(0.0 if amount is None else amount)
        values.append(value_delta)
        xp.append(xp_delta)
        gold.append(gold_delta)
        hp.append(hp_delta)

    def pop(self, event_id: str) -> LogEntry | None:
        """Forget the live log recorded under `event_id` and return it (None: none)."""
        index = self._find(event_key(event_id))
        if index < 0:
            return None
        entry = self._entry(index)
        if self._shared or index < self._lent:
            self._own()  # a copy sees this row
        self._length -= 1
        del self._keys[index * KEY_SIZE : (index + 1) * KEY_SIZE]
        for column in self._columns:
            del column[index]
        return entry

    def paying_up_log(
        self, day: date, *, skip: str | None = None, slips: bool = False
    ) -> LogEntry | None:
        """The newest up log of `day` that holds an outcome (the step a day pays once),
        other than the log recorded under `skip`; with `slips`, a down log too (a limit's
        slip, which counts towards its total like an up log)."""
        index = self._paying_index(day, skip, slips)
        return None if index < 0 else self._entry(index)

    def _paying_index(self, day: date, skip: str | None, slips: bool = False) -> int:
        skipped = -1 if skip is None else self._find(event_key(skip))
        ordinal = day.toordinal()
        columns = self._columns
        days, flags = columns[_DAYS], columns[_FLAGS]
        outcome = columns[_VALUES], columns[_XP], columns[_GOLD], columns[_HP]
        for index in range(self._length - 1, -1, -1):
            if index == skipped or days[index] != ordinal or not (slips or flags[index] & _UP):
                continue
            if any(column[index] for column in outcome):
                return index
        return -1

    def _newest_up_index(self, day: date, slips: bool = False) -> int:
        ordinal = day.toordinal()
        days, flags = self._columns[_DAYS], self._columns[_FLAGS]
        for index in range(self._length - 1, -1, -1):
            if days[index] == ordinal and (slips or flags[index] & _UP):
                return index
        return -1

    def _set_outcome(self, index: int, value: float, xp: int, gold: float, hp: float) -> None:
        if self._shared or index < self._lent:
            self._own()  # a copy sees this row
        columns = self._columns
        columns[_VALUES][index] = value
        columns[_XP][index] = xp
        columns[_GOLD][index] = gold
        columns[_HP][index] = hp

    def take_payment(self, day: date, skip: str, *, slips: bool = False) -> None:
        """The day's paying up log (other than `skip`; with `slips` a down log too) no
        longer holds its outcome: a revert took it back (see `HabitLogReverted.payment`)."""
        index = self._paying_index(day, skip, slips)
        if index >= 0:
            self._set_outcome(index, 0.0, 0, 0.0, 0.0)

    def give_payment(self, day: date, paid: LogEntry, *, slips: bool = False) -> None:
        """The newest up log of `day` (with `slips` a down log too) now holds `paid`'s
        outcome as well: a revert moved it there (see `HabitLogReverted.payment`)."""
        index = self._newest_up_index(day, slips)
        if index >= 0:
            held = self._entry(index)
            self._set_outcome(
                index,
                ten_thousandths(held.value_delta + paid.value_delta),
                held.xp_delta + paid.xp_delta,
                hundredths(held.gold_delta + paid.gold_delta),
                hundredths(held.hp_delta + paid.hp_delta),
            )

    def _find(self, key: bytes) -> int:
        """The index of the newest log with `key`, or -1 (`LogForgotten` when it may be
        one of the logs compacted columns forgot)."""
        keys, end = self._keys, self._length * KEY_SIZE
        while True:
            at = keys.rfind(key, 0, end)
            if at >= 0 and at % KEY_SIZE == 0:
                return at // KEY_SIZE
            if at < 0:
                if self._dropped:
                    raise LogForgotten("compacted habit log columns may have forgotten this log")
                return -1
            end = at + KEY_SIZE - 1  # a match across two keys: look further back

    def _entry(self, index: int) -> LogEntry:
        return _entry([column[index] for column in self._columns])

    def _visible(self) -> tuple[bytes, tuple[array[Any], ...]]:
        """The keys and columns of the rows this object sees."""
        length, columns = self._length, self._columns
        if len(columns[_DAYS]) == length:
            return bytes(self._keys), columns
        return bytes(self._keys[: length * KEY_SIZE]), tuple(c[:length] for c in columns)

    def _own(self) -> None:
        """Take private copies of the rows this object sees (no copy sees them then)."""
        keys, columns = self._visible()
        copies = tuple(
            array(c.typecode, c) if c is column else c
            for c, column in zip(columns, self._columns, strict=True)
        )
        self._set_columns(bytearray(keys), copies, dropped=self._dropped)

    def copy(self) -> LogColumns:
        """An independent copy: it shares the columns and sees the rows there are now."""
        other = LogColumns.__new__(LogColumns)
        other._set_columns(self._keys, self._columns, dropped=self._dropped)
        other._length = self._length
        other._shared = True
        if not self._shared:
            # max: an in-place delete may have shortened the rows since an older copy
            self._lent = max(self._lent, self._length)
        return other

    def _set_columns(
        self, keys: bytearray, columns: tuple[array[Any], ...], dropped: int = 0
    ) -> None:
        self._keys = keys
        self._columns = columns
        self._length = len(columns[_DAYS])
        self._lent = 0
        self._shared = False
        self._dropped = dropped

    @property
    def forgotten(self) -> int:
        """How many older logs these columns forgot (see `compacted`; 0: none)."""
        return self._dropped

    def compacted(self, keep: int) -> LogColumns:
        """A copy that keeps only the newest `keep` logs and counts the others as forgotten
        (raising `LogForgotten` when asked about a log it cannot tell apart from them)."""
        cut = max(0, self._length - keep)
        keys, columns = self._visible()
        other = LogColumns.__new__(LogColumns)
        other._set_columns(
            bytearray(keys[cut * KEY_SIZE :]),
            tuple(c[cut:] for c in columns),
            dropped=self._dropped + cut,
        )
        return other

    def to_data(self, blobs: Blobs | None) -> dict[str, Any]:
        """The columns as JSON-able data (see `packing`), with the count of forgotten logs
        when there are any."""
        keys, columns = self._visible()
        data = {name: put_array(c, blobs) for (name, _), c in zip(_LAYOUT, columns, strict=True)}
        data["keys"] = put_blob(keys, blobs)
        if self._dropped:
            data["dropped"] = self._dropped
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any], blobs: Sequence[bytes] | None) -> LogColumns:
        """The inverse of `to_data` (ValueError when the columns do not fit together)."""
        columns = tuple(get_array(data[name], code, blobs) for name, code in _LAYOUT)
        keys = bytearray(get_blob(data["keys"], blobs))
        dropped = data.get("dropped", 0)
        if type(dropped) is not int or dropped < 0:
            raise ValueError("damaged habit log columns")
        if len(keys) % KEY_SIZE or {len(c) for c in columns} != {len(keys) // KEY_SIZE}:
            raise ValueError("packed habit log columns of different lengths")
        logs = cls.__new__(cls)
        logs._set_columns(keys, columns, dropped=dropped)
        return logs
