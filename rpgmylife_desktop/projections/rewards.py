"""Rewards: the user's rewards, priced in gold, and how often each was claimed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Key
from rpgmylife_desktop.projections.view import StateView, ids_of


@dataclass(frozen=True, slots=True)
class RewardRow:
    """One reward (whether it is affordable is the sheet's gold against `price`)."""

    reward_id: str
    title: str
    notes: str
    price: float
    times_claimed: int
    archived: bool = False
    """Archived: left out of the lists unless asked for, still in history."""


class Rewards(StateView[RewardRow]):
    """Rows keyed by reward id, in the order they were added."""

    name = "rewards"

    def keys_in(self, state: GameState) -> list[Key]:
        """Rewards in the order they were added."""
        return [k for k, item in state.rewards.items() if not item.deleted]

    def exists(self, state: GameState, key: Key) -> bool:
        """True while the reward exists."""
        item = state.rewards.get(str(key))
        return item is not None and not item.deleted  # deleted: gone from every list

    def build(self, state: GameState, key: Key) -> RewardRow:
        """The row of one reward."""
        reward = state.rewards[str(key)]
        return RewardRow(
            reward_id=reward.reward_id,
            title=reward.title,
            notes=reward.notes,
            price=reward.price,
            times_claimed=len(reward.claims),
            archived=reward.archived,
        )

    def touched(self, step: Step[GameState, Recorded]) -> Iterable[Key]:
        """The reward an event names."""
        return ids_of(step.recorded.event, "reward_id")

    def canonical(self) -> Json | None:
        """Every reward's canonical data (the domain's)."""
        rewards = self._state().rewards
        return {key: rewards[key].canonical() for key in sorted(rewards)}
