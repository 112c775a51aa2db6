"""Opening the data folder in the window: the first-run welcome (a name, and an empty
start, the demo or history from another tracker), a long open behind a progress dialog
with Cancel (the open runs in a thread while the event loop keeps painting), and the
questions about a damaged log (Repair, View read-only, Quit) or a folder another
program writes to (Open read-only, Quit).

The questions go through `Prompts`, so tests answer the real dialogs without a modal
loop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from rpgmylife_desktop import APP_NAME
from rpgmylife_desktop.application.clock import Clock
from rpgmylife_desktop.application.demo import play_demo
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.repair import repair_data_folder
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import CreateCharacter
from rpgmylife_desktop.errors import EXIT_DAMAGED, EXIT_IN_USE, UserError
from rpgmylife_desktop.ui.first_run import FirstRunChoice, FirstRunDialog

Ask = Callable[[QMessageBox], QMessageBox.StandardButton | int]
"""Shows a question box and returns the button chosen (tests answer it themselves)."""


def _exec(box: QMessageBox) -> int:
    return box.exec()


def _first_run_exec(dialog: FirstRunDialog) -> FirstRunChoice | None:
    return dialog.choice() if dialog.exec() else None


@dataclass
class Prompts:
    """How the start-up questions are asked (real modal dialogs unless a test answers)."""

    first_run: Callable[[FirstRunDialog], FirstRunChoice | None] = _first_run_exec
    damaged: Ask = _exec
    in_use: Ask = _exec
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Opened:
    """The open game, and what the window does first."""

    game: Game
    read_only_reason: str | None = None
    """Why the game is open read-only (shown in the window), or None: open for writing."""
    history_from: str | None = None
    """The welcome asked to bring history: the import (loop, habitica, csv) to open."""


def has_events(paths: DataPaths) -> bool:
    events = paths.events_dir
    return events.is_dir() and any(p.stat().st_size > 0 for p in events.iterdir() if p.is_file())


def damaged_box(message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, f"{APP_NAME}: the event log is damaged", message)
    box.setObjectName("damagedBox")
    box.setInformativeText(
        "Nothing has been changed. Repair moves the damaged bytes aside into the data folder's "
        "quarantine (they are kept, never deleted) and keeps every intact event. View "
        "read-only shows your game as it was before the damage and writes nothing."
    )
    box.setStandardButtons(
        QMessageBox.StandardButton.Ok
        | QMessageBox.StandardButton.Open
        | QMessageBox.StandardButton.Cancel
    )
    box.button(QMessageBox.StandardButton.Ok).setText("Repair")
    box.button(QMessageBox.StandardButton.Open).setText("View read-only")
    box.button(QMessageBox.StandardButton.Cancel).setText("Quit")
    return box


def in_use_box(message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, f"{APP_NAME}: the data folder is in use", message)
    box.setObjectName("inUseBox")
    box.setInformativeText(
        "Another RPGMyLife window or command is writing to this folder. Close it and start "
        "again, or look at your game read-only meanwhile."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Open).setText("Open read-only")
    box.button(QMessageBox.StandardButton.Cancel).setText("Quit")
    return box


OPEN_PROGRESS_AFTER_MS = 400
"""An open that takes longer than this shows its progress dialog."""


class OpenCancelled(UserError):
    """The person cancelled a long open."""

    exit_code = 0


def open_off_thread(paths: DataPaths, clock: Clock, *, read_only: bool = False) -> Game:
    """`Game.open` in a worker thread while the event loop keeps running, behind a
    progress dialog after `OPEN_PROGRESS_AFTER_MS` (a big log without a snapshot replays
    for a while). Cancel closes the game as soon as the open returns and quits."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["game"] = Game.open(paths, clock, read_only=read_only)
        except BaseException as exc:  # handed back to the GUI thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="open-game", daemon=True)
    worker.start()
    worker.join(0.05)
    if worker.is_alive():
        dialog = QProgressDialog(
            f"Opening your game in {paths.data_dir}…\nReading the whole history once; the "
            "next start is quick.",
            "Cancel",
            0,
            0,
        )
        dialog.setObjectName("openProgress")
        dialog.setWindowTitle(APP_NAME)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.hide()
        loop = QEventLoop()
        shower = QTimer()
        shower.setSingleShot(True)
        shower.timeout.connect(lambda: dialog.show() if worker.is_alive() else None)
        shower.start(OPEN_PROGRESS_AFTER_MS)
        timer = QTimer()
        timer.setInterval(20)
        timer.timeout.connect(lambda: None if worker.is_alive() else loop.quit())
        timer.start()
        dialog.canceled.connect(loop.quit)
        loop.exec()
        timer.stop()
        shower.stop()
        cancelled = dialog.wasCanceled()
        dialog.close()
        worker.join()
        if cancelled:
            opened = outcome.get("game")
            if opened is not None:
                opened.close()
            raise OpenCancelled("Opening was cancelled.")
    if "error" in outcome:
        raise outcome["error"]
    game = outcome["game"]
    assert isinstance(game, Game)
    return game


def open_game(paths: DataPaths, clock: Clock, prompts: Prompts) -> Opened | None:
    """Open the game, asking what to do about a damaged or busy folder; None: quit."""
    if not has_events(paths):
        choice = prompts.first_run(FirstRunDialog())
        if choice is None:
            return None
        if choice.demo:
            play_demo(paths, clock.now())
            return Opened(Game.open(paths, clock))
        # Bringing history starts as an empty adventure does: the character first, so
        # that a cancelled picker or import leaves the named character, not the welcome.
        game = Game.open(paths, clock)
        game.handle(CreateCharacter(name=choice.name))
        return Opened(game, history_from=choice.history_from)
    try:
        return Opened(open_off_thread(paths, clock))
    except OpenCancelled:
        return None
    except UserError as exc:
        prompts.messages.append(exc.window_text())
        if exc.exit_code == EXIT_DAMAGED:
            answer = prompts.damaged(damaged_box(exc.window_text()))
            if answer == QMessageBox.StandardButton.Open:
                return _open_damaged_read_only(paths, clock)
            if answer != QMessageBox.StandardButton.Ok:
                return None
            prompts.messages.append(repair_data_folder(paths))
            return Opened(open_off_thread(paths, clock))
        if exc.exit_code == EXIT_IN_USE:
            holder = getattr(exc, "holder", {}) or {}
            detail = ", ".join(f"{k} {v}" for k, v in holder.items())
            text = exc.window_text() + (f"\nHeld by: {detail}" if detail else "")
            if prompts.in_use(in_use_box(text)) != QMessageBox.StandardButton.Open:
                return None
            reason = "Read-only: another program writes to this data folder. " + (
                f"({detail})" if detail else ""
            )
            return Opened(open_off_thread(paths, clock, read_only=True), reason.strip())
        raise


def _open_damaged_read_only(paths: DataPaths, clock: Clock) -> Opened:
    """A reading session on a damaged log: the events before the damage, nothing written."""
    game = open_off_thread(paths, clock, read_only=True)
    damage = game.store.damage
    where = damage.describe() if damage is not None else "an unknown place"
    reason = (
        f"Read-only: the event log is damaged at {where}; showing the "
        f"{game.store.head_position:,} events before it. To keep every intact event and "
        "write again, quit and choose Repair (or run `rpgmylife repair`)."
    )
    return Opened(game, reason)
