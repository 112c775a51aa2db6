"""Ruleset v2: every positive step earns at least 1 XP; profiles from before it keep
ruleset 1 (and every recorded outcome) until they choose 2."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.streams import CHARACTER
from rpgmylife_desktop.domain.rules import RULESET_VERSION, rules_for
from rpgmylife_desktop.domain.rules.v1 import Gain
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import Schedule
from tests.oracles.digest import domain_digest
from tests.playthrough import Playthrough

from .helpers import new_game

UNSCHEDULED = Schedule(kind="unscheduled")


def _logs(game: Playthrough, count: int) -> list[ev.HabitLogged]:
    logged = [game.execute(c.LogHabit(habit_id="floss"))[0].event for _ in range(count)]
    assert all(isinstance(e, ev.HabitLogged) for e in logged)
    return logged  # type: ignore[return-value]


def test_a_trivial_habit_at_a_high_value_still_earns_1_xp() -> None:
    game = new_game()
    game.execute(
        c.AddHabit(habit_id="floss", name="Floss", difficulty="trivial", schedule=UNSCHEDULED)
    )
    assert game.state.settings.ruleset_version == RULESET_VERSION == 2
    logged = _logs(game, 40)
    assert game.state.habits["floss"].value > 7  # past where ruleset 1 pays 0 XP
    assert [e.xp_delta for e in logged[-5:]] == [1] * 5
    assert all(e.rules_version == 2 for e in logged)
    # The value still diminishes the gold, as in Habitica.
    assert logged[-1].gold_delta < logged[0].gold_delta


@pytest.mark.parametrize("value", [0.0, 5.0, 7.5, 15.0, 21.27])
def test_v2_pays_what_v1_pays_above_the_floor(value: float) -> None:
    v1, v2 = rules_for(1), rules_for(2)
    for difficulty in ("trivial", "easy", "medium", "hard"):
        raw = v1.value_step(value, "up").raw
        old, new = v1.gain(raw, difficulty), v2.gain(raw, difficulty)  # type: ignore[arg-type]
        assert new.gold == old.gold and new.xp == max(1, old.xp)


def _ruleset_1_profile() -> Playthrough:
    """A profile created before ruleset 2: its CharacterCreated names no ruleset."""
    game = new_game()
    created = ev.CharacterCreated(name="Robin", day=game.now.date())
    for item in game.record([(CHARACTER, created)], "create"):
        game.state.apply(item)
    game.execute(
        c.AddHabit(habit_id="floss", name="Floss", difficulty="trivial", schedule=UNSCHEDULED)
    )
    return game


def test_an_older_profile_keeps_ruleset_1_and_its_recorded_outcomes() -> None:
    game = _ruleset_1_profile()
    assert game.state.settings.ruleset_version == 1
    logged = _logs(game, 40)
    assert logged[-1].xp_delta == 0 and logged[-1].rules_version == 1
    total = game.state.character.total_xp if game.state.character else -1
    # Choosing ruleset 2 changes only the decisions made from then on.
    game.execute(c.ChangeSettings(ruleset_version=2))
    after = _logs(game, 1)[0]
    assert after.xp_delta == 1 and after.rules_version == 2
    replayed = game.replay()
    assert domain_digest(replayed) == domain_digest(game.state)
    assert replayed.character is not None and replayed.character.total_xp == total + 1
    assert game.replay(len(game.log) - 2).character.total_xp == total  # type: ignore[union-attr]


def test_undoing_the_first_command_takes_the_ruleset_back_with_the_character() -> None:
    game = new_game()
    empty = domain_digest(GameState())
    game.execute(c.AddHabit(habit_id="floss", name="Floss"))  # creates the character too
    assert game.state.settings.ruleset_version == 2
    game.execute(c.UndoLastCommand())
    assert game.state.character is None and game.state.settings.ruleset_version == 1
    assert domain_digest(game.state) == empty
    game.execute(c.RedoCommand())
    assert game.state.settings.ruleset_version == 2


@given(
    st.floats(-47.27, 21.27),
    st.sampled_from(("trivial", "easy", "medium", "hard")),
    st.sampled_from((1.0, 1.5)),
)
def test_v2_gain_is_v1_gain_with_the_xp_floor(
    value: float, difficulty: str, critical: float
) -> None:
    """v2 returns v1's own `Gain` when it is above the floor: the same as raising its XP
    to the floor, over every task value, difficulty and critical roll."""
    v1, v2 = rules_for(1), rules_for(2)
    raw = v1.value_step(value, "up").raw
    old = v1.gain(raw, difficulty, critical)  # type: ignore[arg-type]
    new = v2.gain(raw, difficulty, critical)  # type: ignore[arg-type]
    assert new == Gain(max(1, old.xp), old.gold)
    assert type(new) is Gain and type(new.xp) is int and type(new.gold) is float
