"""Change announcements: what a projection tells its listeners after an event.

A `Change` names one row of one projection and what happened to it, so that a
Qt item model can turn it into exactly one row signal (`beginInsertRows`,
`dataChanged`, `beginRemoveRows`) instead of resetting itself. `RESET` is kept
for real resets only: a rebuild after a late event, a restore, time travel. There is
no "moved": a reorder updates the rows that moved, whose `position` a model sorts on
(docs/projections.md, "Announcements").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

Key = str | int
"""A row key: an aggregate id (habit, quest, goal, reward), an ISO day or a number."""


class ChangeKind(StrEnum):
    """What happened to a row."""

    INSERTED = "inserted"
    UPDATED = "updated"
    REMOVED = "removed"
    RESET = "reset"


@dataclass(frozen=True, slots=True)
class Change:
    """One announcement: `kind` happened to row `key` of projection `projection`.

    Inserted, updated and removed changes carry exactly one key; a reset carries
    none (every row may have changed, read the projection again).
    """

    projection: str
    kind: ChangeKind
    key: Key | None = None

    @property
    def keys(self) -> tuple[Key, ...]:
        """The keys this change touches (empty for a reset)."""
        return () if self.key is None else (self.key,)


def inserted(projection: str, key: Key) -> Change:
    """A new row `key` now exists."""
    return Change(projection, ChangeKind.INSERTED, key)


def updated(projection: str, key: Key) -> Change:
    """Row `key` still exists but shows something else."""
    return Change(projection, ChangeKind.UPDATED, key)


def removed(projection: str, key: Key) -> Change:
    """Row `key` is gone."""
    return Change(projection, ChangeKind.REMOVED, key)


def reset(projection: str) -> Change:
    """Every row of `projection` may have changed."""
    return Change(projection, ChangeKind.RESET)


Listener = Callable[[Sequence[Change]], None]
"""Called with the changes of one applied batch, after the projections hold the new state."""


class ChangeFeed:
    """Plain-callback publish/subscribe for change announcements (no Qt).

    Listeners run synchronously, in subscription order, after the projections
    have applied an event, so a listener may read the projections it is told
    about. A listener subscribed to one projection only hears of that one.
    """

    def __init__(self) -> None:
        self._listeners: list[tuple[Listener, frozenset[str] | None]] = []

    def subscribe(
        self, listener: Listener, projections: Iterable[str] | None = None
    ) -> Callable[[], None]:
        """Call `listener` with future changes; returns a function that unsubscribes it."""
        entry = (listener, None if projections is None else frozenset(projections))
        self._listeners.append(entry)

        def unsubscribe() -> None:
            if entry in self._listeners:
                self._listeners.remove(entry)

        return unsubscribe

    def publish(self, changes: Sequence[Change]) -> None:
        """Tell every interested listener about `changes` (nothing when empty)."""
        if not changes:
            return
        for listener, names in list(self._listeners):
            if names is None:
                listener(changes)
                continue
            mine = [change for change in changes if change.projection in names]
            if mine:
                listener(mine)
