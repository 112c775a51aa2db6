"""One running app per user and data folder, and the door the CLI writes through.

The app listens on a `QLocalServer` whose address `rpgmylife_desktop.ipc.server_name`
derives from the user and the data folder (docs/ipc.md has the protocol). A second
launch on the same folder finds it, asks it to raise its window (passing on the files
it was given) and exits; a CLI writing command is carried out by the app, the one
writer. Every line is checked by `ipc.check_request`; a malformed or oversized one
gets an error reply and its connection is closed, and the app carries on.

After a crash the socket file stays behind: before listening the app asks whoever is
at the address, and removes the file only when nobody answers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from rpgmylife_desktop import ipc

CliRunner = Callable[[Sequence[str], Mapping[str, str]], tuple[int, str, str]]
"""Runs a forwarded command line: (argv, env) -> (exit code, stdout, stderr)."""

LISTEN_ATTEMPTS = 3
"""Listening is retried this often when another app is starting at the same moment."""


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

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.cli_runner: CliRunner | None = None
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
        elif self.cli_runner is None:
            self._refuse(sock, "this app does not carry out commands")
        else:
            code, out, err = self.cli_runner(request["argv"], request["env"])
            self.commandRun.emit(request["argv"], code)
            self._reply(
                sock,
                {"v": ipc.PROTOCOL_VERSION, "ok": True, "code": code, "stdout": out, "stderr": err},
            )
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
