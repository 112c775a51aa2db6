"""A page's icon in the navigation list, also drawn in the selection's text colour.

Qt draws a selected item's icon by blending it with the highlight colour: a blue icon
(Quests, Goals, History) on the blue selection vanished, so the page you are on lost
its icon. The selected form is the icon's shape filled with `HighlightedText`, the
colour the selected item's words are written in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap


def page_icon(path: Path, size: QSize, selected: QColor, ratio: float = 1.0) -> QIcon:
    """The icon at `path`, with a Selected form filled with `selected`."""
    icon = QIcon(str(path))
    for scale in sorted({1.0, ratio}):
        source = icon.pixmap(size, scale)
        tinted = QPixmap(source.size())
        tinted.setDevicePixelRatio(source.devicePixelRatio())
        tinted.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tinted)
        painter.drawPixmap(0, 0, source)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(tinted.rect(), selected)
        painter.end()
        icon.addPixmap(tinted, QIcon.Mode.Selected)
    return icon
