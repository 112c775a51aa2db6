"""A big batch of validated envelopes is planned with each record's id and stream kept
as two columns, and is still held to the log: an id the log has is refused, nothing
written; into an empty log (an import into a new folder) nothing is searched for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.eventstore import EventStore
from rpgmylife_desktop.eventstore.envelope import ValidatedEvent
from rpgmylife_desktop.eventstore.errors import DuplicateEvent
from rpgmylife_desktop.eventstore.writer import plan_commit


def _row(n: int, stream: str, version: int) -> list[Any]:
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
        {"n": n},
    ]


def test_a_planned_commit_keeps_each_records_id_and_stream_in_order() -> None:
    rows = [_row(1, "habit-a", 3), _row(2, "habit-b", 1), _row(3, "habit-a", 4)]
    planned = plan_commit([ValidatedEvent(r) for r in rows], None, {"habit-a": 2}, {})
    assert planned.ids == [r[0] for r in rows]
    assert planned.streams == ["habit-a", "habit-b", "habit-a"]
    assert planned.versions == {"habit-a": 4, "habit-b": 1}


def test_a_known_id_is_still_refused_in_a_big_validated_batch(tmp_path: Path) -> None:
    rows = [_row(n, "habit-a", n + 1) for n in range(50)]
    with EventStore.open(tmp_path / "data", tmp_path / "cache") as store:
        store.append([ValidatedEvent(list(r)) for r in rows[:10]])  # into an empty log
        assert store.head_position == 10
        again = [_row(n, "habit-a", 11 + i) for i, n in enumerate(range(20, 60))]
        again[-1][0] = rows[3][0]  # one id the log holds
        size = store.log_size
        with pytest.raises(DuplicateEvent):
            store.append([ValidatedEvent(r) for r in again])
        assert store.log_size == size
        assert store.head_position == 10
        with pytest.raises(DuplicateEvent):  # twice in one batch, into any log
            store.append(
                [ValidatedEvent(_row(70, "habit-b", 1)), ValidatedEvent(_row(70, "habit-b", 2))]
            )
