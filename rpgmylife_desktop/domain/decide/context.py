"""What a decision needs besides the state: the moment, the dice, the device's zone; and the
small lookups every decider shares (refusing unknown ids with a clear message)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events import DomainEvent
from rpgmylife_desktop.domain.rules import RulesV1, rules_for
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.character import Character
from rpgmylife_desktop.domain.state.goals import Goal
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.domain.state.quests import Quest
from rpgmylife_desktop.domain.state.rewards import Reward

_T = TypeVar("_T")

Decision = list[tuple[str, DomainEvent]]
"""What `decide` returns: (stream, event) pairs, in commit order."""


@dataclass(frozen=True, slots=True)
class DecisionContext:
    """The outside world, passed in: `now` (aware; the only clock the rules read), `rng`
    (the only dice: critical rolls), `device_tz` (IANA zone used when the settings have
    no time zone), `device_id` (the deciding device: undo and redo take back only its own
    commands; None: any device's, for tools and tests that play on one device)."""

    now: datetime
    rng: random.Random
    device_tz: str = "UTC"
    device_id: str | None = None

    def __post_init__(self) -> None:
        if self.now.utcoffset() is None:
            raise ValueError("DecisionContext.now must be timezone-aware")


def today(state: GameState, ctx: DecisionContext) -> date:
    """The user's local day now."""
    return state.local_day(ctx.now, ctx.device_tz)


def rules(state: GameState) -> RulesV1:
    """The ruleset the settings select."""
    return rules_for(state.settings.ruleset_version)


def character(state: GameState) -> Character:
    """The character (decide creates one first on an empty state)."""
    if state.character is None:
        raise CommandRefused("There is no character yet.", hint="Create one first.")
    return state.character


def _existing(items: Mapping[str, _T], noun: str, item_id: str) -> _T:
    """The item with this id, or a refusal that says how to list them."""
    found = items.get(item_id)
    if found is None:
        raise CommandRefused(
            f"There is no {noun} with id {item_id!r}.",
            hint=f"List {noun}s with `{noun} list`.",
            window_hint=f"It may have been removed meanwhile; the {noun.capitalize()}s page "
            "lists those there are.",
        )
    return found


def habit(state: GameState, habit_id: str, *, active: bool = False) -> Habit:
    """The habit with this id; with `active`, refused when archived."""
    found = _existing(state.habits, "habit", habit_id)
    if active and found.archived:
        raise CommandRefused(
            f"Habit {found.name!r} is archived.",
            hint="Restore it first to use it again.",
            window_hint="Restore it first: show Archived on the Habits page, select it and "
            "choose Edit > Archive / restore.",
        )
    return found


def _shelved(item: _T, noun: str, title: str, *, archived: bool, deleted: bool, ok: bool) -> _T:
    """`item`, or a refusal when it is deleted (always: a deleted item is gone) or
    archived (unless `ok`)."""
    if deleted:
        raise CommandRefused(
            f"The {noun} {title!r} was deleted.", hint="Undo the delete to bring it back."
        )
    if archived and not ok:
        raise CommandRefused(
            f"The {noun} {title!r} is archived.",
            hint=f"Restore it first (`{noun} restore`) to use it again.",
            window_hint=f"An archived {noun} is kept as it was and cannot be changed.",
        )
    return item


def quest(state: GameState, quest_id: str, *, archived_ok: bool = False) -> Quest:
    """The quest with this id; refused when deleted, or archived unless `archived_ok`."""
    q = _existing(state.quests, "quest", quest_id)
    return _shelved(q, "quest", q.title, archived=q.archived, deleted=q.deleted, ok=archived_ok)


def goal(state: GameState, goal_id: str, *, archived_ok: bool = False) -> Goal:
    """The goal with this id; refused when deleted, or archived unless `archived_ok`."""
    g = _existing(state.goals, "goal", goal_id)
    return _shelved(g, "goal", g.title, archived=g.archived, deleted=g.deleted, ok=archived_ok)


def reward(state: GameState, reward_id: str, *, archived_ok: bool = False) -> Reward:
    """The reward with this id; refused when deleted, or archived unless `archived_ok`."""
    r = _existing(state.rewards, "reward", reward_id)
    return _shelved(r, "reward", r.title, archived=r.archived, deleted=r.deleted, ok=archived_ok)
