"""The demo: believable, reproducible, and only for an empty folder."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.demo import DataFolderNotEmpty, play_demo
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from tests.unit.application.conftest import START


def test_the_demo_tells_a_whole_story_and_is_reproducible(tmp_path: Path) -> None:
    first = resolve_paths(tmp_path / "a", environ={})
    status = play_demo(first, START, days=40, seed=3, time_zone="Europe/Paris")
    again = play_demo(
        resolve_paths(tmp_path / "b", environ={}), START, days=40, seed=3, time_zone="Europe/Paris"
    )
    assert again.state_digest == status.state_digest
    assert status.level >= 3 and status.events > 200
    with Game.open(first, FixedClock(START), read_only=True) as game:
        kinds = Counter(type(r.event).event_type for r in game.read_log())
        backfills = sum(1 for r in game.read_log() if getattr(r.event, "backfilled", False))
        habit_kinds = {h.kind for h in game.state.habits.values()}
    for event_type in (
        "HabitLogged",
        "DailyMissed",
        "DayClosed",
        "LevelGained",
        "QuestCompleted",
        "RewardClaimed",
        "CommandUndone",
        "HabitPaused",
        "GoalAdded",
    ):
        assert kinds[event_type], event_type
    assert backfills and habit_kinds == {"positive", "negative", "both"}


def test_the_demo_refuses_a_folder_with_events(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path, environ={})
    play_demo(paths, START, days=3, seed=1, time_zone="UTC")
    before = (paths.events_dir / "events.log").read_bytes()
    with pytest.raises(DataFolderNotEmpty):
        play_demo(paths, START, days=3, seed=1, time_zone="UTC")
    assert (paths.events_dir / "events.log").read_bytes() == before
