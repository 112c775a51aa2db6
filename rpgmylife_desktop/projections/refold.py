"""Reading the log again for a rebuild: which events the projection engine folds anew.

A rebuild starts at a checkpoint (or the empty state) and folds, in canonical order,
every accepted event of the log from the checkpoint's resume position up to the late
event's, that sorts after the checkpoint. These functions read them through the
engine's `source`; the engine folds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

from rpgmylife_desktop.projections.checkpoints import CanonicalKey


class Envelope(Protocol):
    """What the engine reads from a recorded event besides its canonical key."""

    @property
    def position(self) -> int: ...

    @property
    def event_id(self) -> str: ...


E = TypeVar("E", bound=Envelope)

EventSource = Callable[[int], Iterable[E]]
"""Yields the log's events from a position on, in position order (for rebuilds)."""


def lowest_key(
    source: EventSource[E],
    first: int,
    last: int,
    accept: Callable[[E], bool] | None,
    key_of: Callable[[E], CanonicalKey],
) -> CanonicalKey | None:
    """The lowest canonical key of the accepted events at positions `first`..`last`."""
    low: CanonicalKey | None = None
    for recorded in source(first):
        if recorded.position > last:
            break
        if recorded.position >= first and (accept is None or accept(recorded)):
            key = key_of(recorded)
            low = key if low is None or key < low else low
    return low


def events_to_refold(
    source: EventSource[E],
    resume: int,
    base_key: CanonicalKey | None,
    late: E,
    key: CanonicalKey,
    accept: Callable[[E], bool] | None,
    key_of: Callable[[E], CanonicalKey],
) -> tuple[list[tuple[CanonicalKey, E]], list[int]]:
    """The events a rebuild for `late` (with `key`) folds after the checkpoint at
    `base_key` (None: the empty state) that resumes at `resume`, in canonical order with
    their keys; and for each index, the position a checkpoint taken before that event
    resumes at (the lowest position still to come)."""
    target = late.position
    tail: list[tuple[CanonicalKey, E]] = []
    seen: set[str] = set()
    for recorded in source(resume):
        if recorded.position > target:
            break
        if recorded.position < resume:
            continue
        if accept is not None and not accept(recorded):
            continue
        event_key = key_of(recorded)
        if base_key is not None and event_key <= base_key:
            continue
        tail.append((event_key, recorded))
        seen.add(recorded.event_id)
    if late.event_id not in seen:
        tail.append((key, late))
    tail.sort(key=lambda pair: pair[0])
    # Checkpoints inside the rebuilt stretch resume at the lowest position still to come.
    resume_after = [target + 1] * (len(tail) + 1)
    for index in range(len(tail) - 1, -1, -1):
        resume_after[index] = min(resume_after[index + 1], tail[index][1].position)
    return tail, resume_after
