"""Deciding an import of another tracker's history (`plan_source_import`): the reader's
commands (`interop.source.to_commands`, every id derived from the source) are decided one
by one against a copy of the game state with the real rules, exactly as live backfills
would be, and each decided event is folded into a copy of the game's projections whose
game state that copy is (the history and the undo bookkeeping once, after the pass:
nothing decided reads them); each event gets an id derived from its command. Nothing is
written: `interop.py` previews and applies the plan.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from rpgmylife_desktop.application.closing import UnconfirmedDays
from rpgmylife_desktop.application.device import read_device_id
from rpgmylife_desktop.application.hlc import HybridClock
from rpgmylife_desktop.application.recording import recorded_stream
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.decide.backfill import Backfill
from rpgmylife_desktop.domain.decide.context import DecisionContext
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events import DomainEvent, HabitLogged
from rpgmylife_desktop.domain.events.recorded import Recorded, recorded_of
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.commandlog import UntrackedCommands
from rpgmylife_desktop.errors import UserError
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.interop.source import ImportSource, derived_uuid, to_commands
from rpgmylife_desktop.projections.projection_set import Projections, new_projections

Progress = Callable[[int, int], bool]
"""`progress(done, total)` while deciding; returning False cancels (nothing is written)."""

KEPT_REASONS = 20
"""How many reasons for left-out commands a preview lists (it counts them all)."""

PROGRESS_EVERY = 1000
"""Commands decided between two progress reports (a report costs a GUI round trip)."""

_INDEXES = tuple(str(n) for n in range(64))
"""An event's index in its decision, as its id is derived (a log decides one to a few)."""


class ImportCancelled(UserError):
    """The person cancelled the import; nothing was written."""


@dataclass(slots=True)
class SourcePlan:
    """A source decided against this game: the events to append and what they change."""

    source: ImportSource
    events: list[list[Any]]
    parsed: dict[str, DomainEvent]
    state_after: GameState
    """The game's state with the plan's events folded in (the bulk pass's working state)."""
    recorded: list[Recorded] = field(default_factory=list)
    """The plan's events as the fold took them, numbered from the log's head when the plan
    was made."""
    already_here: int = 0
    refused: list[str] = field(default_factory=list)
    """The rules' reasons for the first `KEPT_REASONS` commands left out."""
    refused_count: int = 0
    joined: list[str] = field(default_factory=list)
    """Habits of the source that joined a habit of the same name already here."""
    device: str = ""
    """The device id the events carry: this folder's, or the one it gets when applied."""
    engine: Projections | None = None
    """A copy of the game's projections with the plan's events folded in (its game state is
    `state_after`): the apply adopts it instead of folding the events again. None once
    adopted."""


def plan_source_import(
    game: Game, src: ImportSource, progress: Progress | None = None, *, bulk: bool = True
) -> SourcePlan:
    """Decide every new command of `src` on a copy of the state (nothing is written), and
    fold what it decides into a copy of the game's projections, which the apply adopts.

    The logs come as already-checked `BulkLog` records (`to_commands(bulk=True)`);
    `bulk=False` makes each a `LogHabit`, the reference the tests hold that path to
    (the same events, ids and bytes).

    Refused like any command (`UnconfirmedDays`) while a clock jump waits to be confirmed.
    """
    if (jump := game.clock_jump()) is not None:
        raise UnconfirmedDays(jump)
    now = game.clock.now()
    zone = game.time_zone()
    known = _command_ids(game)
    ctx = DecisionContext(
        now=now, rng=random.Random(f"{src.source}:{src.path.name}"), device_tz=game.device_tz
    )
    # The bulk path (domain/decide/backfill.py): its working copy of the state, folded as
    # the pass goes (by the engine copy below, whose game state it is), is the state after
    # the import.
    backfill = Backfill(game.state, ctx)
    # A folder without a device id gets this one when the plan is applied (a dry run
    # writes nothing): the events, and the history lines folded from them, carry it.
    device = read_device_id(game.paths.data_dir) or str(uuid.uuid4())
    plan = SourcePlan(src, [], {}, backfill.state, device=device)
    engine = _projections_over(game, backfill.state, plan.recorded)
    with paused_gc():  # deciding a big import makes many objects and no cycles
        commands = list(to_commands(src, zone, game.today(), now, bulk=bulk))
        total = len(commands)
        # The engine folds each decided event into the working state and the read models
        # before the generator decides the next command (it pulls them one at a time).
        # History comes after, in one batch that writes only the lines someone can read
        # (`History.replay_batch`), and so does the undo bookkeeping (nothing an import
        # decides reads it; `CommandLog.apply_run` goes through the newest commands only);
        # one checkpoint at the end (a later merge rebuilds from there) instead of the
        # replay's copies of the state along the way.
        undo = backfill.state.commands
        backfill.state.commands = UntrackedCommands()
        try:
            engine.replay(
                _decided(game, plan, backfill, commands, known, progress),
                skip=(engine.history.name,),
                checkpoints=False,
            )
        finally:
            backfill.state.commands = undo
        undo.apply_run(plan.recorded)
        engine.history.replay_batch(plan.recorded)
        engine.checkpoint_now()
        # Freed here, the commands are not walked by the collection that resuming it makes.
        del commands
    plan.engine = engine
    if progress is not None:
        progress(total, total)
    return plan


def _decided(
    game: Game,
    plan: SourcePlan,
    backfill: Backfill,
    commands: list[cmd.Command | cmd.BulkLog],
    known: set[str],
    progress: Progress | None,
) -> Iterator[Recorded]:
    """Decide `commands` in order; yields each decided event as it is recorded, and must
    see it folded into `backfill.state` before it is resumed (`ProjectionEngine.replay`
    does that)."""
    state = backfill.state
    now = backfill.ctx.now
    zone = game.time_zone()
    device = plan.device
    recorded_at = now.astimezone(UTC)
    recorded_text = recorded_at.isoformat()
    now_text = now.isoformat()
    # Every event is recorded `now`: the clock gives the first one the tick of `now`
    # (or one past the log's newest), each next one its predecessor's plus one.
    clock = HybridClock(game.engine.last_key[0] if game.engine.last_key else 0).tick(now) - 1
    position = game.engine.position
    versions: dict[str, int] = {}
    remap: dict[str, str] = {}
    total = len(commands)
    stream_version = game.store.stream_version
    rows = plan.events
    parsed = plan.parsed
    recorded_list = plan.recorded
    decide = backfill.decide
    folded = backfill.folded
    # A day's entries share their moment (midday): its text is made once.
    occurred_texts: dict[datetime, tuple[tzinfo | None, str]] = {}
    for n, command in enumerate(commands, 1):
        if progress is not None and n % PROGRESS_EVERY == 0 and not progress(n, total):
            raise ImportCancelled("The import was cancelled; nothing was imported.")
        if command.command_id in known:
            plan.already_here += 1
            continue
        # `type(...) is` rather than isinstance: pydantic's metaclass checks instances in
        # Python, and these run once per command (the command classes have no subclasses).
        if type(command) is cmd.AddHabit:
            existing = _same_name(state, command)
            if existing is not None:  # the person has it already: its history joins it
                remap[command.habit_id] = existing
                plan.joined.append(command.name)
                moved = _earlier_start(state, existing, command)
                if moved is None:
                    continue
                if moved.command_id in known:
                    plan.already_here += 1
                    continue
                command = moved  # decided below: refused if closed days forbid the move
        elif remap and (target := getattr(command, "habit_id", None)) in remap:
            if isinstance(command, cmd.ArchiveHabit):
                continue  # never archive a habit the person keeps here
            if isinstance(command, cmd.BulkLog):
                command = command._replace(habit_id=remap[target])
            else:
                command = command.model_copy(update={"habit_id": remap[target]})
        try:
            decided = decide(command)
        except CommandRefused as exc:
            plan.refused_count += 1
            if len(plan.refused) < KEPT_REASONS:
                plan.refused.append(exc.message)
            continue
        occurred = now
        if type(command) is cmd.BulkLog or type(command) is cmd.LogHabit:
            occurred = command.at or now
        if occurred is now:
            occurred_text = now_text
        else:
            known_text = occurred_texts.get(occurred)
            if known_text is None or known_text[0] is not occurred.tzinfo:
                known_text = occurred_texts[occurred] = (occurred.tzinfo, occurred.isoformat())
            occurred_text = known_text[1]
        command_id = command.command_id
        for index, (stream, event) in enumerate(decided):
            version = versions.get(stream)
            if version is None:
                version = stream_version(stream)
            version += 1
            versions[stream] = version
            position += 1
            event_id = derived_uuid(
                command_id, _INDEXES[index] if index < len(_INDEXES) else str(index)
            )
            clock += 1
            rows.append(
                [
                    event_id,
                    stream,
                    version,
                    event.event_type,
                    event.schema_version,
                    recorded_text,
                    occurred_text,
                    zone,
                    device,
                    clock,
                    command_id,
                    _payload(event),
                ]
            )
            parsed[event_id] = event
            recorded = recorded_of(
                position,
                event_id,
                stream,
                version,
                recorded_at,
                occurred,
                zone,
                device,
                clock,
                command_id,
                event,
            )
            recorded_list.append(recorded)
            yield recorded
            folded(recorded)


def _payload(event: DomainEvent) -> dict[str, Any]:
    """`event.payload()`; a log's (nine events in ten of an import) made from its fields
    directly, the same dict in the same order (a test compares them) at half the cost of
    pydantic's dump."""
    if type(event) is HabitLogged:
        payload = dict(event.__dict__)  # the fields, in their order: what the dump gives
        payload["day"] = event.day.isoformat()
        return payload
    return event.payload()


def _projections_over(game: Game, state: GameState, pending: list[Recorded]) -> Projections:
    """A copy of the game's projections whose game state is `state` (a copy of the
    game's): the plan folds its events into it, and the apply adopts it. A rebuild (none
    is expected: the plan's clocks follow the log's) reads the log, then `pending`."""
    store = game.store

    def source(position: int) -> Iterator[Recorded]:
        yield from recorded_stream(store.read_all(position))
        yield from (r for r in pending if r.position >= position)

    engine = new_projections(source)
    # `adopt` copies the read models' rows (cheap checkpoints) and takes the game state by
    # reference, which is swapped at once for the working copy: the live engine's own
    # state is never touched.
    engine.adopt(game.engine)
    engine.state = state
    return engine


def _earlier_start(state: GameState, habit_id: str, command: cmd.AddHabit) -> cmd.EditHabit | None:
    """Moving the start of the habit here back to the imported history's first day, when
    that history begins earlier: without it every entry of a habit added here before the
    import (the usual way to come over: set the habits up, then bring the history) is
    refused as "before the habit started". Its id derives from the import's, so a second
    import does not move it again; the rules refuse the move when closed days lie after
    the new start (`EditHabit.start_day`), and then the older entries stay out."""
    if command.start_day is None or command.start_day >= state.habits[habit_id].start_day:
        return None
    return cmd.EditHabit(
        command_id=derived_uuid("rpgmylife-import-start", command.command_id),
        habit_id=habit_id,
        start_day=command.start_day,
    )


def _same_name(state: GameState, command: cmd.AddHabit) -> str | None:
    """The id of an active habit here named like the one `command` adds (not itself)."""
    if command.habit_id in state.habits:
        return None
    wanted = command.name.casefold()
    for habit in state.habits.values():
        if not habit.archived and habit.name.casefold() == wanted:
            return habit.habit_id
    return None


def _command_ids(game: Game) -> set[str]:
    """The command ids in the log (an empty log has none and is not read)."""
    if game.store.head_position == 0:
        return set()
    return {e.command_id for e in game.store.read_all() if e.command_id}
