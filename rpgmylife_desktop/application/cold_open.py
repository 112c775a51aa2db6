"""Opening a big log without a snapshot on two cores: history folds in a child process.

The first open after a bulk write (an import, a restore, a lost cache) replays the whole
log. History needs nothing of the game state, only the events, so a child process reads
the same log and folds it while this one folds the game state and the other read models;
the child hands back history in its snapshot encoding (`History.to_data`, JSON), which
this process adopts. Without it, history's lines were about a tenth of a cold open.

    parent: events 1..stop, every read model but history, no checkpoints
            -> adopt the child's history at `stop` -> stop+1..head the usual way
    child:  events 1..stop, history only -> its history at each mark, `stop` last

Correctness never depends on the child:

* the result is the same fold: history is fed the same events in the same (canonical)
  order; the last stretch (`final_stretch`) is replayed the usual way, so the engine
  takes its checkpoints there as it always did;
* when the child fails, is killed or stalls, this process folds history over the log
  itself, from the newest history the child sent;
* a log not in canonical order (events merged from another computer) would make the
  engine rebuild, which needs checkpoints: the split stops (the engine raises
  `OutOfOrder`, or the child reports the first such event) and the open replays the
  usual way from the start. It costs what was folded until then, once.

The marks: the child sends history every `stride` events too, so a child that fails
half-way leaves only the rest to fold again; between marks this process looks for the
child's report of an event out of order.

Messages, one `send_bytes` each: `H` + position (u64 LE) + history JSON, `L` + position
(an event that sorts before an earlier one: the child stops), `X` + a reason (failed),
`I` + head + stop (u64 LE each; stop 0: no split) when a child started before the opening
process had scanned the log has scanned it and saved the store's index (`read_ahead.py`).
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import struct
import threading
import time
from pathlib import Path
from typing import Any

from rpgmylife_desktop.application.recording import domain_upcasters, recorded_stream
from rpgmylife_desktop.application.timeline import Timeline
from rpgmylife_desktop.domain.events.recorded import canonical_key
from rpgmylife_desktop.eventstore.store import EventStore
from rpgmylife_desktop.projections.base import Step
from rpgmylife_desktop.projections.engine import OutOfOrder
from rpgmylife_desktop.projections.history import History
from rpgmylife_desktop.projections.projection_set import Projections

logger = logging.getLogger("rpgmylife_desktop.application")

SPLIT_MIN = 200_000
"""Events a cold open must replay before history folds in a child: below, starting a
process (about a second of imports, on the other core) buys little."""

FINAL_SHARE = 8
FINAL_MIN = 16_384
"""The last 1/FINAL_SHARE of the log (at least FINAL_MIN events) replays the usual way,
with checkpoints: the engine keeps only its newest few (spaced by time, they cover the last
~60,000 events at 1,000,000), which a late import rebuilds from."""

MARKS = 32
"""About how many times the child sends history before its last message."""

PATIENCE = 30.0
"""Seconds this process waits for the child's next message before folding history itself."""

HISTORY = b"H"
LATE = b"L"
FAILED = b"X"
INDEXED = b"I"
_POSITION = struct.Struct("<Q")
_HEAD_STOP = struct.Struct("<QQ")

Plan = tuple[int, int, int, int, int]
"""What a child started before the log's head is known needs to work out its marks: the
timeline's spacing, SPLIT_MIN, FINAL_MIN, FINAL_SHARE and MARKS (as this process has them)."""


def plan(every: int) -> Plan:
    """The plan for a child that scans the log first (see `Plan`)."""
    return (every, SPLIT_MIN, FINAL_MIN, FINAL_SHARE, MARKS)


_HISTORY_NAME = "history"


def final_stretch(head: int) -> int:
    """How many events at the end of a log of `head` events replay the usual way."""
    return min(head, max(FINAL_MIN, head // FINAL_SHARE))


def marks_for(stop: int, every: int) -> list[int]:
    """The positions the child sends history at: multiples of a multiple of `every` (the
    timeline's spacing), then `stop`."""
    stride = every * max(1, -(-stop // (MARKS * every)))
    return [*range(stride, stop, stride), stop]


def splits(engine: Projections, store: EventStore) -> bool:
    """True when opening replays enough events from the empty state to split the work."""
    return engine.position == 0 and store.head_position - final_stretch(store.head_position) >= (
        SPLIT_MIN
    )


def replay_split(
    engine: Projections,
    store: EventStore,
    timeline: Timeline,
    data_dir: Path,
    cache_dir: Path,
    child: _HistoryChild | None = None,
) -> None:
    """Bring `engine` up to the store's head as `timeline.replay` does, with history
    folded in a child process (see the module docstring).

    `engine` is empty, or (with the `child` that scanned the log, `read_ahead.py`) holds
    the log's first events folded without history: their history comes from the child
    too, or is folded here."""
    head = store.head_position
    stop = head - final_stretch(head)
    marks = marks_for(stop, timeline.every)
    if child is None:
        child = _HistoryChild.start(data_dir, cache_dir, marks, engine.models.history.window)
        if child is None:
            timeline.replay(engine)
            return
    elif stop < max(SPLIT_MIN, engine.position):  # no split after all: history folds here
        child.stop()
        _fold_history(engine, store, 1, engine.position)
        engine.checkpoint_now()  # none was taken so far: a late event rebuilds from here
        timeline.replay(engine)
        return
    try:
        try:
            _fold_all_but_history(engine, store, timeline, child, marks)
        except OutOfOrder as exc:
            logger.info(
                "the log is not in canonical order (at %d): replaying it as usual", exc.position
            )
            child.stop()
            engine.clear()
            timeline.replay(engine)
            return
        waited = time.monotonic()
        data = child.history_at(stop)
        waited = time.monotonic() - waited
        child.stop()
        history = engine.models.history
        if data is not None:
            history.load_data(json.loads(data))
            logger.info(
                "history of events 1..%d folded in a child process (waited %.1f s for it)",
                stop,
                waited,
            )
        else:
            history_at = max((m for m in child.received if m <= stop), default=0)
            if history_at:  # the child got that far: fold only the rest
                history.load_data(json.loads(child.received[history_at]))
            logger.warning(
                "history was not folded beside the open; folding events %d..%d here",
                history_at + 1,
                stop,
            )
            _fold_history(engine, store, history_at + 1, stop)
    finally:
        child.stop()
    timeline.replay(engine)  # the final stretch, with checkpoints


def _fold_all_but_history(
    engine: Projections,
    store: EventStore,
    timeline: Timeline,
    child: _HistoryChild,
    marks: list[int],
) -> None:
    """Replay up to the last mark without history or checkpoints, a mark at a time, and
    stop (`OutOfOrder`) as soon as the child reports an event out of canonical order.

    No timeline snapshot is written here: with the child's history at every mark, the
    timeline's budget (`OPEN_SHARE` of the replay time) let this open write one at nearly
    every mark, a sixth of the opening process's time at 1,000,000 events, where the
    usual replay spends its budget on a few cheap ones at the start of the log and replays
    the rest in one go. The window fills them in afterwards, in a child process of its own
    (`timeline_fill.py`)."""
    for mark in marks:
        events = recorded_stream(store.read_all(engine.position + 1, mark))
        engine.replay(timeline.observe(events), skip=(_HISTORY_NAME,), checkpoints=False)
        if child.late is not None:
            raise OutOfOrder(child.late)
        child.forget_before(mark)


def _fold_history(engine: Projections, store: EventStore, first: int, last: int) -> None:
    """Fold events `first`..`last` into history alone (the log is in canonical order there:
    the engine folded it without a rebuild)."""
    history = engine.models.history
    state = engine.state
    for recorded in recorded_stream(store.read_all(first, last)):
        history.replay_apply(Step(recorded, state, state))


class _HistoryChild:
    """The child process folding history, seen from this one.

    A thread reads the pipe as messages come: a message of history is bigger than a pipe's
    buffer, so a child whose messages waited for this process's next look would wait with
    them, and fall behind it."""

    def __init__(self, process: Any, receive: Any) -> None:
        self._process = process
        self._receive = receive
        self.received: dict[int, bytes] = {}
        """History JSON by mark, as sent and not yet dropped (`forget_before`)."""
        self.late: int | None = None
        """Where the child found an event sorting before an earlier one."""
        self.indexed: tuple[int, int] | None = None
        """(head, stop) once a child started with a `Plan` has scanned the log."""
        self._ended = False
        self._heard = time.monotonic()
        self._news = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="history-fold-reader", daemon=True)
        self._reader.start()

    @classmethod
    def start(
        cls, data_dir: Path, cache_dir: Path, marks: list[int] | Plan, window: int
    ) -> _HistoryChild | None:
        """Start the child, sending history at `marks`, or with a `Plan` to scan the log
        first and work them out; None when this process cannot start one."""
        context = multiprocessing.get_context("spawn")  # the GUI opens in a worker thread
        receive, send = context.Pipe(duplex=False)
        process = context.Process(
            target=child_main,
            args=(str(data_dir), str(cache_dir), marks, window, send),
            name="rpgmylife-history-fold",
            daemon=True,
        )
        try:
            process.start()
        except (OSError, RuntimeError, AssertionError) as exc:  # no child processes here
            logger.info("history folds in this process: %s", exc)
            receive.close()
            send.close()
            return None
        send.close()  # the child holds the write end: its exit reads as the end here
        return cls(process, receive)

    def _read(self) -> None:
        try:
            while not self._ended:
                message = self._receive.recv_bytes()
                with self._news:
                    self._take(message)
                    self._news.notify_all()
        except (EOFError, OSError):
            pass  # the child ended (or was ended)
        with self._news:
            self._ended = True
            self._news.notify_all()

    def forget_before(self, position: int) -> None:
        """Drop the history sent for marks before `position` but the newest one (what a
        fallback would start from)."""
        with self._news:
            newest = max(self.received, default=0)
            for mark in [m for m in self.received if m < position and m != newest]:
                del self.received[mark]

    def _take(self, message: bytes) -> None:
        self._heard = time.monotonic()
        kind = message[:1]
        if kind == HISTORY:
            (position,) = _POSITION.unpack_from(message, 1)
            self.received[position] = message[1 + _POSITION.size :]
        elif kind == LATE:
            (self.late,) = _POSITION.unpack_from(message, 1)
            self._ended = True
        elif kind == INDEXED:
            self.indexed = _HEAD_STOP.unpack_from(message, 1)
        else:
            logger.warning("folding history beside the open failed: %r", message[1:200])
            self._ended = True

    def history_at(self, position: int) -> bytes | None:
        """The child's history at `position`, waiting while it keeps sending; None when it
        ended without it or went quiet for `PATIENCE` seconds."""
        with self._news:
            while position not in self.received:
                if self._ended or time.monotonic() - self._heard > PATIENCE:
                    return None
                self._news.wait(0.2)
            return self.received[position]

    @property
    def ended(self) -> bool:
        """True once the child sent its last message, failed or went away."""
        return self._ended

    def wait_indexed(self) -> tuple[int, int] | None:
        """The (head, stop) of a child started with a `Plan`, waiting while it scans; None
        when it ended without them or went quiet for `PATIENCE` seconds."""
        with self._news:
            while self.indexed is None:
                if self._ended or time.monotonic() - self._heard > PATIENCE:
                    return None
                self._news.wait(0.05)
            return self.indexed

    def stop(self) -> None:
        """End the child (it only reads the log) and close the pipe. Safe twice."""
        process, self._process = self._process, None
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
            self._reader.join(5)  # the child's end of the pipe is closed: it read to the end
            with self._news:
                self._ended = True
            self._receive.close()


# -- the child ----------------------------------------------------------------------------


def fold_history(
    data_dir: str, cache_dir: str, marks: list[int] | Plan, window: int, send: Any
) -> None:
    """Fold the history of the log of `data_dir` (read-only) up to `marks[-1]`, and `send`
    it at each mark; stop with a `LATE` message at an event out of canonical order.

    With a `Plan` instead of marks, the store's opening scan is this process's (it saves
    the index, as a reader does): `send` the head and where the split stops (`INDEXED`),
    then fold up to there, or end when the log is too short to split."""
    store = EventStore.open(
        Path(data_dir), Path(cache_dir), read_only=True, upcasters=domain_upcasters()
    )
    try:
        if isinstance(marks, tuple):
            every, split_min, final_min, final_share, count = marks
            head = store.head_position
            stop = head - min(head, max(final_min, head // final_share))
            split = stop >= split_min and store.damage is None
            send(INDEXED + _HEAD_STOP.pack(head, stop if split else 0))
            if not split:
                return
            stride = every * max(1, -(-stop // (count * every)))
            marks = [*range(stride, stop, stride), stop]
        stop = marks[-1]
        if store.head_position < stop:
            raise ValueError(f"the log ends at {store.head_position}, before {stop}")
        history = History(window)
        pending = iter(marks)
        mark = next(pending)
        previous: tuple[int, str, str] | None = None
        for recorded in recorded_stream(store.read_all(1, stop)):
            key = canonical_key(recorded)
            if previous is not None and key <= previous:
                send(LATE + _POSITION.pack(recorded.position))
                return
            previous = key
            history.replay_apply(Step(recorded, None, None))
            if recorded.position == mark:
                data = json.dumps(history.to_data(), separators=(",", ":"))
                send(HISTORY + _POSITION.pack(mark) + data.encode("utf-8"))
                mark = next(pending, 0)
    finally:
        store.close()


def child_main(
    data_dir: str, cache_dir: str, marks: list[int] | Plan, window: int, conn: Any
) -> None:
    """The child process: fold, send, end. `conn` is the write end of a
    `multiprocessing.Pipe` (only `send_bytes` and `close` are used)."""
    # History builds long-lived lines and names, and no cycles: the collector would only
    # walk them again and again.
    gc.disable()
    send = conn.send_bytes
    try:
        try:
            fold_history(data_dir, cache_dir, marks, window, send)
        except (OSError, EOFError):
            return  # the opening process went away (a broken pipe) or the folder did
        except Exception as exc:  # reported to the opening process, which folds itself
            send(FAILED + str(exc).encode("utf-8", "replace"))
    except (OSError, EOFError):
        pass
    finally:
        conn.close()
