"""Names are shown as a person typed them: an '&' is not taken for an Alt key (Undo's text,
the tray menu) and a '<' or '&' is not read as markup (the header, a habit's page, toasts,
the checklist title)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QToolBar, QToolTip
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit, AddQuest, AddReward, RenameCharacter
from rpgmylife_desktop.ui.app import attach_tray
from rpgmylife_desktop.ui.pages.habit_detail import HabitDetail

from .conftest import NOW
from .helpers import launch, plain, settings_in
from .test_window_flows import seed

HABIT = "Floss & <b>brush</b>"
QUEST = "Fix <i>the</i> & door"
HERO = "Ada <3 & co"


def shown(label: QLabel) -> str:
    """What a label shows: its text, through the HTML reader when Qt reads it as markup."""
    if label.textFormat().name == "PlainText":
        return label.text()
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText()


def test_names_with_ampersands_and_angle_brackets_show_as_typed(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="floss", name=HABIT),
        AddQuest(quest_id="door", title=QUEST, checklist=["Buy hinge"]),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    app.controller.handle(RenameCharacter(name=HERO))
    qtbot.waitUntil(lambda: HERO in shown(window.header.name_label), timeout=10_000)
    assert shown(window.header.name_label) == HERO

    app.controller.log("floss")
    undo = window.user_actions.undo
    qtbot.waitUntil(lambda: "Floss" in undo.text(), timeout=10_000)
    assert undo.iconText() == f"Undo Log {HABIT}"  # the '&' kept, not an Alt key
    window.toast.show_message(f"Archived {HABIT}")  # as a refusal or an outcome is told
    assert shown(window.toast) == f"Archived {HABIT}"

    tray = attach_tray(app, settings_in(tmp_path), available=True)
    tray.menu.aboutToShow.emit()
    entry = next(a for a in tray.menu.actions() if a.objectName() == "log:floss")
    assert entry.iconText() == f"✓ {HABIT} (streak 1)", entry.text()

    detail = window.open_detail("floss")
    assert isinstance(detail, HabitDetail)
    assert shown(detail.title) == HABIT

    window.quests_page.view.setCurrentIndex(window.quests_page.view.model().index(0, 0))
    checklist = window.checklist_panel
    qtbot.waitUntil(lambda: "door" in checklist.title.text(), timeout=10_000)
    assert shown(checklist.title) == f"Checklist of {QUEST}"
    app.close()


TIPPED_HABIT = '<b>Gym</b> & co "daily" < 5 > 3'
TIPPED_QUEST = "Fix <i>the</i> & 'door'"
TIPPED_REWARD = "<u>Cake</u> &amp; tea"


def tips(model: QAbstractItemModel) -> list[str]:
    """Every cell's tooltip of `model` as the user reads it."""
    return [
        plain(model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) or "")
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]


def test_tooltips_show_names_as_typed(
    qtbot: QtBot, qtmodeltester: Any, paths: DataPaths, tmp_path: Path
) -> None:
    """A habit named "<b>Gym</b> & co" is not bold and loses no words in any tooltip: the
    lists, History, Undo/Redo and the tray menu's entries."""
    seed(
        paths,
        AddHabit(habit_id="gym", name=TIPPED_HABIT),
        AddQuest(quest_id="door", title=TIPPED_QUEST),
        AddReward(reward_id="cake", title=TIPPED_REWARD, price=5),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    models = app.window.models
    for model, name in (
        (models.habits, TIPPED_HABIT),
        (models.quests, TIPPED_QUEST),
        (models.rewards, TIPPED_REWARD),
    ):
        qtmodeltester.check(model)
        assert name in tips(model), (name, tips(model))

    app.controller.log("gym")
    undo = app.window.user_actions.undo
    qtbot.waitUntil(lambda: "Gym" in undo.text(), timeout=10_000)
    assert plain(undo.toolTip()) == f"Undo Log {TIPPED_HABIT}"
    # Shown on one line, as a plain tooltip is (not wrapped to a word a line).
    QToolTip.showText(QPoint(100, 100), undo.toolTip())
    label = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "qtooltip_label")
    qtbot.waitUntil(label.isVisible)
    assert label.height() < 2 * label.fontMetrics().lineSpacing(), label.size()
    QToolTip.hideText()
    app.controller.undo()
    redo = app.window.user_actions.redo
    qtbot.waitUntil(lambda: "Gym" in redo.text(), timeout=10_000)
    assert plain(redo.toolTip()) == f"Redo Log {TIPPED_HABIT}"

    history = models.history
    qtmodeltester.check(history)
    qtbot.waitUntil(lambda: history.rowCount() > 0, timeout=10_000)
    lines = tips(history)
    assert any(TIPPED_HABIT in line for line in lines), lines
    assert any(TIPPED_QUEST in line for line in lines), lines

    app.controller.redo()
    tray = attach_tray(app, settings_in(tmp_path), available=True)
    tray.menu.aboutToShow.emit()
    entry = next(a for a in tray.menu.actions() if a.objectName() == "log:gym")
    assert plain(entry.toolTip()) == f"✓ {TIPPED_HABIT} (streak 1)"
    app.close()


LONG_HABIT = "A very long habit name that someone typed & kept typing past any toolbar"


def test_a_long_name_is_cut_on_the_undo_button_and_whole_in_its_tooltip(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    """Undo's button named the whole command ("Undo Add habit A very long habit name
    that someone typed ..."), pushing the toolbar wider than the window."""
    seed(paths, AddHabit(habit_id="long", name=LONG_HABIT))
    app = launch(qtbot, paths, NOW, tmp_path)
    app.controller.log("long")
    undo = app.window.user_actions.undo
    qtbot.waitUntil(lambda: "Log" in undo.text(), timeout=10_000)
    label = undo.text().replace("&&", "&").replace("&Undo", "Undo")
    assert label.startswith("Undo Log A very long") and label.endswith("…"), label
    assert len(label) <= len("Undo ") + 40, label
    assert plain(undo.toolTip()) == f"Undo Log {LONG_HABIT}"
    toolbar = app.window.findChild(QToolBar)
    button = toolbar.widgetForAction(undo)
    qtbot.waitUntil(lambda: button.text().startswith("Undo Log A very"), timeout=10_000)
    assert button.sizeHint().width() < app.window.width() // 3, button.sizeHint()
