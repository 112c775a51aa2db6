"""A sync folder: a folder another program keeps in sync (Syncthing, Nextcloud, Dropbox,
OneDrive, a network share), through which computers exchange bundles with no server of ours.

Each computer writes its own new events as bundles named
`<device name>_<device id>_<sequence>.rpgbundle`: the device id makes names from two
computers never collide, the sequence makes one computer's never collide, the name is
for people. Bundles are written atomically under a dot-name first (`sync.atomic`),
which sync tools and our scan skip, so no computer can read one half-written here.

Every other `.rpgbundle` in the folder is imported unless it was imported before (its
name and size are remembered). One that cannot be read yet (still being copied by the
sync tool: shorter than it declares, or its checksum does not match) is left for the
next scan, and so is one that is refused (another profile, a wrong passphrase): each
is reported with its reason. Names sync tools use for partial files (dot-names,
`~` and `.tmp`/`.part` suffixes, conflict copies) are not even opened.

This computer's own bundles are written, named and compacted by `sync_publish.py`.

The window runs a pass off its GUI thread (`OffThread`): reading, validating, folding
and framing the other computers' bundles, writing each import's commit to disk
(`EventStore.write_ahead`), saving the projection snapshot and `peers.json`, and writing
this computer's bundle happen in a worker. The thread that owns the game only takes
each written commit into the log's state and adopts its fold (`Game.append_folded`), so
the session stays the log's one writer: it holds its other writes from the moment the
worker starts folding a bundle (it reads the live state) until that commit is taken,
and a commit written but never taken (the app closes first) is cut back off. The
cyclic garbage collector is paused for a worker's pass (`_collector_held`). The CLI
runs the same pass on one thread.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from rpgmylife_desktop.application.bundle_export import profile_id
from rpgmylife_desktop.application.bundles import (
    ImportPlan,
    ImportPreview,
    apply_import,
    apply_prepared,
    note_received,
    plan_import,
    prepare_import,
)
from rpgmylife_desktop.application.device import read_device_id
from rpgmylife_desktop.application.peers import PeerBook
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.sync_publish import publish, skipped_name, writer_of
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.sync.bundle import Manifest
from rpgmylife_desktop.sync.container import read_header
from rpgmylife_desktop.sync.errors import BundleError


class NoSyncFolder(UserError):
    """No folder was given and none was chosen before."""


class SyncPassphraseNeeded(UserError):
    """The folder was synced with a passphrase before and none was given this time."""


class PassCancelled(Exception):
    """The app is closing: the pass stopped between two commits (nothing half-written)."""


T = TypeVar("T")


class OffThread(Protocol):
    """How a pass that runs in a worker thread reaches the thread that owns the game."""

    def cancelled(self) -> bool:
        """True once the pass should stop (the app is closing)."""
        ...

    def progress(self, done: int, total: int, name: str) -> None:
        """`done` of the `total` bundles to read were read; `name` is read next."""
        ...

    def hold(self) -> None:
        """Return once the game takes no other write until `release` (raises
        `PassCancelled` when the app closes first)."""
        ...

    def release(self) -> None:
        """Let the game take other writes again."""
        ...

    def on_writer(self, work: Callable[[], T]) -> T:
        """Run `work` on the thread that owns the game and return what it returned."""
        ...


@dataclass
class SyncReport:
    """What one pass over the sync folder did."""

    folder: Path
    imported: list[dict[str, Any]] = field(default_factory=list)
    left: list[dict[str, str]] = field(default_factory=list)
    written: str | None = None
    written_events: int = 0
    compacted: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "imported": self.imported,
            "left_for_later": self.left,
            "written": self.written,
            "written_events": self.written_events,
            "compacted": self.compacted,
        }


def sync(
    game: Game,
    folder: Path | None = None,
    passphrase: str | None = None,
    off_thread: OffThread | None = None,
) -> SyncReport:
    """One pass: import the other devices' new bundles, write ours, compact now and then.

    With `off_thread`, the pass runs in a worker thread and commits through it (see the
    module docstring); it may stop with `PassCancelled` between two commits."""
    data_dir = game.paths.data_dir
    book = PeerBook.load(data_dir)
    if folder is None:
        if book.folder.path is None:
            raise NoSyncFolder(
                "No sync folder chosen yet.",
                hint="Give one with --folder PATH; it is remembered for the next time.",
                window_hint="Choose one in Settings > Sync (File > Sync folder…).",
            )
        folder = Path(book.folder.path)
    folder = folder.expanduser().absolute()
    if not folder.is_dir():
        raise NoSyncFolder(
            f"The sync folder {folder} does not exist.",
            hint="Create it, or let your sync program create it, then sync again.",
        )
    if book.folder.path != str(folder):
        book.folder.path = str(folder)
        book.folder.encrypted = False  # another folder: its own choice
        book.save(data_dir)
    if passphrase is None and book.folder.encrypted:
        # Plain bundles beside encrypted ones would show the names and notes the
        # passphrase was chosen to hide.
        raise SyncPassphraseNeeded(
            f"The sync folder {folder} is encrypted: give its passphrase to sync.",
            hint="Use --passphrase-file FILE (in the window: Settings > Sync).",
            window_hint="Enter it in Settings > Sync (File > Sync folder…).",
        )
    if passphrase is not None and not book.folder.encrypted:
        book.folder.encrypted = True
        book.save(data_dir)
    report = SyncReport(folder)
    with _collector_held(report) if off_thread is not None else contextlib.nullcontext():
        _forget_gone(game, folder)
        _import_others(game, folder, passphrase, report, off_thread)
        if off_thread is not None and off_thread.cancelled():
            raise PassCancelled
        if profile_id(game) is not None:
            report.written, report.written_events, report.compacted = publish(
                game, folder, passphrase
            )
    return report


FREEZE_AFTER_IMPORTING = 10_000
"""Events imported by a worker's pass from which what survives it is frozen."""


@contextlib.contextmanager
def _collector_held(report: SyncReport) -> Iterator[None]:
    """Pause the cyclic garbage collector for a pass in the worker, and when it imported
    `FREEZE_AFTER_IMPORTING` events or more, freeze what survives it (`gc.freeze`), as
    the window does with the state it opens and a travel with its past view. (Not after
    every pass: a freeze also keeps whatever cyclic garbage is waiting for a collection
    then, and the scan runs every minute.)

    A pass builds millions of objects without cycles (a bundle's events, their fold, the
    adopted projections); each collection that walks them holds the interpreter lock, and
    with it the window, for 80 ms or more (measured: two collections of the young
    generation per 100,000-event bundle, right after the plan's and the fold's own pauses
    ended). Frozen, the survivors are never walked again; reference counting still frees
    them when they are dropped."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if sum(int(item["new"]) for item in report.imported) >= FREEZE_AFTER_IMPORTING:
            gc.freeze()
        if collecting:
            gc.enable()


def _forget_gone(game: Game, folder: Path) -> None:
    """Drop the names of imported bundles that left the folder (compacted by their
    writer), so `peers.json` does not grow without end."""
    book = PeerBook.load(game.paths.data_dir)
    present = {path.name for path in folder.iterdir()}
    gone = [name for name in book.folder.imported if name not in present]
    if gone:
        for name in gone:
            del book.folder.imported[name]
        book.save(game.paths.data_dir)


def _import_others(
    game: Game,
    folder: Path,
    passphrase: str | None,
    report: SyncReport,
    off_thread: OffThread | None,
) -> None:
    own = read_device_id(game.paths.data_dir)
    names = [
        path
        for path in sorted(folder.iterdir())
        if not skipped_name(path.name) and (own is None or writer_of(path.name) != own)
    ]
    for done, path in enumerate(names):
        name = path.name
        if off_thread is not None:
            if off_thread.cancelled():
                raise PassCancelled
            off_thread.progress(done, len(names), name)
        book = PeerBook.load(game.paths.data_dir)
        try:
            size = path.stat().st_size
            if book.folder.imported.get(name) == size:
                continue
            _, expected = read_header(path)
            if expected != size:
                report.left.append(
                    {"file": name, "reason": f"incomplete: {size:,} of {expected:,} bytes"}
                )
                continue
            plan = plan_import(game, path, passphrase)
            head = game.store.head_position
            sender = None
            if off_thread is None:
                new, duplicates = apply_import(game, plan).new, plan.duplicates
            else:
                new, duplicates, head, sender = _import_off_thread(game, plan, off_thread)
        except FileNotFoundError:
            continue  # compacted away by its writer meanwhile
        except (BundleError, OSError) as exc:
            report.left.append({"file": name, "reason": str(exc).splitlines()[0]})
            continue

        book = PeerBook.load(game.paths.data_dir)
        book.folder.imported[name] = size
        if new:
            _note(book.folder.received, head + 1, head + new)
        if sender is not None:  # the import's own note, left to this thread (below)
            note_received(game, book, plan.manifest, head, new)
        # In the pass's own thread, like its other notes (`_forget_gone`, `publish`): a
        # worker's pass does not make the window's thread wait for the disk.
        book.save(game.paths.data_dir)
        report.imported.append({"file": name, "new": new, "duplicates": duplicates})


def _import_off_thread(
    game: Game, plan: ImportPlan, off_thread: OffThread
) -> tuple[int, int, int, Manifest | None]:
    """Fold and write `plan` in this worker and let the game's thread take the commit:
    (new events, duplicates, the log's head before the commit, and the bundle's manifest
    when what its device sent is still to be noted in `peers.json`).

    Everything that waits for the disk happens here: the commit's bytes are written
    ahead (`EventStore.write_ahead`), the projection snapshot saved after the commit was
    taken, and `peers.json` written by the caller. The game's thread only takes the
    written commit into the log's state, adopts the fold and resets the read models."""
    if not plan.new:
        return 0, plan.duplicates, game.store.head_position, None
    off_thread.hold()  # the fold reads the live state: no command may change it meanwhile
    try:
        with paused_gc():  # the fold's objects make no cycles: no collection walks them
            prepared = prepare_import(game, plan)
            prepared.encode(game.store)  # checked and framed for the log as it is
        framed, snapshot = prepared.framed, prepared.snapshot
        prepared.snapshot = None  # saved below, by this thread
        # The log cannot move meanwhile (writes are held), and a commit written ahead that
        # is not taken (the app closes first) is cut back off: the log is as it was.
        written = framed is not None and game.store.write_ahead(framed)

        def commit() -> tuple[ImportPreview, int]:
            head = game.store.head_position
            return apply_prepared(game, prepared, note=False), head

        try:
            preview, head = off_thread.on_writer(commit)
        finally:
            if written and framed is not None:
                game.store.drop_written(framed)  # nothing happens when it was taken
        if prepared.taken and snapshot is not None:
            game.keep_folded_snapshot(head + preview.new, snapshot)
        # Freed here, a slice at a time: dropped at once (when this returns, and the plan
        # when the pass moves on), 100,000 events' objects went in one cascade that held
        # the interpreter lock, and with it the window, for 100 ms or more.
        free_gradually(prepared.events, prepared.recorded, plan.new, plan.bundle.events)
        free_gradually(plan.bundle.parsed)
    finally:
        off_thread.release()
    return preview.new, preview.duplicates, head, plan.manifest if prepared.taken else None


FREE_SLICE = 2_048
"""Items `free_gradually` drops per call."""


def free_gradually(*collections: list[Any] | dict[Any, Any]) -> None:
    """Empty big lists and dicts `FREE_SLICE` items at a time: many short calls that
    another thread may run between, where emptying one in a single call frees all its
    objects while holding the interpreter lock."""
    for items in collections:
        if isinstance(items, dict):
            while items:
                for key in list(itertools.islice(items, FREE_SLICE)):
                    del items[key]
        else:
            while items:
                del items[-FREE_SLICE:]


def _note(ranges: list[list[int]], first: int, last: int) -> None:
    if ranges and ranges[-1][1] + 1 >= first:
        ranges[-1][1] = max(ranges[-1][1], last)
    else:
        ranges.append([first, last])


def chosen_folder(game: Game) -> Path | None:
    """The sync folder this data folder uses (None: none chosen)."""
    path = PeerBook.load(game.paths.data_dir).folder.path
    return Path(path) if path else None


def choose_folder(game: Game, folder: Path | None) -> None:
    """Use `folder` as the sync folder from now on (None: stop syncing through one).
    Choosing a folder again also forgets whether it was encrypted: the next sync with
    or without a passphrase decides."""
    book = PeerBook.load(game.paths.data_dir)
    book.folder.path = None if folder is None else str(folder.expanduser().absolute())
    book.folder.encrypted = False
    book.save(game.paths.data_dir)


def folder_encrypted(game: Game) -> bool:
    """True when this data folder syncs with its folder under a passphrase."""
    return PeerBook.load(game.paths.data_dir).folder.encrypted
