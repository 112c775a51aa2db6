"""What the session hands back: a command's result, the status line, a view of the past.

Plain frozen values, so the GUI and the CLI can keep them without holding the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.numbers import amount_text
from rpgmylife_desktop.domain.rules import rules_for
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.catalog import ReadModels
from rpgmylife_desktop.projections.changes import Change
from rpgmylife_desktop.projections.character_sheet import sheet_of
from rpgmylife_desktop.projections.projection_set import Projections
from rpgmylife_desktop.projections.projection_set import state_digest as projections_digest

if TYPE_CHECKING:  # a reading session never builds a command (application/session.py)
    from rpgmylife_desktop.domain.commands import Command


@dataclass(frozen=True, slots=True)
class CommandResult:
    """What one command did: its events as recorded (empty when it changed nothing)."""

    command: Command
    events: tuple[Recorded, ...]
    position: int
    changes: tuple[Change, ...]

    @property
    def written(self) -> bool:
        """True when the command appended events."""
        return bool(self.events)


CommandListener = Callable[[CommandResult], None]
"""Called after a live command is durable and applied (never during replay)."""


@dataclass(frozen=True, slots=True)
class Status:
    """The character sheet and where the log stands: what `status` prints."""

    name: str
    level: int
    xp: int
    xp_to_next: int
    hp: float
    max_hp: float
    gold: float
    events: int
    position: int
    state_digest: str | None
    """None when the caller did not ask for it (hashing a 20-year state takes ~1 s)."""
    today: date | None

    def to_json(self) -> dict[str, Any]:
        """Stable JSON form (`status --json`)."""
        return {
            "name": self.name,
            "level": self.level,
            "xp": self.xp,
            "xp_to_next": self.xp_to_next,
            "hp": self.hp,
            "max_hp": self.max_hp,
            "gold": self.gold,
            "events": self.events,
            "position": self.position,
            "state_digest": self.state_digest,
            "today": None if self.today is None else self.today.isoformat(),
        }


def sheet_change_text(xp_gained: int, before: Status, after: Status) -> str:
    """What an import changes on the character sheet, as the previews say it: "XP +120,
    levels +1, gold +3.5, HP -2"; what stays the same is left out (XP always shown)."""
    levels, gold, hp = after.level - before.level, after.gold - before.gold, after.hp - before.hp
    words = [f"XP {xp_gained:+d}"]
    if levels:
        words.append(f"levels {levels:+d}")
    if amount_text(gold) != "0":
        words.append(f"gold {amount_text(gold, signed=True)}")
    if amount_text(hp) != "0":
        words.append(f"HP {amount_text(hp, signed=True)}")
    return ", ".join(words)


def character_change_text(xp_gained: int, before: Status, after: Status) -> str:
    """What a history import does to the character, as its preview says it: "your
    character: XP +10,452, level 1 -> 29, gold +1,974.62, HP 50 -> 27.3". Levels and HP
    are said as where they go (a newcomer reads "levels +28" as a count to add up);
    what stays the same is left out (XP always shown)."""
    words = [f"XP {xp_gained:+,d}"]
    if after.level != before.level:
        words.append(f"level {before.level} → {after.level}")
    if amount_text(after.gold - before.gold) != "0":
        words.append(f"gold {amount_text(after.gold - before.gold, signed=True)}")
    if amount_text(after.hp - before.hp) != "0":
        words.append(f"HP {amount_text(before.hp)} → {amount_text(after.hp)}")
    return "your character: " + ", ".join(words)


def status_of(state: GameState, digest: str | None, position: int, today: date | None) -> Status:
    """The `Status` of a game state (live or as of an earlier point)."""
    sheet = sheet_of(state)
    if sheet is None:
        max_hp = rules_for(state.settings.ruleset_version).max_hp
        return Status("", 1, 0, 0, max_hp, max_hp, 0.0, state.event_count, position, digest, today)
    return Status(
        name=sheet.name,
        level=sheet.level,
        xp=sheet.xp,
        xp_to_next=sheet.xp_to_next,
        hp=sheet.hp,
        max_hp=sheet.max_hp,
        gold=sheet.gold,
        events=state.event_count,
        position=position,
        state_digest=digest,
        today=today,
    )


class PastView:
    """A read-only game state of the past, with its own read models.

    Its `status` (which carries the state digest, a hash of the whole state that
    costs about as much as the travel itself on a big log) is worked out when first
    read, so a view only shown in the GUI never pays for it.
    """

    __slots__ = ("_status", "engine", "position")

    def __init__(self, engine: Projections, position: int) -> None:
        self.engine = engine
        self.position = position
        """The log position the view is as of."""
        self._status: Status | None = None

    @property
    def status(self) -> Status:
        """The character sheet and state digest at that point."""
        if self._status is None:
            self._status = status_of(
                self.state, projections_digest(self.engine), self.position, None
            )
        return self._status

    @property
    def state(self) -> GameState:
        """The game state at that point."""
        state: GameState = self.engine.state
        return state

    @property
    def models(self) -> ReadModels:
        """The read models as of that point, each a typed attribute (`models.habits`)."""
        return self.engine.models
