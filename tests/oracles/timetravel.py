"""Time travel by plain replay, the oracle the application's time travel
(`application/timetravel.py`, with its timeline snapshots) is checked against.

Each function builds a fresh `Projections` from events the application
supplies (the log from its start, or from a snapshot's position on together
with that snapshot), so the live projections are never touched.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime

from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.projections.milestones import Milestone
from rpgmylife_desktop.projections.projection_set import Projections
from rpgmylife_desktop.projections.refold import EventSource
from rpgmylife_desktop.projections.snapshot import load_snapshot


def projections_at_position(
    events: Iterable[Recorded],
    position: int,
    *,
    snapshot: bytes | None = None,
    source: EventSource[Recorded] | None = None,
) -> Projections:
    """The projections of the first `position` events of the log.

    `events` is the log in position order (from the start, or from just after
    `snapshot`'s position when a snapshot at or before `position` is given);
    reading stops at `position`. `source` is needed only when the log holds
    merged events that sort before earlier ones.
    """
    built = Projections(source=source)
    if snapshot is not None:
        load_snapshot(built, snapshot)
        if built.position > position:
            raise ValueError(f"the snapshot is at {built.position}, after position {position}")
    # A past view has no listeners yet: a quiet replay (one reset) instead of per-event
    # announcements, which cost several times the fold.
    built.replay(itertools.takewhile(lambda r: r.position <= position, events))
    return built


def projections_at_moment(
    events: Iterable[Recorded],
    moment: datetime,
    *,
    source: EventSource[Recorded] | None = None,
) -> Projections:
    """The projections of every event recorded at or before `moment` (aware).

    `events` is the whole log in position order (events merged from another
    computer keep their own recording time, so a position prefix is not enough).
    """
    built = Projections(source=source, accept=lambda r: r.recorded_at <= moment)
    built.replay(events)
    return built


def milestone_position(projections: Projections, key: str) -> int | None:
    """The log position to travel to for milestone `key` ("level-10", ...), or None."""
    milestone = projections.milestones.get(key)
    return None if milestone is None else milestone.position


def find_milestones(projections: Projections, kind: str | None = None) -> list[Milestone]:
    """Milestones in the order reached, optionally of one kind (level, goal, streak,
    first_log, perfect_day)."""
    return [m for m in projections.milestones.ordered() if kind is None or m.kind == kind]
