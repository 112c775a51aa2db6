"""GameState: the fold of every event, holding all that decisions and read models need.

`GameState.apply(recorded)` applies one event in canonical order (see
`recorded.canonical_key`). Folding only adds stored deltas; it never recomputes an
outcome. The state copies fast (`copy`), round-trips through plain JSON-able data
(`to_data` / `from_data`, for snapshots). The one state digest is the projections'
(`projections.projection_set.state_digest`, `digest_of_state(state)` for a bare state).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar.days import day_range, local_day
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.numbers import DECIMALS
from rpgmylife_desktop.domain.state.character import Character, ClosedDay, DayStats, Settings
from rpgmylife_desktop.domain.state.commandlog import CommandLog
from rpgmylife_desktop.domain.state.fold import HANDLERS, OUTCOME_HANDLED, Handler
from rpgmylife_desktop.domain.state.goals import Goal
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.domain.state.merge import GUARDED, conflict_of, undoes_void
from rpgmylife_desktop.domain.state.packed.packing import Blobs
from rpgmylife_desktop.domain.state.quests import Quest
from rpgmylife_desktop.domain.state.rewards import Reward

STATE_FORMAT = 7
"""Version of the `to_data` layout (snapshots of another format are rebuilt). Format 3 packs
each habit's logs, tallies and misses in binary columns (`habit_logs`, `packing`); format 4
adds the character's `peak_level`; format 5 the device of each undoable command; format 6
a day tally's `slipped` amount (a limit counts its slips); format 7 a habit's
`judged_from` and the state's `gone` names."""

Step = tuple[Handler | None, Callable[["GameState", Any], None] | None]
_STEPS: dict[type[ev.DomainEvent], Step] = {}
"""The fold step of each event type seen so far: its handler, and for an `Outcome` the
function that applies its deltas (filled by `_step_of`)."""


def _step_of(event_type: type[ev.DomainEvent]) -> Step:
    """The fold step of `event_type` (and remember it)."""
    settles = issubclass(event_type, ev.Outcome) and event_type not in OUTCOME_HANDLED
    outcome = GameState._outcome if settles else None
    step = _STEPS[event_type] = (HANDLERS.get(event_type), outcome)
    return step


class GameState:
    """Everything the game knows, folded from events."""

    __slots__ = (
        "character",
        "closed_days",
        "commands",
        "conflicts",
        "days",
        "event_count",
        "goals",
        "gone",
        "habits",
        "position",
        "quests",
        "rewards",
        "settings",
        "void_commands",
    )

    def __init__(self) -> None:
        self.character: Character | None = None
        self.settings = Settings()
        self.habits: dict[str, Habit] = {}
        self.quests: dict[str, Quest] = {}
        self.goals: dict[str, Goal] = {}
        self.rewards: dict[str, Reward] = {}
        self.closed_days: dict[date, ClosedDay] = {}
        self.days: dict[date, DayStats] = {}
        self.commands = CommandLog()
        self.position = 0
        self.event_count = 0
        self.conflicts: dict[str, str] = {}
        """Void events (merged from another computer, see `merge`): event id -> why."""
        self.void_commands: set[str] = set()
        """Commands with a void event: their later events are void too."""
        self.gone: dict[str, tuple[str, str]] = {}
        """Habits, quests, goals and rewards whose add was undone: id -> (what, last name),
        so a refusal about one names it as the user typed it, not by its id."""

    # --- folding ---------------------------------------------------------------------------

    def apply(self, recorded: Recorded) -> None:
        """Apply one recorded event."""
        event = recorded.event
        event_type = type(event)
        if (event_type in GUARDED or self.void_commands) and self._void(recorded):
            self.commands.apply(recorded)
            self.position = recorded.position
            self.event_count += 1
            return
        # One lookup per event for both the handler and the outcome test (a replay's hot path).
        handler, outcome = _STEPS.get(event_type) or _step_of(event_type)
        if handler is not None:
            handler(self, event, recorded)
        if outcome is not None:
            outcome(self, event)
        self.commands.apply(recorded)
        self.position = recorded.position
        self.event_count += 1

    def _void(self, recorded: Recorded) -> bool:
        # Concurrent edits from another computer (domain/state/merge.py); never true on one.
        if undoes_void(self, recorded):
            self.void_commands.add(recorded.command_id)
            return False  # the marker itself keeps the undo history right
        reason = conflict_of(self, recorded)
        if reason is None:
            return False
        self.conflicts[recorded.event_id] = reason
        if recorded.command_id:
            self.void_commands.add(recorded.command_id)
        return True

    def apply_all(self, recorded: list[Recorded]) -> GameState:
        """Apply events in order; returns self for chaining."""
        for item in recorded:
            self.apply(item)
        return self

    def _outcome(self, event: ev.Outcome) -> None:
        if self.character is not None:
            self.character.apply(event.xp_delta, event.gold_delta, event.hp_delta)
        self.add_day_stats(event.day, event.xp_delta, event.gold_delta, event.hp_delta, 0)

    def add_day_stats(self, day: date, xp: int, gold: float, hp: float, logs: int) -> None:
        """Add to the per-day statistics of `day` (a day netting to nothing is dropped)."""
        if not (xp or gold or hp or logs):
            return
        stats = self.days.get(day)
        if stats is None:
            stats = self.days[day] = DayStats()
        stats.xp += xp
        if gold:
            # hundredths() inlined: one call less per outcome on a replay's hot path
            stats.gold = round(stats.gold + gold, DECIMALS)
        if hp:
            stats.hp = round(stats.hp + hp, DECIMALS)
        stats.logs += logs
        if not stats.logs and stats.is_empty():  # most days hold a log: no call for them
            del self.days[day]

    # --- what decisions and read models ask ---------------------------------------------------

    def time_zone(self, device_tz: str) -> str:
        """The user's time zone: the setting, or the device's zone when unset."""
        return self.settings.time_zone or device_tz

    def local_day(self, moment: datetime, device_tz: str) -> date:
        """The local day `moment` counts for, under the current settings."""
        return local_day(moment, self.time_zone(device_tz), self.settings.day_start_hour)

    @property
    def last_closed_day(self) -> date | None:
        """The latest closed day, if any."""
        return max(self.closed_days) if self.closed_days else None

    def is_settled(self, day: date) -> bool:
        """Whether `day`'s outcome is decided: the day is closed, or it lies before the
        character's first day (such a day is never closed, `close_day` refuses it, so
        nothing is left to judge). A habit kept by restraint (an "at most" target, a bad
        habit) is kept on a settled day within bounds; on an unsettled one only so far."""
        if day in self.closed_days:
            return True
        first = None if self.character is None else self.character.created_day
        return first is not None and day < first

    def first_open_day(self) -> date | None:
        """The oldest day from the character's first day on that is not closed (None
        without a character). Days close oldest first, so every later day waits for it."""
        first = None if self.character is None else self.character.created_day
        if first is None:
            return None
        last = self.last_closed_day
        if last is None or last < first:
            return first
        closed = sum(1 for day in self.closed_days if day >= first)
        if closed == (last - first).days + 1:
            return last + timedelta(days=1)  # no gap: the usual case, no walk
        return next(day for day in day_range(first, last) if day not in self.closed_days)

    def days_to_close(
        self, now: datetime, device_tz: str, *, limit: int | None = None
    ) -> list[date]:
        """The ended days not closed yet, oldest first (at most `limit` of them): from the
        oldest open day (gaps left by older versions included) to yesterday."""
        start = self.first_open_day()
        if start is None:
            return []
        yesterday = self.local_day(now, device_tz) - timedelta(days=1)
        days: list[date] = []
        day = start
        while day <= yesterday and (limit is None or len(days) < limit):
            if day not in self.closed_days:
                days.append(day)
            day += timedelta(days=1)
        return days

    def open_day_count(self, now: datetime, device_tz: str) -> int:
        """How many ended days are not closed yet (without listing them: a clock set to
        the year 9999 counts millions)."""
        start = self.first_open_day()
        if start is None:
            return 0
        yesterday = self.local_day(now, device_tz) - timedelta(days=1)
        if yesterday < start:
            return 0
        closed = sum(1 for day in self.closed_days if start <= day <= yesterday)
        return (yesterday - start).days + 1 - closed

    def habits_in_order(self, *, archived: bool = False) -> list[Habit]:
        """Active habits (or archived ones) in the user's order."""
        chosen = [h for h in self.habits.values() if h.archived == archived]
        return sorted(chosen, key=lambda h: (h.position, h.name.casefold(), h.habit_id))

    # --- copies, snapshots, digest ---------------------------------------------------------

    def copy(self) -> GameState:
        """An independent copy (immutable events and entries are shared)."""
        other = GameState()
        other.character = None if self.character is None else self.character.copy()
        other.settings = self.settings.copy()
        other.habits = {k: h.copy() for k, h in self.habits.items()}
        other.quests = {k: q.copy() for k, q in self.quests.items()}
        other.goals = {k: g.copy() for k, g in self.goals.items()}
        other.rewards = {k: r.copy() for k, r in self.rewards.items()}
        other.closed_days = dict(self.closed_days)
        other.days = {d: DayStats(s.xp, s.gold, s.hp, s.logs) for d, s in self.days.items()}
        other.commands = self.commands.copy()
        other.position = self.position
        other.event_count = self.event_count
        other.conflicts = dict(self.conflicts)
        other.void_commands = set(self.void_commands)
        other.gone = dict(self.gone)
        return other

    def compacted(self, keep_logs: int) -> GameState:
        """This state with each habit keeping only its newest `keep_logs` logs (the older
        ones count as forgotten, see `LogColumns.compacted`): much smaller to save, and
        right for every event but one that asks about a forgotten log, which raises
        `LogForgotten`. Tallies, totals and everything else stay whole.

        For saving at once: it is not a copy, it shares everything but the habits' log
        columns with this state (a full `copy()` cost more than the compaction saves)."""
        other = GameState.__new__(GameState)
        for name in GameState.__slots__:
            setattr(other, name, getattr(self, name))
        other.habits = {
            habit_id: dataclasses.replace(habit, logs=habit.logs.compacted(keep_logs))
            for habit_id, habit in self.habits.items()
        }
        return other

    @property
    def forgot_logs(self) -> bool:
        """True for a `compacted` state that forgot some logs (never one to play on)."""
        return any(habit.logs.forgotten for habit in self.habits.values())

    def to_data(self, blobs: Blobs | None = None) -> dict[str, Any]:
        """Everything, as plain JSON-able data (for snapshots). Big columns go to `blobs`
        when given (the data holds their index), else inline as base64 (see `packing`: in
        the machine's byte order, which whoever stores the data records)."""
        data: dict[str, Any] = {
            "format": STATE_FORMAT,
            "character": None if self.character is None else self.character.to_data(),
            "settings": self.settings.to_data(),
            "habits": [h.to_data(blobs) for h in self.habits.values()],
            "quests": [q.to_data() for q in self.quests.values()],
            "goals": [g.to_data() for g in self.goals.values()],
            "rewards": [r.to_data() for r in self.rewards.values()],
            "closed_days": {d.isoformat(): c.to_data() for d, c in self.closed_days.items()},
            "days": {d.isoformat(): s.to_data() for d, s in self.days.items()},
            "commands": self.commands.to_data(),
            "position": self.position,
            "event_count": self.event_count,
            "gone": {key: list(value) for key, value in self.gone.items()},
        }
        if self.conflicts:  # only after a merge: older snapshots simply lack the keys
            data["conflicts"] = self.conflicts
            data["void_commands"] = sorted(self.void_commands)
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any], blobs: Sequence[bytes] | None = None) -> GameState:
        """The inverse of `to_data` (raises ValueError for another format and for packed
        columns that are damaged)."""
        if data.get("format") != STATE_FORMAT:
            raise ValueError(f"unknown game state format {data.get('format')!r}")
        state = cls()
        if data["character"] is not None:
            state.character = Character.from_data(data["character"])
        state.settings = Settings.from_data(data["settings"])
        state.habits = {h["habit_id"]: Habit.from_data(h, blobs) for h in data["habits"]}
        state.quests = {q["quest_id"]: Quest.from_data(q) for q in data["quests"]}
        state.goals = {g["goal_id"]: Goal.from_data(g) for g in data["goals"]}
        state.rewards = {r["reward_id"]: Reward.from_data(r) for r in data["rewards"]}
        state.closed_days = {
            date.fromisoformat(d): ClosedDay(*c) for d, c in data["closed_days"].items()
        }
        state.days = {date.fromisoformat(d): DayStats(*s) for d, s in data["days"].items()}
        state.commands = CommandLog.from_data(data["commands"])
        state.position = data["position"]
        state.event_count = data["event_count"]
        state.conflicts = dict(data.get("conflicts", {}))
        state.void_commands = set(data.get("void_commands", ()))
        state.gone = {key: (what, name) for key, (what, name) in data["gone"].items()}
        return state
