"""An export joins the log's bodies as they are: the same bundle as encoding each event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from rpgmylife_desktop.application import bundle_export
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.sync.bundle import read_bundle
from rpgmylife_desktop.sync.container import open_bundle

START = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def test_an_export_is_the_bundle_that_encoding_every_event_writes(tmp_path: Path) -> None:
    clock = FixedClock(START)
    paths = resolve_paths(tmp_path / "data", environ={})
    with Game.open(paths, clock, seed=7, device_tz="Europe/Paris", close_days=False) as game:
        game.handle(c.CreateCharacter(name="Aria « l’aventurière »"))
        habit = c.AddHabit(name="Méditer", notes="mantra: ✓")
        game.handle(habit)
        for hour in range(1, 40):
            clock.set(START + timedelta(hours=hour))
            game.handle(c.LogHabit(habit_id=habit.habit_id))
        joined = bundle_export.export_bundle(game, tmp_path / "joined.rpgbundle")
        stored = list(game.store.read_all())
        profile = bundle_export.profile_id(game)
        assert profile is not None
        encoded = bundle_export.write_events(
            game,
            tmp_path / "encoded.rpgbundle",
            stored,
            profile=profile,
            device_id=joined_device(tmp_path / "joined.rpgbundle"),
            device_name=joined_name(tmp_path / "joined.rpgbundle"),
            passphrase=None,
        )
    assert joined.events == encoded.events == len(stored)
    assert (
        open_bundle(tmp_path / "joined.rpgbundle").content
        == open_bundle(tmp_path / "encoded.rpgbundle").content
    )


def joined_device(path: Path) -> str:
    return read_bundle(path).manifest.source_device_id


def joined_name(path: Path) -> str:
    return read_bundle(path).manifest.source_device_name
