"""Stories around the day boundary: the day start hour, time zones, a week away, pauses,
skipped days and backfills."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar.days import days_to_close, local_day
from rpgmylife_desktop.domain.errors import CommandRefused

from .helpers import new_game

MONDAY = date(2026, 3, 2)


def misses(game_log: list[object]) -> list[tuple[str, date]]:
    return [
        (r.event.habit_id, r.event.day)  # type: ignore[attr-defined]
        for r in game_log
        if isinstance(r.event, ev.DailyMissed)  # type: ignore[attr-defined]
    ]


def test_a_log_after_midnight_counts_for_the_evening_before() -> None:
    # 01:30 in Paris on Tuesday is before the 04:00 day start: it is still Monday.
    tuesday_0130_paris = datetime(2026, 3, 3, 0, 30, tzinfo=UTC)
    game = new_game(now=tuesday_0130_paris, tz="Europe/Paris")
    game.execute(c.AddHabit(habit_id="read", name="Read", start_day=MONDAY))
    logged = game.execute(c.LogHabit(habit_id="read"))[0].event
    assert isinstance(logged, ev.HabitLogged) and logged.day == MONDAY
    game.advance(hours=3)  # 04:30 in Paris: Tuesday has begun
    logged = game.execute(c.LogHabit(habit_id="read"))[0].event
    assert isinstance(logged, ev.HabitLogged) and logged.day == date(2026, 3, 3)


def test_the_day_start_hour_is_a_setting() -> None:
    game = new_game(now=datetime(2026, 3, 3, 5, 0, tzinfo=UTC))
    game.execute(c.ChangeSettings(day_start_hour=6))
    assert game.state.local_day(game.now, "UTC") == MONDAY
    assert local_day(game.now, "UTC", 4) == date(2026, 3, 3)


def test_a_time_zone_change_moves_the_local_day() -> None:
    # 03:00 UTC Tuesday is 05:00 in Paris (Tuesday) but 22:00 Monday in New York.
    game = new_game(now=datetime(2026, 3, 3, 3, 0, tzinfo=UTC), tz="Europe/Paris")
    game.execute(c.AddHabit(habit_id="read", name="Read", start_day=MONDAY))
    assert game.state.local_day(game.now, "Europe/Paris") == date(2026, 3, 3)
    game.execute(c.ChangeSettings(time_zone="America/New_York"))
    logged = game.execute(c.LogHabit(habit_id="read"))[0].event
    assert isinstance(logged, ev.HabitLogged) and logged.day == MONDAY
    assert game.state.days_to_close(game.now, "Europe/Paris") == []


def test_an_unknown_time_zone_is_refused() -> None:
    game = new_game()
    with pytest.raises(CommandRefused, match="Unknown time zone"):
        game.execute(c.ChangeSettings(time_zone="Mars/Olympus_Mons"))


def test_a_week_away_closes_each_day_once_oldest_first() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="floss", name="Floss"))
    game.advance(days=7)
    pending = game.state.days_to_close(game.now, "UTC")
    assert pending == [MONDAY + timedelta(days=n) for n in range(7)]
    for day in pending:
        game.execute(c.CloseDay(day=day))
    assert misses(game.log) == [("floss", d) for d in pending]
    assert game.state.days_to_close(game.now, "UTC") == []
    with pytest.raises(CommandRefused, match="already closed"):
        game.execute(c.CloseDay(day=MONDAY))


def test_today_cannot_be_closed_before_it_ends() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="floss", name="Floss"))
    with pytest.raises(CommandRefused, match="not over yet"):
        game.execute(c.CloseDay(day=MONDAY))


def test_days_to_close_without_a_character_is_empty() -> None:
    assert days_to_close(None, None, datetime(2026, 3, 9, tzinfo=UTC), "UTC") == []


def test_a_paused_range_costs_nothing_and_keeps_the_streak() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="run", name="Run"))
    game.execute(
        c.PauseHabit(
            habit_id="run", start=MONDAY + timedelta(days=1), end=MONDAY + timedelta(days=3)
        )
    )
    game.execute(c.LogHabit(habit_id="run"))
    game.advance(days=4)
    game.execute(c.LogHabit(habit_id="run"))  # Friday
    for day in game.state.days_to_close(game.now, "UTC"):
        game.execute(c.CloseDay(day=day))
    assert misses(game.log) == []
    hp = game.state.character.hp if game.state.character else None
    assert hp == 50.0
    today = game.state.local_day(game.now, "UTC")
    assert game.state.habits["run"].streaks(today) == (2, 2)
    assert not game.state.habits["run"].is_due(MONDAY + timedelta(days=2))


def test_a_skipped_day_costs_nothing_and_keeps_the_streak() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="run", name="Run"))
    game.execute(c.LogHabit(habit_id="run"))
    game.execute(c.SkipHabitDay(habit_id="run", day=MONDAY + timedelta(days=1)))
    game.advance(days=2)
    game.execute(c.LogHabit(habit_id="run"))
    for day in game.state.days_to_close(game.now, "UTC"):
        game.execute(c.CloseDay(day=day))
    assert misses(game.log) == []
    today = game.state.local_day(game.now, "UTC")
    habit = game.state.habits["run"]
    assert habit.streaks(today) == (2, 2)
    assert habit.strength(today) == pytest.approx(
        habit.strength(MONDAY + timedelta(days=1)) * 0.948078 + 0.051922, abs=1e-5
    )


def test_a_backfilled_log_counts_for_its_day_and_refunds_the_miss() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="floss", name="Floss"))
    game.advance(days=1)
    game.execute(c.CloseDay(day=MONDAY))
    assert game.state.character is not None and game.state.character.hp == 48.0
    monday_evening = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)
    logged, refund = (
        r.event for r in game.execute(c.LogHabit(habit_id="floss", at=monday_evening))
    )
    assert isinstance(logged, ev.HabitLogged) and logged.backfilled and logged.day == MONDAY
    assert isinstance(refund, ev.DailyMissReverted) and refund.hp_delta == 2.0
    assert game.state.character.hp == 50.0
    assert game.state.habits["floss"].streaks(date(2026, 3, 3)) == (1, 1)
    assert MONDAY not in game.state.habits["floss"].misses


def test_a_log_in_the_future_or_before_the_habit_started_is_refused() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="floss", name="Floss"))
    with pytest.raises(CommandRefused, match="future"):
        game.execute(c.LogHabit(habit_id="floss", at=game.now + timedelta(hours=2)))
    with pytest.raises(CommandRefused, match="before habit"):
        game.execute(c.LogHabit(habit_id="floss", at=game.now - timedelta(days=3)))


def test_quota_habits_are_judged_at_the_end_of_the_week() -> None:
    game = new_game()
    game.execute(
        c.AddHabit(habit_id="gym", name="Gym", schedule={"kind": "times_per_week", "times": 3})
    )  # type: ignore[arg-type]
    game.execute(c.LogHabit(habit_id="gym"))
    game.advance(days=2)
    game.execute(c.LogHabit(habit_id="gym"))
    game.advance(days=5)  # next Monday
    closes = [game.execute(c.CloseDay(day=d)) for d in game.state.days_to_close(game.now, "UTC")]
    judged = [r[0].event.judged for r in closes]  # type: ignore[attr-defined]
    assert judged == [0, 0, 0, 0, 0, 0, 1]
    assert misses(game.log) == [("gym", date(2026, 3, 8))]


def test_a_slip_on_a_bad_daily_is_charged_once_and_spoils_the_perfect_day() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="smoke", name="No smoking", kind="negative"))
    slip = game.execute(c.LogHabit(habit_id="smoke", direction="down"))[0].event
    assert isinstance(slip, ev.HabitLogged) and slip.hp_delta == -2.0
    game.advance(days=1)
    closed = game.execute(c.CloseDay(day=MONDAY))
    assert [type(r.event).__name__ for r in closed] == ["DayClosed"]
    day = closed[0].event
    assert isinstance(day, ev.DayClosed) and (day.perfect, day.missed) == (False, 1)
    assert game.state.character is not None and game.state.character.hp == 48.0


def test_a_clean_month_softens_the_next_slip() -> None:
    game = new_game()
    game.execute(
        c.AddHabit(habit_id="smoke", name="No smoking", kind="negative", difficulty="hard")
    )
    game.advance(days=30)
    slip = game.execute(c.LogHabit(habit_id="smoke", direction="down"))[0].event
    # Strength after 30 clean days is 0.798: 4 x (1 - 0.75 x 0.798) = 1.6 instead of 4.0.
    assert isinstance(slip, ev.HabitLogged) and slip.hp_delta == -1.6
