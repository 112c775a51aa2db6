"""The engine that feeds events to the projections in one canonical order.

Events are applied in canonical order (hybrid clock, device id, event id), not
in the order they arrive. The applied set is always "every event of the log up
to `position` (that `accept` lets in)", folded in canonical order, so the state
never depends on arrival order.

An event that sorts before ones already applied (merged from another computer)
triggers a rebuild: the engine goes back to the newest in-memory checkpoint
that sorts before it, re-reads the log from there through the `source` the
application supplies, and announces a reset. Checkpoints are cheap copies
(rows are immutable, so copies are shallow) taken every `checkpoint_every`
events; only the newest `max_checkpoints` are kept, to bound memory.

The engine holds its checkpoints in a `checkpoints.Checkpoints`; which events a
rebuild reads and folds again is `refold.py`'s (plain functions over the source).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Sequence
from itertools import pairwise
from typing import Generic, TypeVar

from rpgmylife_desktop.projections.base import Projection, StateModel, Step
from rpgmylife_desktop.projections.changes import Change, ChangeFeed, ChangeKind, Listener, reset
from rpgmylife_desktop.projections.checkpoints import CanonicalKey, Checkpoint, Checkpoints
from rpgmylife_desktop.projections.refold import Envelope, EventSource, events_to_refold, lowest_key

S = TypeVar("S")
E = TypeVar("E", bound=Envelope)

_NEW = object.__new__
_SET_RECORDED, _SET_BEFORE, _SET_AFTER = (
    getattr(Step, name).__set__ for name in ("recorded", "before", "after")
)
"""`Step(recorded, before, after)` as a quiet replay builds one per event: its slots set
through their descriptors (the frozen dataclass's __init__ calls `object.__setattr__`
per field; 0.5 instead of 0.8 us an event, ~0.03 s of a 60,000-event import's plan)."""


class LateEventError(RuntimeError):
    """An event sorts before applied ones and there is no source to rebuild from."""


class OutOfOrder(LateEventError):
    """An event sorts before applied ones during a replay without checkpoints: the caller
    starts over the usual way (a rebuild would have to start from the empty state)."""

    def __init__(self, position: int) -> None:
        super().__init__(f"the event at log position {position} sorts before applied ones")
        self.position = position


class ProjectionEngine(Generic[S, E]):
    """Applies events to a game state and a set of projections, announcing changes."""

    def __init__(
        self,
        state_model: StateModel[S, E],
        projections: Sequence[Projection[S, E]],
        key: Callable[[E], CanonicalKey],
        *,
        source: EventSource[E] | None = None,
        accept: Callable[[E], bool] | None = None,
        checkpoint_every: int = 2048,
        max_checkpoints: int = 4,
    ) -> None:
        self._model = state_model
        self._projections = tuple(projections)
        self._key = key
        self.source = source
        self._accept = accept
        self._every = checkpoint_every
        self.feed = ChangeFeed()
        self.state: S = state_model.initial()
        self.position = 0
        """The highest log position folded in."""
        self.count = 0
        """How many events the state holds."""
        self.last_key: CanonicalKey | None = None
        self._checkpoints = Checkpoints(max_checkpoints)
        self._since_checkpoint = 0
        self._quiet: tuple[Callable[[Step[S, E]], object], ...] | None = None
        # While replaying: what to call per event instead of every projection's apply.
        self._checkpoints_off = False
        self.rebuilds = 0
        """How many times a late event made the engine rebuild (for tests and diagnostics)."""

    @property
    def state_model(self) -> StateModel[S, E]:
        """How the game state is folded and saved."""
        return self._model

    @property
    def projections(self) -> tuple[Projection[S, E], ...]:
        """The read models, in the order they are applied."""
        return self._projections

    def subscribe(
        self, listener: Listener, projections: Iterable[str] | None = None
    ) -> Callable[[], None]:
        """Hear about future changes (of some projections only); returns an unsubscribe."""
        return self.feed.subscribe(listener, projections)

    # -- applying ---------------------------------------------------------

    def apply(self, recorded: E) -> list[Change]:
        """Apply one event, announce and return its changes (a reset after a rebuild)."""
        changes = self._apply(recorded)
        self.feed.publish(changes)
        return changes

    def apply_many(self, events: Iterable[E]) -> list[Change]:
        """Apply a batch (one command's events); announce every change once, at the end."""
        changes: list[Change] = []
        rebuilt = False
        for recorded in events:
            step = self._apply(recorded)
            rebuilt = rebuilt or any(change.kind is ChangeKind.RESET for change in step)
            changes.extend(step)
        if rebuilt:
            changes = self._resets()
        self.feed.publish(changes)
        return changes

    def replay(
        self, events: Iterable[E], *, skip: Collection[str] = (), checkpoints: bool = True
    ) -> int:
        """Apply many events quietly (start-up, time travel); one reset per projection if any.

        Nobody hears the per-event changes of a replay, only the resets at its end, so
        each projection may offer a cheaper `replay_apply(step)` (None: skip the
        projection while replaying) and a `replayed()` that brings it up to date
        afterwards. Views of the game state skip the replay entirely: working out the
        keys an event touched is most of what they cost, and a reset needs none.

        `skip` names projections left out of this replay: the caller brings them up to
        date itself (a cold open folds history in another process, see
        `application/cold_open.py`) and passes `checkpoints=False`, since a checkpoint
        would copy them as they are. Without `checkpoints` no checkpoint is taken (those
        of the early part of a long replay are dropped again before it ends anyway), and
        an event that sorts before applied ones raises `OutOfOrder` instead of rebuilding
        (which could only start from the empty state).
        """
        before = self.count
        appliers: list[Callable[[Step[S, E]], object]] = []
        for projection in self._projections:
            if projection.name in skip:
                continue
            applier = getattr(projection, "replay_apply", projection.apply)
            if applier is not None:
                appliers.append(applier)
        if skip and checkpoints:
            raise ValueError("a replay that skips projections cannot take checkpoints")
        self._quiet = tuple(appliers)
        self._checkpoints_off = not checkpoints
        try:
            self._replay_quietly(events, self._quiet)
        finally:
            self._quiet = None
            self._checkpoints_off = False
            self._replayed()
        applied = self.count - before
        if applied:
            self.feed.publish(self._resets())
        return applied

    def _replay_quietly(
        self, events: Iterable[E], quiet: tuple[Callable[[Step[S, E]], object], ...]
    ) -> None:
        """`_apply` for each event with `_fold` inlined (a cold open folds a million): an
        event in canonical order is folded here, a late one takes the usual path."""
        fold, key_of, accept, every = self._model.fold, self._key, self._accept, self._every
        for recorded in events:
            position = recorded.position
            if position <= self.position:
                continue  # already folded in
            if accept is not None and not accept(recorded):
                self.position = position
                continue
            key = key_of(recorded)
            last = self.last_key
            if last is not None and key <= last:
                self._apply(recorded)  # rebuilds (or raises OutOfOrder)
                continue
            self.position = position
            before = self.state
            self.state = after = fold(before, recorded)
            self.last_key = key
            self.count += 1
            step: Step[S, E] = _NEW(Step)  # Step(recorded, before, after): see _SET_RECORDED
            _SET_RECORDED(step, recorded)
            _SET_BEFORE(step, before)
            _SET_AFTER(step, after)
            for apply in quiet:
                apply(step)
            self._since_checkpoint += 1
            if self._since_checkpoint >= every and self._checkpoint_due():
                self._take_checkpoint(position + 1)

    def merge(self, events: Sequence[E]) -> int:
        """Fold a batch merged from another computer (already in the log, after `position`)
        quietly, like `replay`, with at most one rebuild however the batch interleaves with
        the applied events (`replay` would rebuild once per event that sorts too early).

        The rebuild starts at the newest checkpoint before the batch's earliest event and
        reads the log up to the batch's last position. The batch may start past
        `position + 1` (an engine restarted from an older snapshot): the log events in
        between are folded too. Returns how many events were folded.
        """
        fresh = [e for e in events if e.position > self.position]
        if not fresh:
            return 0
        keys = [self._key(e) for e in fresh]
        low = min(keys)
        follows = fresh[0].position == self.position + 1
        if (
            follows
            and (self.last_key is None or low > self.last_key)
            and all(a < b for a, b in pairwise(keys))
        ):
            if self._accept is not None:
                return self.replay(fresh)
            return self._replay_in_order(fresh, keys)
        if not follows and self._checkpoints:
            # Log events lie between the folded prefix and the batch (the engine restarted
            # from an older snapshot): only a checkpoint before all of them may serve.
            between = self._lowest_key(self.position + 1, fresh[0].position - 1)
            low = low if between is None else min(low, between)
        before = self.count
        self._quiet = tuple(
            applier
            for projection in self._projections
            if (applier := getattr(projection, "replay_apply", projection.apply)) is not None
        )
        try:
            self._rebuild(max(fresh, key=lambda e: e.position), low)
        finally:
            self._quiet = None
            self._replayed()
        self.feed.publish(self._resets())
        return self.count - before

    def _replay_in_order(self, events: Sequence[E], keys: Sequence[CanonicalKey]) -> int:
        """`replay` of a batch known to follow the folded prefix position by position and
        in canonical order, with every event accepted (what `merge` checked): the same
        folds, without checking each event again (a bulk import folds 100,000)."""
        self._quiet = tuple(
            applier
            for projection in self._projections
            if (applier := getattr(projection, "replay_apply", projection.apply)) is not None
        )
        fold, every = self._fold, self._every
        try:
            for recorded, key in zip(events, keys, strict=True):
                self.position = recorded.position
                fold(recorded, key)
                self._since_checkpoint += 1
                if self._since_checkpoint >= every and self._checkpoint_due():
                    self._take_checkpoint(self.position + 1)
        finally:
            self._quiet = None
            self._replayed()
        if events:
            self.feed.publish(self._resets())
        return len(events)

    def _lowest_key(self, first: int, last: int) -> CanonicalKey | None:
        if self.source is None:
            raise LateEventError("the projections have no event source to read the log from")
        return lowest_key(self.source, first, last, self._accept, self._key)

    def resume_before(self, key: CanonicalKey) -> int:
        """A log position from which on lies every folded event that sorts at or after
        `key` (1 when no checkpoint tells)."""
        return self._checkpoints.resume_before(key)

    def has_checkpoint_before(self, key: CanonicalKey) -> bool:
        """True when an event with `key` arriving late would rebuild from a checkpoint,
        not from the start of the log."""
        return self._checkpoints.any_before(key)

    def _replayed(self) -> None:
        for projection in self._projections:
            done = getattr(projection, "replayed", None)
            if done is not None:
                done()

    def _apply(self, recorded: E) -> list[Change]:
        position = recorded.position
        if position <= self.position:
            return []  # already folded in: the applied set is a prefix of the log
        if self._accept is not None and not self._accept(recorded):
            self.position = position
            return []
        key = self._key(recorded)
        if self.last_key is not None and key <= self.last_key:
            if self._checkpoints_off:
                raise OutOfOrder(position)
            self._rebuild(recorded, key)
            return self._resets()
        self.position = position
        changes = self._fold(recorded, key)
        self._since_checkpoint += 1
        if self._since_checkpoint >= self._every and self._checkpoint_due():
            self._take_checkpoint(self.position + 1)
        return changes

    def _checkpoint_due(self) -> bool:
        return not self._checkpoints_off and self._checkpoints.due()

    def _fold(self, recorded: E, key: CanonicalKey) -> list[Change]:
        before = self.state
        after = self._model.fold(before, recorded)
        self.state = after
        self.last_key = key
        self.count += 1
        step = Step(recorded, before, after)
        quiet = self._quiet
        if quiet is not None:
            for apply in quiet:
                apply(step)
            return []
        changes: list[Change] = []
        for projection in self._projections:
            changes.extend(projection.apply(step))
        return changes

    def _resets(self) -> list[Change]:
        return [reset(projection.name) for projection in self._projections]

    # -- checkpoints and rebuilds ------------------------------------------

    def checkpoint_now(self) -> None:
        """Take a checkpoint at the current state (after a restore or a bulk replay)."""
        if self.last_key is not None:
            self._take_checkpoint(self.position + 1)

    def _take_checkpoint(self, resume: int) -> None:
        self._since_checkpoint = 0
        if self.last_key is None:
            return  # the empty state needs no checkpoint: a rebuild can always start there
        started = time.perf_counter()
        if self._quiet is not None:
            self._replayed()  # projections skipped so far catch up before being copied
        checkpoint = Checkpoint(
            key=self.last_key,
            resume=resume,
            count=self.count,
            state=self._model.checkpoint(self.state),
            parts=tuple(projection.checkpoint() for projection in self._projections),
        )
        self._checkpoints.add(checkpoint, started)

    def clear(self) -> None:
        """Back to the empty log (no announcement)."""
        self.state = self._model.initial()
        for projection in self._projections:
            projection.clear()
        self.position = 0
        self.count = 0
        self.last_key = None
        self._checkpoints.clear()
        self._since_checkpoint = 0

    def adopt(self, other: ProjectionEngine[S, E]) -> list[Change]:
        """Take over what `other` folded (an engine over the same log and projections,
        brought further on elsewhere, such as a worker thread folding an import while this
        one kept serving the window) and announce one reset per projection.

        The game state is taken, not copied: `other` must not be used afterwards. The
        projections take copies of `other`'s rows (their cheap `checkpoint`s), so whoever
        listens to this engine keeps listening; `other`'s checkpoints come along, so a
        later late event rebuilds from where `other` could have."""
        if len(other._projections) != len(self._projections):
            raise ValueError("the engines do not hold the same projections")
        for mine, theirs in zip(self._projections, other._projections, strict=True):
            if mine.name != theirs.name:
                raise ValueError("the engines do not hold the same projections")
        self.state = other.state
        for mine, theirs in zip(self._projections, other._projections, strict=True):
            mine.restore(theirs.checkpoint())
        self.position = other.position
        self.count = other.count
        self.last_key = other.last_key
        self._checkpoints.take_over(other._checkpoints)
        self._since_checkpoint = other._since_checkpoint
        self.rebuilds += other.rebuilds
        changes = self._resets()
        self.feed.publish(changes)
        return changes

    def restored(
        self,
        *,
        state: S,
        position: int,
        count: int,
        last_key: CanonicalKey | None,
        checkpoint: bool = True,
    ) -> None:
        """Adopt a restored state (projections already loaded) and checkpoint it.

        Without `checkpoint` (a read-only past view: the copy costs ~40 ms at 1M events
        and makes the first write to each habit copy its columns), a late event makes the
        engine rebuild from the start of the log instead of from the restored state."""
        self.state = state
        self.position = position
        self.count = count
        self.last_key = last_key
        self._checkpoints.clear()
        if checkpoint:
            self.checkpoint_now()

    def _rebuild(self, late: E, key: CanonicalKey) -> None:
        if self.source is None:
            raise LateEventError(
                f"event {late.event_id} sorts before events already applied and the projections "
                "have no event source to rebuild from"
            )
        self.rebuilds += 1
        # A checkpoint that holds events sorting after `late` can never be used again.
        self._checkpoints.drop_from(key)
        target = late.position
        base = self._checkpoints.newest()
        if base is not None:
            self.state = self._model.restore(base.state)
            for projection, part in zip(self._projections, base.parts, strict=True):
                projection.restore(part)
            self.last_key = base.key
            resume, base_key = base.resume, base.key
            count = base.count
        else:
            self.clear()
            resume, base_key, count = 1, None, 0
        tail, resume_after = events_to_refold(
            self.source, resume, base_key, late, key, self._accept, self._key
        )
        self.count = count
        self._since_checkpoint = 0
        for index, (event_key, recorded) in enumerate(tail):
            self._fold(recorded, event_key)
            self._since_checkpoint += 1
            if self._since_checkpoint >= self._every and self._checkpoint_due():
                self._take_checkpoint(resume_after[index + 1])
        self.position = target
