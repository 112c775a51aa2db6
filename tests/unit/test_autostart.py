"""Start on login on every platform: the XDG entry, the macOS LaunchAgent and the
Windows Run key, each written, read back and removed (in real temp folders; the Run
key through a stand-in for the registry, as winreg exists only on Windows)."""

from __future__ import annotations

import plistlib
import sys
from pathlib import Path

import pytest

from rpgmylife_desktop import APP_ID, APP_NAME
from rpgmylife_desktop.cli.main import build_parser
from rpgmylife_desktop.ui.autostart import (
    AUTOSTART_FLAG,
    LaunchAgent,
    RunKeyEntry,
    WindowsRunKey,
    XdgAutostart,
    autostart_argv,
    login_item,
    set_start_on_login,
    start_on_login,
)


class MemoryRunKey:
    """The string values of one registry key, in memory."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, data: str) -> None:
        self.values[name] = data

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def exec_words(value: str) -> list[str]:
    """The words of a desktop entry's `Exec` value, read as the Desktop Entry
    Specification says: string escapes first, then double quotes with `\\` escapes."""
    text = value.replace("\\\\", "\x00").replace("\\s", " ").replace("\x00", "\\")
    words: list[str] = []
    word, quoted, i, started = "", False, 0, False
    while i < len(text):
        c = text[i]
        if quoted and c == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
            word, i = word + text[i + 1], i + 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started:
                words.append(word)
            word, started = "", False
        else:
            word, started = word + c, True
        i += 1
    assert not quoted, f"unbalanced quotes in {value!r}"
    if started:
        words.append(word)
    return words


def _accepted_by_the_app(argv: list[str]) -> None:
    """`argv` starts this app in the tray: the executable, then (from a Python install)
    `-m rpgmylife_desktop`, then a command line `rpgmylife` takes."""
    rest = argv[1:]
    if rest[:2] == ["-m", "rpgmylife_desktop"]:
        rest = rest[2:]
    args = build_parser().parse_args(rest)
    assert args.tray and args.command is None


@pytest.mark.parametrize("frozen", [False, True])
def test_the_login_command_line_is_one_the_app_accepts(
    monkeypatch: pytest.MonkeyPatch, frozen: bool
) -> None:
    if frozen:
        monkeypatch.setattr(sys, "frozen", True, raising=False)
    argv = autostart_argv("linux")
    assert argv[0] == sys.executable and argv[-1] == AUTOSTART_FLAG
    assert (argv[1:3] == ["-m", "rpgmylife_desktop"]) is not frozen
    _accepted_by_the_app(argv)


def test_windows_prefers_the_windowless_python_beside_python_exe(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    python = tmp_path / "Python 3.11" / "python.exe"
    python.parent.mkdir()
    python.write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(python))
    assert autostart_argv("win32")[0] == str(python)  # no pythonw.exe: python.exe
    (python.parent / "pythonw.exe").write_bytes(b"")
    assert autostart_argv("win32")[0] == str(python.parent / "pythonw.exe")
    assert autostart_argv("linux")[0] == str(python)  # elsewhere: the same Python


def test_the_xdg_entry_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    item = XdgAutostart(tmp_path / "config")
    assert not start_on_login(item)
    set_start_on_login(True, item)
    assert start_on_login(item)
    assert item.path == tmp_path / "config" / "autostart" / "rpgmylife.desktop"
    fields = dict(line.split("=", 1) for line in item.path.read_text().splitlines() if "=" in line)
    assert fields["Type"] == "Application" and fields["Name"] == APP_NAME
    _accepted_by_the_app(exec_words(fields["Exec"]))
    set_start_on_login(False, item)
    assert not item.path.exists() and not start_on_login(item)
    set_start_on_login(False, item)  # removing what is not there is fine
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert XdgAutostart().path == tmp_path / "xdg" / "autostart" / "rpgmylife.desktop"


def test_an_exec_line_keeps_a_path_with_spaces_and_quotes_in_one_word(tmp_path: Path) -> None:
    item = XdgAutostart(tmp_path)
    odd = '/opt/My "RPG" $apps\\`x`/python'
    item.enable([odd, "-m", "rpgmylife_desktop", AUTOSTART_FLAG])
    exec_line = next(
        line for line in item.path.read_text().splitlines() if line.startswith("Exec=")
    )
    assert exec_words(exec_line.removeprefix("Exec=")) == [
        odd,
        "-m",
        "rpgmylife_desktop",
        AUTOSTART_FLAG,
    ]


def test_the_macos_launch_agent_round_trip(tmp_path: Path) -> None:
    agents = tmp_path / "Library" / "LaunchAgents"
    item = LaunchAgent(agents)
    assert not item.is_enabled() and item.program_arguments() is None
    set_start_on_login(True, item)
    assert item.path == agents / f"{APP_ID}.plist" and item.is_enabled()
    agent = plistlib.loads(item.path.read_bytes())
    assert agent["Label"] == APP_ID
    assert agent["RunAtLoad"] is True
    assert agent["ProgramArguments"] == autostart_argv() == item.program_arguments()
    _accepted_by_the_app(agent["ProgramArguments"])
    set_start_on_login(False, item)
    assert not item.path.exists() and not item.is_enabled()


def test_the_macos_agent_lives_in_the_users_launch_agents(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    item = login_item("darwin")
    assert isinstance(item, LaunchAgent)
    assert item.path == tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist"


def test_the_windows_run_key_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", r"C:\Program Files\RPGMyLife\RPGMyLife.exe")
    key = MemoryRunKey()
    item = RunKeyEntry(key)
    assert not item.is_enabled()
    set_start_on_login(True, item)
    # One value named after the app; the path with a space quoted the way Windows splits.
    assert key.values == {APP_NAME: r'"C:\Program Files\RPGMyLife\RPGMyLife.exe" --tray'}
    assert item.is_enabled() and item.command_line() == key.values[APP_NAME]
    set_start_on_login(False, item)
    assert key.values == {} and not item.is_enabled()


def test_each_platform_gets_its_own_login_item() -> None:
    assert isinstance(login_item("linux"), XdgAutostart)
    assert isinstance(login_item("darwin"), LaunchAgent)
    assert isinstance(login_item("win32"), RunKeyEntry)  # winreg is opened only when used
    assert "winreg" not in sys.modules or sys.platform == "win32"


@pytest.mark.skipif(sys.platform == "win32", reason="the real Run key is there on Windows")
def test_the_real_run_key_says_it_is_windows_only_elsewhere() -> None:
    # The tray turns an OSError into "Could not turn on start on login: ..." (no traceback).
    with pytest.raises(OSError, match="only on Windows"):
        RunKeyEntry(WindowsRunKey()).enable(["RPGMyLife.exe", AUTOSTART_FLAG])
