"""What an import adds and changes (`ImportPreview`): what `import --dry-run` prints and
what the window's import dialog shows, before and after the import is applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rpgmylife_desktop.application.bundle_export import happened_text, local_span
from rpgmylife_desktop.application.bundle_plan import ImportPlan
from rpgmylife_desktop.application.results import Status, sheet_change_text
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.sync.bundle import OCCURRED_AT


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What an import adds and changes: what `import --dry-run` prints."""

    path: Path
    source_device_id: str
    source_device_name: str
    profile_id: str
    adopting: bool
    encrypted: bool
    total: int
    new: int
    duplicates: int
    first_occurred: str | None
    last_occurred: str | None
    before: Status
    after: Status
    habits_added: list[str] = field(default_factory=list)
    habits_removed: list[str] = field(default_factory=list)
    applied: bool = False
    xp_gained: int = 0
    """Change of the character's total XP (the status shows XP within the level)."""
    first_day: date | None = None
    """The user's local day (this data folder's zone and day start, as they are after the
    import) of the first new event; `first_occurred` is its stored UTC moment."""
    last_day: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "source_device": {"id": self.source_device_id, "name": self.source_device_name},
            "profile_id": self.profile_id,
            "adopting": self.adopting,
            "encrypted": self.encrypted,
            "events": self.total,
            "new": self.new,
            "duplicates": self.duplicates,
            "first_occurred": self.first_occurred,
            "last_occurred": self.last_occurred,
            "first_day": None if self.first_day is None else self.first_day.isoformat(),
            "last_day": None if self.last_day is None else self.last_day.isoformat(),
            "change": {
                "xp": self.xp_gained,
                "levels": self.after.level - self.before.level,
                "gold": round(self.after.gold - self.before.gold, 2),
                "hp": round(self.after.hp - self.before.hp, 2),
                "habits_added": self.habits_added,
                "habits_removed": self.habits_removed,
            },
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "applied": self.applied,
        }

    def counts_text(self) -> str:
        """ "1,204 new events, 3 already here" (no "0 already here")."""
        words = f"{self.new:,} new event{'' if self.new == 1 else 's'}"
        return words + (f", {self.duplicates:,} already here" if self.duplicates else "")

    def happened_text(self) -> str:
        """When the new events happened, in the user's days: "from Sat 5 Nov 2016 to Sun 1
        Nov 2026" ('' for none)."""
        return happened_text(self.first_day, self.last_day)

    def change_text(self) -> str:
        """What it changes on the character sheet ("XP +12, gold +1.5")."""
        return sheet_change_text(self.xp_gained, self.before, self.after)


def total_xp(state: GameState) -> int:
    return state.character.total_xp if state.character is not None else 0


def habit_names(state: GameState) -> dict[str, str]:
    return {habit_id: habit.name for habit_id, habit in state.habits.items()}


def import_preview(
    game: Game,
    plan: ImportPlan,
    before: Status,
    after: Status,
    state_before: GameState | dict[str, str],
    state_after: GameState,
    *,
    applied: bool,
    xp: int,
    moments: list[datetime] | None = None,
    counts: tuple[int, int] | None = None,
) -> ImportPreview:
    """`moments`: when each new event happened (parsed from the plan when None);
    `counts`: the bundle's events and the new ones (counted in the plan when None)."""
    names_before = state_before if isinstance(state_before, dict) else habit_names(state_before)
    names_after = habit_names(state_after)
    occurred = moments
    if occurred is None:
        occurred = list(map(datetime.fromisoformat, (e[OCCURRED_AT] for e in plan.new)))
    manifest = plan.manifest
    first_day, last_day = local_span(state_after, game.device_tz, occurred)
    return ImportPreview(
        path=plan.path,
        source_device_id=manifest.source_device_id,
        source_device_name=manifest.source_device_name,
        profile_id=manifest.profile_id,
        adopting=plan.adopting,
        encrypted=plan.bundle.encrypted,
        total=counts[0] if counts is not None else len(plan.bundle.events),
        new=counts[1] if counts is not None else len(plan.new),
        duplicates=plan.duplicates,
        first_occurred=min(occurred).isoformat() if occurred else None,
        last_occurred=max(occurred).isoformat() if occurred else None,
        before=before,
        after=after,
        habits_added=sorted(n for i, n in names_after.items() if i not in names_before),
        habits_removed=sorted(n for i, n in names_before.items() if i not in names_after),
        applied=applied,
        xp_gained=xp,
        first_day=first_day,
        last_day=last_day,
    )
