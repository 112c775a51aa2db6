"""What got in the way in a month of daily use of the window, each fixed and kept fixed:
at 800 x 600 the Today columns pushed the habits' names, buttons and rings out of
their rows and the reward names out of theirs, and History's search box shrank to
"S…"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QPushButton,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import (
    AddHabit,
    AddQuest,
    AddReward,
    LogHabit,
    UndoLastCommand,
)
from rpgmylife_desktop.domain.numbers import amount_text
from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from rpgmylife_desktop.ui import bundle_flows
from rpgmylife_desktop.ui.app import App
from rpgmylife_desktop.ui.delegates import NAME_ROOM, ButtonDelegate
from rpgmylife_desktop.ui.dialogs import QuestDialog, RewardDialog
from rpgmylife_desktop.ui.goal_dialog import GoalDialog
from rpgmylife_desktop.ui.habit_delegate import HabitDelegate
from rpgmylife_desktop.ui.habit_dialog import HabitDialog
from rpgmylife_desktop.ui.models.base import ROW_ROLE
from rpgmylife_desktop.ui.models.today import WEEK_ROLE
from rpgmylife_desktop.ui.opening import Prompts
from rpgmylife_desktop.ui.pages.history import SEARCH_MIN_WIDTH
from rpgmylife_desktop.ui.pages.stats import Chart, StatsPage
from rpgmylife_desktop.ui.settings_dialog import SettingsDialog

from .conftest import NOW
from .helpers import click_part, launch, named, row_of, settings_in
from .test_window_flows import seed

SMALL = (800, 600)


def _demo(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> App:
    return launch(qtbot, paths, NOW, tmp_path, Prompts(first_run=named("Ada", demo=True)))


def _small(qtbot: QtBot, app: App, page: int) -> None:
    app.window.show_page(page)
    app.window.resize(*SMALL)
    qtbot.waitUntil(lambda: app.window.width() == SMALL[0])
    QApplication.processEvents()


def _option(view: QAbstractItemView, rect: QRect) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = rect
    return option


def test_today_keeps_every_habit_name_and_button_in_its_row_at_800_by_600(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = _demo(qtbot, paths, tmp_path)
    _small(qtbot, app, 0)
    page = app.window.today_page
    assert page.splitter.geometry().right() <= page.width()
    seen = 0
    for view in (page.habits_view, page.dailies_view):
        delegate = view.itemDelegate()
        assert isinstance(delegate, HabitDelegate)
        viewport = view.viewport().rect()
        for row in range(view.model().rowCount()):
            index = view.model().index(row, 0)
            rect = view.visualRect(index)
            parts = delegate.layout(rect, index)
            assert parts["text"].width() >= NAME_ROOM, index.data()
            for name, part in parts.items():
                assert viewport.contains(part), (index.data(), name, part, viewport)
            assert {"ring"} <= parts.keys()
            seen += 1
    assert seen == app.models.today.rowCount() > 5
    app.close()


def test_today_keeps_the_reward_names_readable_at_800_by_600(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = _demo(qtbot, paths, tmp_path)
    _small(qtbot, app, 0)
    view = app.window.today_page.rewards_view
    delegate = view.itemDelegate()
    assert isinstance(delegate, ButtonDelegate)
    metrics = view.fontMetrics()
    assert view.model().rowCount() == 3
    for row in range(view.model().rowCount()):
        index = view.model().index(row, 0)
        option = _option(view, view.visualRect(index))
        parts = delegate.layout(option, index)
        name = str(index.data())
        text = QStyleOptionViewItem(option)
        delegate.initStyleOption(text, index)
        text.rect = parts["text"]
        shown = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, text, view)
        assert shown.width() >= metrics.horizontalAdvance(name), name  # not elided
        words = delegate.button_words(option, index)
        assert words.endswith(" gold")
        assert parts["button"].width() >= metrics.horizontalAdvance(words)
        assert view.viewport().rect().contains(parts["button"])
    app.close()


def test_a_reward_claimed_at_800_by_600_spends_its_price(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = _demo(qtbot, paths, tmp_path)
    _small(qtbot, app, 0)
    view = app.window.today_page.rewards_view
    delegate = view.itemDelegate()
    assert isinstance(delegate, ButtonDelegate)
    gold = app.game.state.character.gold  # type: ignore[union-attr]
    index = view.model().index(0, 0)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=delegate.button_rect(view, index).center()
    )
    qtbot.waitUntil(lambda: app.game.state.character.gold == gold - 5)  # type: ignore[union-attr]
    app.close()


def test_the_empty_to_dos_say_their_shortcut_whole_at_800_by_600(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    _small(qtbot, app, 0)
    view = app.window.today_page.quests_view
    assert "Ctrl+Shift+N" in view.placeholder
    room = view.viewport().width() - 32  # the placeholder's margins
    assert view.fontMetrics().horizontalAdvance("Ctrl+Shift+N") <= room
    app.close()


def test_history_keeps_its_search_box_usable_at_800_by_600(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = _demo(qtbot, paths, tmp_path)
    _small(qtbot, app, 5)
    page = app.window.history_page
    assert page.search.width() >= SEARCH_MIN_WIDTH
    assert page.range_row.y() > page.search.y()  # the day range on a line of its own
    for widget in (page.search, page.since_edit, page.until_edit, page.oldest_button):
        corner = widget.mapTo(page, widget.rect().bottomRight())
        assert page.rect().contains(corner), widget.objectName()
        assert widget.width() >= widget.minimumSizeHint().width(), widget.objectName()
    # Wide again: the day range goes back beside the search box.
    app.window.resize(1400, 900)
    qtbot.waitUntil(lambda: page.range_row.y() == page.search.y())
    assert page.search.width() >= SEARCH_MIN_WIDTH
    app.close()


def test_a_first_run_opens_on_today_whatever_page_the_window_was_left_on(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    settings = settings_in(tmp_path)
    settings.setValue("window/page", 5)  # History, where another folder's window closed
    settings.sync()
    app = launch(qtbot, paths, NOW, tmp_path)
    assert app.window.stack.currentWidget() is app.window.today_page
    app.close()
    # An existing folder opens where the window was left.
    settings = settings_in(tmp_path)
    settings.setValue("window/page", 5)
    settings.sync()
    again = launch(qtbot, paths, NOW, tmp_path)
    assert again.window.stack.currentWidget() is again.window.history_page
    again.close()


@pytest.mark.parametrize("when", ["on opening", "while open"])
def test_days_closed_while_away_are_named_with_the_dailies_missed_and_the_hp_lost(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, when: str
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read", start_day=NOW.date()),
        AddHabit(habit_id="gym", name="Gym", start_day=NOW.date(), difficulty="hard"),
    )
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        assert game.state.character is not None
        hp = game.state.character.hp
    # Two mornings later: Mon 2 Nov and Tue 3 Nov close, both dailies missed on each.
    if when == "on opening":
        app = launch(qtbot, paths, NOW + timedelta(days=2), tmp_path)
    else:
        app = launch(qtbot, paths, NOW, tmp_path)
        clock = app.game.clock
        assert isinstance(clock, FixedClock)
        clock.set(NOW + timedelta(days=2))
        app.window.days.check_new_day()
    qtbot.waitUntil(lambda: app.game.days_to_close() == [])
    assert app.game.state.character is not None
    lost = app.game.state.character.hp - hp
    assert lost < 0
    qtbot.waitUntil(lambda: app.window.last_message.startswith("A new day began"))
    said = app.window.statusBar().currentMessage()
    assert said == app.window.last_message
    assert said.startswith("A new day began: Mon 2 Nov and yesterday are closed")
    assert "4 dailies missed" in said
    assert f"{amount_text(lost, signed=True)} HP" in said
    assert "yesterday is closed" not in said
    assert app.window.toast.text() == said
    assert app.window.toast.kind == "warning"
    app.close()


def test_a_perfect_day_closed_says_no_daily_was_missed_and_no_alarm(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read", start_day=NOW.date()),
        LogHabit(habit_id="read"),
    )
    app = launch(qtbot, paths, NOW + timedelta(days=1), tmp_path)
    qtbot.waitUntil(lambda: app.window.last_message.startswith("A new day began"))
    said = app.window.last_message
    assert said.startswith("A new day began: yesterday is closed, no daily missed (+")
    assert " XP" in said and " gold" in said and "HP" not in said
    assert app.window.toast.text() != said
    app.close()


def test_a_numeric_habits_amount_field_writes_numbers_as_the_row_does(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(
            habit_id="water", name="Drink water", target=NumericTarget(amount=8, unit="glasses")
        ),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.dailies_view
    click_part(qtbot, view, "water", "plus")
    editor = view.findChild(QDoubleSpinBox, "amountEditor")
    assert editor is not None
    assert editor.text() == "8 glasses"  # as "0 / 8 glasses" beside it, not "8.00 glasses"
    editor.selectAll()
    qtbot.keyClicks(editor, "2.5")
    assert editor.text() == "2.5 glasses"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: row_of(view, "water").data(ROW_ROLE).amount == 2.5)
    # The message says the amount as History does ("Logged Drink water (2.5 glasses)").
    assert app.window.last_message.startswith("Logged Drink water (2.5 glasses)")
    history = app.models.history.index(0, 1).data()
    assert str(history).startswith("Logged Drink water (2.5 glasses)")
    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, row_of(view, "water"))
    assert "2.5 / 8 glasses" in option.text.split("\u2028")
    app.close()


def test_a_unit_agrees_with_one_spoon_in_the_row_the_message_and_history(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="sugar", name="Sugar", target=NumericTarget(amount=1, unit="spoons")),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.dailies_view
    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, row_of(view, "sugar"))
    assert "0 / 1 spoon" in option.text.split("\u2028")  # was "0 / 1 spoons"
    click_part(qtbot, view, "sugar", "plus")
    editor = view.findChild(QDoubleSpinBox, "amountEditor")
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "1")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: row_of(view, "sugar").data(ROW_ROLE).amount == 1)
    assert app.window.last_message.startswith("Logged Sugar (1 spoon)")
    assert str(app.models.history.index(0, 1).data()).startswith("Logged Sugar (1 spoon)")
    app.close()


def test_the_dialogs_amounts_read_as_the_window_writes_them(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddReward(reward_id="tea", title="Tea", price=2.5))
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        reward = RewardDialog(game.state, "tea")
        qtbot.addWidget(reward)
        assert reward.price_spin.text() == "2.5"
        reward.price_spin.selectAll()
        qtbot.keyClicks(reward.price_spin, "12.75")
        command = reward.build()
        assert getattr(command, "price", None) == 12.75
        habit = HabitDialog(game.state)
        qtbot.addWidget(habit)
        assert habit.target_amount.text() == "1"


def _tab_through(qtbot: QtBot, dialog: QWidget, presses: int) -> list[QWidget]:
    """The widgets Tab visits from the first field of `dialog`."""
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    seen: list[QWidget] = []
    for _ in range(presses):
        widget = QApplication.focusWidget()
        assert widget is not None
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return seen


def test_tab_leaves_a_habits_notes_and_a_quests_checklist(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    with Game.open(paths, FixedClock(NOW), seed=3, device_tz="UTC") as game:
        habit = HabitDialog(game.state)
        qtbot.addWidget(habit)
        seen = _tab_through(qtbot, habit, 8)
        assert seen[1] is habit.notes_edit
        assert seen[2] is habit.kind_combo  # Tab went on, not into the notes
        assert habit.notes_edit.toPlainText() == ""
        habit.reject()
        quest = QuestDialog(game.state)
        qtbot.addWidget(quest)
        quest.title_edit.setText("Paint the fence")
        seen = _tab_through(qtbot, quest, 14)
        assert quest.checklist_edit is not None
        after = seen[seen.index(quest.checklist_edit) + 1]
        assert isinstance(after, QPushButton)  # OK or Cancel: the form can be left
        assert "\t" not in quest.checklist_edit.toPlainText()


def test_a_refused_new_habit_keeps_its_dialog_open_with_what_was_typed(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read", start_day=NOW.date()))
    app = launch(qtbot, paths, NOW, tmp_path)
    app.window.items.new_habit()
    dialog = app.window.active_dialog
    assert isinstance(dialog, HabitDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name_edit, "read")
    qtbot.keyClicks(dialog.notes_edit, "twenty pages before bed")
    habits = dict(app.game.state.habits)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    # Refused (the name is taken): the dialog stays, says why, and keeps every field.
    assert dialog.isVisible()
    assert "A habit named 'read' already exists." in dialog.error_label.text()
    assert "Pick another name" in dialog.error_label.text()
    assert dialog.name_edit.text() == "read"
    assert dialog.notes_edit.toPlainText() == "twenty pages before bed"
    assert dict(app.game.state.habits) == habits
    # A new name clears the reason, and OK adds the habit and closes the dialog.
    qtbot.keyClicks(dialog.name_edit, " more")
    assert dialog.error_label.text() == ""
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    added = [h for h in app.game.state.habits.values() if h.name == "read more"]
    assert len(added) == 1 and added[0].notes == "twenty pages before bed"
    app.close()


def test_statistics_write_days_on_their_axes_as_the_window_does(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = _demo(qtbot, paths, tmp_path)
    app.window.show_page(app.window.pages.index(app.window.stats_page))
    page = app.window.stats_page
    assert isinstance(page, StatsPage)
    qtbot.waitUntil(lambda: page.xp_chart.series.count() > 30)
    for chart in (page.xp_chart, page.hp_chart, page.logs_chart):
        assert chart.x_axis.format() == "d MMM"  # "5 Aug", not "5 Aug 26"
    app.close()
    # Days over more than one year: months with their year.
    chart = Chart("Total XP over time", "xpChart")
    qtbot.addWidget(chart)
    chart.set_points([(date(2025, 12, 1), 10.0), (date(2026, 2, 1), 90.0)])
    assert chart.x_axis.format() == "MMM yyyy"
    chart.set_points([(date(2026, 2, 1), 10.0), (date(2026, 3, 1), 90.0)])
    assert chart.x_axis.format() == "d MMM"


def test_a_habits_detail_counts_per_month_since_its_start_in_unmistakable_words(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read", start_day=date(2026, 9, 10)),
        LogHabit(habit_id="read"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    detail = app.window.open_detail("read")
    assert detail is not None
    qtbot.addWidget(detail)
    month = detail.month_label.text()
    assert month.endswith("<b>per month</b>: Sep: 0 · Oct: 0 · Nov: 1")  # not "Nov 1"
    assert month.startswith("<b>This week</b>: 1 ·")
    assert "Aug" not in month  # the habit did not exist yet
    assert "Mon: 1 · Tue: 0" in detail.weekday_label.text()
    detail.reject()
    app.close()


def test_an_overdue_quest_says_the_day_it_was_due_not_overdue_since_then(
    qtbot: QtBot, qtmodeltester: ModelTester, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddQuest(quest_id="fence", title="Paint the fence", due=NOW.date()))
    app = launch(qtbot, paths, NOW + timedelta(days=2), tmp_path)
    qtmodeltester.check(app.models.quests)
    view = app.window.today_page.quests_view
    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, row_of(view, "fence"))
    # Due Mon 2 Nov, so overdue since Tuesday: "overdue since Mon 2 Nov" was a day early.
    assert option.text == "Paint the fence\u2028overdue, was due Mon 2 Nov"
    app.close()


def test_the_file_menu_says_what_export_and_import_read_and_write(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    file_menu = app.window.menuBar().actions()[0].menu()
    assert file_menu is not None and file_menu.title() == "&File"
    entries = [a.text().replace("&", "") for a in file_menu.actions() if not a.isSeparator()]
    # Beside "Import from" and "Export as CSV", a bare "Import…" / "Export…" said nothing
    # of the bundle files they read and write.
    assert "Export bundle…" in entries and "Import bundle…" in entries
    assert "Export…" not in entries and "Import…" not in entries
    app.close()


def test_an_unscheduled_habits_short_day_shows_as_missed_as_the_rules_judge_it(
    qtbot: QtBot, qtmodeltester: ModelTester, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(
            habit_id="pushups",
            name="Push-ups",
            schedule=Schedule(kind="unscheduled"),
            target=NumericTarget(amount=20, unit="reps"),
            start_day=NOW.date() - timedelta(days=3),
        ),
        LogHabit(habit_id="pushups", amount=25, at=NOW - timedelta(days=3)),
        LogHabit(habit_id="pushups", amount=10, at=NOW - timedelta(days=1)),  # short
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    qtmodeltester.check(app.models.today)
    view = app.window.today_page.habits_view
    week = dict(row_of(view, "pushups").data(WEEK_ROLE))
    habit = app.game.state.habits["pushups"]
    judged = dict(habit.statuses(NOW.date(), NOW.date() - timedelta(days=3)))
    assert judged[NOW.date() - timedelta(days=1)] == "missed"
    assert week[NOW.date() - timedelta(days=1)] == "missed"  # was a plain "S" cell
    assert week[NOW.date() - timedelta(days=2)] == "not_due"  # a quiet day: a rest day
    assert week[NOW.date() - timedelta(days=3)] == "done"
    app.close()


def test_the_theme_choices_read_as_words_and_keep_their_setting(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    app.actions.settings.trigger()
    dialog = app.window.active_dialog
    assert isinstance(dialog, SettingsDialog)
    combo = dialog.theme_combo
    words = [combo.itemText(i) for i in range(combo.count())]
    assert words == ["Follow the system", "Light", "Dark"]  # were "system", "light", "dark"
    assert combo.currentText() == "Follow the system"
    combo.setCurrentIndex(words.index("Dark"))
    dialog.accept()
    assert app.window.settings.value("theme") == "dark"
    app.actions.settings.trigger()
    again = app.window.active_dialog
    assert isinstance(again, SettingsDialog)
    assert again.theme_combo.currentText() == "Dark"
    again.theme_combo.setCurrentIndex(words.index("Follow the system"))
    again.accept()
    assert app.window.settings.value("theme") == "system"
    app.close()


def test_a_new_goal_starts_on_the_games_day_and_words_its_measure(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    # A day far from the computer's date: the dialog must take the game's clock.
    then = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    app = launch(qtbot, paths, then, tmp_path)
    app.actions.new_goal.trigger()
    dialog = app.window.active_dialog
    assert isinstance(dialog, GoalDialog)
    assert dialog.date_edit.date() == QDate(2024, 3, 5)  # was the computer's date
    assert dialog.measure_combo.currentText() == "set by hand"  # was "manual"
    assert dialog.measure_combo.currentData() == "manual"
    dialog.reject()
    app.close()


def test_a_click_on_a_day_before_the_habits_start_says_why_nothing_happens(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="floss", name="Floss", start_day=NOW.date() - timedelta(days=2)))
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.dailies_view
    assert dict(row_of(view, "floss").data(WEEK_ROLE))[NOW.date() - timedelta(days=6)] == "before"
    head = app.game.store.head_position
    click_part(qtbot, view, "floss", "cell0")  # Tue 27 Oct, before Sat 31 Oct
    assert app.window.last_message == (
        "Floss starts on Sat 31 Oct 2026: there is nothing to log on Tue 27 Oct 2026. "
        "To log it, first move the habit's start back (Ctrl+E edits it)."
    )
    assert app.window.toast.isVisible()
    assert app.game.store.head_position == head  # nothing written
    app.close()


def test_tab_leaves_the_history_and_list_tables(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = _demo(qtbot, paths, tmp_path)
    window = app.window
    for page, view in (
        (window.history_page, window.history_page.view),
        (window.habits_page, window.habits_page.view),
    ):
        window.show_page(window.pages.index(page))
        window.activateWindow()
        view.setFocus()
        qtbot.waitUntil(view.hasFocus)
        view.setCurrentIndex(view.model().index(0, 0))
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        assert not view.hasFocus(), page.objectName()  # not on to the next cell
        assert view.currentIndex().row() == 0 and view.currentIndex().column() == 0
    app.close()


def test_picking_a_day_in_historys_range_turns_the_range_on(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = _demo(qtbot, paths, tmp_path)
    page = app.window.history_page
    app.window.show_page(app.window.pages.index(page))
    everything = app.models.history.rowCount()
    assert not page.range_box.isChecked()
    page.since_edit.setDate(QDate(2026, 11, 1))  # as a person picks it in the calendar
    assert page.range_box.isChecked()  # the day picked is used, not ignored
    qtbot.waitUntil(lambda: page.status.text().endswith(" found"))
    shown = app.models.history.rowCount()
    assert 0 < shown < everything
    firsts = [app.models.history.index(r, 0).data() for r in range(shown)]
    assert all("Oct" not in str(when) for when in firsts)
    page.status.setText("")
    page.until_edit.setDate(QDate(2026, 11, 1))  # a second change filters again
    qtbot.waitUntil(lambda: page.status.text().endswith(" found"))
    assert 0 < app.models.history.rowCount() < shown
    app.close()


def test_without_a_character_the_header_shows_empty_bars_and_how_to_begin(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, UndoLastCommand())  # the first run's character creation, undone
    app = launch(qtbot, paths, NOW, tmp_path)
    assert app.game.state.character is None
    header = app.window.header
    assert header.name_label.text() == "<b>No character yet</b>"
    assert "add a habit" in header.level_label.text()
    for bar in (header.xp_bar, header.hp_bar):
        assert bar.value() == bar.minimum()  # was a full HP bar, and "0 / 0" XP
        assert bar.text() == ""
    assert header.gold_label.text() == ""
    # The first habit makes the character, and the bars fill in.
    app.controller.handle(AddHabit(habit_id="read", name="Read"))
    qtbot.waitUntil(lambda: header.hp_bar.text() == "50 / 50")
    assert header.xp_bar.text() == "0 / 150"
    app.close()


def test_the_bundle_pickers_open_in_the_documents_folder_not_where_the_app_started(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    elsewhere = tmp_path / "started-here"
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(elsewhere)
    app = launch(qtbot, paths, NOW, tmp_path)
    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:  # the real picker, shown modal: read where it opened, cancel
        picker = QApplication.activeModalWidget()
        if not isinstance(picker, QFileDialog):
            QTimer.singleShot(50, answer)
            return
        seen.append((picker.directory().absolutePath(), picker.selectedFiles()))
        picker.reject()

    for ask in (bundle_flows._ask_save, bundle_flows._ask_open):
        QTimer.singleShot(50, answer)
        assert ask(app.window) is None  # cancelled: nothing chosen
    documents = str(home / "Documents")
    assert [folder for folder, _ in seen] == [documents, documents]
    assert seen[0][1] == [f"{documents}/history.rpgbundle"]
    app.close()
