"""One human-readable line per event: "Logged Meditate: +12 XP, +1.3 gold".

`HistoryWriter` keeps just enough memory to write lines on its own (names of
habits, quests, goals, rewards and checklist items, units of numeric targets,
and the first line of recent commands for "Undid: ..." lines), so that both the
live History projection and a streamed history query over the log can use it
without folding the game state.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.numbers import amount_text as amount_text  # re-exported
from rpgmylife_desktop.domain.numbers import counted, unit_for
from rpgmylife_desktop.domain.values import DEFAULT_CHARACTER_NAME

RECENT_COMMANDS = 512
"""How many commands' first lines are kept for undo/redo lines (older ones say less)."""


_OUTCOMES: dict[tuple[int, float, float], str] = {}
"""Outcome texts written so far. A log of 100,000 events has a few hundred distinct
outcomes (the rules pay in steps), so replaying it formats each once instead of once per
event: formatting was a third of writing the history of a replay or an import."""

_OUTCOMES_KEPT = 4096


def outcome_text(xp: int, gold: float, hp: float) -> str:
    """The non-zero outcomes: "+12 XP, +0.97 gold, -2 HP" ('' when nothing changed)."""
    key = (xp, gold, hp)
    text = _OUTCOMES.get(key)
    if text is None:
        text = _outcome_text(xp, gold, hp)
        if len(_OUTCOMES) >= _OUTCOMES_KEPT:
            _OUTCOMES.clear()
        _OUTCOMES[key] = text
    return text


def _outcome_text(xp: int, gold: float, hp: float) -> str:
    parts = []
    if xp:
        parts.append(f"{xp:+d} XP")
    if round(gold, 2):
        parts.append(f"{amount_text(gold, signed=True)} gold")
    if round(hp, 2):
        parts.append(f"{amount_text(hp, signed=True)} HP")
    return ", ".join(parts)


def _with(text: str, outcome: str) -> str:
    return f"{text}: {outcome}" if outcome else text


def _amount(value: float) -> str:
    return amount_text(value)


HISTORY_MARKERS = (ev.CommandUndone, ev.CommandRedone)
"""Undo and redo markers: their lines name another command, never their own."""


class HistoryWriter:
    """Writes the history line of each event, in canonical order."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.units: dict[str, str] = {}
        self.character = DEFAULT_CHARACTER_NAME
        self.commands: OrderedDict[str, str] = OrderedDict()

    def copy(self) -> HistoryWriter:
        """An independent copy (for checkpoints)."""
        other = HistoryWriter()
        other.names = dict(self.names)
        other.units = dict(self.units)
        other.character = self.character
        other.commands = OrderedDict(self.commands)
        return other

    def to_data(self) -> dict[str, Any]:
        """JSON-able form (for snapshots)."""
        return {
            "names": self.names,
            "units": self.units,
            "character": self.character,
            "commands": list(self.commands.items()),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> HistoryWriter:
        """The writer saved by `to_data`."""
        writer = cls()
        writer.names = dict(data["names"])
        writer.units = dict(data["units"])
        writer.character = str(data["character"])
        writer.commands = OrderedDict((str(k), str(v)) for k, v in data["commands"])
        return writer

    def line(self, recorded: Recorded) -> str:
        """The line for one event (and remember what later lines need)."""
        event = recorded.event
        write = _WRITERS.get(type(event))
        text = write(self, event) if write is not None else f"{type(event).event_type}"
        if isinstance(event, ev.HabitLogged) and event.backfilled:
            recorded_day = recorded.recorded_at.date()
            text += (
                f" (backfilled to {day_text(event.day, year=event.day.year != recorded_day.year)})"
            )
        if not isinstance(event, HISTORY_MARKERS):
            commands, command_id = self.commands, recorded.command_id
            if command_id not in commands:
                commands[command_id] = text
                if len(commands) > RECENT_COMMANDS:
                    commands.popitem(last=False)
        return text

    def name(self, item_id: str) -> str:
        """The current name of a habit, quest, goal, reward or checklist item."""
        return self.names.get(item_id, "(unknown)")

    def _edited(self, item_id: str, new: dict[str, Any], title_field: str, what: str) -> str:
        old_name = self.name(item_id)
        if isinstance(new.get(title_field), str):
            self.names[item_id] = new[title_field]
            return f"Renamed {what} {old_name} to {new[title_field]}"
        fields = ", ".join(sorted(new))
        return f"Edited {what} {old_name} ({fields})"

    def _command(self, command_id: str) -> str:
        return self.commands.get(command_id, "an earlier command")


def _character_created(w: HistoryWriter, e: ev.CharacterCreated) -> str:
    w.character = e.name
    return f"Created the character {e.name}"


def _character_renamed(w: HistoryWriter, e: ev.CharacterRenamed) -> str:
    w.character = e.new_name
    return f"Renamed the character {e.old_name} to {e.new_name}"


def _level_gained(w: HistoryWriter, e: ev.LevelGained) -> str:
    refill = outcome_text(0, 0.0, e.hp_delta)
    return f"Reached level {e.level}" + (f", HP refilled ({refill})" if refill else "")


def settings_words(e: ev.SettingsChanged) -> str:
    """What a settings change made, the one way history and `settings` say it: "day
    starts at 06:00, time zone Europe/Paris, rules version 2"."""
    parts = []
    if e.day_start_hour is not None:
        parts.append(f"day starts at {e.day_start_hour:02d}:00")
    if e.time_zone is not None:
        parts.append(f"time zone {e.time_zone}")
    if e.ruleset_version is not None:
        parts.append(f"rules version {e.ruleset_version}")
    return ", ".join(parts) or "nothing"


def _settings(w: HistoryWriter, e: ev.SettingsChanged) -> str:
    return f"Changed settings: {settings_words(e)}"


def _habit_added(w: HistoryWriter, e: ev.HabitAdded) -> str:
    w.names[e.habit_id] = e.name
    w.units[e.habit_id] = e.target.unit if e.target is not None else ""
    return f"Added habit {e.name}"


def _habit_edited(w: HistoryWriter, e: ev.HabitEdited) -> str:
    if "target" in e.new:
        target = e.new["target"]
        w.units[e.habit_id] = str(target.get("unit", "")) if isinstance(target, dict) else ""
    return w._edited(e.habit_id, e.new, "name", "habit")


def _habit_logged(w: HistoryWriter, e: ev.HabitLogged) -> str:
    # Most lines of a long history: `w.name`, `outcome_text`'s cache and `_with` inlined.
    name = w.names.get(e.habit_id, "(unknown)")
    text = f"Logged {name}" if e.direction == "up" else f"Slipped on {name}"
    if e.amount is not None:
        unit = w.units.get(e.habit_id, "")
        text += (
            f" ({_amount(e.amount)} {unit_for(e.amount, unit)})"
            if unit
            else f" ({_amount(e.amount)})"
        )
    key = (e.xp_delta, e.gold_delta, e.hp_delta)
    outcome = _OUTCOMES.get(key)
    if outcome is None:
        outcome = outcome_text(*key)
    if e.critical:
        outcome += f", critical hit ×{e.critical_multiplier:g}"
    return f"{text}: {outcome}" if outcome else text


def _day_closed(w: HistoryWriter, e: ev.DayClosed) -> str:
    day = day_text(e.day)
    if e.judged == 0:
        summary = f"Closed {day}: no dailies were due"
    elif e.perfect:
        every = "all " if e.judged > 1 else ""
        summary = f"Closed {day}: perfect day, {every}{counted(e.judged, 'daily', 'dailies')} done"
    else:
        judged = counted(e.judged, "daily", "dailies")
        summary = f"Closed {day}: {e.done} of {judged} done, {e.missed} missed"
    return _with(summary, outcome_text(e.xp_delta, e.gold_delta, e.hp_delta))


def _quest_added(w: HistoryWriter, e: ev.QuestAdded) -> str:
    w.names[e.quest_id] = e.title
    for item in e.checklist:
        w.names[item.item_id] = item.text
    return f"Added quest {e.title}" + (f", due {day_text(e.due)}" if e.due else "")


def _quest_completed(w: HistoryWriter, e: ev.QuestCompleted) -> str:
    outcome = outcome_text(e.xp_delta, e.gold_delta, e.hp_delta)
    if e.critical:
        outcome += f", critical hit ×{e.critical_multiplier:g}"
    return _with(f"Completed quest {w.name(e.quest_id)}", outcome)


def _item_added(w: HistoryWriter, e: ev.ChecklistItemAdded) -> str:
    w.names[e.item_id] = e.text
    return f"Added “{e.text}” to quest {w.name(e.quest_id)}"


def _item_renamed(w: HistoryWriter, e: ev.ChecklistItemRenamed) -> str:
    w.names[e.item_id] = e.new_text
    return f"Renamed “{e.old_text}” to “{e.new_text}” on quest {w.name(e.quest_id)}"


def _goal_added(w: HistoryWriter, e: ev.GoalAdded) -> str:
    w.names[e.goal_id] = e.title
    return f"Added goal {e.title}"


def _reward_added(w: HistoryWriter, e: ev.RewardAdded) -> str:
    w.names[e.reward_id] = e.title
    return f"Added reward {e.title} for {amount_text(e.price)} gold"


def _outcome(e: Any) -> str:
    return str(outcome_text(e.xp_delta, e.gold_delta, e.hp_delta))


_WRITERS: dict[type[Any], Callable[[HistoryWriter, Any], str]] = {
    ev.CharacterCreated: _character_created,
    ev.CharacterRemoved: lambda w, e: f"Removed the character {e.name}",
    ev.CharacterRenamed: _character_renamed,
    ev.LevelGained: _level_gained,
    ev.LevelGainReverted: lambda w, e: _with(
        f"Took back reaching level {e.level}", outcome_text(0, 0.0, e.hp_delta)
    ),
    ev.CharacterFainted: lambda w, e: _with(
        f"Fainted at level {e.level}, HP refilled", _outcome(e)
    ),
    ev.CharacterFaintReverted: lambda w, e: _with(
        f"Took back fainting at level {e.level}", _outcome(e)
    ),
    ev.SettingsChanged: _settings,
    ev.HabitAdded: _habit_added,
    ev.HabitRemoved: lambda w, e: f"Removed habit {w.name(e.habit_id)}",
    ev.HabitEdited: _habit_edited,
    ev.HabitArchived: lambda w, e: f"Archived habit {w.name(e.habit_id)}",
    ev.HabitRestored: lambda w, e: f"Restored habit {w.name(e.habit_id)}",
    ev.HabitReordered: lambda w, e: f"Moved habit {w.name(e.habit_id)}",
    ev.HabitPaused: lambda w, e: (
        f"Paused {w.name(e.habit_id)} from {day_text(e.start)} to {day_text(e.end)}"
    ),
    ev.HabitPauseEnded: lambda w, e: (
        f"Ended a pause of {w.name(e.habit_id)} early: due again from "
        f"{day_text(e.new_end + timedelta(days=1))}"
    ),
    ev.HabitPauseRemoved: lambda w, e: f"Ended a pause of {w.name(e.habit_id)}",
    ev.HabitSkipped: lambda w, e: f"Skipped {w.name(e.habit_id)} on {day_text(e.day)}",
    ev.HabitSkipReverted: lambda w, e: (
        f"Took back skipping {w.name(e.habit_id)} on {day_text(e.day)}"
    ),
    ev.HabitLogged: _habit_logged,
    ev.HabitLogReverted: lambda w, e: _with(
        f"Took back a log of {w.name(e.habit_id)}", _outcome(e)
    ),
    ev.DailyMissed: lambda w, e: _with(
        f"Missed {w.name(e.habit_id)} on {day_text(e.day)}", _outcome(e)
    ),
    ev.DailyMissReverted: lambda w, e: _with(
        f"Took back missing {w.name(e.habit_id)} on {day_text(e.day)}", _outcome(e)
    ),
    ev.DayClosed: _day_closed,
    ev.DayReopened: lambda w, e: _with(f"Reopened {day_text(e.day)}", _outcome(e)),
    ev.QuestAdded: _quest_added,
    ev.QuestRemoved: lambda w, e: f"Removed quest {w.name(e.quest_id)}",
    ev.QuestEdited: lambda w, e: w._edited(e.quest_id, e.new, "title", "quest"),
    ev.QuestCompleted: _quest_completed,
    ev.QuestCompletionReverted: lambda w, e: _with(
        f"Took back completing quest {w.name(e.quest_id)}", _outcome(e)
    ),
    ev.QuestReopened: lambda w, e: _with(f"Reopened quest {w.name(e.quest_id)}", _outcome(e)),
    ev.QuestReopenReverted: lambda w, e: _with(
        f"Took back reopening quest {w.name(e.quest_id)}", _outcome(e)
    ),
    ev.QuestAbandoned: lambda w, e: f"Abandoned quest {w.name(e.quest_id)}",
    ev.QuestAbandonReverted: lambda w, e: f"Took back abandoning quest {w.name(e.quest_id)}",
    ev.ChecklistItemAdded: _item_added,
    ev.ChecklistItemRemoved: lambda w, e: f"Removed “{e.text}” from quest {w.name(e.quest_id)}",
    ev.ChecklistItemChecked: lambda w, e: (
        f"Checked “{w.name(e.item_id)}” on quest {w.name(e.quest_id)}"
    ),
    ev.ChecklistItemUnchecked: lambda w, e: (
        f"Unchecked “{w.name(e.item_id)}” on quest {w.name(e.quest_id)}"
    ),
    ev.ChecklistItemRenamed: _item_renamed,
    ev.GoalAdded: _goal_added,
    ev.GoalRemoved: lambda w, e: f"Removed goal {w.name(e.goal_id)}",
    ev.GoalEdited: lambda w, e: w._edited(e.goal_id, e.new, "title", "goal"),
    ev.GoalAchieved: lambda w, e: _with(f"Achieved goal {w.name(e.goal_id)}", _outcome(e)),
    ev.GoalAchievementReverted: lambda w, e: _with(
        f"Took back achieving goal {w.name(e.goal_id)}", _outcome(e)
    ),
    ev.RewardAdded: _reward_added,
    ev.RewardRemoved: lambda w, e: f"Removed reward {w.name(e.reward_id)}",
    ev.RewardEdited: lambda w, e: w._edited(e.reward_id, e.new, "title", "reward"),
    ev.RewardClaimed: lambda w, e: _with(f"Claimed reward {w.name(e.reward_id)}", _outcome(e)),
    ev.RewardClaimReverted: lambda w, e: _with(
        f"Took back claiming reward {w.name(e.reward_id)}", _outcome(e)
    ),
    ev.QuestArchived: lambda w, e: f"Archived quest {w.name(e.quest_id)}",
    ev.QuestRestored: lambda w, e: f"Restored quest {w.name(e.quest_id)}",
    ev.QuestDeleted: lambda w, e: f"Deleted quest {w.name(e.quest_id)}",
    ev.QuestDeleteReverted: lambda w, e: f"Brought back deleted quest {w.name(e.quest_id)}",
    ev.GoalArchived: lambda w, e: f"Archived goal {w.name(e.goal_id)}",
    ev.GoalRestored: lambda w, e: f"Restored goal {w.name(e.goal_id)}",
    ev.GoalDeleted: lambda w, e: f"Deleted goal {w.name(e.goal_id)}",
    ev.GoalDeleteReverted: lambda w, e: f"Brought back deleted goal {w.name(e.goal_id)}",
    ev.RewardArchived: lambda w, e: f"Archived reward {w.name(e.reward_id)}",
    ev.RewardRestored: lambda w, e: f"Restored reward {w.name(e.reward_id)}",
    ev.RewardDeleted: lambda w, e: f"Deleted reward {w.name(e.reward_id)}",
    ev.RewardDeleteReverted: lambda w, e: f"Brought back deleted reward {w.name(e.reward_id)}",
    ev.CommandUndone: lambda w, e: (
        f"Reverted: {w._command(e.command_id)}"
        if e.reverted_event_id
        else f"Undid: {w._command(e.command_id)}"
    ),
    ev.CommandRedone: lambda w, e: f"Redid: {w._command(e.command_id)}",
}
