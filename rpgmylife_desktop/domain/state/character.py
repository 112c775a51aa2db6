"""The character sheet, the outcome settings, and per-day statistics as the fold holds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rpgmylife_desktop.domain.calendar.days import DEFAULT_DAY_START_HOUR
from rpgmylife_desktop.domain.numbers import DECIMALS, TOLERANCE
from rpgmylife_desktop.domain.rules import DEFAULT_RULESET_VERSION, RULESET_VERSION, rules_for
from rpgmylife_desktop.domain.rules.levels import LevelProgress, level_progress

MAX_HP = rules_for(RULESET_VERSION).max_hp
"""The newest ruleset's max HP (a new character's HP): a name for it, not a second value."""


@dataclass(slots=True)
class Character:
    """The one character: total XP (cumulative), HP, gold. Level is derived.

    `peak_level` is the highest level ever reached (by a LevelGained): a level's HP
    refill is paid once ever, so losing a level and earning it again refills nothing. It
    is history, not part of the state digest (an undo of a level-up leaves it)."""

    name: str
    created_day: date | None = None
    total_xp: int = 0
    hp: float = MAX_HP
    gold: float = 0.0
    peak_level: int = 1

    @property
    def level(self) -> int:
        """The level, derived from total XP through the XP table."""
        return self.progress.level

    @property
    def progress(self) -> LevelProgress:
        """Level, XP within the level, XP the level needs."""
        return level_progress(self.total_xp)

    def apply(self, xp: int, gold: float, hp: float) -> None:
        """Add stored deltas (never recomputed, never clamped here)."""
        self.total_xp += xp
        # hundredths() inlined: one call less per outcome on a replay's hot path
        if gold:
            self.gold = round(self.gold + gold, DECIMALS)
        if hp:
            self.hp = round(self.hp + hp, DECIMALS)

    def copy(self) -> Character:
        """An independent copy."""
        return Character(
            self.name, self.created_day, self.total_xp, self.hp, self.gold, self.peak_level
        )

    def canonical(self) -> dict[str, Any]:
        """The character sheet as deterministic JSON-able data."""
        progress = self.progress
        return {
            "name": self.name,
            "created_day": None if self.created_day is None else self.created_day.isoformat(),
            "level": progress.level,
            "total_xp": self.total_xp,
            "xp_in_level": progress.xp_in_level,
            "xp_to_next": progress.xp_to_next,
            "hp": self.hp,
            "max_hp": MAX_HP,
            "gold": self.gold,
        }

    def to_data(self) -> dict[str, Any]:
        """JSON-able data (snapshots)."""
        return {**self.canonical(), "peak_level": self.peak_level}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Character:
        """The inverse of `to_data`."""
        created = data["created_day"]
        return cls(
            name=data["name"],
            created_day=None if created is None else date.fromisoformat(created),
            total_xp=data["total_xp"],
            hp=data["hp"],
            gold=data["gold"],
            peak_level=data["peak_level"],
        )


@dataclass(slots=True)
class Settings:
    """Settings that change outcomes. `time_zone` None means the device's zone."""

    day_start_hour: int = DEFAULT_DAY_START_HOUR
    time_zone: str | None = None
    ruleset_version: int = DEFAULT_RULESET_VERSION

    def copy(self) -> Settings:
        """An independent copy."""
        return Settings(self.day_start_hour, self.time_zone, self.ruleset_version)

    def to_data(self) -> dict[str, Any]:
        """JSON-able data."""
        return {
            "day_start_hour": self.day_start_hour,
            "time_zone": self.time_zone,
            "ruleset_version": self.ruleset_version,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Settings:
        """The inverse of `to_data`."""
        return cls(data["day_start_hour"], data["time_zone"], data["ruleset_version"])


@dataclass(slots=True)
class DayStats:
    """XP, gold and HP that changed on one local day (by the day the outcome counts for),
    and the number of live habit logs."""

    xp: int = 0
    gold: float = 0.0
    hp: float = 0.0
    logs: int = 0

    def is_empty(self) -> bool:
        """True when the day nets to nothing (so the digest does not keep it)."""
        return (
            self.xp == 0
            and abs(self.gold) < TOLERANCE
            and abs(self.hp) < TOLERANCE
            and self.logs == 0
        )

    def to_data(self) -> list[Any]:
        """JSON-able data: [xp, gold, hp, logs]."""
        return [self.xp, self.gold, self.hp, self.logs]


@dataclass(frozen=True, slots=True)
class ClosedDay:
    """The verdict of a closed day."""

    perfect: bool
    judged: int
    done: int
    missed: int
    xp_delta: int
    gold_delta: float

    def to_data(self) -> list[Any]:
        """JSON-able data."""
        return [self.perfect, self.judged, self.done, self.missed, self.xp_delta, self.gold_delta]
