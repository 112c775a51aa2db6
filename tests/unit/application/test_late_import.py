"""An import of events older than the loaded snapshot rebuilds from an older snapshot (a
rung kept when a newer snapshot replaced it), not from the start of the log, and still
ends in the state a full replay gives."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rpgmylife_desktop.application import bundle_export, bundles
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.device import read_device_id
from rpgmylife_desktop.application.engine import rungs
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.sync.bundle import HLC, read_bundle

START = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


class Computer:
    """One data folder, opened and closed as a person starts and quits the app."""

    def __init__(self, folder: Path, clock: FixedClock) -> None:
        self.paths = resolve_paths(folder, environ={})
        self.clock = clock

    def open(self) -> Game:
        return Game.open(self.paths, self.clock, seed=7, device_tz="Europe/Paris", close_days=False)

    def play(self, day: float, commands: Iterable[c.Command]) -> None:
        self.clock.set(START + timedelta(days=day))
        with self.open() as game:
            for command in commands:
                game.handle(command)


def _import(game: Game, path: Path) -> None:
    bundles.apply_import(game, bundles.plan_import(game, path))


def _reads_from(game: Game) -> list[int]:
    """Record where the projections read the log from when they rebuild."""
    starts: list[int] = []
    source = game.engine.source
    assert source is not None

    def recording(position: int) -> Iterable[Recorded]:
        starts.append(position)
        return source(position)

    game.engine.source = recording
    return starts


def _full_replay_digest(computer: Computer) -> str:
    shutil.rmtree(computer.paths.cache_dir)
    with computer.open() as fresh:
        assert fresh.snapshot_position == 0
        return fresh.digest()


def _two_computers(tmp_path: Path) -> tuple[Computer, Computer, str]:
    clock = FixedClock(START)
    a, b = Computer(tmp_path / "a", clock), Computer(tmp_path / "b", clock)
    create, habit = c.CreateCharacter(name="Aria"), c.AddHabit(name="Meditate")
    a.play(0, [create, habit])
    with a.open() as game:
        bundle_export.export_bundle(game, tmp_path / "start.rpgbundle")
    with b.open() as game:
        _import(game, tmp_path / "start.rpgbundle")
    return a, b, habit.habit_id


def test_an_import_older_than_the_snapshot_rebuilds_from_an_older_one(tmp_path: Path) -> None:
    a, b, habit_id = _two_computers(tmp_path)
    a.play(1, [c.LogHabit(habit_id=habit_id) for _ in range(5)])
    # The other computer logs on day 2, offline; this one plays on day 3 and quits, so its
    # newest snapshot holds day 3 and the day-1 snapshot is kept as a rung.
    b.play(2, [c.AddHabit(name="Stretch"), c.LogHabit(habit_id=habit_id)])
    a.play(3, [c.LogHabit(habit_id=habit_id) for _ in range(5)])
    with b.open() as game:
        bundle_export.export_bundle(game, tmp_path / "b.rpgbundle")
    with a.open() as game:
        rung_position = rungs(game.store)[0][0]  # the newest: day 1
        assert 0 < rung_position < game.snapshot_position
        plan = bundles.plan_import(game, tmp_path / "b.rpgbundle")
        dry_run = bundles.preview_import(game, plan)  # rebuilds on a copy the same way
        reads = _reads_from(game)
        preview = bundles.apply_import(game, plan)
        assert preview.new == 2 and preview.habits_added == ["Stretch"]
        applied = replace(preview.after, today=None)  # the dry run shows no calendar day
        assert (dry_run.after, dry_run.xp_gained) == (applied, preview.xp_gained)
        assert reads and min(reads) == rung_position + 1  # not the start of the log
        live = game.digest()
    assert _full_replay_digest(a) == live


def test_a_rung_that_a_later_merge_sorted_into_is_not_used(tmp_path: Path) -> None:
    a, b, habit_id = _two_computers(tmp_path)
    a.play(1, [c.LogHabit(habit_id=habit_id) for _ in range(3)])
    with a.open() as game:
        day_one = game.position  # its closing snapshot becomes a rung on day 3
    a.play(3, [c.LogHabit(habit_id=habit_id) for _ in range(10)])
    a.play(4, [c.LogHabit(habit_id=habit_id) for _ in range(2)])
    # The other computer added a habit at noon on day 0; it arrives now and lands after
    # the day-1 rung in this log while sorting before it: that rung can no longer serve.
    b.play(0.5, [c.AddHabit(name="Stretch")])
    with b.open() as game:
        bundle_export.export_bundle(game, tmp_path / "noon.rpgbundle")
    with a.open() as game:
        _import(game, tmp_path / "noon.rpgbundle")
    b.play(2, [c.LogHabit(habit_id=habit_id)])
    with b.open() as game:
        bundle_export.export_bundle(game, tmp_path / "day2.rpgbundle")
    with a.open() as game:
        assert day_one in [position for position, _, _ in rungs(game.store)]
        reads = _reads_from(game)
        _import(game, tmp_path / "day2.rpgbundle")
        assert reads and min(reads) <= day_one  # the day-1 rung did not serve...
        assert day_one not in [position for position, _, _ in rungs(game.store)]  # ...nor will
        live = game.digest()
        habits = sorted(h.name for h in game.state.habits.values())
    assert habits == ["Meditate", "Stretch"]
    assert _full_replay_digest(a) == live


def test_duplicates_of_older_events_are_found_reading_only_the_log_after_a_rung(
    tmp_path: Path,
) -> None:
    a, b, habit_id = _two_computers(tmp_path)
    a.play(1, [c.LogHabit(habit_id=habit_id) for _ in range(5)])
    b.play(2, [c.AddHabit(name="Stretch"), c.LogHabit(habit_id=habit_id)])
    a.play(3, [c.LogHabit(habit_id=habit_id) for _ in range(5)])
    with a.open() as game:
        a_id = read_device_id(game.paths.data_dir)
    with b.open() as game:  # only what the first computer lacks: day 2
        bundle_export.export_bundle(game, tmp_path / "b.rpgbundle", for_device=a_id)
    with a.open() as game:
        first = bundles.apply_import(game, bundles.plan_import(game, tmp_path / "b.rpgbundle"))
        assert first.new == 2
    with a.open() as game:
        day_two_rung = max(p for p, hlc, _ in rungs(game.store) if hlc < _oldest(tmp_path))
        starts: list[int] = []
        read_all = game.store.read_all

        def recording(from_position: int = 1, to_position: int | None = None) -> Iterator[Any]:
            starts.append(from_position)
            return read_all(from_position, to_position)

        game.store.read_all = recording  # type: ignore[method-assign]
        again = bundles.plan_import(game, tmp_path / "b.rpgbundle")
        assert (len(again.new), again.duplicates) == (0, 2)  # both found, nothing new
        assert starts == [1, day_two_rung + 1]  # the profile id, then the log after the rung


def _oldest(tmp_path: Path) -> int:
    return min(e[HLC] for e in read_bundle(tmp_path / "b.rpgbundle").events)
