"""Window faults found while playing for a month: the quick-log palette logged 1 of a
numeric habit without asking how much, History's Inspect window never got the
keyboard, and a numeric daily's amount cut off its streak line in a narrow Today.

Driven through the real widgets and the keyboard: keys go to whatever widget holds the
focus (`QApplication.focusWidget()`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit
from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.ui.app import App, attach_tray
from rpgmylife_desktop.ui.habit_delegate import HabitDelegate
from rpgmylife_desktop.ui.main_window import MainWindow
from rpgmylife_desktop.ui.pages.history import InspectDialog
from rpgmylife_desktop.ui.widgets.amount_prompt import AmountPrompt
from rpgmylife_desktop.ui.widgets.amount_spin import AmountSpinBox
from rpgmylife_desktop.ui.widgets.palette import QuickLogPalette

from .conftest import NOW
from .helpers import launch, row_of, run_child_on, settings_in
from .test_focus import bare_display, key, typed, wait_for_keyboard
from .test_window_flows import seed

__all__ = ["bare_display"]  # the fixture, used by the X server test below

CTRL = Qt.KeyboardModifier.ControlModifier
WATER = NumericTarget(amount=8, unit="glasses")


@pytest.fixture
def app(qtbot: QtBot, paths: DataPaths, tmp_path: Path) -> Iterator[App]:
    start = NOW.date() - timedelta(days=3)
    seed(
        paths,
        AddHabit(habit_id="meditate", name="Meditate", start_day=start),
        AddHabit(habit_id="water", name="Drink water", target=WATER, start_day=start),
    )
    built = launch(qtbot, paths, NOW, tmp_path)
    built.window.activateWindow()
    qtbot.waitUntil(built.window.isActiveWindow)
    yield built
    built.close()


def water(app: App) -> float:
    return app.game.state.habits["water"].day_amount(app.game.today())


def back_in(qtbot: QtBot, window: MainWindow, widget: object) -> None:
    qtbot.waitUntil(
        lambda: window.isActiveWindow() and QApplication.focusWidget() is widget, timeout=3000
    )


def palette_then_prompt(qtbot: QtBot, app: App, words: str) -> AmountPrompt:
    """Ctrl+L, `words`, Enter: the palette closes and the amount prompt has the keyboard."""
    window = app.window
    key(qtbot, Qt.Key.Key_L, CTRL)
    palette = window.active_dialog
    assert isinstance(palette, QuickLogPalette)
    wait_for_keyboard(qtbot, palette.edit)
    typed(qtbot, words)
    key(qtbot, Qt.Key.Key_Return)
    assert not palette.isVisible()
    prompt = window.active_dialog
    assert isinstance(prompt, AmountPrompt) and prompt.isVisible()
    assert prompt.label.text() == "How much Drink water (glasses)?"
    assert isinstance(prompt.amount, AmountSpinBox)
    wait_for_keyboard(qtbot, prompt.amount)
    return prompt


# -- 1. the palette asks how much of a numeric habit ---------------------------------


def test_the_palette_asks_how_much_water_and_logs_that_amount(qtbot: QtBot, app: App) -> None:
    window = app.window
    before = QApplication.focusWidget()
    assert before is not None and window.isAncestorOf(before)
    written = app.game.position
    prompt = palette_then_prompt(qtbot, app, "water")
    assert app.game.position == written  # nothing logged before the amount is said
    typed(qtbot, "2.5")  # replaces the "1" offered
    key(qtbot, Qt.Key.Key_Return)
    assert not prompt.isVisible()
    assert water(app) == 2.5
    assert app.controller.last_message.startswith("Logged Drink water (2.5 glasses)")
    back_in(qtbot, window, before)
    key(qtbot, Qt.Key.Key_Z, CTRL)  # the shortcut reaches the window: the log is undone
    assert water(app) == 0


def test_escape_in_the_amount_prompt_logs_nothing(qtbot: QtBot, app: App) -> None:
    window = app.window
    before = QApplication.focusWidget()
    written = app.game.position
    prompt = palette_then_prompt(qtbot, app, "drink")
    typed(qtbot, "4")
    key(qtbot, Qt.Key.Key_Escape)
    assert not prompt.isVisible()
    assert app.game.position == written and water(app) == 0
    back_in(qtbot, window, before)
    key(qtbot, Qt.Key.Key_2, CTRL)
    assert window.current_page() is window.habits_page


def test_the_palette_still_logs_a_plain_habit_at_once(qtbot: QtBot, app: App) -> None:
    window = app.window
    key(qtbot, Qt.Key.Key_L, CTRL)
    palette = window.active_dialog
    assert isinstance(palette, QuickLogPalette)
    wait_for_keyboard(qtbot, palette.edit)
    typed(qtbot, "Medit")
    key(qtbot, Qt.Key.Key_Return)
    assert app.game.state.habits["meditate"].up_logs == 1
    assert not isinstance(window.active_dialog, AmountPrompt)


def test_the_tray_asks_with_the_same_prompt(qtbot: QtBot, app: App, tmp_path: Path) -> None:
    tray = attach_tray(app, settings_in(tmp_path), available=True)
    before = QApplication.focusWidget()
    row = next(r for r in tray.rows() if r.habit_id == "water")
    tray.log_row(row)
    prompt = tray.prompt
    assert isinstance(prompt, AmountPrompt) and prompt.isVisible()
    assert prompt.label.text() == "How much Drink water (glasses)?"
    wait_for_keyboard(qtbot, prompt.amount)
    typed(qtbot, "3")
    key(qtbot, Qt.Key.Key_Return)
    assert water(app) == 3
    back_in(qtbot, app.window, before)


# -- 2. History's Inspect window takes the keyboard ----------------------------------


def inspect_from_the_table(qtbot: QtBot, app: App) -> InspectDialog:
    """Ctrl+6, the newest event chosen in the table, double-clicked: Inspect opens."""
    window = app.window
    key(qtbot, Qt.Key.Key_6, CTRL)
    page = window.history_page
    assert window.current_page() is page
    view = page.view
    view.setFocus()
    wait_for_keyboard(qtbot, view)
    index = view.model().index(0, 1)
    view.setCurrentIndex(index)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    dialog = page.last_inspect
    assert dialog is not None and dialog.isVisible()
    assert '"event_type"' in dialog.text.toPlainText()
    return dialog


def test_inspect_takes_the_keyboard_and_escape_gives_it_back_to_the_table(
    qtbot: QtBot, app: App
) -> None:
    """On the offscreen platform (which activates any window shown); the fault itself
    shows on a bare X server, below."""
    window = app.window
    dialog = inspect_from_the_table(qtbot, app)
    view = window.history_page.view
    qtbot.waitUntil(
        lambda: dialog.isActiveWindow() and dialog.isAncestorOf(QApplication.focusWidget())
    )
    key(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    back_in(qtbot, window, view)
    key(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current_page() is window.today_page


def inspect_child(folder: str) -> int:
    """Run in its own process on an X server with no window manager: History's
    Inspect opens, xdotool presses Escape, then Ctrl+1. Prints one JSON line."""
    from rpgmylife_desktop.application.clock import FixedClock
    from rpgmylife_desktop.application.paths import resolve_paths
    from rpgmylife_desktop.ui.app import start
    from rpgmylife_desktop.ui.opening import Prompts

    from .focus_child import press, wait
    from .helpers import named

    app = QApplication([])
    root = Path(folder)
    now = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    built = start(
        resolve_paths(root / "data"), FixedClock(now), settings_in(root), Prompts(named("Ada"))
    )
    assert built is not None
    built.controller.handle(AddHabit(habit_id="med", name="Meditate"))
    window = built.window
    window.show()
    result: dict[str, object] = {"window_active": wait(app, window.isActiveWindow, 10)}
    window.show_page(5)  # History (counted from 0)
    page = window.history_page
    page.view.setFocus()
    page.view.setCurrentIndex(page.view.model().index(0, 1))
    wait(app, lambda: page.view.hasFocus(), 5)
    page.inspect_selected()
    dialog = page.last_inspect
    assert dialog is not None
    result["inspect_active"] = wait(app, dialog.isActiveWindow, 5)
    press(app, "Escape")
    result["inspect_closed_by_escape"] = not dialog.isVisible()
    result["table_has_keyboard"] = wait(
        app, lambda: window.isActiveWindow() and QApplication.focusWidget() is page.view, 5
    )
    press(app, "ctrl+1")
    result["page_after_ctrl_1"] = window.nav.currentRow() + 1
    print(json.dumps(result))
    window.close()
    built.game.close()
    return 0


def test_inspect_gets_the_keyboard_on_a_bare_x_server(bare_display: str, tmp_path: Path) -> None:
    """Where the fault was seen: shown plainly, Inspect never got the keyboard and
    Escape went to the main window behind it."""
    result = run_child_on(bare_display, "tests.gui.test_play_followups", tmp_path)
    assert result == {
        "window_active": True,
        "inspect_active": True,
        "inspect_closed_by_escape": True,
        "table_has_keyboard": True,
        "page_after_ctrl_1": 1,
    }


if __name__ == "__main__":
    sys.exit(inspect_child(sys.argv[1]))


# -- 3. a numeric daily in a narrow Today: amount and streak both readable -----------


def test_a_narrow_today_gives_the_amount_and_the_streak_a_line_each(qtbot: QtBot, app: App) -> None:
    window = app.window
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() == 800)
    view = window.today_page.dailies_view
    qtbot.wait(50)  # the columns settle
    index = row_of(view, "water")
    view.scrollTo(index)
    rect = view.visualRect(index)
    delegate = view.itemDelegate()
    assert isinstance(delegate, HabitDelegate)
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = rect
    parts = delegate.layout(rect, index, option)
    name, amount, streak = parts["name"], parts["amount"], parts["streak"]
    text = parts["text"]
    # Narrow indeed: the oldest day cells gave way.
    assert "cell0" not in parts
    metrics = QFontMetrics(option.font)
    for line in (name, amount, streak):
        assert line.height() >= metrics.height()
        assert text.contains(line) and rect.contains(line)
    assert not name.intersects(amount) and not amount.intersects(streak)
    assert not name.intersects(streak)
    assert name.bottom() < amount.top() and amount.bottom() < streak.top()
    words = delegate.line_texts(index, metrics, amount.width())
    assert words["streak"] == "streak 0"  # whole, not cut off
    assert words["amount"].startswith("0") and "8" in words["amount"]
    for part in ("amount", "streak"):
        assert metrics.horizontalAdvance(words[part]) <= parts[part].width()
    # The row is as tall as its three lines: nothing is cut off below.
    assert streak.bottom() <= rect.bottom()


def test_the_amount_takes_its_short_form_then_is_elided_only_when_needed(
    qtbot: QtBot, app: App
) -> None:
    view = app.window.today_page.dailies_view
    index = row_of(view, "water")
    delegate = view.itemDelegate()
    assert isinstance(delegate, HabitDelegate)
    metrics = QFontMetrics(view.font())
    wide = delegate.line_texts(index, metrics, 1000)
    assert wide["amount"] == "0 / 8 glasses"
    short_width = metrics.horizontalAdvance("0/8 glasses")
    assert delegate.line_texts(index, metrics, short_width)["amount"] == "0/8 glasses"
    tight = delegate.line_texts(index, metrics, metrics.horizontalAdvance("0/8 gl"))["amount"]
    assert tight.startswith("0/8") and tight.endswith("…")
