"""Decisions about rewards: add, edit, claim (refused when gold is short)."""

from __future__ import annotations

from pydantic import JsonValue

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.decide import context as cx
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events import RewardAdded, RewardClaimed, RewardEdited
from rpgmylife_desktop.domain.events.streams import reward_stream
from rpgmylife_desktop.domain.numbers import TOLERANCE, amount_text, hundredths
from rpgmylife_desktop.domain.state import GameState


def add_reward(state: GameState, c: cmd.AddReward, ctx: DecisionContext) -> Decision:
    """Add a reward priced in gold."""
    if c.reward_id in state.rewards:
        raise CommandRefused(f"A reward with id {c.reward_id!r} already exists.")
    added = RewardAdded(
        reward_id=c.reward_id, title=c.title, notes=c.notes, price=hundredths(c.price)
    )
    return [(reward_stream(c.reward_id), added)]


def edit_reward(state: GameState, c: cmd.EditReward, ctx: DecisionContext) -> Decision:
    """Change fields of a reward."""
    reward = cx.reward(state, c.reward_id)
    price = None if c.price is None else hundredths(c.price)
    old: dict[str, JsonValue] = {}
    new: dict[str, JsonValue] = {}
    for name, value in (("title", c.title), ("notes", c.notes), ("price", price)):
        if value is not None and value != getattr(reward, name):
            old[name], new[name] = reward.field_json(name), value
    if not new:
        raise CommandRefused(f"Reward {reward.title!r} already looks like that; nothing to change.")
    return [(reward_stream(c.reward_id), RewardEdited(reward_id=c.reward_id, old=old, new=new))]


def claim_reward(state: GameState, c: cmd.ClaimReward, ctx: DecisionContext) -> Decision:
    """Spend the reward's price in gold."""
    reward = cx.reward(state, c.reward_id)
    gold = cx.character(state).gold
    if gold + TOLERANCE < reward.price:
        raise CommandRefused(
            f"{reward.title!r} costs {amount_text(reward.price)} gold, "
            f"but you have {amount_text(gold)}.",
            hint=f"Earn {amount_text(reward.price - gold)} more gold with habits and quests.",
        )
    claimed = RewardClaimed(
        reward_id=c.reward_id,
        gold_delta=-reward.price,
        day=cx.today(state, ctx),
        rules_version=cx.rules(state).version,
    )
    return [(reward_stream(c.reward_id), claimed)]
