"""Every read model of the game, for callers that build their own engine.

`Projections` (projection_set.py) is the same list behind typed attributes;
`all_projections` serves an application that wires `ProjectionEngine` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.base import Projection
from rpgmylife_desktop.projections.character_sheet import CharacterSheet
from rpgmylife_desktop.projections.daily_stats import DailyStats
from rpgmylife_desktop.projections.goal_board import Goals
from rpgmylife_desktop.projections.habit_list import HabitList
from rpgmylife_desktop.projections.history import DEFAULT_WINDOW, History
from rpgmylife_desktop.projections.milestones import Milestones
from rpgmylife_desktop.projections.quest_board import QuestBoard
from rpgmylife_desktop.projections.rewards import Rewards
from rpgmylife_desktop.projections.today import TodayHabits


def all_projections(
    state: Callable[[], GameState], *, history_window: int = DEFAULT_WINDOW
) -> list[Projection[GameState, Recorded]]:
    """Fresh read models reading the engine's current game state through `state`:
    character, today, habits, quests, goals, rewards, days, milestones, history."""
    return [
        CharacterSheet(state),
        TodayHabits(state),
        HabitList(state),
        QuestBoard(state),
        Goals(state),
        Rewards(state),
        DailyStats(state),
        Milestones(),
        History(history_window),
    ]


def projection_named(engine: Any, name: str) -> Any:
    """The engine's read model called `name` (KeyError when there is none)."""
    for projection in engine.projections:
        if projection.name == name:
            return projection
    raise KeyError(name)
