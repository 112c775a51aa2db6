"""The habit detail (double-click a habit): Loop-style statistics for one habit.

Current strength and streaks, a year calendar heatmap (click a day to backfill it
or take its log back), strength over time, completions per weekday and per month,
and the habit's own history. It reads the shown game (live or past) and redraws
when the habit's row changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.projections.habit_list import logs_text, presses
from rpgmylife_desktop.projections.today import kept_by_restraint
from rpgmylife_desktop.ui.controller import Controller
from rpgmylife_desktop.ui.models.history import HistoryModel
from rpgmylife_desktop.ui.models.today import TodayModel
from rpgmylife_desktop.ui.pages.stats import Chart
from rpgmylife_desktop.ui.view_source import ViewSource
from rpgmylife_desktop.ui.widgets.heatmap import CalendarHeatmap
from rpgmylife_desktop.ui.widgets.views import EmptyTableView
from rpgmylife_desktop.ui.words import rich_text

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
YEAR_DAYS = 365


class HabitDetail(QDialog):
    """One habit's statistics, calendar and history."""

    def __init__(
        self,
        habit_id: str,
        source: ViewSource,
        controller: Controller,
        today_model: TodayModel,
        *,
        edit: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("habitDetail")
        self.habit_id = habit_id
        self._source = source
        self._controller = controller
        self._today_model = today_model
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.numbers = QLabel()
        self.numbers.setObjectName("detailNumbers")
        self.heatmap = CalendarHeatmap()
        self.heatmap.setToolTip("Click a day to log it (a backfill) or take its log back")
        self.heatmap.dayClicked.connect(self.toggle_day)
        self.strength_chart = Chart("Strength over time (%)", "strengthChart")
        self.weekday_label = QLabel()
        self.weekday_label.setObjectName("weekdayLabel")
        self.month_label = QLabel()
        self.month_label.setObjectName("monthLabel")
        self.month_label.setWordWrap(True)
        self.history = HistoryModel(source, self)
        self.history_view = EmptyTableView("Nothing logged yet.")
        self.history_view.setObjectName("detailHistory")
        self.history_view.setModel(self.history)
        self.history_view.setColumnWidth(0, 170)
        header = self.history_view.horizontalHeader()
        header.setStretchLastSection(False)  # what happened gets the room, not the kind
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.history_view.setMinimumHeight(140)
        edit_button = QPushButton("Edit…")
        edit_button.clicked.connect(lambda: edit(self.habit_id))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(edit_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.numbers)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heatmap)
        layout.addWidget(self.strength_chart)
        layout.addWidget(self.weekday_label)
        layout.addWidget(self.month_label)
        layout.addWidget(QLabel("<b>History</b>"))
        layout.addWidget(self.history_view)
        layout.addWidget(buttons)
        today_model.dataChanged.connect(self._row_changed)
        today_model.modelReset.connect(self.redraw)
        self.finished.connect(lambda _r: self.history.detach())
        self.resize(860, 760)
        self.redraw()

    def _row_changed(self, *_args: object) -> None:
        if self.isVisible():
            self.redraw()

    def _today(self) -> date:
        day = self._today_model.day
        return day if day is not None else date.today()

    def redraw(self) -> None:
        habit = self._source.engine.state.habits.get(self.habit_id)
        if habit is None:
            self.title.setText("<h2>This habit does not exist at this point in time.</h2>")
            return
        today = self._today()
        self.setWindowTitle(f"{habit.name}: statistics")
        self.title.setText(f"<h2>{rich_text(habit.name)}</h2>")
        streaks = habit.streaks(today)
        strength = habit.strength(today)
        self.numbers.setText(
            f"Strength <b>{round(strength * 100)}%</b> · streak <b>{streaks.current}</b>"
            f" · best <b>{streaks.best}</b> · logs <b>{logs_text(habit.kind, *presses(habit))}</b>"
        )
        first = max(habit.start_day, today - timedelta(days=YEAR_DAYS))
        done = sorted(habit.done_days(first, today))
        if kept_by_restraint(habit):
            # Within its limit is kept only once the day is settled: today (and any day
            # not closed yet) is kept so far, not a kept day to count.
            state = self._source.engine.state
            done = [day for day in done if state.is_settled(day)]
        self.heatmap.set_data({day: 1.0 for day in done}, today, habit.color or None)
        points = []
        day = first
        while day <= today:
            points.append((day, round(habit.strength(day) * 100, 1)))
            day += timedelta(days=7)
        if not points or points[-1][0] != today:
            points.append((today, round(strength * 100, 1)))
        self.strength_chart.set_points(points, low=0)
        by_weekday = Counter(day.weekday() for day in done)
        self.weekday_label.setText(
            "<b>Done per weekday</b> (last year): "
            + " · ".join(f"{name}: {by_weekday.get(i, 0)}" for i, name in enumerate(WEEKDAYS))
        )
        # Counts after a colon: "Aug 26" read as the 26th of August, "Mon 12" as a date.
        # Months from the habit's start only, not a row of zeros before it existed.
        by_month = Counter((day.year, day.month) for day in done)
        months = []
        cursor = date(today.year, today.month, 1)
        for _ in range(12):
            months.append(f"{cursor:%b}: {by_month.get((cursor.year, cursor.month), 0)}")
            if cursor <= first:
                break
            cursor = (cursor - timedelta(days=1)).replace(day=1)
        weeks = Counter(day.isocalendar()[:2] for day in done)
        this_week = today.isocalendar()[:2]
        self.month_label.setText(
            f"<b>This week</b>: {weeks.get(this_week, 0)} · <b>per month</b>: "
            + " · ".join(reversed(months))
        )
        self.history.set_filter(["habit"], habit.name)

    def toggle_day(self, day: date) -> None:
        """Backfill `day`, or take its log back when it is done."""
        habit = self._source.engine.state.habits.get(self.habit_id)
        if habit is None or self._source.travelling:
            self._controller.handle_refused("You are looking at the past: go back to now first.")
            return
        if habit.done_on(day):
            self._controller.retract(self.habit_id, day)
        else:
            self._controller.log(self.habit_id, "up", day)
        self.redraw()
