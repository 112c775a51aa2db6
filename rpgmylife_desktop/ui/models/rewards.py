"""The rewards and their prices, for the Rewards page and Today's Rewards column."""

from __future__ import annotations

from rpgmylife_desktop.ui.models.base import ProjectionModel


class RewardsModel(ProjectionModel):
    """Rows keyed by reward id, in the order they were added."""

    projection_name = "rewards"
    columns = (
        ("Reward", lambda r: r.title),
        ("Price", lambda r: f"{r.price:g} gold"),
        ("Claimed", lambda r: r.times_claimed),
    )
