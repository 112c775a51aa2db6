"""`Projections`: the game's read models behind one engine, and the state digest.

This is what the application holds: build it with `new_projections`, feed it
`Recorded` events (`apply` / `apply_many` live, `replay` in bulk), read the
typed read models, subscribe to their change announcements, and hash the game
state with `state_digest`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rpgmylife_desktop.domain.events.recorded import Recorded, canonical_key
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.catalog import all_projections
from rpgmylife_desktop.projections.changes import Change, reset
from rpgmylife_desktop.projections.character_sheet import CharacterSheet
from rpgmylife_desktop.projections.daily_stats import DailyStats
from rpgmylife_desktop.projections.digest import digest_of
from rpgmylife_desktop.projections.engine import EventSource, ProjectionEngine
from rpgmylife_desktop.projections.goal_board import Goals
from rpgmylife_desktop.projections.habit_list import HabitList
from rpgmylife_desktop.projections.history import DEFAULT_WINDOW, History
from rpgmylife_desktop.projections.milestones import Milestones
from rpgmylife_desktop.projections.quest_board import QuestBoard
from rpgmylife_desktop.projections.rewards import Rewards
from rpgmylife_desktop.projections.state_model import GameStateModel
from rpgmylife_desktop.projections.today import TodayHabits


class Projections(ProjectionEngine[GameState, Recorded]):
    """Every read model of the game, fed in canonical order by one engine."""

    def __init__(
        self,
        *,
        source: EventSource[Recorded] | None = None,
        accept: Callable[[Recorded], bool] | None = None,
        history_window: int = DEFAULT_WINDOW,
        checkpoint_every: int = 2048,
        max_checkpoints: int = 4,
    ) -> None:
        def current() -> GameState:
            return self.state

        parts = all_projections(current, history_window=history_window)
        self.character: CharacterSheet = parts[0]  # type: ignore[assignment]
        self.today: TodayHabits = parts[1]  # type: ignore[assignment]
        self.habits: HabitList = parts[2]  # type: ignore[assignment]
        self.quests: QuestBoard = parts[3]  # type: ignore[assignment]
        self.goals: Goals = parts[4]  # type: ignore[assignment]
        self.rewards: Rewards = parts[5]  # type: ignore[assignment]
        self.days: DailyStats = parts[6]  # type: ignore[assignment]
        self.milestones: Milestones = parts[7]  # type: ignore[assignment]
        self.history: History = parts[8]  # type: ignore[assignment]
        super().__init__(
            GameStateModel(),
            parts,
            canonical_key,
            source=source,
            accept=accept,
            checkpoint_every=checkpoint_every,
            max_checkpoints=max_checkpoints,
        )

    def set_today(self, day: date | None) -> list[Change]:
        """Show `day` in TodayHabits (None: the latest event's day); announces a reset."""
        self.today.set_day(day)
        changes = [reset(self.today.name)]
        self.feed.publish(changes)
        return changes


def new_projections(
    source: EventSource[Recorded] | None = None, *, history_window: int = DEFAULT_WINDOW
) -> Projections:
    """Empty projections; `source(position)` must yield the log from `position` on, in
    position order, as Recorded (used only to rebuild after a late, merged event)."""
    return Projections(source=source, history_window=history_window)


def state_digest(projections: Projections) -> str:
    """SHA-256 hex of the canonical game state (character sheet and settings, habits,
    quests, goals, rewards, per-day statistics), without history, milestones, log
    positions, event ids or recording times."""
    return digest_of(projections.projections)
