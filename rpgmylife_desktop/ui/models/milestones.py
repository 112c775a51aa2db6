"""Milestones (level-ups, goals, streak records, first logs, perfect days) for time travel."""

from __future__ import annotations

from typing import Any, ClassVar

from rpgmylife_desktop.ui.models.base import FIRST_CUSTOM_ROLE, Index, ProjectionModel

POSITION_ROLE = FIRST_CUSTOM_ROLE
"""The log position to travel to."""
KIND_ROLE = FIRST_CUSTOM_ROLE + 1


class MilestonesModel(ProjectionModel):
    """Rows keyed by milestone key, in the order reached."""

    projection_name = "milestones"
    columns = (
        ("Day", lambda m: m.day),
        ("Milestone", lambda m: m.title),
    )
    day_columns: ClassVar[frozenset[int]] = frozenset({0})
    extra_roles: ClassVar[dict[int, bytes]] = {POSITION_ROLE: b"position", KIND_ROLE: b"kind"}

    def role_data(self, index: Index, value: Any, role: int) -> Any:
        if role == POSITION_ROLE:
            return value.position
        if role == KIND_ROLE:
            return value.kind
        return None
