"""A quest's checklist after the quest exists (add, rename, remove, tick, untick) and a
goal's linked quests and habits, through the real pages and dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import (
    AddChecklistItem,
    AddHabit,
    AddQuest,
    CheckChecklistItem,
    CreateCharacter,
    RemoveChecklistItem,
    RenameChecklistItem,
    UndoLastCommand,
)
from rpgmylife_desktop.ui.goal_dialog import GoalDialog
from rpgmylife_desktop.ui.models.checklist import ChecklistModel
from rpgmylife_desktop.ui.view_source import ViewSource

from .conftest import NOW
from .helpers import launch, row_of
from .test_models import Signals


def items(game: Game, quest_id: str) -> list[tuple[str, bool]]:
    return [(i.text, i.done) for i in game.state.quests[quest_id].checklist]


def test_checklist_model_follows_each_change(qtmodeltester: ModelTester, game: Game) -> None:
    game.handle(CreateCharacter(name="Ada"))
    game.handle(AddQuest(quest_id="move", title="Move house", checklist=("Boxes", "Van")))
    game.handle(AddQuest(quest_id="other", title="Other"))
    model = ChecklistModel(ViewSource(game))
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    model.show_quest("move")
    signals = Signals(model)
    assert [model.index(r).data() for r in range(model.rowCount())] == ["Boxes", "Van"]
    van = model.index(1).data(Qt.ItemDataRole.UserRole + 1)
    game.handle(AddChecklistItem(quest_id="move", text="Keys", item_id="keys"))
    assert signals.take() == [("insert", 2, 2)]
    game.handle(CheckChecklistItem(quest_id="move", item_id="keys"))
    assert signals.take() == [("update", 2, 2)]
    assert model.index(2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    game.handle(RenameChecklistItem(quest_id="move", item_id=van, text="Truck"))
    assert signals.take() == [("update", 1, 1)]
    assert model.index(1).data() == "Truck"
    game.handle(RemoveChecklistItem(quest_id="move", item_id=van))
    assert signals.take() == [("remove", 1, 1)]
    game.handle(UndoLastCommand())
    assert signals.take() == [("insert", 1, 1)]
    game.handle(AddChecklistItem(quest_id="other", text="Elsewhere"))
    assert signals.take() == []  # another quest's change leaves this one alone
    assert model.rowCount() == 3
    model.show_quest(None)
    assert model.rowCount() == 0
    model.detach()


def test_edit_a_quests_checklist_from_the_quests_page(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddQuest(quest_id="move", title="Move house", checklist=("Boxes",)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.show_page(2)
    table = window.quests_page.view
    table.setCurrentIndex(row_of(table, "move"))
    panel = window.checklist_panel
    assert panel.title.text() == "Checklist of Move house"
    assert panel.view.model().rowCount() == 1
    # Add: type and press Enter.
    qtbot.keyClicks(panel.new_item, "Van")
    qtbot.keyClick(panel.new_item, Qt.Key.Key_Return)
    assert items(app.game, "move") == [("Boxes", False), ("Van", False)]
    assert panel.new_item.text() == ""
    # Tick by clicking the check box, then untick with Space.
    view = panel.view
    first = view.model().index(0, 0)
    view.setCurrentIndex(first)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert items(app.game, "move")[0] == ("Boxes", True)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert items(app.game, "move")[0] == ("Boxes", False)
    # Rename in place (F2), as a person would.
    second = view.model().index(1, 0)
    view.setCurrentIndex(second)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert view.state() == view.State.EditingState, view.state()
    editor = view.indexWidget(second) or view.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    editor.selectAll()
    qtbot.keyClicks(editor, "Rent a van")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    qtbot.waitUntil(lambda: items(app.game, "move")[1] == ("Rent a van", False))
    # Remove the selected item with its button; Undo brings it back.
    view.setCurrentIndex(view.model().index(1, 0))
    panel.remove_button.click()
    assert items(app.game, "move") == [("Boxes", False)]
    assert view.model().rowCount() == 1
    app.actions.undo.trigger()
    assert [t for t, _ in items(app.game, "move")] == ["Boxes", "Rent a van"]
    # An empty item is refused with a message, nothing written.
    panel.add_button.click()
    assert "Type the new item" in window.last_message
    assert len(items(app.game, "move")) == 2
    table.setCurrentIndex(QModelIndex())
    app.close()


def test_choose_a_goals_linked_quests_and_habits(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddHabit(habit_id="run", name="Run"))
        game.handle(AddQuest(quest_id="shoes", title="Buy shoes"))
        game.handle(AddQuest(quest_id="plan", title="Make a plan"))
        game.handle(AddQuest(quest_id="race", title="Sign up"))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    app.actions.new_goal.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, GoalDialog)
    dialog.title_edit.setText("Run a race")
    dialog.measure_combo.setCurrentIndex(dialog.measure_combo.findData("linked_quests"))
    for key in ("shoes", "race"):  # a person ticks two of the three quests
        item = dialog.quest_links.item_for(key)
        assert item is not None
        rect = dialog.quest_links.visualItemRect(item)
        dialog.quest_links.setCurrentItem(item)
        qtbot.keyClick(dialog.quest_links, Qt.Key.Key_Space)
        assert item.checkState() == Qt.CheckState.Checked, rect
    run = dialog.habit_links.item_for("run")
    assert run is not None
    run.setCheckState(Qt.CheckState.Checked)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    goal = next(g for g in app.game.state.goals.values() if g.title == "Run a race")
    assert set(goal.quest_ids) == {"shoes", "race"}
    assert goal.habit_ids == ("run",)
    # Edit it: untick one quest, tick another.
    window.show_page(3)
    table = window.goals_page.view
    table.setCurrentIndex(row_of(table, goal.goal_id))
    app.actions.edit.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, GoalDialog)
    assert set(dialog.quest_links.chosen()) == {"shoes", "race"}
    dialog.quest_links.item_for("race").setCheckState(Qt.CheckState.Unchecked)  # type: ignore[union-attr]
    dialog.quest_links.item_for("plan").setCheckState(Qt.CheckState.Checked)  # type: ignore[union-attr]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert set(app.game.state.goals[goal.goal_id].quest_ids) == {"shoes", "plan"}
    assert app.game.state.goals[goal.goal_id].habit_ids == ("run",)
    app.close()
