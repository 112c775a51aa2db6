"""An import decides its logs from already-checked `BulkLog` records instead of a pydantic
`LogHabit` per entry: the log it writes must be, byte for byte, the log the `LogHabit`
path writes (the same events, ids, outcomes and clocks), and what the person sees the
same, including the preview."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.interop import (
    apply_source_import,
    plan_source_import,
    preview_source_import,
    read_source,
)
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as cmd
from tests.unit.application.conftest import START
from tests.unit.application.test_interop_adopted import _log_files, _seen
from tests.unit.interop.formats import loop_db, sample_loop_habits


def _game(folder: Path) -> Game:
    return Game.open(resolve_paths(folder, environ={}), FixedClock(START), seed=7, device_tz="UTC")


def test_the_bulk_logs_write_the_bytes_the_log_habit_commands_write(tmp_path: Path) -> None:
    backup = loop_db(
        tmp_path / "loop.db", sample_loop_habits(START.date() - timedelta(days=400), 400)
    )
    with _game(tmp_path / "base") as game:  # a device id, and a habit the import joins
        game.handle(cmd.CreateCharacter(name="Ada"))
        game.handle(cmd.AddHabit(name="Water", start_day=date(2024, 1, 1)))
    shutil.copytree(tmp_path / "base", tmp_path / "commands")
    shutil.copytree(tmp_path / "base", tmp_path / "bulk")
    seen: dict[str, object] = {}
    previews: dict[str, object] = {}
    for name, bulk in (("commands", False), ("bulk", True)):
        with _game(tmp_path / name) as game:
            src = read_source("loop", backup)
            previews[name] = preview_source_import(
                game, plan_source_import(game, src, bulk=bulk)
            ).to_json()
            applied = apply_source_import(game, plan_source_import(game, src, bulk=bulk))
            assert applied.joined == ["Water"]  # the remapped logs went through the bulk path too
            assert applied.logs > 500
            seen[name] = _seen(game)
    assert previews["bulk"] == previews["commands"]
    assert seen["bulk"] == seen["commands"]
    log = _log_files(tmp_path / "bulk")
    assert any(name.startswith("events") for name in log)
    assert log == _log_files(tmp_path / "commands")
