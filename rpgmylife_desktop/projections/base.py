"""The contract every read model follows, and the step it is handed per event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from rpgmylife_desktop.projections.changes import Change, Key

Json = Any
"""JSON-able data (dicts with str keys, lists, str, int, float, bool, None)."""

S = TypeVar("S")
R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)


@dataclass(frozen=True, slots=True)
class Step(Generic[S, R]):
    """One event being applied: the envelope and the game state around it."""

    recorded: R
    before: S
    after: S


class Projection(Protocol[S, R]):
    """A read model: rows keyed by id, fed one event at a time in canonical order.

    `apply` returns precise changes (one key each). `checkpoint`/`restore` are
    cheap in-memory copies for rebuilds; `to_data`/`load_data` are the JSON form
    for snapshots; `canonical` is the part of the game state that the state
    digest covers (None when the projection is not part of it, like history).
    """

    @property
    def name(self) -> str:
        """The projection's name in change announcements and snapshots."""
        ...

    def apply(self, step: Step[S, R]) -> list[Change]:
        """Fold one event in and say which rows changed."""
        ...

    def rows(self) -> Mapping[Key, object]:
        """Every row by key, in display order."""
        ...

    def clear(self) -> None:
        """Forget everything (the state before the first event)."""
        ...

    def checkpoint(self) -> object:
        """A cheap copy of the current rows that `restore` can bring back."""
        ...

    def restore(self, checkpoint: object) -> None:
        """Go back to the rows of an earlier `checkpoint`."""
        ...

    def to_data(self) -> Json:
        """The rows as JSON-able data, for a snapshot."""
        ...

    def load_data(self, data: Json) -> None:
        """Replace the rows with what `to_data` produced."""
        ...

    def canonical(self) -> Json | None:
        """The rows' game-state content for the digest (no positions, ids of events, times)."""
        ...


class StateModel(Protocol[S, R_contra]):
    """How the engine folds the domain's game state (the rules live in the domain)."""

    def initial(self) -> S:
        """The state of an empty log."""
        ...

    def fold(self, state: S, recorded: R_contra) -> S:
        """The state after one more event."""
        ...

    def checkpoint(self, state: S) -> object:
        """A copy that later folds cannot change."""
        ...

    def restore(self, checkpoint: object) -> S:
        """The state saved by `checkpoint`."""
        ...

    def to_data(self, state: S) -> Json:
        """JSON-able form for snapshots."""
        ...

    def from_data(self, data: Json) -> S:
        """The state saved by `to_data`."""
        ...


@runtime_checkable
class PackedStateModel(Protocol[S]):
    """A state model whose snapshot data keeps big binary columns apart from the JSON
    (`dump_snapshot` then stores them as binary sections instead of base64 text)."""

    def to_packed(self, state: S, blobs: list[bytes]) -> Json:
        """Like `to_data`, with binary columns appended to `blobs` (the data refers to them)."""
        ...

    def from_packed(self, data: Json, blobs: Sequence[bytes]) -> S:
        """The state saved by `to_packed`."""
        ...
