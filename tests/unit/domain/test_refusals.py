"""A refused command explains itself and yields nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain.decide import decide
from rpgmylife_desktop.domain.errors import CommandRefused
from tests.oracles.digest import domain_digest
from tests.playthrough import Playthrough

from .helpers import new_game


def playing() -> Playthrough:
    game = new_game()
    game.execute(c.AddHabit(habit_id="read", name="Read"))
    game.execute(c.AddHabit(habit_id="old", name="Old habit"))
    game.execute(c.ArchiveHabit(habit_id="old"))
    game.execute(c.AddQuest(quest_id="q", title="Tax return"))
    game.execute(c.CompleteQuest(quest_id="q"))
    game.execute(c.AddReward(reward_id="movie", title="Movie night", price=30))
    return game


REFUSED: list[tuple[Callable[[], c.Command], str]] = [
    (lambda: c.ClaimReward(reward_id="movie"), "costs 30 gold, but you have"),
    (lambda: c.CompleteQuest(quest_id="q"), "already completed"),
    (lambda: c.LogHabit(habit_id="old"), "archived"),
    (lambda: c.LogHabit(habit_id="nope"), "no habit with id"),
    (lambda: c.LogHabit(habit_id="read", direction="down"), "only has a \\+ button"),
    (lambda: c.AddHabit(name="read"), "already exists"),
    (lambda: c.ArchiveHabit(habit_id="old"), "already archived"),
    (lambda: c.RestoreHabit(habit_id="read"), "not archived"),
    (lambda: c.EditHabit(habit_id="read", name="Read"), "nothing to change"),
    (lambda: c.ReopenQuest(quest_id="nope"), "no quest"),
    (lambda: c.AbandonQuest(quest_id="q"), "only open quests"),
    (lambda: c.CreateCharacter(name="Bob"), "already exists"),
    (lambda: c.RenameCharacter(name="Adventurer"), "already called"),
    (lambda: c.CloseDay(day=date(2026, 3, 2)), "not over yet"),
    (lambda: c.RedoCommand(), "Nothing to redo"),
    (lambda: c.RevertEvent(event_id="nope"), "no live log"),
    (
        lambda: c.PauseHabit(habit_id="read", start=date(2026, 3, 5), end=date(2026, 3, 4)),
        "cannot end",
    ),
    (lambda: c.AchieveGoal(goal_id="nope"), "no goal"),
    (lambda: c.AddQuest(title="x", goal_id="nope"), "no goal"),
    (lambda: c.ChangeSettings(ruleset_version=99), "not known"),
    (lambda: c.ChangeSettings(day_start_hour=4), "nothing to change"),
]


@pytest.mark.parametrize(("make", "message"), REFUSED)
def test_refused_commands_write_nothing(make: Callable[[], c.Command], message: str) -> None:
    game = playing()
    before = domain_digest(game.state)
    log_size = len(game.log)
    with pytest.raises(CommandRefused, match=message) as refused:
        game.execute(make())
    assert refused.value.exit_code == 1
    assert len(game.log) == log_size
    assert domain_digest(game.state) == before


def test_undo_and_close_day_on_an_empty_game_are_refused() -> None:
    game = new_game()
    for command in (c.UndoLastCommand(), c.CloseDay(day=date(2026, 3, 1))):
        with pytest.raises(CommandRefused):
            decide(game.state, command, game.context())
    assert game.log == []


def test_any_command_on_an_empty_game_creates_the_adventurer_first() -> None:
    game = new_game()
    first = game.execute(c.AddReward(title="Tea", price=1))
    assert type(first[0].event).__name__ == "CharacterCreated"
    assert game.state.character is not None and game.state.character.name == "Adventurer"
