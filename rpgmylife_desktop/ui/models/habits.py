"""Every habit (archived too), for the Habits page."""

from __future__ import annotations

from typing import Any, ClassVar

from rpgmylife_desktop.projections.habit_list import HabitRow
from rpgmylife_desktop.ui.models.base import FIRST_CUSTOM_ROLE, Index, ProjectionModel

STATUS_ROLE = FIRST_CUSTOM_ROLE
"""active or archived."""
POSITION_ROLE = FIRST_CUSTOM_ROLE + 1
"""The habit's place in the user's order (the proxy sorts by it)."""
KIND_ROLE = FIRST_CUSTOM_ROLE + 2
"""positive, negative or both."""


class HabitsModel(ProjectionModel):
    """Rows keyed by habit id."""

    projection_name = "habits"
    columns = (
        ("Name", lambda r: r.name),
        ("Schedule", lambda r: r.schedule),
        ("Target", lambda r: r.target),
        ("Difficulty", lambda r: r.difficulty),
        ("Logs", lambda r: r.total_logs),
        ("Status", lambda r: r.status),
    )
    extra_roles: ClassVar[dict[int, bytes]] = {
        STATUS_ROLE: b"status",
        POSITION_ROLE: b"position",
        KIND_ROLE: b"kind",
    }

    def role_data(self, index: Index, value: Any, role: int) -> Any:
        row: HabitRow = value
        if role == STATUS_ROLE:
            return row.status
        if role == POSITION_ROLE:
            return row.position
        if role == KIND_ROLE:
            return row.kind
        return None
