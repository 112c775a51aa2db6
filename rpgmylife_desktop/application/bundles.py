"""Importing another computer's bundle (exporting one: `bundle_export.py`).

Import: read and validate the whole bundle (`sync/`), check it
belongs to this profile, sort its events into new, duplicate (same id, same
content: skipped) and conflicting (same id, other content: refused), preview
what would change, then append every new event in one atomic commit
(`Game.append_merged`). Importing the same bundle again changes nothing.

The profile of a data folder is the event id at log position 1. An empty data
folder adopts the profile of the first bundle it imports (which must hold that
profile's first event) and gets its own device id.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from rpgmylife_desktop.application.bundle_export import (
    ENVELOPE,
    happened_text,
    local_span,
    profile_id,
)
from rpgmylife_desktop.application.device import ensure_device_id
from rpgmylife_desktop.application.engine import (
    SNAPSHOT_NAME,
    first_position_from,
    load_newest_snapshot,
    prepare_merge,
)
from rpgmylife_desktop.application.peers import PeerBook
from rpgmylife_desktop.application.recording import recorded_stream, to_recorded
from rpgmylife_desktop.application.results import Status, sheet_change_text, status_of
from rpgmylife_desktop.application.session import SNAPSHOT_TAIL, Game, number_merged
from rpgmylife_desktop.domain.events import DomainEvent
from rpgmylife_desktop.domain.events.recorded import Recorded, recorded_of
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.eventstore.envelope import (
    BODY_FIELDS,
    StoredEvent,
    ValidatedEvent,
)
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.eventstore.writer import FramedAppend
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.projections.projection_set import Projections, new_projections
from rpgmylife_desktop.projections.snapshot import SnapshotError, dump_snapshot, load_snapshot
from rpgmylife_desktop.sync.bundle import (
    EVENT_ID,
    EVENT_TYPE,
    HLC,
    OCCURRED_AT,
    PAYLOAD,
    Bundle,
    BundleEvent,
    Manifest,
    read_bundle,
)
from rpgmylife_desktop.sync.errors import BundleInvalid, EventConflict, ProfileMismatch

_COMPARED = tuple(i for i, name in enumerate(BODY_FIELDS) if name != "stream_version")
"""Envelope fields that must match for an id already in the log to be a duplicate
(`stream_version` is each log's own counter)."""


# -- import ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A validated bundle sorted against this log: what is new, what is already here."""

    path: Path
    bundle: Bundle
    new: list[BundleEvent]
    duplicates: int
    adopting: bool

    @property
    def manifest(self) -> Manifest:
        return self.bundle.manifest


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What an import adds and changes: what `import --dry-run` prints."""

    path: Path
    source_device_id: str
    source_device_name: str
    profile_id: str
    adopting: bool
    encrypted: bool
    total: int
    new: int
    duplicates: int
    first_occurred: str | None
    last_occurred: str | None
    before: Status
    after: Status
    habits_added: list[str] = field(default_factory=list)
    habits_removed: list[str] = field(default_factory=list)
    applied: bool = False
    xp_gained: int = 0
    """Change of the character's total XP (the status shows XP within the level)."""
    first_day: date | None = None
    """The user's local day (this data folder's zone and day start, as they are after the
    import) of the first new event; `first_occurred` is its stored UTC moment."""
    last_day: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "source_device": {"id": self.source_device_id, "name": self.source_device_name},
            "profile_id": self.profile_id,
            "adopting": self.adopting,
            "encrypted": self.encrypted,
            "events": self.total,
            "new": self.new,
            "duplicates": self.duplicates,
            "first_occurred": self.first_occurred,
            "last_occurred": self.last_occurred,
            "first_day": None if self.first_day is None else self.first_day.isoformat(),
            "last_day": None if self.last_day is None else self.last_day.isoformat(),
            "change": {
                "xp": self.xp_gained,
                "levels": self.after.level - self.before.level,
                "gold": round(self.after.gold - self.before.gold, 2),
                "hp": round(self.after.hp - self.before.hp, 2),
                "habits_added": self.habits_added,
                "habits_removed": self.habits_removed,
            },
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "applied": self.applied,
        }

    def counts_text(self) -> str:
        """ "1,204 new events, 3 already here" (no "0 already here")."""
        words = f"{self.new:,} new event{'' if self.new == 1 else 's'}"
        return words + (f", {self.duplicates:,} already here" if self.duplicates else "")

    def happened_text(self) -> str:
        """When the new events happened, in the user's days: "from Sat 5 Nov 2016 to Sun 1
        Nov 2026" ('' for none)."""
        return happened_text(self.first_day, self.last_day)

    def change_text(self) -> str:
        """What it changes on the character sheet ("XP +12, gold +1.5")."""
        return sheet_change_text(self.xp_gained, self.before, self.after)


def plan_import(
    game: Game, path: Path, passphrase: str | None = None, *, bundle: Bundle | None = None
) -> ImportPlan:
    """Read and validate the bundle at `path` and sort it against this log.

    Raises a `BundleError` (nothing written) when the bundle cannot be imported:
    damaged, wrong passphrase, another profile, an id here with other content.
    """
    with paused_gc():  # reading and sorting a big bundle makes many objects, no cycles
        return _plan_import(game, path, passphrase, bundle)


def _plan_import(
    game: Game, path: Path, passphrase: str | None, bundle: Bundle | None
) -> ImportPlan:
    if bundle is None:
        bundle = read_bundle(path, passphrase)
    manifest = bundle.manifest
    local_profile = profile_id(game)
    adopting = local_profile is None
    incoming: dict[str, BundleEvent] = {}
    for event in bundle.events:
        if incoming.setdefault(event[EVENT_ID], event) is not event:
            raise BundleInvalid(f"{path.name} holds event {event[EVENT_ID]} twice.")
    if adopting and incoming and manifest.profile_id not in incoming:
        raise BundleInvalid(
            f"{path.name} does not start the profile (it lacks the profile's first event), so "
            "an empty data folder cannot adopt it.",
            hint="Export everything on the other computer (no --since or --for-device).",
            window_hint="Export the whole history on the other computer (File > Export "
            "bundle…, Ctrl+Shift+E) and import that.",
        )
    if local_profile is not None and manifest.profile_id != local_profile:
        raise ProfileMismatch(
            f"{path.name} belongs to another profile: {_bundle_profile(bundle)}. This data "
            f"folder holds {_local_profile(game, local_profile)}.",
            hint="Import it into an empty data folder (--data-dir) to keep both profiles.",
            window_hint="To keep both profiles, start RPGMyLife with an empty data folder "
            "and import it there.",
        )
    duplicates = 0
    for stored in _possible_duplicates(game, bundle):
        theirs = incoming.pop(stored.event_id, None)
        if theirs is None:
            continue
        ours_values = ENVELOPE(stored)
        their_values = theirs
        differing = [BODY_FIELDS[i] for i in _COMPARED if ours_values[i] != their_values[i]]
        if differing:
            raise EventConflict(
                f"{path.name}: event {stored.event_id} is already in this log with different "
                f"content ({', '.join(differing)}); nothing was imported.",
                hint="The bundle or this log was edited by hand; do not import it.",
            )
        duplicates += 1
    new = list(incoming.values())
    if adopting:  # the profile's first event becomes log position 1 here too
        new.sort(key=lambda e: e[EVENT_ID] != manifest.profile_id)
    return ImportPlan(path, bundle, new, duplicates, adopting)


def _possible_duplicates(game: Game, bundle: Bundle) -> Iterator[StoredEvent]:
    # Every event of this log has a clock at most the highest one folded; a bundle whose
    # events are all newer holds no duplicate, and the log need not be read. Otherwise
    # only the part of the log that may hold an event as new as the bundle's oldest.
    last_key = game.engine.last_key
    if last_key is None or not bundle.events:
        return iter(())
    oldest = min(e[HLC] for e in bundle.events)
    if oldest > last_key[0]:
        return iter(())
    return game.store.read_all(first_position_from(game.engine, game.store, oldest))


def _bundle_profile(bundle: Bundle) -> str:
    name = next(
        (
            str(e[PAYLOAD].get("name"))
            for e in bundle.events
            if e[EVENT_TYPE] == "CharacterCreated" and e[PAYLOAD].get("name")
        ),
        None,
    )
    who = f"character {name!r}, " if name else ""
    return (
        f"{who}profile {bundle.manifest.profile_id[:8]} from {bundle.manifest.source_device_name!r}"
    )


def _local_profile(game: Game, profile: str) -> str:
    character = game.state.character
    who = f"character {character.name!r}, " if character is not None else ""
    return f"{who}profile {profile[:8]}"


def preview_import(game: Game, plan: ImportPlan) -> ImportPreview:
    """What applying `plan` would change, worked out on a copy (nothing is written)."""
    return prepare_import(game, plan).preview


@dataclass(slots=True)
class PreparedImport:
    """An import worked out on a copy, ready for `apply_prepared` (the GUI prepares it in a
    worker thread while the window stays live): its preview, and the new events at the
    positions and stream versions they get after the log's head as it was, folded into a
    copy of the projections."""

    plan: ImportPlan
    preview: ImportPreview
    head: int
    events: list[ValidatedEvent]
    expected: dict[str, int]
    recorded: list[Recorded]
    engine: Projections
    snapshot: bytes | None = None
    """The copy's projection snapshot, dumped by `encode` for a big import."""
    framed: FramedAppend | None = None
    """The events checked and framed for the log as it was (`encode` with a store)."""
    taken: bool = False
    """True once `apply_prepared` committed it as prepared (False: not applied yet, or
    applied the usual way because the game had moved on)."""

    def encode(self, store: EventStore | None = None) -> None:
        """Encode every event's body now (in the worker), so applying only writes; for an
        import big enough that the game would save a projection snapshot after it, dump
        the copy's snapshot too (`Game.append_folded` saves it with the commit). With
        `store` (the game's), also check and frame the records for its log as it is now
        (`EventStore.frame_ahead`), so the commit only writes their bytes; the window
        holds its own writes meanwhile, and a log that moved on refuses them
        (`apply_prepared` then imports the usual way)."""
        self.snapshot = encode_for_append(self.events, self.engine)
        if store is not None:
            self.framed = store.frame_ahead(self.events, self.expected)


class FoldedWrite(Protocol):
    """New events prepared off the writing thread, with the projections they fold into."""

    @property
    def events(self) -> list[ValidatedEvent]: ...
    @property
    def expected(self) -> dict[str, int]: ...
    @property
    def recorded(self) -> list[Recorded]: ...
    @property
    def engine(self) -> Projections: ...
    @property
    def snapshot(self) -> bytes | None: ...


def commit_folded(game: Game, prepared: FoldedWrite, framed: FramedAppend | None = None) -> bool:
    """One atomic commit of prepared events that adopts their fold (bundle and history
    imports alike); False, with nothing written, when the game moved on since. `framed`:
    the events framed ahead (`EventStore.frame_ahead`), written as they are."""
    with paused_gc():
        return game.append_folded(
            prepared.events,
            prepared.expected,
            prepared.engine,
            prepared.recorded,
            prepared.snapshot,
            framed,
        )


def encode_for_append(events: list[ValidatedEvent], engine: Projections) -> bytes | None:
    """Encode `events`' bodies ahead of `Game.append_folded` (off the GUI thread), and
    return `engine` (their fold) dumped as a snapshot when the import is big enough that
    the game would save one after it (None otherwise). History imports share this."""
    for event in events:
        event.encode()
    return dump_snapshot(engine) if len(events) >= SNAPSHOT_TAIL else None


def prepare_import(game: Game, plan: ImportPlan) -> PreparedImport:
    """Fold `plan` into a copy of the projections (nothing is written): the preview, and
    what `apply_prepared` needs. Reads the log only, so a worker thread may call it."""
    before = game.status(with_digest=False)
    head = game.store.head_position
    events, expected, recorded = _numbered(game, plan.new, head, plan.bundle.parsed)
    engine = fold_into_copy(game, recorded)
    after = status_of(engine.state, None, engine.position, None)
    xp = _total_xp(engine.state) - _total_xp(game.state)
    preview = _preview(game, plan, before, after, game.state, engine.state, applied=False, xp=xp)
    return PreparedImport(plan, preview, head, events, expected, recorded, engine)


def apply_prepared(game: Game, prepared: PreparedImport, *, note: bool = True) -> ImportPreview:
    """Apply an import prepared by `prepare_import`: one atomic commit, and the copy's fold
    adopted instead of folding again. When the game moved on since it was prepared (a
    command, another import), the plan is applied the usual way (`apply_import`).

    Without `note`, what the source device sent is not written to `peers.json` when the
    prepared commit is taken: the caller notes it (`note_received`), e.g. from a worker,
    so the window's thread does not wait for the disk."""
    plan = prepared.plan
    if not plan.new:
        return apply_import(game, plan)
    before = game.status(with_digest=False)
    state_before = _habit_names(game.state)
    xp_before = _total_xp(game.state)
    ensure_device_id(game.paths.data_dir)
    if not commit_folded(game, prepared, prepared.framed):
        if prepared.framed is not None:  # written ahead and not taken: cut it back off
            game.store.drop_written(prepared.framed)
        return apply_import(game, plan)
    prepared.taken = True
    recorded = prepared.recorded
    moments = [r.occurred_at for r in recorded]  # parsed already: no text parsed again
    return _applied(
        game,
        plan,
        before,
        state_before,
        xp_before,
        prepared.head,
        len(recorded),
        moments,
        note=note,
    )


FOLD_APART_FROM = 20_000
"""New events from which `import_bundle` folds them in a child process while this one
writes them (`_FoldApart`); fewer are folded here, where forking would cost more than it
saves."""


def import_bundle(
    game: Game, path: Path, passphrase: str | None = None, *, fold_apart: bool = False
) -> ImportPreview:
    """`plan_import`, then `apply_import`: what the command line's import does.

    The cyclic garbage collector is paused once for both, and the plan (the whole
    bundle) is gone before it resumes: paused for each apart, it walked the bundle's
    ~500,000 objects twice in between (0.1 s of CPU for 100,000 events).

    With `fold_apart` (the command line's own process: never the window's, whose
    threads a forked child could find holding a lock), a big import (`FOLD_APART_FROM`
    new events, on Linux, in a process without other Python threads) is folded in a
    forked child while this process encodes, frames and writes the events, the two
    halves of the work side by side on two cores: the child sends
    its projections back as a snapshot (1.7 MB, loaded in ~0.03 s for 100,000 events),
    which the game adopts. Any failure there and the game folds the events itself, as
    `apply_import` does; the log, the state and the preview are the same either way."""
    with paused_gc():
        plan = plan_import(game, path, passphrase)
        if not fold_apart or len(plan.new) < FOLD_APART_FROM or not _FoldApart.possible():
            return apply_import(game, plan)
        before = game.status(with_digest=False)
        state_before = _habit_names(game.state)
        xp_before = _total_xp(game.state)
        ensure_device_id(game.paths.data_dir)
        head = game.store.head_position
        counts = (len(plan.bundle.events), len(plan.new))
        moments: list[datetime] = []

        def fold() -> tuple[Projections, bytes] | None:
            # The events are on disk: what the preview needs of them is kept, and the
            # plan's ~500,000 objects are freed now, while the child still folds
            # (0.27 s for 100,000 events, which used to follow its answer).
            moments.extend(map(datetime.fromisoformat, (e[OCCURRED_AT] for e in plan.new)))
            _spend(plan)
            return apart.projections()

        with _FoldApart.start(game, plan, head) as apart:
            first, last = game.append_merged_apart(plan.new, fold)
        return _applied(
            game, plan, before, state_before, xp_before, head, last - first + 1, moments, counts
        )


def _spend(plan: ImportPlan) -> None:
    """Empty a plan whose events are written (its lists and its parsed events), so their
    memory is freed now; its manifest stays."""
    plan.new.clear()
    plan.bundle.events.clear()
    plan.bundle.parsed.clear()


class _FoldApart:
    """A forked child folding an import's events into a copy of the projections (as
    `prepare_import` does) and sending them back as a snapshot through a pipe."""

    _LENGTH = struct.Struct("<Q")

    def __init__(self, pid: int | None, pipe: int | None) -> None:
        self._pid = pid
        self._pipe = pipe

    @staticmethod
    def possible() -> bool:
        """Forking is safe here: Linux, and no other thread that a child could find
        holding a lock (the window imports through `prepare_import` instead)."""
        return sys.platform.startswith("linux") and threading.active_count() == 1

    @classmethod
    def start(cls, game: Game, plan: ImportPlan, head: int) -> _FoldApart:
        """Fork the child (None of it when forking fails: the game then folds)."""
        try:
            reading, writing = os.pipe()
        except OSError:
            return cls(None, None)
        try:
            pid = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
            return cls(None, None)
        if pid == 0:  # the child: fold, send, and leave without any clean-up of the parent's
            code = 1
            try:
                os.close(reading)
                _, _, recorded = _numbered(game, plan.new, head, plan.bundle.parsed)
                data = dump_snapshot(fold_into_copy(game, recorded))
                with open(writing, "wb") as pipe:
                    pipe.write(cls._LENGTH.pack(len(data)))
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(writing)
        return cls(pid, reading)

    def projections(self) -> tuple[Projections, bytes] | None:
        """The child's projections and their snapshot (None when it failed: the game
        folds itself)."""
        if self._pipe is None:
            return None
        with open(self._pipe, "rb") as pipe:
            self._pipe = None
            data = pipe.read()
        if not self._ended_well() or len(data) < self._LENGTH.size:
            return None
        (size,) = self._LENGTH.unpack_from(data)
        if len(data) != self._LENGTH.size + size:
            return None
        engine = new_projections()
        snapshot = data[self._LENGTH.size :]
        try:
            load_snapshot(engine, snapshot)
        except SnapshotError:
            return None
        return engine, snapshot

    def _ended_well(self) -> bool:
        pid, self._pid = self._pid, None
        if pid is None:
            return False
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    def __enter__(self) -> _FoldApart:
        return self

    def __exit__(self, *exc: object) -> None:
        # Not asked (the write failed): the child is stopped at once, not left to finish
        # a fold nobody reads (it only read the log), and reaped.
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            self._ended_well()


def apply_import(game: Game, plan: ImportPlan) -> ImportPreview:
    """Append the plan's new events in one atomic commit and fold them in."""
    with paused_gc():  # the events' envelopes, bodies and folds: many objects, no cycles
        before = game.status(with_digest=False)
        state_before = _habit_names(game.state)
        xp_before = _total_xp(game.state)
        ensure_device_id(game.paths.data_dir)  # an adopting folder gets its own device id now
        head = game.store.head_position
        recorded = game.append_merged(plan.new, plan.bundle.parsed)
        moments = [r.occurred_at for r in recorded]  # parsed already: no text parsed again
        return _applied(game, plan, before, state_before, xp_before, head, len(recorded), moments)


def _applied(
    game: Game,
    plan: ImportPlan,
    before: Status,
    state_before: dict[str, str],
    xp_before: int,
    head: int,
    added: int,
    moments: list[datetime],
    counts: tuple[int, int] | None = None,
    note: bool = True,
) -> ImportPreview:
    """The preview of an applied import (`added` events after `head`, which happened at
    `moments`), after noting what the source device sent (unless not `note`: the caller
    does, `note_received`). `counts`: the bundle's events and the new ones, when the plan
    is spent (`_spend`)."""
    after = game.status(with_digest=False)
    if added and note:
        book = PeerBook.load(game.paths.data_dir)
        note_received(game, book, plan.manifest, head, added)
        book.save(game.paths.data_dir)
    xp = _total_xp(game.state) - xp_before
    return _preview(
        game,
        plan,
        before,
        after,
        state_before,
        game.state,
        applied=True,
        xp=xp,
        moments=moments,
        counts=counts,
    )


def note_received(game: Game, book: PeerBook, manifest: Manifest, head: int, added: int) -> None:
    """Note in `book` that `manifest`'s device sent the `added` events after `head`."""
    peer = book.peer(manifest.source_device_id)
    peer.name = manifest.source_device_name
    peer.note_received(head + 1, head + added)
    peer.received_events += added
    peer.last_received_at = game.clock.now().isoformat()


def _total_xp(state: GameState) -> int:
    return state.character.total_xp if state.character is not None else 0


def _habit_names(state: GameState) -> dict[str, str]:
    return {habit_id: habit.name for habit_id, habit in state.habits.items()}


def _preview(
    game: Game,
    plan: ImportPlan,
    before: Status,
    after: Status,
    state_before: GameState | dict[str, str],
    state_after: GameState,
    *,
    applied: bool,
    xp: int,
    moments: list[datetime] | None = None,
    counts: tuple[int, int] | None = None,
) -> ImportPreview:
    """`moments`: when each new event happened (parsed from the plan when None);
    `counts`: the bundle's events and the new ones (counted in the plan when None)."""
    names_before = state_before if isinstance(state_before, dict) else _habit_names(state_before)
    names_after = _habit_names(state_after)
    occurred = moments
    if occurred is None:
        occurred = list(map(datetime.fromisoformat, (e[OCCURRED_AT] for e in plan.new)))
    manifest = plan.manifest
    first_day, last_day = local_span(state_after, game.device_tz, occurred)
    return ImportPreview(
        path=plan.path,
        source_device_id=manifest.source_device_id,
        source_device_name=manifest.source_device_name,
        profile_id=manifest.profile_id,
        adopting=plan.adopting,
        encrypted=plan.bundle.encrypted,
        total=counts[0] if counts is not None else len(plan.bundle.events),
        new=counts[1] if counts is not None else len(plan.new),
        duplicates=plan.duplicates,
        first_occurred=min(occurred).isoformat() if occurred else None,
        last_occurred=max(occurred).isoformat() if occurred else None,
        before=before,
        after=after,
        habits_added=sorted(n for i, n in names_after.items() if i not in names_before),
        habits_removed=sorted(n for i, n in names_before.items() if i not in names_after),
        applied=applied,
        xp_gained=xp,
        first_day=first_day,
        last_day=last_day,
    )


def _numbered(
    game: Game, new: list[BundleEvent], head: int, parsed: Mapping[str, DomainEvent]
) -> tuple[list[ValidatedEvent], dict[str, int], list[Recorded]]:
    """`new` as this log would take it after `head`: each event at the next version of its
    stream here; the streams' versions now; each as the `Recorded` it becomes (with the
    domain event `parsed` holds for it, validated already, else validated now)."""
    events, expected = number_merged(game.store, new)
    parse = datetime.fromisoformat
    recorded = [
        recorded_of(
            head + n,
            v[0],
            v[1],
            v[2],
            parse(v[5]),
            parse(v[6]),
            v[7],
            v[8],
            v[9],
            v[10] or "",
            domain_event,
        )
        if (domain_event := parsed.get(v[0])) is not None
        else to_recorded(StoredEvent(head + n, *v))
        for n, v in enumerate((e.values for e in events), 1)
    ]
    return events, expected, recorded


def fold_into_copy(game: Game, pending: list[Recorded]) -> Projections:
    """A second engine over the log plus `pending` as if appended (for the preview, and
    for `Game.append_folded`); reads the log only, so a worker thread may call it."""
    store = game.store

    def source(position: int) -> Iterator[Recorded]:
        yield from recorded_stream(store.read_all(position))
        yield from (r for r in pending if r.position >= position)

    engine = new_projections(source)
    load_newest_snapshot(engine, store, SNAPSHOT_NAME)
    engine.replay(recorded_stream(store.read_all(engine.position + 1)))
    prepare_merge(engine, store, pending)
    engine.merge(pending)
    return engine
