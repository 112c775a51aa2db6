"""The character sheet as a one-row model (the header binds to it)."""

from __future__ import annotations

from typing import Any

from rpgmylife_desktop.domain.numbers import amount_text
from rpgmylife_desktop.projections.character_sheet import Sheet
from rpgmylife_desktop.ui.models.base import ProjectionModel


class CharacterModel(ProjectionModel):
    """One row (key "character") once the character exists."""

    projection_name = "character"
    columns = (
        ("Name", lambda s: s.name),
        ("Level", lambda s: s.level),
        ("XP", lambda s: f"{s.xp} / {s.xp_to_next}"),
        ("HP", lambda s: f"{s.hp:.0f} / {s.max_hp:.0f}"),
        ("Gold", lambda s: amount_text(s.gold)),
    )

    def sheet(self) -> Sheet | None:
        """The sheet shown, or None before the character exists."""
        if not self.rowCount():
            return None
        value: Any = self.row_value(0)
        return value if isinstance(value, Sheet) else None
