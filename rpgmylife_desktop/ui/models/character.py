"""The character sheet as a one-row model (the header binds to it)."""

from __future__ import annotations

from typing import Any

from rpgmylife_desktop.domain.numbers import amount_of_text, amount_text
from rpgmylife_desktop.projections.character_sheet import Sheet
from rpgmylife_desktop.ui.models.base import ProjectionModel


class CharacterModel(ProjectionModel):
    """One row (key "character") once the character exists."""

    projection_name = "character"
    columns = (
        ("Name", lambda s: s.name),
        ("Level", lambda s: s.level),
        # As the header's bars and `rpgmylife status` write them: "136 / 260", "44.7 / 50".
        ("XP", lambda s: amount_of_text(s.xp, s.xp_to_next, "")),
        ("HP", lambda s: amount_of_text(s.hp, s.max_hp, "")),
        ("Gold", lambda s: amount_text(s.gold)),
    )

    def sheet(self) -> Sheet | None:
        """The sheet shown, or None before the character exists."""
        if not self.rowCount():
            return None
        value: Any = self.row_value(0)
        return value if isinstance(value, Sheet) else None
