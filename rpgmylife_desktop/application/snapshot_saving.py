"""When a session saves its projection snapshot, and saving it (with a timeline snapshot
when one is due, and the previous snapshot kept as a rung): `Game.open` after a long
replay, `Game.close`, and the appends of merged events (`session.py`).
"""

from __future__ import annotations

from rpgmylife_desktop.application.engine import SNAPSHOT_NAME, keep_as_rung
from rpgmylife_desktop.application.timeline import Timeline
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.projections.projection_set import Projections
from rpgmylife_desktop.projections.snapshot import dump_snapshot

SNAPSHOT_TAIL = 10_000
"""Replaying more than this many events past the snapshot writes a new one at once."""

CLOSE_TAIL_SHARE = 50
CLOSE_TAIL_MAX = 2_000
"""On close, a new snapshot is written once the tail past the last one reaches
1/CLOSE_TAIL_SHARE of the log, and at the latest at CLOSE_TAIL_MAX events.

Why not on every close: each CLI command is one session, and dumping a
20-year state costs about half a second, far more than the command. Replaying
a tail of at most 2,000 events costs the next open about 0.1 s instead. A small
log still gets a fresh snapshot at nearly every close, where dumping is cheap."""


def snapshot_due_on_close(position: int, snapshot_position: int) -> bool:
    """True when closing at `position` should write a new projection snapshot."""
    tail = position - snapshot_position
    return tail > 0 and tail >= min(CLOSE_TAIL_MAX, max(1, position // CLOSE_TAIL_SHARE))


def save_snapshots(
    engine: Projections,
    store: EventStore,
    timeline: Timeline,
    previous: tuple[int, int],
    dumped: bytes | None = None,
) -> int:
    """The projection snapshot, and a timeline snapshot when one is due (its own, ~10x
    smaller dump of a compacted state, see `Timeline.save`). The `previous` projection snapshot
    (position, clock) is kept as a rung that late imports rebuild from (`keep_as_rung`).
    `dumped`: `engine` dumped already (`dump_snapshot`). Returns the new snapshot's clock."""
    if engine.position == 0 or engine.last_key is None:
        return 0
    keep_as_rung(store, *previous, engine.position)
    data = dumped if dumped is not None else dump_snapshot(engine)
    store.save_snapshot(SNAPSHOT_NAME, engine.position, data)
    if timeline.due(engine.position):
        timeline.save(engine)
    return engine.last_key[0]
