from __future__ import annotations

import subprocess
import sys

from rpgmylife_desktop import __version__


def test_version_via_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"rpgmylife {__version__}"


def test_unknown_command_is_a_usage_error() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", "no-such-command"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr
