"""Every user action of the window, as one `QAction` each: menus, toolbar buttons,
shortcuts and context menus share them. `writing` lists the ones that change the
game; they are disabled while travelling in time or on a read-only game."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow

from rpgmylife_desktop.ui.resources import icon_path

PAGES = ("Today", "Habits", "Quests", "Goals", "Rewards", "History", "Time travel", "Statistics")
PAGE_ICONS = tuple(title.lower().replace(" ", "-") for title in PAGES)
"""The SVG icon of each page in resources/icons/."""


_FALLBACK = {
    QKeySequence.StandardKey.Preferences: "Ctrl+,",
    QKeySequence.StandardKey.Open: "Ctrl+O",
}
"""Shortcuts for standard keys a platform leaves unbound."""


def _action(
    parent: QObject,
    text: str,
    name: str,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    if isinstance(shortcut, QKeySequence.StandardKey):
        # A platform with no binding for a standard key (Preferences on most Linux
        # desktops) gets the usual one of other apps there.
        keys = QKeySequence.keyBindings(shortcut) or [QKeySequence(_FALLBACK.get(shortcut, ""))]
        action.setShortcuts([k for k in keys if not k.isEmpty()])
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


class Actions(QObject):
    """The window's actions, by name."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        a = _action
        self.new_habit = a(self, "New &habit…", "newHabit", "Ctrl+N", "Add a habit")
        self.new_quest = a(self, "New &quest…", "newQuest", "Ctrl+Shift+N", "Add a quest")
        self.new_goal = a(self, "New &goal…", "newGoal", None, "Add a goal")
        self.new_reward = a(self, "New &reward…", "newReward", None, "Add a reward")
        self.edit = a(self, "&Edit…", "editSelected", "Ctrl+E", "Edit the selected item")
        self.archive = a(
            self,
            "&Archive / restore",
            "archiveSelected",
            QKeySequence.StandardKey.Delete,
            "Archive the selected habit (or restore an archived one); abandon a quest",
        )
        self.claim = a(self, "&Claim reward", "claimReward", None, "Spend gold on the reward")
        self.complete = a(self, "C&omplete / reopen quest", "completeQuest", None)
        self.pause = a(self, "&Pause habit…", "pauseHabit", None, "Pause a habit for some days")
        self.skip = a(self, "&Skip today", "skipDay", None, "Excuse the habit today")
        self.add_item = a(
            self, "&Add item", "addChecklistItem", None, "Add the typed item to the checklist"
        )
        self.remove_item = a(
            self, "Re&move item", "removeChecklistItem", None, "Remove the selected item"
        )
        self.quick_log = a(
            self, "Q&uick log…", "quickLog", "Ctrl+L", "Type part of a name, Enter logs it"
        )
        self.find = a(self, "&Find", "find", QKeySequence.StandardKey.Find)
        self.undo = a(self, "&Undo", "undo", QKeySequence.StandardKey.Undo)
        self.redo = a(self, "&Redo", "redo", "Ctrl+Shift+Z")
        self.undo.setIcon(QIcon(str(icon_path("undo"))))
        self.redo.setIcon(QIcon(str(icon_path("redo"))))
        self.settings = a(self, "&Settings…", "settings", QKeySequence.StandardKey.Preferences)
        self.import_loop = a(
            self, "&Loop Habit Tracker…", "importLoop", None, "Import a Loop backup or CSV export"
        )
        self.import_habitica = a(
            self, "&Habitica…", "importHabitica", None, "Import a Habitica user-data export"
        )
        self.import_csv = a(
            self, "&Spreadsheet (CSV)…", "importCsv", None, "Import date,habit,value rows"
        )
        self.export_csv = a(
            self, "E&xport as CSV…", "exportCsv", None, "Write habits, history and days as CSV"
        )
        self.quit = a(self, "&Quit", "quit", "Ctrl+Q")
        self.export_bundle = a(
            self,
            "&Export bundle…",
            "exportBundle",
            "Ctrl+Shift+E",
            "Write your history to a bundle file",
        )
        self.import_bundle = a(
            self,
            "&Import bundle…",
            "importBundle",
            QKeySequence.StandardKey.Open,
            "Merge a bundle from another computer",
        )
        self.choose_sync_folder = a(
            self,
            "Sync &folder…",
            "syncFolderSettings",
            None,
            "Choose the sync folder and its passphrase (Settings > Sync)",
        )
        self.sync_now = a(self, "Sync &now", "syncNow", "F5", "Sync with the sync folder now")
        self.back_to_now = a(self, "&Back to now", "backToNow", "Ctrl+0")
        self.pages = [
            a(self, f"&{i + 1} {title}", f"page{i + 1}", f"Ctrl+{i + 1}", f"Show {title}")
            for i, title in enumerate(PAGES)
        ]
        self.writing = [
            self.new_habit,
            self.new_quest,
            self.new_goal,
            self.new_reward,
            self.edit,
            self.archive,
            self.claim,
            self.complete,
            self.pause,
            self.skip,
            self.add_item,
            self.remove_item,
            self.quick_log,
            self.undo,
            self.redo,
            self.settings,
            self.import_loop,
            self.import_habitica,
            self.import_csv,
            self.import_bundle,
            self.choose_sync_folder,
            self.sync_now,
        ]


def fill_menus(window: QMainWindow, a: Actions) -> None:
    """The window's menu bar and toolbar, and the shortcuts that work with no menu open."""
    file_menu = window.menuBar().addMenu("&File")
    file_menu.setObjectName("fileMenu")
    file_menu.addAction(a.export_bundle)
    file_menu.addAction(a.import_bundle)
    file_menu.addAction(a.choose_sync_folder)  # Settings > Sync: the one place
    file_menu.addAction(a.sync_now)
    file_menu.addSeparator()
    import_menu = file_menu.addMenu("Import f&rom")
    import_menu.setObjectName("importMenu")
    for action in (a.import_loop, a.import_habitica, a.import_csv):
        import_menu.addAction(action)
    file_menu.addAction(a.export_csv)
    file_menu.addSeparator()
    file_menu.addAction(a.settings)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit_menu = window.menuBar().addMenu("&Edit")
    edit_menu.setObjectName("editMenu")
    edit_menu.addAction(a.undo)
    edit_menu.addAction(a.redo)
    edit_menu.addSeparator()
    edit_menu.addAction(a.find)
    edit_menu.addAction(a.edit)
    edit_menu.addAction(a.archive)
    game_menu = window.menuBar().addMenu("G&ame")
    for action in (a.new_habit, a.new_quest, a.new_goal, a.new_reward):
        game_menu.addAction(action)
    game_menu.addSeparator()
    for action in (a.quick_log, a.complete, a.claim, a.pause, a.skip):
        game_menu.addAction(action)
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (a.new_habit, a.new_quest, a.quick_log, a.undo, a.redo):
        toolbar.addAction(action)
    go_menu = window.menuBar().addMenu("&Go")
    for action in a.pages:
        go_menu.addAction(action)
    go_menu.addSeparator()
    go_menu.addAction(a.back_to_now)
    for action in [*a.writing, a.find, a.quit, a.back_to_now, *a.pages]:
        window.addAction(action)
