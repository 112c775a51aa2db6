"""`Game`: one open data folder, and the flow of one command (DESIGN.md).

    command -> decide(state, command, ctx) -> [(stream, event)]
            -> NewEvents with the full envelope -> EventStore.append (atomic, fsync'd)
            -> Recorded -> projection engine (game state + read models) -> announcements
            -> command listeners (live side effects: notifications, sounds)

Opening replays the log (from the newest valid projection snapshot plus the
tail); replay announces only resets and never calls command listeners, so side
effects happen exactly once, when a command is live. A writing session closes
the days that ended while the app was not running, oldest first, each once.

The GUI wires one `Game` in ui/app.py; the CLI opens one per command.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from types import TracebackType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rpgmylife_desktop.application.clock import Clock, local_timezone_name
from rpgmylife_desktop.application.closing import MAX_AUTO_CLOSE_DAYS, ClockJump, UnconfirmedDays
from rpgmylife_desktop.application.device import ensure_device_id, read_device_id
from rpgmylife_desktop.application.engine import (
    SNAPSHOT_NAME,
    keep_as_rung,
    prepare_merge,
    state_digest,
)
from rpgmylife_desktop.application.hlc import HybridClock
from rpgmylife_desktop.application.paths import DataPaths
from rpgmylife_desktop.application.read_ahead import fold_ahead
from rpgmylife_desktop.application.recording import (
    CommandStamp,
    domain_upcasters,
    recorded_stream,
    to_new_event,
)
from rpgmylife_desktop.application.recording import to_recorded as stored_to_recorded
from rpgmylife_desktop.application.replay_on_open import first_unusable, replay_on_open
from rpgmylife_desktop.application.results import (
    CommandListener,
    CommandResult,
    PastView,
    Status,
    status_of,
)
from rpgmylife_desktop.application.snapshot_saving import (
    SNAPSHOT_TAIL,
    save_snapshots,
    snapshot_due_on_close,
)
from rpgmylife_desktop.application.timeline import Timeline
from rpgmylife_desktop.domain.errors import EventDecodeError
from rpgmylife_desktop.domain.events import DomainEvent
from rpgmylife_desktop.domain.events.recorded import Recorded, recorded_of
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.eventstore.envelope import NewEvent, StoredEvent, ValidatedEvent
from rpgmylife_desktop.eventstore.errors import LogDamaged, ReadOnlyStore
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.eventstore.writer import FramedAppend
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.projections.catalog import ReadModels
from rpgmylife_desktop.projections.changes import Listener
from rpgmylife_desktop.projections.projection_set import Projections

if TYPE_CHECKING:
    from rpgmylife_desktop.domain.commands import Command
    from rpgmylife_desktop.domain.decide.undo import UndoTarget

# The command models and the rules that decide them (domain.commands, domain.decide) are
# imported where a command is built or handled: a reading session (`rpgmylife status`)
# never needs them, and building their pydantic models is a good part of its start-up.

_HLC = attrgetter("hlc")


def number_merged(
    store: EventStore, events: Iterable[Sequence[Any]]
) -> tuple[list[ValidatedEvent], dict[str, int]]:
    """Merged events (validated envelope values in BODY_FIELDS order) as this log takes
    them: each at the next version of its stream here, and the streams' versions now (the
    append's expected versions). They keep everything else: ids, clocks, device."""
    versions: dict[str, int] = {}
    expected: dict[str, int] = {}
    local: list[ValidatedEvent] = []
    for values in events:
        stream = values[1]
        if stream not in versions:
            versions[stream] = expected[stream] = store.stream_version(stream)
        versions[stream] += 1
        body = list(values)
        body[2] = versions[stream]
        # Validated already (sync.bundle checks what NewEvent's validators check).
        local.append(ValidatedEvent(body))
    return local, expected


__all__ = ["SNAPSHOT_NAME", "CommandListener", "CommandResult", "Game", "PastView", "Status"]


class Game:
    """One open data folder: the live game state, its read models and its commands.

    Create it with `Game.open(paths, clock)`; close it with `close()` (or `with`).
    """

    def __init__(
        self,
        paths: DataPaths,
        store: EventStore,
        engine: Projections,
        clock: Clock,
        *,
        rng: random.Random,
        device_tz: str,
        snapshot_position: int,
        timeline: Timeline | None = None,
        snapshot_hlc: int = 0,
    ) -> None:
        self.paths = paths
        self.store = store
        self.engine = engine
        self.clock = clock
        self.device_tz = device_tz
        self._rng = rng
        self._hlc = HybridClock(engine.last_key[0] if engine.last_key else 0)
        # A reading session needs no device id: a damaged device.json must not stop it.
        self._device_id = None if store.read_only else read_device_id(paths.data_dir)
        self._listeners: list[CommandListener] = []
        self._snapshot_position = snapshot_position
        self._snapshot_hlc = snapshot_hlc
        """The clock of the newest event the snapshot holds (names it when it becomes a rung)."""
        self.timeline = timeline if timeline is not None else Timeline(store)
        """The periodic snapshots time travel starts from."""
        self._batch: list[tuple[list[NewEvent], dict[str, int]]] | None = None
        self._pending_versions: dict[str, int] = {}
        self._closed = False
        self.closed_on_open: list[CommandResult] = []
        """The day closings that opening this session wrote (days the app was not running)."""

    # -- opening and closing --------------------------------------------------------------

    @classmethod
    def open(
        cls,
        paths: DataPaths,
        clock: Clock,
        *,
        read_only: bool = False,
        seed: int | None = None,
        device_tz: str | None = None,
        close_days: bool = True,
    ) -> Game:
        """Open the data folder: lock it (unless read-only), replay, close ended days.

        Raises `DataFolderLocked` (exit 4) when another program writes to it and, for a
        writing session, `LogDamaged` (exit 3) when the log is damaged in the middle; a
        read-only session then opens the game as it was before the damage
        (`store.damage` says where).
        """
        upcasters = domain_upcasters()
        with paused_gc():  # a cold open of a big log folds its start before the store opens
            ahead = fold_ahead(paths, read_only, upcasters)
        try:
            store = EventStore.open(
                paths.data_dir, paths.cache_dir, read_only=read_only, upcasters=upcasters
            )
        except BaseException:
            if ahead is not None:
                ahead.child.stop()
            raise
        try:
            # A reading session shows the game up to the damage (the store stops there);
            # only writing must wait for a repair.
            if store.damage is not None and not read_only:
                raise LogDamaged(
                    f"The event log in {paths.data_dir} is damaged at {store.damage.describe()}.",
                    offset=store.damage.offset,
                    event_number=store.damage.event_number,
                )
            try:
                engine, snapshot_position, snapshot_hlc, timeline = replay_on_open(
                    store, paths, ahead
                )
            except (EventDecodeError, LogDamaged):
                if not read_only:
                    raise
                # A reading session shows what it can: the game before the first event
                # it cannot use (`verify` names it, `repair` moves it aside).
                position, reason = first_unusable(store)
                store.stop_before(position, reason)
                engine, snapshot_position, snapshot_hlc, timeline = replay_on_open(store, paths)
            if engine.position - snapshot_position > SNAPSHOT_TAIL:
                snapshot_hlc = save_snapshots(
                    engine, store, timeline, (snapshot_position, snapshot_hlc)
                )
                snapshot_position = engine.position
        except BaseException:
            if ahead is not None:
                ahead.child.stop()
            store.close()
            raise
        rng = random.Random(seed if seed is not None else int.from_bytes(os.urandom(16), "big"))
        game = cls(
            paths,
            store,
            engine,
            clock,
            rng=rng,
            device_tz=device_tz or local_timezone_name(),
            snapshot_position=snapshot_position,
            timeline=timeline,
            snapshot_hlc=snapshot_hlc,
        )
        if close_days and not read_only and game.clock_jump() is None:
            try:
                game.closed_on_open = game.close_due_days()
            except BaseException:
                game.close()
                raise
        return game

    def close(self) -> None:
        """Save a snapshot when the log moved on far enough (`snapshot_due_on_close`),
        then close the store. Safe twice."""
        if self._closed:
            return
        self._closed = True
        try:
            if self.store.writable and snapshot_due_on_close(
                self.engine.position, self._snapshot_position
            ):
                save_snapshots(
                    self.engine,
                    self.store,
                    self.timeline,
                    (self._snapshot_position, self._snapshot_hlc),
                )
            self.timeline.flush()
        finally:
            self.store.close()

    def __enter__(self) -> Game:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- what the views read ----------------------------------------------------------------

    @property
    def state(self) -> GameState:
        """The live game state (read it, never change it)."""
        state: GameState = self.engine.state
        return state

    @property
    def device_id(self) -> str:
        """This computer's device id in this data folder ('' before it wrote anything, or
        in a read-only session that found none): undo and redo walk only its commands."""
        if self._device_id is None and not self.read_only:
            self._device_id = read_device_id(self.paths.data_dir)
        return self._device_id or ""

    @property
    def read_only(self) -> bool:
        """True when this session cannot write (opened read-only)."""
        return not self.store.writable

    @property
    def snapshot_position(self) -> int:
        """The log position of the projection snapshot in the cache (0: none)."""
        return self._snapshot_position

    @property
    def position(self) -> int:
        """The log position the live state is at."""
        return self.engine.position

    @property
    def models(self) -> ReadModels:
        """The live read models, each a typed attribute named as the read model is
        (`models.habits`, `models.today`, ...; `models.named("habits")` by name)."""
        return self.engine.models

    def time_zone(self) -> str:
        """The user's time zone: the setting, else this device's."""
        return self.state.time_zone(self.device_tz)

    def today(self) -> date:
        """The user's local game day now (after the day start hour)."""
        return self.state.local_day(self.clock.now(), self.device_tz)

    def digest(self) -> str:
        """The state digest of the live game."""
        return state_digest(self.engine)

    def status(self, *, with_digest: bool = True) -> Status:
        """The character sheet and log position now; `with_digest=False` skips hashing
        the whole state (about 1 s on a 20-year log) when nobody shows the digest."""
        today = self.today() if self.state.character is not None else None
        digest = self.digest() if with_digest else None
        return status_of(self.state, digest, self.engine.position, today)

    def subscribe(
        self, listener: Listener, projections: Iterable[str] | None = None
    ) -> Callable[[], None]:
        """Hear the read models' change announcements (replays announce resets)."""
        return self.engine.subscribe(listener, projections)

    def on_command(self, listener: CommandListener) -> Callable[[], None]:
        """Hear every live command once it is durable: the hook for side effects."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def read_log(
        self, from_position: int = 1, to_position: int | None = None
    ) -> Iterator[Recorded]:
        """The log's events as domain `Recorded`s (history, time travel, exports)."""
        return recorded_stream(self.store.read_all(from_position, to_position))

    # -- commands -----------------------------------------------------------------------------

    def handle(self, command: Command) -> CommandResult:
        """Decide `command`, append its events atomically and apply them.

        Raises `CommandRefused` (exit 1) and writes nothing when the rules refuse.
        """
        from rpgmylife_desktop.domain.commands import CloseDay, LogHabit
        from rpgmylife_desktop.domain.decide import decide
        from rpgmylife_desktop.domain.decide.context import DecisionContext

        if self.read_only and self._batch is None:
            raise ReadOnlyStore(
                "This game was opened read-only; nothing can be changed.",
                hint="Close the other RPGMyLife window or command that writes to this folder.",
            )
        if not isinstance(command, CloseDay) and (jump := self.clock_jump()) is not None:
            raise UnconfirmedDays(jump)
        now = self.clock.now()
        ctx = DecisionContext(
            now=now, rng=self._rng, device_tz=self.device_tz, device_id=self.device_id
        )
        decided = decide(self.state, command, ctx)
        if not decided:
            return CommandResult(command, (), self.engine.position, ())
        if self._device_id is None:
            self._device_id = ensure_device_id(self.paths.data_dir)
        occurred = command.at if isinstance(command, LogHabit) and command.at else now
        envelope = CommandStamp(
            now, occurred, self.time_zone(), self._device_id, command.command_id
        )
        expected: dict[str, int] = {}
        events: list[NewEvent] = []
        for stream, event in decided:
            if stream not in expected:
                expected[stream] = self._stream_version(stream)
            version = expected[stream] + sum(1 for e in events if e.stream == stream) + 1
            events.append(to_new_event(stream, version, event, envelope, self._hlc.tick(now)))
        first = self.engine.position + 1
        if self._batch is not None:
            self._batch.append((events, expected))
            for stream in expected:
                self._pending_versions[stream] = self._stream_version(stream) + sum(
                    1 for e in events if e.stream == stream
                )
        else:
            last = self.store.append(events, expected)
            first = last - len(events) + 1
        recorded = tuple(
            stored_to_recorded(StoredEvent(first + i, *e.body_values()))
            for i, e in enumerate(events)
        )
        changes = self.engine.apply_many(recorded)
        self.timeline.note(recorded)
        result = CommandResult(command, recorded, self.engine.position, tuple(changes))
        if self._batch is None:
            self._announce(result)
        return result

    def _stream_version(self, stream: str) -> int:
        pending = self._pending_versions.get(stream)
        return pending if pending is not None else self.store.stream_version(stream)

    def _announce(self, result: CommandResult) -> None:
        for listener in list(self._listeners):
            listener(result)

    @contextmanager
    def group_commit(self) -> Iterator[None]:
        """Decide many commands, then write them in one group commit (bulk imports, demo).

        All or nothing: when anything fails, nothing is written and the session is
        closed, because its state ran ahead of the log. Command listeners are not called.
        """
        if self._batch is not None:
            raise RuntimeError("group commits do not nest")
        self._batch = []
        try:
            yield
            if self._batch:
                self.store.append_many(self._batch)
        except BaseException:
            self._closed = True
            self.store.close()
            raise
        finally:
            self._batch = None
            self._pending_versions = {}

    def append_merged(
        self,
        events: Sequence[list[Any]],
        parsed: Mapping[str, DomainEvent] | None = None,
    ) -> list[Recorded]:
        """Append events that another computer recorded (an import) in one atomic commit,
        then fold them in canonical order (at most one rebuild, `ProjectionEngine.merge`).

        `events` are validated envelope values in BODY_FIELDS order (`sync.bundle`), times
        as normalised ISO text. They keep their ids, clocks and device; this log numbers
        its own streams, so each gets the next `stream_version` of its stream here.
        Command listeners are not called (nothing was decided here); read models
        announce resets. The caller has checked that no id is in the log already.
        `parsed` may hold each event's payload already validated into its domain event
        (by event id), which saves validating it again. `append_merged_apart` is the same
        append for events folded in another process.
        """
        if self.read_only or self._batch is not None:
            raise ReadOnlyStore("This game cannot take merged events now (read-only or batching).")
        if not events:
            return []
        local, expected = number_merged(self.store, events)
        parse = datetime.fromisoformat
        parsed = parsed or {}
        last = self.store.append(local, expected)
        first = last - len(local) + 1
        recorded = [
            recorded_of(
                first + i,
                b[0],
                b[1],
                b[2],
                parse(b[5]),
                parse(b[6]),
                b[7],
                b[8],
                b[9],
                b[10] or "",
                event,
            )
            if (event := parsed.get(b[0])) is not None
            else stored_to_recorded(StoredEvent(first + i, *b))
            for i, b in enumerate(e.values for e in local)
        ]
        prepare_merge(self.engine, self.store, recorded)  # late: from an older snapshot
        self.engine.merge(recorded)
        self.timeline.note(recorded)
        self._hlc.observe(max(r.hlc for r in recorded))
        return recorded

    def append_merged_apart(
        self,
        events: Sequence[list[Any]],
        fold: Callable[[], tuple[Projections, bytes] | None],
    ) -> tuple[int, int]:
        """`append_merged` for an import whose events another process folds while this one
        writes them (`bundles.import_bundle`); returns the positions they got (first, last).

        `fold` is called once the commit is on disk, with this method holding nothing of
        the events any more (the caller may free its own copy there, while it waits): it
        gives the projections with the events folded in, and their snapshot. They are
        adopted when they reached exactly this log's new head, and the snapshot is saved
        when one is due, so the close has nothing left to dump. Otherwise (None: the other
        process failed) the events are read back from the log and folded here, as
        `append_merged` folds them. No `Recorded` is built per event on the usual path:
        for 100,000 events, building and then freeing them cost this process ~0.5 s.
        """
        if self.read_only or self._batch is not None:
            raise ReadOnlyStore("This game cannot take merged events now (read-only or batching).")
        if not events:
            return (self.store.head_position + 1, self.store.head_position)
        local, expected = number_merged(self.store, events)
        last = self.store.append(local, expected)
        first = last - len(local) + 1
        # Body fields 5 and 9: recorded_at and the hybrid clock (BODY_FIELDS).
        self.timeline.note_times(first, [e.values[5] for e in local])
        self._hlc.observe(max(e.values[9] for e in local))
        del local
        folded = fold()
        if folded is not None and folded[0].position == last and self.engine.position == first - 1:
            engine, snapshot = folded
            self.engine.adopt(engine)
            if snapshot_due_on_close(last, self._snapshot_position):
                self._snapshot_hlc = save_snapshots(
                    self.engine,
                    self.store,
                    self.timeline,
                    (self._snapshot_position, self._snapshot_hlc),
                    snapshot,
                )
                self._snapshot_position = last
            return (first, last)
        recorded = list(recorded_stream(self.store.read_all(first)))
        prepare_merge(self.engine, self.store, recorded)  # late: from an older snapshot
        self.engine.merge(recorded)
        return (first, last)

    def append_folded(
        self,
        events: Sequence[ValidatedEvent],
        expected: Mapping[str, int],
        folded: Projections,
        recorded: Sequence[Recorded],
        snapshot: bytes | None = None,
        framed: FramedAppend | None = None,
    ) -> bool:
        """Append merged events that were prepared and folded off this thread, and adopt
        the fold: the write stays with this session (the one writer), the work does not.

        `folded` is a copy of this game's projections with `recorded` (the `events` at the
        positions they get here, after the log's head as it was) folded in; `events` carry
        their encoded bodies (`ValidatedEvent.encode`). Returns False and writes nothing
        when the log or the live state moved on since (the caller then appends the usual
        way, `append_merged`); ConcurrencyConflict when a stream moved.

        `snapshot` may hold `folded` dumped (`dump_snapshot`, done off this thread too):
        when the log moved far enough past the last projection snapshot
        (`snapshot_due_on_close`), it is saved at once, so the next open is warm even if
        this session never closes cleanly.

        `framed` may hold `events` checked and framed off this thread too
        (`EventStore.frame_ahead`): then this thread only writes the bytes; when the log
        is no longer where they were framed against, nothing is written and False returned.
        """
        if self.read_only or self._batch is not None:
            raise ReadOnlyStore("This game cannot take merged events now (read-only or batching).")
        head = self.store.head_position
        if (
            not events
            or len(events) != len(recorded)
            or recorded[0].position != head + 1
            or self.engine.position != head
            or folded.position < recorded[-1].position
        ):
            return False
        if framed is None:
            last = self.store.append(events, expected)
        else:
            written = None
            if framed.last_position == recorded[-1].position:
                written = self.store.append_framed(framed)
            if written is None:
                return False
            last = written
        if last != recorded[-1].position:  # cannot happen: this session is the one writer
            raise RuntimeError(f"the log took the import at {last}, not {recorded[-1].position}")
        self.engine.adopt(folded)
        self.timeline.note(recorded)
        self._hlc.observe(max(map(_HLC, recorded)))
        if snapshot is not None:
            self.keep_folded_snapshot(self.engine.position, snapshot)
        return True

    def keep_folded_snapshot(self, position: int, snapshot: bytes) -> bool:
        """Save `snapshot` (this game's projections at `position`, dumped off this
        thread) as its projection snapshot when the log moved far enough past the last
        one (`snapshot_due_on_close`); True when saved. `append_folded` calls it; a worker
        may too, right after its commit was taken, while the game takes no other write
        (the sync pass holds them), so the window's thread does not wait for the disk."""
        if (
            self.read_only
            or position != self.engine.position
            or not snapshot_due_on_close(position, self._snapshot_position)
        ):
            return False
        keep_as_rung(self.store, self._snapshot_position, self._snapshot_hlc, position)
        self.store.save_snapshot(SNAPSHOT_NAME, position, snapshot)
        self._snapshot_position = position
        self._snapshot_hlc = self.engine.last_key[0] if self.engine.last_key else 0
        return True

    def undo(self) -> CommandResult:
        """Undo the last command with compensating events."""
        from rpgmylife_desktop.domain.commands import UndoLastCommand

        return self.handle(UndoLastCommand())

    def undo_target(self) -> UndoTarget:
        """What `undo` would take back now, and the newer commands it passes over because
        closed days keep them (the window's Undo text and the CLI's note say both)."""
        from rpgmylife_desktop.domain.decide.context import DecisionContext
        from rpgmylife_desktop.domain.decide.undo import undo_target

        ctx = DecisionContext(
            now=self.clock.now(), rng=self._rng, device_tz=self.device_tz, device_id=self.device_id
        )
        return undo_target(self.state, ctx)

    def redo(self) -> CommandResult:
        """Redo the most recently undone command."""
        from rpgmylife_desktop.domain.commands import RedoCommand

        return self.handle(RedoCommand())

    def revert(self, event_id: str) -> CommandResult:
        """Revert one past event (and the rest of its command) with compensating events."""
        from rpgmylife_desktop.domain.commands import RevertEvent

        return self.handle(RevertEvent(event_id=event_id))

    def days_to_close(self) -> list[date]:
        """The ended days not closed yet, oldest first (at most `MAX_AUTO_CLOSE_DAYS` + 1:
        more are a clock jump, see `clock_jump`)."""
        return self.state.days_to_close(
            self.clock.now(), self.device_tz, limit=MAX_AUTO_CLOSE_DAYS + 1
        )

    def clock_jump(self) -> ClockJump | None:
        """The ended days waiting to be closed when there are more than the game closes on
        its own (`MAX_AUTO_CLOSE_DAYS`); None otherwise. While there are, every command but
        closing days is refused with `UnconfirmedDays`, and the person confirms with
        `close_days_through` (the GUI asks in a dialog)."""
        now = self.clock.now()
        count = self.state.open_day_count(now, self.device_tz)
        if count <= MAX_AUTO_CLOSE_DAYS:
            return None
        first = self.state.first_open_day()
        assert first is not None  # open days need a character
        return ClockJump(first, self.today() - timedelta(days=1), count)

    def close_due_days(self) -> list[CommandResult]:
        """Close every ended day not closed yet, oldest first, each in its own commit.

        The app calls this on open and when a day ends (at the day start hour). Raises
        `UnconfirmedDays` (and closes nothing) after a clock jump (`clock_jump`)."""
        jump = self.clock_jump()
        if jump is not None:
            raise UnconfirmedDays(jump)
        from rpgmylife_desktop.domain.commands import CloseDay

        return [self.handle(CloseDay(day=day)) for day in self.days_to_close()]

    def close_days_through(self, day: date) -> list[CommandResult]:
        """Close every ended day not closed yet up to and including `day`, oldest first,
        each in its own commit: how a person closes a day on purpose, and confirms days
        that `clock_jump` held back. Refused when `day` is not over yet, or before the
        character's first day (nothing was ever open then)."""
        from rpgmylife_desktop.domain.commands import CloseDay
        from rpgmylife_desktop.domain.decide.days import (
            day_already_closed,
            day_before_first_day,
            day_not_over,
        )

        if day >= self.today():
            raise day_not_over(day)
        first_day = None if self.state.character is None else self.state.character.created_day
        if first_day is not None and day < first_day:
            raise day_before_first_day(day, first_day)
        if day in self.state.closed_days and (
            (first := self.state.first_open_day()) is None or first > day
        ):
            raise day_already_closed(day)

        results: list[CommandResult] = []
        while (first := self.state.first_open_day()) is not None and first <= day:
            results.append(self.handle(CloseDay(day=first)))
        return results

    def next_day_start(self) -> datetime:
        """When the current game day ends (the day start hour of the next local day):
        the GUI sets a timer for it and then calls `close_due_days`."""
        zone = ZoneInfo(self.time_zone())
        start = time(self.state.settings.day_start_hour)
        return datetime.combine(self.today() + timedelta(days=1), start, tzinfo=zone)

    def close_day(self, day: date) -> CommandResult:
        """Close one day explicitly (refused when it is closed, not over, or an earlier
        day is still open: see `close_days_through`)."""
        from rpgmylife_desktop.domain.commands import CloseDay

        return self.handle(CloseDay(day=day))

    # -- time travel ---------------------------------------------------------------------------

    def as_of(self, *, position: int | None = None, moment: datetime | None = None) -> PastView:
        """The game as it was at a log position or a moment; the live state is untouched."""
        from rpgmylife_desktop.application.timetravel import view_as_of

        return view_as_of(self, position=position, moment=moment)
