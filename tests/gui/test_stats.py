"""The Statistics page draws the game it is shown (live or past) and follows the theme."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCharts import QChart
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.ui.theme import apply_theme
from rpgmylife_desktop.ui.widgets.heatmap import CalendarHeatmap

from .conftest import NOW
from .helpers import click_check, launch
from .test_window_flows import seed


def test_statistics_follow_logs_and_the_theme(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="read", name="Read", start_day=NOW.date() - timedelta(days=3)))
    app = launch(qtbot, paths, NOW, tmp_path)
    window = app.window
    click_check(qtbot, window.today_page.dailies_view, "read")
    window.user_actions.pages[7].trigger()
    stats = window.stats_page
    qtbot.waitUntil(lambda: stats.redraws > 0)
    assert stats.xp_chart.series.count() == 1
    assert stats.xp_chart.series.at(0).y() > 0
    assert "1</b> log · " in stats.summary.text()
    assert stats.habit_table.item(0, 0).text() == "Read"
    assert stats.heatmap.values[NOW.date()] == 1.0
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    apply_theme(qt_app, "dark")
    qtbot.waitUntil(lambda: stats.xp_chart.chart().theme() == QChart.ChartTheme.ChartThemeDark)
    apply_theme(qt_app, "light")
    qtbot.waitUntil(lambda: stats.xp_chart.chart().theme() == QChart.ChartTheme.ChartThemeLight)
    app.close()


def test_heatmap_maps_clicks_to_days(qtbot: QtBot) -> None:
    heatmap = CalendarHeatmap(weeks=10)
    qtbot.addWidget(heatmap)
    end = NOW.date()
    heatmap.set_data({end: 1.0}, end)
    heatmap.resize(heatmap.sizeHint())
    heatmap.show()
    rect = heatmap.cell_rect(end - timedelta(days=3))
    with qtbot.waitSignal(heatmap.dayClicked) as clicked:
        qtbot.mouseClick(heatmap, Qt.MouseButton.LeftButton, pos=rect.center())
    assert clicked.args == [end - timedelta(days=3)]
    assert heatmap.day_at(heatmap.cell_rect(end).center()) == end
