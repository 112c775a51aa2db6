"""The ledger: running character totals while one command is decided.

Deciders pass every outcome through the ledger so that the deltas stored are the ones
actually applied (gold and XP never below 0, HP within 0..max), then ask it for the
follow-up events of the commit: a LevelGained per level reached (the first one refills
HP, when that level was never reached before), a LevelGainReverted per level lost (XP
taken back below a level's start, no HP change) and a CharacterFainted when HP reached 0.
"""

from __future__ import annotations

from datetime import date

from rpgmylife_desktop.domain.events import (
    CharacterFainted,
    DomainEvent,
    LevelGained,
    LevelGainReverted,
)
from rpgmylife_desktop.domain.events.streams import CHARACTER
from rpgmylife_desktop.domain.numbers import hp_within, hundredths
from rpgmylife_desktop.domain.rules import RulesV1
from rpgmylife_desktop.domain.rules.levels import (
    level_for_total_xp,
    level_start_xp,
    round_half_up,
)
from rpgmylife_desktop.domain.state.character import Character


class Ledger:
    """Character totals as they will be once the events decided so far are applied."""

    def __init__(self, character: Character, rules: RulesV1) -> None:
        self.rules = rules
        self.total_xp = character.total_xp
        self.gold = character.gold
        self.hp = character.hp
        self.level = level_for_total_xp(self.total_xp)
        self.peak_level = max(character.peak_level, self.level)
        self._span: tuple[int, int, int] | None = None
        """(level, its first total XP, the next level's): a ledger kept for many logs
        (an import's `backfill`) answers "no follow-ups" without the level table."""

    def gain(self, xp: int, gold: float) -> tuple[int, float]:
        """Add XP and gold (either may be negative); returns the deltas actually applied
        (totals never go below 0)."""
        applied_xp = max(xp, -self.total_xp)
        applied_gold = round_half_up(max(gold, -self.gold), 2)
        self.total_xp += applied_xp
        self.gold = hundredths(self.gold + applied_gold)
        return applied_xp, applied_gold

    def change_hp(self, hp: float) -> float:
        """Add an HP change; returns the delta actually applied (HP stays in 0..max)."""
        target = hp_within(self.hp + hp, self.rules.max_hp)
        applied = hundredths(target - self.hp)
        self.hp = target
        return applied

    def follow_ups(self, day: date) -> list[tuple[str, DomainEvent]]:
        """LevelGained for each level reached since the last call (HP refilled with the
        first, unless that level was reached before: a refill is paid once per level
        ever), LevelGainReverted for each level lost, then CharacterFainted if HP is at
        0. Updates the totals accordingly."""
        span = self._span
        if span is None or span[0] != self.level:
            span = self._span = (
                self.level,
                level_start_xp(self.level),
                level_start_xp(self.level + 1),
            )
        if self.hp > 0 and span[1] <= self.total_xp < span[2]:
            return []  # the same level, standing: nothing follows
        events: list[tuple[str, DomainEvent]] = []
        new_level = level_for_total_xp(self.total_xp)
        for level in range(self.level + 1, new_level + 1):
            refill = 0.0
            if level > self.peak_level:
                refill = self.change_hp(self.rules.max_hp - self.hp)
                self.peak_level = level
            events.append((CHARACTER, LevelGained(level=level, hp_delta=refill, day=day)))
        for level in range(self.level, new_level, -1):
            events.append((CHARACTER, LevelGainReverted(level=level, day=day)))
        self.level = new_level
        if self.hp <= 0:
            xp_loss, gold_loss = self.rules.faint_losses(self.total_xp, self.gold)
            xp_loss, gold_loss = self.gain(xp_loss, gold_loss)
            refill = self.change_hp(self.rules.max_hp)
            fainted = CharacterFainted(
                level=self.level,
                xp_delta=xp_loss,
                gold_delta=gold_loss,
                hp_delta=refill,
                day=day,
                rules_version=self.rules.version,
            )
            events.append((CHARACTER, fainted))
            self.level = level_for_total_xp(self.total_xp)
        return events
