"""Statistics: total XP and HP over time, completions per day, a calendar heatmap of
all habits, and completion rate, streaks and strength per habit.

Charts are QtCharts (PySide6-Addons; see the README for why) and follow the
light or dark palette. The page reads the per-day model of the shown game (live
or past) and redraws, at most every `REDRAW_MS`, only while it is visible.

Two charts a row when the page is wide (`TWO_COLUMNS_FROM`), one a row below that, and
the heatmap shows the newest weeks that fit: the page never scrolls sideways (at 800 px
it did, the heatmap's 53 weeks holding the grid wide).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QEvent, QMargins, QPointF, Qt, QTime, QTimer
from PySide6.QtGui import QPainter, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.domain.state.character import MAX_HP
from rpgmylife_desktop.projections.daily_stats import DayRow
from rpgmylife_desktop.ui.models.days import DaysModel
from rpgmylife_desktop.ui.view_source import ViewSource
from rpgmylife_desktop.ui.widgets.heatmap import CalendarHeatmap

REDRAW_MS = 250
RATE_DAYS = 30
CHART_MIN_WIDTH = 380
"""Narrower than this, a chart's day labels crowd (six ticks of "27 Sep")."""
TWO_COLUMNS_FROM = 2 * CHART_MIN_WIDTH + 40
"""The page width from which charts sit two a row (the margins, the gap and a vertical
scroll bar take the 40 px); below it they stack in one column."""
HEATMAP_TITLE = "<b>Every habit, the last year</b>"
TABLE_MIN_HEIGHT = 200
TABLE_MAX_HEIGHT = 480
"""In one column the habit table is as tall as its rows, up to this (past it, it scrolls)."""


def _local(day: date, hour: int) -> QDateTime:
    """`day` at `hour` local time (built from parts: the bindings' stubs differ
    between releases on taking a Python datetime)."""
    return QDateTime(QDate(day.year, day.month, day.day), QTime(hour, 0))


def _msecs(day: date) -> float:
    return float(_local(day, 12).toMSecsSinceEpoch())


def completion_rate(habit: object, today: date, days: int = RATE_DAYS) -> float | None:
    """Share of the due days of the last `days` days that were done (None: none due)."""
    statuses = getattr(habit, "statuses", None)
    if statuses is None:
        return None
    first = max(getattr(habit, "start_day", today), today - timedelta(days=days - 1))
    done = missed = 0
    for _day, status in statuses(today, first=first):
        if status == "done":
            done += 1
        elif status == "missed":
            missed += 1
    return None if done + missed == 0 else done / (done + missed)


DAY_TICKS = "d MMM"
"""The day axis's labels when every day is in one year."""
MONTH_TICKS = "MMM yyyy"
"""...and when the days span years."""


WHOLE_STEPS = (1, 2, 5)
"""A count's tick step is one of these times a power of ten (1, 2, 5, 10, 20, 50...)."""
WHOLE_TICKS = 5
"""At most this many steps between a count axis's lowest and highest tick."""


def whole_ticks(low: float, high: float) -> tuple[int, int, int]:
    """(bottom, top, step) of a value axis over counts from `low` to `high`: whole
    numbers, `step` a nice whole number, `bottom` and `top` multiples of it, at most
    `WHOLE_TICKS` steps apart. Qt's nice numbers split 0-3 logs into 0, 0.5, 1... ticks."""
    bottom, top = math.floor(low), math.ceil(high)
    top = max(top, bottom + 1)
    scale = 1
    while True:
        for factor in WHOLE_STEPS:
            step = factor * scale
            first, last = math.floor(bottom / step) * step, math.ceil(top / step) * step
            if (last - first) // step <= WHOLE_TICKS:
                return first, last, step
        scale *= 10


DAY_STEPS = 5
"""At most this many steps between the day axis's first and last tick."""


def day_ticks(days: int, *, months: bool = False) -> tuple[int, int]:
    """(step in days, tick count) of a day axis over `days` days after its first: ticks
    on whole days at noon, where the points are, each label a day of its own (six ticks
    over four days wrote "5 Nov" twice); with `months` (the labels are months) a step of
    at least 31 days, so no month is written twice. The axis ends on its last day and
    starts on the first tick, on or before its first day."""
    step = max(1, -(-days // DAY_STEPS))
    if months:
        step = max(step, 31)
    return step, max(2, -(-days // step) + 1)


FEW_POINTS = 3
"""Up to this many days, a chart marks each day's point (one point alone is no line)."""


class Chart(QChartView):
    """One line chart over days; `whole` for counts (XP, logs), whose value axis then
    has whole-number ticks only."""

    def __init__(
        self, title: str, name: str, parent: QWidget | None = None, *, whole: bool = False
    ) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setMargins(QMargins(4, 4, 4, 4))
        super().__init__(chart, parent)
        self.setObjectName(name)
        self.setAccessibleName(title)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.whole = whole
        self.series = QLineSeries()
        chart.addSeries(self.series)
        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat(DAY_TICKS)
        self.x_axis.setTickCount(6)
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%.0f")
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.x_axis)
        self.series.attachAxis(self.y_axis)

    def set_points(
        self,
        points: list[tuple[date, float]],
        low: float | None = None,
        empty: tuple[date, float] | None = None,
    ) -> None:
        """Draw `points` (days and values, oldest first), the value axis from `low` (else
        the least value). Without points the axes are those of the one point `empty`
        (today, and where the line would start), with nothing drawn: left alone they
        wrote "1 Jan" six times and "1 1 1 0 0" (Qt's defaults) for a new data folder."""
        self.series.clear()
        if points:
            self.series.replace([_point(d, v) for d, v in points])
        elif empty is not None:
            points = [empty]
        else:
            return
        # A line needs two points: a new data folder's one day drew nothing at all, so
        # a few days are drawn as dots on the line too.
        self.series.setPointsVisible(len(points) <= FEW_POINTS)
        first, last = points[0][0], points[-1][0]
        alone = first == last
        if alone:
            # One day (a new data folder): its point in the middle, the day before and
            # after beside it; at the chart's corner its dot was clipped to a speck.
            first, last = first - timedelta(days=1), last + timedelta(days=1)
        # Days as the window writes them ("5 Aug"); the year only when the range spans
        # more than one ("Aug 2025"): "5 Aug 26" read as the 26th.
        months = first.year != last.year
        self.x_axis.setFormat(MONTH_TICKS if months else DAY_TICKS)
        step, ticks = day_ticks((last - first).days, months=months)
        # The last tick on the last day (today, usually), not on a day to come.
        start = last - timedelta(days=step * (ticks - 1))
        self.x_axis.setTickCount(ticks)
        self.x_axis.setRange(_local(start, 12), _local(last, 12))
        values = [v for _d, v in points]
        bottom = min(values) if low is None else low
        top = max(values) + (1 if alone else 0)  # one point below the top edge, not on it
        if self.whole:
            low_tick, high_tick, step = whole_ticks(bottom, top)
            self.y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
            self.y_axis.setTickAnchor(low_tick)
            self.y_axis.setTickInterval(step)
            self.y_axis.setRange(low_tick, high_tick)
            return
        self.y_axis.setRange(bottom, top if top > bottom else bottom + 1)
        self.y_axis.applyNiceNumbers()  # ticks at 0, 500, 1000, not at 0, 479, 958

    def follow(self, dark: bool) -> None:
        theme = QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight
        if self.chart().theme() != theme:
            self.chart().setTheme(theme)


def _noun(number: int, noun: str) -> str:
    return noun if number == 1 else f"{noun}s"


def _point(day: date, value: float) -> QPointF:
    return QPointF(_msecs(day), value)


class StatsPage(QWidget):
    """Charts, heatmap and the per-habit table."""

    def __init__(self, source: ViewSource, days: DaysModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsPage")
        self._source = source
        self._days = days
        self._dirty = True
        self.redraws = 0
        self.summary = QLabel()
        self.summary.setObjectName("statsSummary")
        self.xp_chart = Chart("Total XP over time", "xpChart", whole=True)
        self.hp_chart = Chart("HP over time", "hpChart")
        self.logs_chart = Chart("Logs per day", "logsChart", whole=True)
        self.heatmap = CalendarHeatmap()
        self.habit_table = QTableWidget(0, 5)
        self.habit_table.setObjectName("habitStatsTable")
        self.habit_table.setAccessibleName("Completion rate and streaks per habit")
        self.habit_table.setHorizontalHeaderLabels(
            ["Habit", f"Done ({RATE_DAYS} d)", "Streak", "Best", "Strength"]
        )
        self.habit_table.verticalHeader().hide()
        self.habit_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.habit_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.habit_table.setMinimumHeight(TABLE_MIN_HEIGHT)
        self.heatmap_title = QLabel(HEATMAP_TITLE)
        self.heatmap.weeksShownChanged.connect(self._weeks_shown)
        self.summary.setWordWrap(True)
        inner = QWidget()
        self._grid = QGridLayout(inner)
        self.columns = 0
        """Charts a row now: 2 on a wide page, 1 on a narrow one (0 before the first)."""
        self._arrange(2)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        for signal in (days.modelReset, days.rowsInserted, days.dataChanged, days.rowsRemoved):
            signal.connect(self._changed)

    def _arrange(self, columns: int) -> None:
        """Lay the page out with `columns` charts a row (the table takes a chart's place)."""
        if columns == self.columns:
            return
        self.columns = columns
        grid = self._grid
        cells: tuple[QWidget, ...] = (
            self.xp_chart,
            self.hp_chart,
            self.logs_chart,
            self.habit_table,
        )
        for widget in (self.summary, *cells, self.heatmap_title, self.heatmap):
            grid.removeWidget(widget)
        grid.addWidget(self.summary, 0, 0, 1, columns)
        for number, cell in enumerate(cells):
            grid.addWidget(cell, 1 + number // columns, number % columns)
        below = 1 + (len(cells) + columns - 1) // columns
        grid.addWidget(self.heatmap_title, below, 0, 1, columns)
        grid.addWidget(self.heatmap, below + 1, 0, 1, columns)
        for column in range(2):
            grid.setColumnStretch(column, 1 if column < columns else 0)
        self._fit_table()

    def _fit_table(self) -> None:
        """In one column, the table as tall as its rows (a chart's height beside one)."""
        table = self.habit_table
        height = TABLE_MIN_HEIGHT
        if self.columns == 1:
            rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
            whole = table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()
            height = max(TABLE_MIN_HEIGHT, min(TABLE_MAX_HEIGHT, whole))
        table.setMinimumHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Decided on the page's width, not the viewport's: a vertical scroll bar coming and
        # going must not flip the layout back and forth.
        self._arrange(2 if event.size().width() >= TWO_COLUMNS_FROM else 1)
        super().resizeEvent(event)

    def _weeks_shown(self, weeks: int) -> None:
        whole = weeks >= self.heatmap.weeks
        self.heatmap_title.setText(
            HEATMAP_TITLE if whole else f"<b>Every habit, the last {weeks} weeks</b>"
        )

    def _changed(self, *_args: object) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.redraw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()

    def _follow_palette(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        for chart in (self.xp_chart, self.hp_chart, self.logs_chart):
            chart.follow(dark)

    def redraw(self) -> None:
        """Read the days and draw everything again."""
        self._dirty = False
        self.redraws += 1
        self._follow_palette()
        rows: list[DayRow] = [self._days.row_value(r) for r in range(self._days.rowCount())]
        rows = [row for row in rows if row is not None]
        total, hp = 0.0, MAX_HP
        xp_points, hp_points = [], []
        log_points: list[tuple[date, float]] = []
        heat: dict[date, float] = {}
        most = max((row.logs for row in rows), default=0)
        for row in rows:
            day = date.fromisoformat(row.day)
            total += row.xp
            hp = max(0.0, min(MAX_HP, hp + row.hp))
            xp_points.append((day, total))
            hp_points.append((day, hp))
            if log_points and day - log_points[-1][0] > timedelta(days=1):
                # Days with nothing logged: the line stays at 0 there, not a slope across.
                log_points.append((log_points[-1][0] + timedelta(days=1), 0.0))
                if day - log_points[-1][0] > timedelta(days=1):
                    log_points.append((day - timedelta(days=1), 0.0))
            log_points.append((day, float(row.logs)))
            if most:
                heat[day] = row.logs / most
        state = self._source.engine.state
        today = self._source.engine.today.day or (
            date.fromisoformat(rows[-1].day) if rows else date.today()
        )
        self.xp_chart.set_points(xp_points, low=0, empty=(today, 0.0))
        self.hp_chart.set_points(hp_points, low=0, empty=(today, MAX_HP))
        self.logs_chart.set_points(log_points, low=0, empty=(today, 0.0))
        self.heatmap.set_data(heat, today)
        perfect = sum(1 for row in rows if row.perfect)
        logs = sum(row.logs for row in rows)
        # "1 day played · 1 log", not "1 days played · 1 logs" (a new data folder).
        self.summary.setText(
            f"<b>{len(rows)}</b> {_noun(len(rows), 'day')} played · <b>{perfect}</b> "
            f"perfect {_noun(perfect, 'day')} · <b>{logs}</b> {_noun(logs, 'log')} · "
            f"<b>{round(total)}</b> XP earned"
        )
        habits = state.habits_in_order()
        self.habit_table.setRowCount(len(habits))
        for row_number, habit in enumerate(habits):
            rate = completion_rate(habit, today)
            streaks = habit.streaks(today)
            cells = (
                habit.name,
                "–" if rate is None else f"{round(rate * 100)}%",
                str(streaks.current),
                str(streaks.best),
                f"{round(habit.strength(today) * 100)}%",
            )
            for column, text in enumerate(cells):
                self.habit_table.setItem(row_number, column, QTableWidgetItem(text))
        self._fit_table()
