"""Light and dark: follow the system's colour scheme, or the user's choice in Settings.

Fusion with an explicit palette looks the same on every platform; Unknown
counts as light. A scheme change from the system is followed while the
setting is "system".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def _with_disabled_text(palette: QPalette, colour: QColor) -> QPalette:
    """Grey out the text of disabled controls. `setColor(role, ...)` sets every colour
    group: without this, disabled buttons and actions (every writing action while
    travelling in time) looked enabled."""
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, colour)
    return palette


def dark_palette() -> QPalette:
    palette = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d31"), QColor("#e8e8e8")
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor("#26282c")),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#35373c")),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#ff6b6b")),
        (QPalette.ColorRole.Highlight, QColor("#3d7be0")),
        (QPalette.ColorRole.HighlightedText, QColor("white")),
        (QPalette.ColorRole.Link, QColor("#6ea8fe")),
        (QPalette.ColorRole.PlaceholderText, QColor("#9a9a9a")),
        (QPalette.ColorRole.Mid, QColor("#4a4c52")),
        (QPalette.ColorRole.Dark, QColor("#141517")),
        (QPalette.ColorRole.Light, QColor("#45474d")),
    ):
        palette.setColor(role, colour)
    return _with_disabled_text(palette, QColor("#7a7a7a"))


def light_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, QColor("#f3f3f3")),
        (QPalette.ColorRole.WindowText, QColor("#1b1b1b")),
        (QPalette.ColorRole.Base, QColor("#ffffff")),
        (QPalette.ColorRole.AlternateBase, QColor("#f7f7f9")),
        (QPalette.ColorRole.Text, QColor("#1b1b1b")),
        (QPalette.ColorRole.Button, QColor("#fbfbfb")),
        (QPalette.ColorRole.ButtonText, QColor("#1b1b1b")),
        (QPalette.ColorRole.Highlight, QColor("#2d6cdf")),
        (QPalette.ColorRole.HighlightedText, QColor("white")),
        (QPalette.ColorRole.PlaceholderText, QColor("#767676")),
        (QPalette.ColorRole.Mid, QColor("#c8c8c8")),
    ):
        palette.setColor(role, colour)
    return _with_disabled_text(palette, QColor("#a0a0a0"))


def apply_theme(app: QApplication, theme: str) -> bool:
    """Apply "system", "light" or "dark"; returns True when the result is dark."""
    dark = system_is_dark() if theme == "system" else theme == "dark"
    if app.style().name().lower() != "fusion":
        # Once: setting a style again builds a new one and re-polishes every widget,
        # which a change of palette does not need.
        app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else light_palette())
    return dark
