"""Window leftovers found by a round of play, each fixed and kept fixed: a numeric habit's
pause shared its streak line on Today and was cut off ("streak 0 · pa…" on Water); the
tray wrote a pause "⏸", an empty box in the fonts of a plain Debian desktop; File >
Export as CSV said less than the CLI's `export-csv` line (no span of days); Statistics of a
new data folder drew its one day as nothing and said "1 days played · 1 logs"."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QListView, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.domain.commands import AddHabit, LogHabit, PauseHabit, SkipHabitDay
from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.ui.app import App, attach_tray
from rpgmylife_desktop.ui.habit_delegate import HabitDelegate
from rpgmylife_desktop.ui.models.base import ROW_ROLE

from .conftest import NOW
from .helpers import launch, row_of, settings_in
from .test_window_faults import _day_labels, _ticks
from .test_window_flows import seed

TODAY = NOW.date()  # Mon 2 Nov 2026


def _painted(view: QListView, key: str) -> dict[str, tuple[str, str, int]]:
    """Each text line of a row as its delegate paints it: (painted, whole, width)."""
    index = row_of(view, key)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    delegate = view.itemDelegate()
    assert isinstance(delegate, HabitDelegate)
    parts = delegate.layout(option.rect, index, option)
    metrics = QFontMetrics(option.font)
    texts = delegate.line_texts(index, metrics, parts["name"].width())
    lines: dict[str, tuple[str, str, int]] = {}
    for part, text in texts.items():
        rect = parts[part]
        # Every line lies inside the row: a fourth line below its bottom is cut off too.
        assert option.rect.top() <= rect.top() and rect.bottom() <= option.rect.bottom(), part
        whole = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        lines[part] = (text, whole, rect.width())
    name = index.data(ROW_ROLE).name
    lines["name"] = (
        metrics.elidedText(name, Qt.TextElideMode.ElideRight, 10_000),
        metrics.elidedText(name, Qt.TextElideMode.ElideRight, parts["name"].width()),
        parts["name"].width(),
    )
    return lines


def _no_line_elided(
    app: App, size: tuple[int, int] | None, keys: tuple[str, ...] = ("meditate", "water", "read")
) -> dict[str, dict[str, str]]:
    if size is not None:
        app.window.resize(*size)
    QApplication.processEvents()
    view = app.window.today_page.dailies_view
    shown: dict[str, dict[str, str]] = {}
    for key in keys:
        lines = _painted(view, key)
        for part, (text, whole, width) in lines.items():
            assert "…" not in text and text == whole, (size, key, part, text, width)
        shown[key] = {part: text for part, (text, _whole, _width) in lines.items()}
    return shown


def test_a_numeric_habits_pause_has_a_line_of_its_own_and_no_row_text_is_cut(
    qtbot: QtBot, qtmodeltester: ModelTester, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="meditate", name="Meditate"),
        AddHabit(
            habit_id="water",
            name="Water",
            target=NumericTarget(amount=8, unit="glasses", mode="at_least"),
        ),
        AddHabit(habit_id="read", name="Read"),
        PauseHabit(habit_id="water", start=TODAY, end=TODAY + timedelta(days=6)),
        PauseHabit(habit_id="read", start=TODAY, end=TODAY + timedelta(days=6)),
        AddHabit(habit_id="swim", name="Swim"),
        PauseHabit(habit_id="swim", start=TODAY + timedelta(days=3), end=TODAY + timedelta(days=5)),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    qtmodeltester.check(app.models.today)
    delegate = HabitDelegate()
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, row_of(app.window.today_page.dailies_view, "water"))
    # Four lines: the pause no longer follows the streak ("streak 0 · pa…").
    assert option.text == "Water\u20280 / 8 glasses\u2028streak 0\u2028paused to Sun 8 Nov"
    for size in (None, (800, 600)):  # the window's first size, then the smallest
        shown = _no_line_elided(app, size, ("meditate", "water", "read", "swim"))
        assert shown["water"]["streak"] == "streak 0"
        assert shown["water"]["pause"] in ("paused to Sun 8 Nov", "paused to 8 Nov")
        assert shown["water"]["amount"] in ("0 / 8 glasses", "0/8 glasses")
        assert shown["read"]["pause"] in ("paused to Sun 8 Nov", "paused to 8 Nov")
        assert "pause" not in shown["meditate"]
        # A pause to come in its shortest form when need be ("paused from 5 N…" before).
        forms = ("paused from Thu 5 Nov to Sat 7 Nov", "paused from 5 Nov to 7 Nov")
        assert shown["swim"]["pause"] in (*forms, "paused 5–7 Nov")
    assert shown["swim"]["pause"] == "paused 5–7 Nov"  # at 800 x 600
    app.close()


def test_rows_grow_a_line_when_a_numeric_habit_is_paused_while_the_window_is_open(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="meditate", name="Meditate"),
        AddHabit(
            habit_id="water",
            name="Water",
            target=NumericTarget(amount=8, unit="glasses", mode="at_least"),
        ),
        AddHabit(habit_id="read", name="Read"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    view = app.window.today_page.dailies_view
    before = view.visualRect(row_of(view, "water")).height()
    app.game.handle(PauseHabit(habit_id="water", start=TODAY, end=TODAY + timedelta(days=6)))
    qtbot.waitUntil(lambda: view.visualRect(row_of(view, "water")).height() > before)
    shown = _no_line_elided(app, (800, 600))
    assert shown["water"]["pause"] in ("paused to Sun 8 Nov", "paused to 8 Nov")
    app.close()


def test_the_trays_rows_use_only_marks_the_default_fonts_have_and_say_a_pause_in_words(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="meditate", name="Meditate"),
        AddHabit(habit_id="read", name="Read"),
        AddHabit(habit_id="walk", name="Walk"),
        AddHabit(habit_id="junk", name="Junk food", kind="negative"),
        AddHabit(
            habit_id="coffee",
            name="Coffee",
            target=NumericTarget(amount=2, unit="cups", mode="at_most"),
        ),
        AddHabit(habit_id="tea", name="Tea", target=NumericTarget(amount=1, unit="cups")),
        LogHabit(habit_id="coffee", amount=3),  # over the limit: "✗"
        LogHabit(habit_id="tea", amount=1),  # done: "✓"
        PauseHabit(habit_id="read", start=TODAY, end=TODAY + timedelta(days=6)),
        SkipHabitDay(habit_id="walk", day=TODAY),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    tray = attach_tray(app, settings_in(tmp_path), available=True)
    tray.menu.aboutToShow.emit()  # what the platform does before it shows the menu
    texts = {a.objectName(): a.text() for a in tray.menu.actions() if a.objectName()}
    # The pause and the skip in the words of Today's row ("⏸ Read" before: a box).
    assert texts["log:read"] == "‖ Read (paused to Sun 8 Nov)"
    assert texts["log:walk"] == "‖ Walk (skipped today)"
    assert texts["log:coffee"].startswith("✗ Coffee") and texts["log:tea"].startswith("✓ Tea")
    metrics = QFontMetrics(tray.menu.font())
    for key in ("meditate", "read", "walk", "junk", "coffee", "tea"):
        text = texts[f"log:{key}"]
        missing = [c for c in text if not metrics.inFontUcs4(ord(c))]
        assert not missing, (text, missing)  # each painted from the font, not a box
    app.close()
    QApplication.setQuitOnLastWindowClosed(True)  # the tray turned it off


def test_export_as_csv_says_what_it_wrote_in_the_clis_words(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read", start_day=TODAY - timedelta(days=1)),
        AddHabit(habit_id="walk", name="Walk"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    folder = tmp_path / "csv"
    window.interop.choose_export_folder = lambda: folder
    window.user_actions.export_csv.trigger()
    rows = (folder / "daily.csv").read_text(encoding="utf-8").count("\n") - 1
    said = (
        f"Wrote {folder}/habits.csv (2 habits), history.csv (3 events) and daily.csv "
        f"({rows} rows, from Sun 1 Nov 2026 to Mon 2 Nov 2026)."
    )
    assert (window.last_message, window.statusBar().currentMessage()) == (said, said)
    app.close()
    # The CLI's line on the same data folder is the same sentence (one wording, shared).
    command = [sys.executable, "-m", "rpgmylife_desktop", "--data-dir", str(paths.data_dir)]
    cli = subprocess.run(
        [*command, "export-csv", str(folder)],
        env={**os.environ, "RPGMYLIFE_NOW": NOW.strftime("%Y-%m-%dT%H:%M")},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert cli.stdout.strip() == said


def _value_labels(axis: QValueAxis) -> list[str]:
    return [axis.labelFormat() % tick for tick in _ticks(axis)]


def test_statistics_of_one_or_two_days_write_each_day_and_value_once_and_show_the_points(
    qtbot: QtBot, tmp_path: Path
) -> None:
    yesterday = datetime(2026, 11, 1, 12, tzinfo=UTC)
    for days, logs in (
        (0, []),
        (1, [LogHabit(habit_id="read")]),
        (2, [LogHabit(habit_id="read", at=yesterday), LogHabit(habit_id="read")]),
    ):
        paths = resolve_paths(tmp_path / f"data{days}")
        seed(
            paths,
            AddHabit(
                habit_id="read", name="Read", start_day=TODAY - timedelta(days=max(days, 1) - 1)
            ),
            *logs,
        )
        app = launch(qtbot, paths, NOW, tmp_path / f"settings{days}")
        app.window.user_actions.pages[7].trigger()
        stats = app.window.stats_page
        qtbot.waitUntil(lambda s=stats: s.redraws > 0)
        for chart in (stats.xp_chart, stats.hp_chart, stats.logs_chart):
            labels = _day_labels(chart.x_axis)
            # One day (or none: today) sits between the day before and the day after, not
            # at the corner; no day had the axes Qt's defaults ("1 Jan" six times).
            around = ["1 Nov", "2 Nov", "3 Nov"] if days < 2 else ["1 Nov", "2 Nov"]
            assert labels == around, (days, chart.objectName(), labels)
            if days == 1:  # and below the top edge, where its dot was clipped too
                assert chart.series.at(0).y() < chart.y_axis.max(), chart.objectName()
            values = _value_labels(chart.y_axis)
            assert len(values) >= 2 and len(set(values)) == len(values), (days, values)
            assert all(
                float(v) == tick for v, tick in zip(values, _ticks(chart.y_axis), strict=True)
            )
            # One point alone draws no line: each day's point is marked (nothing is
            # drawn without a day).
            assert chart.series.count() == days and chart.series.pointsVisible()
        counts = ["0", "1", "2"] if days == 1 else ["0", "1"]  # logs: 1 a day
        assert _value_labels(stats.logs_chart.y_axis) == counts
        summary = stats.summary.text().replace("<b>", "").replace("</b>", "")
        played = {
            0: "0 days played · 0 perfect days · 0 logs",
            1: "1 day played · 0 perfect days · 1 log",
            2: "2 days played · 0 perfect days · 2 logs",
        }[days]
        assert summary.startswith(played), summary
        app.close()
