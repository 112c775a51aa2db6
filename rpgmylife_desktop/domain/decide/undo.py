"""Undo, redo and revert, as new events (nothing is ever deleted from the log).

- Undo: one commit = `CommandUndone(command_id)` then the compensations of all that
  command's events in reverse order.
- Redo: one commit = `CommandRedone(command_id)` then the original events' payloads
  again (they get new event ids).
- Revert an event (a log, a quest completion, a reward claim): compensate the whole
  command that produced it, like an undo of that command. Beyond the undo window
  (`commandlog.UNDO_DEPTH`), only the event itself is compensated.

The compensations reverse exactly the stored outcomes. When the game has moved on since
(another command changed the totals), HP and XP are kept within their bounds and the
deltas stored are the ones applied; an undo that would need gold already spent is
refused.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.decide import context as cx
from rpgmylife_desktop.domain.decide.compensate import compensate
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.decide.undo_closed import HabitKept, NotYet, check_closed_days
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.streams import (
    CHARACTER,
    COMMANDS,
    habit_stream,
    quest_stream,
    reward_stream,
)
from rpgmylife_desktop.domain.numbers import (
    TOLERANCE,
    amount_text,
    hp_within,
    hundredths,
    ten_thousandths,
)
from rpgmylife_desktop.domain.rules import rules_for
from rpgmylife_desktop.domain.rules.levels import level_for_total_xp, round_half_up
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.commandlog import CommandRecord
from rpgmylife_desktop.domain.state.packed.habit_logs import log_amount

REVERTABLE: frozenset[type[ev.DomainEvent]] = frozenset(
    {ev.HabitLogged, ev.QuestCompleted, ev.RewardClaimed}
)
"""The events a user may revert one by one."""

_ADDED = {
    ev.HabitAdded: "habit_id",
    ev.QuestAdded: "quest_id",
    ev.GoalAdded: "goal_id",
    ev.RewardAdded: "reward_id",
}
_KEYS = {"habit_id": "habits", "quest_id": "quests", "goal_id": "goals", "reward_id": "rewards"}
_KINDS = {"habits": "habit", "quests": "quest", "goals": "goal", "rewards": "reward"}


class ItemBack(CommandRefused):
    """What a command would add exists again: added back since (another computer's redo
    in a bundle). Named as typed, never by its id."""

    def __init__(self, action: str, state: GameState, collection: str, key: str) -> None:
        item = getattr(state, collection)[key]
        name = item.name if collection == "habits" else item.title
        super().__init__(
            f"Cannot {action}: the {_KINDS[collection]} {name!r} is already back "
            "(it was added again since)."
        )


class ItemGone(CommandRefused):
    """What a command changed is gone: adding it was undone (here or on another computer).
    Named by its last name (`GameState.gone`), never by its id."""

    def __init__(self, action: str, gone: tuple[str, str] | None) -> None:
        what = "what it changed" if gone is None else f"the {gone[0]} {gone[1]!r}"
        super().__init__(f"Cannot {action}: {what} no longer exists (adding it was undone).")


def _check_applies(state: GameState, events: Decision, action: str) -> None:
    """Refuse when an event no longer fits the state (its habit, quest, goal or reward is
    gone, or already exists for an Added event)."""
    added: set[str] = set()
    removed: set[str] = set()
    for _, event in events:
        if type(event) in _ADDED:
            key = getattr(event, _ADDED[type(event)])
            collection = _KEYS[_ADDED[type(event)]]
            if key in getattr(state, collection) and key not in removed:
                raise ItemBack(action, state, collection, key)
            added.add(key)
            continue
        for attr, collection in _KEYS.items():
            key = getattr(event, attr, None)
            if key is None or key in added:
                continue
            if key not in getattr(state, collection):
                raise ItemGone(action, state.gone.get(key))
            if isinstance(event, ev.HabitRemoved | ev.QuestRemoved | ev.GoalRemoved):
                removed.add(key)
        if (
            isinstance(event, ev.HabitLogReverted)
            and event.log_event_id not in state.habits[event.habit_id].logs
        ):
            raise CommandRefused(f"Cannot {action}: that log was already reverted.")
        if (
            isinstance(event, ev.RewardClaimReverted)
            and event.claim_event_id not in state.rewards[event.reward_id].claims
        ):
            raise CommandRefused(f"Cannot {action}: that claim was already reverted.")


def _fits_exactly(state: GameState, events: Decision, max_hp: float) -> bool:
    """Whether the stored deltas, applied as they are, leave valid totals once the whole
    commit is applied: gold and XP at least 0, HP within (0, max]. Only the end counts,
    not the order inside the commit: the undo of a faint takes the refill back before it
    gives back the slip's damage, and HP passes through 0 on the way."""
    character = state.character
    assert character is not None
    xp, gold, hp = character.total_xp, character.gold, character.hp
    for _, event in events:
        xp += int(getattr(event, "xp_delta", 0))
        gold = round_half_up(gold + float(getattr(event, "gold_delta", 0.0)), 2)
        hp = hundredths(hp + float(getattr(event, "hp_delta", 0.0)))
    return xp >= 0 and gold >= -TOLERANCE and 0 < hp <= max_hp + TOLERANCE


def _fit(state: GameState, events: Decision, *, exact: bool, action: str) -> Decision:
    """Keep the character's totals valid: gold never below 0 (refused), XP never below 0
    and HP within 1..max (the stored deltas adjusted, or refused when `exact`). A commit
    whose stored deltas already end in valid totals is kept exactly as it is, so that an
    undo or redo restores the exact state (a faint included)."""
    character = state.character
    if character is None:
        return events
    max_hp = rules_for(state.settings.ruleset_version).max_hp
    if _fits_exactly(state, events, max_hp):
        return events
    xp, gold, hp = character.total_xp, character.gold, character.hp
    fitted: Decision = []
    for stream, event in events:
        xp_delta: int | None = getattr(event, "xp_delta", None)
        hp_delta: float | None = getattr(event, "hp_delta", None)
        gold_delta: float = getattr(event, "gold_delta", 0.0)
        if gold + gold_delta < -TOLERANCE:
            raise CommandRefused(
                f"Cannot {action}: it needs {amount_text(-gold_delta)} gold back, "
                f"but you have {amount_text(gold)}.",
                hint="The gold it gave was spent since.",
            )
        update: dict[str, float] = {}
        if xp_delta is not None and xp + xp_delta < 0:
            update["xp_delta"] = -xp
        if hp_delta is not None:
            target = hp_within(hp + hp_delta, max_hp)  # the ledger's clamp, then 1..max
            if target <= 0:
                target = min(1.0, hp)
            if abs(target - (hp + hp_delta)) > TOLERANCE:
                update["hp_delta"] = hundredths(target - hp)
        if update:
            if exact:
                raise CommandRefused(f"Cannot {action}: the character has changed since.")
            event = event.model_copy(update=update)
        xp += int(getattr(event, "xp_delta", 0))
        hp = hundredths(hp + float(getattr(event, "hp_delta", 0.0)))
        gold = round_half_up(gold + gold_delta, 2)
        fitted.append((stream, event))
    return fitted


def _level_changes(state: GameState, events: Decision, day: date) -> Decision:
    """LevelGained / LevelGainReverted (no HP) for each level the commit's XP crosses that
    its own events do not already record: a revert of an old quest completion that takes
    the character below its level's start says so, and so does the redo that earns the
    level back (without a refill: that was paid once, when the level was first reached)."""
    character = state.character
    if character is None:
        return []
    before = level_for_total_xp(character.total_xp)
    total = character.total_xp + sum(int(getattr(e, "xp_delta", 0)) for _, e in events)
    after = level_for_total_xp(total)
    gained = {e.level for _, e in events if isinstance(e, ev.LevelGained)}
    lost = {e.level for _, e in events if isinstance(e, ev.LevelGainReverted)}
    changes: Decision = []
    for level in range(before + 1, after + 1):
        if level not in gained:
            changes.append((CHARACTER, ev.LevelGained(level=level, day=day)))
    for level in range(before, after, -1):
        if level not in lost:
            changes.append((CHARACTER, ev.LevelGainReverted(level=level, day=day)))
    return changes


def _day_payment(state: GameState, reverted: ev.HabitLogReverted) -> ev.HabitLogReverted:
    """The revert of a log, keeping the day's one step with the logs that earn it (see
    `HabitLogReverted.payment`): log Water plants by mistake, log it again properly, revert
    the first, and the second now holds the day's pay; revert the log that made a target
    day met while another log holds the step, and that step is taken back."""
    habit = state.habits.get(reverted.habit_id)
    entry = None if habit is None else habit.logs.get(reverted.log_event_id)
    if habit is None or entry is None:
        return reverted
    # What the log holds now: a payment moved to it since it was recorded included.
    live = {
        "value_delta": ten_thousandths(-entry.value_delta),
        "xp_delta": -entry.xp_delta,
        "gold_delta": hundredths(-entry.gold_delta),
        "hp_delta": hundredths(-entry.hp_delta),
    }
    if any(getattr(reverted, name) != value for name, value in live.items()):
        reverted = reverted.model_copy(update=live)
    target = habit.target
    at_most = target is not None and target.mode == "at_most"
    slip = entry.direction != "up"
    if slip and not at_most:
        return reverted
    if target is None and habit.schedule.kind == "unscheduled":
        return reverted  # every press pays
    day = entry.day
    tally = habit.tallies.get(day)
    others = 0 if tally is None else tally.up - 1
    amount = habit.day_amount(day) - log_amount(entry.direction, entry.amount, at_most=at_most)
    if target is None:
        earned = others > 0
    elif target.mode == "at_least":
        earned = amount >= target.amount - TOLERANCE
    else:
        earned = amount > target.amount + TOLERANCE
    paid = bool(entry.value_delta or entry.xp_delta or entry.gold_delta or entry.hp_delta)
    # A limit's slip passes its payment among slips too (see fold's `_is_slip`).
    other = habit.logs.paying_up_log(day, skip=reverted.log_event_id, slips=slip)
    if paid and earned and other is None:
        zero = {"value_delta": 0.0, "xp_delta": 0, "gold_delta": 0.0, "hp_delta": 0.0}
        return reverted.model_copy(update={**zero, "payment": "moved"})
    if not paid and not earned and other is not None:
        taken = {
            "value_delta": ten_thousandths(-other.value_delta),
            "xp_delta": -other.xp_delta,
            "gold_delta": hundredths(-other.gold_delta),
            "hp_delta": hundredths(-other.hp_delta),
            "payment": "taken",
        }
        return reverted.model_copy(update=taken)
    return reverted


def _with_day_payments(state: GameState, events: Decision) -> Decision:
    return [
        (stream, _day_payment(state, event) if isinstance(event, ev.HabitLogReverted) else event)
        for stream, event in events
    ]


def _undo(
    state: GameState,
    record: CommandRecord,
    reverted: str | None,
    action: str,
    ctx: DecisionContext,
) -> Decision:
    day = cx.today(state, ctx)
    # Another computer's command, reverted here, is not redone by either (commandlog).
    own = ctx.device_id is None or ctx.device_id == record.device_id
    exact: Decision = [
        (item.stream, compensate(item.event, item.event_id)) for item in reversed(record.events)
    ]
    _check_applies(state, exact, action)
    compensations = _with_day_payments(state, exact)
    fitted = _fit(state, compensations, exact=False, action=action)
    marker = ev.CommandUndone(
        command_id=record.command_id,
        reverted_event_id=reverted,
        redoable=fitted == exact and own,
    )
    return [(COMMANDS, marker), *fitted, *_level_changes(state, fitted, day)]


class UndoTarget(NamedTuple):
    """What Undo takes back (`record`, None: nothing), and the newer commands it passes
    over (`kept`, newest first, each with the refusal that says why): those closed days
    keep, and those left with nothing to take back (a kept skip of a habit since removed)."""

    record: CommandRecord | None
    kept: tuple[tuple[CommandRecord, CommandRefused], ...]


def undo_target(state: GameState, ctx: DecisionContext) -> UndoTarget:
    """The command Undo on this device takes back: its newest one not undone yet that
    closed days allow to take back. A pause, a skip, a start move or a day-boundary
    setting that a closed day was judged with stays for good (`undo_closed`), so Undo
    passes over it to the command before, instead of refusing every undo from then on;
    and over a command whose compensations no longer apply (what it changed is gone)."""
    kept: list[tuple[CommandRecord, CommandRefused]] = []
    held: dict[str, CommandRefused] = {}  # the streams of what a kept command changed
    for record in state.commands.undoables(ctx.device_id):
        streams = {item.stream for item in record.events} - {CHARACTER, COMMANDS}
        # Never undo under a kept command's feet (adding the habit a kept skip is on).
        holder = next((held[stream] for stream in sorted(streams) if stream in held), None)
        exact = [(item.stream, compensate(item.event, item.event_id)) for item in record.events]
        try:
            if holder is not None:
                raise holder
            check_closed_days(state, exact, "undo", ctx)
            _check_applies(state, exact, "undo")
        except CommandRefused as refused:
            kept.append((record, refused))
            if isinstance(refused, NotYet):
                break  # undoable later: wait for it rather than undo an older command
            held.update(dict.fromkeys(streams, refused))
            continue
        return UndoTarget(record, tuple(kept))
    return UndoTarget(None, tuple(kept))


def undo_last(state: GameState, c: cmd.UndoLastCommand, ctx: DecisionContext) -> Decision:
    """Undo this device's last command that is not undone yet and that closed days do
    not keep (see `undo_target`; another computer's commands are not undone here:
    History's revert takes back a log of theirs)."""
    record, kept = undo_target(state, ctx)
    if record is None:
        if kept and isinstance(kept[-1][1], NotYet):
            raise kept[-1][1]
        if kept and isinstance(kept[0][1], HabitKept):
            raise kept[0][1]  # its hint says what to do instead: archive the habit
        if kept and isinstance(kept[0][1], ItemGone):
            raise CommandRefused(kept[0][1].message, hint="Nothing older is left to undo.")
        if kept:
            raise CommandRefused(
                kept[0][1].message,
                hint="Closed days keep what they were judged with, and nothing older is left "
                "to undo; a log, a quest completion or a reward claim can still be reverted "
                "from History (`rpgmylife revert EVENT`).",
                window_hint="Closed days keep what they were judged with, and nothing older "
                "is left to undo; a log, a quest completion or a reward claim can still be "
                "taken back from History (Ctrl+6: right-click it, Revert this).",
            )
        raise CommandRefused("Nothing to undo.")
    return _undo(state, record, None, "undo", ctx)


def redo(state: GameState, c: cmd.RedoCommand, ctx: DecisionContext) -> Decision:
    """Redo this device's most recently undone command (or the one named)."""
    log = state.commands
    redoable = log.redoable(ctx.device_id)
    if not redoable:
        raise CommandRefused("Nothing to redo.")
    target = c.target_command_id or redoable[-1]
    if target not in redoable:
        raise CommandRefused(f"Command {target!r} is not undone, so it cannot be redone.")
    events: Decision = [(item.stream, item.event) for item in log.records[target].events]
    _check_applies(state, events, "redo")
    check_closed_days(state, events, "redo", ctx)
    events = _fit(state, events, exact=True, action="redo")
    levels = _level_changes(state, events, cx.today(state, ctx))
    return [(COMMANDS, ev.CommandRedone(command_id=target)), *events, *levels]


def revert_event(state: GameState, c: cmd.RevertEvent, ctx: DecisionContext) -> Decision:
    """Revert one log, quest completion or reward claim (with its whole command)."""
    found = state.commands.find_event(c.event_id)
    if found is not None:
        record, item = found
        if record.kind != "user" or type(item.event) not in REVERTABLE:
            raise CommandRefused(
                f"A {item.event.event_type} event cannot be reverted on its own.",
                hint="Revert a log, a quest completion or a reward claim; use undo for the rest.",
                window_hint="Revert a log, a quest completion or a reward claim; Edit > Undo "
                "(Ctrl+Z) takes back the rest.",
            )
        if record.undone:
            raise CommandRefused("That event is already undone.")
        return _undo(state, record, c.event_id, "revert", ctx)
    single = _single_compensation(state, c.event_id)
    _check_applies(state, [single], "revert")
    fitted = _fit(state, _with_day_payments(state, [single]), exact=False, action="revert")
    marker = ev.CommandUndone(command_id="", reverted_event_id=c.event_id)
    return [(COMMANDS, marker), *fitted, *_level_changes(state, fitted, cx.today(state, ctx))]


def _single_compensation(state: GameState, event_id: str) -> tuple[str, ev.DomainEvent]:
    """The compensation of a live log, completion or claim beyond the undo window."""
    for habit in state.habits.values():
        entry = habit.logs.get(event_id)
        if entry is not None:
            reverted = ev.HabitLogReverted(
                habit_id=habit.habit_id,
                log_event_id=event_id,
                value_delta=-entry.value_delta,
                xp_delta=-entry.xp_delta,
                gold_delta=-entry.gold_delta,
                hp_delta=-entry.hp_delta,
                day=entry.day,
            )
            return habit_stream(habit.habit_id), reverted
    for quest in state.quests.values():
        done = quest.completion
        if done is not None and done.event_id == event_id:
            reverted_quest = ev.QuestCompletionReverted(
                quest_id=quest.quest_id,
                xp_delta=-done.xp_delta,
                gold_delta=-done.gold_delta,
                day=done.day,
            )
            return quest_stream(quest.quest_id), reverted_quest
    for reward in state.rewards.values():
        claim = reward.claims.get(event_id)
        if claim is not None:
            reverted_claim = ev.RewardClaimReverted(
                reward_id=reward.reward_id,
                claim_event_id=event_id,
                gold_delta=-claim.gold_delta,
                day=claim.day,
            )
            return reward_stream(reward.reward_id), reverted_claim
    raise CommandRefused(
        f"There is no live log, quest completion or reward claim with event id {event_id!r}.",
        hint="It may already be reverted or undone; see `history`.",
        window_hint="It may already be reverted or undone; History (Ctrl+6) shows it.",
    )
