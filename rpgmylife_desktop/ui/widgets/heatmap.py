"""A calendar heatmap (GitHub and Loop style): one square per day, a column per week,
darker for more; a click on a day emits `dayClicked` (the habit detail backfills or
takes back that day). Narrower than its weeks, it shows the newest weeks that fit (at
least `MIN_WEEKS`) instead of holding the window wide: at 800 px its 53 weeks made the
Statistics page scroll sideways."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from rpgmylife_desktop.domain.calendar.days import day_text

CELL = 12
GAP = 2
TOP = 16
LEFT = 28
MIN_WEEKS = 13
"""The fewest weeks shown (a quarter), however narrow: what the minimum width holds."""


def width_for(weeks: int) -> int:
    """The width that shows `weeks` weeks."""
    return LEFT + weeks * (CELL + GAP) + 4


def blend(low: QColor, high: QColor, share: float) -> QColor:
    share = max(0.0, min(1.0, share))
    return QColor(
        round(low.red() + (high.red() - low.red()) * share),
        round(low.green() + (high.green() - low.green()) * share),
        round(low.blue() + (high.blue() - low.blue()) * share),
    )


class CalendarHeatmap(QWidget):
    """The `weeks` weeks up to `end`; values 0..1 (None: no data that day)."""

    dayClicked = Signal(object)
    weeksShownChanged = Signal(int)
    """How many weeks fit changed (a resize)."""

    def __init__(self, weeks: int = 53, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("heatmap")
        self.setAccessibleName("Calendar heatmap")
        self.weeks = weeks
        self.end = date.today()
        self.values: dict[date, float] = {}
        self.colour = QColor("#3fa34d")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self._shown = self.weeks_shown

    def set_data(self, values: dict[date, float], end: date, colour: str | None = None) -> None:
        self.values = values
        self.end = end
        if colour:
            self.colour = QColor(colour)
        self.update()

    @property
    def weeks_shown(self) -> int:
        """The newest weeks that fit the width: all `weeks` when wide enough."""
        fits = (self.width() - LEFT - 4) // (CELL + GAP)
        return max(min(self.weeks, MIN_WEEKS), min(self.weeks, fits))

    @property
    def start(self) -> date:
        last_monday = self.end - timedelta(days=self.end.weekday())
        return last_monday - timedelta(weeks=self.weeks_shown - 1)

    def sizeHint(self) -> QSize:
        return QSize(width_for(self.weeks), TOP + 7 * (CELL + GAP) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(width_for(min(self.weeks, MIN_WEEKS)), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        shown = self.weeks_shown
        if shown != self._shown:
            self._shown = shown
            self.weeksShownChanged.emit(shown)

    def cell_rect(self, day: date) -> QRect:
        offset = (day - self.start).days
        week, weekday = divmod(offset, 7)
        return QRect(LEFT + week * (CELL + GAP), TOP + weekday * (CELL + GAP), CELL, CELL)

    def day_at(self, point: QPoint) -> date | None:
        x, y = point.x() - LEFT, point.y() - TOP
        if x < 0 or y < 0:
            return None
        week, weekday = x // (CELL + GAP), y // (CELL + GAP)
        if week >= self.weeks_shown or weekday >= 7:
            return None
        day = self.start + timedelta(weeks=week, days=weekday)
        return None if day > self.end else day

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        empty = palette.color(QPalette.ColorRole.AlternateBase)
        low = blend(palette.color(QPalette.ColorRole.Base), self.colour, 0.2)
        text = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(text)
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.75))
        painter.setFont(font)
        for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
            painter.drawText(
                QRect(0, TOP + row * (CELL + GAP) - 2, LEFT - 4, CELL + 4),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
        day = self.start
        month = None
        while day <= self.end:
            rect = self.cell_rect(day)
            if day.day <= 7 and day.weekday() == 0 and day.month != month:
                month = day.month
                painter.setPen(text)
                painter.drawText(rect.left(), TOP - 4, f"{day:%b}")
            value = self.values.get(day)
            colour = empty if not value else blend(low, self.colour, value)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, 2, 2)
            if day == self.end:
                painter.setPen(palette.color(QPalette.ColorRole.Highlight))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 2, 2)
            day += timedelta(days=1)
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        day = self.day_at(event.position().toPoint())
        if day is not None:
            value = self.values.get(day)
            shown = "nothing" if not value else f"{round(value * 100)}%"
            self.setToolTip(f"{day_text(day, year=True)}: {shown}")
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            day = self.day_at(event.position().toPoint())
            if day is not None:
                self.dayClicked.emit(day)
        super().mouseReleaseEvent(event)
