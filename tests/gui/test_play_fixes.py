"""Rough edges found by using the app for a simulated month, each fixed and kept fixed:
menus whose entries share an access key, File entries without a shortcut, and the
History page's date range shown in an ambiguous form."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMenu
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application import bundle_export, bundles
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, LogHabit
from rpgmylife_desktop.ui.app import App
from rpgmylife_desktop.ui.bundle_flows import BundlePrompts
from rpgmylife_desktop.ui.dialogs import QuestDialog
from rpgmylife_desktop.ui.models.history import EVENT_ID_ROLE
from rpgmylife_desktop.ui.pages.habit_detail import HabitDetail
from rpgmylife_desktop.ui.pause_dialog import PauseDialog

from .conftest import NOW
from .helpers import launch
from .test_window_flows import seed


def _access_key(text: str) -> str | None:
    """The letter after a single '&' in a menu text (None: no access key)."""
    i = text.replace("&&", "").find("&")
    stripped = text.replace("&&", "")
    return stripped[i + 1].lower() if 0 <= i < len(stripped) - 1 else None


def _menus(app: App) -> list[QMenu]:
    found: list[QMenu] = []
    pending = [a.menu() for a in app.window.menuBar().actions() if a.menu() is not None]
    while pending:
        menu = pending.pop()
        found.append(menu)
        pending += [a.menu() for a in menu.actions() if a.menu() is not None]
    return found


def test_no_two_entries_of_a_menu_share_an_access_key(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    menus = _menus(app)
    assert {m.title() for m in menus} >= {"&File", "&Edit", "G&ame", "&Go", "Import f&rom"}
    for menu in menus:
        keys = Counter(
            key
            for action in menu.actions()
            if not action.isSeparator() and (key := _access_key(action.text())) is not None
        )
        shared = {key: n for key, n in keys.items() if n > 1}
        assert not shared, f"{menu.title()}: {shared}"
    bar = Counter(_access_key(a.text()) for a in app.window.menuBar().actions())
    assert max(bar.values()) == 1
    app.close()


def test_no_two_actions_share_a_shortcut(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    keys = Counter(
        key.toString()
        for action in app.window.actions()
        if isinstance(action, QAction)
        for key in action.shortcuts()
    )
    assert {k: n for k, n in keys.items() if n > 1} == {}
    app.close()


def test_import_export_and_sync_now_have_shortcuts(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    asked: list[str] = []
    window.bundle_flows.prompts = BundlePrompts(
        save_path=lambda _w: asked.append("save") or None,
        open_path=lambda _w: asked.append("open") or None,
    )
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_E, ctrl_shift)
    assert asked == ["open", "save"]
    assert app.actions.sync_now.shortcut() == QKeySequence("F5")
    folder = tmp_path / "Syncthing"
    folder.mkdir()
    app.window.sync_watch.ask_folder = lambda _window: folder
    app.window.sync_watch.choose()
    assert app.window.sync_watch.wait()
    passes = app.window.sync_watch.passes
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert app.window.sync_watch.passes == passes + 1
    assert app.window.sync_watch.wait()
    app.close()


def test_the_history_range_shows_days_as_the_dialogs_do(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    page = app.window.history_page
    assert page.until_edit.date() == QDate(2026, 11, 2)
    assert page.until_edit.text() == "Mon 2 Nov 2026"  # not "2 11 2026"
    assert page.since_edit.text() == "Fri 2 Oct 2026"
    app.close()


def test_a_csv_import_from_the_window_counts_in_words(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("date,habit,value\n2026-11-01,Pushups,20\n", encoding="utf-8")
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.interop.choose_import_path = lambda kind: sheet
    app.actions.import_csv.trigger()
    dialog = window.interop.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30_000)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    assert window.last_message.startswith("Imported 2 events from sheet.csv: 1 habit, 1 log, XP +")
    folder = tmp_path / "csv"
    window.interop.choose_export_folder = lambda: folder
    app.actions.export_csv.trigger()
    assert window.last_message.startswith(f"Wrote {folder}/habits.csv (1 habit), ")
    app.close()


def test_a_refused_import_offers_close_not_cancel(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    bad = tmp_path / "sheet.csv"
    bad.write_text("date,habit,value\n2026-11-01,Pushups,abc\n", encoding="utf-8")
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.interop.choose_import_path = lambda kind: bad
    app.actions.import_csv.trigger()
    dialog = window.interop.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: "abc" in dialog.label.text(), timeout=30_000)
    rejecting = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert rejecting.text() == "Close"
    assert not dialog.import_button.isEnabled()
    rejecting.click()
    assert not dialog.isVisible()
    assert app.game.store.head_position == 1
    app.close()


def test_habit_detail_history_gives_its_room_to_what_happened(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="med", name="Meditate"), LogHabit(habit_id="med"))
    app = launch(qtbot, paths, NOW, tmp_path)
    detail = app.window.open_detail("med")
    assert isinstance(detail, HabitDetail)
    qtbot.waitExposed(detail)
    view = detail.history_view
    qtbot.waitUntil(lambda: view.model().rowCount() > 0, timeout=10_000)
    index = view.model().index(0, 1)
    text = str(index.data())
    assert text.startswith("Logged Meditate: +")
    kind_width = view.columnWidth(2)
    assert view.columnWidth(1) >= view.fontMetrics().horizontalAdvance(text)  # not elided
    assert view.columnWidth(1) > 2 * kind_width
    detail.reject()
    app.close()


def test_ctrl_enter_in_a_quests_checklist_presses_ok(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    app.actions.new_quest.trigger()
    dialog = app.window.active_dialog
    assert isinstance(dialog, QuestDialog)
    qtbot.waitExposed(dialog)
    dialog.title_edit.setText("Plan the trip")
    checklist = dialog.checklist_edit
    assert checklist is not None
    checklist.setFocus()
    qtbot.keyClicks(checklist, "Book flights")
    qtbot.keyClick(checklist, Qt.Key.Key_Return)  # Enter: a new line, as in any text box
    qtbot.keyClicks(checklist, "Pack")
    assert dialog.isVisible()
    qtbot.keyClick(checklist, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    (quest,) = app.game.state.quests.values()  # added once
    assert quest.title == "Plan the trip"
    assert [item.text for item in quest.checklist] == ["Book flights", "Pack"]
    app.close()


def test_ctrl_enter_leaves_a_form_open_while_it_is_invalid(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    app.actions.new_quest.trigger()
    dialog = app.window.active_dialog
    assert isinstance(dialog, QuestDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()  # no title yet: OK is off, and the reason is shown
    assert "title" in dialog.error_label.text()
    assert app.game.state.quests == {}
    dialog.reject()
    app.close()


def test_pausing_a_habit_says_so_in_words(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(paths, AddHabit(habit_id="gym", name="Gym"))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.show_page(1)
    window.habits_page.select_key("gym")
    app.actions.pause.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, PauseDialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert app.game.state.habits["gym"].pauses
    message = window.statusBar().currentMessage()
    # Was the class name "PauseHabit", then "Pause habit Gym": now as History words it.
    assert message == "Paused Gym from Mon 2 Nov to Sun 8 Nov", message
    assert app.actions.undo.text() == "&Undo Pause habit Gym"
    app.close()


def test_logs_per_day_stay_at_zero_on_days_without_logs(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    long_ago = NOW - timedelta(days=30)
    seed(
        paths,
        AddHabit(habit_id="read", name="Read", start_day=long_ago.date()),
        LogHabit(habit_id="read", at=long_ago),
        LogHabit(habit_id="read"),
        LogHabit(habit_id="read"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    app.window.show_page(7)
    stats = app.window.stats_page
    qtbot.waitUntil(lambda: stats.redraws > 0)
    series = stats.logs_chart.series
    points = [(series.at(i).x(), series.at(i).y()) for i in range(series.count())]
    assert points[0][1] == 1 and points[-1][1] == 2  # the first day's log, today's two
    between = [y for _x, y in points[1:-1]]
    assert between and max(between) == 0, points  # not a slope from 1 to 2 across a month
    app.close()


def test_history_says_when_another_computer_had_already_closed_the_day(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    yesterday = NOW.date()
    later = NOW + timedelta(days=1)
    seed(paths, AddHabit(habit_id="read", name="Read"))
    start = tmp_path / "start.rpgbundle"
    other = resolve_paths(tmp_path / "second")
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        bundle_export.export_bundle(game, start)
    with Game.open(other, FixedClock(later), seed=5, device_tz="UTC") as game:
        bundles.apply_import(game, bundles.plan_import(game, start))
        game.close_due_days()  # as the app does when it opens
        assert yesterday in game.state.closed_days  # the other computer closed it first
        bundle_export.export_bundle(game, tmp_path / "second.rpgbundle")
    with Game.open(paths, FixedClock(later + timedelta(hours=1)), seed=3, device_tz="UTC") as game:
        game.close_due_days()
        assert yesterday in game.state.closed_days  # and this one too, offline
        bundles.apply_import(game, bundles.plan_import(game, tmp_path / "second.rpgbundle"))
        void = set(game.state.conflicts)
    assert void  # the later close (and its miss) changed nothing
    app = launch(qtbot, paths, later + timedelta(hours=1), tmp_path)
    model = app.models.history
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    lines = {
        model.index(row, 0).data(EVENT_ID_ROLE): model.index(row, 1).data()
        for row in range(model.rowCount())
    }
    for event_id in void:
        assert "(conflict: " in lines[event_id] and "changed nothing" in lines[event_id]
    assert sum("conflict" in line for line in lines.values()) == len(void)
    app.close()


@pytest.mark.parametrize("when", ["on opening", "at the rollover"])
def test_fainting_when_a_day_closes_shows_the_clear_screen(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, when: str
) -> None:
    seed(paths)
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(AddHabit(habit_id="junk", name="Junk food", kind="negative"))
        for name in ("Gym", "Run", "Swim", "Lift"):
            game.handle(AddHabit(habit_id=name.lower(), name=name, difficulty="hard"))
        for _ in range(200):  # slips bring HP near the floor (not to it: that faints)
            character = game.state.character
            assert character is not None
            if character.hp <= 8:
                break
            game.handle(LogHabit(habit_id="junk", direction="down"))
        assert game.state.character is not None and game.state.character.hp <= 8
        head = game.store.head_position
    # The next morning the window closes yesterday, where every hard daily was missed:
    # as it opens, or at the day's start while it stays open.
    if when == "on opening":
        app = launch(qtbot, paths, NOW + timedelta(days=1), tmp_path)
    else:
        app = launch(qtbot, paths, NOW, tmp_path)
        clock = app.game.clock
        assert isinstance(clock, FixedClock)
        clock.set(NOW + timedelta(days=1))
        app.window.days.check_new_day()
    qtbot.waitUntil(lambda: app.game.days_to_close() == [], timeout=10_000)
    fainted = [
        r for r in app.game.read_log(head + 1) if type(r.event).__name__ == "CharacterFainted"
    ]
    assert fainted, "the close did not make the character faint"

    def box_shown() -> bool:
        box = app.window.active_dialog
        return box is not None and box.objectName() == "faintedBox"

    qtbot.waitUntil(box_shown, timeout=5_000)
    box = app.window.active_dialog
    assert box.isVisible() and "fainted" in box.text()
    box.close()
    app.close()
