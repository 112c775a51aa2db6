"""One running app per user and data folder, and the door the CLI writes through.

The app listens on a `QLocalServer` whose address `rpgmylife_desktop.ipc.server_name`
derives from the user and the data folder (docs/ipc.md has the protocol). A second
launch on the same folder finds it, asks it to raise its window (passing on the files
it was given) and exits; a CLI writing command is carried out by the app, the one
writer. Every line is checked by `ipc.check_request`; a malformed or oversized one
gets an error reply and its connection is closed, and the app carries on.

A forwarded command waits its turn while the window is busy (`wait_reason`: a sync
pass or an import being committed, a time travel being built): the person who typed
it should not have to retry by hand. Waiting commands run in the order they came, as
soon as the window is free, each answered with its real result; one still waiting
after `wait_s` (`ipc.FORWARD_WAIT_S`), or when the app closes, is answered that
nothing was written, and never runs. A client that hangs up meanwhile is dropped.

After a crash the socket file stays behind: before listening the app asks whoever is
at the address, and removes the file only when nobody answers.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from rpgmylife_desktop import ipc
from rpgmylife_desktop.errors import EXIT_IN_USE

CliRunner = Callable[[Sequence[str], Mapping[str, str]], tuple[int, str, str]]
"""Runs a forwarded command line: (argv, env) -> (exit code, stdout, stderr)."""

LISTEN_ATTEMPTS = 3
"""Listening is retried this often when another app is starting at the same moment."""

WAIT_POLL_MS = 50
"""How often a waiting command asks again whether the window is free: the busy states
(a worker's pass, a travel, an import) end on other threads' signals, so it asks."""


@dataclass
class _Waiting:
    """A forwarded command line waiting for its turn, and the client waiting for it."""

    sock: QLocalSocket
    argv: list[str]
    env: dict[str, str]
    deadline: float
    told: bool = False
    """True once `commandWaiting` was announced for it."""


def ask_running(name: str, files: Sequence[str] = ()) -> bool:
    """Ask the app listening at `name` to show its window; True when one answered."""
    reply = ipc.request(
        name, {"v": ipc.PROTOCOL_VERSION, "type": "raise", "files": list(files)}, timeout=5
    )
    return reply is not None and bool(reply.get("ok"))


class InstanceServer(QObject):
    """The listening side: raises the window on request and runs forwarded commands."""

    raiseRequested = Signal(list)
    """A second launch asked to show the window; the files it was asked to open
    (absolute paths, in an `open` request)."""
    commandRun = Signal(list, int)
    """A forwarded command line ran (argv, exit code)."""
    refusedMessage = Signal(str)
    """A line was refused (why), and its connection closed."""
    commandWaiting = Signal(list, str)
    """A forwarded command line waits for its turn (argv, what the window is busy with)."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.cli_runner: CliRunner | None = None
        self.wait_reason: Callable[[], str | None] | None = None
        """Why a forwarded command must wait just now (the window is busy), or None."""
        self.wait_s = ipc.FORWARD_WAIT_S
        """How long a forwarded command waits for its turn before it is given up."""
        self.starting: str | None = None
        """Set while the app opens its data folder (listening already, not yet carrying
        out commands): why a forwarded command waits until `ready`."""
        self._waiting: deque[_Waiting] = deque()
        self._running = False
        self._poll = QTimer(self)
        self._poll.setInterval(WAIT_POLL_MS)
        self._poll.timeout.connect(self._run_waiting)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self, files: Sequence[str] = ()) -> bool:
        """Start listening; False when another app already answers at this address (it
        was asked to raise its window and this one should exit)."""
        for _attempt in range(LISTEN_ATTEMPTS):
            # Ask first: with UserAccessOption Qt renames its socket into place, so a listen
            # would silently take the address of a live app.
            if ask_running(self.name, files):
                return False
            QLocalServer.removeServer(self.name)  # stale (its app is gone) or absent
            if self._server.listen(self.name):
                if sys.platform != "win32":
                    os.chmod(self._server.fullServerName(), 0o600)
                return True
        raise OSError(f"Cannot listen at {self.name}: {self._server.errorString()}")

    def close(self) -> None:
        self.give_up_waiting("the app closed before its turn came")
        self._server.close()
        for sock in list(self._buffers):
            sock.abort()
        self._buffers.clear()

    @property
    def address(self) -> str:
        return self._server.fullServerName()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = bytearray()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._forget(s))

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        # A client that hung up while its command waited (Ctrl+C) never sees it run.
        self._waiting = deque(w for w in self._waiting if w.sock is not sock)
        sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        buffer = self._buffers.get(sock)
        if buffer is None:
            return
        buffer += bytes(sock.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > ipc.MAX_LINE_BYTES:
                self._refuse(sock, "the message is too long")
            return
        line, _, rest = bytes(buffer).partition(b"\n")
        buffer[:] = rest
        try:
            request = ipc.check_request(line)
        except ipc.ProtocolError as exc:
            self._refuse(sock, str(exc))
            return
        if request["type"] in ("raise", "open"):  # `open`: a launch with a file (docs/ipc.md)
            self.raiseRequested.emit(request["files"])
            self._reply(sock, {"v": ipc.PROTOCOL_VERSION, "ok": True})
        elif self.cli_runner is None and self.starting is None:
            self._refuse(sock, "this app does not carry out commands")
        else:
            self._buffers.pop(sock, None)  # one request a connection: the rest is ignored
            deadline = time.monotonic() + self.wait_s
            self._waiting.append(_Waiting(sock, request["argv"], request["env"], deadline))
            self._run_waiting()
            return  # answered when it ran, or was given up
        sock.disconnectFromServer()

    # -- forwarded commands, in turn --------------------------------------------------

    @property
    def waiting(self) -> int:
        """Forwarded commands waiting for their turn."""
        return len(self._waiting)

    def ready(self) -> None:
        """The app has opened its data folder: the commands that waited for it run now
        (or, when it carries out none, e.g. read-only, are told so)."""
        self.starting = None
        if self.cli_runner is None:
            self.give_up_waiting("the app opened this data folder but does not carry out commands")
        self._run_waiting()

    def give_up_waiting(self, why: str) -> None:
        """Answer every waiting command that it was not carried out (`why`): nothing
        was written. The app closes, or the window it writes through does."""
        self._poll.stop()
        while self._waiting:
            waiting = self._waiting.popleft()
            self._answer(
                waiting.sock,
                EXIT_IN_USE,
                f"rpgmylife: {why}; the command was not carried out and nothing was "
                "written. Run it again.\n",
                wait=True,
            )

    def _run_waiting(self) -> None:
        """Run the waiting commands in order while the window is free; give up those
        whose time ran out while it is not."""
        if self._running:  # a command that runs an event loop: the next goes after it
            return
        self._running = True
        try:
            while self._waiting:
                first = self._waiting[0]
                if not _connected(first.sock):
                    self._waiting.popleft()
                    continue
                why = self.starting or (
                    self.wait_reason() if self.wait_reason is not None else None
                )
                if why:
                    self._wait(why)
                    return
                self._waiting.popleft()
                self._run(first)
        finally:
            self._running = False
        self._poll.stop()

    def _wait(self, why: str) -> None:
        now = time.monotonic()
        while self._waiting and self._waiting[0].deadline <= now:  # deadlines come in order
            late = self._waiting.popleft()
            self._answer(
                late.sock,
                EXIT_IN_USE,
                f"rpgmylife: the app stayed busy for {self.wait_s:g} s, so the command was "
                f"not carried out and nothing was written.\nThe app is busy with: {why}\n"
                "Run the command again once it is done.\n",
            )
        for waiting in self._waiting:
            if not waiting.told:
                waiting.told = True
                self.commandWaiting.emit(waiting.argv, why)
        if self._waiting and not self._poll.isActive():
            self._poll.start()

    def _run(self, waiting: _Waiting) -> None:
        if self.cli_runner is None:  # not reached: `ready` gives the waiting ones up
            self._answer(waiting.sock, EXIT_IN_USE, "rpgmylife: nothing was written.\n")
            return
        try:
            code, out, err = self.cli_runner(waiting.argv, waiting.env)
        except Exception as exc:  # a bug: the terminal hears of it, the app reports it
            self._answer(waiting.sock, 1, f"rpgmylife: the app failed to run the command: {exc}\n")
            raise
        self.commandRun.emit(waiting.argv, code)
        self._answer(waiting.sock, code, err, out=out)

    def _answer(
        self, sock: QLocalSocket, code: int, err: str, *, out: str = "", wait: bool = False
    ) -> None:
        """Send a `cli` reply and hang up (`wait`: make sure it left before the app goes)."""
        if not _connected(sock):
            return
        self._reply(
            sock,
            {"v": ipc.PROTOCOL_VERSION, "ok": True, "code": code, "stdout": out, "stderr": err},
        )
        if wait:
            sock.waitForBytesWritten(2_000)
        sock.disconnectFromServer()

    def _refuse(self, sock: QLocalSocket, why: str) -> None:
        self.refusedMessage.emit(why)
        self._reply(sock, {"v": ipc.PROTOCOL_VERSION, "ok": False, "error": why})
        self._buffers.pop(sock, None)
        sock.disconnectFromServer()

    def _reply(self, sock: QLocalSocket, message: dict[str, object]) -> None:
        if sock.state() == QLocalSocket.LocalSocketState.ConnectedState:
            sock.write(ipc.encode(message))
            sock.flush()


def _connected(sock: QLocalSocket) -> bool:
    return shiboken6.isValid(sock) and sock.state() == QLocalSocket.LocalSocketState.ConnectedState
