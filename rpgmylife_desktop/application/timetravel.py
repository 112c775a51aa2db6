"""Time travel: the game as it was at a log position or a moment, read-only.

A past view gets its own engine (game state and read models), so the live
session is never touched. It starts from the newest snapshot at or before the
target (a timeline snapshot, see `timeline`, or the projection snapshot) and
replays only what lies between.

"As of a moment" means the events *recorded* by then: what the app showed at
that moment, backfills included only once they were entered. While the log is in
recording order (one device) that is a prefix of the log, found by a binary search
over positions; events merged from another device keep their own recording time,
so after such a merge the rest of the log is replayed through a filter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rpgmylife_desktop.application.engine import (
    SNAPSHOT_NAME,
    load_newest_snapshot,
    new_engine,
)
from rpgmylife_desktop.application.recording import recorded_stream
from rpgmylife_desktop.application.results import PastView
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state.packed.habit_logs import LogForgotten
from rpgmylife_desktop.errors import UsageError
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.projections.projection_set import Projections

if TYPE_CHECKING:
    from rpgmylife_desktop.application.session import Game


def view_as_of(
    game: Game, *, position: int | None = None, moment: datetime | None = None
) -> PastView:
    """The past view of `game` at `position` (1-based, inclusive) or at `moment`."""
    if (position is None) == (moment is None):
        raise ValueError("give exactly one of position and moment")
    # The snapshot load leaves ~200,000 new objects that the cyclic collector would walk
    # again and again during the tail replay (up to half of a travel's time at 1M events);
    # neither makes cycles, so it waits until the view is built.
    with paused_gc():
        return _view_as_of(game, position, moment)


def _view_as_of(game: Game, position: int | None, moment: datetime | None) -> PastView:
    store = game.store
    head = store.head_position
    accepted: Callable[[Recorded], bool] | None = None
    if moment is not None:
        moment_utc = moment.astimezone(UTC)
        if game.timeline.in_recording_order():
            # Every event after the prefix was recorded later: nothing to filter.
            target = last = _recorded_by(store, moment_utc, 0, head)
        else:
            target = _prefix_recorded_by(store, moment_utc, game.timeline.ordered_until)
            accepted, last = _accept_recorded_by(moment_utc), head
    else:
        assert position is not None
        if position < 0 or position > head:
            raise UsageError(
                f"Position {position} is outside the log (0 to {head}).",
                hint="`rpgmylife status` shows the current position.",
                window_hint="The Time travel page (Ctrl+7) shows the positions there are.",
            )
        target = last = position
    engine = _start_at_most(game, target, accepted)
    try:
        _replay_to(engine, store, last)
    except LogForgotten:
        # The tail reverts an old log a timeline snapshot forgot (rare: a revert far
        # beyond the undo window): start again from a snapshot with every log.
        engine = _start_at_most(game, target, accepted, keyed=True)
        _replay_to(engine, store, last)
    # In recording order, a moment is a prefix of the log: the view stands at its end.
    # After a merge it filters the whole log (what was recorded by then), so it stands
    # at the head.
    reached = target if accepted is None else head
    return PastView(engine, reached)


def _replay_to(engine: Projections, store: EventStore, last: int) -> None:
    if last > engine.position:
        engine.replay(recorded_stream(store.read_all(engine.position + 1, last)))


def _start_at_most(
    game: Game, target: int, accepted: Callable[[Recorded], bool] | None, *, keyed: bool = False
) -> Projections:
    """A new engine (folding only the `accepted` events) started from the newest usable
    snapshot at or before `target`: every event up to `target` is accepted. `keyed`: only
    from the projection snapshot (every habit log's key), else from the start."""
    store = game.store
    engine = new_engine(store, accept=accepted)
    main = game.snapshot_position if game.snapshot_position <= target else 0
    if keyed:
        if main:
            load_newest_snapshot(engine, store, SNAPSHOT_NAME, at_most=target, checkpoint=False)
        return engine
    # A past view is read-only: no checkpoint copy of the loaded state (see
    # `ProjectionEngine.restored`; a merged event then rebuilds from the log's start).
    if game.timeline.load_into(engine, target, better_than=main, checkpoint=False):
        return engine
    if main and load_newest_snapshot(
        engine, store, SNAPSHOT_NAME, at_most=target, checkpoint=False
    ):
        return engine
    engine.clear()
    game.timeline.load_into(engine, target, checkpoint=False)
    return engine


def _recorded_at(store: EventStore, position: int) -> datetime:
    (stored,) = store.read_all(position, position)
    return datetime.fromisoformat(stored.recorded_at)


def _recorded_by(store: EventStore, moment: datetime, low: int, high: int) -> int:
    """The last position in `low..high` recorded by `moment` (`low` when none is), for
    positions `low+1..high` in recording order."""
    while low < high:
        middle = (low + high + 1) // 2
        if _recorded_at(store, middle) <= moment:
            low = middle
        else:
            high = middle - 1
    return low


def _prefix_recorded_by(store: EventStore, moment: datetime, ordered_until: int) -> int:
    """The longest log prefix whose events were all recorded by `moment`."""
    prefix = _recorded_by(store, moment, 0, ordered_until)
    if prefix < ordered_until:
        return prefix
    for stored in store.read_all(ordered_until + 1):
        if datetime.fromisoformat(stored.recorded_at) > moment:
            break
        prefix = stored.position
    return prefix


def _accept_recorded_by(moment: datetime) -> Callable[[Recorded], bool]:
    def accept(recorded: Recorded) -> bool:
        return recorded.recorded_at <= moment

    return accept
