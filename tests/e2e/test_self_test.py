"""`rpgmylife --self-test` and `--version` from the checkout, as a person would run them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rpgmylife_desktop import __version__


def _rpgmylife(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    return subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_self_test_runs_every_step_offscreen_and_leaves_nothing_behind(tmp_path: Path) -> None:
    before = set(Path(os.environ.get("TMPDIR", "/tmp")).glob("rpgmylife-self-test-*"))
    ran = _rpgmylife("--self-test", cwd=tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == f"RPGMyLife {__version__} self-test (Python {sys.version.split()[0]})"
    assert [line.split(maxsplit=1)[0] for line in lines[1:-1]] == ["ok"] * 6
    assert "ok    a habit is logged through the controller" in lines
    assert "ok    the log closes, reopens and the state survived" in lines
    assert lines[-1] == "self-test passed"
    # The scratch data folder is gone, and nothing was written where it ran.
    assert set(Path(os.environ.get("TMPDIR", "/tmp")).glob("rpgmylife-self-test-*")) == before
    assert list(tmp_path.iterdir()) == []


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    ran = _rpgmylife("--version", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == f"rpgmylife {__version__}"
