"""Flows a person goes through, driven through the real widgets and actions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import AddHabit, AddReward, CreateCharacter
from rpgmylife_desktop.domain.values import Schedule
from rpgmylife_desktop.ui.app import start
from rpgmylife_desktop.ui.habit_dialog import HabitDialog
from rpgmylife_desktop.ui.models.history import EVENT_ID_ROLE
from rpgmylife_desktop.ui.opening import Prompts
from rpgmylife_desktop.ui.pages.habit_detail import HabitDetail
from rpgmylife_desktop.ui.pause_dialog import PauseDialog
from rpgmylife_desktop.ui.widgets.palette import QuickLogPalette

from .conftest import NOW
from .helpers import click_check, click_part, launch, named, row_of, settings_in


def seed(paths: DataPaths, *commands: object) -> None:
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        for command in commands:
            game.handle(command)  # type: ignore[arg-type]


def test_first_run_names_the_character_and_starts_empty(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path, Prompts(first_run=named("Lyra")))
    assert app.window.header.name_label.text().endswith("Lyra</b>")
    assert app.game.state.character is not None and app.game.state.character.name == "Lyra"
    assert app.models.habits.rowCount() == 0
    assert "Ctrl+N" in app.window.today_page.habits_view.placeholder
    app.close()


def test_first_run_can_load_the_demo(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    app = launch(qtbot, paths, NOW, tmp_path, Prompts(first_run=named("Lyra", demo=True)))
    assert app.models.habits.rowCount() > 3
    assert app.models.history.rowCount() > 500
    app.close()


def test_cancelling_the_first_run_writes_nothing(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    def cancel(dialog):  # type: ignore[no-untyped-def]
        dialog.reject()
        return None

    assert start(paths, FixedClock(NOW), settings_in(tmp_path), Prompts(first_run=cancel)) is None
    assert not paths.events_dir.exists()


def test_create_a_habit_in_the_dialog_with_inline_validation(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    app.actions.new_habit.trigger()
    dialog = app.window.active_dialog
    assert isinstance(dialog, HabitDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "name" in dialog.error_label.text().lower()
    assert dialog.start_edit.text() == "Mon 2 Nov 2026"  # not the C locale's "2 11 2026"
    qtbot.keyClicks(dialog.name_edit, "Meditate")
    dialog.colour_edit.setText("green")
    assert not ok.isEnabled() and "#RRGGBB" in dialog.error_label.text()
    dialog.colour_edit.setText("#3fa34d")
    dialog.schedule_combo.setCurrentText("weekdays")
    assert not ok.isEnabled() and "weekday" in dialog.error_label.text()
    dialog.weekday_boxes[0].setChecked(True)
    dialog.weekday_boxes[2].setChecked(True)
    assert ok.isEnabled() and dialog.error_label.text() == ""
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    habits = [h for h in app.game.state.habits.values() if h.name == "Meditate"]
    assert len(habits) == 1
    assert habits[0].schedule.weekdays == (0, 2) and habits[0].color == "#3fa34d"
    assert app.window.habits_page.proxy.rowCount() == 1
    assert "Meditate" in app.window.statusBar().currentMessage()
    app.close()


def test_log_from_today_updates_header_and_history(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=9)),
        AddHabit(habit_id="walk", name="Walk", schedule=Schedule(kind="unscheduled")),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    header, window = app.window.header, app.window
    xp_before = header.xp_bar.format()
    history_before = app.models.history.rowCount()
    click_check(qtbot, window.today_page.dailies_view, "read")
    assert app.game.state.habits["read"].done_on(NOW.date())
    assert header.xp_bar.format() != xp_before
    assert app.models.history.rowCount() > history_before
    assert app.models.history.index(0, 1).data().startswith("Logged Read")
    assert window.statusBar().currentMessage().startswith("Logged Read: +")
    gold_before = header.gold_label.text()
    click_part(qtbot, window.today_page.habits_view, "walk", "plus")
    assert app.game.state.habits["walk"].up_logs == 1
    assert header.gold_label.text() != gold_before
    app.close()


def test_backfill_and_retract_from_the_seven_day_cells(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=9)))
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.dailies_view
    two_days_ago = NOW.date() - timedelta(days=2)
    assert row_of(view, "read").data((app.models.today.extra_roles and 0) or 0) is not None
    click_part(qtbot, view, "read", "cell4")
    assert app.game.state.habits["read"].done_on(two_days_ago)
    assert "backfilled" in app.models.history.index(0, 1).data()
    click_part(qtbot, view, "read", "cell4")
    assert not app.game.state.habits["read"].done_on(two_days_ago)
    app.close()


def test_level_up_undo_and_redo_from_the_menu(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(
            habit_id="gym",
            name="Gym",
            difficulty="hard",
            schedule=Schedule(kind="unscheduled"),
        ),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.habits_view
    for _ in range(60):
        click_part(qtbot, view, "gym", "plus")
        if app.window.toast.kind == "level":
            break
    assert app.window.toast.isVisible() and "Level up" in app.window.toast.text()
    assert app.window.header.level_label.text() == "Level 2"
    undo = app.actions.undo
    assert undo.text() == "&Undo Log Gym" and undo.shortcut().toString() == "Ctrl+Z"
    logs = app.game.state.habits["gym"].up_logs
    undo.trigger()
    assert app.game.state.habits["gym"].up_logs == logs - 1
    assert app.window.header.level_label.text() == "Level 1"
    assert app.actions.redo.text() == "&Redo Log Gym"
    app.actions.redo.trigger()
    assert app.game.state.habits["gym"].up_logs == logs
    assert app.window.header.level_label.text() == "Level 2"
    app.close()


def test_travel_to_a_milestone_and_back(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=9)),
        AddHabit(habit_id="run", name="Run", start_day=NOW.date() - timedelta(days=9)),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    click_check(qtbot, window.today_page.dailies_view, "read")
    click_check(qtbot, window.today_page.dailies_view, "run")
    window.user_actions.pages[6].trigger()
    assert window.current_page() is window.travel_page
    milestones = window.travel_page.view
    assert milestones.model().rowCount() == 2  # the first logs of Read and Run
    index = milestones.model().index(0, 1)
    qtbot.mouseClick(
        milestones.viewport(), Qt.MouseButton.LeftButton, pos=milestones.visualRect(index).center()
    )
    qtbot.mouseDClick(
        milestones.viewport(), Qt.MouseButton.LeftButton, pos=milestones.visualRect(index).center()
    )
    qtbot.waitUntil(lambda: app.source.travelling)
    assert window.banner.isVisible()
    assert app.source.position < app.game.position
    assert not app.actions.new_habit.isEnabled() and not app.actions.undo.isEnabled()
    # The past is as of Read's first log: Read is done, Run not yet.
    assert app.source.engine.state.habits["read"].up_logs == 1
    assert app.source.engine.state.habits["run"].up_logs == 0
    assert "Viewing the past" in window.banner.label.text()
    # The slider and its label stand where the window is, not at now.
    where = app.source.position
    assert window.travel_page.slider.value() == where
    assert window.travel_page.position_label.text() == f"Event {where} of {app.game.position}"
    qtbot.mouseClick(window.banner.back_button, Qt.MouseButton.LeftButton)
    assert not app.source.travelling and not window.banner.isVisible()
    assert window.travel_page.slider.value() == app.game.position
    assert app.actions.new_habit.isEnabled()
    app.close()


def test_travel_from_history_shows_the_past_read_only(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=9)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    click_check(qtbot, window.today_page.dailies_view, "read")
    xp_now = window.header.xp_bar.format()
    window.show_page(5)
    history = window.history_page
    history.view.setCurrentIndex(app.models.history.index(1, 1))  # before the log
    history.action_travel.trigger()
    assert not app.actions.new_habit.isEnabled()  # no writing while the view is built
    qtbot.waitUntil(lambda: app.source.travelling)
    assert window.header.xp_bar.format() != xp_now
    before = app.game.position
    click_check(qtbot, window.today_page.dailies_view, "read")  # refused: read-only past
    assert app.game.position == before
    window.user_actions.back_to_now.trigger()
    assert window.header.xp_bar.format() == xp_now
    app.close()


def test_claim_a_reward_and_a_refused_claim(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(
        paths,
        AddReward(reward_id="tea", title="Tea", price=0),
        AddReward(reward_id="trip", title="Trip", price=900),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.rewards_view
    delegate = view.itemDelegate()
    index = row_of(view, "tea")
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=delegate.button_rect(view, index).center(),  # type: ignore[attr-defined]
    )
    assert len(app.game.state.rewards["tea"].claims) == 1
    assert app.window.statusBar().currentMessage().startswith("Claimed Tea")
    position = app.game.position
    index = row_of(view, "trip")
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=delegate.button_rect(view, index).center(),  # type: ignore[attr-defined]
    )
    assert app.game.position == position
    assert "gold" in app.window.statusBar().currentMessage().lower()
    assert app.window.toast.isVisible() and app.window.toast.kind == "danger"
    app.close()


def test_quick_log_palette(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(
        paths,
        AddHabit(habit_id="med", name="Meditate", start_day=NOW.date() - timedelta(days=2)),
        AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=2)),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    app.actions.quick_log.trigger()
    palette = app.window.active_dialog
    assert isinstance(palette, QuickLogPalette)
    qtbot.keyClicks(palette.edit, "medi")
    assert palette.proxy.rowCount() == 1
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert app.game.state.habits["med"].done_on(NOW.date())
    assert not app.game.state.habits["read"].done_on(NOW.date())
    # The recently logged come first.
    app.actions.quick_log.trigger()
    again = app.window.active_dialog
    assert isinstance(again, QuickLogPalette)
    assert again.proxy.index(0, 0).data().startswith("Meditate")
    qtbot.keyClicks(again.edit, "read")
    qtbot.keyClick(again.edit, Qt.Key.Key_Return)
    app.actions.quick_log.trigger()
    third = app.window.active_dialog
    assert isinstance(third, QuickLogPalette)
    assert [third.proxy.index(r, 0).data().split()[0] for r in range(2)] == ["Read", "Meditate"]
    app.close()


def test_revert_and_inspect_from_history(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=9)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    click_check(qtbot, window.today_page.dailies_view, "read")
    window.show_page(5)
    history = window.history_page
    logged = next(
        row
        for row in range(app.models.history.rowCount())
        if app.models.history.index(row, 1).data().startswith("Logged Read")
    )
    history.view.setCurrentIndex(app.models.history.index(logged, 1))
    event_id = app.models.history.index(logged, 0).data(EVENT_ID_ROLE)
    history.action_inspect.trigger()
    text = history.last_inspect.text.toPlainText()  # type: ignore[union-attr]
    assert event_id in text and '"event_type": "HabitLogged"' in text and "command_id" in text
    history.action_revert.trigger()
    assert not app.game.state.habits["read"].done_on(NOW.date())
    app.close()


def test_a_damaged_log_at_start_is_explained(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read"))
    log = next(paths.events_dir.iterdir())
    data = bytearray(log.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 8] = b"\xff" * 8
    log.write_bytes(bytes(data))
    before = log.read_bytes()
    shown: list[str] = []

    def quit_box(box: QMessageBox) -> int:
        shown.append(box.text() + "\n" + box.informativeText())
        return QMessageBox.StandardButton.Cancel

    assert start(paths, FixedClock(NOW), settings_in(tmp_path), Prompts(damaged=quit_box)) is None
    assert shown and "damaged" in shown[0] and "Repair" in shown[0]
    assert log.read_bytes() == before  # nothing was changed

    def repair(box: QMessageBox) -> int:
        return QMessageBox.StandardButton.Ok

    prompts = Prompts(damaged=repair)
    app = start(paths, FixedClock(NOW), settings_in(tmp_path), prompts)
    assert app is not None
    qtbot.addWidget(app.window)
    assert any("quarantine" in m.lower() or "moved" in m.lower() for m in prompts.messages)
    app.close()


def test_a_damaged_log_can_be_viewed_read_only(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read"))
    with Game.open(paths, FixedClock(NOW), seed=4, device_tz="UTC") as game:
        for name in ("Walk", "Swim", "Cook", "Draw"):
            game.handle(AddHabit(habit_id=name.lower(), name=name))
    log = next(paths.events_dir.iterdir())
    data = bytearray(log.read_bytes())
    data[-len(data) // 4 : -len(data) // 4 + 8] = b"\xff" * 8  # damage near the end
    log.write_bytes(bytes(data))
    before = log.read_bytes()
    buttons: list[str] = []

    def view(box: QMessageBox) -> int:
        buttons.extend(b.text() for b in box.buttons())
        return QMessageBox.StandardButton.Open

    app = launch(qtbot, paths, NOW, tmp_path, Prompts(damaged=view))
    assert "View read-only" in buttons and "Repair" in buttons
    label = app.window.read_only_label
    assert label.isVisible() and "damaged" in label.text() and "Repair" in label.text()
    assert not app.actions.new_habit.isEnabled()
    assert app.models.habits.rowCount() >= 1  # the habits before the damage are shown
    assert app.models.habits.rowCount() < 5
    assert app.models.history.rowCount() > 0
    app.close()
    assert log.read_bytes() == before  # viewing changed nothing
    assert not paths.quarantine_dir.exists() or not any(paths.quarantine_dir.iterdir())


def test_a_folder_in_use_opens_read_only(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read"))
    holder = Game.open(paths, FixedClock(NOW), device_tz="UTC")
    try:
        asked: list[str] = []

        def read_only(box: QMessageBox) -> int:
            asked.append(box.text())
            return QMessageBox.StandardButton.Open

        app = launch(qtbot, paths, NOW, tmp_path, Prompts(in_use=read_only))
        assert asked
        assert app.window.read_only_label.isVisible()
        assert not app.actions.new_habit.isEnabled()
        assert app.models.habits.rowCount() == 1
        app.close()
    finally:
        holder.close()


def test_the_window_remembers_its_page_and_size(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths)
    app = launch(qtbot, paths, NOW, tmp_path)
    app.window.resize(640, 480)
    app.actions.pages[4].trigger()
    size = app.window.size()
    app.close()
    again = launch(qtbot, paths, NOW, tmp_path)
    assert again.window.current_page() is again.window.rewards_page
    assert again.window.size() == size
    again.close()


def test_habit_detail_heatmap_backfills_and_takes_back(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=20)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.user_actions.pages[1].trigger()
    table = window.habits_page.view
    index = window.habits_page.row_index("read")
    table.setCurrentIndex(index)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    qtbot.mouseDClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center()
    )
    detail = window.active_dialog
    assert isinstance(detail, HabitDetail)
    ten_days_ago = NOW.date() - timedelta(days=10)
    cell = detail.heatmap.cell_rect(ten_days_ago).center()
    qtbot.mouseClick(detail.heatmap, Qt.MouseButton.LeftButton, pos=cell)
    assert app.game.state.habits["read"].done_on(ten_days_ago)
    assert detail.heatmap.values.get(ten_days_ago) == 1.0
    assert "logs <b>1</b>" in detail.numbers.text()
    qtbot.waitUntil(lambda: detail.history.wait_scanned() and detail.history.rowCount() >= 2)
    assert "backfilled" in detail.history.index(0, 1).data()
    qtbot.mouseClick(detail.heatmap, Qt.MouseButton.LeftButton, pos=cell)
    assert not app.game.state.habits["read"].done_on(ten_days_ago)
    assert ten_days_ago not in detail.heatmap.values
    detail.close()
    app.close()


def test_a_superseded_or_cancelled_travel_is_dropped(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, *(AddHabit(name=f"Habit {n}") for n in range(6)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.travel_to(2)
    window.travel_to(4)
    qtbot.waitUntil(lambda: app.source.travelling and window.travel.worker.pending is None)
    window.travel.worker.wait()
    qtbot.wait(50)
    assert app.source.position == 4  # the first request's late result never showed
    window.back_to_now()
    window.travel_to(3)
    qtbot.mouseClick(window.travel.cancel_button, Qt.MouseButton.LeftButton)
    window.travel.worker.wait()
    qtbot.wait(50)
    assert not app.source.travelling and app.actions.new_habit.isEnabled()
    app.close()


def test_reorder_habits_by_drag_and_drop(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(
        paths,
        AddHabit(habit_id="a", name="Alpha"),
        AddHabit(habit_id="b", name="Beta"),
        AddHabit(habit_id="c", name="Gamma"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    page = app.window.habits_page
    app.window.show_page(1)

    def shown() -> list[str]:
        return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]

    assert shown() == ["Alpha", "Beta", "Gamma"]
    # What the view does on a drop: ask the (proxy) model for the dragged rows' data,
    # then drop it on the first row.
    dragged = page.proxy.mimeData([page.proxy.index(2, 0)])
    assert page.proxy.dropMimeData(dragged, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert shown() == ["Gamma", "Alpha", "Beta"]
    assert app.game.state.habits["c"].position == 0
    assert app.models.habits.resets == 0
    assert "Reordered habits" in app.window.statusBar().currentMessage()
    app.close()


def test_pause_and_skip_a_habit_from_the_habits_page(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="run", name="Run", start_day=NOW.date() - timedelta(days=3)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.user_actions.pages[1].trigger()
    window.habits_page.select_key("run")
    app.actions.skip.trigger()
    assert app.game.state.habits["run"].is_excused(NOW.date())
    app.actions.pause.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, PauseDialog)
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(-1))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and "after the first" in dialog.error_label.text()
    dialog.end_edit.setDate(dialog.start_edit.date().addDays(6))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert app.game.state.habits["run"].is_excused(NOW.date() + timedelta(days=6))
    app.close()


def test_low_hp_warning_and_fainting(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> None:
    seed(
        paths,
        AddHabit(
            habit_id="junk",
            name="Junk food",
            kind="negative",
            difficulty="hard",
            schedule=Schedule(kind="unscheduled"),
        ),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    view = window.today_page.habits_view
    warned = fainted = False
    states: set[str] = set()
    for _ in range(200):
        click_part(qtbot, view, "junk", "minus")
        states.add(window.header.hp_state)
        warned = warned or window.toast.kind == "warning"
        if isinstance(window.active_dialog, QMessageBox):
            fainted = True
            break
    assert warned
    assert fainted
    box = window.active_dialog
    assert box.objectName() == "faintedBox" and "fainted" in box.text()
    assert {"amber", "red"} <= states  # the HP bar turned amber, then red
    app.close()


def test_the_palette_logs_a_slip_for_a_bad_habit(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    """A habit with only a - button is logged as a slip from the palette (as from the
    tray), and its row says so; it used to be logged with +, which the rules refuse."""
    seed(
        paths,
        AddHabit(
            habit_id="junk",
            name="Junk food",
            kind="negative",
            schedule=Schedule(kind="unscheduled"),
            start_day=NOW.date() - timedelta(days=2),
        ),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        hp = app.game.state.character.hp  # type: ignore[union-attr]
        app.actions.quick_log.trigger()
        palette = app.window.active_dialog
        assert isinstance(palette, QuickLogPalette)
        qtbot.keyClicks(palette.edit, "junk")
        assert palette.proxy.index(0, 0).data() == "Junk food  · bad habit, logs a slip"
        qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
        assert app.window.last_message.startswith("Slipped on Junk food")
        assert app.game.state.character.hp < hp  # type: ignore[union-attr]
    finally:
        app.close()
