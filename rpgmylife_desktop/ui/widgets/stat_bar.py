"""The header's XP and HP bars: a progress bar whose centred label ("97 / 260",
"44.7 / 50") stays legible wherever the fill ends.

Fusion draws the part of the label over the fill in HighlightedText (white) and the
rest in Text. The HP bar's green and amber fills are light: white on them measured
2.7:1 and 1.9:1 on the painted pixels, under the 4.5:1 that text needs. So the bar
draws its own label, clipped at the fill's end as Fusion does, in the theme's colour
for each part unless near-black or white contrasts clearly better there: dark on green
and amber (6.1:1, 8.4:1), the theme's white on the light theme's blue and on red
(4.2:1; dark would be no better), dark on the dark theme's lighter blue (4.7:1, white
3.5:1), the theme's text on the groove. The clip follows the chunk Fusion paints to the
pixel (Fusion's own label clip was computed another way, and cut a glyph a pixel or
two away from the fill's edge). `text()`, the accessible name and value are
QProgressBar's own.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPaintEvent, QPalette, QRegion
from PySide6.QtWidgets import QProgressBar, QStyle, QStyleOptionProgressBar, QStylePainter

INKS = (QColor("#1b1b1b"), QColor("#ffffff"))
"""The label's other possible colours: the light theme's text colour, and white."""

FILL_MIDDLE = 110
"""Fusion shades the fill from `lighter(120)` at the top down to its colour at the
bottom; the glyphs sit in the middle, on about `lighter(110)`."""

CLEARLY_BETTER = 1.1
"""The theme's own colour for a part stays unless another ink contrasts this many times
more (white and near-black read alike on the blue and red fills: 4.2:1 each)."""


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (the same) to 21 (black on white); text needs 4.5."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_on(background: QColor, preferred: QColor) -> QColor:
    """`preferred` (the theme's colour for text there), unless one of `INKS` contrasts
    clearly better with `background`."""
    best = max(INKS, key=lambda ink: contrast_ratio(ink, background))
    if contrast_ratio(best, background) > CLEARLY_BETTER * contrast_ratio(preferred, background):
        return best
    return preferred


class StatBar(QProgressBar):
    """A horizontal progress bar with a label that reads over the fill and the groove."""

    def fill_rect(self, option: QStyleOptionProgressBar) -> QRect:
        """The part of the bar the chunk covers, as Fusion computes its width."""
        contents = self.style().subElementRect(
            QStyle.SubElement.SE_ProgressBarContents, option, self
        )
        steps = max(1, option.maximum - option.minimum)
        done = max(0, max(option.progress, option.minimum) - option.minimum)
        width = done * contents.width() // steps
        fill = QRect(contents.left(), option.rect.top(), width, option.rect.height())
        right_to_left = option.direction == Qt.LayoutDirection.RightToLeft
        if right_to_left != option.invertedAppearance:  # the fill grows from the right
            fill.moveRight(contents.right())
        return fill

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionProgressBar()
        self.initStyleOption(option)
        busy = option.minimum == option.maximum == 0
        if busy or not option.textVisible or not option.text:
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        label = self.style().subElementRect(QStyle.SubElement.SE_ProgressBarLabel, option, self)
        text = option.text
        option.textVisible = False
        painter.drawControl(QStyle.ControlElement.CE_ProgressBar, option)
        palette = option.palette
        fill = self.fill_rect(option)
        groove = QRegion(option.rect).subtracted(QRegion(fill))
        flags = Qt.AlignmentFlag.AlignCenter
        if not fill.isEmpty():
            painter.setClipRect(fill)
            on_fill = palette.color(QPalette.ColorRole.Highlight).lighter(FILL_MIDDLE)
            painter.setPen(ink_on(on_fill, palette.color(QPalette.ColorRole.HighlightedText)))
            painter.drawText(label, flags, text)
        painter.setClipRegion(groove)
        base = palette.color(QPalette.ColorRole.Base)
        painter.setPen(ink_on(base, palette.color(QPalette.ColorRole.Text)))
        painter.drawText(label, flags, text)
