"""The time-travel banner: unmistakable, with "Back to now"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class TravelBanner(QFrame):
    """Shown across the window while it shows the past."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("travelBanner")
        self.setStyleSheet(
            "QFrame#travelBanner { background: #7a4b00; border-bottom: 3px solid #ffb000; }"
            " QFrame#travelBanner QLabel { color: white; font-weight: bold; }"
        )
        self.label = QLabel()
        self.label.setObjectName("travelBannerLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a milestone names a habit
        self.back_button = QPushButton("Back to now")
        self.back_button.setObjectName("backToNowButton")
        self.back_button.setAccessibleName("Back to now")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.back_button)
        self.hide()

    def show_as_of(self, text: str) -> None:
        self.label.setText(f"Viewing the past, read-only: {text}")
        self.show()
