"""The `open` request (`rpgmylife PATH` handing a file to the running app) and how the
command line tells a file from a command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rpgmylife_desktop import ipc
from rpgmylife_desktop.cli.forward import launch_files, unopenable
from rpgmylife_desktop.cli.main import COMMAND_WORDS


def line(message: object) -> bytes:
    return json.dumps(message).encode()


def test_an_open_request_with_absolute_paths_is_accepted() -> None:
    request = ipc.check_request(line({"v": 1, "type": "open", "files": ["/home/ada/w.rpgbundle"]}))
    assert request == {"v": 1, "type": "open", "files": ["/home/ada/w.rpgbundle"]}
    upper = ipc.check_request(line({"v": 1, "type": "open", "files": ["/d/Loop.DB"]}))
    assert upper["files"] == ["/d/Loop.DB"]


@pytest.mark.parametrize(
    ("message", "why"),
    [
        ({"v": 1, "type": "open", "files": []}, "files is empty"),
        ({"v": 1, "type": "open"}, "files must be a list of strings"),
        ({"v": 1, "type": "open", "files": ["week.rpgbundle"]}, "absolute paths"),
        ({"v": 1, "type": "open", "files": ["/etc/passwd"]}, "must end in"),
        ({"v": 1, "type": "open", "files": [7]}, "list of strings"),
        ({"v": 1, "type": "open", "files": ["/a.csv"], "argv": ["log"]}, "unexpected field"),
        ({"v": 2, "type": "open", "files": ["/a.csv"]}, "unsupported protocol version"),
        ({"v": 1, "type": "open", "files": ["/a.csv"] * 65}, "too long"),
        ({"v": 1, "type": "open", "files": ["/a\0.csv"]}, "NUL"),
    ],
)
def test_a_bad_open_request_is_refused(message: dict[str, object], why: str) -> None:
    with pytest.raises(ipc.ProtocolError, match=why):
        ipc.check_request(line(message))


def test_a_file_argument_is_told_apart_from_a_command(tmp_path: Path) -> None:
    sheet = tmp_path / "notes"
    sheet.write_text("x")
    assert launch_files(["week.rpgbundle"], COMMAND_WORDS) == ["week.rpgbundle"]
    assert launch_files(["--data-dir", "/d", "--tray", "a.csv", "b.json"], COMMAND_WORDS) == [
        "a.csv",
        "b.json",
    ]
    assert launch_files([str(sheet)], COMMAND_WORDS) == [str(sheet)]  # it exists: a file
    assert launch_files(["status"], COMMAND_WORDS) is None
    assert launch_files(["import", "week.rpgbundle"], COMMAND_WORDS) is None  # a command
    assert launch_files(["--json", "week.rpgbundle"], COMMAND_WORDS) is None
    assert launch_files(["--data-dir", "x.csv"], COMMAND_WORDS) is None  # the folder's name
    assert launch_files(["nosuchcommand"], COMMAND_WORDS) is None
    assert launch_files([], COMMAND_WORDS) is None


def test_what_cannot_be_opened_is_said(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("x")
    bundle = tmp_path / "w.rpgbundle"
    bundle.write_bytes(b"")
    assert unopenable([str(bundle)]) is None
    assert "no such file" in str(unopenable([str(tmp_path / "gone.rpgbundle")]))
    assert "opens bundles and import sources" in str(unopenable([str(text)]))


def test_a_launch_with_a_file_that_is_not_there_starts_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", "gone.rpgbundle", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "rpgmylife: gone.rpgbundle: no such file.\n"
    assert not data.exists()  # no app opened (and created) the data folder
