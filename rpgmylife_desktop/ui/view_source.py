"""Which game the window shows: the live one, or a read-only view of the past.

Every item model reads its rows through one `ViewSource`. Travelling in time
swaps the engine the models read (a `PastView`'s own engine) and resets every
model once; coming back resets them to the live engine. Live change
announcements are ignored while travelling (the models show the past).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from rpgmylife_desktop.application.session import Game, PastView
from rpgmylife_desktop.projections.projection_set import Projections


class ViewSource(QObject):
    """The live game, or a past view of it; `switched` fires after every swap."""

    switched = Signal(bool)
    """Emitted with True on entering time travel (or moving in it), False on return."""

    def __init__(self, game: Game, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.game = game
        self._past: PastView | None = None

    @property
    def engine(self) -> Projections:
        """The engine whose read models the window shows."""
        return self._past.engine if self._past is not None else self.game.engine

    @property
    def travelling(self) -> bool:
        """True while the window shows the past."""
        return self._past is not None

    @property
    def past(self) -> PastView | None:
        """The past view shown, or None when live."""
        return self._past

    @property
    def position(self) -> int:
        """The log position the shown state is at."""
        return self._past.position if self._past is not None else self.game.position

    def travel_to(self, position: int) -> PastView:
        """Show the game as of log `position` (read-only)."""
        past = self.game.as_of(position=position)
        self._past = past
        self.switched.emit(True)
        return past

    def show_past(self, past: PastView) -> None:
        """Show a past view built elsewhere (the travel worker)."""
        self._past = past
        self.switched.emit(True)

    def back_to_now(self) -> None:
        """Show the live game again."""
        if self._past is None:
            return
        self._past = None
        self.switched.emit(False)
