"""Time travel: the game as it was at a log position or a moment, read-only.

A past view gets its own engine (game state and read models), so the live
session is never touched. It starts from the projection snapshot when that was
taken before the target and replays only what lies between.

"As of a moment" means the events *recorded* by then: what the app showed at
that moment, backfills included only once they were entered.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rpgmylife_desktop.application.engine import (
    SNAPSHOT_NAME,
    load_newest_snapshot,
    new_engine,
    state_digest,
)
from rpgmylife_desktop.application.recording import recorded_stream
from rpgmylife_desktop.application.results import PastView, status_of
from rpgmylife_desktop.domain.recorded import Recorded
from rpgmylife_desktop.errors import UsageError

if TYPE_CHECKING:
    from rpgmylife_desktop.application.session import Game


def view_as_of(
    game: Game, *, position: int | None = None, moment: datetime | None = None
) -> PastView:
    """The past view of `game` at `position` (1-based, inclusive) or at `moment`."""
    if (position is None) == (moment is None):
        raise ValueError("give exactly one of position and moment")
    store = game.store
    head = store.head_position
    if moment is not None:
        moment_utc = moment.astimezone(UTC)
        target = _prefix_recorded_by(game, moment_utc)
        accepted: Callable[[Recorded], bool] | None = _accept_recorded_by(moment_utc)
    else:
        assert position is not None
        if position < 0 or position > head:
            raise UsageError(
                f"Position {position} is outside the log (0 to {head}).",
                hint="`rpgmylife status` shows the current position.",
            )
        target = position
        accepted = None
    engine = new_engine(store)
    load_newest_snapshot(engine, store, SNAPSHOT_NAME, at_most=target)
    last = head if moment is not None else target
    if last > engine.position:
        tail = recorded_stream(store.read_all(engine.position + 1, last))
        engine.replay(r for r in tail if accepted is None or accepted(r))
    reached = target if accepted is None else max(target, engine.position)
    return PastView(
        engine=engine,
        position=reached,
        status=status_of(engine.state, state_digest(engine), reached, None),
    )


def _prefix_recorded_by(game: Game, moment: datetime) -> int:
    """The longest log prefix whose events were all recorded by `moment`."""
    prefix = 0
    for stored in game.store.read_all(1):
        if datetime.fromisoformat(stored.recorded_at) > moment:
            break
        prefix = stored.position
    return prefix


def _accept_recorded_by(moment: datetime) -> Callable[[Recorded], bool]:
    def accept(recorded: Recorded) -> bool:
        return recorded.recorded_at <= moment

    return accept
