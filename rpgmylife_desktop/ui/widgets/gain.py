"""A gain floating up from the row that earned it ("+12 XP, +1.3 gold"), then fading
away, the way game scores rise from where they were won. The status bar says the same
in words; this is the moment at the row."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractAnimation,
    QEasingCurve,
    QParallelAnimationGroup,
    QPoint,
    QPropertyAnimation,
    QRect,
    Qt,
)
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

RISE = 36
"""How far the label floats up, in pixels."""
DURATION_MS = 1400


class FloatingGain(QLabel):
    """Shown over `parent` (a view's viewport) at the right of `row_rect`; deletes
    itself when the animation ends."""

    def __init__(self, text: str, row_rect: QRect, parent: QWidget, *, loss: bool = False) -> None:
        super().__init__(text, parent)
        self.setObjectName("floatingGain")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        colour = "#c42b1c" if loss else "#2e7d32"
        self.setStyleSheet(
            f"QLabel#floatingGain {{ color: white; background: {colour}; border-radius: 9px;"
            " padding: 2px 8px; font-weight: bold; }"
        )
        self.adjustSize()
        x = max(4, min(row_rect.center().x() - self.width() // 2, parent.width() - self.width()))
        start = QPoint(x, max(0, row_rect.top() + (row_rect.height() - self.height()) // 2))
        self.move(start)
        effect = QGraphicsOpacityEffect(self)
        self.setGraphicsEffect(effect)
        rise = QPropertyAnimation(self, b"pos", self)
        rise.setDuration(DURATION_MS)
        rise.setStartValue(start)
        rise.setEndValue(start - QPoint(0, RISE))
        rise.setEasingCurve(QEasingCurve.Type.OutCubic)
        fade = QPropertyAnimation(effect, b"opacity", self)
        fade.setDuration(DURATION_MS)
        fade.setKeyValueAt(0.0, 1.0)
        fade.setKeyValueAt(0.6, 1.0)
        fade.setKeyValueAt(1.0, 0.0)
        self.animation = QParallelAnimationGroup(self)
        self.animation.addAnimation(rise)
        self.animation.addAnimation(fade)
        self.animation.finished.connect(self.close)
        self.show()
        self.raise_()
        self.animation.start(QAbstractAnimation.DeletionPolicy.KeepWhenStopped)
