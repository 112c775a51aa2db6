"""The welcome's third way to start, "Bring my history": the named character first, then
File > Import from…'s own picker, preview, progress and Cancel, at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.values import DEFAULT_CHARACTER_NAME
from rpgmylife_desktop.ui.first_run import FirstRunChoice, FirstRunDialog
from rpgmylife_desktop.ui.import_dialog import ImportDialog
from rpgmylife_desktop.ui.interop_actions import FILTERS
from rpgmylife_desktop.ui.opening import Prompts
from tests.unit.interop.formats import loop_db, sample_loop_habits

from .conftest import NOW
from .helpers import launch, named


def answer_picker(act: Callable[[QFileDialog], None], seen: list[dict[str, object]]) -> None:
    """Wait for the real file picker to be shown modal, note what it shows, then `act`."""
    picker = QApplication.activeModalWidget()
    if not isinstance(picker, QFileDialog):
        QTimer.singleShot(50, lambda: answer_picker(act, seen))
        return
    seen.append({"title": picker.windowTitle(), "filters": picker.nameFilters()})
    act(picker)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of the test's own, so the picker opens on a small folder."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return home / "Documents"


def test_bring_my_history_names_the_character_then_previews_and_imports_a_loop_backup(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, documents: Path
) -> None:
    backup = loop_db(documents / "Loop Habits Backup.db", sample_loop_habits(date(2026, 9, 1), 40))
    seen: list[dict[str, object]] = []
    named_when_asked: list[str | None] = []

    def choose(picker: QFileDialog) -> None:
        try:
            game = picker.parent().game  # type: ignore[attr-defined]
            named_when_asked.append(game.state.character and game.state.character.name)
            # Typed as a person would: the picker lists its folder in the background.
            name_edit = picker.findChild(QLineEdit, "fileNameEdit")
            name_edit.setText(str(backup))
            picker.accept()
        finally:
            if picker.isVisible():  # a failed check above must not leave the picker open
                picker.reject()

    QTimer.singleShot(0, lambda: answer_picker(choose, seen))
    app = launch(qtbot, paths, NOW, tmp_path, Prompts(first_run=named("Lyra", history="loop")))
    window = app.window
    qtbot.waitUntil(lambda: isinstance(window.interop.dialog, ImportDialog), timeout=10_000)
    # The picker of File > Import from > Loop Habit Tracker, over the named character.
    assert seen == [
        {"title": "Import from Loop Habit Tracker", "filters": FILTERS["loop"].split(";;")}
    ]
    assert named_when_asked == ["Lyra"]
    dialog = window.interop.dialog
    assert isinstance(dialog, ImportDialog) and dialog.path == backup
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30_000)
    preview = dialog.text.toPlainText()
    assert "habits 3" in preview and "nothing is written yet" in preview
    assert app.game.store.head_position == 1  # the character only: the preview wrote nothing

    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    names = {app.models.habits.index(r, 0).data() for r in range(app.models.habits.rowCount())}
    assert names == {"Meditate", "Water", "Floss & brush!"}
    assert app.game.state.character is not None and app.game.state.character.name == "Lyra"
    assert window.header.name_label.text().endswith("Lyra</b>")
    assert window.last_message.startswith("Imported ")
    app.close()


def test_cancelling_the_picker_leaves_the_empty_named_character_and_says_where_import_is(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, documents: Path
) -> None:
    seen: list[dict[str, object]] = []
    QTimer.singleShot(0, lambda: answer_picker(lambda picker: picker.reject(), seen))
    app = launch(qtbot, paths, NOW, tmp_path, Prompts(first_run=named("Lyra", history="habitica")))
    window = app.window
    qtbot.waitUntil(lambda: "No file chosen" in window.last_message, timeout=10_000)
    assert seen and seen[0]["title"] == "Import from Habitica"
    assert window.interop.dialog is None  # no import dialog: nothing was picked
    assert window.isVisible() and not any(
        isinstance(w, FirstRunDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
    assert app.game.state.character is not None and app.game.state.character.name == "Lyra"
    assert app.game.store.head_position == 1  # the character, nothing else
    assert app.models.habits.rowCount() == 0
    assert "File > Import from" in window.statusBar().currentMessage()
    app.close()


def test_the_welcome_reaches_bring_my_history_and_its_source_with_the_keyboard(
    qtbot: QtBot,
) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.name_edit.hasFocus()
    assert not dialog.source_combo.isEnabled()  # only the history start asks where from
    # Tab into the choices, arrows through them, Tab on to where the history comes from.
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert dialog.empty_radio.hasFocus()
    qtbot.keyClick(dialog.empty_radio, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.demo_radio, Qt.Key.Key_Down)
    assert dialog.history_radio.isChecked() and dialog.source_combo.isEnabled()
    qtbot.keyClick(dialog.history_radio, Qt.Key.Key_Tab)
    assert dialog.source_combo.hasFocus()
    qtbot.keyClick(dialog.source_combo, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.source_combo, Qt.Key.Key_Return)
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    assert dialog.choice() == FirstRunChoice(DEFAULT_CHARACTER_NAME, False, "habitica")
    # Each start has its own Alt key (QTest does not deliver mnemonics: they were tried
    # under X11 with xdotool), and leaving the history start leaves no source behind.
    keys = [
        QKeySequence.mnemonic(button.text()).toString()
        for button in (dialog.empty_radio, dialog.demo_radio, dialog.history_radio)
    ]
    assert keys == ["Alt+E", "Alt+D", "Alt+H"]
    dialog.demo_radio.setChecked(True)
    assert not dialog.source_combo.isEnabled() and dialog.choice().history_from is None
