"""Keyboard focus comes back to the window when one of its popups closes.

A dialog, message box or the quick-log palette takes the keyboard while it is
open. When it closes, a window manager normally hands the keyboard back to the
window it belonged to; without one (a bare X session, a kiosk, a test run on the
offscreen platform) nobody does: the popup's window is gone, no window of the
app is active, and every shortcut (Ctrl+Z, Ctrl+1...) is dead until a click.
The same happens on any platform when a popup closes before its own activation
arrived (a quick typist): the app then "activates" a window that is already
hidden.

`FocusReturn` fixes this once for every popup of the main window, however it
was opened (`open()`, `exec()`, `show()`, a static file dialog, from another
module): it follows the application's focus window, and when the window that
had the keyboard is a popup of the main window (the main window is its transient
parent) and that popup hides, it activates the main window again and puts focus
back on the widget that had it, or on a sensible default when that widget was
hidden or deleted meanwhile. It never takes the keyboard from another
application (a popup that closes while the person works elsewhere), from a
window still open (a message box the closing popup opened) or for a window that
is hidden (the app living in the tray).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QWidget

WATCHED = "_focusReturnWatched"
"""Property set on a popup once its hiding is watched (so it is watched once)."""


def takes_keyboard(widget: QWidget | None) -> bool:
    """True if `widget` can hold the keyboard focus now (shown, enabled, focusable)."""
    return (
        widget is not None
        and shiboken6.isValid(widget)
        and widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
    )


class FocusReturn(QObject):
    """Gives the keyboard back to `window` when a popup of it closes.

    `default` names the widget to focus when the one that had focus before the
    popup opened is gone or hidden (the current page's main view).
    """

    def __init__(self, window: QWidget, default: Callable[[], QWidget | None]) -> None:
        super().__init__(window)
        self.window = window
        self.default = default
        self.returns = 0
        """How many times the keyboard was given back (for the tests)."""
        self._pending = False
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        self._app = app
        app.focusWindowChanged.connect(self._focus_window_changed)
        self._following = True

    def stop(self) -> None:
        """Stop following the focus (the window is closing)."""
        if self._following:  # a window closed twice (a test, a quit) stops once
            self._following = False
            self._app.focusWindowChanged.disconnect(self._focus_window_changed)

    # -- following the focus ---------------------------------------------------------

    def belongs(self, handle: QWindow | None) -> bool:
        """True if `handle` is a popup of the window: its transient parent (or theirs)."""
        own = self.window.windowHandle()
        if own is None or handle is None or handle is own:
            return False
        parent = handle.transientParent()
        while parent is not None:
            if parent is own:
                return True
            parent = parent.transientParent()
        return False

    def _focus_window_changed(self, handle: QWindow | None) -> None:
        if not shiboken6.isValid(self) or handle is None or not self.belongs(handle):
            return
        popup = _widget_of(handle)
        if popup is None:
            return
        if not popup.isVisible():
            # Activated after it closed (it closed before its activation arrived):
            # the app now "has" the keyboard in a window nobody can see.
            self.give_back()
            return
        if not popup.property(WATCHED):
            popup.setProperty(WATCHED, True)
            popup.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QWidget):
            handle = watched.windowHandle()
            # Only a popup that had the keyboard gives it back: one that closes while
            # the person works in another application takes nothing from there.
            if handle is not None and QGuiApplication.focusWindow() is handle:
                self.give_back()
        return False

    # -- giving the keyboard back ----------------------------------------------------

    def give_back(self) -> None:
        """Return the keyboard to the window once the event loop has settled."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._return_now)

    def _return_now(self) -> None:
        self._pending = False
        window = self.window
        if not window.isVisible() or window.isMinimized():
            return  # in the tray or minimised: nothing to give the keyboard to
        focused = QGuiApplication.focusWindow()
        if focused is not None and focused.isVisible() and focused is not window.windowHandle():
            return  # another window of the app has it (a box the popup's action opened)
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not window and modal.isVisible():
            modal.activateWindow()  # a popup still open over the window keeps the keyboard
            return
        target = window.focusWidget()
        if not (takes_keyboard(target) and window.isAncestorOf(target)):
            target = self.default()
        if takes_keyboard(target):
            assert target is not None
            target.setFocus(Qt.FocusReason.PopupFocusReason)
        window.activateWindow()
        self.returns += 1


def _widget_of(handle: QWindow) -> QWidget | None:
    """The top-level widget shown in `handle`, if it is one of this app's widgets."""
    for widget in QApplication.topLevelWidgets():
        if widget.windowHandle() is handle:
            return widget
    return None
