"""Faults found in a month of play, each fixed and kept fixed: the window and the CLI
wrote the character's XP and HP two ways ("107 / 260" in the header, "XP 107/260" from
`rpgmylife status`, "HP 47/50" in the tray's tooltip)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit, LogHabit
from rpgmylife_desktop.ui.tray import tooltip_text
from tests.e2e.conftest import run_process

from .conftest import NOW
from .helpers import launch
from .test_window_flows import seed


def _status_line(out: str, label: str) -> str:
    line = next(line for line in out.splitlines() if line.strip().startswith(label))
    return line.strip().removeprefix(label).strip()


def test_status_and_the_header_write_xp_and_hp_the_same_way(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(
        paths,
        AddHabit(habit_id="read", name="Read"),
        AddHabit(habit_id="junk", name="Junk food", kind="negative", difficulty="hard"),
        LogHabit(habit_id="read"),
        LogHabit(habit_id="junk", direction="down"),
    )
    status = run_process(paths.data_dir, "status", now=NOW.isoformat())
    assert status.code == 0, status.err
    xp, hp = _status_line(status.out, "XP"), _status_line(status.out, "HP")
    assert " / " in xp and " / " in hp  # "6 / 150", not "6/150"
    assert hp.endswith(" / 50") and not hp.startswith("50 ")  # the slip cost HP
    app = launch(qtbot, paths, NOW, tmp_path)
    header = app.window.header
    qtbot.waitUntil(lambda: header.xp_bar.text() != "")
    assert header.xp_bar.text() == xp
    assert header.hp_bar.text() == hp
    # The tray's tooltip says them alike too (it wrote "HP 47/50", rounded).
    tip = tooltip_text(app.models.character.sheet())
    assert f"XP {xp} · HP {hp} · " in tip
    app.close()
    # The machine-readable status keeps its plain numbers.
    data = run_process(paths.data_dir, "status", "--json", now=NOW.isoformat()).json()
    assert xp == f"{data['xp']} / {data['xp_to_next']}"
    assert isinstance(data["hp"], float) and data["max_hp"] == 50
