"""A batch of validated envelopes is checked a column at a time; the result is the
event-by-event check's.

`plan_commit` reads an import's `ValidatedEvent`s by columns (exact types, C loops) and
falls back to checking them one by one when the columns are not exactly what
`body_is_well_formed` accepts. These tests run both paths on the same envelopes (a
`list` subclass is what the column check leaves to the event-by-event one) and compare
everything a commit is planned with, and what is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.eventstore import EventStore
from rpgmylife_desktop.eventstore.envelope import ValidatedEvent, body_is_well_formed
from rpgmylife_desktop.eventstore.errors import ConcurrencyConflict, DuplicateEvent, InvalidBatch
from rpgmylife_desktop.eventstore.writer import PlannedCommit, plan_commit


class _Values(list[Any]):
    """The same values in a `list` subclass: `body_is_well_formed` takes it, the column
    check does not, so it sends the batch down the event-by-event path."""


def _row(n: int, stream: str, version: int, payload: dict[str, Any] | None = None) -> list[Any]:
    return [
        f"00000000-0000-5000-8000-{n:012d}",
        stream,
        version,
        "HabitLogged",
        1,
        "2026-11-02T08:00:00+00:00",
        "2016-11-08T12:00:00+00:00",
        "UTC",
        "device",
        n,
        None,
        {"n": n} if payload is None else payload,
    ]


def _plan(rows: list[list[Any]], expected: dict[str, int] | None, slow: bool) -> Any:
    """The commit planned for `rows`, or the type of what refused it."""
    events = [ValidatedEvent(_Values(r) if slow else list(r)) for r in rows]
    try:
        planned = plan_commit(events, expected, {"habit-a": 2}, {})
    except (InvalidBatch, ConcurrencyConflict, ValueError) as exc:
        return type(exc)
    return planned


# A column may hold a value of the wrong type, an empty stream, a version out of order...
_cells = {
    1: st.sampled_from(["habit-a", "habit-b", "", 7, None]),
    2: st.sampled_from([1, 2, 3, 4, 0, -1, True, 2.0, "3"]),
    3: st.sampled_from(["HabitLogged", "", 5, None]),
    4: st.sampled_from([1, 2, True, "1", None]),
    11: st.sampled_from([{"n": 1}, {}, [], "x", None, {"bad": float("nan")}]),
}


@st.composite
def _batches(draw: st.DrawFn) -> tuple[list[list[Any]], dict[str, int] | None]:
    count = draw(st.integers(min_value=1, max_value=8))
    streams = draw(
        st.lists(st.sampled_from(["habit-a", "habit-b"]), min_size=count, max_size=count)
    )
    next_version = {"habit-a": 3, "habit-b": 1}
    rows = []
    for n, stream in enumerate(streams):
        rows.append(_row(n, stream, next_version[stream]))
        next_version[stream] += 1
    if draw(st.booleans()):  # spoil a cell
        row = draw(st.integers(min_value=0, max_value=count - 1))
        column = draw(st.sampled_from(sorted(_cells)))
        rows[row][column] = draw(_cells[column])
    if draw(st.booleans()):  # or the row's length
        rows[draw(st.integers(min_value=0, max_value=count - 1))].append("extra")
    expected = draw(st.none() | st.just({"habit-a": 2}) | st.just({"habit-b": 1}))
    return rows, expected


@settings(max_examples=300, deadline=None)
@given(_batches())
def test_the_columns_plan_what_the_event_by_event_check_plans(
    batch: tuple[list[list[Any]], dict[str, int] | None],
) -> None:
    rows, expected = batch
    fast = _plan([list(r) for r in rows], expected, slow=False)
    slow = _plan([list(r) for r in rows], expected, slow=True)
    assert fast == slow  # the same plan, or the same refusal
    if isinstance(fast, PlannedCommit):
        assert fast.ids == [r[0] for r in rows]
        assert all(body_is_well_formed(r) for r in rows)


def test_a_well_formed_batch_takes_the_columns_path_and_plans_its_versions() -> None:
    rows = [_row(1, "habit-a", 3), _row(2, "habit-b", 1), _row(3, "habit-a", 4)]
    planned = _plan(rows, None, slow=False)
    assert planned.versions == {"habit-a": 4, "habit-b": 1}
    assert planned.streams == ["habit-a", "habit-b", "habit-a"]
    assert planned == _plan(rows, None, slow=True)


def test_a_known_id_is_still_refused_when_a_big_batch_is_searched_by_columns(
    tmp_path: Path,
) -> None:
    rows = [_row(n, "habit-a", n + 1) for n in range(50)]
    with EventStore.open(tmp_path / "data", tmp_path / "cache") as store:
        store.append([ValidatedEvent(list(r)) for r in rows[:10]])
        again = [_row(n, "habit-a", 11 + i) for i, n in enumerate(range(20, 60))]
        again[-1][0] = rows[3][0]  # one id the log holds
        size = store.log_size
        with pytest.raises(DuplicateEvent):
            store.append([ValidatedEvent(r) for r in again])
        assert store.log_size == size
        assert store.head_position == 10
