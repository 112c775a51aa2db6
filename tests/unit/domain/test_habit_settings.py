"""A habit's settings come from one declaration (`HABIT_SETTINGS`, the fields of
HabitAdded): every one of them is taken by the add and edit commands, stored by the event
exactly as before, held by the fold's habit, edited and undone."""

from __future__ import annotations

import json
from datetime import date

from rpgmylife_desktop.domain import commands as c
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.habits import HABIT_SETTINGS
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from tests.unit.domain.helpers import new_game

SETTINGS = {
    "name": "Swim",
    "notes": "50 m lanes",
    "tags": ("sport", "water"),
    "color": "#3366cc",
    "kind": "both",
    "difficulty": "hard",
    "schedule": Schedule(kind="weekdays", weekdays=(1, 3)),
    "target": NumericTarget(amount=20.0, mode="at_least"),
    "reminders": ("07:30",),
    "start_day": date(2026, 2, 20),
}
"""A value other than the default for every setting."""

OTHER = {
    "name": "Swim far",
    "notes": "",
    "tags": ("sport",),
    "color": "#112233",
    "kind": "positive",
    "difficulty": "easy",
    "schedule": Schedule(kind="daily"),
    "target": NumericTarget(amount=5.0, mode="at_most"),
    "reminders": (),
    "start_day": date(2026, 2, 25),
}


def test_the_settings_are_the_fields_of_habit_added_that_every_command_takes() -> None:
    assert set(SETTINGS) == set(OTHER) == set(HABIT_SETTINGS)
    assert (
        tuple(n for n in ev.HabitAdded.model_fields if n not in ("habit_id", "position"))
        == HABIT_SETTINGS
    )
    for name in HABIT_SETTINGS:
        assert name in c.AddHabit.model_fields and name in c.EditHabit.model_fields, name


def test_adding_a_habit_stores_every_setting_in_the_same_bytes_as_before() -> None:
    game = new_game()
    recorded = game.execute(c.AddHabit(habit_id="swim", **SETTINGS))  # type: ignore[arg-type]
    [added] = [r for r in recorded if isinstance(r.event, ev.HabitAdded)]
    # The payload of schema version 1, key order included (the log stores it as is).
    assert json.dumps(added.event.payload(), separators=(",", ":")) == (
        '{"habit_id":"swim","name":"Swim","notes":"50 m lanes","tags":["sport","water"],'
        '"color":"#3366cc","kind":"both","difficulty":"hard","schedule":{"kind":"weekdays",'
        '"weekdays":[1,3],"every":1,"times":1},"target":{"mode":"at_least","amount":20.0,'
        '"unit":""},"reminders":["07:30"],"position":0,"start_day":"2026-02-20"}'
    )
    habit = game.state.habits["swim"]
    for name, value in SETTINGS.items():
        assert getattr(habit, name) == value, name
    # The copy and the snapshot data keep every setting.
    again = GameState.from_data(json.loads(json.dumps(game.state.to_data()))).habits["swim"]
    for copy in (habit.copy(), again):
        assert all(getattr(copy, n) == v for n, v in SETTINGS.items())


def test_editing_every_setting_is_one_event_that_undo_takes_back() -> None:
    game = new_game()
    game.execute(c.AddHabit(habit_id="swim", **SETTINGS))  # type: ignore[arg-type]
    recorded = game.execute(c.EditHabit(habit_id="swim", **OTHER))  # type: ignore[arg-type]
    [edited] = [r for r in recorded if isinstance(r.event, ev.HabitEdited)]
    assert set(edited.event.new) == set(HABIT_SETTINGS)
    habit = game.state.habits["swim"]
    assert all(getattr(habit, n) == v for n, v in OTHER.items())
    game.execute(c.UndoLastCommand())
    habit = game.state.habits["swim"]
    assert all(getattr(habit, n) == v for n, v in SETTINGS.items())
