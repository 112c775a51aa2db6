"""The running app's local socket: its address and its JSON-lines protocol (docs/ipc.md).

Standard library only, on purpose: the CLI imports this module to hand a writing
command to a running app before it imports the game, Qt or pydantic, so a
forwarded `rpgmylife log NAME` costs little more than Python's start-up. The app
(`ui/single_instance.py`) listens with Qt's `QLocalServer` on the same address and
checks every line with `check_request`, the one definition of what is valid.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
from collections.abc import Callable
from typing import Any, BinaryIO

PROTOCOL_VERSION = 1
MAX_LINE_BYTES = 256 * 1024
"""The longest line either side accepts (a command line and its environment are a few
hundred bytes; a reply with `history --json` may be long, so replies are not capped)."""
MAX_ARGS = 64
MAX_ARG_CHARS = 4096
FORWARD_WAIT_S = 30.0
"""How long the app keeps a forwarded writing command waiting while it is busy (a sync
pass or an import being committed, a time travel being built) before it answers that
nothing was written; the CLI waits this long plus `FORWARD_ANSWER_S` for the answer."""
FORWARD_ANSWER_S = 60.0
"""What a forwarded command may take to run once its turn came (an `import` of a big
file runs in the app), beyond `FORWARD_WAIT_S`."""
FORWARDED_ENV = ("RPGMYLIFE_NOW", "RPGMYLIFE_SEED")
"""The environment variables a forwarded command carries: the ones the CLI reads."""
DATA_DIR_ENV = "RPGMYLIFE_DATA_DIR"
APP_NAME = "RPGMyLife"
REQUEST_TYPES = ("raise", "cli", "open")
OPENABLE_SUFFIXES = (".rpgbundle", ".db", ".zip", ".json", ".csv")
"""Files the app opens in an import preview (`rpgmylife PATH`; ui/open_files.py)."""


class ProtocolError(ValueError):
    """A line that is not a valid request of this protocol version."""


def _user() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    return os.environ.get("USERNAME", "user")


def default_data_dir() -> str:
    """What `application.paths.resolve_paths` picks with no folder named (platformdirs)."""
    import platformdirs  # small, and only needed when no folder was named

    return str(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def chosen_data_dir(explicit: str | None, environ: dict[str, str] | None = None) -> str:
    """The data folder as `resolve_paths` resolves it: argument, environment, default."""
    env = os.environ if environ is None else environ
    chosen = explicit if explicit is not None else env.get(DATA_DIR_ENV) or None
    if chosen is None:
        return default_data_dir()
    return os.path.abspath(os.path.expanduser(chosen))


def server_name(data_dir: str | os.PathLike[str]) -> str:
    """The address of the app that holds `data_dir`, the same for every process of this
    user: a socket path on Linux and macOS (in `$XDG_RUNTIME_DIR`, else the temp folder;
    hashed so it stays under the 104-byte limit of a socket path), a pipe name on Windows
    (`\\\\.\\pipe\\` + the name; Qt adds the prefix itself)."""
    key = f"{_user()}\0{os.path.realpath(os.fspath(data_dir))}".encode("utf-8", "surrogateescape")
    digest = hashlib.sha256(key).hexdigest()[:16]
    if sys.platform == "win32":
        return f"rpgmylife-{digest}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = runtime if runtime and os.path.isdir(runtime) else os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(base, f"rpgmylife-{digest}.sock")


def encode(message: dict[str, Any]) -> bytes:
    """One message as one line: compact JSON, UTF-8, newline-terminated."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _strings(value: object, what: str, *, limit: int) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProtocolError(f"{what} must be a list of strings")
    if len(value) > limit or any(len(item) > MAX_ARG_CHARS for item in value):
        raise ProtocolError(f"{what} is too long")
    if any("\0" in item for item in value):
        raise ProtocolError(f"{what} holds a NUL character")
    return list(value)


def check_request(line: bytes) -> dict[str, Any]:
    """The request one line carries, checked field by field; `ProtocolError` otherwise.

    `{"v": 1, "type": "raise", "files": [...]}`: show the window (and open the files).
    `{"v": 1, "type": "cli", "argv": [...], "env": {...}}`: run a CLI command.
    `{"v": 1, "type": "open", "files": [...]}`: show the window and open the first file
    in its import preview; at least one file, each an absolute path with a suffix of
    `OPENABLE_SUFFIXES` (the app's working folder is not the launcher's).
    No other key, type or version is accepted.
    """
    if len(line) > MAX_LINE_BYTES:
        raise ProtocolError("the message is too long")
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError("the message is not JSON") from None
    if not isinstance(message, dict):
        raise ProtocolError("the message is not a JSON object")
    if message.get("v") != PROTOCOL_VERSION or isinstance(message.get("v"), bool):
        raise ProtocolError(f"unsupported protocol version {message.get('v')!r}")
    kind = message.get("type")
    if kind not in REQUEST_TYPES:
        raise ProtocolError(f"unknown request type {kind!r}")
    allowed = {"v", "type", "files"} if kind in ("raise", "open") else {"v", "type", "argv", "env"}
    extra = set(message) - allowed
    if extra:
        raise ProtocolError(f"unexpected field(s): {', '.join(sorted(map(str, extra)))}")
    if kind == "raise":
        return {
            "v": 1,
            "type": "raise",
            "files": _strings(message.get("files", []), "files", limit=MAX_ARGS),
        }
    if kind == "open":
        files = _strings(message.get("files"), "files", limit=MAX_ARGS)
        if not files:
            raise ProtocolError("files is empty")
        for name in files:
            if not os.path.isabs(name):
                raise ProtocolError("files must be absolute paths")
            if not name.lower().endswith(OPENABLE_SUFFIXES):
                raise ProtocolError(f"files must end in {', '.join(OPENABLE_SUFFIXES)}")
        return {"v": 1, "type": "open", "files": files}
    argv = _strings(message.get("argv"), "argv", limit=MAX_ARGS)
    if not argv:
        raise ProtocolError("argv is empty")
    env = message.get("env", {})
    if not isinstance(env, dict) or not set(env) <= set(FORWARDED_ENV):
        raise ProtocolError(f"env may only hold {', '.join(FORWARDED_ENV)}")
    _strings(list(env.values()), "env", limit=len(FORWARDED_ENV))
    return {"v": 1, "type": "cli", "argv": argv, "env": dict(env)}


def request(name: str, message: dict[str, Any], *, timeout: float = 30.0) -> dict[str, Any] | None:
    """Send one request to the app listening at `name` and return its reply; None when no
    app listens there (no socket, a stale socket, a refused connection)."""
    data = encode(message)
    if sys.platform == "win32":  # a named pipe opens like a file
        return exchange_by_file(
            lambda: open(r"\\.\pipe" + "\\" + name, "r+b", buffering=0),
            data,
            timeout,
        )
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        try:
            sock.connect(name)
        except OSError:
            return None
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
            if chunk.endswith(b"\n"):
                break
        return _reply(b"".join(chunks))
    finally:
        sock.close()


def exchange_by_file(
    open_pipe: Callable[[], BinaryIO], data: bytes, timeout: float
) -> dict[str, Any] | None:
    """Write `data` to the file `open_pipe` opens and read one reply line, as the Windows
    named pipe is used: None when nothing can be opened (no app listens); TimeoutError
    (an OSError, as a socket's timeout is) when the app took the line but did not answer
    within `timeout` seconds. A pipe opened as a file has no timeout of its own, so the
    exchange runs in a daemon thread that is left behind if the app never answers (the
    process that asked is about to exit with a message then)."""
    import threading  # here: the CLI's start-up on Linux and macOS does not pay for it

    outcome: list[dict[str, Any] | None] = []
    failure: list[OSError] = []

    def exchange() -> None:
        try:
            with open_pipe() as pipe:
                pipe.write(data)
                outcome.append(_reply(pipe.readline(MAX_LINE_BYTES * 64)))
        except OSError as exc:
            failure.append(exc)

    worker = threading.Thread(target=exchange, name="rpgmylife-pipe", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"the app did not answer within {timeout:g} s")
    if failure:
        return None
    return outcome[0] if outcome else None


def _reply(line: bytes) -> dict[str, Any] | None:
    if not line:
        return None
    try:
        reply = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return reply if isinstance(reply, dict) and reply.get("v") == PROTOCOL_VERSION else None
