"""Commands and outcomes in the words the window shows ("Undo Log Meditate",
"+12 XP, +1.3 gold")."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.history_text import outcome_text

if TYPE_CHECKING:
    from rpgmylife_desktop.domain.decide.undo import UndoTarget


def menu_text(text: str) -> str:
    """`text` as an action's or a button's label shows it: a person's '&' (a habit named
    "Floss & brush") doubled, or Qt takes it for the next letter's Alt key and hides it."""
    return text.replace("&", "&&")


LABEL_CHARS = 40
"""The most of a command an action's label shows (Undo's: "Add habit A very long na…")."""


def shortened(text: str, most: int = LABEL_CHARS) -> str:
    """`text` cut to `most` characters with "…" when longer, for a label that must stay
    on a toolbar; the tooltip keeps it whole."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def rich_text(text: str) -> str:
    """`text` put inside a label's HTML as it is: a name with '<' or '&' ("Less <sugar>")
    is shown, not read as markup."""
    return html.escape(text, quote=False)


def tooltip(text: str) -> str:
    """`text` as a tooltip shows it, whole and as typed. Qt reads a tooltip as HTML when
    its first line looks like markup, so a habit named "<b>Gym</b> & co" would turn bold
    or lose words: every tooltip that carries a name or a note goes through here, escaped
    and marked as rich text so Qt never guesses; spaces and line breaks are kept and,
    as a plain tooltip, it is not wrapped (pre-wrap wrapped "Undo Log Gym" to a word a
    line)."""
    if not text:
        return ""
    return f'<p style="white-space:pre">{html.escape(text, quote=False)}</p>'


_VERBS = {
    "Logged": "Log",
    "Added": "Add",
    "Edited": "Edit",
    "Archived": "Archive",
    "Restored": "Restore",
    "Reordered": "Reorder",
    "Paused": "Pause",
    "Skipped": "Skip",
    "Removed": "Remove",
    "Completed": "Complete",
    "Reopened": "Reopen",
    "Abandoned": "Abandon",
    "Checked": "Check",
    "Unchecked": "Uncheck",
    "Renamed": "Rename",
    "Claimed": "Claim",
    "Achieved": "Achieve",
    "Created": "Create",
    "Changed": "Change",
}
_THINGS = (
    ("habit_id", "habits", "name"),
    ("quest_id", "quests", "title"),
    ("goal_id", "goals", "title"),
    ("reward_id", "rewards", "title"),
)


def _split(event_type: str) -> tuple[str, str]:
    words = re.findall(r"[A-Z][a-z]*", event_type)
    return " ".join(words[:-1]).lower(), words[-1] if words else ""


def name_in(state: GameState, event: Any) -> str:
    """The name of the habit, quest, goal or reward an event is about ('' if none)."""
    fields = type(event).model_fields
    for attribute, collection, title in _THINGS:
        if attribute in fields:
            thing = getattr(state, collection).get(getattr(event, attribute))
            if thing is not None:
                return str(getattr(thing, title))
            # Gone from the state (an undone "Add habit" on the redo stack): the event
            # that added it carries the name.
            own = getattr(event, title, None)
            if isinstance(own, str):
                return own
    if isinstance(event, ev.CharacterCreated):
        return event.name
    return ""


def describe_event(state: GameState, event: Any) -> str:
    """A command's name from its first event: "Log Meditate", "Add habit Read"."""
    what, past = _split(type(event).event_type)
    verb = _VERBS.get(past, past)
    name = name_in(state, event)
    if isinstance(event, ev.HabitLogged):
        return f"{'Slip on' if event.direction == 'down' else 'Log'} {name}"
    if isinstance(event, ev.SettingsChanged):
        return "Change settings"
    noun = "" if isinstance(event, ev.HabitLogged) else what
    return " ".join(part for part in (verb, noun, name) if part)


_SIDE_EVENTS = (ev.CharacterCreated, ev.LevelGained, ev.CharacterFainted, ev.GoalAchieved)


def describe_command(state: GameState, events: Sequence[Any]) -> str:
    """A command's name from its events (their main one, not a side effect)."""
    main = next((e for e in events if not isinstance(e, _SIDE_EVENTS)), events[0])
    return describe_event(state, main)


def undo_text(state: GameState, target: UndoTarget) -> str | None:
    """What Undo would undo ("Log Meditate"; `Game.undo_target`: this device's newest
    command that closed days do not keep), or None when nothing can be undone here
    (another computer's commands are not undone here)."""
    record = target.record
    if record is None:
        return None
    if not record.events:
        return "the last command"
    return describe_command(state, [item.event for item in record.events])


def redo_text(state: GameState, device_id: str | None) -> str | None:
    """What Redo on `device_id` would redo, or None."""
    log = state.commands
    redoable = log.redoable(device_id)
    if not redoable:
        return None
    record = log.records.get(redoable[-1])
    if record is None or not record.events:
        return "the undone command"
    return describe_command(state, [item.event for item in record.events])


def outcome_words(events: Iterable[Recorded]) -> str:
    """ "+12 XP, +1.03 gold, -2 HP" summed over a command's events ('' when none), written
    the way History writes each event's outcome (`outcome_text`)."""
    xp, gold, hp = 0, 0.0, 0.0
    for recorded in events:
        event = recorded.event
        if isinstance(event, ev.Outcome):
            xp += event.xp_delta
            gold += event.gold_delta
            hp += event.hp_delta
    return outcome_text(xp, gold, hp)


def pause_label(state: GameState, command: cmd.PauseHabit) -> str:
    """A pause in the status bar as History and the CLI write it: "Paused Gym & swim from
    Mon 2 Nov to Sun 8 Nov" (the name as typed: the status bar shows plain text)."""
    habit = state.habits.get(command.habit_id)
    name = command.habit_id if habit is None else habit.name
    return f"Paused {name} from {day_text(command.start)} to {day_text(command.end)}"
