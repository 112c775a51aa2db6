"""The screenshot script starts the real app on the demo profile and saves every page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from rpgmylife_desktop.ui.screenshots import PAGE_FILES, capture


def test_capture_saves_each_page_light_and_dark(tmp_path: Path) -> None:
    saved = capture(tmp_path, 1200, 800)
    names = {path.name for path in saved}
    for page in PAGE_FILES:
        assert {f"{page}-light.png", f"{page}-dark.png"} <= names
    light = QImage(str(tmp_path / "today-light.png"))
    dark = QImage(str(tmp_path / "today-dark.png"))
    assert light.width() == 1200 and dark.height() == 800
    # The dark theme really is dark: the window background differs in lightness.
    assert light.pixelColor(600, 790).lightness() > 128 > dark.pixelColor(600, 790).lightness()
