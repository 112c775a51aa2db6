"""A believable heavy-use profile: about 20 years of one person's play, as domain events.

`generate_profile(n)` plays the real game (domain `decide` and `GameState`) day by day
with a moving clock and seeded dice and choices, until the log holds `n` events
(1,000,000 is about 20 years at ~120 events a day). The player keeps 14 habits of every
kind and schedule (dailies, weekdays, every N days, quotas per week and month, numeric
targets "at least" and "at most", negative and +/- habits, unscheduled sets logged many
times a day), goes through good, normal and busy stretches (misses cost HP), takes a
yearly vacation (pauses), skips a day now and then, backfills forgotten logs (refunding
misses), adds, ticks, completes, reopens and abandons quests, sets goals, claims rewards,
undoes, redoes and reverts, moves time zone, and closes every day.

`write_profile_store(events, data_dir)` writes such a profile into a real event store
data folder with group commits, converting each `Recorded` to a `NewEvent` with the
same event ids, times and clock, so a replay of the folder gives the same state digest.
`cached_profile_store(n, seed)` keeps that folder under `bench/results/` (git-ignored):
generating 1M events takes a couple of minutes, reading them back a few seconds.
"""

from __future__ import annotations

import json
import random
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain.decide import decide
from rpgmylife_desktop.domain.decide.context import DecisionContext
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events import HabitLogged, QuestCompleted
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import GoalMeasure, NumericTarget, Schedule
from rpgmylife_desktop.eventstore import EventStore, NewEvent
from rpgmylife_desktop.projections.projection_set import digest_of_state

DEFAULT_EVENTS = 1_000_000
DEFAULT_SEED = 20060102
START = datetime(2006, 1, 2, 7, 0, tzinfo=UTC)
HOME_TZ = "Europe/Berlin"
AWAY_TZ = "America/New_York"
DEVICE_ID = "3b8f7c1e-5a2d-4e6f-9c10-2d4b6a8e0f13"
PROFILE_FORMAT = 2
"""Bump when the generator changes, so cached folders of an older story are not reused."""

NS = uuid.UUID("6f1d2a4c-1b3e-4f5a-8c7d-9e0f1a2b3c4d")
"""Namespace of the profile's fixed ids (habit commands)."""

WRITE_GROUP = 2_000
"""Commits per `append_many` when writing a profile into a store."""


@dataclass(frozen=True, slots=True)
class HabitPlan:
    """One habit of the profile and how many logs a normal day brings (low, high)."""

    habit_id: str
    add: c.AddHabit
    per_day: tuple[int, int]
    amount: tuple[float, float] | None = None
    down: tuple[int, int] = (0, 0)
    weekdays: tuple[int, ...] | None = None
    chance: float = 1.0


def _add(habit_id: str, name: str, **fields: Any) -> c.AddHabit:
    command_id = str(uuid.uuid5(NS, habit_id))
    return c.AddHabit(habit_id=habit_id, name=name, command_id=command_id, **fields)


def _plans() -> list[HabitPlan]:
    unscheduled = Schedule(kind="unscheduled")
    monday_wednesday_friday = (0, 2, 4)
    return [
        HabitPlan(
            "water", _add("water", "Drink water", target=NumericTarget(amount=8, unit="glasses")),
            (5, 12),
        ),
        HabitPlan(
            "pushups",
            _add("pushups", "Push-ups", difficulty="medium", schedule=unscheduled, tags=("fit",)),
            (28, 52),
        ),
        HabitPlan("pomodoro", _add("pomodoro", "Pomodoro", schedule=unscheduled), (6, 20)),
        HabitPlan(
            "standup",
            _add("standup", "Stand up", difficulty="trivial", schedule=unscheduled),
            (16, 40),
        ),
        HabitPlan(
            "steps", _add("steps", "Walk", target=NumericTarget(amount=10, unit="thousand steps")),
            (5, 16),
        ),
        HabitPlan(
            "meditate", _add("meditate", "Meditate", difficulty="medium"), (1, 1), chance=0.85
        ),
        HabitPlan(
            "read", _add("read", "Read", target=NumericTarget(amount=20, unit="pages")),
            (1, 5), amount=(4, 12),
        ),
        HabitPlan("floss", _add("floss", "Floss"), (1, 1), chance=0.7),
        HabitPlan(
            "run",
            _add("run", "Run 5 km", difficulty="hard",
                 schedule=Schedule(kind="weekdays", weekdays=monday_wednesday_friday)),
            (1, 1), weekdays=monday_wednesday_friday, chance=0.8,
        ),
        HabitPlan(
            "gym",
            _add("gym", "Gym", difficulty="hard",
                 schedule=Schedule(kind="times_per_week", times=3)),
            (1, 1), chance=0.45,
        ),
        HabitPlan(
            "family",
            _add("family", "Call family", schedule=Schedule(kind="times_per_month", times=4)),
            (1, 1), chance=0.16,
        ),
        HabitPlan(
            "plants",
            _add("plants", "Water the plants", difficulty="trivial",
                 schedule=Schedule(kind="every_n_days", every=3)),
            (1, 1), chance=0.4,
        ),
        HabitPlan(
            "coffee",
            _add("coffee", "Coffee", target=NumericTarget(mode="at_most", amount=3, unit="cups")),
            (1, 5),
        ),
        HabitPlan(
            "junk",
            _add("junk", "Junk food", kind="negative", difficulty="hard", schedule=unscheduled),
            (0, 0), down=(0, 1), chance=0.3,
        ),
        HabitPlan(
            "screens", _add("screens", "Screen time", kind="both", schedule=unscheduled),
            (4, 12), down=(0, 2), chance=0.6,
        ),
    ]  # fmt: skip


REWARDS = (("coffee-out", "Coffee out", 5.0), ("movie", "Movie night", 20.0),
           ("book", "New book", 35.0), ("games", "A new game", 80.0),
           ("dinner", "Dinner out", 60.0), ("trip", "Weekend trip", 400.0))  # fmt: skip


class ProfilePlayer:
    """Plays the profile's story through the real domain and keeps the log."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.dice = random.Random(seed ^ 0x5EED)
        self.state = GameState()
        self.log: list[Recorded] = []
        self.versions: dict[str, int] = {}
        self.now = START
        self.device_tz = HOME_TZ
        self.zone = ZoneInfo(HOME_TZ)
        self.refused = 0
        self.commands = 0
        self._ids = 0
        self._last_ms = 0
        self.plans = _plans()
        self.quests_open: list[str] = []
        self.quest_number = 0
        self.goal_number = 0
        self.mood = 0.1

    # -- recording -------------------------------------------------------------------------

    def _uuid(self, ms: int, salt: int) -> str:
        self._ids += 1
        value = (
            (ms & ((1 << 48) - 1)) << 80
            | 0x7 << 76
            | (self._ids & 0xFFF) << 64
            | 0b10 << 62
            | (salt & 0x3FFFFFFF) << 32
            | (self._ids & 0xFFFFFFFF)
        )
        return str(uuid.UUID(int=value))

    def command_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def execute(self, command: c.Command, at: datetime | None = None) -> list[Recorded]:
        """Decide and fold one command; a refusal writes nothing and returns []."""
        ctx = DecisionContext(now=self.now, rng=self.dice, device_tz=self.device_tz)
        try:
            decided = decide(self.state, command, ctx)
        except CommandRefused:
            self.refused += 1
            return []
        self.commands += 1
        ms = max(int(self.now.timestamp() * 1000), self._last_ms)
        out = []
        for stream, event in decided:
            version = self.versions.get(stream, 0) + 1
            self.versions[stream] = version
            self._last_ms = ms
            recorded = Recorded(
                position=len(self.log) + 1,
                event_id=self._uuid(ms, 1),
                stream=stream,
                stream_version=version,
                recorded_at=self.now,
                occurred_at=at or self.now,
                tz=self.state.time_zone(self.device_tz),
                device_id=DEVICE_ID,
                hlc=(ms << 16) | (self._ids & 0xFFFF),
                command_id=command.command_id,
                event=event,
            )
            self.state.apply(recorded)
            self.log.append(recorded)
            out.append(recorded)
        return out

    # -- the story -------------------------------------------------------------------------

    def play(self, target: int) -> list[Recorded]:
        """Play day after day until the log holds at least `target` events; then cut it
        at a command boundary at or after `target` (a profile is whole commands)."""
        for plan in self.plans:
            self.execute(plan.add)
        for reward_id, title, price in REWARDS:
            self.execute(
                c.AddReward(
                    reward_id=reward_id, title=title, price=price, command_id=self.command_id()
                )
            )
        day_number = 0
        while len(self.log) < target:
            self.play_day(day_number)
            day_number += 1
        return self.log

    def local(self, day: date, hour: float) -> datetime:
        moment = datetime.combine(day, clock_time(0), tzinfo=self.zone) + timedelta(hours=hour)
        return moment.astimezone(UTC)

    def play_day(self, n: int) -> None:
        rng = self.rng
        today = (START + timedelta(days=n)).date()
        self.now = max(self.now, self.local(today, 7.0))
        for day in self.state.days_to_close(self.now, self.device_tz):
            self.execute(c.CloseDay(day=day, command_id=self.command_id()))
        if n % 30 == 0:  # a new stretch: good, normal or busy
            self.mood = rng.choice((0.02, 0.05, 0.05, 0.1, 0.25))
        self._occasional(n, today)
        vacation = self._on_vacation(n)
        actions: list[tuple[float, c.Command, datetime | None]] = []
        for plan in self.plans:
            habit = self.state.habits.get(plan.habit_id)
            if habit is None or habit.archived:
                continue
            if plan.weekdays is not None and today.weekday() not in plan.weekdays:
                continue
            if rng.random() < self.mood or rng.random() > plan.chance or vacation:
                count = 0
            else:
                count = rng.randint(*plan.per_day)
            for _ in range(count):
                amount = None if plan.amount is None else round(rng.uniform(*plan.amount))
                log = c.LogHabit(
                    habit_id=plan.habit_id, amount=amount, command_id=self.command_id()
                )
                actions.append((rng.uniform(7.1, 23.5), log, None))
            slips = rng.randint(*plan.down) if rng.random() < plan.chance else 0
            for _ in range(slips):
                log = c.LogHabit(
                    habit_id=plan.habit_id, direction="down", command_id=self.command_id()
                )
                actions.append((rng.uniform(7.1, 23.5), log, None))
        if rng.random() < 0.06:  # a forgotten evening: backfilled the next morning
            actions.append(
                (
                    7.05,
                    c.LogHabit(
                        habit_id="meditate",
                        at=self.local(today, -2.0),
                        command_id=self.command_id(),
                    ),
                    self.local(today, -2.0),
                )
            )
        actions.extend(self._quest_actions(today))
        actions.sort(key=lambda action: action[0])
        for hour, command, at in actions:
            self.now = max(self.now, self.local(today, hour))
            if self.execute(command, at) and rng.random() < 0.01:
                self.execute(c.UndoLastCommand(command_id=self.command_id()))
                if rng.random() < 0.3:
                    self.execute(c.RedoCommand(command_id=self.command_id()))
        self._spend(today)

    def _on_vacation(self, n: int) -> bool:
        return 200 <= n % 365 < 210

    def _occasional(self, n: int, today: date) -> None:
        rng = self.rng
        year_day = n % 365
        if year_day == 195:  # the yearly vacation, announced a few days ahead
            start = today + timedelta(days=5)
            for habit_id in ("meditate", "floss", "run", "gym"):
                self.execute(
                    c.PauseHabit(
                        habit_id=habit_id,
                        start=start,
                        end=start + timedelta(days=9),
                        pause_id=f"vacation-{n}-{habit_id}",
                        command_id=self.command_id(),
                    )
                )
        if rng.random() < 0.01:
            habit_id = rng.choice(("meditate", "floss", "run", "water"))
            self.execute(c.SkipHabitDay(habit_id=habit_id, day=today, command_id=self.command_id()))
        if rng.random() < 0.004:
            plan = rng.choice(self.plans)
            difficulty = rng.choice(("easy", "medium", "hard"))
            self.execute(
                c.EditHabit(
                    habit_id=plan.habit_id, difficulty=difficulty, command_id=self.command_id()
                )
            )
        if n == 365 * 8 or n == 365 * 14:  # moved abroad, and back
            zone = AWAY_TZ if n == 365 * 8 else HOME_TZ
            self.execute(c.ChangeSettings(time_zone=zone, command_id=self.command_id()))
            self.device_tz = zone
            self.zone = ZoneInfo(zone)
        if n == 365 * 3:
            self.execute(c.ChangeSettings(day_start_hour=5, command_id=self.command_id()))
        if n == 365 * 5:
            self.execute(c.ArchiveHabit(habit_id="plants", command_id=self.command_id()))
        if n == 365 * 6:
            self.execute(c.RestoreHabit(habit_id="plants", command_id=self.command_id()))
        if n % 97 == 0 and n:
            order = [p.habit_id for p in self.plans]
            rng.shuffle(order)
            self.execute(c.ReorderHabits(habit_ids=tuple(order[:3]), command_id=self.command_id()))
        if rng.random() < 0.004:  # a mistaken log noticed later
            logs = [r for r in self.log[-400:] if isinstance(r.event, HabitLogged)]
            if logs:
                self.execute(
                    c.RevertEvent(event_id=rng.choice(logs).event_id, command_id=self.command_id())
                )
        if n % 45 == 7:
            self._new_goal()

    def _new_goal(self) -> None:
        rng = self.rng
        self.goal_number += 1
        goal_id = f"goal-{self.goal_number}"
        if rng.random() < 0.6 or len(self.quests_open) < 2:
            habit_id = rng.choice(("pushups", "pomodoro", "meditate", "read", "run", "gym"))
            kind = "habit_logs" if habit_id in ("pushups", "pomodoro") else "habit_days"
            count = rng.randint(50, 400) + (
                self.state.habits[habit_id].up_logs if kind == "habit_logs" else 0
            )
            measure = GoalMeasure(kind=kind, habit_id=habit_id, count=count)
            self.execute(
                c.AddGoal(
                    goal_id=goal_id,
                    title=f"{habit_id} {count}",
                    measure=measure,
                    habit_ids=(habit_id,),
                    command_id=self.command_id(),
                )
            )
        else:
            linked = tuple(self.quests_open[:2])
            self.execute(
                c.AddGoal(
                    goal_id=goal_id,
                    title=f"Project {self.goal_number}",
                    quest_ids=linked,
                    measure=GoalMeasure(kind="linked_quests"),
                    command_id=self.command_id(),
                )
            )

    def _quest_actions(self, today: date) -> list[tuple[float, c.Command, datetime | None]]:
        rng = self.rng
        actions: list[tuple[float, c.Command, datetime | None]] = []
        if rng.random() < 0.4:
            self.quest_number += 1
            quest_id = f"quest-{self.quest_number}"
            items = tuple(f"step {i}" for i in range(rng.randint(0, 4)))
            due = today + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.5 else None
            difficulty = rng.choice(("easy", "easy", "medium", "hard"))
            actions.append(
                (
                    rng.uniform(7.1, 9),
                    c.AddQuest(
                        quest_id=quest_id,
                        title=f"Task {self.quest_number}",
                        checklist=items,
                        due=due,
                        difficulty=difficulty,
                        command_id=self.command_id(),
                    ),
                    None,
                )
            )
            self.quests_open.append(quest_id)
        for quest_id in list(self.quests_open[:6]):
            quest = self.state.quests.get(quest_id)
            if quest is None:
                continue  # added today, not decided yet (or its adding was undone)
            if quest.status != "open":
                self.quests_open.remove(quest_id)
                continue
            roll = rng.random()
            hour = rng.uniform(9, 22)
            unticked = [i for i in quest.checklist if not i.done]
            if unticked and roll < 0.4:
                actions.append(
                    (
                        hour,
                        c.CheckChecklistItem(
                            quest_id=quest_id,
                            item_id=unticked[0].item_id,
                            command_id=self.command_id(),
                        ),
                        None,
                    )
                )
            elif roll < 0.55:
                actions.append(
                    (hour, c.CompleteQuest(quest_id=quest_id, command_id=self.command_id()), None)
                )
                self.quests_open.remove(quest_id)
            elif roll < 0.57:
                actions.append(
                    (hour, c.AbandonQuest(quest_id=quest_id, command_id=self.command_id()), None)
                )
                self.quests_open.remove(quest_id)
        if rng.random() < 0.01:  # reopen a quest completed by mistake
            done = [
                r.event.quest_id for r in self.log[-300:] if isinstance(r.event, QuestCompleted)
            ]
            if done:
                actions.append(
                    (
                        rng.uniform(9, 22),
                        c.ReopenQuest(quest_id=done[-1], command_id=self.command_id()),
                        None,
                    )
                )
        return actions

    def _spend(self, today: date) -> None:
        character = self.state.character
        if character is None or self.rng.random() > 0.25:
            return
        affordable = [r for r in REWARDS if r[2] * 1.5 <= character.gold]
        if affordable:
            reward_id = self.rng.choice(affordable)[0]
            self.now = max(self.now, self.local(today, 23.6))
            self.execute(c.ClaimReward(reward_id=reward_id, command_id=self.command_id()))


def generate_profile(n: int = DEFAULT_EVENTS, seed: int = DEFAULT_SEED) -> list[Recorded]:
    """The first `n` events (cut after the command that reaches `n`) of the seeded story."""
    player = ProfilePlayer(seed)
    return player.play(n)


# --- writing into a real data folder ----------------------------------------------------


def to_new_event(recorded: Recorded) -> NewEvent:
    """The store's envelope of a profile event (same ids, times, clock and payload)."""
    event = recorded.event
    return NewEvent(
        event_id=recorded.event_id,
        stream=recorded.stream,
        stream_version=recorded.stream_version,
        event_type=event.event_type,
        schema_version=event.schema_version,
        recorded_at=recorded.recorded_at,
        occurred_at=recorded.occurred_at,
        tz=recorded.tz,
        device_id=recorded.device_id,
        hlc=recorded.hlc,
        command_id=recorded.command_id,
        payload=event.model_dump(mode="json"),
    )


def commits_of(events: Iterable[Recorded]) -> Iterator[list[Recorded]]:
    """The events grouped by command (one atomic commit each)."""
    batch: list[Recorded] = []
    for recorded in events:
        if batch and recorded.command_id != batch[-1].command_id:
            yield batch
            batch = []
        batch.append(recorded)
    if batch:
        yield batch


def write_profile_store(events: Iterable[Recorded], data_dir: Path, cache_dir: Path) -> int:
    """Append the profile to the (empty) store in `data_dir`, one commit per command,
    `WRITE_GROUP` commits per group commit; returns the head position."""
    head = 0
    with EventStore.open(data_dir, cache_dir) as store:
        group: list[tuple[list[NewEvent], dict[str, int] | None]] = []
        for commit in commits_of(events):
            group.append(([to_new_event(r) for r in commit], None))
            if len(group) >= WRITE_GROUP:
                head = store.append_many(group)
                group = []
        if group:
            head = store.append_many(group)
    return head


RESULTS = Path(__file__).resolve().parent / "results"


def profile_dir(n: int, seed: int) -> Path:
    """Where the cached data folder of a profile lives."""
    return RESULTS / f"profile-v{PROFILE_FORMAT}-{n}-{seed}"


def cached_profile_store(
    n: int = DEFAULT_EVENTS, seed: int = DEFAULT_SEED, *, quiet: bool = False
) -> tuple[Path, dict[str, Any]]:
    """The data folder of profile (n, seed), generated and written once, then reused.

    Returns the folder (with `data/` and `cache/` inside) and its facts (events,
    commands, days, state digest of the generator's own fold, seconds to generate).
    """
    folder = profile_dir(n, seed)
    facts_path = folder / "facts.json"
    if facts_path.exists():
        facts: dict[str, Any] = json.loads(facts_path.read_text())
        return folder, facts
    if folder.exists():
        shutil.rmtree(folder)  # a half-written folder from an interrupted run
    started = time.perf_counter()
    player = ProfilePlayer(seed)
    events = player.play(n)
    generated = time.perf_counter() - started
    if not quiet:
        print(f"generated {len(events):,} events in {generated:.1f} s", flush=True)
    started = time.perf_counter()
    head = write_profile_store(events, folder / "data", folder / "cache")
    written = time.perf_counter() - started
    first, last = events[0].recorded_at, events[-1].recorded_at
    facts = {
        "events": head,
        "commands": player.commands,
        "refused": player.refused,
        "days": (last - first).days,
        "digest": digest_of_state(player.state),
        "generate_seconds": round(generated, 1),
        "write_seconds": round(written, 1),
    }
    facts_path.write_text(json.dumps(facts, indent=1))
    return folder, facts


if __name__ == "__main__":
    import sys

    size = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_EVENTS
    path, info = cached_profile_store(size)
    print(path, info)
