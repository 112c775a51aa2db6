"""The day boundary (stream "day-<YYYY-MM-DD>"): a local day closed or reopened."""

from __future__ import annotations

from typing import ClassVar

from rpgmylife_desktop.domain.events.base import Outcome


class DayClosed(Outcome):
    """The local `day` was closed: misses judged (DailyMissed events in the same
    commit), `perfect` when every judged habit was done; the perfect-day bonus is in
    `xp_delta` / `gold_delta`."""

    event_type: ClassVar[str] = "DayClosed"
    perfect: bool = False
    judged: int = 0
    done: int = 0
    missed: int = 0


class DayReopened(Outcome):
    """Compensation of DayClosed: the day is open again, the bonus taken back."""

    event_type: ClassVar[str] = "DayReopened"
