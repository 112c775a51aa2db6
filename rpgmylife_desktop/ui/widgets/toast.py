"""A toast: a rounded message that fades in over the window and fades away."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, Qt, QTimer
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

COLOURS = {"level": "#6b4fbb", "warning": "#c25e00", "info": "#2d6cdf", "danger": "#b3261e"}


class Toast(QLabel):
    """Shown at the top centre of its parent for `duration` ms."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setTextFormat(Qt.TextFormat.PlainText)  # names in it are shown as typed
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._effect = QGraphicsOpacityEffect(self)
        self.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fade_out)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info", duration: int = 3500) -> None:
        self.kind = kind
        self.setText(text)
        self.setStyleSheet(
            f"QLabel#toast {{ background: {COLOURS.get(kind, COLOURS['info'])}; color: white;"
            " border-radius: 12px; padding: 12px 20px; font-size: 13pt; font-weight: bold; }"
        )
        parent = self.parentWidget()
        width = min(520, max(260, parent.width() - 80)) if parent else 360
        self.setFixedWidth(width)
        self.adjustSize()
        if parent is not None:
            self.move((parent.width() - self.width()) // 2, 70)
        self._fade.stop()
        self._effect.setOpacity(0.0)
        self.show()
        self.raise_()
        self._fade.setDuration(250)
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.start()
        self._timer.start(duration)

    def _fade_out(self) -> None:
        self._fade.stop()
        self._fade.setDuration(600)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.finished.connect(self._hide_after_fade)
        self._fade.start()

    def _hide_after_fade(self) -> None:
        self._fade.finished.disconnect(self._hide_after_fade)
        if self._effect.opacity() < 0.05:
            self.hide()
