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
from rpgmylife_desktop.projections.checkpoints import CanonicalKey
from rpgmylife_desktop.projections.projection_set import Projections, new_projections
from rpgmylife_desktop.projections.projection_set import state_digest as projections_digest
from rpgmylife_desktop.projections.snapshot import SnapshotError, load_snapshot

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

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
    compacted: bool = False,
) -> int:
    """Start `engine` from the store's snapshot `name` when it matches the log (and,
    with `at_most`, was taken at that position or before).

    Returns the snapshot's position (0 when there is none or it cannot be used:
    the cache is disposable, so a bad snapshot only costs a full replay). `checkpoint`:
    see `projections.snapshot.load_snapshot`. `compacted`: whether a compacted state (one
    that forgot old habit logs, see `timeline`) may start the engine; only a read-only past
    view may, never a session that decides commands on it.
    """
    snapshot = store.load_snapshot(name)
    if snapshot is None or (at_most is not None and snapshot.position > at_most):
        return 0
    try:
        load_snapshot(engine, snapshot.data, checkpoint=checkpoint)
    except SnapshotError as exc:
        logger.warning("ignoring projection snapshot %s: %s", name, exc)
        return 0
    if not compacted and engine.state.forgot_logs:
        logger.warning("ignoring projection snapshot %s: it forgot old habit logs", name)
        engine.clear()
        return 0
    if engine.position != snapshot.position:
        engine.clear()
        return 0
    return snapshot.position


# -- older snapshots: where a late import rebuilds from -------------------------------------

RUNG_PREFIX = "projections-at-"
MAX_RUNGS = 3
"""Older projection snapshots kept beside the newest one (each about the newest one's size:
1.7 MB at 100,000 events). Saving a new snapshot keeps the previous one as a rung instead
of deleting it, so no extra dump is written; the rungs thin out to doubling distances."""


def rung_name(position: int, hlc: int) -> str:
    """The cache name of an older projection snapshot at `position` whose newest folded
    event has the hybrid clock `hlc` (named so a rung can be chosen without loading it)."""
    return f"{RUNG_PREFIX}{position:012d}-{hlc}"


def rungs(store: EventStore) -> list[tuple[int, int, str]]:
    """The older projection snapshots as (position, clock, name), newest first."""
    found = []
    for name in store.snapshot_names(RUNG_PREFIX):
        position, _, hlc = name[len(RUNG_PREFIX) :].partition("-")
        if position.isdigit() and hlc.isdigit():
            found.append((int(position), int(hlc), name))
    return sorted(found, reverse=True)


def keep_as_rung(store: EventStore, position: int, hlc: int, newest: int) -> None:
    """Keep the projection snapshot at `position` (about to be replaced by one at `newest`)
    as a rung, then thin the rungs: each older one at least twice as far from `newest` as
    the next newer one, at most `MAX_RUNGS`."""
    if position <= 0 or position >= newest:
        return
    store.rename_snapshot(SNAPSHOT_NAME, rung_name(position, hlc))
    kept: list[int] = []
    for rung_position, _, name in rungs(store):
        keep = rung_position < newest and (
            not kept or kept[-1] - rung_position >= newest - kept[-1]
        )
        if keep and len(kept) < MAX_RUNGS:
            kept.append(rung_position)
        else:
            store.delete_snapshot(name)


def restart_before(engine: Projections, store: EventStore, low: CanonicalKey, head: int) -> bool:
    """Restart `engine` from the newest older snapshot that sorts before `low` (a late
    import's earliest event), so folding the import rebuilds from there rather than from
    the start of the log: `ProjectionEngine.merge` then folds the log events after the
    snapshot, up to and past `head`, in canonical order.

    A rung serves when its clock is below `low`'s and every log event after it, up to
    `head`, has a higher clock (no event merged since sorts into what it holds); one that
    cannot serve any late event again is deleted. Returns True when the engine restarted.
    False: no rung served and the engine is as it was, or empty after a rung that failed
    to load (the merge then rebuilds from the start, as it would have anyway).
    """
    for position, hlc, name in rungs(store):
        if position > head or hlc >= low[0]:
            continue
        if any(stored.hlc <= hlc for stored in store.read_all(position + 1, head)):
            store.delete_snapshot(name)  # an event merged since sorts into it
            continue
        loaded = load_newest_snapshot(engine, store, name)
        if loaded == position and engine.last_key is not None and engine.last_key[0] == hlc:
            return True
        engine.clear()  # damaged, stale or misnamed: it only ever cost a rebuild
        store.delete_snapshot(name)
    return False


def prepare_merge(engine: Projections, store: EventStore, merged: Sequence[Recorded]) -> None:
    """Before `engine.merge(merged)` (events just appended to the log): when they sort
    before every checkpoint the engine holds, restart it from an older snapshot
    (`restart_before`) so the merge does not rebuild from the start of the log."""
    if not merged or engine.last_key is None:
        return
    low = min((r.hlc, r.device_id, r.event_id) for r in merged)
    if low < engine.last_key and not engine.has_checkpoint_before(low):
        restart_before(engine, store, low, min(r.position for r in merged) - 1)


def first_position_from(engine: Projections, store: EventStore, hlc: int) -> int:
    """The first log position that may hold an event with a clock of `hlc` or later.

    Everything before it is known older: the log up to a snapshot's position holds no
    clock above the snapshot's newest folded one (the rungs are named with it), and the
    engine's checkpoints say where every event sorting after them lies."""
    first = engine.resume_before((hlc, "", ""))
    for position, rung_hlc, name in rungs(store):
        if rung_hlc < hlc and position >= first:
            snapshot = store.load_snapshot(name)  # still of this log (a repair changes it)?
            if snapshot is not None and snapshot.position == position:
                return position + 1
    return first
