"""The apply of a history import takes a few steps a column at a time, or in one go;
each gives what the step it replaced gave on the same input: the timeline's
recording-order watermark, the preview's counts and days, and what a big import leaves
for the cyclic collector (frozen, nothing else changed)."""

from __future__ import annotations

import gc
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.application import interop
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.interop import (
    apply_source_import,
    import_source,
    plan_source_import,
    read_source,
)
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.timeline import Timeline
from rpgmylife_desktop.eventstore import EventStore
from tests.unit.application.conftest import START
from tests.unit.interop.formats import loop_db, sample_loop_habits

BASE = datetime(2026, 1, 1, tzinfo=UTC)


def _game(folder: Path) -> Game:
    return Game.open(resolve_paths(folder, environ={}), FixedClock(START), seed=7, device_tz="UTC")


def _watermark(timeline: Timeline) -> tuple[int, object, bool]:
    return (timeline.ordered_until, timeline._last_recorded, timeline._disordered)


@st.composite
def _runs(draw: st.DrawFn) -> tuple[list[int], list[int], int]:
    """Minutes of the events noted before, of the batch, and where the batch starts
    relative to the watermark (0: right after it)."""
    minutes = st.integers(min_value=0, max_value=6)
    before = draw(st.lists(minutes, max_size=5))
    batch = draw(st.lists(minutes, min_size=1, max_size=12))
    gap = draw(st.sampled_from([0, 0, 0, 1, -1]))
    if draw(st.booleans()):  # most imports: one moment for every event
        batch = [batch[0]] * len(batch)
    return before, batch, gap


def _events(first: int, minutes: list[int]) -> list[Any]:
    # What `note` reads of a Recorded: its position and its recording time.
    return [
        SimpleNamespace(position=first + i, recorded_at=BASE + timedelta(minutes=m))
        for i, m in enumerate(minutes)
    ]


@settings(max_examples=200, deadline=None)
@given(_runs())
def test_noting_a_list_at_once_moves_the_watermark_as_noting_it_event_by_event(
    run: tuple[list[int], list[int], int],
) -> None:
    before, batch, gap = run
    with (
        tempfile.TemporaryDirectory() as folder,
        EventStore.open(Path(folder) / "data", Path(folder) / "cache") as store,
    ):
        at_once, one_by_one = Timeline(store), Timeline(store)
        for timeline in (at_once, one_by_one):
            timeline.note(iter(_events(1, before)))  # an iterator: event by event
        events = _events(len(before) + 1 + gap, batch)
        at_once.note(events)
        one_by_one.note(iter(events))
        assert _watermark(at_once) == _watermark(one_by_one)


def _plain_preview_counts(events: list[list[Any]]) -> tuple[dict[str, int], str | None, str | None]:
    """The preview's counts and first and last day as they were worked out event by
    event before."""
    counts: dict[str, int] = {}
    for values in events:
        counts[values[3]] = counts.get(values[3], 0) + 1
    days = sorted(values[6][:10] for values in events if values[3] == "HabitLogged")
    return counts, (days[0] if days else None), (days[-1] if days else None)


def test_the_preview_counts_and_days_are_those_of_the_event_by_event_count(
    tmp_path: Path,
) -> None:
    backup = tmp_path / "loop.db"
    loop_db(backup, sample_loop_habits(START.date() - timedelta(days=120), 120))
    with _game(tmp_path / "data") as game:
        plan = plan_source_import(game, read_source("loop", backup))
        events = [list(values) for values in plan.events]
        preview = apply_source_import(game, plan)
    counts, first, last = _plain_preview_counts(events)
    assert preview.logs == counts["HabitLogged"] > 100
    assert preview.skips == counts.get("HabitSkipped", 0) > 0
    assert preview.habits == counts["HabitAdded"] == 3
    assert (preview.first_day, preview.last_day) == (first, last)
    assert first is not None and first < last  # type: ignore[operator]


def test_a_big_import_freezes_what_survives_it_and_changes_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = tmp_path / "loop.db"
    loop_db(backup, sample_loop_habits(START.date() - timedelta(days=60), 60))
    with _game(tmp_path / "plain") as game:
        apply_source_import(game, plan_source_import(game, read_source("loop", backup)))
        expected = game.digest()
    monkeypatch.setattr(interop, "FREEZE_AFTER_IMPORT", 50)  # a small import counts as big
    frozen = gc.get_freeze_count()
    try:
        with _game(tmp_path / "frozen") as game:
            preview = import_source(game, read_source("loop", backup))
            assert preview.events >= 50
            assert gc.get_freeze_count() > frozen
            # The adopted state is out of the collector's generations: no collection
            # walks it again.
            habits = game.state.habits
            assert not any(o is habits for o in gc.get_objects())
            assert game.digest() == expected
    finally:
        gc.unfreeze()


def test_a_small_import_freezes_nothing(tmp_path: Path) -> None:
    backup = tmp_path / "loop.db"
    loop_db(backup, sample_loop_habits(START.date() - timedelta(days=30), 30))
    frozen = gc.get_freeze_count()
    with _game(tmp_path / "data") as game:
        preview = import_source(game, read_source("loop", backup))
        assert 0 < preview.events < interop.FREEZE_AFTER_IMPORT
        assert gc.get_freeze_count() == frozen


def test_an_imports_run_of_one_moment_is_noted_in_one_step(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "data", tmp_path / "cache") as store:
        at_once, one_by_one = Timeline(store), Timeline(store)
        events = _events(1, [0] * 1000)
        assert at_once._note_run(events)  # the one-step path takes it
        one_by_one.note(iter(events))
        assert _watermark(at_once) == _watermark(one_by_one) == (1000, BASE, False)
