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
module): it follows the application's focus window, and when a popup of the
main window (the main window is its transient parent) that had the keyboard
hides, it activates the window the popup took the keyboard from (the main
window, or a habit's detail that opened a dialog) with focus on the widget that
had it, or on the current page's main view when that widget was hidden or
deleted meanwhile. A window the popup's own action opened, or a modal dialog
still open, keeps the keyboard. It never takes the keyboard from another
application (a popup that closes while the person works elsewhere did not have
it) and does nothing while the window is hidden (the app living in the tray).
Menus (the menu bar's, a context menu) are left alone: Qt gives the keyboard back from
a menu itself, to the widget (and the row) that had it.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QWidget

MENU_TYPES = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
"""Window types FocusReturn leaves alone: Qt hands the keyboard back from them itself."""

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
    """Gives the keyboard back when a popup of `window` closes: to the window the
    popup took it from (the main window, or a habit's detail that opened a dialog).

    `default` names the widget to focus in the main window when the one that had
    focus before the popup opened is gone or hidden (the current page's main view).
    """

    def __init__(self, window: QWidget, default: Callable[[], QWidget | None]) -> None:
        super().__init__(window)
        self.window = window
        self.default = default
        self.returns = 0
        """How many times the keyboard was given back (for the tests)."""
        self._focused: QWindow | None = None
        """The application's focus window as last announced."""
        self._came_from: dict[QWidget, QWindow | None] = {}
        """Each open popup that had the keyboard: the window it took the keyboard from."""
        self._closed: QWidget | None = None
        self._back_to: QWindow | None = None
        self._open_then: list[QWidget] = []
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

    def present(self, popup: QWidget) -> None:
        """Show a window that is not modal (a habit's detail) with the keyboard in it.

        A modal dialog gets the keyboard from Qt itself (the window it blocks hands it
        over); a window that is not modal gets it only from a window manager, so
        without one Escape and its keys went to the main window behind it."""
        popup.show()
        popup.raise_()
        popup.activateWindow()

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

    def popups(self) -> list[QWidget]:
        """The popups of the window open now (dialogs, boxes, detail windows; no menus)."""
        return [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible()
            and widget.windowType() not in MENU_TYPES
            and self.belongs(widget.windowHandle())
        ]

    def _focus_window_changed(self, handle: QWindow | None) -> None:
        if not shiboken6.isValid(self):
            return
        if handle is not None and handle.type() in MENU_TYPES:
            # A menu (the menu bar's, a context menu, a combo box's list) gives the keyboard
            # back by itself, to the widget that had it. Taken for a popup, its Escape sent
            # the keyboard to the page's main view: Today's selected daily lost it to the
            # Habits list. Nor is it where a dialog its action opens came from.
            return
        came_from, self._focused = self._focused, handle
        if handle is None or not self.belongs(handle):
            return
        popup = _widget_of(handle)
        if popup is None:
            return
        if not popup.isVisible():
            # Activated after it closed (it closed before its activation arrived): the
            # app now "has" the keyboard in a window nobody can see.
            self.give_back(popup)
            return
        self._came_from.setdefault(popup, came_from)
        if not popup.property(WATCHED):
            popup.setProperty(WATCHED, True)
            popup.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QWidget):
            handle = watched.windowHandle()
            # Only a popup that had the keyboard gives it back: one that closes while
            # the person works in another application takes nothing from there.
            if handle is not None and QGuiApplication.focusWindow() is handle:
                self.give_back(watched)
            else:
                self._came_from.pop(watched, None)
        return False

    # -- giving the keyboard back ----------------------------------------------------

    def give_back(self, popup: QWidget) -> None:
        """Return the keyboard from the closed `popup` once the event loop has settled."""
        self._closed = popup
        self._back_to = self._came_from.pop(popup, None)
        self._came_from = {w: h for w, h in self._came_from.items() if shiboken6.isValid(w)}
        self._open_then = self.popups()
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._return_now)

    def _return_now(self) -> None:
        self._pending = False
        window = self.window
        if not window.isVisible() or window.isMinimized():
            return  # in the tray or minimised: nothing to give the keyboard to
        closed = (
            self._closed if self._closed is not None and shiboken6.isValid(self._closed) else None
        )
        focused = QGuiApplication.focusWindow()
        if (
            focused is not None
            and focused.isVisible()
            and focused is not window.windowHandle()
            and (closed is None or focused is not closed.windowHandle())
        ):
            return  # another window of the app has it already
        target = self._target(closed)
        if target is window:
            widget: QWidget | None = window.focusWidget()
            if widget is None or not (takes_keyboard(widget) and window.isAncestorOf(widget)):
                widget = self.default()
            if widget is not None and takes_keyboard(widget):
                widget.setFocus(Qt.FocusReason.PopupFocusReason)
        target.activateWindow()
        self.returns += 1

    def _target(self, closed: QWidget | None) -> QWidget:
        """Where the keyboard goes: a popup the closed one's action opened, a modal
        dialog still open, the window the closed popup took the keyboard from, or the
        main window."""
        opened = [w for w in self.popups() if w is not closed and w not in self._open_then]
        if opened:
            return opened[-1]
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not closed and modal.isVisible():
            return modal
        back_to = self._back_to
        if back_to is not None and shiboken6.isValid(back_to) and back_to.isVisible():
            widget = _widget_of(back_to)
            if widget is not None and widget is not closed and not widget.isMinimized():
                return widget
        return self.window


def _widget_of(handle: QWindow) -> QWidget | None:
    """The top-level widget shown in `handle`, if it is one of this app's widgets."""
    for widget in QApplication.topLevelWidgets():
        if widget.windowHandle() is handle:
            return widget
    return None
