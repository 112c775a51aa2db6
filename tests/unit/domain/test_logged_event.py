"""A log's `HabitLogged` is built without pydantic's validation (`habits.logged_event`):
its fields come from a validated command (or an import's checked `BulkLog`) and from the
rules. These tests hold it to the validated event on every path a log takes: up and down,
with and without amounts and notes, critical rolls, numeric targets met or overshot,
damage softened by strength, scheduled habits that pay once a day, rules v1 and v2, and
both the live `decide` and the import's bulk path (`Backfill`).

Equal is not enough (1 == 1.0): each field must have the type validation gives it, in the
class's order, with the same fields set, and dump to the same payload bytes.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain.decide import decide
from rpgmylife_desktop.domain.decide.backfill import Backfill
from rpgmylife_desktop.domain.decide.context import DecisionContext
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events import DomainEvent, HabitLogged
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from tests.strategies import DIFFICULTIES, KINDS, SCHEDULES, TARGETS

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)

habit_specs = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.sampled_from(DIFFICULTIES),
        st.integers(0, len(SCHEDULES) - 1),
        st.integers(0, len(TARGETS) - 1),
    ),
    min_size=1,
    max_size=4,
)
log_specs = st.lists(
    st.tuples(
        st.integers(0, 3),  # habit
        st.integers(0, 20),  # days before now
        st.sampled_from(("up", "up", "down")),
        st.sampled_from((None, None, 1.0, 2.5, 4.0, 3)),  # 3: an int the command converts
        st.sampled_from(("", "", "felt good", "ünïcode ✓")),
    ),
    min_size=1,
    max_size=80,
)


def assert_as_validated(logged: HabitLogged) -> None:
    """`logged` is what validating its own fields gives: equal, field by field of the
    same type and order, the same fields set, the same payload and its bytes."""
    validated = HabitLogged.model_validate(dict(logged.__dict__))
    assert logged == validated
    assert list(logged.__dict__) == list(HabitLogged.model_fields) == list(validated.__dict__)
    assert [type(v) for v in logged.__dict__.values()] == [
        type(v) for v in validated.__dict__.values()
    ]
    assert logged.model_fields_set == validated.model_fields_set
    assert logged.__pydantic_extra__ == validated.__pydantic_extra__
    assert logged.__pydantic_private__ == validated.__pydantic_private__
    assert logged.payload() == validated.payload()
    assert json.dumps(logged.payload()) == json.dumps(validated.payload())
    assert hash(logged) == hash(validated)


def _new_game(ruleset: int, habits: list[tuple[str, str, int, int]]) -> list[c.Command]:
    commands: list[c.Command] = [
        c.CreateCharacter(name="Hero"),
        c.ChangeSettings(ruleset_version=ruleset),
    ]
    for n, (kind, difficulty, schedule, target) in enumerate(habits):
        commands.append(
            c.AddHabit(
                habit_id=f"h{n}",
                name=f"Habit {n}",
                kind=kind,  # type: ignore[arg-type]
                difficulty=difficulty,  # type: ignore[arg-type]
                schedule=SCHEDULES[schedule],  # type: ignore[arg-type]
                target=TARGETS[target],  # type: ignore[arg-type]
                start_day=(NOW - timedelta(days=30)).date(),
            )
        )
    return commands


def _logs(
    specs: list[tuple[int, int, str, float | int | None, str]], habits: int
) -> list[c.LogHabit]:
    return [
        c.LogHabit(
            command_id=f"log-{n}",
            habit_id=f"h{habit % habits}",
            direction=direction,  # type: ignore[arg-type]
            amount=amount,
            note=note,
            at=NOW - timedelta(days=days, hours=1),
        )
        for n, (habit, days, direction, amount, note) in enumerate(specs)
    ]


def _play(state: GameState, command: c.Command | c.BulkLog, decider: object) -> list[Recorded]:
    """Decide `command` with `decider` (decide, or a Backfill) and fold its events."""
    try:
        if isinstance(decider, Backfill):
            events = decider.decide(command)
        else:
            assert not isinstance(command, c.BulkLog)
            events = decide(state, command, DecisionContext(now=NOW, rng=decider))  # type: ignore[arg-type]
    except CommandRefused:
        return []
    recorded = [
        _recorded(state.position + n, stream, event) for n, (stream, event) in enumerate(events, 1)
    ]
    for item in recorded:
        if isinstance(decider, Backfill):
            decider.fold(item)
        else:
            state.apply(item)
    return recorded


def _recorded(position: int, stream: str, event: DomainEvent) -> Recorded:
    return Recorded(
        position, f"e-{position}", stream, position, NOW, NOW, "UTC", "d", position, "c", event
    )


def _logged_events(
    ruleset: int,
    habits: list[tuple[str, str, int, int]],
    specs: list[tuple[int, int, str, float | int | None, str]],
    seed: int,
    *,
    bulk: bool,
) -> list[HabitLogged]:
    """The HabitLogged events of playing `specs` on a new game: one `decide` per command,
    or (bulk) the import's `Backfill` pass with `BulkLog` records for logs without a note."""
    state = GameState()
    rng = random.Random(seed)
    for command in _new_game(ruleset, habits):
        _play(state, command, rng)
    decider: object = Backfill(state, DecisionContext(now=NOW, rng=rng)) if bulk else rng
    if isinstance(decider, Backfill):
        state = decider.state
    found: list[HabitLogged] = []
    for log in _logs(specs, len(habits)):
        command: c.LogHabit | c.BulkLog = log
        if bulk and not log.note:
            assert log.at is not None
            command = c.bulk_log(log.command_id, log.habit_id, log.direction, log.at, log.amount)
        for item in _play(state, command, decider):
            if isinstance(item.event, HabitLogged):
                found.append(item.event)
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ruleset=st.sampled_from((1, 2)),
    habits=habit_specs,
    specs=log_specs,
    seed=st.integers(0, 2**16),
    bulk=st.booleans(),
)
def test_a_decided_log_is_the_validated_event(
    ruleset: int,
    habits: list[tuple[str, str, int, int]],
    specs: list[tuple[int, int, str, float | int | None, str]],
    seed: int,
    bulk: bool,
) -> None:
    for logged in _logged_events(ruleset, habits, specs, seed, bulk=bulk):
        assert_as_validated(logged)


def test_every_outcome_of_a_log_is_covered() -> None:
    """One long fixed history reaches every path (so the property above is not vacuous
    for any of them): criticals, damage, steps a target or a schedule withholds, amounts,
    notes, and rules v1 and v2; each event is the validated one."""
    habits = [
        ("both", "hard", 0, 0),
        ("positive", "trivial", 1, 2),
        ("positive", "medium", 2, 3),
        ("negative", "easy", 3, 0),
    ]
    rng = random.Random(3)
    specs = [
        (
            rng.randrange(4),
            rng.randrange(20),
            rng.choice(("up", "up", "down")),
            rng.choice((None, 1.0, 2.5)),
            rng.choice(("", "a note")),
        )
        for _ in range(600)
    ]
    seen: set[str] = set()
    for ruleset in (1, 2):
        for bulk in (False, True):
            for logged in _logged_events(ruleset, habits, specs, 5, bulk=bulk):
                assert_as_validated(logged)
                seen.add(f"v{logged.rules_version}")
                seen.add("critical" if logged.critical else "plain")
                seen.add("damage" if logged.hp_delta else "no damage")
                seen.add("no step" if not logged.value_delta else "step")
                seen.add("amount" if logged.amount is not None else "no amount")
                seen.add("note" if logged.note else "no note")
    assert seen == {
        "v1",
        "v2",
        "critical",
        "plain",
        "damage",
        "no damage",
        "no step",
        "step",
        "amount",
        "no amount",
        "note",
        "no note",
    }


def test_a_copy_with_changes_leaves_other_logs_fields_set_alone() -> None:
    """The logs share one fields set: changing a copy (as undo and redo do) must not
    reach the others'."""
    logs = _logged_events(2, [("both", "easy", 0, 0)], [(0, 1, "up", None, "")] * 3, 1, bulk=True)
    first, second = logs[0], logs[1]
    copied = first.model_copy(update={"xp_delta": 0})
    copied.model_fields_set.discard("note")
    assert first.model_fields_set == second.model_fields_set == set(HabitLogged.model_fields)
    assert_as_validated(first)
    assert_as_validated(second)
