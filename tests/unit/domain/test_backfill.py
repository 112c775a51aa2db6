"""The import's bulk path (`decide/backfill.py`) decides exactly what `decide` decides.

A random history (habits of every kind, schedule and target, logs up and down with
amounts, skips, archives, entries the rules refuse) is brought into a random game (a
character with XP and little HP, a time zone and day start hour, a habit with closed,
missed days and goals on it) twice: command by command through `decide`, folding every
event into the state, and through one `Backfill` pass. Both must give the same events
(outcomes, critical rolls, refunds, goals, level-ups and fainting included), the same
refusals, and the same state digest once their events are folded.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain.decide import decide
from rpgmylife_desktop.domain.decide.backfill import Backfill
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import GoalMeasure
from rpgmylife_desktop.projections.projection_set import digest_of_state
from tests.oracles.digest import domain_digest
from tests.playthrough import Playthrough
from tests.strategies import DIFFICULTIES, KINDS, SCHEDULES, TARGETS, ZONES

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)

habit_specs = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.sampled_from(DIFFICULTIES),
        st.integers(0, len(SCHEDULES) - 1),
        st.integers(0, len(TARGETS) - 1),
        st.booleans(),  # archived at the end of the import
        st.integers(5, 45),  # start: days before now
    ),
    min_size=1,
    max_size=4,
)
entry_specs = st.lists(
    st.tuples(
        st.integers(0, 4),  # habit (past the imported ones: the habit already there)
        st.integers(-1, 40),  # days before now (-1: tomorrow, refused)
        st.sampled_from(("up", "up", "up", "down", "down", "skip")),
        st.sampled_from((None, None, 1.0, 2.5, 4.0)),
    ),
    min_size=10,
    max_size=150,
)
worlds = st.fixed_dictionaries(
    {
        "zone": st.sampled_from(ZONES),
        "day_start": st.sampled_from((0, 4, 13)),
        "xp": st.integers(0, 12),  # hard quests completed first: XP up to a level-up
        "slips": st.integers(0, 8),  # bad-habit slips first: HP low, fainting near
        "closed": st.integers(0, 6),  # closed days of the habit already there (misses)
        "goal": st.sampled_from((None, "habit_logs", "habit_days")),
    }
)


def _world(spec: dict[str, object]) -> Playthrough:
    """A game that has been played a while: settings, XP, damage, misses, goals."""
    game = Playthrough(NOW - timedelta(days=8), seed=7)
    game.execute(c.CreateCharacter(name="Hero"))
    game.execute(c.ChangeSettings(time_zone=str(spec["zone"]), day_start_hour=spec["day_start"]))
    game.execute(c.AddHabit(habit_id="old", name="Old", schedule={"kind": "daily"}))
    game.execute(c.AddHabit(habit_id="vice", name="Vice", kind="negative", difficulty="hard"))
    for n in range(int(spec["xp"])):  # type: ignore[call-overload]
        game.execute(c.AddQuest(quest_id=f"q{n}", title=f"Quest {n}", difficulty="hard"))
        game.execute(c.CompleteQuest(quest_id=f"q{n}"))
    for _ in range(int(spec["slips"])):  # type: ignore[call-overload]
        game.execute(c.LogHabit(habit_id="vice", direction="down"))
    if spec["goal"] is not None:
        measure = GoalMeasure(kind=spec["goal"], habit_id="old", count=3)  # type: ignore[arg-type]
        game.execute(c.AddGoal(goal_id="g", title="Three", measure=measure))
    game.advance(days=int(spec["closed"]))  # type: ignore[call-overload]
    for day in game.state.days_to_close(game.now, game.device_tz):
        game.execute(c.CloseDay(day=day))
    game.now = NOW
    return game


def _history(
    habits: list[tuple[str, str, int, int, bool, int]],
    entries: list[tuple[int, int, str, float | None]],
    zone: str,
) -> list[c.Command]:
    """Commands in the order an import decides them (`interop.source.to_commands`):
    habits added, entries oldest first at midday, then archives."""
    commands: list[c.Command] = []
    today = NOW.date()
    for n, (kind, difficulty, schedule, target, _, start) in enumerate(habits):
        commands.append(
            c.AddHabit(
                habit_id=f"h{n}",
                name=f"Habit {n}",
                kind=kind,  # type: ignore[arg-type]
                difficulty=difficulty,  # type: ignore[arg-type]
                schedule=SCHEDULES[schedule],  # type: ignore[arg-type]
                target=TARGETS[target],  # type: ignore[arg-type]
                start_day=today - timedelta(days=start),
            )
        )
    noon = time(12, 0)
    tz = ZoneInfo(zone)
    for index, ago, kind, amount in sorted(entries, key=lambda e: (-e[1], e[0])):
        habit_id = f"h{index}" if index < len(habits) else "old"
        if habit_id == "old":
            ago = min(ago, ago % 9)  # the habit already there started eight days ago
        day = today - timedelta(days=ago)
        if kind == "skip":
            commands.append(c.SkipHabitDay(habit_id=habit_id, day=day))
        else:
            at = min(datetime.combine(day, noon, tz), NOW) if ago >= 0 else NOW + timedelta(days=1)
            commands.append(
                c.LogHabit(habit_id=habit_id, direction=kind, at=at, amount=amount)  # type: ignore[arg-type]
            )
    for n, habit in enumerate(habits):
        if habit[4]:
            commands.append(c.ArchiveHabit(habit_id=f"h{n}"))
    return commands


def _envelopes(
    state: GameState, command: c.Command, decided: Decision, start: int
) -> list[Recorded]:
    """Envelopes as the import writes them (occurred at the log's moment)."""
    at = getattr(command, "at", None) or NOW
    return [
        Recorded(
            start + n,
            f"{command.command_id}-{n}",
            stream,
            0,
            NOW,
            at,
            "UTC",
            "device",
            start + n,
            command.command_id,
            event,
        )
        for n, (stream, event) in enumerate(decided, 1)
    ]


Outcome = list[Decision | str]


def _one_by_one(before: GameState, commands: list[c.Command]) -> tuple[Outcome, GameState]:
    state = before.copy()
    ctx = DecisionContext(now=NOW, rng=random.Random(11), device_tz="UTC")
    outcome: Outcome = []
    for command in commands:
        try:
            decided = decide(state, command, ctx)
        except CommandRefused as exc:
            outcome.append(exc.message)
            continue
        outcome.append(decided)
        state.apply_all(_envelopes(state, command, decided, state.position + 1))
    return outcome, state


def _as_bulk_logs(commands: list[c.Command]) -> list[c.Command | c.BulkLog]:
    """The same commands as an import's plan brings them: every log without a note as the
    already-checked `BulkLog` it stands for (`interop.source.to_commands(bulk=True)`)."""
    out: list[c.Command | c.BulkLog] = []
    for command in commands:
        if type(command) is c.LogHabit and not command.note and command.at is not None:
            bulk = c.bulk_log(
                command.command_id, command.habit_id, command.direction, command.at, command.amount
            )
            assert type(bulk) is c.BulkLog and bulk.as_command() == command
            out.append(bulk)
        else:
            out.append(command)
    return out


def _bulk(
    before: GameState, commands: list[c.Command] | list[c.Command | c.BulkLog]
) -> tuple[Outcome, GameState, Backfill]:
    backfill = Backfill(before, DecisionContext(now=NOW, rng=random.Random(11), device_tz="UTC"))
    recorded: list[Recorded] = []
    outcome: Outcome = []
    position = before.position
    for command in commands:
        try:
            decided = backfill.decide(command)
        except CommandRefused as exc:
            outcome.append(exc.message)
            continue
        outcome.append(decided)
        for item in _envelopes(before, command, decided, position + 1):
            backfill.fold(item)
            recorded.append(item)
        position += len(decided)
    return outcome, before.copy().apply_all(recorded), backfill


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds, habits=habit_specs, entries=entry_specs)
def test_bulk_path_decides_what_one_by_one_decides(
    world: dict[str, object],
    habits: list[tuple[str, str, int, int, bool, int]],
    entries: list[tuple[int, int, str, float | None]],
) -> None:
    before = _world(world).state
    commands = _history(habits, entries, str(world["zone"]))
    expected, state = _one_by_one(before, commands)
    got, folded, backfill = _bulk(before, commands)
    assert got == expected
    assert digest_of_state(folded) == digest_of_state(state)
    assert domain_digest(folded) == domain_digest(state)
    # The pass's working state is the state after the import (the preview shows it).
    assert digest_of_state(backfill.state) == digest_of_state(state)
    assert backfill.state.commands.undo_stack == state.commands.undo_stack
    # The plan's logs come as `BulkLog` records: the very same outcome.
    bulk_logs = _as_bulk_logs(commands)
    assert any(type(command) is c.BulkLog for command in bulk_logs)
    got_bulk, folded_bulk, backfill_bulk = _bulk(before, bulk_logs)
    assert got_bulk == expected
    assert domain_digest(folded_bulk) == domain_digest(state)
    assert digest_of_state(backfill_bulk.state) == digest_of_state(state)
    assert backfill_bulk.state.commands.undo_stack == state.commands.undo_stack


def test_an_import_into_an_empty_game_creates_the_character_first() -> None:
    start = date(2026, 8, 1)
    commands: list[c.Command] = [
        c.AddHabit(habit_id="h", name="Read", difficulty="hard", start_day=start),
        *(
            c.LogHabit(habit_id="h", at=datetime.combine(start + timedelta(days=n), time(12), UTC))
            for n in range(60)
        ),
    ]
    expected, state = _one_by_one(GameState(), commands)
    got, folded, _ = _bulk(GameState(), commands)
    assert got == expected
    assert _bulk(GameState(), _as_bulk_logs(commands))[0] == expected
    assert type(got[0][0][1]).__name__ == "CharacterCreated"  # type: ignore[index]
    assert any(type(e).__name__ == "LevelGained" for d in got for _, e in d)  # type: ignore[union-attr]
    assert digest_of_state(folded) == digest_of_state(state)


def test_the_bulk_path_leaves_the_callers_state_alone() -> None:
    before = _world({"zone": "UTC", "day_start": 0, "xp": 1, "slips": 3, "closed": 2, "goal": None})
    digest = domain_digest(before.state)
    backfill = Backfill(before.state, DecisionContext(now=NOW, rng=random.Random(1)))
    command = c.LogHabit(habit_id="old", at=NOW - timedelta(days=1))
    for item in _envelopes(before.state, command, backfill.decide(command), 1000):
        backfill.fold(item)
    assert domain_digest(before.state) == digest
    assert domain_digest(backfill.state) != digest


def test_a_binge_in_the_history_faints_the_character_where_one_by_one_does() -> None:
    world = {"zone": "Europe/Paris", "day_start": 4, "xp": 12, "slips": 6, "closed": 3}
    before = _world({**world, "goal": "habit_days"}).state
    habits = [("negative", "hard", 1, 0, False, 30), ("positive", "hard", 1, 0, True, 30)]
    entries = [(0, ago, "down", None) for ago in range(30, 0, -1) for _ in range(2)]
    entries += [(1, ago, "up", 2.0) for ago in range(30, 0, -1) for _ in range(3)]
    entries += [(4, ago, "up", None) for ago in range(8, 0, -1)]
    commands = _history(habits, entries, "Europe/Paris")
    expected, state = _one_by_one(before, commands)
    got, folded, _ = _bulk(before, commands)
    assert got == expected
    assert _bulk(before, _as_bulk_logs(commands))[0] == expected
    kinds = {type(e).__name__ for d in got if not isinstance(d, str) for _, e in d}
    assert {"CharacterFainted", "LevelGained", "DailyMissReverted", "GoalAchieved"} <= kinds
    assert digest_of_state(folded) == digest_of_state(state)


def test_a_bulk_log_first_in_an_empty_game_is_decided_as_its_command() -> None:
    # No character yet: `decide` creates it, so the bulk path hands the log over as the
    # `LogHabit` it stands for (here refused: the habit does not exist).
    log = c.LogHabit(habit_id="nowhere", at=NOW - timedelta(days=2))
    bulk = c.bulk_log(log.command_id, log.habit_id, log.direction, NOW - timedelta(days=2), None)
    assert type(bulk) is c.BulkLog
    assert _bulk(GameState(), [bulk])[0] == _one_by_one(GameState(), [log])[0]
