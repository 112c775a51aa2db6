"""The window's settings: File > Settings (the day's start, the time zone, the theme, the
sync folder and the tray's toggles), and the window's geometry, splitters and page kept
between runs (`QSettings`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QApplication

from rpgmylife_desktop.ui.settings_dialog import SettingsDialog
from rpgmylife_desktop.ui.settings_toggles import ToggleSection
from rpgmylife_desktop.ui.sync_settings import SyncSettings
from rpgmylife_desktop.ui.theme import apply_theme

if TYPE_CHECKING:
    from rpgmylife_desktop.ui.main_window import MainWindow


def open_settings(window: MainWindow, sync: bool = False) -> None:
    """File > Settings (`sync`: with the Sync section's folder button focused)."""
    state = window.game.state
    sync_section = SyncSettings(window.sync_watch)
    dialog = SettingsDialog(
        day_start_hour=state.settings.day_start_hour,
        time_zone=window.game.time_zone(),
        theme=str(window.settings.value("theme", "system")),
        data_dir=str(window.game.paths.data_dir),
        parent=window,
        sync_section=sync_section,
        ruleset_version=state.settings.ruleset_version,
    )
    if window.settings_toggles:
        toggles = ToggleSection("Tray and notifications", window.settings_toggles)
        dialog.add_section(toggles, on_ok=toggles.apply)
    window.active_dialog = dialog
    dialog.finished.connect(lambda _result: sync_section.detach())
    if sync:
        sync_section.choose_button.setFocus()

    def accepted() -> None:
        window.settings.setValue("theme", dialog.theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, dialog.theme)
        command = dialog.command()
        if command is not None and window.controller.handle(command, "Changed settings"):
            window.days.check_new_day()

    dialog.accepted.connect(accepted)
    dialog.open()


def restore(window: MainWindow) -> None:
    """Put back the geometry, splitters and page of the last run (1280 x 800 on Today the
    first time)."""
    geometry = window.settings.value("window/geometry")
    if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        window.resize(1280, 800)
    state = window.settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for splitter, key in (
        (window.splitter, "window/mainSplitter"),
        (window.today_page.splitter, "window/todaySplitter"),
    ):
        sizes = window.settings.value(key)
        if isinstance(sizes, QByteArray):
            splitter.restoreState(sizes)
    page = window.settings.value("window/page", 0)
    try:
        number = int(page)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = 0
    window.show_page(number if 0 <= number < len(window.pages) else 0)


def save(window: MainWindow) -> None:
    """Keep the geometry, splitters and page for the next run."""
    window.settings.setValue("window/geometry", window.saveGeometry())
    window.settings.setValue("window/state", window.saveState())
    window.settings.setValue("window/mainSplitter", window.splitter.saveState())
    window.settings.setValue("window/todaySplitter", window.today_page.splitter.saveState())
    window.settings.setValue("window/page", window.nav.currentRow())
    window.settings.sync()
