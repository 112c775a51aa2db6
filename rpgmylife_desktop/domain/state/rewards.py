"""A reward priced in gold, with its live claims, as the fold holds it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import TypeAdapter

from rpgmylife_desktop.domain.events import RewardAdded
from rpgmylife_desktop.domain.state.editable import Editable, shelf_data

EDITABLE_FIELDS: dict[str, TypeAdapter[Any]] = {
    "title": TypeAdapter(str),
    "notes": TypeAdapter(str),
    "price": TypeAdapter(float),
}
"""The fields RewardEdited may change."""


@dataclass(frozen=True, slots=True)
class Claim:
    """One live claim of a reward, keyed by its event id."""

    gold_delta: float
    day: date


@dataclass(slots=True)
class Reward(Editable):
    """A user-defined reward."""

    EDITABLE_FIELDS = EDITABLE_FIELDS

    reward_id: str
    title: str
    price: float
    notes: str = ""
    claims: dict[str, Claim] = field(default_factory=dict)
    archived: bool = False
    deleted: bool = False

    @classmethod
    def from_event(cls, event: RewardAdded) -> Reward:
        """The reward a RewardAdded event creates."""
        return cls(event.reward_id, event.title, event.price, event.notes)

    def copy(self) -> Reward:
        """An independent copy."""
        return Reward(
            self.reward_id,
            self.title,
            self.price,
            self.notes,
            dict(self.claims),
            self.archived,
            self.deleted,
        )

    def canonical(self) -> dict[str, Any]:
        """Deterministic data for the state digest (no event ids)."""
        return {
            "reward_id": self.reward_id,
            "title": self.title,
            "notes": self.notes,
            "price": self.price,
            "claims": sorted([c.day.isoformat(), c.gold_delta] for c in self.claims.values()),
            **shelf_data(self.archived, self.deleted),
        }

    def to_data(self) -> dict[str, Any]:
        """JSON-able data (snapshots)."""
        data = self.canonical()
        data["claims"] = {k: [c.gold_delta, c.day.isoformat()] for k, c in self.claims.items()}
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Reward:
        """The inverse of `to_data`."""
        claims = {k: Claim(g, date.fromisoformat(d)) for k, (g, d) in data["claims"].items()}
        reward = cls(data["reward_id"], data["title"], data["price"], data["notes"], claims)
        reward.archived, reward.deleted = data.get("archived", False), data.get("deleted", False)
        return reward
