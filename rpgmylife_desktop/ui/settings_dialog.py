"""File > Settings: day start hour, time zone and the game's ruleset (game settings,
through commands),
the theme (this computer's preference), where the data folder is, and the Sync
section (`sync_settings.py`, given by the window)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import available_timezones

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.domain.commands import ChangeSettings
from rpgmylife_desktop.domain.rules import CHANGES, RULESET_VERSION
from rpgmylife_desktop.ui.theme import THEMES

THEME_WORDS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class SettingsDialog(QDialog):
    """The settings; `command()` is the ChangeSettings to hand in (None: unchanged)."""

    def __init__(
        self,
        *,
        day_start_hour: int,
        time_zone: str,
        theme: str,
        data_dir: str,
        parent: QWidget | None = None,
        sync_section: QWidget | None = None,
        ruleset_version: int = RULESET_VERSION,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._hour, self._zone = day_start_hour, time_zone
        self.hour_spin = QSpinBox()
        self.hour_spin.setObjectName("dayStartHour")
        self.hour_spin.setAccessibleName("Day start hour")
        self.hour_spin.setRange(0, 23)
        self.hour_spin.setSuffix(":00")
        self.hour_spin.setValue(day_start_hour)
        self.zone_combo = QComboBox()
        self.zone_combo.setObjectName("timeZone")
        self.zone_combo.setAccessibleName("Time zone")
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(sorted(available_timezones()))
        self.zone_combo.setCurrentText(time_zone)
        self.theme_combo = QComboBox()
        self.theme_combo.setObjectName("theme")
        self.theme_combo.setAccessibleName("Theme")
        for name in THEMES:  # in words, as every other choice of the window
            self.theme_combo.addItem(THEME_WORDS.get(name, name), name)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(theme)))
        folder = QLabel(data_dir)
        folder.setObjectName("dataFolderLabel")
        folder.setWordWrap(True)
        open_button = QPushButton("Open folder")
        open_button.setAccessibleName("Open the data folder")
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(data_dir)))
        folder_row = QHBoxLayout()
        folder_row.addWidget(folder, 1)
        folder_row.addWidget(open_button)
        form = QFormLayout()
        form.addRow("A new day starts at:", self.hour_spin)
        form.addRow("Time zone:", self.zone_combo)
        form.addRow("Theme:", self.theme_combo)
        form.addRow("Data folder:", folder_row)
        self.newest_rules = QCheckBox(
            f"Use the newest game rules from now on (version {RULESET_VERSION}: "
            + "; ".join(CHANGES[v] for v in range(ruleset_version + 1, RULESET_VERSION + 1))
            + ")"
        )
        self.newest_rules.setObjectName("newestRules")
        self.newest_rules.setToolTip("What you have already earned stays as it is.")
        if ruleset_version < RULESET_VERSION:  # a game started before the newest rules
            form.addRow("Game rules:", self.newest_rules)
        else:
            self.newest_rules.hide()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #d13438;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.sync_section = sync_section
        if sync_section is not None:
            layout.addWidget(sync_section)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _ok(self) -> None:
        if self.zone_combo.currentText() not in available_timezones():
            self.error_label.setText("Time zone: choose one from the list, like Europe/Berlin.")
            return
        self.accept()

    def add_section(self, section: QWidget, on_ok: Callable[[], None] | None = None) -> None:
        """Add a section of another part of the app below the form; `on_ok` runs when
        the settings are accepted."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.error_label), section)
        if on_ok is not None:
            self.accepted.connect(on_ok)

    @property
    def theme(self) -> str:
        return str(self.theme_combo.currentData())

    def command(self) -> ChangeSettings | None:
        hour, zone = self.hour_spin.value(), self.zone_combo.currentText()
        newest = self.newest_rules.isChecked()
        if hour == self._hour and zone == self._zone and not newest:
            return None
        return ChangeSettings(
            day_start_hour=hour if hour != self._hour else None,
            time_zone=zone if zone != self._zone else None,
            ruleset_version=RULESET_VERSION if newest else None,
        )
