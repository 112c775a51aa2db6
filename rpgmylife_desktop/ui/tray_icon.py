"""What the tray shows: the icon (the app icon with an XP ring and an HP ring, drawn at
every size a tray host asks for), its tooltip (level, XP, HP, gold) and each of today's
habits as a line of its menu."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from rpgmylife_desktop import APP_NAME
from rpgmylife_desktop.domain.numbers import amount_of_text, amount_text
from rpgmylife_desktop.projections.character_sheet import Sheet
from rpgmylife_desktop.projections.today import TodayRow
from rpgmylife_desktop.ui.resources import icon_path

ICON_SIZES = (16, 22, 24, 32, 48, 64, 128)
"""Tray hosts ask for these; each is drawn at its size (no scaled blur)."""


def hp_color(share: float) -> QColor:
    """Green, amber under half, red under a quarter (as the window's HP bar)."""
    if share < 0.25:
        return QColor("#d64541")
    if share < 0.5:
        return QColor("#e8a33d")
    return QColor("#3fae5a")


def state_icon(sheet: Sheet | None, base: QIcon | None = None) -> QIcon:
    """The app icon with an XP ring (outside) and an HP ring (inside), at every size."""
    base = base if base is not None else QIcon(str(icon_path()))
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = max(2.0, size / 10)
        inset = ring * 2 + 1
        base.paint(painter, int(inset), int(inset), int(size - 2 * inset), int(size - 2 * inset))
        if sheet is not None:
            xp = sheet.xp / sheet.xp_to_next if sheet.xp_to_next else 0.0
            hp = sheet.hp / sheet.max_hp if sheet.max_hp else 0.0
            _arc(painter, size, ring / 2, ring, QColor("#4a7fd6"), xp)
            _arc(painter, size, ring * 1.5, ring, hp_color(hp), hp)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _arc(
    painter: QPainter, size: int, inset: float, width: float, color: QColor, share: float
) -> None:
    rect = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
    track = QColor(color)
    track.setAlpha(60)
    painter.setPen(QPen(track, width))
    painter.drawEllipse(rect)
    painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.drawArc(rect, 90 * 16, -round(max(0.0, min(1.0, share)) * 360 * 16))


def tooltip_text(sheet: Sheet | None) -> str:
    if sheet is None:
        return APP_NAME
    return (
        f"{APP_NAME}: {sheet.name}, level {sheet.level}\n"
        f"XP {amount_of_text(sheet.xp, sheet.xp_to_next, '')} · "
        f"HP {amount_of_text(sheet.hp, sheet.max_hp, '')} · "
        f"gold {amount_text(sheet.gold)}"
    )


PAUSE_MARK = "‖"
"""A habit paused or skipped today, in the tray (U+2016, which DejaVu Sans has)."""


def row_text(row: TodayRow) -> str:
    """ "✓ Meditate (streak 14)", "○ Drink water 3 / 8 glasses", "– Junk food",
    "~ Coffee 1 of at most 2 cups" (within the limit so far: the day's end decides),
    "✗ Coffee 3 of at most 2 cups" (gone over it today), "‖ Read (paused to Sun 8 Nov)"
    (a pause or skip over today, in the words of Today's row).

    Every mark is in the fonts of a plain Debian desktop (DejaVu): "⏸" (U+23F8) was an
    empty box there, so a pause is "‖" and says so in words."""
    if row.excused:
        words = row.pause if row.paused and row.pause else "skipped today"
        return f"{PAUSE_MARK} {row.name} ({words})"
    if row.kind == "negative":
        mark = "–"
    elif row.pending:
        mark = "~"
    elif row.limit and row.due and not row.done:
        mark = "✗"  # gone over the limit today: nothing more to do
    else:
        mark = "✓" if row.done else "○"
    text = f"{mark} {row.name}"
    if row.target is not None:
        text += " " + amount_of_text(row.amount, row.target, row.unit, at_most=row.limit)
    if row.streak:
        text += f" (streak {row.streak})"
    return text
