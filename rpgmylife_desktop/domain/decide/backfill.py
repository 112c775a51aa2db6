"""Deciding a whole imported history in one pass: the bulk path of history imports.

An import (`application/interop.py`) brings years of history as ordinary commands
(`AddHabit` on the real start day, a `LogHabit` per entry at its real date,
`SkipHabitDay`, `ArchiveHabit`, then quests and rewards). `Backfill` decides them in
that order with the same rules as `decide` and gives exactly the same events (a
property test compares both over random histories, on the events and on the state
digest), in one linear pass over one working state, which it folds as it goes and
which is then the state after the import (the preview reads it; nothing folds the
events a second time to find it):

- a log (a `LogHabit`, or the import's already-checked `BulkLog` that stands for one
  without a pydantic model) is decided by the very functions `log_habit` uses
  (`log_moment`, `log_day`, `log_events`, the ledger's follow-ups), without the
  dispatch, and with what is the same for many logs worked out once: the ruleset,
  today, each moment's local day and backfill flag (a day's entries of every habit
  share their midday moment), and one ledger kept from log to log while it is what a
  new one would be;
- every other command (a habit added, a day skipped, a habit archived, a quest, a log
  the bulk path leaves to `decide`: see `Backfill.decide`) goes through `decide`.

The dice (`ctx.rng`) and the character are shared by every habit, so the pass follows
the commands' order (day by day, habit by habit), not one habit after the other: that
order is what makes the critical rolls and level-ups land where one-by-one deciding
puts them. What each habit's history needs (its task value, day tallies and strength)
is in its own entry of the working state, so a habit's logs cost the same whether they
come together or interleaved with the others'.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.decide import context as cx
from rpgmylife_desktop.domain.decide import decide
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.decide.habits import LogMoment, log_day, log_events, log_moment
from rpgmylife_desktop.domain.decide.ledger import Ledger
from rpgmylife_desktop.domain.events.recorded import Recorded
from rpgmylife_desktop.domain.rules import RulesV1
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.character import Character


class Backfill:
    """Decides a run of commands in order on a working copy of `state` (the caller's
    state is not changed); after each decision the caller records its events and hands
    them back to `fold`, in order, before deciding the next command."""

    def __init__(self, state: GameState, ctx: DecisionContext) -> None:
        self.state = state.copy()
        """The working state: `state` with every event folded so far."""
        self.ctx = ctx
        self._moments: dict[datetime | None, LogMoment] = {}
        self._today: date | None = None
        self._rules: RulesV1 | None = None
        self._ledger: Ledger | None = None

    def decide(self, command: cmd.Command | cmd.BulkLog) -> Decision:
        """The events of `command`, exactly as `decide(state, command, ctx)` would give
        them on the state folded so far (for a `BulkLog`, on its `as_command()`), or
        CommandRefused."""
        state = self.state
        kind = type(command)
        if (kind is not cmd.BulkLog and kind is not cmd.LogHabit) or state.character is None:
            # Not a log, or the first command of a new game (decide creates the character).
            self._ledger = None  # the character may change in ways the ledger does not see
            if isinstance(command, cmd.BulkLog):
                return decide(state, command.as_command(), self.ctx)
            return decide(state, command, self.ctx)
        command = cast("cmd.BulkLog | cmd.LogHabit", command)  # a log: checked just above
        habit = cx.habit(state, command.habit_id, active=True)
        ctx = self.ctx
        moment = self._moments.get(command.at)
        if moment is None:
            moment = self._moments[command.at] = log_moment(state, command.at, ctx)
        day = log_day(habit, command, moment)
        rules = self._rules
        if rules is None:
            rules = self._rules = cx.rules(state)
        ledger = self._kept_ledger(state.character, rules)
        today = self._today
        if today is None:
            today = self._today = cx.today(state, ctx)
        events = log_events(
            state, habit, command, day, moment.backfilled, today, rules, ctx, ledger
        )
        return events + ledger.follow_ups(day)

    def _kept_ledger(self, character: Character, rules: RulesV1) -> Ledger:
        """The pass's ledger, the same as a new `Ledger(character, rules)`: every outcome
        of the pass goes through it and is folded into `character`, so its totals stay
        the character's; it is made again whenever anything a new one would start from
        differs (totals, peak level, rules)."""
        ledger = self._ledger
        if (
            ledger is None
            or ledger.rules is not rules
            or ledger.total_xp != character.total_xp
            or ledger.gold != character.gold
            or ledger.hp != character.hp
            or ledger.peak_level != max(character.peak_level, ledger.level)
        ):
            ledger = self._ledger = Ledger(character, rules)
        return ledger

    def fold(self, recorded: Recorded) -> None:
        """Fold one recorded event of the last decision into the working state."""
        self.folded(recorded)
        self.state.apply(recorded)

    def folded(self, recorded: Recorded) -> None:
        """Note an event of the last decision that the caller folded into `state` itself
        (`state.apply`, or an engine whose game state `state` is): what the pass keeps
        between decisions (moments, today, rules) may change with it."""
        if type(recorded.event) in _MOVES_DAYS:
            self._moments.clear()  # a new zone or day start hour moves the local days
            self._today = None
            self._rules = None  # or a new ruleset


_MOVES_DAYS: frozenset[type[ev.DomainEvent]] = frozenset({ev.SettingsChanged, ev.CharacterCreated})
"""Events after which the pass works out moments, today and the rules again (a set
lookup: `isinstance` on a pydantic event runs its metaclass's check in Python, once per
event of the pass)."""
