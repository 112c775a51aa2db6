"""Once a command's events are durable it succeeds, whatever happens to its output:
a reader that closed the pipe, a closed stdout, a terminal that cannot show a
character. Real processes, since these are properties of real file descriptors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.conftest import NOW, run_process


def _env(**extra: str) -> dict[str, str]:
    return dict(os.environ, RPGMYLIFE_NOW=NOW, TZ="Europe/Paris", RPGMYLIFE_SEED="7", **extra)


def _argv(data: Path, *words: str) -> list[str]:
    return [sys.executable, "-m", "rpgmylife_desktop", *words, "--data-dir", str(data)]


def _logs(data: Path) -> int:
    listed = run_process(data, "habit", "list", "--json")
    return int(listed.json()["habits"][0]["total_logs"])


def _closed_reader(data: Path, *words: str) -> subprocess.CompletedProcess[bytes]:
    """Run with stdout a pipe whose reader is already gone (`| head -c 0`)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            _argv(data, *words), stdout=write, stderr=subprocess.PIPE, env=_env(), timeout=60
        )
    finally:
        os.close(write)


def test_a_closed_reader_neither_fails_the_log_nor_prints_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_process(data, "habit", "add", "Meditate").code == 0
    for words in (("log", "meditate"), ("log", "meditate", "--json")):
        ran = _closed_reader(data, *words)
        assert ran.returncode == 0, ran.stderr
        assert ran.stderr == b""
    assert _logs(data) == 2


def test_reading_commands_into_a_closed_reader_exit_quietly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_process(data, "demo", "--days", "20").code == 0
    for words in (("habit", "list", "--json"), ("history",), ("verify", "--json"), ("--help",)):
        ran = _closed_reader(data, *words)
        assert ran.returncode == 0, ran.stderr
        assert b"Traceback" not in ran.stderr and b"BrokenPipe" not in ran.stderr


def test_a_closed_stdout_does_not_fail_a_durable_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_process(data, "habit", "add", "Meditate").code == 0
    ran = subprocess.run(
        ["/bin/sh", "-c", 'exec "$@" >&-', "sh", *_argv(data, "log", "meditate")],
        env=_env(),
        stderr=subprocess.PIPE,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == b""
    assert _logs(data) == 1


def test_an_ascii_terminal_sees_escaped_names_and_the_command_succeeds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ran = subprocess.run(
        _argv(data, "habit", "add", "Café"),
        env=_env(PYTHONIOENCODING="ascii"),
        capture_output=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert b"Caf\\xe9" in ran.stdout
    assert run_process(data, "habit", "list", "--json").json()["habits"][0]["name"] == "Café"
