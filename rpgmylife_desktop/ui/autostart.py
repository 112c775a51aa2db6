"""Start on login: the login item of each platform, written and removed by the app.

- Linux and other XDG desktops: `$XDG_CONFIG_HOME/autostart/rpgmylife.desktop`, a
  desktop entry whose `Exec` is the command line;
- Windows: the value `RPGMyLife` of `HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`,
  the command line quoted the way Windows splits it;
- macOS: the LaunchAgent `~/Library/LaunchAgents/<APP_ID>.plist` (`ProgramArguments`,
  `RunAtLoad`).

Every one of them runs `rpgmylife --tray` (`AUTOSTART_FLAG`): the frozen app's own
executable, or this Python running the package; started that way the app goes to
the tray without showing its window.

Each login item takes where it writes as an argument (a folder, or a registry-like
backend), so the macOS plist and the Windows command line are written and read back
by tests on any platform; `winreg` is imported only on Windows, when the real Run key
is opened. No Qt here.
"""

from __future__ import annotations

import errno
import os
import plistlib
import subprocess
import sys
from pathlib import Path
from typing import Protocol

from rpgmylife_desktop import APP_ID, APP_NAME

AUTOSTART_FLAG = "--tray"
"""Given to the app by the login entry: start in the tray, without showing the window."""

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
"""The per-user key whose values Windows runs at logon (under HKEY_CURRENT_USER)."""


def autostart_argv(platform: str | None = None) -> list[str]:
    """How the login item starts the app, in the tray, as a list of words.

    A frozen build's executable takes the `rpgmylife` command line itself; from a
    Python install it is this Python running the package (on Windows its `pythonw.exe`
    beside it when there is one, so no console window opens at logon)."""
    platform = sys.platform if platform is None else platform
    if getattr(sys, "frozen", False):
        return [sys.executable, AUTOSTART_FLAG]
    python = Path(sys.executable)
    if platform == "win32" and python.name.lower() == "python.exe":
        windowless = python.with_name("pythonw.exe")
        if windowless.is_file():
            python = windowless
    return [str(python), "-m", "rpgmylife_desktop", AUTOSTART_FLAG]


class LoginItem(Protocol):
    """One platform's start-on-login entry."""

    def enable(self, argv: list[str]) -> None:
        """Write the entry so that logging in runs `argv`."""

    def disable(self) -> None:
        """Remove the entry (nothing happens when there is none)."""

    def is_enabled(self) -> bool:
        """True when the entry is there."""


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _desktop_exec(argv: list[str]) -> str:
    """The words of `argv` as a desktop entry's `Exec` value.

    The Desktop Entry Specification reads it in two steps: first the string escapes
    (`\\\\` is one backslash), then the quoting rule (inside double quotes, `\\` before
    `"` backquote `$` `\\` takes it literally). So a word with anything but letters,
    digits and `-_./=+,:` is quoted with those four escaped, and then every backslash
    is doubled."""
    words = []
    for word in argv:
        if word and all(c.isascii() and (c.isalnum() or c in "-_./=+,:") for c in word):
            words.append(word)
        else:
            quoted = "".join("\\" + c if c in '"`$\\' else c for c in word)
            words.append('"' + quoted.replace("\\", "\\\\") + '"')
    return " ".join(words)


class XdgAutostart:
    """The XDG autostart entry: `<config_home>/autostart/rpgmylife.desktop`."""

    def __init__(self, config_home: str | Path | None = None) -> None:
        base = config_home or os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
        self.path = Path(base) / "autostart" / "rpgmylife.desktop"

    def enable(self, argv: list[str]) -> None:
        entry = (
            "[Desktop Entry]\n"
            "Type=Application\n"
            f"Name={APP_NAME}\n"
            "Comment=Your habits, quests and goals in the tray\n"
            f"Exec={_desktop_exec(argv)}\n"
            "Icon=rpgmylife\n"
            "X-GNOME-Autostart-enabled=true\n"
        )
        _write_atomically(self.path, entry.encode("utf-8"))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        return self.path.is_file()


class LaunchAgent:
    """The macOS LaunchAgent: `<agents_dir>/<APP_ID>.plist`, run at load (at login)."""

    def __init__(self, agents_dir: str | Path | None = None) -> None:
        folder = Path(agents_dir or os.path.expanduser("~/Library/LaunchAgents"))
        self.path = folder / f"{APP_ID}.plist"

    def enable(self, argv: list[str]) -> None:
        agent = {
            "Label": APP_ID,
            "ProgramArguments": list(argv),
            "RunAtLoad": True,
            # launchd runs the app in the user's session as a GUI app, not a daemon.
            "ProcessType": "Interactive",
        }
        _write_atomically(self.path, plistlib.dumps(agent, fmt=plistlib.FMT_XML))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def program_arguments(self) -> list[str] | None:
        """The command line the agent runs, or None when there is no agent."""
        try:
            agent = plistlib.loads(self.path.read_bytes())
        except (OSError, plistlib.InvalidFileException, ValueError):
            return None
        words = agent.get("ProgramArguments") if isinstance(agent, dict) else None
        return [str(w) for w in words] if isinstance(words, list) else None


class RunValues(Protocol):
    """The string values of one registry key (the Run key, or a stand-in in tests)."""

    def get(self, name: str) -> str | None:
        """The value's data, or None when there is no such value."""

    def set(self, name: str, data: str) -> None:
        """Write the value (a REG_SZ)."""

    def delete(self, name: str) -> None:
        """Remove the value (nothing happens when there is none)."""


def _not_windows() -> OSError:
    return OSError(errno.ENOSYS, "the Windows registry exists only on Windows")


class WindowsRunKey:
    """The Windows Run key of the current user, through `winreg` (Windows only)."""

    def get(self, name: str) -> str | None:
        if sys.platform != "win32":  # (also how mypy knows that winreg is there)
            raise _not_windows()
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                data, _kind = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(data)

    def set(self, name: str, data: str) -> None:
        if sys.platform != "win32":  # (also how mypy knows that winreg is there)
            raise _not_windows()
        import winreg

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, data)

    def delete(self, name: str) -> None:
        if sys.platform != "win32":  # (also how mypy knows that winreg is there)
            raise _not_windows()
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


class RunKeyEntry:
    """Start on login on Windows: the value `RPGMyLife` of the Run key, whose data is
    the command line quoted the way Windows splits it."""

    def __init__(self, values: RunValues | None = None) -> None:
        self.values: RunValues = values if values is not None else WindowsRunKey()

    def enable(self, argv: list[str]) -> None:
        self.values.set(APP_NAME, subprocess.list2cmdline(argv))

    def disable(self) -> None:
        self.values.delete(APP_NAME)

    def is_enabled(self) -> bool:
        return self.values.get(APP_NAME) is not None

    def command_line(self) -> str | None:
        """The command line the Run key holds, or None."""
        return self.values.get(APP_NAME)


def login_item(platform: str | None = None) -> LoginItem:
    """This platform's login item, at its usual place."""
    platform = sys.platform if platform is None else platform
    if platform == "win32":
        return RunKeyEntry()
    if platform == "darwin":
        return LaunchAgent()
    return XdgAutostart()


def set_start_on_login(enabled: bool, item: LoginItem | None = None) -> None:
    """Write (with the command line of `autostart_argv`) or remove the login item."""
    item = login_item() if item is None else item
    if enabled:
        item.enable(autostart_argv())
    else:
        item.disable()


def start_on_login(item: LoginItem | None = None) -> bool:
    """True when the app starts on login."""
    return (login_item() if item is None else item).is_enabled()
