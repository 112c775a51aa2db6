"""`decide(state, command, ctx)`: the one entry point of the rules.

It returns the (stream, event) pairs to append in one commit, or raises CommandRefused
(and yields nothing). On a state without a character, any command that plays the game
first yields CharacterCreated(name="Adventurer"); CloseDay, undo, redo and revert do
not (there is nothing for them to act on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.calendar.days import day_text, local_day, zone
from rpgmylife_desktop.domain.decide import context as cx
from rpgmylife_desktop.domain.decide import goals as decide_goals
from rpgmylife_desktop.domain.decide import habits as decide_habits
from rpgmylife_desktop.domain.decide import quests as decide_quests
from rpgmylife_desktop.domain.decide import rewards as decide_rewards
from rpgmylife_desktop.domain.decide import shelf as decide_shelf
from rpgmylife_desktop.domain.decide import undo
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.decide.days import close_day
from rpgmylife_desktop.domain.decide.preview import preview
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events import CharacterCreated, CharacterRenamed, SettingsChanged
from rpgmylife_desktop.domain.events.settings import SETTING_NAMES
from rpgmylife_desktop.domain.events.streams import CHARACTER, SETTINGS
from rpgmylife_desktop.domain.rules import RULESET_VERSION, rules_for
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import DEFAULT_CHARACTER_NAME


def create_character(state: GameState, c: cmd.CreateCharacter, ctx: DecisionContext) -> Decision:
    """Create the character (once)."""
    if state.character is not None:
        raise CommandRefused(f"The character {state.character.name!r} already exists.")
    return [(CHARACTER, _created(c.name, state, ctx))]


def _created(name: str, state: GameState, ctx: DecisionContext) -> CharacterCreated:
    """A new character, on the newest ruleset (an older profile keeps the one it has)."""
    return CharacterCreated(name=name, day=cx.today(state, ctx), ruleset_version=RULESET_VERSION)


def rename_character(state: GameState, c: cmd.RenameCharacter, ctx: DecisionContext) -> Decision:
    """Rename the character."""
    character = cx.character(state)
    if character.name == c.name:
        raise CommandRefused(f"The character is already called {c.name!r}.")
    return [(CHARACTER, CharacterRenamed(old_name=character.name, new_name=c.name))]


def change_settings(state: GameState, c: cmd.ChangeSettings, ctx: DecisionContext) -> Decision:
    """Change the day start hour, time zone or ruleset (old values kept for undo)."""
    if c.time_zone is not None:
        zone(c.time_zone)
    if c.ruleset_version is not None:
        rules_for(c.ruleset_version)
    current = state.settings
    changed = tuple(
        name
        for name in SETTING_NAMES
        if getattr(c, name) is not None and getattr(c, name) != getattr(current, name)
    )
    if not changed:
        raise CommandRefused("The settings already look like that; nothing to change.")
    _check_today_stays_open(state, c, ctx)
    new: dict[str, Any] = {name: getattr(c, name) for name in changed}
    old: dict[str, Any] = {f"old_{name}": getattr(current, name) for name in changed}
    return [(SETTINGS, SettingsChanged(changed=changed, **new, **old))]


def _check_today_stays_open(state: GameState, c: cmd.ChangeSettings, ctx: DecisionContext) -> None:
    """Refuse a day start hour or time zone that would make today a day already closed:
    logs would then count for a judged day (and refund its misses) as if backfilled."""
    if (c.day_start_hour is None and c.time_zone is None) or state.last_closed_day is None:
        return
    hour = state.settings.day_start_hour if c.day_start_hour is None else c.day_start_hour
    tz = c.time_zone or state.time_zone(ctx.device_tz)
    today = local_day(ctx.now, tz, hour)
    if today <= state.last_closed_day:
        raise CommandRefused(
            f"With that setting today would be {day_text(today, year=True)}, "
            "a day that is already closed.",
            hint="Change it later, once the new setting's day has started.",
        )


Handler = Callable[[GameState, Any, DecisionContext], Decision]

HANDLERS: dict[type[cmd.Command], Handler] = {
    cmd.CreateCharacter: create_character,
    cmd.RenameCharacter: rename_character,
    cmd.ChangeSettings: change_settings,
    cmd.AddHabit: decide_habits.add_habit,
    cmd.EditHabit: decide_habits.edit_habit,
    cmd.ArchiveHabit: decide_habits.archive_habit,
    cmd.RestoreHabit: decide_habits.restore_habit,
    cmd.ReorderHabits: decide_habits.reorder_habits,
    cmd.PauseHabit: decide_habits.pause_habit,
    cmd.SkipHabitDay: decide_habits.skip_habit_day,
    cmd.ResumeHabit: decide_habits.resume_habit,
    cmd.LogHabit: decide_habits.log_habit,
    cmd.CloseDay: close_day,
    cmd.AddQuest: decide_quests.add_quest,
    cmd.EditQuest: decide_quests.edit_quest,
    cmd.CompleteQuest: decide_quests.complete_quest,
    cmd.ReopenQuest: decide_quests.reopen_quest,
    cmd.AbandonQuest: decide_quests.abandon_quest,
    cmd.AddChecklistItem: decide_quests.add_checklist_item,
    cmd.CheckChecklistItem: decide_quests.check_item,
    cmd.UncheckChecklistItem: decide_quests.uncheck_item,
    cmd.RenameChecklistItem: decide_quests.rename_item,
    cmd.RemoveChecklistItem: decide_quests.remove_item,
    cmd.AddGoal: decide_goals.add_goal,
    cmd.EditGoal: decide_goals.edit_goal,
    cmd.AchieveGoal: decide_goals.achieve_goal,
    cmd.AddReward: decide_rewards.add_reward,
    cmd.EditReward: decide_rewards.edit_reward,
    cmd.ClaimReward: decide_rewards.claim_reward,
    cmd.UndoLastCommand: undo.undo_last,
    cmd.RedoCommand: undo.redo,
    cmd.RevertEvent: undo.revert_event,
    **decide_shelf.HANDLERS,
}
"""The decider of every command type."""

_NO_AUTO_CHARACTER = (
    cmd.CreateCharacter,
    cmd.CloseDay,
    cmd.UndoLastCommand,
    cmd.RedoCommand,
    cmd.RevertEvent,
)


def decide(state: GameState, command: cmd.Command, ctx: DecisionContext) -> Decision:
    """The events `command` produces on `state`, in commit order (never empty), or
    CommandRefused. `state` is not changed."""
    handler = HANDLERS.get(type(command))
    if handler is None:
        raise CommandRefused(f"Unknown command {type(command).__name__}.")
    prefix: Decision = []
    if state.character is None and not isinstance(command, _NO_AUTO_CHARACTER):
        created = _created(DEFAULT_CHARACTER_NAME, state, ctx)
        prefix = [(CHARACTER, created)]
        state = preview(state, prefix, ctx, command.command_id)
    return prefix + handler(state, command, ctx)
