"""CharacterSheet: name, level, XP, XP to the next level, HP, max HP and gold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.rules import rules_for
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.base import Json, Step
from rpgmylife_desktop.projections.changes import Key
from rpgmylife_desktop.projections.view import StateView

CHARACTER_KEY = "character"
"""The one row's key."""

_CHARACTER_EVENTS = (
    ev.Outcome,
    ev.LevelGained,
    ev.LevelGainReverted,
    ev.CharacterCreated,
    ev.CharacterRemoved,
    ev.CharacterRenamed,
)


@dataclass(frozen=True, slots=True)
class Sheet:
    """What the character sheet shows. `xp` counts within the level, `xp_to_next` is
    what the whole level needs (the XP bar is xp / xp_to_next)."""

    name: str
    level: int
    xp: int
    xp_to_next: int
    total_xp: int
    hp: float
    max_hp: float
    gold: float


def sheet_of(state: GameState) -> Sheet | None:
    """The character sheet of a game state (level from the domain's XP table), or None
    before the character exists."""
    character = state.character
    if character is None:
        return None
    progress = character.progress
    return Sheet(
        name=character.name,
        level=progress.level,
        xp=progress.xp_in_level,
        xp_to_next=progress.xp_to_next,
        total_xp=character.total_xp,
        hp=character.hp,
        max_hp=rules_for(state.settings.ruleset_version).max_hp,
        gold=character.gold,
    )


class CharacterSheet(StateView[Sheet]):
    """One row, key `"character"`, present once the character exists."""

    name = "character"

    def keys_in(self, state: GameState) -> list[Key]:
        """The one key, when there is a character."""
        return [] if state.character is None else [CHARACTER_KEY]

    def exists(self, state: GameState, key: Key) -> bool:
        """True when the character exists."""
        return state.character is not None and key == CHARACTER_KEY

    def build(self, state: GameState, key: Key) -> Sheet:
        """The sheet from the state's character."""
        sheet = sheet_of(state)
        assert sheet is not None
        return sheet

    def touched(self, step: Step[GameState, Recorded]) -> Iterable[Key]:
        """Outcomes, level changes and the character's own events."""
        return (CHARACTER_KEY,) if isinstance(step.recorded.event, _CHARACTER_EVENTS) else ()

    @property
    def sheet(self) -> Sheet | None:
        """The sheet, or None before the character exists."""
        return self.row(CHARACTER_KEY)

    def canonical(self) -> Json | None:
        """The character and the settings that change outcomes."""
        state = self._state()
        return {
            "character": None if state.character is None else state.character.canonical(),
            "settings": state.settings.to_data(),
        }
