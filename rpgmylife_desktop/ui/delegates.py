"""Delegates: they paint the standard item, then draw on top (buttons, day cells,
progress bars), and send clicks back through `model.setData`, so the model
stays the truth and the row repaints when the game announces the change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QWidget,
)

from rpgmylife_desktop.ui.models.quests import DUE_ROLE
from rpgmylife_desktop.ui.models.rewards import BUTTON_ROLE

Index = QModelIndex | QPersistentModelIndex

GAP = 4
NAME_ROOM = 80
"""The width an item's name (and a habit's streak under it) keeps in a narrow row."""
BUTTON_PADDING = 10


def style_of(option: QStyleOptionViewItem) -> QStyle:
    widget = option.widget
    return widget.style() if widget is not None else QApplication.style()


def outline_check(painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
    """Ring the check indicator in the text colour: Fusion draws its border from the
    window colour, which all but vanishes on a dark palette."""
    if index.data(Qt.ItemDataRole.CheckStateRole) is None:
        return
    widget = option.widget
    check = style_of(option).subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, widget
    )
    if check.isEmpty():
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = option.palette.color(QPalette.ColorRole.Text)
    colour.setAlpha(150)
    painter.setPen(colour)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(check.adjusted(0, 0, -1, -1), 2, 2)
    painter.restore()


class CheckDelegate(QStyledItemDelegate):
    """The standard item, with a check indicator that stays visible on dark palettes."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        outline_check(painter, styled, index)


class ToDoDelegate(CheckDelegate):
    """A quest in Today's To-Dos: its title, and under it when it is due ("due
    tomorrow", "overdue, was due Tue 3 Nov"), as Habitica's to-dos show it."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        due = index.data(DUE_ROLE)
        if due:
            option.text = f"{option.text}\u2028{due}"


class ButtonDelegate(QStyledItemDelegate):
    """The item, with a push button on the right whose text is `BUTTON_ROLE`; a click
    on it is `setData(True, BUTTON_ROLE)` (claim a reward)."""

    def layout(self, option: QStyleOptionViewItem, index: Index) -> dict[str, QRect]:
        """Where the name ("text") and the button sit: the button as wide as its words
        (a fixed 108 px button left a narrow column no room for the reward's name)."""
        rect: QRect = option.rect
        words = self.button_words(option, index)
        width = min(108, option.fontMetrics.horizontalAdvance(words) + 2 * BUTTON_PADDING)
        left = rect.right() - width - GAP + 1
        button = QRect(left, rect.top() + (rect.height() - 26) // 2, width, 26)
        text = QRect(rect.left(), rect.top(), max(0, left - GAP - rect.left()), rect.height())
        return {"text": text, "button": button}

    def button_words(self, option: QStyleOptionViewItem, index: Index) -> str:
        """`BUTTON_ROLE`'s words ("Claim · 20 gold"), or only what follows its " · "
        ("20 gold") when the whole would leave the name less than `NAME_ROOM`."""
        words = str(index.data(BUTTON_ROLE) or "")
        metrics = option.fontMetrics
        room = option.rect.width() - metrics.horizontalAdvance(words) - 2 * BUTTON_PADDING
        if room - 2 * GAP < NAME_ROOM and " · " in words:
            return words.rsplit(" · ", 1)[1]
        return words

    def button_rect(self, view: QAbstractItemView, index: QModelIndex) -> QRect:
        """Where the button of `index` sits in `view`'s viewport (for a click)."""
        option = QStyleOptionViewItem()
        option.initFrom(view.viewport())
        option.rect = view.visualRect(index)
        return self.layout(option, index)["button"]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        # The name and a short button; in a narrow column the rest is cut, not the button.
        return QSize(min(hint.width(), NAME_ROOM) + 70, max(hint.height(), 36))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        parts = self.layout(option, index)
        text_option = QStyleOptionViewItem(option)
        text_option.rect = parts["text"]
        super().paint(painter, text_option, index)
        button = QStyleOptionButton()
        button.rect = parts["button"]
        button.text = self.button_words(option, index)
        enabled = bool(index.flags() & Qt.ItemFlag.ItemIsEnabled)
        button.state = QStyle.StateFlag.State_Raised | (
            QStyle.StateFlag.State_Enabled if enabled else QStyle.StateFlag.State_None
        )
        style_of(option).drawControl(QStyle.ControlElement.CE_PushButton, button, painter)

    def editorEvent(
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.layout(option, index)["button"].contains(event.position().toPoint())
        ):
            return bool(model.setData(index, True, BUTTON_ROLE))
        return bool(super().editorEvent(event, model, option, index))


class ProgressDelegate(QStyledItemDelegate):
    """A 0..1 value (`role`) painted as a horizontal progress bar with its text."""

    def __init__(self, role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role = role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        fraction = index.data(self._role)
        if fraction is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 4, -2, -4)
        bar.minimum = 0
        bar.maximum = 1000
        bar.progress = round(float(fraction) * 1000)
        bar.text = str(index.data() or "")
        bar.textVisible = True
        # Qt 6: without State_Horizontal Fusion draws the bar vertically.
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        style_of(option).drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)
