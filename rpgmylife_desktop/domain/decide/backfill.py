"""Deciding a whole imported history in one pass: the bulk path of history imports.

An import (`application/interop.py`) brings years of history as ordinary commands
(`AddHabit` on the real start day, a `LogHabit` per entry at its real date,
`SkipHabitDay`, `ArchiveHabit`, then quests and rewards). Deciding them one by one
with `decide` and folding every event into the full `GameState` costs ~45 us a log;
`Backfill` decides the same commands in the same order with the same rules and gives
exactly the same events (a property test compares both over random histories, on the
events and on the state digest after folding), in one linear pass:

- a log is decided by the very functions `log_habit` uses (`log_moment`, `log_day`,
  `log_events`, the ledger's follow-ups), without the dispatch, and with what is the
  same for many logs worked out once: the ruleset, today, and each moment's local day
  and backfill flag (a day's entries of every habit share their midday moment);
- what the rules read back from a log (the habit's task value, its day tallies, the
  character's totals) is folded into the pass's working state as the pass goes, by the
  fold's own handler of `HabitLogged`; the parts of the fold no rule reads (the command
  log of undo, the day statistics of outcomes) are left to the folds that need them: the
  import's preview folds the events into a copy of the state once, and the apply folds
  them into the game;
- every other command (a habit added, a day skipped, a habit archived, a log the bulk
  path leaves to `decide`: see `Backfill.decide`) goes through `decide`, and its
  events are folded in full.

The dice (`ctx.rng`) and the character are shared by every habit, so the pass follows
the commands' order (day by day, habit by habit), not one habit after the other: that
order is what makes the critical rolls and level-ups land where one-by-one deciding
puts them.
"""

from __future__ import annotations

from datetime import date, datetime

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
from rpgmylife_desktop.domain.state.fold import HANDLERS as FOLD


class Backfill:
    """Decides a run of commands in order on a working copy of `state` (the caller's
    state is not changed); after each decision the caller records its events and hands
    them back to `fold`, in order, before deciding the next command."""

    def __init__(self, state: GameState, ctx: DecisionContext) -> None:
        self.state = state.copy()
        """The working state: exact in everything the rules read (habits, goals,
        settings, closed days, the character's totals); the command log and per-day
        statistics of bulk logs are not kept here (see the module's docstring)."""
        self.ctx = ctx
        self._moments: dict[datetime | None, LogMoment] = {}
        self._today: date | None = None
        self._rules: RulesV1 | None = None
        self._ledger: Ledger | None = None
        self._fold_log = FOLD[ev.HabitLogged]

    def decide(self, command: cmd.Command) -> Decision:
        """The events of `command`, exactly as `decide(state, command, ctx)` would give
        them on the state folded so far, or CommandRefused."""
        state = self.state
        if type(command) is not cmd.LogHabit or state.character is None or state.void_commands:
            # The first game command creates the character (decide adds it); a state
            # with merged conflicts judges every event of the fold (see `fold`).
            self._ledger = None  # the character may change in ways this pass did not see
            return decide(state, command, self.ctx)
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
        return events + ledger.follow_ups(today)

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
        event = recorded.event
        state = self.state
        if type(event) is ev.HabitLogged and not state.void_commands:
            # What the rules read back: the habit's value and tallies, the totals.
            self._fold_log(state, event, recorded)
            character = state.character
            if character is not None:
                character.apply(event.xp_delta, event.gold_delta, event.hp_delta)
            return
        if isinstance(event, (ev.SettingsChanged, ev.CharacterCreated)):
            self._moments.clear()  # a new zone or day start hour moves the local days
            self._today = None
            self._rules = None  # or a new ruleset
        state.apply(recorded)
