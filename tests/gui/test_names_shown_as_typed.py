"""Names are shown as a person typed them: an '&' is not taken for an Alt key (Undo's text,
the tray menu) and a '<' or '&' is not read as markup (the header, a habit's page, toasts,
the checklist title)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit, AddQuest, RenameCharacter
from rpgmylife_desktop.ui.app import attach_tray
from rpgmylife_desktop.ui.pages.habit_detail import HabitDetail

from .conftest import NOW
from .helpers import launch, settings_in
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
