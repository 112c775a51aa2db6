"""Property tests of the game's projections over random valid stories."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.projections.changes import Change, ChangeKind, Key
from rpgmylife_desktop.projections.projection_set import (
    Projections,
    digest_of_state,
    new_projections,
    state_digest,
)
from rpgmylife_desktop.projections.snapshot import dump_snapshot, load_snapshot
from tests.oracles.digest import expected_state_digest
from tests.oracles.timetravel import (
    find_milestones,
    milestone_position,
    projections_at_moment,
    projections_at_position,
)
from tests.unit.projections.story import Teller, opening, renumbered, seen, stories

FEW = settings(max_examples=25, deadline=None)


def replayed(events: list[Recorded]) -> Projections:
    built = new_projections()
    built.replay(events)
    return built


def source_of(events: list[Recorded]) -> Any:
    return lambda start: (r for r in events if r.position >= start)


@given(stories())
@FEW
def test_incremental_equals_full_replay(events: list[Recorded]) -> None:
    live = new_projections()
    for recorded in events:
        live.apply(recorded)
    full = replayed(events)
    assert seen(live) == seen(full)
    assert state_digest(live) == state_digest(full) == expected_state_digest(full.state)
    assert digest_of_state(full.state) == state_digest(full)
    _check_row_order(full, events)


def _check_row_order(built: Projections, events: list[Recorded]) -> None:
    """The order a Qt model shows rows in: habits active first, then by position and name;
    today's habits the active ones in that order; quests, goals and rewards in the order
    they were added; days ascending."""
    habit_rows = list(built.habits.rows().values())
    assert habit_rows == sorted(
        habit_rows, key=lambda r: (r.status != "active", r.position, r.name.casefold(), r.habit_id)
    )
    active = [r.habit_id for r in habit_rows if r.status == "active"]
    assert list(built.today.rows()) == active

    def added(kind: type[ev.DomainEvent], attr: str) -> list[str]:
        return [getattr(r.event, attr) for r in events if isinstance(r.event, kind)]

    assert list(built.quests.rows()) == added(ev.QuestAdded, "quest_id")
    assert list(built.goals.rows()) == added(ev.GoalAdded, "goal_id")
    assert list(built.rewards.rows()) == added(ev.RewardAdded, "reward_id")
    days = list(built.days.rows())
    assert days == sorted(days)


def test_the_digest_differs_when_the_state_does() -> None:
    teller = Teller()
    opening(teller)
    a, b = new_projections(), new_projections()
    a.replay(teller.events)
    b.replay(teller.events[:-1])  # the reward not added yet
    assert expected_state_digest(a.state) != expected_state_digest(b.state)
    assert state_digest(a) != state_digest(b)


@given(stories(), st.integers(0, 60))
@FEW
def test_as_of_position_equals_replaying_the_first_n(events: list[Recorded], n: int) -> None:
    travelled = projections_at_position(iter(events), n)
    assert seen(travelled) == seen(replayed(events[:n]))


@given(stories(), st.integers(0, 60))
@FEW
def test_snapshot_plus_tail_equals_full_replay(events: list[Recorded], cut: int) -> None:
    first = replayed(events[:cut])
    resumed = new_projections()
    load_snapshot(resumed, dump_snapshot(first))
    for recorded in events[cut:]:
        resumed.apply(recorded)
    assert seen(resumed) == seen(replayed(events))
    assert state_digest(resumed) == state_digest(replayed(events))
    travelled = projections_at_position(
        (r for r in events if r.position > cut), len(events), snapshot=dump_snapshot(first)
    )
    assert seen(travelled) == seen(resumed)


@given(stories(), st.randoms(use_true_random=False))
@FEW
def test_events_merged_out_of_order_end_like_in_order(events: list[Recorded], rnd: Any) -> None:
    # Another computer's events arrive late: shuffle the clocks, keep arrival positions.
    shuffled = list(events)
    rnd.shuffle(shuffled)
    clocks = sorted(r.hlc for r in events)
    rnd.shuffle(clocks)
    arrived = [
        replace(r, position=i + 1, hlc=clock, device_id=rnd.choice("ab"))
        for i, (r, clock) in enumerate(zip(events, clocks, strict=True))
    ]
    live = Projections(source=source_of(arrived), checkpoint_every=3, max_checkpoints=2)
    for recorded in arrived:
        live.apply(recorded)
    in_order = replayed(renumbered(arrived))
    assert live.count == len(events)
    assert state_digest(live) == state_digest(in_order)
    for name in ("character", "habits", "quests", "goals", "rewards", "days", "today"):
        assert seen(live)[name] == seen(in_order)[name]
    assert [e.text for e in live.history.entries()] == [e.text for e in in_order.history.entries()]


@given(stories())
@FEW
def test_announcements_rebuild_every_projection(events: list[Recorded]) -> None:
    live = new_projections()
    mirrors: dict[str, dict[Key, Any]] = {p.name: {} for p in live.projections}
    by_name = {p.name: p for p in live.projections}

    def follow(changes: Any) -> None:
        for change in changes:
            mirror, rows = mirrors[change.projection], by_name[change.projection].rows()
            assert len(change.keys) == (0 if change.kind is ChangeKind.RESET else 1)
            if change.kind is ChangeKind.RESET:
                mirror.clear()
                mirror.update(rows)
            elif change.kind is ChangeKind.INSERTED:
                assert change.key not in mirror and change.key in rows
                mirror[change.key] = rows[change.key]
            elif change.kind is ChangeKind.UPDATED:
                assert change.key in mirror
                mirror[change.key] = rows[change.key]
            else:
                assert change.key in mirror and change.key not in rows
                del mirror[change.key]

    live.subscribe(follow)
    for recorded in events:
        live.apply(recorded)
    assert {name: dict(p.rows()) for name, p in by_name.items()} == mirrors


def test_a_log_announces_exactly_its_rows() -> None:
    teller = Teller()
    opening(teller)
    live = new_projections()
    live.replay(teller.events)
    heard: list[Change] = []
    live.subscribe(heard.extend)
    teller.say(
        ev.HabitLogged(
            habit_id="h2", xp_delta=5, gold_delta=1, day=teller.events[0].recorded_at.date()
        )
    )
    live.apply(teller.events[-1])
    announced = {(c.projection, c.kind.value, c.key) for c in heard}
    assert announced == {
        ("character", "updated", "character"),
        ("today", "updated", "h2"),
        ("habits", "updated", "h2"),
        ("days", "inserted", "2025-03-03"),
        ("milestones", "inserted", "first-h2"),
        ("history", "inserted", teller.events[-1].position),
    }


def test_undo_and_redo_digests() -> None:
    teller = Teller()
    opening(teller)
    day = teller.events[0].recorded_at.date()
    live = new_projections()
    live.replay(teller.events)
    before = state_digest(live)
    command = teller.say(ev.HabitLogged(habit_id="h1", xp_delta=12, gold_delta=1.3, day=day))
    original = teller.events[-1]
    live.apply(original)
    after = state_digest(live)
    assert after != before
    teller.say(
        ev.CommandUndone(command_id=command),
        ev.HabitLogReverted(
            habit_id="h1", log_event_id=original.event_id, xp_delta=-12, gold_delta=-1.3, day=day
        ),
    )
    live.apply_many(teller.events[-2:])
    assert state_digest(live) == before
    assert live.milestones.get("first-h1") is None
    teller.say(ev.CommandRedone(command_id=command), original.event)
    live.apply_many(teller.events[-2:])
    assert state_digest(live) == after
    assert [e.text for e in live.history.entries()[-5:]] == [
        "Logged Habit 0: +12 XP, +1.3 gold",
        "Undid: Logged Habit 0: +12 XP, +1.3 gold",
        "Took back a log of Habit 0: -12 XP, -1.3 gold",
        "Redid: Logged Habit 0: +12 XP, +1.3 gold",
        "Logged Habit 0: +12 XP, +1.3 gold",
    ]
    assert milestone_position(live, "first-h1") == teller.events[-1].position


def test_time_travel_to_a_milestone_and_a_moment() -> None:
    teller = Teller()
    opening(teller)
    day = teller.events[0].recorded_at.date()
    teller.say(ev.HabitLogged(habit_id="h1", xp_delta=150, day=day))
    teller.say(ev.LevelGained(level=2, hp_delta=0, day=day))
    teller.say(ev.HabitLogged(habit_id="h1", xp_delta=10, day=day))
    live = replayed(teller.events)
    [level_up] = find_milestones(live, "level")
    then = projections_at_position(iter(teller.events), level_up.position)
    assert then.character.sheet is not None and then.character.sheet.level == 2
    assert then.character.sheet.total_xp == 150
    assert live.character.sheet is not None and live.character.sheet.total_xp == 160
    moment = teller.events[level_up.position - 1].recorded_at
    assert seen(projections_at_moment(iter(teller.events), moment)) == seen(then)


def test_a_revert_drops_the_milestone_of_a_log_also_after_a_snapshot_or_a_checkpoint() -> None:
    # Milestones find the ones a reverted log made through an index by event id; the
    # index must come back with a snapshot load and a checkpoint restore.
    teller = Teller()
    opening(teller)
    day = teller.events[0].recorded_at.date()
    teller.say(ev.HabitLogged(habit_id="h1", xp_delta=12, gold_delta=1.3, day=day))
    logged = teller.events[-1]
    live = replayed(teller.events)
    assert live.milestones.get("first-h1") is not None
    loaded = new_projections()
    load_snapshot(loaded, dump_snapshot(live))
    live.checkpoint_now()
    teller.say(
        ev.HabitLogReverted(
            habit_id="h1", log_event_id=logged.event_id, xp_delta=-12, gold_delta=-1.3, day=day
        )
    )
    for engine in (loaded, live):
        engine.apply(teller.events[-1])
        assert engine.milestones.get("first-h1") is None
    restored = new_projections()
    restored.replay(teller.events[:-1])
    restored.milestones.restore(restored.milestones.checkpoint())
    restored.apply(teller.events[-1])
    assert restored.milestones.get("first-h1") is None
