"""The rewards and their prices, for the Rewards page and Today's Rewards column."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal

from rpgmylife_desktop.domain.numbers import amount_text
from rpgmylife_desktop.ui.models.base import FIRST_CUSTOM_ROLE, Index, ProjectionModel

BUTTON_ROLE = FIRST_CUSTOM_ROLE
"""The claim button's text; setData(True) on it asks to claim the reward."""


class RewardsModel(ProjectionModel):
    """Rows keyed by reward id, in the order they were added."""

    projection_name = "rewards"
    columns = (
        ("Reward", lambda r: r.title),
        ("Price", lambda r: f"{amount_text(r.price)} gold", lambda r: r.price),
        ("Claimed", lambda r: r.times_claimed),
    )
    extra_roles: ClassVar[dict[int, bytes]] = {BUTTON_ROLE: b"button"}

    claimRequested = Signal(str)

    def role_data(self, index: Index, value: Any, role: int) -> Any:
        if role == BUTTON_ROLE:
            return f"Claim · {amount_text(value.price)} gold"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self._source.travelling or role != BUTTON_ROLE:
            return False
        self.claimRequested.emit(str(self.key_at(index.row())))
        return True
