"""Closing ended days from the session: oldest first, and never thousands on their own
after a clock jump."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.closing import MAX_AUTO_CLOSE_DAYS, UnconfirmedDays
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events import DayClosed
from tests.unit.application.conftest import START, OpenGame

FIRST = date(2026, 3, 3)


def _event_count(open_game: OpenGame) -> int:
    with open_game(read_only=True) as game:
        return game.state.event_count


def _closed(results: list) -> list[date]:  # type: ignore[type-arg]
    return [r.events[0].event.day for r in results]


def test_closing_a_day_on_purpose_closes_every_earlier_open_day_first(
    open_game: OpenGame, clock: FixedClock
) -> None:
    game = open_game()
    game.handle(cmd.AddHabit(name="Floss"))
    clock.advance(timedelta(days=4))
    results = game.close_days_through(FIRST + timedelta(days=2))
    assert _closed(results) == [FIRST, FIRST + timedelta(days=1), FIRST + timedelta(days=2)]
    assert _closed(game.close_days_through(FIRST + timedelta(days=3))) == [
        FIRST + timedelta(days=3)
    ]
    with pytest.raises(CommandRefused, match="already closed"):
        game.close_days_through(FIRST + timedelta(days=1))
    with pytest.raises(CommandRefused, match="not over yet"):
        game.close_days_through(FIRST + timedelta(days=4))


def test_four_weeks_away_still_close_on_their_own(open_game: OpenGame, clock: FixedClock) -> None:
    with open_game() as first:
        first.handle(cmd.AddHabit(name="Floss"))
    clock.advance(timedelta(days=MAX_AUTO_CLOSE_DAYS))
    game = open_game()
    assert len(game.closed_on_open) == MAX_AUTO_CLOSE_DAYS
    assert game.clock_jump() is None


@pytest.mark.parametrize(
    "now",
    [datetime(2036, 11, 30, 12, tzinfo=UTC), datetime(9999, 12, 31, 12, tzinfo=UTC)],
    ids=["2036", "9999"],
)
def test_a_clock_far_ahead_closes_nothing_and_writes_nothing(
    open_game: OpenGame, paths: DataPaths, clock: FixedClock, now: datetime
) -> None:
    first = open_game()
    habit = cmd.AddHabit(name="Meditate")
    first.handle(habit)
    first.close()
    before = _event_count(open_game)
    clock.set(now)
    game = open_game()
    assert game.closed_on_open == []
    jump = game.clock_jump()
    assert jump is not None
    assert (jump.first, jump.last) == (FIRST, now.date() - timedelta(days=1))
    assert jump.count == (now.date() - FIRST).days
    with pytest.raises(UnconfirmedDays) as refused:
        game.handle(cmd.LogHabit(habit_id=habit.habit_id))
    assert refused.value.jump == jump and "close-day --through" in str(refused.value)
    with pytest.raises(UnconfirmedDays):
        game.close_due_days()
    game.close()
    assert _event_count(open_game) == before


def test_confirming_a_jump_closes_the_days_and_play_goes_on(
    open_game: OpenGame, clock: FixedClock
) -> None:
    habit = cmd.AddHabit(name="Meditate")
    with open_game() as first:
        first.handle(habit)
    clock.set(START + timedelta(days=40))
    game = open_game()
    jump = game.clock_jump()
    assert jump is not None and jump.count == 40
    results = game.close_days_through(jump.last)
    assert len(results) == 40 and game.clock_jump() is None
    assert all(isinstance(r.events[0].event, DayClosed) for r in results)
    assert game.handle(cmd.LogHabit(habit_id=habit.habit_id)).written


def test_closing_a_day_before_the_first_day_is_refused_and_writes_nothing(
    open_game: OpenGame, clock: FixedClock
) -> None:
    game = open_game()
    game.handle(cmd.AddHabit(name="Floss"))
    clock.advance(timedelta(days=2))
    before = game.state.event_count
    with pytest.raises(CommandRefused) as refused:
        game.close_days_through(FIRST - timedelta(days=3))
    assert str(refused.value).startswith(
        "Sat 28 Feb 2026 is before your character's first day, Tue 3 Mar 2026; "
        "there is nothing to close."
    )
    assert game.state.event_count == before
    assert not game.state.closed_days
