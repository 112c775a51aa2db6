"""The event and command catalog that other layers build on."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.errors import InvalidEventPayload, UnknownEventType
from rpgmylife_desktop.domain.events.recorded import Recorded, canonical_key
from rpgmylife_desktop.errors import EXIT_DAMAGED

from .helpers import new_game


def test_every_event_is_registered_under_its_past_tense_name() -> None:
    assert len(ev.EVENT_TYPES) == 63
    for name, cls in ev.EVENT_TYPES.items():
        assert name == cls.__name__ and cls.schema_version == 1
        assert name.endswith(("ed", "Undone", "Redone"))


def test_payloads_round_trip_through_json() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="h", name="Read", tags=("books",)))
    game.execute(c.LogHabit(habit_id="h", amount=2, note="two chapters"))
    game.execute(c.ChangeSettings(time_zone="Europe/Paris"))
    for r in game.log:
        text = json.dumps(r.event.payload())
        assert ev.parse_event(r.event.event_type, 1, json.loads(text)) == r.event


def test_unknown_event_types_and_bad_payloads_are_clear_errors() -> None:
    with pytest.raises(UnknownEventType, match="unknown type 'DragonSlain'") as unknown:
        ev.parse_event("DragonSlain", 1, {})
    assert unknown.value.exit_code == EXIT_DAMAGED
    with pytest.raises(InvalidEventPayload, match="invalid payload"):
        ev.parse_event("HabitLogged", 1, {"habit_id": "h"})
    with pytest.raises(InvalidEventPayload, match="schema version 7"):
        ev.parse_event("HabitLogged", 7, {})


def test_events_and_commands_are_frozen() -> None:
    event = ev.CharacterCreated(name="A", day=date(2026, 3, 2))
    with pytest.raises(ValueError, match="frozen"):
        event.name = "B"  # type: ignore[misc]
    command = c.LogHabit(habit_id="h")
    assert command.command_id != c.LogHabit(habit_id="h").command_id


def test_backfill_moments_must_carry_a_time_zone() -> None:
    with pytest.raises(ValueError, match="time zone"):
        c.LogHabit(habit_id="h", at=datetime(2026, 3, 2, 9, 0))


def test_canonical_order_is_hlc_then_device_then_event_id() -> None:
    moment = datetime(2026, 3, 2, tzinfo=UTC)

    def rec(hlc: int, device: str, event_id: str) -> Recorded:
        return Recorded(
            1,
            event_id,
            "character",
            1,
            moment,
            moment,
            "UTC",
            device,
            hlc,
            "c",
            ev.CharacterRenamed(old_name="a", new_name="b"),
        )

    items = [rec(2, "a", "x"), rec(1, "b", "y"), rec(1, "a", "z")]
    assert [r.event_id for r in sorted(items, key=canonical_key)] == ["z", "y", "x"]


def test_streams_of_one_commit() -> None:
    game = new_game()
    streams = [r.stream for r in game.execute(c.AddHabit(habit_id="h", name="Read"))]
    assert streams == ["character", "habit-h"]
    game.advance(days=1)
    closed = game.execute(c.CloseDay(day=date(2026, 3, 2)))
    assert [r.stream for r in closed] == ["day-2026-03-02", "habit-h"]
