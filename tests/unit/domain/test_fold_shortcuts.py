"""The fold's shortcuts give exactly the state of the plain steps they replace.

A HabitLogged is folded in one step (its log, then its outcome: `OUTCOME_HANDLED`) where
it took the log handler and then `GameState._outcome`; command records are made without
the dataclass's __init__. Both are checked against the plain steps: the same state, the
same snapshot data byte for byte (the order of `days` included), the same digest. A
bulk import builds its `Recorded` events with `recorded_of`, checked against the class.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import FrozenInstanceError
from datetime import UTC, date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain import state as state_module
from rpgmylife_desktop.domain.events.recorded import Recorded, recorded_of
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.commandlog import CommandRecord, _new_record
from rpgmylife_desktop.domain.state.packed.habit_logs import LogEntry
from tests.oracles.digest import domain_digest
from tests.strategies import ACTIONS, ZONES, play

from .helpers import new_game


def _plain_habit_logged(s: GameState, e: ev.HabitLogged, r: Recorded) -> None:
    """The log handler as it was before the one-step fold (the outcome came after)."""
    if (habit := s.habits.get(e.habit_id)) is not None:
        entry = LogEntry(
            e.day, e.direction, e.amount, e.value_delta, e.xp_delta, e.gold_delta, e.hp_delta
        )
        habit.add_log(r.event_id, entry)
    s.add_day_stats(e.day, 0, 0.0, 0.0, 1)


@contextmanager
def _plain_steps() -> Iterator[None]:
    """Fold HabitLogged with the plain two steps while inside."""
    steps = state_module._STEPS
    saved = steps.get(ev.HabitLogged)
    steps[ev.HabitLogged] = (_plain_habit_logged, GameState._outcome)
    try:
        yield
    finally:
        if saved is None:
            del steps[ev.HabitLogged]
        else:
            steps[ev.HabitLogged] = saved


def _fold_both_ways(log: list[Recorded]) -> tuple[GameState, GameState]:
    fast = GameState().apply_all(log)
    with _plain_steps():
        plain = GameState().apply_all(log)
    return fast, plain


def _assert_same(fast: GameState, plain: GameState) -> None:
    assert json.dumps(fast.to_data()) == json.dumps(plain.to_data())  # order-sensitive
    assert list(fast.days) == list(plain.days)
    assert domain_digest(fast) == domain_digest(plain)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(ACTIONS, st.integers(0, 60)), min_size=10, max_size=80),
    st.integers(0, 3),
    st.sampled_from(ZONES),
)
def test_random_play_folds_the_same_in_one_step(
    steps: list[tuple[str, int]], seed: int, device_tz: str
) -> None:
    from tests.playthrough import Playthrough

    game = Playthrough(new_game().now, seed=seed, device_tz=device_tz)
    for n in (0, 21, 17, 53, 49):
        play(game, "add_habit", n)
    for action, n in steps:
        play(game, action, n)
    fast, plain = _fold_both_ways(game.log)
    _assert_same(fast, plain)
    assert domain_digest(fast) == domain_digest(game.state)


def test_a_log_on_a_day_a_revert_left_at_minus_one_folds_the_same() -> None:
    """A revert that arrives before its log (merged from another computer) leaves the
    day at -1 logs; the next log there empties the day before its outcome lands."""
    game = new_game()
    from rpgmylife_desktop.domain import commands as c

    game.execute(c.AddHabit(habit_id="read", name="Read"))
    day = date(2026, 3, 2)
    game.record(
        [
            ("habit-read", ev.HabitLogReverted(habit_id="read", log_event_id="gone", day=day)),
            ("habit-read", ev.HabitLogged(habit_id="read", day=date(2026, 3, 3))),
            ("habit-read", ev.HabitLogged(habit_id="read", day=day, xp_delta=5, gold_delta=1.5)),
            ("habit-read", ev.HabitLogged(habit_id="read", day=day, xp_delta=5, hp_delta=-1.0)),
        ],
        "merged-command",
    )
    fast, plain = _fold_both_ways(game.log)
    assert plain.days[day].logs == 1  # the case this covers: -1, then 0 (gone), then 1
    assert list(plain.days) == [date(2026, 3, 3), day]  # the emptied day came back last
    _assert_same(fast, plain)


def test_a_record_made_directly_equals_the_dataclass_one() -> None:
    made = _new_record("c1", "user", "device-a")
    assert made == CommandRecord("c1", "user", device_id="device-a")
    made.events.append(None)  # type: ignore[arg-type]  # its own list, not a shared one
    assert _new_record("c2", "user", "device-a").events == []


_ENVELOPES = st.tuples(
    st.integers(1, 10**9),
    st.text(max_size=40),
    st.text(max_size=40),
    st.integers(1, 10**6),
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(timezones=st.timezones()),
    st.text(max_size=20),
    st.text(max_size=40),
    st.integers(0, 2**63),
    st.text(max_size=40),
    st.dates().map(lambda day: ev.HabitLogged(habit_id="h", day=day)),
)


@settings(max_examples=100, deadline=None)
@given(_ENVELOPES)
def test_recorded_of_builds_the_recorded_the_dataclass_builds(values: tuple[Any, ...]) -> None:
    made = recorded_of(*values)
    assert made == Recorded(*values)
    assert type(made) is Recorded and hash(made) == hash(Recorded(*values))
    with pytest.raises(FrozenInstanceError):
        made.position = 2  # type: ignore[misc]  # still frozen
