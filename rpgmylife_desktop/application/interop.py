"""Importing another tracker's history (Loop Habit Tracker, Habitica, a spreadsheet) and
exporting the log as CSV; the readers live in `interop/`.

An import is decided (`source_plan.py`) and applied here like a bundle: the whole set is appended
in one atomic group commit that adopts the plan's fold (`Game.append_folded`), or, when
the game moved on since the plan, folds it again the way bundle imports do
(`Game.append_merged`). So a preview (`preview_source_import`) is the plan without the
commit, a failure writes nothing, and a command whose id is in the log already (a second
import of the same file, or an older part of a newer copy) is not decided again: only
what is new is added.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from rpgmylife_desktop.application.bundle_fold import fold_into_copy
from rpgmylife_desktop.application.bundles import commit_folded, encode_for_append
from rpgmylife_desktop.application.device import ensure_device_id, read_device_id
from rpgmylife_desktop.application.results import Status, character_change_text, status_of
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.application.source_plan import (
    ImportCancelled as ImportCancelled,
)
from rpgmylife_desktop.application.source_plan import (
    Progress as Progress,
)
from rpgmylife_desktop.application.source_plan import (
    SourcePlan as SourcePlan,
)
from rpgmylife_desktop.application.source_plan import (
    plan_source_import as plan_source_import,
)
from rpgmylife_desktop.domain.calendar.days import span_text
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.eventstore.envelope import BODY_EVENT_TYPE, BODY_PAYLOAD, ValidatedEvent
from rpgmylife_desktop.eventstore.errors import EventStoreError, InvalidBatch
from rpgmylife_desktop.eventstore.writer import FramedAppend
from rpgmylife_desktop.gcpause import paused_gc
from rpgmylife_desktop.interop.export_csv import ExportCounts, write_csv_export
from rpgmylife_desktop.interop.habitica import read_habitica
from rpgmylife_desktop.interop.loop_csv import read_loop_csv
from rpgmylife_desktop.interop.loop_db import read_loop_db
from rpgmylife_desktop.interop.sheet_csv import read_sheet_csv
from rpgmylife_desktop.interop.source import (
    ImportFileError,
    ImportSource,
    pointed_to_its_kind,
)
from rpgmylife_desktop.projections.projection_set import Projections


def read_source(kind: str, path: Path) -> ImportSource:
    """Read `path` as `kind` (loop, habitica or csv); a Loop path may be the .db backup,
    the CSV export's zip, its folder or the `Habits.csv` (or `Checkmarks.csv`) in it. A
    file refused that seems to be another kind of export says which command reads it."""
    try:
        return _read_source(kind, path)
    except ImportFileError as exc:
        raise pointed_to_its_kind(exc, path, kind) from None


def _read_source(kind: str, path: Path) -> ImportSource:
    if kind == "loop":
        if path.name.casefold() in ("habits.csv", "checkmarks.csv") and path.is_file():
            path = path.parent  # a file of the unzipped CSV export: a file picker's choice
        if path.is_dir() or path.suffix.lower() == ".zip":
            return read_loop_csv(path)
        return read_loop_db(path)
    if kind == "habitica":
        return read_habitica(path)
    if kind == "csv":
        return read_sheet_csv(path)
    raise ValueError(f"unknown import kind {kind!r}")


SOURCE_LABELS = {"loop": "Loop", "habitica": "Habitica", "csv": "CSV"}
"""Each source as a sentence names it ("CSV import of ...", not "Csv import")."""


@dataclass(frozen=True, slots=True)
class SourcePreview:
    """What an import adds: what `import-... --dry-run` prints."""

    path: Path
    source: str
    habits: int
    logs: int
    skips: int
    quests: int
    rewards: int
    events: int
    already_here: int
    refused: list[str]
    refused_count: int
    ignored: list[str]
    joined: list[str]
    before: Status
    after: Status
    xp_gained: int
    first_day: str | None
    last_day: str | None
    applied: bool
    faints: int = 0
    """How often the character fainted in the imported history (each cost that level's XP
    and half the gold: the change above is net of it, so the preview says why)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "source": self.source,
            "events": self.events,
            "already_here": self.already_here,
            "adds": {
                "habits": self.habits,
                "logs": self.logs,
                "skips": self.skips,
                "quests": self.quests,
                "rewards": self.rewards,
            },
            "change": {
                "xp": self.xp_gained,
                "levels": self.after.level - self.before.level,
                "gold": round(self.after.gold - self.before.gold, 2),
                "hp": round(self.after.hp - self.before.hp, 2),
            },
            "faints": self.faints,
            "first_day": self.first_day,
            "last_day": self.last_day,
            "not_imported": self.refused_count,
            "refused": self.refused,
            "joined_existing_habits": self.joined,
            "ignored": self.ignored,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "applied": self.applied,
        }

    def describe(self, not_applied: str = "Dry run: nothing was imported.") -> str:
        """The preview as people read it (`import-... --dry-run` prints it; the window's
        import dialog says `not_applied` instead of a dry run)."""
        before, after = self.before, self.after
        counts = {
            "habits": self.habits,
            "logs": self.logs,
            "skips": self.skips,
            "quests": self.quests,
            "rewards": self.rewards,
        }
        adds = ", ".join(f"{name} {count:,}" for name, count in counts.items() if count)
        lines = [
            f"{SOURCE_LABELS.get(self.source, self.source)} import of {self.path.name}: "
            f"{self.events:,} new event{'' if self.events == 1 else 's'}"
            # The file's entries (habits, days, to-dos) are counted, not events: say so.
            + (
                f" ({self.already_here:,} of the file's entries already here)"
                if self.already_here
                else ""
            ),
            f"  {adds or 'nothing new'}",
        ]
        if self.first_day and self.last_day:
            first, last = date.fromisoformat(self.first_day), date.fromisoformat(self.last_day)
            lines.append(f"  logs {span_text(first, last)}")
        if self.events:  # nothing new changes nothing: no "XP +0"
            lines.append(f"  {character_change_text(self.xp_gained, before, after)}")
        if self.faints:
            lines.append(
                f"  on the way the character faints {self.faints:,} "
                f"time{'' if self.faints == 1 else 's'} (HP refilled each time; the XP of "
                "that level and half the gold are lost)"
            )
        if self.joined:
            lines.append(f"  into habits already here: {', '.join(self.joined)}")
        # Two presses of one day refused for one reason are one line, not two alike.
        reasons = list(dict.fromkeys(self.refused))
        every_reason = self.refused_count == len(self.refused) and len(reasons) <= 5
        if self.refused_count:
            lines.append(
                f"  {self.refused_count:,} entries not imported"
                + (":" if every_reason else ", for example:")
            )
        for reason in reasons[:5]:
            lines.append(f"  not imported: {reason}")
        for ignored in self.ignored:
            lines.append(f"  ignored: {ignored}")
        if self.applied:
            lines.append(
                f"Imported {self.events:,} events."
                if self.events
                else "Nothing was imported: everything in the file is already here."
            )
        else:
            lines.append(not_applied)
        return "\n".join(lines)


FREEZE_AFTER_IMPORT = 10_000
"""Events an import adds from which what survives it is frozen (`freeze_if_big`)."""


def freeze_if_big(events: int) -> None:
    """Freeze what exists now (`gc.freeze`) when an import of `events` events is big: call
    it at the end of the import's pause of the collector (`paused_gc`). Otherwise the first
    collections after the pause walk every object the import made, and again when they
    reach an older generation: at 60,000 events ~0.11 s of CPU in `import-loop` (a young
    collection right after the pause, an older one during the close's snapshot), and in
    the window 150-200 ms collections in its workers and an 80-100 ms one on the GUI thread
    after the write, each holding the interpreter lock. Frozen, they are never walked
    again; reference counting still frees them (an import's objects make no cycles), as
    after a big replay at open and a big sync pass."""
    if events >= FREEZE_AFTER_IMPORT:
        gc.freeze()


def import_source(game: Game, src: ImportSource) -> SourcePreview:
    """`plan_source_import`, then `apply_source_import`: what `import-...` does. The cyclic
    collector is paused once for both, and the plan is gone before it resumes: paused for
    each apart, it walked the plan's objects in between (0.25 s of CPU at 60,000 events).
    What survives a big import is frozen before it resumes (`freeze_if_big`)."""
    with paused_gc():
        preview = apply_source_import(game, plan_source_import(game, src))
        freeze_if_big(preview.events)
        return preview


def preview_source_import(game: Game, plan: SourcePlan) -> SourcePreview:
    """What applying `plan` would change (nothing is written)."""
    before = game.status(with_digest=False)
    after = status_of(plan.state_after, None, game.engine.position + len(plan.events), None)
    return _preview(game, plan, before, after, _xp(plan.state_after) - _xp(game.state), False)


def apply_source_import(game: Game, plan: SourcePlan) -> SourcePreview:
    """Append the plan's events in one atomic group commit and adopt the plan's fold of
    them (`Game.append_folded`); when the game moved on since the plan, fold them again
    the bundle import's way (`Game.append_merged`). The game's close writes the
    projection snapshot."""
    before = game.status(with_digest=False)
    xp_before = _xp(game.state)
    # The plan's objects are still young: a collection now would walk every one of them
    # (~0.5 s at 60,000 events) although reference counting frees them with the plan.
    with paused_gc():
        if plan.events and not _adopted(game, plan, list(map(ValidatedEvent, plan.events))):
            device = ensure_device_id(game.paths.data_dir, plan.device)
            if any(values[8] != device for values in plan.events):
                for values in plan.events:
                    values[8] = device
            game.append_merged(plan.events, plan.parsed)
        # Closing the game writes the projection snapshot: a tail this size is always
        # past `snapshot_due_on_close`, unless it is small enough to replay in no time.
    after = game.status(with_digest=False)
    return _preview(game, plan, before, after, _xp(game.state) - xp_before, True)


def _adopted(game: Game, plan: SourcePlan, events: list[ValidatedEvent]) -> bool:
    """One atomic commit of `events` (the plan's) that adopts the plan's fold; False, with
    nothing written, when there is none or the game moved on since the plan (a command,
    another import) or this folder got another device id meanwhile."""
    engine = plan.engine
    if engine is None or ensure_device_id(game.paths.data_dir, plan.device) != plan.device:
        return False
    expected: dict[str, int] = {}
    for values in plan.events:
        expected.setdefault(values[1], values[2] - 1)
    if not game.append_folded(events, expected, engine, plan.recorded):
        return False
    plan.engine = None  # the game's now
    return True


@dataclass(slots=True)
class PreparedSourceImport:
    """A plan made ready off the GUI thread for `apply_prepared_source`: its events with
    their bodies encoded, its fold (`SourcePlan.engine`) and, for a big import, that fold
    dumped as the projection snapshot (`bundles.encode_for_append`)."""

    plan: SourcePlan
    device: str
    """The device id the events carry (a new one when this folder has none yet)."""
    events: list[ValidatedEvent]
    expected: dict[str, int]
    recorded: list[Recorded]
    engine: Projections
    snapshot: bytes | None
    framed: FramedAppend | None = None
    """The events checked and framed for the log as it was when prepared
    (`EventStore.frame_ahead`): the commit then only writes their bytes; a log that moved
    on since refuses them, and the plan is applied the usual way."""
    counted: EventCounts | None = None
    """The preview's counts of the events, made in the worker: ~25 ms of the GUI thread's
    write at 60,000 events."""


def prepare_source_apply(game: Game, plan: SourcePlan) -> PreparedSourceImport:
    """Encode `plan` for `apply_prepared_source`, with the plan's fold (folded again only
    when this folder got another device id since the plan). Nothing is written.

    Reads the log only, so a worker thread may call it while the window stays live. The
    collector waits meanwhile, and what survives a big import (the fold the write adopts)
    is frozen (`freeze_if_big`)."""
    with paused_gc():
        prepared = _prepared(game, plan)
        freeze_if_big(len(prepared.events))
    return prepared


def _prepared(game: Game, plan: SourcePlan) -> PreparedSourceImport:
    device = read_device_id(game.paths.data_dir) or plan.device
    recorded = plan.recorded
    engine = plan.engine
    if any(values[8] != device for values in plan.events):  # the folder's id came later
        for values in plan.events:
            values[8] = device
        recorded = [replace(r, device_id=device) for r in recorded]
        engine = None
    expected: dict[str, int] = {}
    for values in plan.events:
        expected.setdefault(values[1], values[2] - 1)
    events = [ValidatedEvent(values) for values in plan.events]
    if engine is None:
        engine = fold_into_copy(game, recorded)
    snapshot = encode_for_append(events, engine)
    # Checked and framed here too (checksums and the hash chain of every record, the
    # biggest part of the commit): the window's thread then only writes the bytes.
    try:
        framed: FramedAppend | None = game.store.frame_ahead(events, expected)
    except (EventStoreError, InvalidBatch):
        # The game moved on already, or the store refuses the commit: the apply meets
        # it the usual way, on the writing thread, as before.
        framed = None
    return PreparedSourceImport(
        plan, device, events, expected, recorded, engine, snapshot, framed, _counted(plan.events)
    )


def apply_prepared_source(game: Game, prepared: PreparedSourceImport) -> SourcePreview:
    """Apply a plan prepared by `prepare_source_apply`: one atomic commit that adopts the
    prepared fold (`Game.append_folded`). When the game moved on since it was prepared, the
    plan is applied the usual way (`apply_source_import`)."""
    plan = prepared.plan
    if not plan.events:
        return apply_source_import(game, plan)
    before = game.status(with_digest=False)
    xp_before = _xp(game.state)
    if ensure_device_id(game.paths.data_dir, prepared.device) != prepared.device:
        plan.engine = None
        return apply_source_import(game, plan)
    if not commit_folded(game, prepared, prepared.framed):
        plan.engine = None  # the game moved on: fold the events again on what it holds
        return apply_source_import(game, plan)
    plan.engine = None  # adopted: the game's now
    after = game.status(with_digest=False)
    return _preview(game, plan, before, after, _xp(game.state) - xp_before, True, prepared.counted)


def _xp(state: GameState) -> int:
    return state.character.total_xp if state.character is not None else 0


EventCounts = tuple[dict[str, int], list[str]]
"""An import's events counted by type, and the sorted days of its logs (`_counted`)."""


def _counted(events: list[list[Any]]) -> EventCounts:
    counts: dict[str, int] = {}
    for values in events:
        counts[values[BODY_EVENT_TYPE]] = counts.get(values[BODY_EVENT_TYPE], 0) + 1
    # The day each log counts for, as its payload says (the user's local day); its
    # `occurred_at` is a UTC moment whose date is a day off in a zone far from UTC.
    days = sorted(
        values[BODY_PAYLOAD]["day"] for values in events if values[BODY_EVENT_TYPE] == "HabitLogged"
    )
    return counts, days


def _preview(
    game: Game,
    plan: SourcePlan,
    before: Status,
    after: Status,
    xp: int,
    applied: bool,
    counted: EventCounts | None = None,
) -> SourcePreview:
    counts, days = counted if counted is not None else _counted(plan.events)
    return SourcePreview(
        path=plan.source.path,
        source=plan.source.source,
        habits=counts.get("HabitAdded", 0),
        logs=counts.get("HabitLogged", 0),
        skips=counts.get("HabitSkipped", 0),
        quests=counts.get("QuestAdded", 0),
        rewards=counts.get("RewardAdded", 0),
        events=len(plan.events),
        already_here=plan.already_here,
        refused=plan.refused,
        refused_count=plan.refused_count,
        ignored=plan.source.ignored,
        joined=plan.joined,
        before=before,
        after=after,
        xp_gained=xp,
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
        applied=applied,
        faints=counts.get("CharacterFainted", 0),
    )


def export_csv_text(folder: Path, counts: ExportCounts) -> str:
    """What a CSV export wrote, in one sentence the CLI's `export-csv` prints and the
    window's File > Export as CSV says: "Wrote F/habits.csv (3 habits), history.csv
    (1,204 events) and daily.csv (180 rows, from Sun 23 Aug 2026 to Mon 2 Nov 2026)."
    (the days daily.csv covers, as the user lives them: the data folder's zone)."""
    span = (
        f", {span_text(counts.first_day, counts.last_day)}"
        if counts.first_day is not None and counts.last_day is not None
        else ""
    )
    return (
        f"Wrote {folder}/habits.csv ({_plural(counts.habits, 'habit')}), history.csv "
        f"({_plural(counts.events, 'event')}) and daily.csv "
        f"({_plural(counts.days, 'row')}{span})."
    )


def _plural(number: int, noun: str) -> str:
    """ "1 habit", "3 rows" (thousands separated)."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def export_csv(game: Game, folder: Path) -> ExportCounts:
    """Write `habits.csv`, `history.csv` and `daily.csv` of this game into `folder`."""
    habits = game.state.habits_in_order() + game.state.habits_in_order(archived=True)
    return write_csv_export(folder, habits, game.read_log(), game.today())
