"""The closed-days guard of undo and redo: what a closed day was judged with stays.

A pause, a skip, a habit's start day, the day start hour and the time zone decide how a
day is judged, and so does the habit itself. Once the day is closed, changing them would
change what the day counted as (a paused day missed, or a missed day paused) with no
charge or refund: the commands that change them refuse closed days
(`decide.habits.pause_habit`, `resume_habit`, `skip_habit_day`, `check_start_move`,
`decide._check_today_stays_open`), and so must undo and redo, which change them with
compensating or replayed events. A closed day keeps the habits it judged too: undoing
the add of one is refused (`HabitKept`), since its misses and their HP would stay with
nothing to show them; archiving it is the way to stop it.
"""

from __future__ import annotations

import shlex
from datetime import date

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar.days import day_text, local_day
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.decide.habits import check_start_move
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.settings import DAY_SETTINGS
from rpgmylife_desktop.domain.state import GameState

_Range = tuple[date, date] | None


def _covers(span: _Range, day: date) -> bool:
    return span is not None and span[0] <= day <= span[1]


def _pause_after(event: ev.DomainEvent) -> _Range:
    """The range a pause event leaves its pause with (None: no pause left)."""
    if isinstance(event, ev.HabitPaused):
        return (event.start, event.end)
    if isinstance(event, ev.HabitPauseEnded) and event.new_end >= event.start:
        return (event.start, event.new_end)
    return None


class NotYet(CommandRefused):
    """A refusal that lifts by itself later (a day start change that would make today a
    closed day is fine once that setting's day has started): Undo waits for it instead of
    passing over it to an older command."""


def check_closed_days(
    state: GameState, events: Decision, action: str, ctx: DecisionContext
) -> None:
    """Refuse (`Cannot {action}: ...`) when `events` would change a pause, a skip or the
    day boundary over a day already closed."""
    closed = sorted(state.closed_days)
    for _, event in events:
        if isinstance(event, ev.HabitPaused | ev.HabitPauseRemoved | ev.HabitPauseEnded):
            habit = state.habits.get(event.habit_id)
            if habit is None:
                continue
            before = habit.pauses.get(event.pause_id)
            after = _pause_after(event)
            changed = [
                d
                for d in closed
                if d >= habit.start_day and _covers(before, d) != _covers(after, d)
            ]
            if changed:
                raise CommandRefused(
                    f"Cannot {action}: it would change the pause of {habit.name!r} on "
                    f"{day_text(changed[0], year=True)}, a day already closed and judged "
                    "with it.",
                    hint="Closed days keep the pauses they were judged with.",
                )
        elif isinstance(event, ev.HabitSkipped | ev.HabitSkipReverted):
            habit = state.habits.get(event.habit_id)
            if habit is not None and event.day in state.closed_days:
                raise CommandRefused(
                    f"Cannot {action}: {day_text(event.day, year=True)} is already closed "
                    "and was judged "
                    f"with {habit.name!r} {'not ' if isinstance(event, ev.HabitSkipped) else ''}"
                    "skipped.",
                    hint="Closed days keep the skips they were judged with.",
                )
        elif isinstance(event, ev.HabitEdited) and "start_day" in event.new:
            habit = state.habits.get(event.habit_id)
            if habit is not None:
                start = date.fromisoformat(str(event.new["start_day"]))
                check_start_move(state, habit, start, action)
        elif isinstance(event, ev.SettingsChanged):
            _check_settings(state, event, action, ctx)
        elif isinstance(event, ev.HabitRemoved):
            _check_habit_kept(state, event.habit_id, action)
        elif isinstance(event, ev.CharacterRemoved) and state.closed_days:
            # The character's HP, XP and gold carry what every closed day cost and paid.
            first = min(state.closed_days)
            raise CommandRefused(
                f"Cannot {action}: {day_text(first, year=True)} is already closed and was "
                "played by your character.",
                hint="Closed days keep the character that played them; to change its name, "
                "rename it again: `rpgmylife rename NAME`.",
                window_hint="Closed days keep the character that played them.",
            )


class HabitKept(CommandRefused):
    """Taking back the add of a habit that a closed day was judged with: its misses and
    their HP, the days' perfect or not, stay with those days; archiving stops it."""


def _check_habit_kept(state: GameState, habit_id: str, action: str) -> None:
    """Refuse to remove (undo the add of) a habit once a day from its start is closed:
    that day was judged with it (a miss and its HP, a perfect day or not), and removing
    the habit would leave the miss with nothing to show it, or take it back unearned."""
    habit = state.habits.get(habit_id)
    if habit is None or (judged := habit.judged_from) is None:
        return
    name = habit.name
    raise HabitKept(
        f"Cannot {action}: {day_text(judged, year=True)} is already closed and was "
        f"judged with {name!r}.",
        hint="Closed days keep the habits they were judged with; to stop tracking it, "
        f"archive it: `rpgmylife habit archive {shlex.quote(name)}`.",
        window_hint="Closed days keep the habits they were judged with; to stop tracking "
        "it, archive it: select it and choose Edit > Archive / restore.",
    )


def _check_settings(
    state: GameState, event: ev.SettingsChanged, action: str, ctx: DecisionContext
) -> None:
    changed = set(event.settings_set())
    if not changed.intersection(DAY_SETTINGS) or state.last_closed_day is None:
        return
    hour = state.settings.day_start_hour
    if "day_start_hour" in changed and event.day_start_hour is not None:
        hour = event.day_start_hour
    tz = state.time_zone(ctx.device_tz)
    if "time_zone" in changed:
        tz = event.time_zone or ctx.device_tz
    today = local_day(ctx.now, tz, hour)
    if today <= state.last_closed_day:
        raise NotYet(
            f"Cannot {action}: with that setting today would be "
            f"{day_text(today, year=True)}, a day that is already closed.",
            hint="Do it later, once that setting's day has started.",
        )
