"""The import's plan and apply on a `Game`: progress, cancel, and the preview's promise."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from rpgmylife_desktop.application.interop import (
    ImportCancelled,
    apply_source_import,
    plan_source_import,
    preview_source_import,
    read_source,
)
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.projections.projection_set import digest_of_state
from tests.unit.application.conftest import OpenGame
from tests.unit.interop.formats import habitica_export, loop_db, sample_loop_habits


def _files(folder: Path) -> dict[str, bytes]:
    """The data folder's files but the disposable cache (closing a game updates its index)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "cache" not in p.relative_to(folder).parts
    }


def test_cancel_from_the_progress_callback_leaves_nothing_behind(
    open_game: OpenGame, tmp_path: Path
) -> None:
    backup = loop_db(tmp_path / "b.db", sample_loop_habits(date(2023, 3, 1), 1000))
    source = read_source("loop", backup)
    game = open_game()
    data = game.paths.data_dir
    before = _files(data)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return False  # the person pressed Cancel at the first report

    with pytest.raises(ImportCancelled):
        plan_source_import(game, source, progress)
    assert seen and seen[0][0] < seen[0][1]
    assert game.store.head_position == 0
    game.close()
    assert _files(data) == before


def test_progress_reaches_the_total_and_the_preview_matches_the_apply(
    open_game: OpenGame, tmp_path: Path
) -> None:
    first = date(2026, 1, 1)
    backup = loop_db(tmp_path / "b.db", sample_loop_habits(first, 60))
    game = open_game()
    seen: list[tuple[int, int]] = []
    plan = plan_source_import(
        game, read_source("loop", backup), lambda d, t: seen.append((d, t)) is None
    )
    assert seen[-1][0] == seen[-1][1] > 0
    preview = preview_source_import(game, plan)
    assert game.store.head_position == 0  # a preview writes nothing
    applied = apply_source_import(game, plan)
    assert game.store.head_position == preview.events == applied.events
    assert (applied.after.level, applied.after.xp, applied.xp_gained) == (
        preview.after.level,
        preview.after.xp,
        preview.xp_gained,
    )
    assert applied.first_day == str(first)  # Meditate was done on the backup's first day
    assert applied.last_day == str(first + timedelta(days=59))


def test_the_preview_folds_the_plan_into_the_state_the_apply_leaves(
    open_game: OpenGame, tmp_path: Path
) -> None:
    """The plan decides on its own working state and folds its events for the preview only
    when asked: that fold must be the game's own after the apply, for a game with history,
    a habit the import joins, and a Habitica export whose quests come after its habits."""
    game = open_game()
    game.handle(cmd.AddHabit(name="Meditate", start_day=date(2026, 2, 1)))
    game.handle(cmd.LogHabit(habit_id=game.state.habits_in_order()[0].habit_id))
    for kind, path in (
        ("loop", loop_db(tmp_path / "b.db", sample_loop_habits(date(2026, 1, 20), 40))),
        ("habitica", tmp_path / "export.json"),
    ):
        if kind == "habitica":
            habitica_export(path)
        plan = plan_source_import(game, read_source(kind, path))
        preview = preview_source_import(game, plan)
        apply_source_import(game, plan)
        assert preview.events > 0
        assert digest_of_state(plan.state_after) == game.digest()
        if kind == "loop":
            assert preview.joined == ["Meditate"]
    assert preview.quests > 0 and preview.habits > 0
