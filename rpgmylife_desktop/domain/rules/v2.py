"""Ruleset v2: v1, except that every positive step earns at least 1 XP.

Under v1 a trivial habit (multiplier 0.1) earns `round(0.9747^v x 0.1 x 6)` XP, which is
0 once its task value passes about 7 (a few weeks of keeping it): the log pays +0.1 gold
and no XP, and the button feels broken. v2 keeps Habitica's diminishing value (the gold
and the XP above the floor still shrink as the value grows) but never pays less than
`min_gain_xp` XP for a positive step. Outcomes stored under v1 stay as they were
(docs/game-rules.md, "Ruleset v2").
"""

from __future__ import annotations

from dataclasses import dataclass

from rpgmylife_desktop.domain.rules.v1 import Gain, RulesV1
from rpgmylife_desktop.domain.values import Difficulty


@dataclass(frozen=True)
class RulesV2(RulesV1):
    """v1 with an XP floor on positive steps (habit logs and quest completions)."""

    version: int = 2
    min_gain_xp: int = 1

    def gain(self, raw: float, difficulty: Difficulty, critical: float = 1.0) -> Gain:
        """v1's XP and gold, with the XP raised to at least `min_gain_xp`."""
        gain = super().gain(raw, difficulty, critical)
        if gain.xp >= self.min_gain_xp:
            return gain  # above the floor: v1's own (most logs; no second Gain made)
        return Gain(self.min_gain_xp, gain.gold)


RULES = RulesV2()
"""The v2 ruleset."""
