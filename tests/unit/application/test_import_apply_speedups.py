"""What a big import leaves for the cyclic collector: its survivors frozen (so no
collection walks them again), and nothing else changed."""

from __future__ import annotations

import gc
from datetime import timedelta
from pathlib import Path

import pytest

from rpgmylife_desktop.application import interop
from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.interop import (
    apply_prepared_source,
    apply_source_import,
    import_source,
    plan_source_import,
    prepare_source_apply,
    read_source,
)
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from tests.unit.application.conftest import START
from tests.unit.interop.formats import loop_db, sample_loop_habits


def _game(folder: Path) -> Game:
    return Game.open(resolve_paths(folder, environ={}), FixedClock(START), seed=7, device_tz="UTC")


def _backup_and_its_digest(tmp_path: Path) -> tuple[Path, str]:
    """A Loop backup of 60 days, and the digest of a game it was imported into the usual
    way (no freeze: the reference each freezing path must give)."""
    backup = tmp_path / "loop.db"
    loop_db(backup, sample_loop_habits(START.date() - timedelta(days=60), 60))
    with _game(tmp_path / "plain") as game:
        apply_source_import(game, plan_source_import(game, read_source("loop", backup)))
        return backup, game.digest()


def test_a_big_import_freezes_what_survives_it_and_changes_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup, expected = _backup_and_its_digest(tmp_path)
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


def test_a_big_prepared_write_is_frozen_and_applies_as_usual(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup, expected = _backup_and_its_digest(tmp_path)
    monkeypatch.setattr(interop, "FREEZE_AFTER_IMPORT", 50)
    try:
        with _game(tmp_path / "window") as game:
            ready = prepare_source_apply(
                game, plan_source_import(game, read_source("loop", backup))
            )
            habits = ready.engine.state.habits
            assert not any(o is habits for o in gc.get_objects())  # frozen by the worker
            apply_prepared_source(game, ready)
            assert game.engine.state is ready.engine.state
            assert game.digest() == expected
    finally:
        gc.unfreeze()
