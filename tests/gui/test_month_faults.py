"""Faults found in a month of play, each fixed and kept fixed: Statistics at 800 px wide
scrolled sideways instead of stacking its charts; the window and the CLI
wrote the character's XP and HP two ways ("107 / 260" in the header, "XP 107/260" from
`rpgmylife status`, "HP 47/50" in the tray's tooltip); the Habits page's "Logs"
column counted only + presses (a bad habit's slips made 0); a perfect day's milestone
said its day twice ("Wed 5 Aug" beside "Perfect day: Wed 5 Aug 2026"), and the CLI's
milestones wrote it a third way (2026-08-05)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit, LogHabit, UndoLastCommand
from rpgmylife_desktop.ui.app import App, Prompts
from rpgmylife_desktop.ui.models.base import KEY_ROLE, SORT_ROLE
from rpgmylife_desktop.ui.models.habits import LOGS_COLUMN
from rpgmylife_desktop.ui.models.milestones import KIND_ROLE as MILESTONE_KIND
from rpgmylife_desktop.ui.pages.stats import StatsPage
from rpgmylife_desktop.ui.tray_icon import tooltip_text
from tests.e2e.conftest import run_process

from .conftest import NOW
from .helpers import launch, named
from .test_window_flows import seed


def _status_line(out: str, label: str) -> str:
    line = next(line for line in out.splitlines() if line.strip().startswith(label))
    return line.strip().removeprefix(label).strip()


def test_status_and_the_header_write_xp_and_hp_the_same_way(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read"),
        AddHabit(habit_id="junk", name="Junk food", kind="negative", difficulty="hard"),
        LogHabit(habit_id="read"),
        LogHabit(habit_id="junk", direction="down"),
        LogHabit(habit_id="junk", direction="down"),  # HP with a tenth: 41.9 or so
    )
    status = run_process(paths.data_dir, "status", now=NOW.isoformat())
    assert status.code == 0, status.err
    xp, hp = _status_line(status.out, "XP"), _status_line(status.out, "HP")
    assert " / " in xp and " / " in hp  # "6 / 150", not "6/150"
    assert hp.endswith(" / 50") and not hp.startswith("50 ")  # the slips cost HP
    assert "." in hp.split(" / ")[0]  # a tenth the window rounded away before
    app = launch(qtbot, paths, NOW, tmp_path)
    header = app.window.header
    qtbot.waitUntil(lambda: header.xp_bar.text() != "")
    assert header.xp_bar.text() == xp
    assert header.hp_bar.text() == hp
    # So does the character model's row (its accessible text; it rounded HP to "47 / 50").
    character = app.models.character
    assert [str(character.index(0, column).data()) for column in (2, 3)] == [xp, hp]
    # The tray's tooltip says them alike too (it wrote "HP 47/50", rounded).
    tip = tooltip_text(app.models.character.sheet())
    assert f"XP {xp} · HP {hp} · " in tip
    app.close()
    # The machine-readable status keeps its plain numbers.
    data = run_process(paths.data_dir, "status", "--json", now=NOW.isoformat()).json()
    assert xp == f"{data['xp']} / {data['xp_to_next']}"
    assert isinstance(data["hp"], float) and data["max_hp"] == 50


def _logs_cell(app: App, habit_id: str) -> str:
    view = app.window.habits_page.view
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data(KEY_ROLE) == habit_id:
            return str(model.index(row, LOGS_COLUMN).data())
    raise AssertionError(f"no row for {habit_id}")


def test_the_habits_logs_column_counts_minus_presses_and_slips(
    qtbot: QtBot, qtmodeltester: ModelTester, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read"),
        AddHabit(habit_id="snack", name="Snack", kind="both"),
        AddHabit(habit_id="junk", name="Junk food", kind="negative"),
        LogHabit(habit_id="read"),
        LogHabit(habit_id="snack"),
        LogHabit(habit_id="snack", direction="down"),
        LogHabit(habit_id="snack", direction="down"),
        LogHabit(habit_id="junk", direction="down"),
        LogHabit(habit_id="junk", direction="down"),
        LogHabit(habit_id="junk", direction="down"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    qtmodeltester.check(app.models.habits)
    app.window.show_page(app.window.pages.index(app.window.habits_page))
    model = app.window.habits_page.view.model()
    assert model.headerData(LOGS_COLUMN, Qt.Orientation.Horizontal) == "Logs"
    tip = model.headerData(LOGS_COLUMN, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "−" in tip and "slips" in tip
    # A + habit says its count; a +/- habit both sides; a bad habit its slips (it said 0).
    assert _logs_cell(app, "read") == "1"
    assert _logs_cell(app, "snack") == "+1 / −2"
    assert _logs_cell(app, "junk") == "−3"
    # Sorted by every press: the bad habit's three slips count.
    app.window.habits_page.proxy.setSortRole(SORT_ROLE)
    app.window.habits_page.proxy.sort(LOGS_COLUMN, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data(KEY_ROLE) == "junk"
    # A slip logged from the window shows at once, and its revert takes it back.
    app.controller.handle(LogHabit(habit_id="junk", direction="down"))
    qtbot.waitUntil(lambda: _logs_cell(app, "junk") == "−4")
    app.controller.handle(UndoLastCommand())
    qtbot.waitUntil(lambda: _logs_cell(app, "junk") == "−3")
    # The habit's statistics say the same.
    detail = app.window.open_detail("snack")
    assert detail is not None
    qtbot.addWidget(detail)
    assert "logs <b>+1 / −2</b>" in detail.numbers.text()
    detail.reject()
    app.close()


def test_milestones_say_their_day_once_and_alike_in_the_window_and_the_cli(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path, Prompts(first_run=named("Ada", demo=True)))
    model = app.models.milestones
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Day"
    shown = [
        (str(model.index(row, 0).data()), str(model.index(row, 1).data()))
        for row in range(model.rowCount())
    ]
    perfect = [
        (day, title)
        for row, (day, title) in enumerate(shown)
        if model.index(row, 0).data(MILESTONE_KIND) == "perfect_day"
    ]
    assert len(perfect) > 3
    for day, title in perfect:
        # "Perfect day" beside "Wed 5 Aug": it said "Perfect day: Wed 5 Aug 2026" there.
        assert title == "Perfect day", title
        assert re.fullmatch(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}", day), day
    app.close()
    # The CLI lists the same milestones with the same day words, in a column of their own.
    listed = run_process(paths.data_dir, "milestones", now=NOW.isoformat())
    assert listed.code == 0, listed.err
    lines = listed.out.splitlines()
    assert len(lines) == len(shown)
    width = max(len(day) for day, _title in shown)
    for line, (day, title) in zip(lines, shown, strict=True):
        assert line.startswith(f"{day:<{width}}  {title}  (jump: status --position "), line
    assert not any(re.search(r"\d{4}-\d\d-\d\d", line) for line in lines)
    data = run_process(paths.data_dir, "milestones", "--json", now=NOW.isoformat()).json()
    days = {m["day"] for m in data["milestones"] if m["kind"] == "perfect_day"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", day) for day in days)  # ISO, as before


def _scroll(page: StatsPage) -> QScrollArea:
    scroll = page.findChild(QScrollArea)
    assert isinstance(scroll, QScrollArea)
    return scroll


def _settle(qtbot: QtBot, app: App, size: tuple[int, int]) -> StatsPage:
    app.window.resize(*size)
    qtbot.waitUntil(lambda: app.window.size().toTuple() == size)
    page = app.window.stats_page
    qtbot.wait(100)  # the layout settles (a scroll bar may come or go)
    QApplication.processEvents()
    return page


def _inside(page: StatsPage, widget: QWidget) -> QRect:
    """Where `widget` lies in the scroll area's viewport's coordinates."""
    viewport = _scroll(page).viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return QRect(top_left, widget.size())


def test_statistics_stack_their_charts_when_narrow_and_never_scroll_sideways(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    app = launch(qtbot, paths, NOW, tmp_path, Prompts(first_run=named("Ada", demo=True)))
    app.window.show_page(app.window.pages.index(app.window.stats_page))
    for size, columns in (((800, 600), 1), ((1400, 900), 2), ((800, 600), 1)):
        page = _settle(qtbot, app, size)
        scroll = _scroll(page)
        bar = scroll.horizontalScrollBar()
        assert not bar.isVisible() and bar.maximum() == 0, size
        assert scroll.widget().width() <= scroll.viewport().width()
        viewport = scroll.viewport().rect()
        xp, hp, logs = (_inside(page, c) for c in (page.xp_chart, page.hp_chart, page.logs_chart))
        table, heatmap = _inside(page, page.habit_table), _inside(page, page.heatmap)
        for rect in (xp, hp, logs, table, heatmap):
            assert rect.left() >= 0 and rect.right() <= viewport.right(), (size, rect)
        if columns == 1:  # one under the other, each the page's width
            assert xp.left() == hp.left() == logs.left() == table.left()
            assert xp.bottom() < hp.top() and hp.bottom() < logs.top()
            assert logs.bottom() < table.top() < table.bottom() < heatmap.top()
            assert xp.width() > viewport.width() * 0.9
            # The table is as tall as its rows: no scrolling inside a scrolling page.
            assert page.habit_table.rowCount() == 8
            assert page.habit_table.verticalScrollBar().maximum() == 0
            # The heatmap shows the newest weeks that fit, today's cell among them.
            weeks = page.heatmap.weeks_shown
            assert 13 <= weeks < page.heatmap.weeks
            assert page.heatmap.rect().contains(page.heatmap.cell_rect(NOW.date()))
            assert page.heatmap_title.text() == f"<b>Every habit, the last {weeks} weeks</b>"
        else:  # two a row: XP beside HP, Logs beside the table
            assert xp.top() == hp.top() and xp.right() < hp.left()
            assert logs.top() == table.top() and logs.right() < table.left()
            assert xp.bottom() < logs.top() and table.bottom() < heatmap.top()
            assert page.heatmap.weeks_shown == page.heatmap.weeks
            assert page.heatmap_title.text() == "<b>Every habit, the last year</b>"
        assert page.columns == columns
    app.close()
