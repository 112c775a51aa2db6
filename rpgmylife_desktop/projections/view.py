"""A base for read models whose rows are views of the domain's GameState.

The rows are not stored: they are built from the game state when asked for and
cached until an event touches them. Applying an event only works out which
keys it touched and whether each was inserted, updated or removed, so replaying
a long log costs almost nothing here, and a row's expensive parts (strength and
streaks walk a habit's days) are computed only for rows someone looks at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Change, ChangeKind, Key

Row = TypeVar("Row")


class StateView(Generic[Row]):
    """Rows derived from the current game state; subclasses say which keys exist,
    how a row looks, and which keys an event touches."""

    name: ClassVar[str]

    def __init__(self, state: Callable[[], GameState]) -> None:
        self._state = state
        self._keys: set[Key] = set()
        self._cache: dict[Key, Row] = {}

    # -- what subclasses provide ------------------------------------------

    def keys_in(self, state: GameState) -> list[Key]:
        """Every key of `state`, in display order."""
        raise NotImplementedError

    def exists(self, state: GameState, key: Key) -> bool:
        """Whether row `key` exists in `state`."""
        raise NotImplementedError

    def build(self, state: GameState, key: Key) -> Row:
        """Row `key` as `state` shows it."""
        raise NotImplementedError

    def touched(self, step: Step[GameState, Recorded]) -> Iterable[Key]:
        """The keys whose rows the event may have changed."""
        raise NotImplementedError

    def canonical(self) -> Json | None:
        """This view's part of the state digest (None: not part of it)."""
        return None

    # -- the projection contract ------------------------------------------

    def apply(self, step: Step[GameState, Recorded]) -> list[Change]:
        """Announce inserted, updated and removed rows (one change per key)."""
        known = self._keys
        changes: list[Change] = []
        for key in dict.fromkeys(self.touched(step)):
            self._cache.pop(key, None)
            now = self.exists(step.after, key)
            if key in known:
                if now:
                    changes.append(Change(self.name, ChangeKind.UPDATED, key))
                else:
                    known.discard(key)
                    changes.append(Change(self.name, ChangeKind.REMOVED, key))
            elif now:
                known.add(key)
                changes.append(Change(self.name, ChangeKind.INSERTED, key))
        return changes

    replay_apply: ClassVar[Callable[..., object] | None] = None
    """Views skip replays (ProjectionEngine.replay): their rows derive from the state."""

    def replayed(self) -> None:
        """After a replay: re-read the keys and forget cached rows."""
        self.invalidate()

    def row(self, key: Key) -> Row | None:
        """Row `key`, or None when it does not exist."""
        row = self._cache.get(key)
        if row is None:
            state = self._state()
            if not self.exists(state, key):
                return None
            row = self._cache[key] = self.build(state, key)
        return row

    def rows(self) -> Mapping[Key, Row]:
        """Every row, in display order."""
        result: dict[Key, Row] = {}
        for key in self.keys_in(self._state()):
            row = self.row(key)
            if row is not None:
                result[key] = row
        return result

    def keys(self) -> list[Key]:
        """Every key, in display order."""
        return self.keys_in(self._state())

    def invalidate(self) -> None:
        """Forget cached rows and re-read the keys (the state was replaced or the day changed).

        The engine always installs the new game state before calling this.
        """
        self._keys = set(self.keys_in(self._state()))
        self._cache = {}

    def clear(self) -> None:
        """Nothing known (the engine resets the state)."""
        self._keys = set()
        self._cache = {}

    def checkpoint(self) -> object:
        """Nothing to keep: every row derives from the game state."""
        return None

    def restore(self, checkpoint: object) -> None:
        """Rows derive from the restored game state."""
        self.invalidate()

    def to_data(self) -> Json:
        """Nothing to save: every row derives from the game state."""
        return None

    def load_data(self, data: Json) -> None:
        """Rows derive from the restored game state."""
        self.invalidate()


def ids_of(event: Any, attribute: str) -> tuple[Key, ...]:
    """The event's `attribute` (an id) as a one-key tuple, or () when it has none."""
    # Look the field up on the class first: a missing attribute on a pydantic model
    # takes its slow path, and this runs for every view on every event.
    if attribute not in type(event).model_fields:
        return ()
    value = getattr(event, attribute)
    return (value,) if isinstance(value, str) else ()
