"""`rpgmylife --self-test`: start the whole app on a scratch folder and check it works.

Made for the places where a person cannot look at the window: an installed wheel,
a frozen build in CI, a bug report ("what does `rpgmylife --self-test` say?"). It
runs on Qt's offscreen platform, on a temporary data folder that it deletes
afterwards, so it never touches the player's game or settings. Each step prints
one line; the first failing step prints the reason and the exit code is 1.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rpgmylife_desktop import APP_NAME, __version__

if TYPE_CHECKING:  # imported when the self-test runs, after Qt's platform is chosen
    from PySide6.QtWidgets import QWidget

    from rpgmylife_desktop.application.clock import Clock
    from rpgmylife_desktop.application.paths import DataPaths
    from rpgmylife_desktop.application.session import Game
    from rpgmylife_desktop.ui.app import App

SELF_TEST_HABIT = "Self-test habit"


class SelfTestFailed(Exception):
    """A step found something wrong; the message says what."""


class _Steps:
    """Prints one line per step and remembers which step was running."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.current = "starting"

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.current = name
        yield
        print(f"ok    {name}", file=self.out, flush=True)


def _check(condition: bool, reason: str) -> None:
    if not condition:
        raise SelfTestFailed(reason)


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step; 0 when all passed, 1 (and the reason on stderr) otherwise."""
    stream = out if out is not None else (sys.stdout or open(os.devnull, "w"))  # noqa: SIM115
    print(f"{APP_NAME} {__version__} self-test (Python {sys.version.split()[0]})", file=stream)
    steps = _Steps(stream)
    try:
        with tempfile.TemporaryDirectory(prefix="rpgmylife-self-test-") as scratch:
            _run(Path(scratch), steps)
    except Exception as exc:
        reason = str(exc) if isinstance(exc, SelfTestFailed) else _describe(exc)
        print(f"FAIL  {steps.current}: {reason}", file=stream, flush=True)
        if sys.stderr is not None:
            print(f"rpgmylife: self-test failed: {steps.current}: {reason}", file=sys.stderr)
        return 1
    print("self-test passed", file=stream, flush=True)
    return 0


def _describe(exc: BaseException) -> str:
    """An unexpected error in one line, with where it happened."""
    where = traceback.extract_tb(exc.__traceback__)[-1:]
    place = f" (at {Path(where[0].filename).name}:{where[0].lineno})" if where else ""
    return f"{type(exc).__name__}: {exc}{place}"


def _run(scratch: Path, steps: _Steps) -> None:
    with steps.step("Qt starts on the offscreen platform"):
        from PySide6.QtCore import QSize
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication

        existing = QApplication.instance()
        if existing is None:
            # Offscreen even on a desktop: the self-test shows nothing and needs no display.
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        qt_app = existing if isinstance(existing, QApplication) else QApplication([APP_NAME])
        _check(qt_app is not None, "no QApplication")

    with steps.step("the app icon is found and renders"):
        from rpgmylife_desktop.ui.resources import icon_path, resource_dirs

        icon = icon_path()
        looked = ", ".join(str(place) for place in resource_dirs())
        _check(icon.is_file(), f"{icon} is missing (looked for resources/ in: {looked})")
        pixmap = QIcon(str(icon)).pixmap(QSize(64, 64))
        _check(not pixmap.isNull(), f"Qt cannot render {icon} (is the SVG plugin missing?)")

    with steps.step("a new game opens on a temporary data folder"):
        from rpgmylife_desktop.application.clock import clock_from_env
        from rpgmylife_desktop.application.paths import resolve_paths
        from rpgmylife_desktop.application.session import Game

        paths = resolve_paths(str(scratch / "data"))
        clock = clock_from_env()
        # The full window, built by the composition root as `rpgmylife` builds it.
        window_app = _FullWindow(paths, clock, scratch)
        window_app.open()

    try:
        with steps.step("the main window opens"):
            window = window_app.window()
            window.show()
            qt_app.processEvents()
            _check(window.isVisible(), "the window did not show")
            _check(APP_NAME in window.windowTitle(), f"unexpected title {window.windowTitle()!r}")

        with steps.step("a habit is logged through the controller"):
            window_app.add_and_log_habit()
            qt_app.processEvents()
            before = window_app.game().status(with_digest=True)
            _check(before.xp > 0, f"logging earned no XP (XP {before.xp})")
    finally:
        window_app.close()

    with steps.step("the log closes, reopens and the state survived"):
        with Game.open(paths, clock, read_only=True, close_days=False) as reopened:
            after = reopened.status(with_digest=True)
        _check(
            (after.events, after.xp, after.state_digest)
            == (before.events, before.xp, before.state_digest),
            f"reopened with {after.events} events and {after.xp} XP, "
            f"closed with {before.events} events and {before.xp} XP",
        )
        window_app.open()
        try:
            shown = _all_text(window_app.window())
            _check(SELF_TEST_HABIT in shown, "the reopened window does not show the logged habit")
        finally:
            window_app.close()


class _FullWindow:
    """The main window from the composition root (`ui.app.start`), with commands
    through its `Controller`; opened, closed and opened again like a person would."""

    def __init__(self, paths: DataPaths, clock: Clock, scratch: Path) -> None:
        from PySide6.QtCore import QSettings

        self.paths = paths
        self.clock = clock
        # Settings of its own: the person's window geometry and theme stay untouched.
        self.settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        self.built: App | None = None

    def open(self) -> None:
        from rpgmylife_desktop.ui.app import start
        from rpgmylife_desktop.ui.first_run import FirstRunChoice
        from rpgmylife_desktop.ui.opening import Prompts

        prompts = Prompts(first_run=lambda _dialog: FirstRunChoice(name="Self-test", demo=False))
        self.built = start(self.paths, self.clock, self.settings, prompts)
        _check(self.built is not None, "the app quit at start-up: " + "; ".join(prompts.messages))

    @property
    def app(self) -> App:
        assert self.built is not None, "open() first"
        return self.built

    def window(self) -> QWidget:
        return self.app.window

    def game(self) -> Game:
        return self.app.game

    def add_and_log_habit(self) -> None:
        from rpgmylife_desktop.domain.commands import AddHabit

        controller = self.app.controller
        add = AddHabit(name=SELF_TEST_HABIT)
        _check(controller.handle(add) is not None, f"adding a habit: {controller.last_message}")
        logged = controller.log(add.habit_id)
        _check(logged is not None and logged.written, f"logging: {controller.last_message}")

    def close(self) -> None:
        if self.built is not None:
            self.built.close()
            self.built = None


def _all_text(widget: object) -> str:
    """Every label's text and every shown list or table cell in a window (what a
    person would read)."""
    from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
    from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

    assert isinstance(widget, QWidget)
    texts = [label.text() for label in widget.findChildren(QLabel)]
    for view in widget.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        top = QModelIndex()
        # A list model has one column (and hides columnCount from Python).
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
        for row in range(model.rowCount(top)):
            for column in range(columns):
                value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
                if value is not None:
                    texts.append(str(value))
    return "\n".join(texts)
