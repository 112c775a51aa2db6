"""Importing another computer's bundle (exporting one: `bundle_export.py`).

Import: `plan_import` (`bundle_plan.py`) reads and validates the whole bundle and sorts
its events against this log; `preview_import` works out what would change on a copy
(`bundle_preview.py`, folded by `bundle_fold.py`); `apply_import` appends every new
event in one atomic commit (`Game.append_merged`), and an import prepared in a worker
is applied by `apply_prepared`. Importing the same bundle again changes nothing. An
empty data folder that adopts a bundle's profile gets its own device id on import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from rpgmylife_desktop.application.bundle_fold import FoldApart, fold_into_copy, numbered
from rpgmylife_desktop.application.bundle_plan import ImportPlan as ImportPlan
from rpgmylife_desktop.application.bundle_plan import plan_import as plan_import
from rpgmylife_desktop.application.bundle_preview import ImportPreview as ImportPreview
from rpgmylife_desktop.application.bundle_preview import habit_names, import_preview, total_xp
from rpgmylife_desktop.application.device import ensure_device_id
from rpgmylife_desktop.application.peers import PeerBook
from rpgmylife_desktop.application.results import Status, status_of
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.snapshot_saving import SNAPSHOT_TAIL
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.eventstore.envelope import ValidatedEvent
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.eventstore.writer import FramedAppend
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.projections.projection_set import Projections
from rpgmylife_desktop.projections.snapshot import dump_snapshot
from rpgmylife_desktop.sync.bundle import OCCURRED_AT, Manifest


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
    events, expected, recorded = numbered(game, plan.new, head, plan.bundle.parsed)
    engine = fold_into_copy(game, recorded)
    after = status_of(engine.state, None, engine.position, None)
    xp = total_xp(engine.state) - total_xp(game.state)
    preview = import_preview(
        game, plan, before, after, game.state, engine.state, applied=False, xp=xp
    )
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
    state_before = habit_names(game.state)
    xp_before = total_xp(game.state)
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
writes them (`FoldApart`); fewer are folded here, where forking would cost more than it
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
        if not fold_apart or len(plan.new) < FOLD_APART_FROM or not FoldApart.possible():
            return apply_import(game, plan)
        before = game.status(with_digest=False)
        state_before = habit_names(game.state)
        xp_before = total_xp(game.state)
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

        with FoldApart.start(game, plan, head) as apart:
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


def apply_import(game: Game, plan: ImportPlan) -> ImportPreview:
    """Append the plan's new events in one atomic commit and fold them in."""
    with paused_gc():  # the events' envelopes, bodies and folds: many objects, no cycles
        before = game.status(with_digest=False)
        state_before = habit_names(game.state)
        xp_before = total_xp(game.state)
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
    xp = total_xp(game.state) - xp_before
    return import_preview(
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
