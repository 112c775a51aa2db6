"""The character's events (stream "character"): created, renamed, levels, fainting."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rpgmylife_desktop.domain.events.base import DomainEvent, Outcome


class CharacterCreated(DomainEvent):
    """The one character of this data folder was created (HP full, level 1) on the local
    `day` (the first day that CloseDay will ever close)."""

    event_type: ClassVar[str] = "CharacterCreated"
    name: str
    day: date | None = None
    ruleset_version: int | None = None
    """The ruleset the character starts on (None, in logs from before ruleset 2: the
    default ruleset, 1)."""


class CharacterRemoved(DomainEvent):
    """Compensation of CharacterCreated: the data folder has no character again."""

    event_type: ClassVar[str] = "CharacterRemoved"
    name: str
    ruleset_version: int | None = None
    """The created character's starting ruleset, taken back with it (back to the default)."""


class CharacterRenamed(DomainEvent):
    """The character got a new name."""

    event_type: ClassVar[str] = "CharacterRenamed"
    old_name: str
    new_name: str


class LevelGained(DomainEvent):
    """The character reached `level` (derived from total XP; recorded for history).

    `hp_delta` is the HP refill that comes with a level-up (only on the first level
    gained in a commit, and only for a level never reached before: a level's refill is
    paid once ever).
    """

    event_type: ClassVar[str] = "LevelGained"
    level: int
    hp_delta: float = 0.0
    day: date


class LevelGainReverted(DomainEvent):
    """Compensation of LevelGained (`hp_delta` is the negated refill), and the record of a
    level lost when XP is taken back below the level's start (a revert, a reopened quest;
    `hp_delta` 0)."""

    event_type: ClassVar[str] = "LevelGainReverted"
    level: int
    hp_delta: float = 0.0
    day: date


class CharacterFainted(Outcome):
    """HP reached 0: the stored losses (`xp_delta` <= 0, `gold_delta` <= 0) and the HP
    refill (`hp_delta` > 0) were applied."""

    event_type: ClassVar[str] = "CharacterFainted"
    level: int


class CharacterFaintReverted(Outcome):
    """Compensation of CharacterFainted: the negated deltas."""

    event_type: ClassVar[str] = "CharacterFaintReverted"
    level: int
