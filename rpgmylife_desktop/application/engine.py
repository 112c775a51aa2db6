"""Building the projection engine of a data folder, and saving or loading its snapshot.

The engine folds the domain's `GameState` and feeds every read model in the
canonical order (`canonical_key`). Late events (merged from another computer)
make it rebuild from the log through the store, which is why it gets a source.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rpgmylife_desktop.application.recording import recorded_stream
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.projections.projection_set import Projections, new_projections
from rpgmylife_desktop.projections.projection_set import state_digest as projections_digest
from rpgmylife_desktop.projections.snapshot import SnapshotError, load_snapshot

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

logger = logging.getLogger("rpgmylife_desktop.application")

SNAPSHOT_NAME = "projections"
"""The cache name of the projection snapshot."""


def new_engine(
    store: EventStore | None, *, accept: Callable[[Recorded], bool] | None = None
) -> Projections:
    """An empty engine with every read model; rebuilds read from `store` when given.

    With `accept`, only the events it lets in are folded (time travel to a moment),
    also when a merged event makes the engine rebuild from the log.
    """
    if store is None:
        return new_projections() if accept is None else Projections(accept=accept)

    def source(position: int) -> Iterable[Recorded]:
        return recorded_stream(store.read_all(position))

    return new_projections(source) if accept is None else Projections(source=source, accept=accept)


def state_digest(engine: Projections) -> str:
    """The state digest of what the engine holds (see projections.projection_set)."""
    return projections_digest(engine)


def load_newest_snapshot(
    engine: Projections,
    store: EventStore,
    name: str,
    *,
    at_most: int | None = None,
    checkpoint: bool = True,
    past_view: bool = False,
) -> int:
    """Start `engine` from the store's snapshot `name` when it matches the log (and,
    with `at_most`, was taken at that position or before).

    Returns the snapshot's position (0 when there is none or it cannot be used:
    the cache is disposable, so a bad snapshot only costs a full replay). `checkpoint` and
    `past_view`: see `projections.snapshot.load_snapshot` (for read-only past views).
    """
    snapshot = store.load_snapshot(name)
    if snapshot is None or (at_most is not None and snapshot.position > at_most):
        return 0
    try:
        load_snapshot(engine, snapshot.data, checkpoint=checkpoint, past_view=past_view)
    except SnapshotError as exc:
        logger.warning("ignoring projection snapshot %s: %s", name, exc)
        return 0
    if engine.position != snapshot.position:
        engine.clear()
        return 0
    return snapshot.position
