"""The domain's GameState as the engine folds it (the rules stay in the domain)."""

from __future__ import annotations

from collections.abc import Sequence

from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.base import Json


class GameStateModel:
    """Folds `GameState` in place; checkpoints are the domain's fast `copy()`."""

    def initial(self) -> GameState:
        """The state of an empty log."""
        return GameState()

    def fold(self, state: GameState, recorded: Recorded) -> GameState:
        """Apply one event (in place: GameState is mutable and copies on checkpoint)."""
        state.apply(recorded)
        return state

    def checkpoint(self, state: GameState) -> object:
        """An independent copy."""
        return state.copy()

    def restore(self, checkpoint: object) -> GameState:
        """A fresh copy of a checkpoint (the checkpoint itself must stay untouched)."""
        assert isinstance(checkpoint, GameState)
        return checkpoint.copy()

    def to_data(self, state: GameState) -> Json:
        """JSON-able form for snapshots."""
        return state.to_data()

    def from_data(self, data: Json) -> GameState:
        """The state saved by `to_data`."""
        return GameState.from_data(data)

    def to_packed(self, state: GameState, blobs: list[bytes]) -> Json:
        """`to_data` with the habits' log columns as binary sections in `blobs`."""
        return state.to_data(blobs)

    def from_packed(self, data: Json, blobs: Sequence[bytes]) -> GameState:
        """The state saved by `to_packed`."""
        return GameState.from_data(data, blobs)
