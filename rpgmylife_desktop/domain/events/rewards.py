"""A reward's events (stream "reward-<id>")."""

from __future__ import annotations

from typing import ClassVar

from rpgmylife_desktop.domain.events.base import DomainEvent, FieldValues, Outcome


class RewardAdded(DomainEvent):
    """A user-defined reward priced in gold."""

    event_type: ClassVar[str] = "RewardAdded"
    reward_id: str
    title: str
    notes: str = ""
    price: float


class RewardRemoved(DomainEvent):
    """Compensation of RewardAdded."""

    event_type: ClassVar[str] = "RewardRemoved"
    reward_id: str


class RewardEdited(DomainEvent):
    """Fields of a reward changed (title, notes, price)."""

    event_type: ClassVar[str] = "RewardEdited"
    reward_id: str
    old: FieldValues
    new: FieldValues


class RewardClaimed(Outcome):
    """The user bought the reward: `gold_delta` is minus its price."""

    event_type: ClassVar[str] = "RewardClaimed"
    reward_id: str


class RewardClaimReverted(Outcome):
    """Compensation of RewardClaimed (`claim_event_id`): the gold comes back."""

    event_type: ClassVar[str] = "RewardClaimReverted"
    reward_id: str
    claim_event_id: str


class RewardArchived(DomainEvent):
    """The reward was archived: it leaves the lists (its history stays) and cannot
    be used until restored."""

    event_type: ClassVar[str] = "RewardArchived"
    reward_id: str


class RewardRestored(DomainEvent):
    """An archived reward is back in the lists (also the compensation of
    RewardArchived)."""

    event_type: ClassVar[str] = "RewardRestored"
    reward_id: str


class RewardDeleted(DomainEvent):
    """The user deleted the reward: it is gone from every list and lookup, but its
    events (and what they paid) stay in the log and in history. Pays and costs nothing."""

    event_type: ClassVar[str] = "RewardDeleted"
    reward_id: str


class RewardDeleteReverted(DomainEvent):
    """Compensation of RewardDeleted (undo or revert): the reward is back as it was."""

    event_type: ClassVar[str] = "RewardDeleteReverted"
    reward_id: str
