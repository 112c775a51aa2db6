"""A 60-character habit name on Today: a daily's name wrapped into more lines than its
row had room for, painted over its streak and cut off above the row ("of water after
every meal,"); now it wraps over the lines it has and ends in "…", at the window's first
size and at 800 x 600, and the tooltip holds the whole name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.ui.habit_delegate import HabitDelegate, name_lines
from rpgmylife_desktop.ui.models.base import ROW_ROLE

from .conftest import NOW
from .helpers import launch, plain, row_of
from .test_window_flows import seed


def _ink(image: QImage, rect: QRect) -> set[tuple[int, int]]:
    """The dark pixels of `image` inside `rect`: where text was painted."""
    return {
        (x, y)
        for y in range(rect.top(), rect.bottom() + 1)
        for x in range(rect.left(), rect.right() + 1)
        if (colour := image.pixelColor(x, y)).alpha() > 0 and colour.lightness() < 128
    }


def _painted_name(
    delegate: HabitDelegate, option: QStyleOptionViewItem, index: object, name: QRect
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The ink the row's paint puts in its name rect, and the ink of `name_lines` drawn
    there a line each: the same when the row paints the name as `name_lines` says (the
    old paint wrapped the whole name and clipped it: "of water after every meal,")."""
    row = option.rect
    images = []
    for painted in (True, False):
        image = QImage(row.width(), row.height(), QImage.Format.Format_ARGB32)
        image.fill(QColor(0, 0, 0, 0))
        painter = QPainter(image)
        painter.translate(-row.left(), -row.top())
        if painted:
            delegate.paint(painter, option, index)  # type: ignore[arg-type]
        else:
            painter.setFont(option.font)
            painter.setPen(QColor("black"))
            height = QFontMetrics(option.font).height()
            line = QRect(name.left(), name.top(), name.width(), height)
            align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            for text in name_lines(index.data(ROW_ROLE).name, option.font, name):  # type: ignore[attr-defined]
                painter.drawText(line, align, text)
                line.translate(0, height)
        painter.end()
        images.append(_ink(image, name.translated(-row.left(), -row.top())))
    return images[0], images[1]


LONG = "Drink a full glass of water after every meal, before coffee!"
LONG_KM = "Walk the dog around the long park loop before breakfast, 3km"


def test_a_long_habit_name_elides_inside_its_row_with_the_whole_name_in_the_tooltip(
    qtbot: QtBot, qtmodeltester: ModelTester, paths: DataPaths, tmp_path: Path
) -> None:
    assert len(LONG) == len(LONG_KM) == 60
    seed(
        paths,
        AddHabit(habit_id="long", name=LONG),
        AddHabit(habit_id="walk", name=LONG_KM, target=NumericTarget(amount=3, unit="km")),
        AddHabit(habit_id="read", name="Read"),
    )
    app = launch(qtbot, paths, NOW, tmp_path)
    qtmodeltester.check(app.models.today)
    view = app.window.today_page.dailies_view
    for size in (None, (800, 600)):
        if size is not None:
            app.window.resize(*size)
        QApplication.processEvents()
        for key, name in (("long", LONG), ("walk", LONG_KM), ("read", "Read")):
            index = row_of(view, key)
            assert plain(index.data(Qt.ItemDataRole.ToolTipRole)) == name
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
            option.rect = view.visualRect(index)
            delegate = view.itemDelegate()
            assert isinstance(delegate, HabitDelegate)
            parts = delegate.layout(option.rect, index, option)
            rect, metrics = parts["name"], QFontMetrics(option.font)
            lines = name_lines(name, option.font, rect)
            # Every line of the name lies inside its rect, the rect inside the row and
            # above the streak line.
            assert len(lines) * metrics.height() <= rect.height(), (size, key, lines)
            assert option.rect.top() <= rect.top() and rect.bottom() < parts["streak"].top()
            for line in lines:
                assert metrics.horizontalAdvance(line) <= rect.width(), (size, key, line)
            painted, expected = _painted_name(delegate, option, index, rect)
            assert painted and painted == expected, (size, key)
            shown = " ".join(lines)
            if key == "read":
                assert shown == "Read"
            else:
                assert shown.endswith("…"), (size, key, lines)
                assert name.startswith(shown[:-1].rstrip()), (size, key, lines)
    app.close()
