"""`Projections`: the game's read models behind one engine, and the state digest.

This is what the application holds: build it with `new_projections`, feed it
`Recorded` events (`apply` / `apply_many` live, `replay` in bulk), read the
typed read models, subscribe to their change announcements, and hash the game
state with `state_digest`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import date

from rpgmylife_desktop.domain.events.recorded import Recorded, canonical_key
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.catalog import ReadModels
from rpgmylife_desktop.projections.changes import Change, reset
from rpgmylife_desktop.projections.digest import digest_of
from rpgmylife_desktop.projections.engine import ProjectionEngine
from rpgmylife_desktop.projections.history import DEFAULT_WINDOW
from rpgmylife_desktop.projections.refold import EventSource
from rpgmylife_desktop.projections.state_model import GameStateModel


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
        # The read models reach the state through the engine; a weak reference keeps that
        # from being a cycle, so a dropped engine (a past view) is freed by reference
        # counting alone, never left to the cyclic collector (nor leaked once frozen).
        engine = weakref.ref(self)

        def current() -> GameState:
            held = engine()
            if held is None:
                raise RuntimeError("the read models outlived their engine")
            return held.state

        models = ReadModels.build(current, history_window=history_window)
        self.models = models
        """Every read model as a typed attribute (`models.habits`, `models.named("habits")`)."""
        self.character = models.character
        self.today = models.today
        self.habits = models.habits
        self.quests = models.quests
        self.goals = models.goals
        self.rewards = models.rewards
        self.days = models.days
        self.milestones = models.milestones
        self.history = models.history
        super().__init__(
            GameStateModel(),
            models.all(),
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


def digest_of_state(state: GameState) -> str:
    """The same digest for a `GameState` folded without projections (read models over it
    are views: they read the state, so no event needs replaying)."""
    return digest_of(ReadModels.build(lambda: state).all())
