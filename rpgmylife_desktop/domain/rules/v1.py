"""Ruleset v1: Habitica's task value, XP, gold and damage, softened by habit strength.

Every formula is documented with worked examples in docs/game-rules.md. Deciders call
these methods once and store the results in events; folds never call them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import NamedTuple

from rpgmylife_desktop.domain.numbers import TOLERANCE, ten_thousandths
from rpgmylife_desktop.domain.rules.levels import level_for_total_xp, level_start_xp, round_half_up
from rpgmylife_desktop.domain.values import Difficulty, Direction


class Gain(NamedTuple):
    """XP and gold of a positive outcome."""

    xp: int
    gold: float


class ValueStep(NamedTuple):
    """One move of a task value: `raw` drives the rewards, `applied` is the change of the
    stored value after clamping."""

    raw: float
    applied: float


def _multipliers() -> dict[str, float]:
    return {"trivial": 0.1, "easy": 1.0, "medium": 1.5, "hard": 2.0}


@dataclass(frozen=True)
class RulesV1:
    """The constants and formulas of ruleset v1 (a later ruleset subclasses this)."""

    version: int = 1
    difficulty_multiplier: dict[str, float] = field(default_factory=_multipliers)
    value_base: float = 0.9747
    value_min: float = -47.27
    value_max: float = 21.27
    max_hp: float = 50.0
    xp_per_delta: float = 6.0
    hp_per_delta: float = 2.0
    critical_chance: float = 0.03
    critical_multiplier: float = 1.5
    softening: float = 0.75
    faint_gold_share: float = 0.5
    perfect_day_xp_per_habit: int = 5
    perfect_day_gold_per_habit: float = 0.5
    goal_xp: int = 100
    goal_gold: float = 20.0

    def multiplier(self, difficulty: Difficulty) -> float:
        """Habitica's priority: trivial 0.1, easy 1, medium 1.5, hard 2."""
        return self.difficulty_multiplier[difficulty]

    def clamp_value(self, value: float) -> float:
        """A task value kept within [-47.27, 21.27]."""
        return min(self.value_max, max(self.value_min, value))

    def value_step(self, value: float, direction: Direction) -> ValueStep:
        """Move a task value: raw = +-0.9747^clamp(value); the stored value moves by raw,
        clamped to the range, rounded to 4 decimals."""
        raw = self.value_base ** self.clamp_value(value)
        if direction == "down":
            raw = -raw
        new_value = ten_thousandths(self.clamp_value(value + raw))
        return ValueStep(raw, ten_thousandths(new_value - value))

    def roll_critical(self, rng: random.Random) -> float:
        """The critical multiplier of one positive outcome: 1.5 with a 3 % chance, else 1."""
        return self.critical_multiplier if rng.random() < self.critical_chance else 1.0

    def gain(self, raw: float, difficulty: Difficulty, critical: float = 1.0) -> Gain:
        """XP = round(raw x multiplier x critical x 6); gold = raw x multiplier x critical,
        rounded to cents."""
        base = abs(raw) * self.multiplier(difficulty) * critical
        return Gain(int(round_half_up(base * self.xp_per_delta)), round_half_up(base, 2))

    def soften(self, damage: float, strength: float) -> float:
        """Damage shrinks with habit strength: damage x (1 - 0.75 x strength)."""
        strength = min(1.0, max(0.0, strength))
        return damage * (1.0 - self.softening * strength)

    def damage(self, raw: float, difficulty: Difficulty, strength: float) -> float:
        """HP change (<= 0) of a negative press or a missed daily:
        -round(|raw| x multiplier x 2 x (1 - 0.75 x strength), 1)."""
        base = abs(raw) * self.multiplier(difficulty) * self.hp_per_delta
        return -round_half_up(self.soften(base, strength), 1)

    def quest_raw(self, value: float, checklist_done: int) -> float:
        """Raw delta of completing a quest: 0.9747^value x (1 + ticked checklist items)."""
        return float(self.value_base ** self.clamp_value(value)) * (1 + checklist_done)

    def faint_losses(self, total_xp: int, gold: float) -> tuple[int, float]:
        """What fainting costs: all progress within the current level (the level is
        kept) and half the gold, rounded down to cents. Returns (xp_delta, gold_delta)."""
        level = level_for_total_xp(total_xp)
        xp_loss = total_xp - level_start_xp(level)
        gold_loss = math.floor(gold * self.faint_gold_share * 100 + TOLERANCE) / 100
        return -xp_loss, -gold_loss

    def perfect_day_bonus(self, judged: int) -> Gain:
        """Bonus of a perfect day: 5 XP and 0.5 gold per judged habit."""
        return Gain(
            self.perfect_day_xp_per_habit * judged,
            round_half_up(self.perfect_day_gold_per_habit * judged, 2),
        )

    def goal_bonus(self) -> Gain:
        """Bonus of an achieved goal: 100 XP and 20 gold."""
        return Gain(self.goal_xp, self.goal_gold)


RULES = RulesV1()
"""The v1 ruleset."""
