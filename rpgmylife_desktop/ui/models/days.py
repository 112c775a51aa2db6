"""Per-day totals (XP, gold, HP, logs, verdicts) for the Statistics page."""

from __future__ import annotations

from rpgmylife_desktop.domain.numbers import amount_text
from rpgmylife_desktop.ui.models.base import ProjectionModel


class DaysModel(ProjectionModel):
    """Rows keyed by ISO day."""

    projection_name = "days"
    columns = (
        ("Day", lambda d: d.day),
        ("XP", lambda d: d.xp),
        ("Gold", lambda d: amount_text(d.gold)),
        ("HP", lambda d: f"{d.hp:.1f}"),
        ("Logs", lambda d: d.logs),
        ("Perfect", lambda d: "yes" if d.perfect else ""),
    )
