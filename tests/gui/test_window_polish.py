"""Faults found by playing the window, each kept fixed through the real widgets: the
import dialog's words, the Quests page's due dates and their sort, the seven-day cells
of an "N times a week" habit, and gold written one way in messages and History."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddGoal, AddHabit, AddQuest, AddReward, LogHabit
from rpgmylife_desktop.domain.values import Schedule
from rpgmylife_desktop.ui.app import start
from rpgmylife_desktop.ui.habit_delegate import CELL_COLOURS
from rpgmylife_desktop.ui.import_dialog import ImportDialog
from rpgmylife_desktop.ui.models.base import KEY_ROLE
from rpgmylife_desktop.ui.models.today import WEEK_ROLE
from rpgmylife_desktop.ui.opening import Prompts
from tests.unit.interop.formats import habitica_export, loop_db, sample_loop_habits

from .conftest import NOW
from .helpers import launch, row_of, settings_in
from .test_window_flows import seed

TODAY = NOW.date()  # Monday 2 November 2026


def _events_bytes(paths: DataPaths) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths.events_dir.iterdir() if p.is_file()}


# -- 1 and 2: the import dialog speaks of the window, and names each kind properly ------


def test_a_refused_csv_import_speaks_of_the_window_and_changes_nothing(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    sheet = tmp_path / "habits.csv"
    sheet.write_text("when,what\n2026-11-01,Read\n", encoding="utf-8")
    app = launch(qtbot, paths, NOW, tmp_path)
    before = _events_bytes(paths)
    window = app.window
    window.interop.choose_import_path = lambda kind: sheet if kind == "csv" else None
    window.user_actions.import_csv.trigger()
    dialog = window.interop.dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.label.objectName() == "importError", timeout=30_000)
    shown = dialog.label.text()
    assert "column date, habit, value is missing" in shown
    assert "this command" not in shown and "import-csv" not in shown
    assert "the kind of export chosen to import" in shown
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    assert _events_bytes(paths) == before
    app.close()


def _csv_file(folder: Path) -> Path:
    path = folder / "sheet.csv"
    path.write_text("date,habit,value\n2026-10-30,Read,done\n2026-10-31,Read,done\n")
    return path


def _loop_file(folder: Path) -> Path:
    return loop_db(folder / "backup.db", sample_loop_habits(date(2026, 10, 1), 10))


def _habitica_file(folder: Path) -> Path:
    path = folder / "user.json"
    habitica_export(path)
    return path


@pytest.mark.parametrize(
    ("kind", "make", "heading"),
    [
        ("csv", _csv_file, "CSV import of sheet.csv"),
        ("loop", _loop_file, "Loop import of backup.db"),
        ("habitica", _habitica_file, "Habitica import of user.json"),
    ],
)
def test_the_import_preview_names_each_kind_as_people_write_it(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, kind: str, make, heading: str
) -> None:
    path = make(tmp_path)
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    window.interop.choose_import_path = lambda chosen: path if chosen == kind else None
    {
        "csv": window.user_actions.import_csv,
        "loop": window.user_actions.import_loop,
        "habitica": window.user_actions.import_habitica,
    }[kind].trigger()
    dialog = window.interop.dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.text.isVisible(), timeout=30_000)
    first_line = dialog.text.toPlainText().splitlines()[0]
    assert first_line.startswith(heading), first_line
    assert "Csv" not in dialog.text.toPlainText()
    dialog.reject()
    app.close()


# -- 3: due dates shown as the window shows days, sorted by the day itself -------------


def test_quest_due_dates_read_as_days_and_sort_by_date(
    qtbot: QtBot, qtmodeltester, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddQuest(quest_id="far", title="File taxes", due=date(2027, 1, 15)),
        AddQuest(quest_id="tomorrow", title="Call the bank", due=TODAY + timedelta(days=1)),
        AddQuest(quest_id="none", title="Someday"),
        AddQuest(quest_id="today", title="Buy milk", due=TODAY),
        AddQuest(quest_id="soon", title="Pay rent", due=date(2026, 11, 10)),
        AddQuest(quest_id="late", title="Return book", due=TODAY - timedelta(days=3)),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    qtmodeltester.check(app.models.quests)
    page = app.window.quests_page
    qtmodeltester.check(page.proxy)
    app.window.show_page(2)
    shown = {
        page.proxy.index(r, 0).data(KEY_ROLE): page.proxy.index(r, 1).data()
        for r in range(page.proxy.rowCount())
    }
    assert shown == {
        "far": "Fri 15 Jan 2027",
        "tomorrow": "tomorrow",
        "none": "",
        "today": "today",
        "soon": "Tue 10 Nov",
        "late": "Fri 30 Oct",
    }
    assert not any(re.fullmatch(r"\d{4}-\d\d-\d\d", text) for text in shown.values())
    header = page.view.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft() + _section_centre(header, 1),
    )
    order = [page.proxy.index(r, 0).data(KEY_ROLE) for r in range(page.proxy.rowCount())]
    assert order == ["late", "today", "tomorrow", "soon", "far", "none"]
    app.close()


def _section_centre(header, section: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_goal_target_dates_and_reward_prices_sort_by_value(
    qtbot: QtBot, qtmodeltester, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddGoal(goal_id="b", title="Run 10 km", target_date=date(2026, 12, 24)),
        AddGoal(goal_id="a", title="Read 12 books", target_date=TODAY + timedelta(days=1)),
        AddReward(reward_id="big", title="Concert", price=40),
        AddReward(reward_id="small", title="Coffee", price=5),
        AddReward(reward_id="mid", title="Movie", price=10.5),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    qtmodeltester.check(app.models.goals)
    qtmodeltester.check(app.models.rewards)
    goals = app.window.goals_page
    texts = {
        goals.proxy.index(r, 0).data(KEY_ROLE): goals.proxy.index(r, 3).data()
        for r in range(goals.proxy.rowCount())
    }
    assert texts == {"a": "tomorrow", "b": "Thu 24 Dec"}
    goals.view.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert [goals.proxy.index(r, 0).data(KEY_ROLE) for r in range(2)] == ["a", "b"]
    rewards = app.window.rewards_page
    rewards.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    prices = [rewards.proxy.index(r, 1).data() for r in range(rewards.proxy.rowCount())]
    assert prices == ["5 gold", "10.5 gold", "40 gold"]  # by amount, not "10.5" < "5"
    app.close()


def test_due_words_follow_the_day_when_it_rolls_over(
    qtbot: QtBot, qtmodeltester, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddQuest(quest_id="q", title="Call the bank", due=TODAY + timedelta(days=1)))
    clock = FixedClock(NOW)
    app = start(paths, clock, settings_in(tmp_path), Prompts())
    assert app is not None
    qtbot.addWidget(app.window)
    qtmodeltester.check(app.models.quests)
    assert app.models.quests.index_of("q", 1).data() == "tomorrow"
    clock.advance(timedelta(days=1))
    with qtbot.waitSignal(app.models.quests.dataChanged, timeout=5_000):
        app.window.days.timer.timeout.emit()  # the rollover timer finds a new day
    assert app.models.quests.index_of("q", 1).data() == "today"
    app.close()


# -- 4: an "N times a week" habit's undone days are not misses --------------------------


def _cell_colour(view, key: str, cell: int) -> QColor:  # type: ignore[no-untyped-def]
    index = row_of(view, key)
    view.scrollTo(index)
    parts = view.itemDelegate().layout(view.visualRect(index), index)
    rect = parts[f"cell{cell}"]
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    point = rect.topLeft() + type(rect.topLeft())(3, rect.height() // 2)
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


def test_undone_days_of_a_weekly_habit_are_neutral_unless_the_week_was_missed(
    qtbot: QtBot, qtmodeltester, paths: DataPaths, tmp_path: Path
) -> None:
    week_start = date(2026, 10, 19)  # a Monday; the last seven days are 27 Oct to 2 Nov
    three = Schedule(kind="times_per_week", times=3)

    seed(
        paths,
        AddHabit(habit_id="gym", name="Gym", schedule=three, start_day=week_start),
        AddHabit(habit_id="swim", name="Swim", schedule=three, start_day=week_start),
        *[
            LogHabit(habit_id="gym", at=_noon(day))
            for day in (date(2026, 10, 26), date(2026, 10, 28), date(2026, 10, 30))
        ],
        LogHabit(habit_id="swim", at=_noon(date(2026, 10, 28))),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    qtmodeltester.check(app.models.today)
    view = app.window.today_page.dailies_view
    gym = dict(row_of(view, "gym").data(WEEK_ROLE))
    swim = dict(row_of(view, "swim").data(WEEK_ROLE))
    # The week of 26 Oct met its 3: none of its undone days is a miss.
    assert [gym[date(2026, 10, d)] for d in (27, 28, 29, 30, 31)] == [
        "not_due",
        "done",
        "not_due",
        "done",
        "not_due",
    ]
    assert gym[date(2026, 11, 1)] == "not_due"
    # Swim did it once: the domain counts the week's last day (Sunday) as missed, and only it.
    assert swim[date(2026, 11, 1)] == "missed"
    assert [swim[date(2026, 10, d)] for d in (27, 29, 30, 31)] == ["not_due"] * 4
    assert gym[TODAY] == swim[TODAY] == "open"
    # What the person sees: no red cell for Gym; Swim's Sunday (cell 5) red, Saturday not.
    red = QColor(CELL_COLOURS["missed"])
    assert all(_cell_colour(view, "gym", i) != red for i in range(7))
    assert _cell_colour(view, "swim", 5) == red
    assert _cell_colour(view, "swim", 4) != red
    app.close()


def _noon(day: date):  # type: ignore[no-untyped-def]
    return NOW.replace(year=day.year, month=day.month, day=day.day, hour=12)


# -- 5: gold written one way in a command's message and in History ----------------------


def test_reverting_a_log_says_the_same_gold_as_history(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read", difficulty="medium", start_day=date(2026, 10, 1)),
        *[LogHabit(habit_id="read", at=_noon(date(2026, 10, d))) for d in range(1, 31)],
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    history = app.models.history
    hundredths = re.compile(r"^Logged Read.*: .*\+(\d+\.\d\d) gold")
    row = next(
        (r for r in range(history.rowCount()) if hundredths.match(history.index(r, 1).data())),
        None,
    )
    assert row is not None, "no log paid gold in hundredths"
    paid = hundredths.match(history.index(row, 1).data()).group(1)  # type: ignore[union-attr]
    app.window.show_page(5)
    app.window.history_page.view.setCurrentIndex(history.index(row, 1))
    app.window.history_page.action_revert.trigger()  # History's context menu entry
    message = app.window.controller.last_message
    assert message.startswith("Reverted"), message
    assert f"-{paid} gold" in message  # "-1.03 gold", not "-1 gold"
    assert f"-{paid} gold" in app.window.statusBar().currentMessage()
    app.close()


# -- found in play: a new item's dialog starts on its first field -----------------------


@pytest.mark.parametrize(
    ("action", "field"),
    [
        ("new_habit", "name_edit"),
        ("new_quest", "title_edit"),
        ("new_goal", "title_edit"),
        ("new_reward", "title_edit"),
    ],
)
def test_typing_into_a_new_dialog_fills_its_first_field(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, action: str, field: str
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    getattr(app.actions, action).trigger()
    dialog = app.window.active_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    first = getattr(dialog, field)
    assert dialog.focusWidget() is first
    # Typed where the keyboard is: a space on a focused Cancel closed the dialog.
    qtbot.keyClicks(dialog.focusWidget(), "Call the bank")
    assert dialog.isVisible()
    assert first.text() == "Call the bank"
    dialog.reject()
    app.close()


def test_a_due_column_fitted_while_empty_still_shows_a_whole_day(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddQuest(quest_id="someday", title="Someday"))
    app = launch(qtbot, paths, NOW, tmp_path)
    app.window.show_page(2)  # the columns fit what they hold: no due day yet
    page = app.window.quests_page
    app.controller.handle(AddQuest(quest_id="tax", title="File taxes", due=date(2027, 1, 13)))
    index = page.row_index("tax").siblingAtColumn(1)
    assert index.data() == "Wed 13 Jan 2027"
    needed = page.view.fontMetrics().horizontalAdvance(index.data())
    assert page.view.columnWidth(1) > needed
    assert not page.view.wordWrap()  # one line a row: never a clipped second line
    app.close()


def test_milestones_show_their_day_as_the_window_writes_days(
    qtbot: QtBot, qtmodeltester, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read", start_day=date(2026, 10, 1)),
        AddHabit(habit_id="walk", name="Walk"),
        LogHabit(habit_id="read", at=_noon(date(2026, 10, 5))),
        LogHabit(habit_id="walk"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    model = app.models.milestones
    qtmodeltester.check(model)
    days = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "Mon 5 Oct" in days and "today" in days
    assert not any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in days)
    app.close()


# -- found in play: the page you are on keeps its icon; chart ticks at round numbers -----


def _contrasting_pixels(view, rect) -> int:  # type: ignore[no-untyped-def]
    """Pixels inside `rect` that stand out from the selection colour behind them."""
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    back = view.palette().color(view.palette().ColorRole.Highlight)
    count = 0
    for x in range(rect.left(), rect.right()):
        for y in range(rect.top(), rect.bottom()):
            pixel = image.pixelColor(round(x * ratio), round(y * ratio))
            distance = (
                abs(pixel.red() - back.red())
                + abs(pixel.green() - back.green())
                + abs(pixel.blue() - back.blue())
            )
            count += distance > 200
    return count


def test_the_selected_page_keeps_a_visible_icon(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    nav = app.window.nav
    for page in (2, 3, 5):  # Quests, Goals, History: blue and red icons
        app.window.show_page(page)
        item = nav.item(page)
        rect = nav.visualItemRect(item)
        icon_area = rect.adjusted(0, 0, -(rect.width() - nav.iconSize().width() - 8), 0)
        assert _contrasting_pixels(nav, icon_area) > 20, nav.item(page).text()
    app.close()


def test_statistics_axes_tick_at_round_numbers(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    chart = app.window.stats_page.xp_chart
    chart.set_points([(TODAY - timedelta(days=9), 0.0), (TODAY, 1916.0)], low=0)
    axis = chart.y_axis
    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
    assert axis.max() >= 1916
    ticks = [axis.min() + i * step for i in range(axis.tickCount())]
    magnitude = 10 ** int(f"{step:e}".split("e")[1])
    assert step / magnitude in (1, 2, 2.5, 5), ticks
    assert all(tick == round(tick) for tick in ticks), ticks
    app.close()


def test_a_numeric_daily_keeps_its_amount_on_a_line_of_its_own(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    from rpgmylife_desktop.domain.values import NumericTarget

    seed(
        paths,
        AddHabit(
            habit_id="water",
            name="Drink water",
            target=NumericTarget(amount=8, unit="glasses"),
        ),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.dailies_view
    option = QStyleOptionViewItem()
    view.itemDelegate().initStyleOption(option, row_of(view, "water"))
    assert option.text.split("\u2028") == ["Drink water", "0 / 8 glasses", "streak 0"]
    app.close()


def test_a_refused_claim_also_says_what_to_do(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddReward(reward_id="book", title="New book", price=40))
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.rewards_view
    delegate = view.itemDelegate()
    index = row_of(view, "book")
    before = _events_bytes(paths)
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=delegate.button_rect(view, index).center(),  # type: ignore[attr-defined]
    )
    shown = app.window.statusBar().currentMessage()
    assert "'New book' costs 40 gold, but you have 0." in shown
    assert "Earn 40 more gold with habits and quests." in shown  # the hint, not only the fault
    assert "Earn 40 more gold" in app.window.toast.text()
    assert _events_bytes(paths) == before
    app.close()


def test_history_filters_as_the_words_are_typed(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read"),
        AddHabit(habit_id="walk", name="Walk"),
        LogHabit(habit_id="read"),
        LogHabit(habit_id="walk"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    app.window.show_page(5)
    page = app.window.history_page
    model = app.models.history
    assert any("Walk" in model.index(r, 1).data() for r in range(model.rowCount()))
    page.search.setFocus()
    qtbot.keyClicks(page.search, "read")  # no Enter
    qtbot.waitUntil(
        lambda: (
            model.rowCount() > 0
            and all("read" in model.index(r, 1).data().lower() for r in range(model.rowCount()))
        ),
        timeout=5_000,
    )
    qtbot.keyClick(page.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.search, Qt.Key.Key_Delete)  # cleared: every line again at once
    assert any("Walk" in model.index(r, 1).data() for r in range(model.rowCount()))
    app.close()


def test_dialog_choices_read_as_words_and_build_the_domain_values(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QComboBox

    from rpgmylife_desktop.domain.commands import AddHabit as AddHabitCommand

    app = launch(qtbot, paths, NOW, tmp_path)
    app.actions.new_habit.trigger()
    dialog = app.window.active_dialog
    assert dialog is not None
    shown = [
        combo.itemText(i) for combo in dialog.findChildren(QComboBox) for i in range(combo.count())
    ]
    assert "N times a week" in shown and "at most" in shown
    assert not [text for text in shown if "_" in text]  # no "times_per_week", "at_least"
    dialog.name_edit.setText("Coffee")
    dialog.schedule_combo.setCurrentIndex(dialog.schedule_combo.findText("N times a week"))
    dialog.times_spin.setValue(3)
    dialog.target_box.setChecked(True)
    dialog.target_mode.setCurrentIndex(dialog.target_mode.findText("at most"))
    dialog.target_amount.setValue(2)
    built = dialog.command()
    assert isinstance(built, AddHabitCommand)
    assert built.schedule.kind == "times_per_week" and built.schedule.times == 3
    assert built.target is not None and built.target.mode == "at_most"
    dialog.reject()
    app.close()


def test_the_target_unit_hint_fits_its_field(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path)
    app.actions.new_habit.trigger()
    dialog = app.window.active_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    unit = dialog.target_unit
    hint = unit.fontMetrics().horizontalAdvance(unit.placeholderText())
    assert unit.width() >= hint + 8
    dialog.reject()
    app.close()


def test_todays_to_dos_say_when_they_are_due(
    qtbot: QtBot, qtmodeltester, paths: DataPaths, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QStyleOptionViewItem

    seed(
        paths,
        AddQuest(quest_id="late", title="Call the bank", due=date(2026, 10, 27)),
        AddQuest(quest_id="soon", title="Pay rent", due=TODAY + timedelta(days=1)),
        AddQuest(quest_id="free", title="Someday"),
    )
    clock = FixedClock(NOW)
    app = start(paths, clock, settings_in(tmp_path), Prompts())
    assert app is not None
    qtbot.addWidget(app.window)
    qtmodeltester.check(app.models.quests)
    view = app.window.today_page.quests_view

    def shown(key: str) -> str:
        option = QStyleOptionViewItem()
        view.itemDelegate().initStyleOption(option, row_of(view, key))
        return option.text

    assert shown("late") == "Call the bank\u2028overdue, was due Tue 27 Oct"
    assert shown("soon") == "Pay rent\u2028due tomorrow"
    assert shown("free") == "Someday"
    clock.advance(timedelta(days=1))
    app.window.days.timer.timeout.emit()
    qtbot.waitUntil(lambda: shown("soon") == "Pay rent\u2028due today")
    app.close()


def test_quest_checkboxes_stay_visible_on_a_dark_palette(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

    from rpgmylife_desktop.ui.theme import apply_theme

    seed(paths, AddQuest(quest_id="juggle", title="Learn to juggle"))
    app = launch(qtbot, paths, NOW, tmp_path)
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    apply_theme(qt_app, "dark")
    try:
        app.window.show_page(2)
        view = app.window.quests_page.view
        qtbot.waitUntil(
            lambda: view.palette().color(view.palette().ColorRole.Base).lightness() < 90
        )
        index = app.window.quests_page.row_index("juggle")
        option = QStyleOptionViewItem()
        option.initFrom(view.viewport())
        option.rect = view.visualRect(index)
        view.itemDelegateForIndex(index).initStyleOption(option, index)
        check = view.style().subElementRect(
            QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view
        )
        image = view.viewport().grab().toImage()
        ratio = image.devicePixelRatio()
        back = image.pixelColor(
            round((check.right() + 6) * ratio), round(check.center().y() * ratio)
        )
        border = [
            image.pixelColor(round(x * ratio), round(check.top() * ratio))
            for x in range(check.left() + 2, check.right() - 1)
        ]
        lightest = max(
            sum(abs(a - b) for a, b in zip(p.getRgb()[:3], back.getRgb()[:3], strict=True))
            for p in border
        )
        assert lightest > 120  # the unchecked box's edge stands out from the row
    finally:
        apply_theme(qt_app, "light")
        app.close()


def test_export_as_csv_opens_in_the_home_folder_and_counts_daily_rows(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    seed(
        paths,
        AddHabit(habit_id="read", name="Read", start_day=date(2026, 10, 31)),
        AddHabit(habit_id="walk", name="Walk", start_day=date(2026, 10, 31)),
        LogHabit(habit_id="read"),
    )
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)  # started from some other folder
    out = tmp_path / "out"
    out.mkdir()
    asked: list[str] = []

    def pick(parent, caption, folder="", *args):  # type: ignore[no-untyped-def]
        asked.append(folder)
        return str(out)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(pick))
    app = launch(qtbot, paths, NOW, tmp_path)
    app.window.user_actions.export_csv.trigger()
    assert asked and Path(asked[0]).is_relative_to(home)
    rows = (out / "daily.csv").read_text().count("\n") - 1
    message = app.window.last_message
    assert message.startswith(f"Wrote {out}/habits.csv (2 habits), ")
    assert f"daily.csv ({rows} rows, " in message  # rows of daily.csv, not days
    app.close()


def test_a_goals_habit_and_count_are_greyed_unless_its_measure_counts_a_habit(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read"))
    app = launch(qtbot, paths, NOW, tmp_path)
    app.actions.new_goal.trigger()
    dialog = app.window.active_dialog
    assert dialog is not None
    measure = dialog.measure_combo

    def choose(value: str) -> tuple[bool, bool]:
        measure.setCurrentIndex(measure.findData(value))
        return dialog.habit_combo.isEnabled(), dialog.count_spin.isEnabled()

    assert choose("manual") == (False, False)
    assert choose("habit_logs") == (True, True)
    dialog.habit_combo.setCurrentIndex(dialog.habit_combo.findData("read"))
    dialog.count_spin.setValue(30)
    assert choose("habit_days") == (True, True)
    assert choose("linked_quests") == (False, False)
    dialog.title_edit.setText("Read a lot")
    assert choose("habit_logs") == (True, True)
    built = dialog.command()
    assert built is not None and built.measure.count == 30 and built.measure.habit_id == "read"
    dialog.reject()
    app.close()
