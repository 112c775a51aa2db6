"""Ending a pause early, and undo or redo never changing how a closed day was judged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.errors import CommandRefused
from tests.oracles.digest import domain_digest
from tests.playthrough import Playthrough as Game

from .helpers import new_game


def _today(game: Game) -> date:
    return game.state.local_day(game.now, game.device_tz)


def _close_ended_days(game: Game) -> None:
    for day in game.state.days_to_close(game.now, game.device_tz):
        game.execute(c.CloseDay(day=day))


def test_resume_ends_a_pause_early_and_undo_brings_it_back() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="f", name="Floss"))
    today = _today(game)
    game.execute(c.PauseHabit(habit_id="f", start=today, end=today + timedelta(days=9)))
    game.advance(days=2)
    _close_ended_days(game)
    before = domain_digest(game.state)
    resumed = game.execute(c.ResumeHabit(habit_id="f", day=_today(game)))
    assert [type(r.event) for r in resumed] == [ev.HabitPauseEnded]
    habit = game.state.habits["f"]
    assert habit.is_due(_today(game)) and habit.is_excused(_today(game) - timedelta(days=1))
    assert not habit.is_excused(_today(game) + timedelta(days=3))
    game.execute(c.UndoLastCommand())
    assert domain_digest(game.state) == before
    game.execute(c.RedoCommand())
    assert not game.state.habits["f"].is_excused(_today(game))


def test_resume_over_closed_days_or_without_a_pause_is_refused() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="f", name="Floss"))
    today = _today(game)
    with pytest.raises(CommandRefused, match="no pause"):
        game.execute(c.ResumeHabit(habit_id="f", day=today))
    game.execute(c.PauseHabit(habit_id="f", start=today, end=today + timedelta(days=9)))
    game.advance(days=3)
    _close_ended_days(game)
    before = domain_digest(game.state)
    with pytest.raises(CommandRefused, match="already closed"):
        game.execute(c.ResumeHabit(habit_id="f", day=today + timedelta(days=1)))
    assert domain_digest(game.state) == before


def test_a_future_pause_is_cancelled_by_resuming_before_it_starts() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="f", name="Floss"))
    later = _today(game) + timedelta(days=5)
    game.execute(c.PauseHabit(habit_id="f", start=later, end=later + timedelta(days=2)))
    game.execute(c.ResumeHabit(habit_id="f", day=_today(game)))
    assert game.state.habits["f"].pauses == {}


def test_undoing_a_pause_over_days_closed_since_is_refused() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="f", name="Floss"))
    today = _today(game)
    game.execute(c.PauseHabit(habit_id="f", start=today, end=today + timedelta(days=9)))
    game.advance(days=2)
    _close_ended_days(game)
    before = domain_digest(game.state)
    with pytest.raises(CommandRefused, match="Cannot undo: it would change the pause"):
        game.execute(c.UndoLastCommand())
    assert domain_digest(game.state) == before


def test_undoing_a_resume_over_days_closed_since_is_refused() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="f", name="Floss"))
    today = _today(game)
    game.execute(c.PauseHabit(habit_id="f", start=today, end=today + timedelta(days=9)))
    game.execute(c.ResumeHabit(habit_id="f", day=today + timedelta(days=1)))
    game.advance(days=3)
    _close_ended_days(game)  # the resumed days are judged as due (and missed)
    with pytest.raises(CommandRefused, match="Cannot undo"):
        game.execute(c.UndoLastCommand())


def test_undoing_a_day_start_change_that_would_reopen_a_closed_day_is_refused() -> None:
    game = new_game()  # Monday noon
    game.execute(c.AddHabit(habit_id="f", name="Floss"))
    game.execute(c.ChangeSettings(day_start_hour=0))
    game.advance(hours=14)  # 02:00 on Tuesday: Monday has ended under a midnight start
    _close_ended_days(game)
    before = domain_digest(game.state)
    with pytest.raises(CommandRefused, match="today would be"):
        game.execute(c.UndoLastCommand())
    assert domain_digest(game.state) == before
    game.advance(hours=3)  # 05:00: Tuesday under the old 04:00 start as well
    game.execute(c.UndoLastCommand())
    assert game.state.settings.day_start_hour != 0


def test_a_habit_start_moves_only_within_open_days_and_never_past_a_log() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="f", name="Floss"))
    today = _today(game)
    game.execute(c.EditHabit(habit_id="f", start_day=today - timedelta(days=3)))
    habit = game.state.habits["f"]
    assert habit.start_day == today - timedelta(days=3)
    game.execute(c.LogHabit(habit_id="f", at=game.now - timedelta(days=2)))
    with pytest.raises(CommandRefused, match="has a log on"):
        game.execute(c.EditHabit(habit_id="f", start_day=today))
    with pytest.raises(CommandRefused, match="future"):
        game.execute(c.EditHabit(habit_id="f", start_day=today + timedelta(days=1)))
    game.advance(days=1)
    _close_ended_days(game)
    with pytest.raises(CommandRefused, match="already closed"):
        game.execute(c.EditHabit(habit_id="f", start_day=today - timedelta(days=4)))
    assert game.state.habits["f"].start_day == today - timedelta(days=3)


def test_undoing_a_start_move_over_days_closed_since_is_refused() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="f", name="Floss"))
    today = _today(game)
    game.execute(c.EditHabit(habit_id="f", start_day=today - timedelta(days=2)))
    game.advance(days=1)
    _close_ended_days(game)
    with pytest.raises(CommandRefused, match="Cannot undo"):
        game.execute(c.UndoLastCommand())


def test_a_day_is_settled_once_closed_or_when_it_came_before_the_character() -> None:
    game = new_game()
    first = _today(game)
    game.execute(c.AddHabit(habit_id="f", name="Floss", start_day=first - timedelta(days=3)))
    assert game.state.character is not None and game.state.character.created_day == first
    # Before the first day: never closed (closing it is refused), so already decided.
    assert game.state.is_settled(first - timedelta(days=1))
    with pytest.raises(CommandRefused, match="before your character's first day"):
        game.execute(c.CloseDay(day=first - timedelta(days=1)))
    assert not game.state.is_settled(first)  # today: open
    game.advance(days=1)
    assert not game.state.is_settled(first)  # ended, not closed yet
    _close_ended_days(game)
    assert game.state.is_settled(first)
    assert not game.state.is_settled(_today(game))
