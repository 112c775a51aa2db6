"""Refusals the window can show have window words: a hint that names a CLI option or a
`command` in backticks has a window hint beside it, and the CLI keeps its own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from rpgmylife_desktop.application.clock import FixedClock
from rpgmylife_desktop.application.paths import resolve_paths
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.commands import (
    AddHabit,
    ArchiveHabit,
    Command,
    CreateCharacter,
    RestoreHabit,
    ResumeHabit,
    RevertEvent,
)
from rpgmylife_desktop.errors import UserError

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def test_window_text_uses_the_window_hint_and_str_keeps_the_cli_hint() -> None:
    error = UserError("Gone.", hint="Run `x --y`.", window_hint="Press Ctrl+Z.")
    assert str(error) == "Gone.\nRun `x --y`."
    assert error.window_text() == "Gone.\nPress Ctrl+Z."
    assert error.to_json()["hint"] == "Run `x --y`."
    assert UserError("Gone.", hint="Try again.").window_text() == "Gone.\nTry again."
    assert UserError("Gone.", hint="Run `x`.", window_hint="").window_text() == "Gone."


@pytest.mark.parametrize(
    ("command", "window"),
    [
        (RestoreHabit(habit_id="old"), "Ctrl+E"),
        (ResumeHabit(habit_id="new", day=date(2026, 11, 2)), "History (Ctrl+6)"),
        (RevertEvent(event_id="0" * 32), "History (Ctrl+6)"),
        (ResumeHabit(habit_id="old", day=date(2026, 11, 2)), "Edit > Archive / restore"),
    ],
)
def test_refusals_keep_the_cli_hint_and_say_the_window_way(
    tmp_path: Path, command: Command, window: str
) -> None:
    with Game.open(resolve_paths(tmp_path), FixedClock(NOW), seed=3, device_tz="UTC") as game:
        game.handle(CreateCharacter(name="Ada"))
        game.handle(AddHabit(habit_id="old", name="Run"))
        game.handle(ArchiveHabit(habit_id="old"))
        game.handle(AddHabit(habit_id="new", name="Run"))
        with pytest.raises(UserError) as refused:
            game.handle(command)
    error = refused.value
    shown = error.window_text()
    assert str(error) != shown  # the CLI keeps its own hint
    assert "`" not in shown and "--" not in shown and "rpgmylife " not in shown, shown
    assert window in shown
