"""The apply of a history import adopts the plan's fold (the state and read models the
plan folded while deciding) instead of folding every event again: what it leaves must be
what folding the same log from scratch gives, and the log the same bytes as the apply
that folds again (`Game.append_merged`) writes."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.device import ensure_device_id
from rpgmylife_desktop.application.interop import (
    SourcePlan,
    apply_source_import,
    plan_source_import,
    read_source,
)
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as cmd
from tests.unit.application.conftest import START
from tests.unit.interop.formats import loop_db, sample_loop_habits


def _game(folder: Path) -> Game:
    return Game.open(resolve_paths(folder, environ={}), FixedClock(START), seed=7, device_tz="UTC")


def _log_files(folder: Path) -> dict[str, bytes]:
    """The log and the device id (not the cache, nor the lock's note of who holds it)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and "cache" not in p.relative_to(folder).parts
        and not p.name.startswith(".lock")
    }


def _seen(game: Game) -> dict[str, object]:
    """What the person sees: the state digest, the history lines, the milestones, the
    today list, the character sheet and the undo history."""
    models = game.models
    return {
        "digest": game.digest(),
        "history": models.history.entries(),
        "history total": models.history.total,
        "milestones": models.milestones.ordered(),
        "today": list(models.today.rows().values()),
        "character": list(models.character.rows().values()),
        "position": game.position,
        "undo": game.state.commands.to_data(),  # what Undo and Redo find
    }


def _plan(game: Game, backup: Path) -> SourcePlan:
    return plan_source_import(game, read_source("loop", backup))


def test_the_adopted_fold_is_the_fold_from_scratch_and_the_log_the_same_bytes(
    tmp_path: Path,
) -> None:
    backup = tmp_path / "loop.db"
    loop_db(backup, sample_loop_habits(START.date() - timedelta(days=400), 400))
    with _game(tmp_path / "base") as game:  # some history first, and a device id
        game.handle(cmd.CreateCharacter(name="Ada"))
        game.handle(cmd.AddHabit(name="Read", start_day=date(2026, 1, 1)))
        game.handle(cmd.LogHabit(habit_id=game.state.habits_in_order()[0].habit_id))
    shutil.copytree(tmp_path / "base", tmp_path / "again")
    shutil.copytree(tmp_path / "base", tmp_path / "adopted")
    with _game(tmp_path / "again") as again:
        plan = _plan(again, backup)
        plan.engine = None  # no fold to adopt: the apply folds every event again
        apply_source_import(again, plan)
        expected = _seen(again)
    with _game(tmp_path / "adopted") as game:
        plan = _plan(game, backup)
        applied = apply_source_import(game, plan)
        assert game.state is plan.state_after  # the plan's fold was adopted
        assert applied.events == len(plan.events) > 400
        seen = _seen(game)
        assert any(m.kind == "streak" for m in seen["milestones"])  # type: ignore[attr-defined]
        assert seen == expected
    log = _log_files(tmp_path / "adopted")
    assert any(name.startswith("events") for name in log)
    assert log == _log_files(tmp_path / "again")
    with _game(tmp_path / "adopted") as reopened:  # from the snapshot its close wrote
        assert reopened.snapshot_position == reopened.position
        assert _seen(reopened) == expected
    shutil.rmtree(resolve_paths(tmp_path / "adopted", environ={}).cache_dir)
    with _game(tmp_path / "adopted") as reopened:  # no snapshot: folded from the log alone
        assert _seen(reopened) == expected


def test_a_plan_for_a_folder_without_a_device_id_gives_it_the_plans(tmp_path: Path) -> None:
    backup = tmp_path / "loop.db"
    loop_db(backup, sample_loop_habits(START.date() - timedelta(days=30), 30))
    with _game(tmp_path / "fresh") as game:
        plan = _plan(game, backup)
        apply_source_import(game, plan)
        assert game.state is plan.state_after
        assert {e.device_id for e in game.store.read_all()} == {plan.device}
        expected = _seen(game)
    shutil.rmtree(resolve_paths(tmp_path / "fresh", environ={}).cache_dir)
    with _game(tmp_path / "fresh") as reopened:
        assert reopened.device_id == plan.device
        assert _seen(reopened) == expected


def test_a_folder_that_got_another_device_id_since_the_plan_takes_the_events_as_its_own(
    tmp_path: Path,
) -> None:
    backup = tmp_path / "loop.db"
    loop_db(backup, sample_loop_habits(START.date() - timedelta(days=30), 30))
    with _game(tmp_path / "fresh") as game:
        plan = _plan(game, backup)
        ensure_device_id(game.paths.data_dir, "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b")
        applied = apply_source_import(game, plan)
        assert game.state is not plan.state_after  # folded again, for this device
        assert applied.events == game.store.head_position > 0
        assert {e.device_id for e in game.store.read_all()} == {
            "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"
        }
        expected = _seen(game)
    with _game(tmp_path / "fresh") as reopened:
        assert _seen(reopened) == expected
