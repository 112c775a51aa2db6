"""A refusal in the window names its day as the rest of the window does, in words with
the year ("Mon 2 Nov 2026"), never as an ISO date."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.domain.commands import AddHabit

from .conftest import NOW
from .helpers import launch
from .test_window_flows import seed

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_skipping_a_habit_twice_today_is_refused_with_the_day_in_words(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path
) -> None:
    seed(paths, AddHabit(habit_id="run", name="Run", start_day=NOW.date() - timedelta(days=3)))
    app = launch(qtbot, paths, NOW, tmp_path)
    try:
        window = app.window
        window.user_actions.pages[1].trigger()
        window.habits_page.select_key("run")
        app.actions.skip.trigger()
        assert app.game.state.habits["run"].is_excused(NOW.date())
        written = app.game.position
        app.actions.skip.trigger()  # the same day again: refused by the rules
        said = "Mon 2 Nov 2026 is already skipped or paused for 'Run'."
        assert window.last_message == said
        assert window.toast.isVisible() and window.toast.kind == "danger"
        assert window.toast.text() == said
        assert said in window.statusBar().currentMessage()
        assert not ISO_DAY.search(window.statusBar().currentMessage())
        assert app.game.position == written  # nothing written
    finally:
        app.close()
