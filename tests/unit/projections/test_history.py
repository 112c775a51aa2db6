"""History lines read well, and the streamed query filters like the CLI needs."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.values import NumericTarget
from rpgmylife_desktop.projections.history import query_history
from rpgmylife_desktop.projections.history_text import HistoryWriter

NOW = datetime(2025, 3, 5, 18, 30, tzinfo=UTC)


def story() -> list[Recorded]:
    """A short story in events: add habits, log (one backfilled), undo, redo, close a day."""
    moments = iter(range(1, 100))

    def rec(event: ev.DomainEvent, command: str, *, at: datetime = NOW) -> Recorded:
        n = next(moments)
        return Recorded(
            position=n,
            event_id=f"e{n:03}",
            stream="s",
            stream_version=n,
            recorded_at=NOW + timedelta(minutes=n),
            occurred_at=at,
            tz="UTC",
            device_id="d",
            hlc=n,
            command_id=command,
            event=event,
        )

    monday = date(2025, 3, 3)
    return [
        rec(ev.CharacterCreated(name="Adventurer"), "c1"),
        rec(ev.HabitAdded(habit_id="h1", name="Meditate", start_day=monday), "c2"),
        rec(
            ev.HabitAdded(
                habit_id="h2",
                name="Drink water",
                target=NumericTarget(amount=8, unit="glasses"),
                start_day=monday,
            ),
            "c3",
        ),
        rec(
            ev.HabitLogged(habit_id="h1", xp_delta=12, gold_delta=1.3, day=monday, backfilled=True),
            "c4",
            at=datetime(2025, 3, 3, 8, tzinfo=UTC),
        ),
        rec(
            ev.HabitLogged(habit_id="h2", amount=3, xp_delta=5, gold_delta=0.5, day=NOW.date()),
            "c5",
        ),
        rec(ev.CommandUndone(command_id="c5"), "c6"),
        rec(
            ev.HabitLogReverted(
                habit_id="h2", log_event_id="e005", xp_delta=-5, gold_delta=-0.5, day=NOW.date()
            ),
            "c6",
        ),
        rec(ev.CommandRedone(command_id="c5"), "c7"),
        rec(
            ev.HabitLogged(
                habit_id="h1", direction="down", hp_delta=-2.04, day=NOW.date(), critical=False
            ),
            "c8",
        ),
        rec(ev.LevelGained(level=2, hp_delta=7.5, day=NOW.date()), "c8"),
        rec(
            ev.DayClosed(day=monday, perfect=True, judged=2, done=2, xp_delta=5, gold_delta=1),
            "c9",
        ),
        rec(
            ev.DailyMissed(habit_id="h1", day=date(2025, 3, 4), hp_delta=-1.25),
            "c10",
            at=datetime(2025, 3, 5, 4, tzinfo=UTC),
        ),
    ]


def test_history_lines_read_like_a_story() -> None:
    writer = HistoryWriter()
    assert [writer.line(recorded) for recorded in story()] == [
        "Created the character Adventurer",
        "Added habit Meditate",
        "Added habit Drink water",
        "Logged Meditate: +12 XP, +1.3 gold (backfilled to Mon 3 Mar)",
        "Logged Drink water (3 glasses): +5 XP, +0.5 gold",
        "Undid: Logged Drink water (3 glasses): +5 XP, +0.5 gold",
        "Took back a log of Drink water: -5 XP, -0.5 gold",
        "Redid: Logged Drink water (3 glasses): +5 XP, +0.5 gold",
        "Slipped on Meditate: -2.04 HP",
        "Reached level 2, HP refilled (+7.5 HP)",
        "Closed Mon 3 Mar: perfect day, all 2 dailies done: +5 XP, +1 gold",
        "Missed Meditate on Tue 4 Mar: -1.25 HP",
    ]


def test_a_backfill_into_another_year_names_the_year() -> None:
    writer = HistoryWriter()
    writer.names["h1"] = "Meditate"
    old = story()[3]
    event = ev.HabitLogged(habit_id="h1", xp_delta=3, day=date(2024, 12, 30), backfilled=True)
    line = writer.line(replace(old, event=event))
    assert line == "Logged Meditate: +3 XP (backfilled to Mon 30 Dec 2024)"


def test_query_filters_by_type_category_moment_and_limit() -> None:
    events = story()
    logs = query_history(events, types=["habitlogged"])
    assert [entry.position for entry in logs] == [4, 5, 9]
    assert [entry.text for entry in query_history(events, types=["undo"])] == [
        "Undid: Logged Drink water (3 glasses): +5 XP, +0.5 gold",
        "Redid: Logged Drink water (3 glasses): +5 XP, +0.5 gold",
    ]
    early = query_history(events, until=datetime(2025, 3, 4, tzinfo=UTC))
    assert [entry.event_type for entry in early] == ["HabitLogged"]
    newest = query_history(events, limit=2)
    assert [entry.position for entry in newest] == [11, 12]
    assert query_history(events, since=NOW, limit=0) == []
