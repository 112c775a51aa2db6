"""The composition root of the GUI: the one place that wires objects together.

It opens one writing `Game` on the data folder (after the first-run welcome, whose
"Bring my history" then opens File > Import from… at once, or the explanation of a
damaged or busy data folder), builds the item models, the controller, the actions and
the main window, and nothing else creates them.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from rpgmylife_desktop import APP_ID, APP_NAME, __version__
from rpgmylife_desktop.application.clock import Clock, clock_from_env
from rpgmylife_desktop.application.paths import DataPaths, resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.ipc import server_name
from rpgmylife_desktop.ui.actions import Actions
from rpgmylife_desktop.ui.controller import Controller
from rpgmylife_desktop.ui.main_window import MainWindow, Models
from rpgmylife_desktop.ui.models.character import CharacterModel
from rpgmylife_desktop.ui.models.checklist import ChecklistModel
from rpgmylife_desktop.ui.models.days import DaysModel
from rpgmylife_desktop.ui.models.goals import GoalsModel
from rpgmylife_desktop.ui.models.habits import HabitsModel
from rpgmylife_desktop.ui.models.history import HistoryModel
from rpgmylife_desktop.ui.models.milestones import MilestonesModel
from rpgmylife_desktop.ui.models.quests import QuestsModel
from rpgmylife_desktop.ui.models.rewards import RewardsModel
from rpgmylife_desktop.ui.models.today import TodayModel
from rpgmylife_desktop.ui.notifications import AUTOSTART_FLAG
from rpgmylife_desktop.ui.open_files import open_files
from rpgmylife_desktop.ui.opening import Prompts, has_events, open_game
from rpgmylife_desktop.ui.pages.stats import StatsPage
from rpgmylife_desktop.ui.quit_signals import QuitOnSignals
from rpgmylife_desktop.ui.resources import icon_path
from rpgmylife_desktop.ui.single_instance import InstanceServer
from rpgmylife_desktop.ui.theme import apply_theme
from rpgmylife_desktop.ui.tray import Tray
from rpgmylife_desktop.ui.view_source import ViewSource

HostedCli = Callable[[Game, Sequence[str], Mapping[str, str]], tuple[int, str, str]]
"""Runs a forwarded CLI command line on the open game: (exit code, stdout, stderr)."""

GUI_SWITCH_INTERVAL = 0.0005
"""Seconds a thread may hold the GIL while another waits (Python's default: 0.005)."""


@dataclass
class App:
    """Everything the composition root built, for the caller (and tests) to hold."""

    game: Game
    source: ViewSource
    controller: Controller
    models: Models
    actions: Actions
    window: MainWindow

    def close(self) -> None:
        self.window.close()
        self.game.close()


def build(game: Game, settings: QSettings, *, read_only_reason: str | None = None) -> App:
    """Models, controller, actions and window over an open game."""
    if game.state.character is not None and not game.read_only:
        game.engine.set_today(game.today())
    source = ViewSource(game)
    live = ViewSource(game)  # the milestone list always shows every milestone
    controller = Controller(game, source)
    models = Models(
        character=CharacterModel(source),
        today=TodayModel(source),
        habits=HabitsModel(source),
        quests=QuestsModel(source),
        goals=GoalsModel(source),
        rewards=RewardsModel(source),
        milestones=MilestonesModel(live),
        history=HistoryModel(source),
        days=DaysModel(source),
        checklist=ChecklistModel(source),
    )
    for dated in (models.quests, models.goals, models.milestones):  # "tomorrow" changes
        models.today.modelReset.connect(dated.day_moved)
    actions = Actions()
    stats = _stats_page(source, models)
    window = MainWindow(
        game,
        source,
        controller,
        models,
        actions,
        settings,
        stats_page=stats,
        read_only_reason=read_only_reason,
    )
    actions.setParent(window)
    source.setParent(window)
    live.setParent(window)
    controller.setParent(window)
    qt_app = QApplication.instance()
    if isinstance(qt_app, QApplication):
        # Follow the system's light/dark switch while the setting says "system".
        def scheme_changed(_scheme: object) -> None:
            if str(settings.value("theme", "system")) == "system":
                apply_theme(qt_app, "system")

        qt_app.styleHints().colorSchemeChanged.connect(scheme_changed)
        window.destroyed.connect(
            lambda: qt_app.styleHints().colorSchemeChanged.disconnect(scheme_changed)
        )
    # The open game's state is millions of long-lived objects; without this, every full
    # collection of the cyclic garbage collector walks them all on the GUI thread (a
    # pause of hundreds of ms on a big log). Reference counting still frees them.
    gc.freeze()
    # The GUI thread paints through many short calls into Qt, each releasing the GIL and
    # taking it back; behind a busy worker (time travel, the timeline filler) every
    # take-back waited up to the default 5 ms switch interval, so one repaint could wait
    # hundreds of ms. A shorter interval hands the GIL back sooner.
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    if game.closed_on_open:
        # A faint or a level-up in those days is told once the window shows.
        closed = list(game.closed_on_open)

        def announce_closed() -> None:
            window.days.tell_closed_days(closed, controller.announce)

        QTimer.singleShot(0, window, announce_closed)
    return App(game, source, controller, models, actions, window)


def _stats_page(source: ViewSource, models: Models) -> QWidget | None:
    return StatsPage(source, models.days)


def default_settings() -> QSettings:
    return QSettings(APP_NAME, APP_NAME)


def start(
    paths: DataPaths,
    clock: Clock,
    settings: QSettings,
    prompts: Prompts | None = None,
) -> App | None:
    """Open the data folder and build the window (None when the person chose to quit)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, str(settings.value("theme", "system")))
    first_run = not has_events(paths)
    opened = open_game(paths, clock, prompts or Prompts())
    if opened is None:
        return None
    game = opened.game
    try:
        built = build(game, settings, read_only_reason=opened.read_only_reason)
    except BaseException:
        game.close()
        raise
    if first_run:
        # A new adventure starts on Today, not on the page another data folder was
        # left on (the window's settings are the user's, not the folder's).
        built.window.show_page(0)
    if opened.history_from is not None:
        # "Bring my history": File > Import from…'s picker, as soon as the event loop
        # runs, over the window the caller shows meanwhile.
        kind = opened.history_from
        window = built.window
        QTimer.singleShot(0, window, lambda: window.interop.bring_history(kind))
    return built


def run_app(
    data_dir: str | None = None,
    argv: Sequence[str] | None = None,
    *,
    cli_runner: HostedCli | None = None,
    files: Sequence[str] = (),
) -> int:
    """Start the GUI on `data_dir` (or the default data folder) and run until it closes.

    When an app already runs on that folder, it is asked to show its window (and open
    `files`) and this one exits at once. `cli_runner` carries out the CLI commands that
    `rpgmylife` processes forward while this app holds the folder."""
    existing = QApplication.instance()
    qt_app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(list(argv if argv is not None else sys.argv))
    )
    qt_app.setApplicationName(APP_NAME)
    qt_app.setApplicationVersion(__version__)
    # Groups the window with its launcher (the .desktop file of this id) on Linux docks.
    qt_app.setDesktopFileName(APP_ID)
    qt_app.setWindowIcon(QIcon(str(icon_path())))
    paths = resolve_paths(data_dir)
    server = InstanceServer(server_name(paths.data_dir))
    # A command forwarded while the game opens (a big log replays for a while, behind a
    # progress dialog) waits for it, as it waits for the window's other work.
    server.starting = "The app is still opening the data folder."
    try:
        if not server.listen(files):
            return 0  # the running app shows its window instead
    except OSError as exc:  # no single-instance door: the folder lock still keeps one writer
        print(f"rpgmylife: {exc}", file=sys.stderr)
    settings = default_settings()
    try:
        built = start(paths, clock_from_env(), settings)
    except UserError as exc:
        server.close()
        QMessageBox.critical(None, APP_NAME, str(exc))
        return exc.exit_code
    if built is None:
        server.close()
        return 0
    # A logout's SIGTERM, Ctrl+C or a closed terminal quit like File > Quit does. Installed
    # before `serve`: its `server.ready()` runs the commands that waited for the opening
    # there and then and sends their answers, and a signal right after one must not find
    # Python's default handlers (which end the process on the spot, cache unsaved).
    signals = QuitOnSignals(built.actions.quit.trigger, built.window)
    serve(server, built, cli_runner)
    tray = attach_tray(built, settings)
    present(built, tray, list(argv if argv is not None else sys.argv), files)
    try:
        return qt_app.exec()
    finally:
        signals.restore()
        tray.close()
        server.close()
        built.game.close()


def present(built: App, tray: Tray, words: Sequence[str], files: Sequence[str] = ()) -> None:
    """Show the window, unless the app was started on login and has a tray to live in,
    and open the files it was launched with (each in its import preview)."""
    if not (AUTOSTART_FLAG in words and tray.available) or files:
        built.window.show()
    open_files(built.window, files)


def attach_tray(built: App, settings: QSettings, *, available: bool | None = None) -> Tray:
    """The tray icon over the built window (or, without a tray, its stand-ins)."""
    return Tray(
        built.game,
        built.controller,
        built.models.character,
        built.models.today,
        built.actions,
        built.window,
        settings,
        available=available,
    )


def serve(server: InstanceServer, built: App, cli_runner: HostedCli | None) -> None:
    """Let `server` raise the window and carry out forwarded commands on the open game."""
    server.setParent(built.window)

    def raise_window(files: list[str]) -> None:
        window = built.window
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        open_files(window, files)

    server.raiseRequested.connect(raise_window)
    if cli_runner is not None and not built.game.read_only:
        server.cli_runner = lambda argv, env: cli_runner(built.game, argv, env)
        # A forwarded command waits while the window's own buttons would be refused.
        server.wait_reason = built.controller.wait_reason
        server.commandRun.connect(lambda _argv, _code: built.controller.undoStackChanged.emit())
        server.commandWaiting.connect(
            lambda _argv, why: built.window.statusBar().showMessage(
                f"A command from a terminal waits for its turn. {why}", 5000
            )
        )
        # Closing the window ends the app (a tray's "close to tray" takes the event
        # before this filter, installed first, sees it): the waiting commands never run.
        closing = _WindowClosing(server, built.window)
        built.window.installEventFilter(closing)
    elif built.game.read_only:
        server.give_up_waiting("the app opened this data folder read-only")
    server.ready()


class _WindowClosing(QObject):
    """Gives up the forwarded commands still waiting when the window closes."""

    def __init__(self, server: InstanceServer, window: QWidget) -> None:
        super().__init__(window)
        self._server = server

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self._server.give_up_waiting("the window was closed before its turn came")
        return False


def main() -> int:
    return run_app()


if __name__ == "__main__":  # the login entry: python -m rpgmylife_desktop.ui.app --tray
    sys.exit(main())
