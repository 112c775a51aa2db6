"""Every command of the game: imperative pydantic models, validated at the edge.

Each command has a `command_id` (a new uuid4 text by default); every event it produces is
recorded with that id, which is what undo, redo and revert work with. Commands that add
something carry the new id (`habit_id`, `quest_id`, ...) with a fresh default, so the
caller knows it before deciding. Edit commands change only the fields that are not None;
`clear_...` flags clear an optional field.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from rpgmylife_desktop.domain.input_checks import (
    MAX_AMOUNT,
    Amount,
    ColorText,
    NotesText,
    Price,
    ReminderTime,
    ShortText,
    TargetInput,
    one_line,
)
from rpgmylife_desktop.domain.values import (
    DEFAULT_CHARACTER_NAME,
    Difficulty,
    Direction,
    GoalMeasure,
    HabitKind,
    Schedule,
)


def new_id() -> str:
    """A fresh random id (uuid4 text)."""
    return str(uuid.uuid4())


NameText = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(one_line)]
"""A non-empty name or title of at most 200 characters, one line of printable text."""


class Command(BaseModel):
    """Base of every command."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )

    command_id: str = Field(default_factory=new_id)


# --- character and settings ----------------------------------------------------------


class CreateCharacter(Command):
    """Create the character (refused when one exists)."""

    name: NameText = DEFAULT_CHARACTER_NAME


class RenameCharacter(Command):
    """Give the character a new name."""

    name: NameText


class ChangeSettings(Command):
    """Change settings that change outcomes; None leaves a setting as it is."""

    day_start_hour: int | None = Field(default=None, ge=0, le=23)
    time_zone: str | None = None
    ruleset_version: int | None = Field(default=None, ge=1)


# --- habits ----------------------------------------------------------------------------


class AddHabit(Command):
    """Add a habit."""

    habit_id: str = Field(default_factory=new_id)
    name: NameText
    notes: NotesText = ""
    tags: tuple[ShortText, ...] = ()
    color: ColorText = ""
    kind: HabitKind = "positive"
    difficulty: Difficulty = "easy"
    schedule: Schedule = Schedule()
    target: TargetInput = None
    reminders: tuple[ReminderTime, ...] = ()
    start_day: date | None = None
    """The habit's first local day (default: today); earlier for imported history."""


class EditHabit(Command):
    """Change some fields of a habit."""

    habit_id: str
    name: NameText | None = None
    notes: NotesText | None = None
    tags: tuple[ShortText, ...] | None = None
    color: ColorText | None = None
    kind: HabitKind | None = None
    difficulty: Difficulty | None = None
    schedule: Schedule | None = None
    target: TargetInput = None
    clear_target: bool = False
    reminders: tuple[ReminderTime, ...] | None = None
    start_day: date | None = None
    """A new first day (refused once a closed day or a log would fall on the wrong side of
    it; see `decide.habits.check_start_move`)."""


class ArchiveHabit(Command):
    """Archive a habit (hidden, never due, cannot be logged)."""

    habit_id: str


class RestoreHabit(Command):
    """Bring an archived habit back."""

    habit_id: str


class ReorderHabits(Command):
    """Put the listed habits in this order (others keep their places after them)."""

    habit_ids: tuple[str, ...]


class PauseHabit(Command):
    """Pause a habit from `start` to `end` inclusive (local days)."""

    habit_id: str
    start: date
    end: date
    pause_id: str = Field(default_factory=new_id)


class ResumeHabit(Command):
    """End a habit's pauses early: the habit is due again from `day` on (every pause that
    reaches `day` or later now ends the day before)."""

    habit_id: str
    day: date


class SkipHabitDay(Command):
    """Skip one local day of a habit."""

    habit_id: str
    day: date


class LogHabit(Command):
    """Press + (up) or - (down) on a habit, optionally with an amount, a note, and a past
    moment `at` (a backfill; must be timezone-aware and not in the future)."""

    habit_id: str
    direction: Direction = "up"
    amount: Amount | None = None
    at: datetime | None = None
    note: NotesText = ""

    @field_validator("at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.utcoffset() is None:
            raise ValueError("the moment of a log must carry a time zone")
        return value


class BulkLog(NamedTuple):
    """One entry of an imported history, logged: the fields of the `LogHabit` it stands
    for, without a pydantic model per entry (an import brings tens of thousands). Made
    only by `bulk_log`, which checks what `LogHabit` checks, and decided only by the
    import's bulk path (`decide/backfill.py`); anything else takes `as_command()`."""

    command_id: str
    habit_id: str
    direction: Direction
    amount: float | None
    at: datetime
    note: str

    def as_command(self) -> LogHabit:
        """The `LogHabit` this log stands for (the same fields, validated)."""
        return LogHabit.model_validate(self._asdict())


def bulk_log(
    command_id: str, habit_id: str, direction: Direction, at: datetime, amount: float | None
) -> BulkLog | LogHabit:
    """A log without a note: a `BulkLog` when its values are already what `LogHabit`
    would hold (an aware moment, no amount or a positive float up to `MAX_AMOUNT`; the
    ids and direction are made by the caller), else the validated `LogHabit` (which
    refuses what it must, or converts it: an int amount becomes a float)."""
    if at.utcoffset() is not None and (
        amount is None or (type(amount) is float and 0.0 < amount <= MAX_AMOUNT)
    ):
        return BulkLog(command_id, habit_id, direction, amount, at, "")
    fields: dict[str, object] = {
        "command_id": command_id,
        "habit_id": habit_id,
        "direction": direction,
        "at": at,
    }
    if amount is not None:
        fields["amount"] = amount
    return LogHabit.model_validate(fields)


class CloseDay(Command):
    """Close a local day: judge missed dailies and the perfect day."""

    day: date


# --- quests -------------------------------------------------------------------------------


class AddQuest(Command):
    """Add a one-off quest, optionally with checklist items and a goal."""

    quest_id: str = Field(default_factory=new_id)
    title: NameText
    notes: NotesText = ""
    difficulty: Difficulty = "easy"
    due: date | None = None
    goal_id: str | None = None
    checklist: tuple[str, ...] = ()


class EditQuest(Command):
    """Change some fields of a quest."""

    quest_id: str
    title: NameText | None = None
    notes: NotesText | None = None
    difficulty: Difficulty | None = None
    due: date | None = None
    clear_due: bool = False
    goal_id: str | None = None
    clear_goal: bool = False


class CompleteQuest(Command):
    """Complete an open quest and collect its reward."""

    quest_id: str


class ReopenQuest(Command):
    """Reopen a completed or abandoned quest (a completion's reward is taken back)."""

    quest_id: str


class AbandonQuest(Command):
    """Give up an open quest; no outcome."""

    quest_id: str


class AddChecklistItem(Command):
    """Add a checklist item to a quest."""

    quest_id: str
    text: NameText
    item_id: str = Field(default_factory=new_id)


class CheckChecklistItem(Command):
    """Tick a checklist item."""

    quest_id: str
    item_id: str


class UncheckChecklistItem(Command):
    """Untick a checklist item."""

    quest_id: str
    item_id: str


class RenameChecklistItem(Command):
    """Change a checklist item's text."""

    quest_id: str
    item_id: str
    text: NameText


class RemoveChecklistItem(Command):
    """Remove a checklist item."""

    quest_id: str
    item_id: str


# --- goals ----------------------------------------------------------------------------------


class AddGoal(Command):
    """Add a goal with linked habits and quests and a measurable target."""

    goal_id: str = Field(default_factory=new_id)
    title: NameText
    description: NotesText = ""
    target_date: date | None = None
    habit_ids: tuple[str, ...] = ()
    quest_ids: tuple[str, ...] = ()
    measure: GoalMeasure = GoalMeasure()


class EditGoal(Command):
    """Change some fields of a goal."""

    goal_id: str
    title: NameText | None = None
    description: NotesText | None = None
    target_date: date | None = None
    clear_target_date: bool = False
    habit_ids: tuple[str, ...] | None = None
    quest_ids: tuple[str, ...] | None = None
    measure: GoalMeasure | None = None


class AchieveGoal(Command):
    """Mark a goal achieved (needed for `manual` goals; others achieve themselves when
    their target is met, and are refused here until then)."""

    goal_id: str


# --- rewards ----------------------------------------------------------------------------


class AddReward(Command):
    """Add a reward priced in gold."""

    reward_id: str = Field(default_factory=new_id)
    title: NameText
    notes: NotesText = ""
    price: Price


class EditReward(Command):
    """Change some fields of a reward."""

    reward_id: str
    title: NameText | None = None
    notes: NotesText | None = None
    price: Price | None = None


class ClaimReward(Command):
    """Spend gold on a reward (refused when gold is short)."""

    reward_id: str


# --- archive and delete of quests, goals and rewards ----------------------------------------


class ArchiveQuest(Command):
    """Archive a quest: it leaves the lists and cannot be used until restored."""

    quest_id: str


class RestoreQuest(Command):
    """Bring an archived quest back."""

    quest_id: str


class DeleteQuest(Command):
    """Delete a quest: gone from lists and lookups, kept in the log; pays and costs nothing
    (undo or revert brings it back)."""

    quest_id: str


class ArchiveGoal(Command):
    """Archive a goal: it leaves the lists and is not judged until restored."""

    goal_id: str


class RestoreGoal(Command):
    """Bring an archived goal back."""

    goal_id: str


class DeleteGoal(Command):
    """Delete a goal (kept in the log; pays and costs nothing)."""

    goal_id: str


class ArchiveReward(Command):
    """Archive a reward: it leaves the list and cannot be claimed until restored."""

    reward_id: str


class RestoreReward(Command):
    """Bring an archived reward back."""

    reward_id: str


class DeleteReward(Command):
    """Delete a reward (kept in the log, its claims in history; pays and costs nothing)."""

    reward_id: str


# --- undo ---------------------------------------------------------------------------------


class UndoLastCommand(Command):
    """Undo the last command that is not yet undone."""


class RedoCommand(Command):
    """Redo the most recently undone command (or `target_command_id` if given, which must
    be on the redo stack)."""

    target_command_id: str | None = None


class RevertEvent(Command):
    """Revert one past event (a log, a quest completion, a reward claim) by compensating
    the whole command that produced it."""

    event_id: str
