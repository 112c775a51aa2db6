"""Every read model of the game, built by name into one typed record.

`ReadModels` holds each read model as a typed attribute named after the read model's
`name` (`models.habits` is the `HabitList` called "habits"), so no caller looks one up
by position or gets `Any` back. `Projections` (projection_set.py) feeds them through one
engine; `all()` gives them in the order the engine applies events to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Literal, overload

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

ReadModelName = Literal[
    "character", "today", "habits", "quests", "goals", "rewards", "days", "milestones", "history"
]
"""The name of a read model (its `name`, and its attribute on `ReadModels`)."""


@dataclass(frozen=True, slots=True)
class ReadModels:
    """The game's read models, one typed attribute each, named as the read model is."""

    character: CharacterSheet
    today: TodayHabits
    habits: HabitList
    quests: QuestBoard
    goals: Goals
    rewards: Rewards
    days: DailyStats
    milestones: Milestones
    history: History

    def __post_init__(self) -> None:
        for field in fields(self):
            model = getattr(self, field.name)
            if model.name != field.name:
                raise ValueError(f"read model {model.name!r} is wired as {field.name!r}")

    @classmethod
    def build(
        cls, state: Callable[[], GameState], *, history_window: int = DEFAULT_WINDOW
    ) -> ReadModels:
        """Fresh read models reading the engine's current game state through `state`."""
        return cls(
            character=CharacterSheet(state),
            today=TodayHabits(state),
            habits=HabitList(state),
            quests=QuestBoard(state),
            goals=Goals(state),
            rewards=Rewards(state),
            days=DailyStats(state),
            milestones=Milestones(),
            history=History(history_window),
        )

    def all(self) -> list[Projection[GameState, Recorded]]:
        """Every read model, in declaration order."""
        return [getattr(self, field.name) for field in fields(self)]

    @overload
    def named(self, name: Literal["character"]) -> CharacterSheet: ...
    @overload
    def named(self, name: Literal["today"]) -> TodayHabits: ...
    @overload
    def named(self, name: Literal["habits"]) -> HabitList: ...
    @overload
    def named(self, name: Literal["quests"]) -> QuestBoard: ...
    @overload
    def named(self, name: Literal["goals"]) -> Goals: ...
    @overload
    def named(self, name: Literal["rewards"]) -> Rewards: ...
    @overload
    def named(self, name: Literal["days"]) -> DailyStats: ...
    @overload
    def named(self, name: Literal["milestones"]) -> Milestones: ...
    @overload
    def named(self, name: Literal["history"]) -> History: ...
    @overload
    def named(self, name: str) -> Projection[GameState, Recorded]: ...
    def named(self, name: str) -> Projection[GameState, Recorded]:
        """The read model called `name` (KeyError when there is none)."""
        # The names are the class's fields, worked out once: every Qt model asks for its
        # read model by name on every row it reads (thousands of times per model reset).
        if name not in _NAMES:
            raise KeyError(name)
        model: Projection[GameState, Recorded] = getattr(self, name)
        return model


_NAMES = frozenset(field.name for field in fields(ReadModels))
