"""Opening a data folder's game: the replay that brings a new engine up to the log's
head (the newest projection snapshot plus the tail, or the log's start folded ahead in
another process, `read_ahead.py`, and a cold open's split, `cold_open.py`), and the
first event a reading session cannot use. `Game.open` (`session.py`) calls these.
"""

from __future__ import annotations

import gc

from rpgmylife_desktop.application.cold_open import replay_split, splits
from rpgmylife_desktop.application.engine import SNAPSHOT_NAME, load_newest_snapshot, new_engine
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.read_ahead import Ahead
from rpgmylife_desktop.application.recording import to_recorded as stored_to_recorded
from rpgmylife_desktop.application.timeline import Timeline
from rpgmylife_desktop.domain.errors import EventDecodeError
from rpgmylife_desktop.eventstore.errors import LogDamaged
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.projections.projection_set import Projections

FREEZE_AFTER = 100_000
"""Replaying this many events at open moves what exists then out of the collector's sight
(`gc.freeze`; reference counting still frees it): see `replay_on_open`."""


def replay_on_open(
    store: EventStore, paths: DataPaths, ahead: Ahead | None = None
) -> tuple[Projections, int, int, Timeline]:
    """A new engine brought up to the store's head: snapshot, then the tail. Also the
    snapshot's position and the clock of the newest event it holds. `ahead`: the log's
    first events, folded before the store opened (`read_ahead.py`), kept when the store
    vouches for them.

    The cyclic garbage collector is paused meanwhile: a replay builds millions of
    long-lived objects and no cycles, and the collector walked them again and again (7-8
    of 47-55 CPU seconds of a cold open at 1,000,000 events)."""
    with paused_gc():
        if ahead is not None and ahead.usable(store):
            engine = ahead.engine
            engine.source = new_engine(store).source  # rebuilds read the log from here on
            timeline = Timeline(store)
            ahead.note_order(timeline)
            replay_split(engine, store, timeline, paths.data_dir, paths.cache_dir, ahead.child)
            return _frozen(engine, 0, 0, timeline)
        if ahead is not None:
            ahead.drop()
        engine = new_engine(store)
        snapshot_position = load_newest_snapshot(engine, store, SNAPSHOT_NAME)
        snapshot_hlc = engine.last_key[0] if engine.last_key else 0
        timeline = Timeline(store)
        if splits(engine, store):
            replay_split(engine, store, timeline, paths.data_dir, paths.cache_dir)
        else:
            timeline.replay(engine)
    return _frozen(engine, snapshot_position, snapshot_hlc, timeline)


def _frozen(
    engine: Projections, snapshot_position: int, snapshot_hlc: int, timeline: Timeline
) -> tuple[Projections, int, int, Timeline]:
    if engine.position - snapshot_position >= FREEZE_AFTER:
        # What the replay built lives as long as the session: keep the collector from
        # walking it at all (its first collection after the pause walks every object made
        # meanwhile, on whichever thread allocates next, in the window the GUI thread).
        gc.freeze()
    return engine, snapshot_position, snapshot_hlc, timeline


def first_unusable(store: EventStore) -> tuple[int, str]:
    """The position of the first event the game cannot use, and why (read from the log)."""
    position = 1
    try:
        for stored in store.read_all():
            position = stored.position
            stored_to_recorded(stored)
    except LogDamaged as exc:
        return (exc.event_number or position), exc.message
    except EventDecodeError as exc:
        return position, exc.message
    return store.head_position, "the game could not replay this event"
