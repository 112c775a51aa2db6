"""The header's XP and HP labels read over the fill and over the groove, in both themes,
measured on the pixels the bar really paints."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.ui.theme import apply_theme
from rpgmylife_desktop.ui.widgets.header import HP_COLOURS
from rpgmylife_desktop.ui.widgets.stat_bar import StatBar, contrast_ratio

READABLE = 4.0
"""The glyphs' contrast with what is under them, on each side of the fill's end. Fusion's
white label measured 2.7:1 on the green fill and 1.9:1 on the amber one."""


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest) -> Iterator[str]:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    apply_theme(qt_app, request.param)
    yield request.param
    apply_theme(qt_app, "light")


def _label_pixels(bar: StatBar) -> tuple[list[float], list[float]]:
    """The contrast of each pixel the label changed with the pixel under it (the bar
    painted without its label), split into those over the fill and over the groove."""
    labelled = bar.grab().toImage()
    text = bar.format()
    bar.setFormat("")
    blank = bar.grab().toImage()
    bar.setFormat(text)
    assert isinstance(labelled, QImage) and labelled.size() == blank.size()
    groove = bar.palette().color(QPalette.ColorRole.Base)
    on_fill: list[float] = []
    on_groove: list[float] = []
    for y in range(labelled.height()):
        for x in range(labelled.width()):
            ink, under = labelled.pixelColor(x, y), blank.pixelColor(x, y)
            if ink == under:
                continue
            side = on_groove if contrast_ratio(under, groove) < 1.1 else on_fill
            side.append(contrast_ratio(ink, under))
    return on_fill, on_groove


def _glyph_cores(ratios: list[float]) -> float:
    """The contrast of the label's strongest tenth of pixels (the glyphs' cores, not the
    anti-aliased edges that blend into the background by design)."""
    ranked = sorted(ratios)
    return ranked[int(len(ranked) * 0.9)]


@pytest.mark.parametrize("fill", ["theme", *HP_COLOURS])
def test_a_half_filled_bar_label_reads_over_the_fill_and_the_groove(
    qtbot: QtBot, theme: str, fill: str
) -> None:
    bar = StatBar()
    qtbot.addWidget(bar)
    if fill != "theme":  # the HP bar's green, amber and red; the XP bar keeps the theme's
        palette = bar.palette()
        palette.setColor(QPalette.ColorRole.Highlight, QColor(HP_COLOURS[fill]))
        bar.setPalette(palette)
    bar.resize(320, 24)
    bar.setRange(0, 500)
    bar.setValue(250)  # the fill ends under the middle of the centred label
    bar.setFormat("25 / 50")
    on_fill, on_groove = _label_pixels(bar)
    assert len(on_fill) > 20 and len(on_groove) > 20  # the label straddles the fill's end
    assert _glyph_cores(on_fill) >= READABLE, f"{theme}, {fill}: the label over the fill"
    assert _glyph_cores(on_groove) >= READABLE, f"{theme}, {fill}: the label over the groove"
    assert bar.text() == "25 / 50"  # what assistive technology reads is unchanged
