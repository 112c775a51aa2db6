"""The exchange the CLI uses on Windows' named pipe (`ipc.exchange_by_file`): a pipe opened
as a file has no timeout of its own, so an app that took a command and went quiet must not
hang the command line. Driven here with a real connected socket pair opened as a file
(Windows' pipe itself does not exist on this platform): the wiring is the same, a binary
file written once and read to its first newline."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import BinaryIO

import pytest

from rpgmylife_desktop import ipc


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    ours, app = socket.socketpair()
    try:
        yield ours, app
    finally:
        ours.close()
        app.close()


def opener(sock: socket.socket) -> BinaryIO:
    return sock.makefile("rwb", buffering=0)  # type: ignore[return-value]


MESSAGE = {"v": ipc.PROTOCOL_VERSION, "type": "raise", "files": []}


def test_an_answer_is_read_back(pair: tuple[socket.socket, socket.socket]) -> None:
    ours, app = pair
    received: list[bytes] = []

    def answer() -> None:
        with app.makefile("rwb", buffering=0) as pipe:
            received.append(pipe.readline())
            pipe.write(json.dumps({"v": 1, "ok": True}).encode() + b"\n")

    peer = threading.Thread(target=answer)
    peer.start()
    reply = ipc.exchange_by_file(lambda: opener(ours), ipc.encode(MESSAGE), timeout=30)
    peer.join(30)
    assert reply == {"v": 1, "ok": True}
    assert json.loads(received[0]) == MESSAGE


def test_an_app_that_goes_quiet_times_out_instead_of_hanging(
    pair: tuple[socket.socket, socket.socket],
) -> None:
    ours, _app = pair  # the app reads nothing and never answers
    started = time.monotonic()
    with pytest.raises(TimeoutError, match=r"did not answer within 0\.3 s"):
        ipc.exchange_by_file(lambda: opener(ours), ipc.encode(MESSAGE), timeout=0.3)
    assert time.monotonic() - started < 10  # it returned, not after the app's whim


def test_no_pipe_to_open_means_no_app() -> None:
    def missing() -> BinaryIO:
        raise FileNotFoundError("no such pipe")

    assert ipc.exchange_by_file(missing, ipc.encode(MESSAGE), timeout=5) is None


def test_a_closed_or_garbled_answer_is_no_answer(pair: tuple[socket.socket, socket.socket]) -> None:
    ours, app = pair

    def garble() -> None:
        with app.makefile("rwb", buffering=0) as pipe:
            pipe.readline()
            pipe.write(b"not json\n")

    peer = threading.Thread(target=garble)
    peer.start()
    assert ipc.exchange_by_file(lambda: opener(ours), ipc.encode(MESSAGE), timeout=30) is None
    peer.join(30)
