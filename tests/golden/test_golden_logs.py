"""Every golden log replays to exactly the game state it recorded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rpgmylife_desktop.application.clock import FixedClock, parse_fixed_now
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game

GOLDEN = Path(__file__).resolve().parent
FOLDERS = sorted(p for p in GOLDEN.iterdir() if (p / "expected.json").is_file())


def test_there_is_a_golden_log_for_schema_version_1() -> None:
    assert GOLDEN / "schema-v1" in FOLDERS


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_copy_replays_to_the_recorded_state(folder: Path, tmp_path: Path) -> None:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    paths = resolve_paths(tmp_path / "data", environ={})
    paths.events_dir.mkdir(parents=True)
    shutil.copyfile(folder / "events.log", paths.events_dir / "events.log")
    clock = FixedClock(parse_fixed_now(expected["environment"]["RPGMYLIFE_NOW"]))
    with Game.open(paths, clock, read_only=True, device_tz="Europe/Paris") as game:
        status = game.status().to_json()
    for key in ("events", "position", "state_digest", "name", "level", "xp", "xp_to_next"):
        assert status[key] == expected[key], key
    for key in ("hp", "max_hp", "gold"):
        assert status[key] == pytest.approx(expected[key]), key
    assert (folder / "events.log").stat().st_size < 300_000
