"""File > Import from… and File > Export as CSV…, driven through the window's real
actions: the preview dialog, its progress bar and Cancel, the models after an import."""

from __future__ import annotations

import csv
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressBar
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application import source_plan
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.ui import import_dialog
from rpgmylife_desktop.ui.import_dialog import ImportDialog
from tests.unit.interop.formats import habitica_export, loop_db, sample_loop_habits

from .conftest import NOW
from .helpers import launch


def _events_bytes(paths: DataPaths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths.events_dir.iterdir() if p.is_file()}


def test_import_a_loop_backup_from_the_file_menu(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    backup = loop_db(tmp_path / "Loop Habits Backup.db", sample_loop_habits(date(2026, 9, 1), 40))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    menu_texts = [a.text() for a in window.menuBar().actions()]
    assert "&File" in menu_texts
    window.interop.choose_import_path = lambda kind: backup if kind == "loop" else None
    habits_before = app.models.habits.rowCount()

    window.user_actions.import_loop.trigger()
    dialog = window.interop.dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30_000)
    preview = dialog.text.toPlainText()
    assert "habits 3" in preview and "nothing is written yet" in preview
    assert "logs from Tue 1 Sep 2026 to Sat 10 Oct 2026" in preview and "quests 0" not in preview
    assert app.game.store.head_position == 1  # the character only: the preview wrote nothing

    with qtbot.waitSignal(dialog.imported, timeout=30_000):  # prepared in the worker
        dialog.import_button.click()
    assert dialog.result_preview is not None and dialog.result_preview.applied
    assert app.models.habits.rowCount() == habits_before + 3  # archived ones listed too
    level = app.game.status(with_digest=False).level
    assert window.last_message.endswith(f", now level {level}")  # where the character is
    names = {app.models.habits.index(r, 0).data() for r in range(app.models.habits.rowCount())}
    assert names == {"Meditate", "Water", "Floss & brush!"}
    app.close()


def test_an_empty_today_says_where_history_from_another_tracker_comes_in(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.habits_view
    assert view.model().rowCount() == 0
    assert "File > Import from" in view.placeholder
    app.close()


def test_cancel_while_the_import_is_decided_leaves_nothing_behind(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = loop_db(tmp_path / "big.db", sample_loop_habits(date(2020, 1, 1), 2000))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    before = _events_bytes(paths)
    window.interop.choose_import_path = lambda kind: backup
    # Report progress after every command, so the bar moves at once on a small file,
    # and hold the worker at its first report until Cancel is pressed: on a fast
    # machine it would otherwise finish deciding before the click.
    monkeypatch.setattr(source_plan, "PROGRESS_EVERY", 1)
    gate = threading.Event()
    report = import_dialog._PlanJob._progress

    def held(job: import_dialog._PlanJob, done: int, total: int) -> bool:
        report(job, done, total)
        gate.wait(10)
        return not job.stop.is_set()

    monkeypatch.setattr(import_dialog._PlanJob, "_progress", held)
    window.user_actions.import_loop.trigger()
    dialog = window.interop.dialog
    assert dialog is not None
    bar = dialog.findChild(QProgressBar, "importProgress")
    assert bar is not None
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() > 0, timeout=30_000)
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    gate.set()
    assert dialog.wait()
    qtbot.wait(50)
    assert dialog.plan is None
    assert _events_bytes(paths) == before
    assert app.models.habits.rowCount() == 0
    # The dialog vanishing alone leaves a person wondering what went in: the window says.
    assert window.last_message == "Import of big.db cancelled: nothing was imported."
    app.close()


def test_a_bad_file_is_explained_in_the_dialog_and_nothing_is_written(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    bad = tmp_path / "user.json"
    bad.write_text("{}", encoding="utf-8")
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    before = _events_bytes(paths)
    window.interop.choose_import_path = lambda kind: bad
    window.user_actions.import_habitica.trigger()
    dialog = window.interop.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: "not Habitica's" in dialog.label.text(), timeout=30_000)
    assert "user.json" in dialog.label.text()
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    assert _events_bytes(paths) == before
    app.close()


def test_import_habitica_then_export_as_csv_from_the_file_menu(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    export = tmp_path / "habitica.json"
    habitica_export(export)
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.interop.choose_import_path = lambda kind: export
    window.user_actions.import_habitica.trigger()
    dialog = window.interop.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=30_000)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    assert app.models.quests.rowCount() == 2

    folder = tmp_path / "csv"
    window.interop.choose_export_folder = lambda: folder
    window.user_actions.export_csv.trigger()
    assert window.last_message.startswith(f"Wrote {folder}/habits.csv")
    with (folder / "daily.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    water = {r["date"]: r for r in rows if r["habit"] == "Drink water"}
    assert water["2026-09-02"]["up"] == "2" and water["2026-09-02"]["status"] == "done"
    assert water["2026-09-03"]["status"] == "missed"
    history = (folder / "history.csv").read_text(encoding="utf-8").splitlines()
    assert len(history) == 1 + app.game.store.head_position
    app.close()
