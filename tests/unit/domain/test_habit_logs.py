"""Packed habit logs: lookups by event id, copy-on-write copies and snapshot columns
behave like the dict of log entries they replace."""

from __future__ import annotations

import json
import sys
from datetime import date

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import habit_logs
from rpgmylife_desktop.domain.habit_logs import LogColumns, LogEntry
from rpgmylife_desktop.domain.state import GameState
from tests.unit.domain.helpers import new_game

DAY = date(2026, 3, 2)


def entry(n: int, *, amount: float | None = None, direction: str = "up") -> LogEntry:
    return LogEntry(DAY, direction, amount, 0.5 * n, n, 0.25 * n, -0.1 * n)  # type: ignore[arg-type]


def test_logs_are_found_by_event_id_and_forgotten_once() -> None:
    logs = LogColumns()
    logs.add("a", entry(1))
    logs.add("b", entry(2, amount=2.5, direction="down"))
    logs.add("c", entry(3, amount=0.0))
    assert len(logs) == 3 and "b" in logs and "z" not in logs and 7 not in logs
    assert logs.get("b") == entry(2, amount=2.5, direction="down")
    assert logs.get("c") == entry(3, amount=0.0)  # an amount of 0 is not "no amount"
    assert logs.pop("b") == entry(2, amount=2.5, direction="down")
    assert logs.pop("b") is None and logs.get("b") is None
    assert [logs.get("a"), logs.get("c")] == [entry(1), entry(3, amount=0.0)]


def test_a_key_matching_across_two_stored_keys_is_not_a_log(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(habit_logs, "event_key", bytes.fromhex)  # keys we can line up
    logs = LogColumns()
    logs.add("00" * 8 + "aa" * 8, entry(1))
    logs.add("bb" * 8 + "00" * 8, entry(2))
    assert "aa" * 8 + "bb" * 8 not in logs  # bytes 8..24 of the blob, not a whole key
    logs.add("aa" * 8 + "bb" * 8, entry(3))
    assert logs.get("aa" * 8 + "bb" * 8) == entry(3)


def test_copies_share_columns_until_one_side_changes() -> None:
    logs = LogColumns()
    logs.add("a", entry(1))
    copy = logs.copy()
    copy.add("b", entry(2))
    logs.pop("a")
    assert "a" not in logs and "b" not in logs and len(logs) == 0
    assert copy.get("a") == entry(1) and copy.get("b") == entry(2)
    again = copy.copy()
    again.pop("a")
    assert "a" in copy and "a" not in again


def test_reverting_in_a_copied_state_leaves_the_original_alone() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    logged = game.execute(c.LogHabit(habit_id="read"))
    before, upto = game.state.copy(), len(game.log)
    game.execute(c.RevertEvent(event_id=logged[0].event_id))
    assert logged[0].event_id not in game.state.habits["read"].logs
    assert logged[0].event_id in before.habits["read"].logs
    assert before.digest() == game.replay(upto).digest()


@pytest.mark.parametrize("packed", [False, True])
def test_snapshot_data_round_trips_with_inline_or_separate_columns(packed: bool) -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.LogHabit(habit_id="read", amount=3.0))
    kept = game.execute(c.LogHabit(habit_id="read"))
    blobs: list[bytes] | None = [] if packed else None
    data = json.loads(json.dumps(game.state.to_data(blobs)))
    restored = GameState.from_data(data, blobs)
    assert restored.digest() == game.state.digest()
    assert restored.habits["read"].logs.get(kept[0].event_id) == (
        game.state.habits["read"].logs.get(kept[0].event_id)
    )


def test_snapshot_data_of_another_format_byte_order_or_damaged_columns_is_refused() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.LogHabit(habit_id="read"))
    data = game.state.to_data()
    other = "big" if sys.byteorder == "little" else "little"
    for change in ({"format": 2}, {"byteorder": other}):
        with pytest.raises(ValueError, match=r"format|byte order"):
            GameState.from_data({**data, **change})
    habit = data["habits"][0]
    habit["logs"]["keys"] = habit["logs"]["keys"][:-4]  # 13 bytes of keys: not whole keys
    with pytest.raises(ValueError):
        GameState.from_data(data)
    habit["logs"]["keys"] = [1]
    with pytest.raises(ValueError, match="reference"):
        GameState.from_data(data)
