"""Every goal and its progress, for the Goals page."""

from __future__ import annotations

from typing import Any, ClassVar

from rpgmylife_desktop.projections.goal_board import GoalRow
from rpgmylife_desktop.ui.models.base import FIRST_CUSTOM_ROLE, Index, ProjectionModel

FRACTION_ROLE = FIRST_CUSTOM_ROLE
"""Progress from 0 to 1 (the delegate paints it as a bar)."""
STATUS_ROLE = FIRST_CUSTOM_ROLE + 1
"""achieved or open."""


class GoalsModel(ProjectionModel):
    """Rows keyed by goal id, in the order they were added."""

    projection_name = "goals"
    columns = (
        ("Goal", lambda r: r.title),
        ("Progress", lambda r: f"{r.current} / {r.target}", lambda r: r.fraction),
        ("Measure", lambda r: r.measure.replace("_", " ")),
        ("Target date", lambda r: r.target_date or ""),
        ("Status", lambda r: "achieved" if r.achieved else "open"),
    )
    day_columns: ClassVar[frozenset[int]] = frozenset({3})
    extra_roles: ClassVar[dict[int, bytes]] = {FRACTION_ROLE: b"fraction", STATUS_ROLE: b"status"}
    row_roles: ClassVar[frozenset[int]] = frozenset({STATUS_ROLE})

    def role_data(self, index: Index, value: Any, role: int) -> Any:
        row: GoalRow = value
        if role == FRACTION_ROLE:
            return row.fraction
        if role == STATUS_ROLE:
            return "achieved" if row.achieved else "open"
        return None
