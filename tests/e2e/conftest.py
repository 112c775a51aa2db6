"""Running the CLI: in-process through `main(argv)` (fast) or as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rpgmylife_desktop.cli.main import main

NOW = "2026-03-03T21:00:00+01:00"


@dataclass
class Ran:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Cli = Callable[..., Ran]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cli(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`cli("log", "Meditate", now="...")`: run in-process on the test data folder."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    monkeypatch.setenv("RPGMYLIFE_SEED", "7")

    def run(*argv: str, now: str = NOW) -> Ran:
        monkeypatch.setenv("RPGMYLIFE_NOW", now)
        capsys.readouterr()
        code = main([*argv, "--data-dir", str(data_dir)])
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


def run_process(data_dir: Path, *argv: str, now: str = NOW, **popen: Any) -> Ran:
    """Run `python -m rpgmylife_desktop ARGV --data-dir DATA_DIR` as a real process."""
    env = dict(os.environ, RPGMYLIFE_NOW=now, TZ="Europe/Paris", RPGMYLIFE_SEED="7")
    result = subprocess.run(
        [sys.executable, "-m", "rpgmylife_desktop", *argv, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        **popen,
    )
    return Ran(result.returncode, result.stdout, result.stderr)
