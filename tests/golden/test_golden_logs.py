"""Every golden log replays to exactly the game state it recorded."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typing import Any

import pytest

from rpgmylife_desktop.application import recording
from rpgmylife_desktop.application.clock import FixedClock, parse_fixed_now
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import events
from rpgmylife_desktop.domain.events import base as events_base

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


def test_an_upcaster_registered_beside_the_events_is_applied_to_the_golden_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first schema change's path, end to end: bump HabitLogged to v2 and register its
    v1 -> v2 upcaster the way an events module would (`@upcaster`); the golden log (all v1)
    must replay through it to exactly the state it recorded."""
    folder = GOLDEN / "schema-v1"
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    lifted: list[str] = []
    registered: dict[tuple[str, int], Any] = dict(events_base.UPCASTERS)
    monkeypatch.setattr(events_base, "UPCASTERS", registered)
    monkeypatch.setattr(recording, "UPCASTERS", registered)
    monkeypatch.setattr(events.HabitLogged, "schema_version", 2)

    @events.upcaster("HabitLogged", 1)
    def _habit_logged_v1(payload: dict[str, Any]) -> dict[str, Any]:
        lifted.append(payload["habit_id"])
        return dict(payload)

    monkeypatch.setattr(recording, "_VALIDATE", recording._validators())
    paths = resolve_paths(tmp_path / "data", environ={})
    paths.events_dir.mkdir(parents=True)
    shutil.copyfile(folder / "events.log", paths.events_dir / "events.log")
    clock = FixedClock(parse_fixed_now(expected["environment"]["RPGMYLIFE_NOW"]))
    with Game.open(paths, clock, read_only=True, device_tz="Europe/Paris") as game:
        status = game.status().to_json()
        lifted_on_open = len(lifted)
        logged = [s for s in game.store.read_all() if s.event_type == "HabitLogged"]
    assert status["state_digest"] == expected["state_digest"]
    assert logged and lifted_on_open == len(logged)  # every v1 HabitLogged, once, on replay
    assert {s.schema_version for s in logged} == {2}
