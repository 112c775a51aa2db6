"""The id of this data folder's device, kept in `<data_dir>/device.json`.

It lives outside `events/` because `events/` holds the log and nothing else.
The id is created on the first write, never by a read-only session, and
written atomically so a crash never leaves half a file.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from pathlib import Path

from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.eventstore.fileio import storage_error

DEVICE_FILE = "device.json"


class DeviceFileDamaged(UserError):
    """`device.json` exists but cannot be read."""

    exit_code = 3


def read_device_id(data_dir: Path) -> str | None:
    """The stored device id, or None when there is none yet."""
    path = data_dir / DEVICE_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise DeviceFileDamaged(
            f"{path} should be a small file holding this device's id but is a folder.",
            hint="Move that folder away; a new device id will be created (your events are safe).",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:  # not UTF-8 text, or unreadable
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
        raise DeviceFileDamaged(
            f"{path} cannot be read: {reason}.",
            hint="Delete that file; a new device id will be created (your events are safe).",
        ) from None
    try:
        value = json.loads(raw)["device_id"]
        return str(uuid.UUID(str(value)))
    except (ValueError, KeyError, TypeError):
        raise DeviceFileDamaged(
            f"{path} is damaged: it holds no device id.",
            hint="Delete that file; a new device id will be created (your events are safe).",
        ) from None


def ensure_device_id(data_dir: Path, new_id: str | None = None) -> str:
    """The device id of `data_dir`, creating and storing a new one on first use (`new_id`
    when given: an import prepared off the GUI thread has stamped its events with it)."""
    existing = read_device_id(data_dir)
    if existing is not None:
        return existing
    device_id = new_id or str(uuid.uuid4())
    write_atomically(data_dir / DEVICE_FILE, json.dumps({"device_id": device_id}) + "\n")
    return device_id


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temp file, fsync, rename and a directory fsync.

    A failed write (a full disk) removes the temp file again and raises StorageError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise storage_error(exc, f"save {path}") from exc
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
