"""Settings > Sync: the one place to set the sync folder (choose, stop), its optional
passphrase, "Sync now", and the status of the last pass (when, what came in, every
bundle that could not be read and why).

The section drives the window's `SyncWatch` directly: a folder chosen or cleared here
takes effect at once, like "Open folder" beside it, not on the dialog's OK. The
passphrase takes effect when its field is left or Enter is pressed (never while it is
typed: a pass in between would write a bundle under half a passphrase), and it is
kept for this session only (see `sync_watch.py` and docs/gui.md).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from rpgmylife_desktop.ui.sync_watch import SyncWatch


class SyncSettings(QGroupBox):
    """The Sync section of the Settings dialog (see the module docstring)."""

    def __init__(self, watch: SyncWatch, parent: QWidget | None = None) -> None:
        super().__init__("Sync", parent)
        self.setObjectName("syncSettings")
        self._watch = watch
        self.folder_label = QLabel()
        self.folder_label.setObjectName("syncFolderLabel")
        self.folder_label.setWordWrap(True)
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setObjectName("chooseSyncFolder")
        self.choose_button.setAccessibleName("Choose the sync folder")
        self.clear_button = QPushButton("Stop syncing")
        self.clear_button.setObjectName("clearSyncFolder")
        self.clear_button.setAccessibleName("Stop syncing through the folder")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)
        folder_row.addWidget(self.clear_button)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("syncPassphrase")
        self.passphrase_edit.setAccessibleName("Sync passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setText(watch.passphrase or "")
        self.passphrase_edit.setToolTip(
            "Encrypts the bundles this computer writes and reads the others'. Kept only "
            "until the app quits; enter it again after a restart."
        )
        self.sync_button = QPushButton("Sync now")
        self.sync_button.setObjectName("syncNowButton")
        self.status_label = QLabel()
        self.status_label.setObjectName("syncStatusLine")
        self.status_label.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Folder:", folder_row)
        form.addRow("Passphrase:", self.passphrase_edit)
        form.addRow("", self.sync_button)
        form.addRow("Status:", self.status_label)
        self.choose_button.clicked.connect(self._choose)
        self.clear_button.clicked.connect(self._clear)
        self.sync_button.clicked.connect(self._sync_now)
        self.passphrase_edit.editingFinished.connect(self._passphrase_entered)
        watch.status_changed.connect(self._show)
        self._show()

    def detach(self) -> None:
        """Stop following the watch (the dialog closed; the watch lives on)."""
        self._watch.status_changed.disconnect(self._show)

    def _entered(self) -> str | None:
        return self.passphrase_edit.text() or None

    def _passphrase_entered(self) -> None:
        if self._entered() != self._watch.passphrase:
            self._watch.set_passphrase(self._entered())

    def _choose(self) -> None:
        self._watch.passphrase = self._entered()
        self._watch.choose()
        self._show()

    def _clear(self) -> None:
        self._watch.clear()
        self._show()

    def _sync_now(self) -> None:
        self._watch.passphrase = self._entered()
        self._watch.sync_now()
        self._show()

    def _show(self, _text: str = "") -> None:
        folder = self._watch.folder
        self.folder_label.setText(
            str(folder) if folder else "none: this computer syncs with no other"
        )
        self.clear_button.setEnabled(folder is not None)
        self.sync_button.setEnabled(folder is not None)
        lines = [self._watch.status.text() or "Not synced yet in this session."]
        report = self._watch.last_report
        if report is not None and report.folder == folder:
            lines += [f"{item['file']}: {item['reason']}" for item in report.left]
        asked = folder is not None and self._watch.encrypted and self._watch.passphrase is None
        self.passphrase_edit.setPlaceholderText(
            "needed: asked once per session" if asked else "none: bundles are written unencrypted"
        )
        self.status_label.setText("\n".join(dict.fromkeys(lines)))
