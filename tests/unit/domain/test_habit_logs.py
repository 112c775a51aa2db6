"""Packed habit logs: lookups by event id, copy-on-write copies and snapshot columns
behave like the dict of log entries they replace."""

from __future__ import annotations

import json
from datetime import date

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.packed import habit_logs
from rpgmylife_desktop.domain.state.packed.habit_logs import LogColumns, LogEntry
from tests.oracles.digest import domain_digest
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
    assert domain_digest(before) == domain_digest(game.replay(upto))


@pytest.mark.parametrize("packed", [False, True])
def test_snapshot_data_round_trips_with_inline_or_separate_columns(packed: bool) -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.LogHabit(habit_id="read", amount=3.0))
    kept = game.execute(c.LogHabit(habit_id="read"))
    blobs: list[bytes] | None = [] if packed else None
    data = json.loads(json.dumps(game.state.to_data(blobs)))
    restored = GameState.from_data(data, blobs)
    assert domain_digest(restored) == domain_digest(game.state)
    assert restored.habits["read"].logs.get(kept[0].event_id) == (
        game.state.habits["read"].logs.get(kept[0].event_id)
    )


def test_snapshot_data_of_another_format_or_damaged_columns_is_refused() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.LogHabit(habit_id="read"))
    data = game.state.to_data()
    with pytest.raises(ValueError, match="format"):
        GameState.from_data({**data, "format": 2})
    habit = data["habits"][0]
    habit["logs"]["keys"] = habit["logs"]["keys"][:-4]  # 13 bytes of keys: not whole keys
    with pytest.raises(ValueError):
        GameState.from_data(data)
    habit["logs"]["keys"] = [1]
    with pytest.raises(ValueError, match="reference"):
        GameState.from_data(data)


def _contents(logs: LogColumns, ids: list[str]) -> dict[str, LogEntry | None]:
    return {i: logs.get(i) for i in ids}


def test_copies_share_the_rows_they_saw_and_never_see_each_others_changes() -> None:
    ids = [f"e{n}" for n in range(12)]
    live = LogColumns()
    for n in range(6):
        live.add(ids[n], entry(n))
    first = live.copy()  # a checkpoint: sees e0..e5
    seen_first = _contents(first, ids)
    live.add(ids[6], entry(6))
    live.add(ids[7], entry(7))
    assert live.pop(ids[7]) == entry(7)  # a row no copy sees: deleted in place
    second = live.copy()  # sees e0..e6
    seen_second = _contents(second, ids)
    live.add(ids[8], entry(8))
    assert live.pop(ids[6]) == entry(6)  # the second copy sees it: live copies first
    assert live.pop(ids[2]) == entry(2)
    live.add(ids[9], entry(9))
    restored = second.copy()  # a rebuild restores a checkpoint
    restored.add(ids[10], entry(10))
    assert restored.pop(ids[0]) == entry(0)
    assert _contents(first, ids) == seen_first and len(first) == 6
    assert _contents(second, ids) == seen_second and len(second) == 7
    expected_live = {i: None for i in ids} | {ids[n]: entry(n) for n in (0, 1, 3, 4, 5, 8, 9)}
    assert _contents(live, ids) == expected_live and len(live) == 7
    assert _contents(restored, ids) == {i: None for i in ids} | {
        ids[n]: entry(n) for n in (1, 2, 3, 4, 5, 6, 10)
    }
    data = json.loads(json.dumps(second.to_data(None)))
    assert _contents(LogColumns.from_data(data, None), ids) == seen_second


def test_compacted_columns_keep_the_newest_logs_and_say_when_they_may_lack_one() -> None:
    logs = LogColumns()
    for n in range(5):
        logs.add(f"e{n}", entry(n))
    compact = logs.compacted(2)
    assert (len(compact), compact.forgotten, logs.forgotten) == (5, 3, 0)
    data = json.loads(json.dumps(compact.to_data(None)))
    again = LogColumns.from_data(data, None)
    assert again.forgotten == 3 and again.get("e3") == entry(3)
    assert again.pop("e4") == entry(4)
    with pytest.raises(habit_logs.LogForgotten):
        again.pop("e1")  # maybe live among the forgotten logs: the caller starts elsewhere
    assert logs.pop("e1") == entry(1)  # the columns compacted from forgot nothing
    assert len(logs.compacted(10)) == 4 and logs.compacted(10).forgotten == 0


def test_a_compacted_state_keeps_everything_but_old_logs() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    logged = [r.event_id for _ in range(4) for r in game.execute(c.LogHabit(habit_id="read"))]
    compact = game.state.compacted(1)
    assert compact.forgot_logs and not game.state.forgot_logs
    assert domain_digest(compact) == domain_digest(game.state)
    assert logged[-1] in compact.habits["read"].logs
    assert logged[0] in game.state.habits["read"].logs
