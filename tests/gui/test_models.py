"""Every item model under Qt's model tester while real commands change the game.

Each test also records the model's row signals and checks that one announced
change became exactly one insert, update or removal, and that only real
resets (time travel, undo of a late rebuild) reset the model.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.modeltest import ModelTester

from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import (
    AddGoal,
    AddHabit,
    AddQuest,
    AddReward,
    ArchiveHabit,
    ClaimReward,
    CompleteQuest,
    CreateCharacter,
    EditHabit,
    EditReward,
    LogHabit,
    RedoCommand,
    UndoLastCommand,
)
from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from rpgmylife_desktop.ui.models.base import KEY_ROLE, ROW_ROLE
from rpgmylife_desktop.ui.models.character import CharacterModel
from rpgmylife_desktop.ui.models.days import DaysModel
from rpgmylife_desktop.ui.models.goals import FRACTION_ROLE, GoalsModel
from rpgmylife_desktop.ui.models.habits import HabitsModel
from rpgmylife_desktop.ui.models.history import PAGE, HistoryModel
from rpgmylife_desktop.ui.models.milestones import MilestonesModel
from rpgmylife_desktop.ui.models.quests import QuestsModel
from rpgmylife_desktop.ui.models.rewards import RewardsModel
from rpgmylife_desktop.ui.models.today import SCHEDULED_ROLE, WEEK_ROLE, TodayModel
from rpgmylife_desktop.ui.view_source import ViewSource


class Signals:
    """Counts a model's row signals."""

    def __init__(self, model: QAbstractItemModel) -> None:
        self.log: list[tuple[str, int, int]] = []
        model.rowsInserted.connect(lambda _p, a, b: self.log.append(("insert", a, b)))
        model.rowsRemoved.connect(lambda _p, a, b: self.log.append(("remove", a, b)))
        model.dataChanged.connect(lambda a, b, _r=(): self.log.append(("update", a.row(), b.row())))
        model.modelReset.connect(lambda: self.log.append(("reset", -1, -1)))

    def take(self) -> list[tuple[str, int, int]]:
        taken, self.log = self.log, []
        return taken


def names(model: QAbstractItemModel, column: int = 0) -> list[Any]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_habits_model_insert_edit_archive_undo_redo(qtmodeltester: ModelTester, game: Game) -> None:
    source = ViewSource(game)
    model = HabitsModel(source)
    qtmodeltester.check(model)
    signals = Signals(model)
    game.handle(AddHabit(habit_id="h1", name="Meditate"))
    game.handle(AddHabit(habit_id="h2", name="Read"))
    assert names(model) == ["Meditate", "Read"]
    assert [s for s in signals.take() if s[0] != "update"] == [
        ("insert", 0, 0),
        ("insert", 1, 1),
    ]
    game.handle(EditHabit(habit_id="h2", name="Read a book"))
    assert signals.take() == [("update", 1, 1)]
    assert names(model) == ["Meditate", "Read a book"]
    game.handle(ArchiveHabit(habit_id="h1"))
    assert model.index(0, 5).data() == "archived"
    game.handle(UndoLastCommand())
    assert model.index(0, 5).data() == "active"
    game.handle(RedoCommand())
    assert model.index(0, 5).data() == "archived"
    assert all(kind == "update" for kind, _a, _b in signals.take())
    assert model.resets == 0
    qtmodeltester.check(model)


def test_undoing_an_add_removes_exactly_one_row(qtmodeltester: ModelTester, game: Game) -> None:
    source = ViewSource(game)
    quests, rewards = QuestsModel(source), RewardsModel(source)
    qtmodeltester.check(quests)
    qtmodeltester.check(rewards)
    game.handle(AddQuest(quest_id="q1", title="File taxes"))
    game.handle(AddReward(reward_id="r1", title="Cinema", price=5))
    quest_signals, reward_signals = Signals(quests), Signals(rewards)
    game.handle(UndoLastCommand())
    assert reward_signals.take() == [("remove", 0, 0)]
    assert rewards.rowCount() == 0 and quests.rowCount() == 1
    game.handle(RedoCommand())
    assert reward_signals.take() == [("insert", 0, 0)]
    game.handle(EditReward(reward_id="r1", price=7))
    assert reward_signals.take() == [("update", 0, 0)]
    assert rewards.index(0, 1).data() == "7 gold"
    game.handle(CompleteQuest(quest_id="q1"))
    assert quest_signals.take() == [("update", 0, 0)]
    assert quests.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert quests.resets == rewards.resets == 0


def test_character_today_days_and_goals_follow_a_log(
    qtmodeltester: ModelTester, game: Game
) -> None:
    source = ViewSource(game)
    character, today, days, goals = (
        CharacterModel(source),
        TodayModel(source),
        DaysModel(source),
        GoalsModel(source),
    )
    for model in (character, today, days, goals):
        qtmodeltester.check(model)
    game.handle(CreateCharacter(name="Ada"))
    assert character.sheet() is not None and character.sheet().name == "Ada"
    game.handle(
        AddHabit(
            habit_id="h1",
            name="Water",
            target=NumericTarget(amount=8, unit="glasses"),
            start_day=game.today() - timedelta(days=10),
        )
    )
    game.handle(
        AddHabit(
            habit_id="h2", name="Snack", kind="negative", schedule=Schedule(kind="unscheduled")
        )
    )
    game.handle(
        AddGoal(
            goal_id="g1",
            title="Hydrate",
            measure={"kind": "habit_logs", "habit_id": "h1", "count": 4},
        )
    )
    game.engine.set_today(game.today())
    assert today.rowCount() == 2
    assert today.index(0, 0).data(SCHEDULED_ROLE) is True
    assert today.index(1, 0).data(SCHEDULED_ROLE) is False
    before = character.sheet().total_xp
    today_signals, character_signals = Signals(today), Signals(character)
    game.handle(LogHabit(habit_id="h1", amount=8))
    assert today_signals.take() == [("update", 0, 0)]
    assert character_signals.take() == [("update", 0, 0)]
    assert character.sheet().total_xp > before
    assert today.index(0, 0).data(ROW_ROLE).done
    # A numeric habit has an amount field, not a checkbox.
    assert today.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) is None
    week = today.index(0, 0).data(WEEK_ROLE)
    assert week[-1] == (game.today(), "done")
    assert goals.index(0, 0).data(FRACTION_ROLE) == 0.25
    assert days.rowCount() == 1 and days.index(0, 0).data() == game.today().isoformat()
    # A backfill two days ago is one update of the habit's row, with the cell now done.
    game.handle(LogHabit(habit_id="h1", amount=8, at=game.clock.now() - timedelta(days=2)))
    assert today_signals.take() == [("update", 0, 0)]
    assert today.index(0, 0).data(WEEK_ROLE)[-3][1] == "done"


def test_time_travel_resets_every_model_once_and_back(
    qtmodeltester: ModelTester, game: Game
) -> None:
    source = ViewSource(game)
    models = [
        HabitsModel(source),
        RewardsModel(source),
        MilestonesModel(source),
        HistoryModel(source),
    ]
    for model in models:
        qtmodeltester.check(model)
    game.handle(AddHabit(habit_id="h1", name="Meditate"))
    middle = game.position
    game.handle(AddHabit(habit_id="h2", name="Read"))
    game.handle(LogHabit(habit_id="h2"))
    habits, _rewards, milestones, history = models
    assert habits.rowCount() == 2
    assert milestones.rowCount() == 1  # the first log of Read
    source.travel_to(middle)
    assert [m.resets for m in models] == [1, 1, 1, 1]
    assert names(habits) == ["Meditate"]
    assert milestones.rowCount() == 0
    assert history.rowCount() == middle
    # Live changes while travelling are not shown; coming back shows them.
    source.back_to_now()
    assert [m.resets for m in models] == [2, 2, 2, 2]
    assert names(habits) == ["Meditate", "Read"]
    assert history.rowCount() == game.position
    qtmodeltester.check(habits)


def test_history_is_newest_first_and_holds_a_bounded_number_of_rows(
    qtmodeltester: ModelTester, game: Game
) -> None:
    game.handle(AddHabit(habit_id="h1", name="Meditate"))
    with game.group_commit():
        for _ in range(PAGE * 20):
            game.handle(LogHabit(habit_id="h1"))
    source = ViewSource(game)
    model = HistoryModel(source)
    qtmodeltester.check(model)
    total = game.position
    assert model.rowCount() == total
    assert model.index(total - 1, 1).data().startswith("Created")  # the oldest line
    assert model.index(total - 2, 1).data() == "Added habit Meditate"
    for row in range(0, total, PAGE // 2):
        model.index(row, 1).data()
    assert model.held_rows <= 16 * PAGE
    signals = Signals(model)
    game.handle(LogHabit(habit_id="h1", direction="up"))
    assert signals.take() == [("insert", 0, 0)]
    assert model.index(0, 1).data().startswith("Logged Meditate")
    assert model.index(0, 0).data(KEY_ROLE) == game.position


def test_history_filter_scans_in_slices(qtbot: Any, qtmodeltester: ModelTester, game: Game) -> None:
    game.handle(AddHabit(habit_id="h1", name="Meditate"))
    game.handle(AddReward(reward_id="r1", title="Cinema", price=0))
    game.handle(ClaimReward(reward_id="r1"))
    source = ViewSource(game)
    model = HistoryModel(source)
    qtmodeltester.check(model)
    model.set_filter(["reward"])
    qtbot.waitUntil(model.wait_scanned)
    assert [model.index(r, 2).data() for r in range(model.rowCount())] == ["reward", "reward"]
    model.set_filter([], "cinema claimed")
    qtbot.waitUntil(model.wait_scanned)
    assert model.rowCount() == 1
    model.set_filter()
    assert model.rowCount() == game.position


def test_a_late_event_rebuild_is_one_reset(qtmodeltester: ModelTester, game: Game) -> None:
    import uuid

    from rpgmylife_desktop.application.recording import CommandStamp, to_new_event
    from rpgmylife_desktop.domain import events as ev

    source = ViewSource(game)
    habits, history = HabitsModel(source), HistoryModel(source)
    qtmodeltester.check(habits)
    qtmodeltester.check(history)
    game.handle(AddHabit(habit_id="h1", name="Meditate"))
    game.handle(AddHabit(habit_id="h2", name="Read"))
    # An event merged from another computer that sorts before the ones applied (its
    # hybrid clock is older): written to the log, then applied as a merge would.
    now = game.clock.now()
    envelope = CommandStamp(now, now, "UTC", "0-other-device", str(uuid.uuid4()))
    added = ev.HabitAdded(habit_id="h3", name="Stretch", start_day=game.today(), position=3)
    game.store.append([to_new_event("habit-h3", 1, added, envelope, 1)], {"habit-h3": 0})
    (late,) = list(game.read_log(game.position + 1))
    signals = Signals(habits)
    game.engine.apply_many([late])
    assert game.engine.rebuilds == 1
    assert [kind for kind, _a, _b in signals.take()] == ["reset"]
    assert habits.resets == 1 and history.resets == 1
    assert "Stretch" in names(habits)
    assert history.rowCount() == game.position


def test_history_filter_by_days(qtbot: Any, qtmodeltester: ModelTester, game: Game) -> None:
    game.handle(AddHabit(habit_id="h1", name="Read", start_day=game.today() - timedelta(days=9)))
    game.handle(LogHabit(habit_id="h1", at=game.clock.now() - timedelta(days=5)))
    game.handle(LogHabit(habit_id="h1"))
    model = HistoryModel(ViewSource(game))
    qtmodeltester.check(model)
    five_days_ago = game.today() - timedelta(days=5)
    model.set_filter(["habit"], "", five_days_ago, five_days_ago)
    qtbot.waitUntil(model.wait_scanned)
    assert model.rowCount() == 1
    assert "backfilled" in model.index(0, 1).data()


def test_row_roles_read_without_an_index_answer_as_data_does(game: Game) -> None:
    # Filters read a model's row roles through `row_role`, which hands `role_data` no
    # index: each such role must answer as `data` does, live and in the past.
    game.handle(AddHabit(habit_id="h1", name="Meditate"))
    game.handle(AddHabit(habit_id="h2", name="Gym", schedule=Schedule(kind="daily")))
    game.handle(ArchiveHabit(habit_id="h1"))
    game.handle(AddQuest(quest_id="q1", title="Taxes"))
    game.handle(AddQuest(quest_id="q2", title="Paint"))
    game.handle(CompleteQuest(quest_id="q1"))
    game.handle(AddGoal(goal_id="g1", title="Fit"))
    middle = game.position - 3
    source = ViewSource(game)
    models = [HabitsModel(source), QuestsModel(source), GoalsModel(source), TodayModel(source)]
    assert all(model.row_roles for model in models)
    for travel in (None, middle):
        if travel is not None:
            source.travel_to(travel)
        for model in models:
            assert model.rowCount() > 0 or travel is not None
            for role in model.row_roles:
                for row in range(model.rowCount()):
                    assert model.row_role(row, role) == model.index(row, 0).data(role)
                    assert model.row_role(row, role) is not None
    source.back_to_now()
