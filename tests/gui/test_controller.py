"""The controller: a refused command becomes a message, a durable one feedback."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, AddReward, ClaimReward, SkipHabitDay
from rpgmylife_desktop.ui.controller import Controller
from rpgmylife_desktop.ui.view_source import ViewSource


def test_a_refused_claim_is_a_message_and_writes_nothing(qtbot: QtBot, game: Game) -> None:
    controller = Controller(game, ViewSource(game))
    game.handle(AddReward(reward_id="r1", title="Holiday", price=500))
    position = game.position
    with qtbot.waitSignal(controller.refused) as refused:
        assert controller.handle(ClaimReward(reward_id="r1")) is None
    assert "gold" in refused.args[0].lower()
    assert game.position == position


def test_a_log_reports_its_outcome_and_names_undo(qtbot: QtBot, game: Game) -> None:
    controller = Controller(game, ViewSource(game))
    controller.handle(
        AddHabit(habit_id="h1", name="Meditate", start_day=game.today() - timedelta(5))
    )
    with qtbot.waitSignal(controller.handled) as handled:
        controller.log("h1")
    assert handled.args[1].startswith("Logged Meditate: +")
    assert "XP" in handled.args[1] and "gold" in handled.args[1]
    assert controller.undo_text() == "Log Meditate"
    controller.undo()
    assert controller.redo_text() == "Log Meditate"
    assert controller.undo_text() == "Add habit Meditate"


def test_backfill_and_retract_a_past_day(qtbot: QtBot, game: Game) -> None:
    controller = Controller(game, ViewSource(game))
    controller.handle(AddHabit(habit_id="h1", name="Read", start_day=game.today() - timedelta(5)))
    two_days_ago = game.today() - timedelta(days=2)
    result = controller.log("h1", "up", two_days_ago)
    assert result is not None
    habit = game.state.habits["h1"]
    assert habit.done_on(two_days_ago)
    assert any(getattr(r.event, "backfilled", False) for r in result.events)
    assert controller.retract("h1", two_days_ago) is not None
    assert not game.state.habits["h1"].done_on(two_days_ago)
    with qtbot.waitSignal(controller.refused) as refused:
        controller.retract("h1", two_days_ago)
    assert "no log" in refused.args[0]


def test_nothing_is_written_while_travelling(qtbot: QtBot, game: Game) -> None:
    source = ViewSource(game)
    controller = Controller(game, source)
    controller.handle(AddHabit(habit_id="h1", name="Read"))
    source.travel_to(1)
    with qtbot.waitSignal(controller.refused) as refused:
        controller.log("h1")
    assert "past" in refused.args[0]
    source.back_to_now()
    assert controller.log("h1") is not None


def test_undo_passes_over_a_skip_of_a_closed_day_and_says_so(
    qtbot: QtBot, game: Game, clock: FixedClock
) -> None:
    controller = Controller(game, ViewSource(game))
    controller.handle(AddHabit(habit_id="floss", name="Floss"))
    controller.handle(AddHabit(habit_id="run", name="Run"))
    today = game.today()
    assert controller.log("run") is not None
    tomorrow = today + timedelta(days=1)
    controller.handle(SkipHabitDay(habit_id="floss", day=tomorrow))
    clock.advance(timedelta(days=2))
    game.close_due_days()
    assert controller.undo_text() == "Log Run"  # not the skip Tuesday keeps
    with qtbot.waitSignal(controller.handled) as handled:
        controller.undo()
    assert handled.args[1].startswith("Undid Log Run: -6 XP, -1 gold. Passed over a newer command")
    assert "judged with 'Floss' skipped" in handled.args[1]
    assert not game.state.habits["run"].tallies
    assert game.state.habits["floss"].is_excused(tomorrow)
    with qtbot.waitSignal(controller.refused) as refused:
        controller.undo()  # Floss stays under its kept skip, and both habits stay
    assert "judged with 'Floss' skipped" in refused.args[0]
    assert {"floss", "run"} <= set(game.state.habits)


def test_undo_of_adding_a_habit_a_closed_day_judged_says_to_archive_it(
    qtbot: QtBot, game: Game, clock: FixedClock
) -> None:
    controller = Controller(game, ViewSource(game))
    controller.handle(AddHabit(habit_id="floss", name="Floss"))
    controller.handle(AddHabit(habit_id="run", name="Run far"))
    clock.advance(timedelta(days=1))
    game.close_due_days()
    with qtbot.waitSignal(controller.refused) as refused:
        controller.undo()
    assert "was judged with 'Run far'" in refused.args[0]
    assert "archive it: select it and choose Edit > Archive / restore" in refused.args[0]
    assert "rpgmylife" not in refused.args[0]
    assert "run" in game.state.habits
