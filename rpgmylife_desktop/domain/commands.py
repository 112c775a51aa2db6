"""Every command of the game: imperative pydantic models, validated at the edge.

Each command has a `command_id` (a new uuid4 text by default); every event it produces is
recorded with that id, which is what undo, redo and revert work with. Commands that add
something carry the new id (`habit_id`, `quest_id`, ...) with a fresh default, so the
caller knows it before deciding. Edit commands change only the fields that are not None;
`clear_...` flags clear an optional field.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from rpgmylife_desktop.domain.values import (
    Difficulty,
    Direction,
    GoalMeasure,
    HabitKind,
    NumericTarget,
    Schedule,
)


def new_id() -> str:
    """A fresh random id (uuid4 text)."""
    return str(uuid.uuid4())


MAX_AMOUNT = 1_000_000.0
"""The largest amount one log, target or price may carry: far above any real day
(a million steps), far below where sums of them lose precision or overflow."""

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def is_unprintable(char: str, *, multiline: bool = False) -> bool:
    """True for a character a one-line name must not hold: control characters (a bell,
    an escape sequence, a newline), line separators, lone surrogates and the direction
    overrides that make text read other than it is stored."""
    if multiline and char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in _BIDI_CONTROLS


def _printable(value: str, *, multiline: bool) -> str:
    bad = next((ch for ch in value if is_unprintable(ch, multiline=multiline)), None)
    if bad is not None:
        lines = "text" if multiline else "one line of printable text"
        raise ValueError(f"must be {lines}; it holds the control character {bad!r}")
    return value


def _one_line(value: str) -> str:
    return _printable(value, multiline=False)


def _lines(value: str) -> str:
    return _printable(value, multiline=True)


def _clock_time(value: str) -> str:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{value!r} is not a time of day (HH:MM, 00:00 to 23:59)")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


_COLOR_NAMES = frozenset(
    (
        *("red", "orange", "yellow", "green", "blue", "purple", "pink", "brown"),
        *("gray", "grey", "black", "white", "teal", "cyan", "magenta", "lime"),
        *("navy", "olive", "maroon", "silver", "gold", "indigo", "violet"),
    )
)


def _color(value: str) -> str:
    if value and not (
        re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", value) or value.lower() in _COLOR_NAMES
    ):
        raise ValueError(f"{value!r} is not a colour (use #rgb, #rrggbb or a name like teal)")
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


NameText = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_one_line)]
"""A non-empty name or title of at most 200 characters, one line of printable text."""

ShortText = Annotated[str, Field(max_length=200), AfterValidator(_one_line)]
"""A tag or a unit: one line of printable text (may be empty)."""

NotesText = Annotated[str, Field(max_length=10_000), AfterValidator(_lines)]
"""Free notes: several lines allowed, no other control characters."""

ReminderTime = Annotated[str, AfterValidator(_clock_time)]
"""A reminder time of day, `HH:MM`."""

ColorText = Annotated[str, AfterValidator(_color)]
"""A colour: `#rgb`, `#rrggbb` or a common name; empty for none."""

Amount = Annotated[float, Field(gt=0, le=MAX_AMOUNT), AfterValidator(_finite)]
"""How much one log counts: positive, finite, at most `MAX_AMOUNT`."""

Price = Annotated[float, Field(ge=0, le=MAX_AMOUNT), AfterValidator(_finite)]
"""A price in gold: finite, 0 to `MAX_AMOUNT`."""


def _target(value: NumericTarget | None) -> NumericTarget | None:
    # Checked on the command, not on NumericTarget itself: events carry that type, and
    # a rule for new input must never make an old log unreadable.
    if value is not None:
        _finite(value.amount)
        if value.amount > MAX_AMOUNT:
            raise ValueError(f"a target is at most {MAX_AMOUNT:,.0f}")
        _one_line(value.unit)
        if len(value.unit) > 40:
            raise ValueError("a unit is at most 40 characters")
    return value


TargetInput = Annotated[NumericTarget | None, AfterValidator(_target)]
"""A new numeric target: finite, at most `MAX_AMOUNT`, a one-line unit."""


class Command(BaseModel):
    """Base of every command."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    command_id: str = Field(default_factory=new_id)


# --- character and settings ----------------------------------------------------------


class CreateCharacter(Command):
    """Create the character (refused when one exists)."""

    name: NameText = "Adventurer"


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


COMMAND_TYPES: tuple[type[Command], ...] = (
    CreateCharacter,
    RenameCharacter,
    ChangeSettings,
    AddHabit,
    EditHabit,
    ArchiveHabit,
    RestoreHabit,
    ReorderHabits,
    PauseHabit,
    SkipHabitDay,
    LogHabit,
    CloseDay,
    AddQuest,
    EditQuest,
    CompleteQuest,
    ReopenQuest,
    AbandonQuest,
    AddChecklistItem,
    CheckChecklistItem,
    UncheckChecklistItem,
    RenameChecklistItem,
    RemoveChecklistItem,
    AddGoal,
    EditGoal,
    AchieveGoal,
    AddReward,
    EditReward,
    ClaimReward,
    UndoLastCommand,
    RedoCommand,
    RevertEvent,
)
"""Every command class."""
