"""The keyboard is never stranded: when a popup of the window closes (the quick-log
palette, a create dialog, a message box), the window is active again and the widget
that had the keyboard has it back, so the next shortcut (Ctrl+Z, Ctrl+2) works.

Driven like a person at the keyboard: the keys go to whatever widget holds the focus
(`QApplication.focusWidget()`), never to a widget the test picks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit, LogHabit
from rpgmylife_desktop.domain.values import Schedule
from rpgmylife_desktop.ui.app import App, attach_tray, start
from rpgmylife_desktop.ui.habit_dialog import HabitDialog
from rpgmylife_desktop.ui.main_window import MainWindow
from rpgmylife_desktop.ui.opening import Prompts
from rpgmylife_desktop.ui.widgets.palette import QuickLogPalette

from .conftest import NOW
from .helpers import click_part, launch, run_child_on, settings_in, xvfb_display
from .test_window_flows import seed

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def app(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> Iterator[App]:
    seed(paths, AddHabit(habit_id="meditate", name="Meditate"))
    built = launch(qtbot, paths, NOW, tmp_path)
    built.window.activateWindow()
    qtbot.waitUntil(built.window.isActiveWindow)
    yield built
    built.close()


def key(
    qtbot: QtBot, code: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key pressed by the person: it goes to the widget that has the keyboard."""
    focused = QApplication.focusWidget()
    assert focused is not None, "the keyboard went nowhere: no widget has the focus"
    qtbot.keyClick(focused, code, modifier)


def typed(qtbot: QtBot, text: str) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None, "the keyboard went nowhere: no widget has the focus"
    qtbot.keyClicks(focused, text)


def wait_for_keyboard(qtbot: QtBot, widget: QWidget) -> None:
    """Wait until `widget`'s window is active and `widget` has the keyboard."""
    qtbot.waitUntil(lambda: widget.window().isActiveWindow() and widget.hasFocus())


def back_on(qtbot: QtBot, window: MainWindow, widget: QWidget) -> None:
    """The popup closed: the window is active again and `widget` has the keyboard."""
    qtbot.waitUntil(
        lambda: window.isActiveWindow() and QApplication.focusWidget() is widget, timeout=3000
    )


def open_palette(qtbot: QtBot, window: MainWindow) -> QuickLogPalette:
    key(qtbot, Qt.Key.Key_L, CTRL)
    palette = window.active_dialog
    assert isinstance(palette, QuickLogPalette) and palette.isVisible()
    wait_for_keyboard(qtbot, palette.edit)
    return palette


def logs(app: App) -> int:
    return app.game.state.habits["meditate"].up_logs


def test_after_the_palette_logs_with_enter_undo_and_pages_work(qtbot: QtBot, app: App) -> None:
    window = app.window
    before = QApplication.focusWidget()
    assert before is not None and window.isAncestorOf(before)
    xp = app.models.character.sheet().xp
    open_palette(qtbot, window)
    typed(qtbot, "Medit")
    key(qtbot, Qt.Key.Key_Return)
    assert logs(app) == 1 and app.models.character.sheet().xp > xp
    back_on(qtbot, window, before)
    key(qtbot, Qt.Key.Key_Z, CTRL)  # the log is taken back
    assert logs(app) == 0 and app.models.character.sheet().xp == xp
    key(qtbot, Qt.Key.Key_2, CTRL)
    assert window.current_page() is window.habits_page


def test_a_quick_typist_who_logs_before_the_palette_is_active_is_not_stranded(
    qtbot: QtBot, app: App
) -> None:
    """Enter pressed before the palette's activation arrived: the app must not end up
    with the keyboard in the closed palette (it did: every shortcut was dead)."""
    window = app.window
    before = QApplication.focusWidget()
    key(qtbot, Qt.Key.Key_L, CTRL)
    palette = window.active_dialog
    assert isinstance(palette, QuickLogPalette)
    qtbot.keyClicks(palette.edit, "Medit")  # no wait: typed faster than the activation
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert logs(app) == 1
    back_on(qtbot, window, before)
    qtbot.wait(50)  # the late activation of the closed palette has come and gone
    back_on(qtbot, window, before)
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert logs(app) == 0


def test_escape_from_the_palette_gives_the_keyboard_back_to_the_list(
    qtbot: QtBot, app: App
) -> None:
    window = app.window
    key(qtbot, Qt.Key.Key_2, CTRL)
    view = window.habits_page.view
    view.setFocus()
    wait_for_keyboard(qtbot, view)
    palette = open_palette(qtbot, window)
    typed(qtbot, "Med")
    key(qtbot, Qt.Key.Key_Escape)
    assert not palette.isVisible() and logs(app) == 0
    back_on(qtbot, window, view)
    key(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current_page() is window.today_page


def test_a_new_habit_dialog_accepted_then_undone_from_the_keyboard(qtbot: QtBot, app: App) -> None:
    window = app.window
    before = QApplication.focusWidget()
    key(qtbot, Qt.Key.Key_N, CTRL)
    dialog = window.active_dialog
    assert isinstance(dialog, HabitDialog)
    wait_for_keyboard(qtbot, dialog.first_field())  # type: ignore[arg-type]
    typed(qtbot, "Stretch")
    key(qtbot, Qt.Key.Key_Return)
    names = [habit.name for habit in app.game.state.habits.values()]
    assert "Stretch" in names and not dialog.isVisible()
    back_on(qtbot, window, before)
    key(qtbot, Qt.Key.Key_Z, CTRL)  # the new habit is taken back
    assert "Stretch" not in [h.name for h in app.game.state.habits.values() if not h.archived]
    key(qtbot, Qt.Key.Key_2, CTRL)
    assert window.current_page() is window.habits_page


def test_a_new_habit_dialog_cancelled_with_escape(qtbot: QtBot, app: App) -> None:
    window = app.window
    before = QApplication.focusWidget()
    key(qtbot, Qt.Key.Key_N, CTRL)
    dialog = window.active_dialog
    assert isinstance(dialog, HabitDialog)
    wait_for_keyboard(qtbot, dialog.first_field())  # type: ignore[arg-type]
    typed(qtbot, "Never added")
    key(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    back_on(qtbot, window, before)
    key(qtbot, Qt.Key.Key_2, CTRL)
    assert window.current_page() is window.habits_page
    assert "Never added" not in [h.name for h in app.game.state.habits.values()]


def test_a_refusal_after_the_palette_closed_leaves_the_keyboard_in_the_window(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    """The palette's own action is refused (a habit that starts tomorrow cannot be
    logged today): the refusal is shown, nothing is written, and the keyboard is back
    in the window for the next shortcut."""
    seed(paths, AddHabit(habit_id="junk", name="Junk food", start_day=NOW.date() + timedelta(1)))
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        window = app.window
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        before = QApplication.focusWidget()
        written = app.game.position
        open_palette(qtbot, window)
        typed(qtbot, "Junk")
        key(qtbot, Qt.Key.Key_Return)
        assert window.toast.kind == "danger" and "started" in window.last_message
        assert app.game.position == written
        back_on(qtbot, window, before)
        key(qtbot, Qt.Key.Key_2, CTRL)
        assert window.current_page() is window.habits_page
    finally:
        app.close()


def test_the_fainted_message_box_closed_from_the_keyboard(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    """The window's message box (the character fainted, after a slip clicked on Today):
    Enter closes it, the keyboard is back on Today's list and the next shortcut works."""
    junk = AddHabit(
        habit_id="junk",
        name="Junk food",
        kind="negative",
        difficulty="hard",
        schedule=Schedule(kind="unscheduled"),
    )
    # Ten slips leave 4.5 HP of 50: the next one knocks Ada out.
    seed(paths, junk, *[LogHabit(habit_id="junk", direction="down")] * 10)
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        window = app.window
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        view = window.today_page.habits_view
        click_part(qtbot, view, "junk", "minus")
        box = window.active_dialog
        assert isinstance(box, QMessageBox) and box.objectName() == "faintedBox"
        qtbot.waitUntil(
            lambda: box.isActiveWindow() and box.isAncestorOf(QApplication.focusWidget())
        )
        key(qtbot, Qt.Key.Key_Return)
        assert not box.isVisible()
        back_on(qtbot, window, view)
        key(qtbot, Qt.Key.Key_2, CTRL)
        assert window.current_page() is window.habits_page
    finally:
        app.close()


def test_a_dialog_opened_from_a_habit_detail_gives_the_keyboard_back_to_the_detail(
    qtbot: QtBot, app: App
) -> None:
    """The edit dialog a habit's detail opened closes: the keyboard goes back to the
    detail it came from (not to the main window behind it); the detail closed with
    Escape gives it back to the window."""
    window = app.window
    before = QApplication.focusWidget()
    detail = window.open_detail("meditate")
    assert detail is not None
    qtbot.waitUntil(detail.isActiveWindow)
    edit = next(b for b in detail.findChildren(QPushButton) if b.text() == "Edit…")
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    dialog = window.active_dialog
    assert isinstance(dialog, HabitDialog)
    wait_for_keyboard(qtbot, dialog.first_field())  # type: ignore[arg-type]
    key(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and detail.isVisible()
    qtbot.waitUntil(
        lambda: detail.isActiveWindow() and detail.isAncestorOf(QApplication.focusWidget())
    )
    key(qtbot, Qt.Key.Key_Escape)
    assert not detail.isVisible()
    back_on(qtbot, window, before)
    key(qtbot, Qt.Key.Key_2, CTRL)
    assert window.current_page() is window.habits_page


def test_focus_goes_to_the_page_view_when_its_widget_is_gone(qtbot: QtBot, app: App) -> None:
    """The widget that had the keyboard was hidden while the palette was open: the
    keyboard goes to the current page's main view instead of nowhere."""
    window = app.window
    key(qtbot, Qt.Key.Key_2, CTRL)
    key(qtbot, Qt.Key.Key_F, CTRL)
    search = window.habits_page.search
    wait_for_keyboard(qtbot, search)
    palette = open_palette(qtbot, window)
    search.hide()
    palette.reject()
    back_on(qtbot, window, window.habits_page.view)
    search.show()
    key(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current_page() is window.today_page


def test_a_popup_closing_while_another_window_has_the_keyboard_takes_nothing(
    qtbot: QtBot, app: App
) -> None:
    """The person left for another window while the palette stayed open; the palette
    then closes by itself: the keyboard stays where the person is."""
    window = app.window
    open_palette(qtbot, window)
    elsewhere = QLineEdit()
    elsewhere.setWindowTitle("Another application")
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    elsewhere.setFocus()
    wait_for_keyboard(qtbot, elsewhere)
    window.active_dialog.reject()  # type: ignore[union-attr]
    qtbot.wait(100)
    assert elsewhere.hasFocus() and not window.isActiveWindow()
    assert window.focus_return.returns == 0


@pytest.fixture
def _quit_on_last_window() -> Iterator[None]:
    yield
    QApplication.setQuitOnLastWindowClosed(True)  # a tray turned it off


@pytest.mark.usefixtures("_quit_on_last_window")
def test_the_tray_quick_log_with_the_window_hidden(qtbot: QtBot, app: App, tmp_path: Path) -> None:
    """From the tray with the window in the tray: the palette logs, nothing raises, and
    the hidden window neither shows nor takes the keyboard; shown again, it works."""
    tray = attach_tray(app, settings_in(tmp_path), available=True)
    window = app.window
    window.hide()
    tray.actions.quick_log.trigger()
    palette = window.active_dialog
    assert isinstance(palette, QuickLogPalette) and palette.isVisible()
    wait_for_keyboard(qtbot, palette.edit)
    typed(qtbot, "Medit")
    key(qtbot, Qt.Key.Key_Return)
    assert logs(app) == 1 and not palette.isVisible()
    qtbot.wait(100)
    assert not window.isVisible() and window.focus_return.returns == 0
    tray.raise_window()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert logs(app) == 0


@pytest.mark.usefixtures("_quit_on_last_window")
def test_the_tray_quick_log_before_the_window_was_ever_shown(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    """Started on login into the tray: the window was never shown. The palette from
    the tray logs with Enter and Escape closes the next one; nothing raises and the
    window stays unshown."""
    seed(paths, AddHabit(habit_id="meditate", name="Meditate"))
    built = start(paths, FixedClock(NOW), settings_in(tmp_path), Prompts())
    assert built is not None
    qtbot.addWidget(built.window)
    try:
        tray = attach_tray(built, settings_in(tmp_path), available=True)
        for keys, logged in (("Medit", 1), ("", 1)):
            tray.actions.quick_log.trigger()
            palette = built.window.active_dialog
            assert isinstance(palette, QuickLogPalette) and palette.isVisible()
            wait_for_keyboard(qtbot, palette.edit)
            if keys:
                typed(qtbot, keys)
                key(qtbot, Qt.Key.Key_Return)
            else:
                key(qtbot, Qt.Key.Key_Escape)
            assert not palette.isVisible() and logs(built) == logged
            qtbot.wait(50)
            assert not built.window.isVisible()
    finally:
        built.close()


# -- on a real X server without a window manager -------------------------------------
# Where the fault was found: nobody but the app hands the keyboard back there. The app
# runs in a child process on its own Xvfb display; xdotool types as a person would, the
# command line reads what the log then holds.


@pytest.fixture
def bare_display() -> Iterator[str]:
    """An Xvfb display with no window manager (and no tray)."""
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is not installed (bash .ci/run installs it)")
    with xvfb_display() as display:
        yield display


def test_the_keyboard_alone_logs_and_undoes_on_a_bare_x_server(
    bare_display: str, paths: DataPaths, tmp_path: Path
) -> None:
    """Ctrl+L, "Medit", Enter logs Meditate; the next Ctrl+Z undoes it and Ctrl+Q quits,
    with no click anywhere (before the fix the window never had the keyboard at start,
    and lost it for good when the palette closed)."""
    seed(paths, AddHabit(habit_id="meditate", name="Meditate"))
    env = dict(
        os.environ,
        DISPLAY=bare_display,
        QT_QPA_PLATFORM="xcb",
        RPGMYLIFE_NOW="2026-11-02T08:00",
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # the window's settings: its own
        TZ="UTC",
    )
    env.pop("WAYLAND_DISPLAY", None)
    data = str(paths.data_dir)

    def history() -> str:
        ran = subprocess.run(
            [sys.executable, "-m", "rpgmylife_desktop", "--data-dir", data, "history"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        return ran.stdout

    def xdotool(*words: str) -> None:
        subprocess.run(["xdotool", *words], env=env, check=True, timeout=30, capture_output=True)

    def until(ready: Callable[[], bool], what: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not ready():
            assert time.monotonic() < deadline, what
            time.sleep(0.3)

    errors = tmp_path / "window.err"
    with errors.open("w") as err:
        window = subprocess.Popen(
            [sys.executable, "-m", "rpgmylife_desktop", "--data-dir", data],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    try:
        xdotool("search", "--sync", "--onlyvisible", "--name", "RPGMyLife")
        time.sleep(1.0)  # its first paint and the day check
        xdotool("key", "--delay", "150", "ctrl+l")
        time.sleep(0.8)
        xdotool("type", "--delay", "80", "Medit")
        xdotool("key", "Return")
        until(lambda: "Logged Meditate" in history(), "the palette never logged Meditate")
        time.sleep(0.8)  # a person's pause; the palette is gone
        xdotool("key", "ctrl+z")
        until(lambda: "Undid: Logged Meditate" in history(), "Ctrl+Z after the palette was lost")
        xdotool("key", "ctrl+q")
        window.wait(30)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait(10)
    assert window.returncode == 0, errors.read_text()


def test_a_habit_detail_gets_the_keyboard_on_a_bare_x_server(
    bare_display: str, tmp_path: Path
) -> None:
    """A habit's detail is not modal: nobody but the app gives it the keyboard there.
    Escape closes it (it reached the main window behind it before), then Ctrl+2 works
    in the main window."""
    result = run_child_on(bare_display, "tests.gui.focus_child", tmp_path)
    assert result == {
        "window_active": True,
        "detail_active": True,
        "detail_closed_by_escape": True,
        "window_active_after": True,
        "page_after_ctrl_2": 2,
    }
