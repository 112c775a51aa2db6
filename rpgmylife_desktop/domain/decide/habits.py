"""Decisions about habits: add, edit, archive, reorder, pause, skip and log."""

from __future__ import annotations

import random
import shlex
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar import schedule as sched
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.decide import context as cx
from rpgmylife_desktop.domain.decide.compensate import compensate
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.decide.goals import achieve_goals
from rpgmylife_desktop.domain.decide.ledger import Ledger
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.habits import HABIT_SETTINGS
from rpgmylife_desktop.domain.events.streams import habit_stream
from rpgmylife_desktop.domain.numbers import TOLERANCE, ten_thousandths
from rpgmylife_desktop.domain.rules import RulesV1
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.domain.state.packed.habit_logs import log_amount

BACKFILL_AFTER = timedelta(minutes=1)
"""A log for a moment at least this far in the past is marked as backfilled."""


def add_habit(state: GameState, c: cmd.AddHabit, ctx: DecisionContext) -> Decision:
    """Add a habit at the end of the list, starting today (or `start_day`)."""
    if c.habit_id in state.habits:
        raise CommandRefused(f"A habit with id {c.habit_id!r} already exists.")
    taken = {h.name.casefold(): h for h in state.habits.values() if not h.archived}
    if c.name.casefold() in taken:
        raise CommandRefused(
            f"A habit named {c.name!r} already exists.", hint="Pick another name or edit it."
        )
    position = max((h.position for h in state.habits.values()), default=-1) + 1
    settings = {name: getattr(c, name) for name in HABIT_SETTINGS}
    settings["start_day"] = c.start_day or cx.today(state, ctx)
    added = ev.HabitAdded(habit_id=c.habit_id, position=position, **settings)
    return [(habit_stream(c.habit_id), added)]


def edit_habit(state: GameState, c: cmd.EditHabit, ctx: DecisionContext) -> Decision:
    """Change some fields of a habit (old and new values kept for undo)."""
    habit = cx.habit(state, c.habit_id)
    wanted: dict[str, Any] = {
        name: getattr(c, name) for name in HABIT_SETTINGS if getattr(c, name) is not None
    }
    if c.clear_target:
        wanted["target"] = None
    if "name" in wanted and wanted["name"].casefold() != habit.name.casefold():
        others = (h for h in state.habits.values() if h is not habit and not h.archived)
        if any(h.name.casefold() == wanted["name"].casefold() for h in others):
            raise CommandRefused(f"A habit named {wanted['name']!r} already exists.")
    old, new = habit.changes(wanted)
    if not new:
        raise CommandRefused(f"Habit {habit.name!r} already looks like that; nothing to change.")
    if c.start_day is not None and "start_day" in new:
        if c.start_day > cx.today(state, ctx):
            raise CommandRefused(
                f"A habit's start cannot be in the future ({day_text(c.start_day, year=True)})."
            )
        check_start_move(state, habit, c.start_day, "move its start")
    edited = ev.HabitEdited(habit_id=c.habit_id, old=old, new=new)
    events: Decision = [(habit_stream(c.habit_id), edited)]
    goals = [g for g in state.goals.values() if g.measure.habit_id == c.habit_id and not g.achieved]
    if goals:
        # A new kind or target can turn past days done: goals it meets are achieved
        # without a bonus (the bonus is for play, never for rewriting the rules).
        preview = habit.copy()
        preview.set_fields(new)
        ledger = Ledger(cx.character(state), cx.rules(state))
        previews = {**state.habits, c.habit_id: preview}
        events += achieve_goals(state, ledger, cx.today(state, ctx), habits=previews, bonus=False)
    return events


def check_start_move(state: GameState, habit: Habit, start: date, action: str) -> None:
    """Refuse moving `habit`'s first day to `start` when that would change a judged day or
    leave a log before the habit began: a closed day on or after the earlier of the two
    starts (it was judged with the habit's old start, its schedule's anchor and its
    period's quota), or a log on a day before `start`."""
    first = min(habit.start_day, start)
    closed = [d for d in state.closed_days if d >= first]
    if closed:
        raise CommandRefused(
            f"Cannot {action}: {day_text(min(closed), year=True)} is already closed and "
            f"was judged with {habit.name!r} starting {day_text(habit.start_day, year=True)}.",
            hint="A start can move only within days that are not closed yet; to bring in "
            "older history, add the habit with `habit add --start DAY`.",
            window_hint="A start can move only within days that are not closed yet; to bring "
            "in older history, add a new habit (Game > New habit…, Ctrl+N) with an earlier "
            "start day.",
        )
    logged = [d for d, tally in habit.tallies.items() if d < start and not tally.is_empty()]
    if logged:
        raise CommandRefused(
            f"Cannot {action}: {habit.name!r} has a log on "
            f"{day_text(min(logged), year=True)}, before {day_text(start, year=True)}.",
            hint="Revert those logs first, or pick an earlier start.",
        )


def archive_habit(state: GameState, c: cmd.ArchiveHabit, ctx: DecisionContext) -> Decision:
    """Archive a habit."""
    habit = cx.habit(state, c.habit_id)
    if habit.archived:
        raise CommandRefused(f"Habit {habit.name!r} is already archived.")
    return [(habit_stream(c.habit_id), ev.HabitArchived(habit_id=c.habit_id))]


def restore_habit(state: GameState, c: cmd.RestoreHabit, ctx: DecisionContext) -> Decision:
    """Bring an archived habit back."""
    habit = cx.habit(state, c.habit_id)
    if not habit.archived:
        raise CommandRefused(f"Habit {habit.name!r} is not archived.")
    # Names of active habits are unique (add and edit refuse a second one): a habit
    # added under the same name while this one was archived must not be shadowed.
    others = (h for h in state.habits.values() if h is not habit and not h.archived)
    if any(h.name.casefold() == habit.name.casefold() for h in others):
        raise CommandRefused(
            f"An active habit is already named {habit.name!r}.",
            hint="Rename one of them first (rpgmylife habit edit HABIT --name NEW).",
            window_hint="Rename one of them first: select it and choose Edit > Edit… (Ctrl+E).",
        )
    return [(habit_stream(c.habit_id), ev.HabitRestored(habit_id=c.habit_id))]


def reorder_habits(state: GameState, c: cmd.ReorderHabits, ctx: DecisionContext) -> Decision:
    """Put the listed habits first, in this order; the others follow in their order."""
    if len(set(c.habit_ids)) != len(c.habit_ids):
        raise CommandRefused("A habit is listed twice in the new order.")
    listed = [cx.habit(state, habit_id) for habit_id in c.habit_ids]
    rest = [
        h
        for h in sorted(state.habits.values(), key=lambda h: (h.position, h.habit_id))
        if h.habit_id not in c.habit_ids
    ]
    events: Decision = []
    for position, habit in enumerate(listed + rest):
        if habit.position != position:
            moved = ev.HabitReordered(
                habit_id=habit.habit_id, old_position=habit.position, new_position=position
            )
            events.append((habit_stream(habit.habit_id), moved))
    if not events:
        raise CommandRefused("The habits are already in that order.")
    return events


def pause_habit(state: GameState, c: cmd.PauseHabit, ctx: DecisionContext) -> Decision:
    """Pause a habit for a range of local days."""
    habit = cx.habit(state, c.habit_id, active=True)
    if c.end < c.start:
        raise CommandRefused(
            f"A pause cannot end ({day_text(c.end, year=True)}) before it starts "
            f"({day_text(c.start, year=True)})."
        )
    if c.pause_id in habit.pauses:
        raise CommandRefused(f"Habit {habit.name!r} already has a pause {c.pause_id!r}.")
    closed = [d for d in state.closed_days if c.start <= d <= c.end and d >= habit.start_day]
    if closed:
        # A pause over judged days would raise strength with no refund of what they cost,
        # and a skip of a closed day is refused for the same reason.
        raise CommandRefused(
            f"{day_text(min(closed), year=True)} is already closed, so a pause over it "
            "would change nothing that was judged.",
            hint="Pause from the first day that is not closed yet (today, or later).",
        )
    paused = ev.HabitPaused(habit_id=c.habit_id, pause_id=c.pause_id, start=c.start, end=c.end)
    return [(habit_stream(c.habit_id), paused)]


def resume_habit(state: GameState, c: cmd.ResumeHabit, ctx: DecisionContext) -> Decision:
    """End every pause that reaches `c.day` or later the day before `c.day` (a pause that
    had not started by then is left with nothing). Days already closed keep their pause:
    a resume over them is refused, as a pause over them is."""
    habit = cx.habit(state, c.habit_id, active=True)
    ending = sorted(
        (start, end, pause_id) for pause_id, (start, end) in habit.pauses.items() if end >= c.day
    )
    if not ending:
        raise CommandRefused(
            f"Habit {habit.name!r} has no pause on {day_text(c.day, year=True)} or later to end.",
            hint="`habit show` lists its pauses.",
            window_hint="History (Ctrl+6) lists its pauses.",
        )
    new_end = c.day - timedelta(days=1)
    closed = [
        d
        for d in state.closed_days
        if d >= habit.start_day and any(max(c.day, s) <= d <= e for s, e, _ in ending)
    ]
    if closed:
        raise CommandRefused(
            f"{day_text(min(closed), year=True)} is already closed and was judged as "
            "paused, so the pause cannot end before it.",
            hint="Resume from the first day that is not closed yet (today, or later).",
        )
    return [
        (
            habit_stream(c.habit_id),
            ev.HabitPauseEnded(
                habit_id=c.habit_id, pause_id=pause_id, start=start, old_end=end, new_end=new_end
            ),
        )
        for start, end, pause_id in ending
    ]


def skip_habit_day(state: GameState, c: cmd.SkipHabitDay, ctx: DecisionContext) -> Decision:
    """Skip one day of a habit (not a day that is already closed)."""
    habit = cx.habit(state, c.habit_id, active=True)
    if habit.is_excused(c.day):
        raise CommandRefused(
            f"{day_text(c.day, year=True)} is already skipped or paused for {habit.name!r}."
        )
    if c.day in state.closed_days:
        raise CommandRefused(
            f"{day_text(c.day, year=True)} is already closed, so skipping it would change nothing.",
            hint="Skip a day before it ends, or pause the habit ahead of time.",
        )
    return [(habit_stream(c.habit_id), ev.HabitSkipped(habit_id=c.habit_id, day=c.day))]


LogFields = cmd.LogHabit | cmd.BulkLog
"""A log as the rules read it: the command, or an import's already-checked `BulkLog`
(the bulk path, `backfill`, decides those with the same functions)."""


def _check_direction(habit: Habit, direction: str) -> None:
    kind = habit.kind
    if kind == "positive" and direction == "down":
        raise CommandRefused(f"Habit {habit.name!r} only has a + button.")
    if kind == "negative" and direction == "up":
        raise CommandRefused(f"Habit {habit.name!r} only has a - button.")


Outcome = tuple[float, int, float, float, bool, float]
"""What a log earns, in `HabitLogged`'s terms: (value_delta, xp_delta, gold_delta,
hp_delta, critical, critical_multiplier)."""

_NO_STEP: Outcome = (0.0, 0, 0.0, 0.0, False, 1.0)
"""A log that earns no step: `HabitLogged`'s defaults."""


def _step(
    habit: Habit, up: bool, day: date, rules: RulesV1, rng: random.Random, ledger: Ledger
) -> Outcome:
    """One Habitica step of the habit's task value, with its outcome through the ledger."""
    if up:
        step = rules.value_step(habit.value, "up")
        critical = rules.roll_critical(rng)
        gain = rules.gain(step.raw, habit.difficulty, critical)
        xp, gold = ledger.gain(gain.xp, gain.gold)
        return (step.applied, xp, gold, 0.0, critical > 1, critical)
    step = rules.value_step(habit.value, "down")
    strength = ten_thousandths(habit.strength_before(day))
    hp = ledger.change_hp(rules.damage(step.raw, habit.difficulty, strength))
    return (step.applied, 0, 0.0, hp, False, 1.0)


def _log_outcome(
    habit: Habit, c: LogFields, day: date, rules: RulesV1, rng: random.Random, ledger: Ledger
) -> Outcome:
    """Which step a log earns (see docs/game-rules.md, "Logging a habit")."""
    days = habit.days  # the calendar's settings and tallies, read once (one call per log)
    target = days.rules.target
    at_most = target is not None and target.mode == "at_most"
    if c.direction == "down" and not at_most:
        return _step(habit, False, day, rules, rng, ledger)
    if target is not None:
        # A limit counts a slip's amount like a + log's: only the log that takes the
        # day's total over the limit costs the step.
        before = days.day_amount(day)
        after = before + log_amount(c.direction, c.amount, at_most=at_most)
        if target.mode == "at_least" and before < target.amount <= after + TOLERANCE:
            return _step(habit, True, day, rules, rng, ledger)
        if target.mode == "at_most" and before <= target.amount < after - TOLERANCE:
            return _step(habit, False, day, rules, rng, ledger)
        return _NO_STEP
    if days.rules.schedule.kind != "unscheduled" and days.done_on(day):
        return _NO_STEP  # a scheduled habit pays once a day
    return _step(habit, True, day, rules, rng, ledger)


def _judged_day(habit: Habit, day: date) -> date:
    """The day whose close judged `day`: the period's last day for quota schedules (X
    times a week or month), the day itself otherwise."""
    schedule = habit.schedule
    if schedule.kind in sched.QUOTA_KINDS:
        return sched.period_bounds(schedule, day)[1]
    return day


def _made_good(habit: Habit, preview: Habit, day: date, judged_day: date) -> bool:
    """Whether one more log on `day` (`preview`) turns the miss judged on `judged_day`
    into a success: the day done, or for quota schedules the period's quota met."""
    if habit.schedule.kind in sched.QUOTA_KINDS:
        done, required = habit.quota(judged_day)
        now_done, _ = preview.quota(judged_day)
        return done < required <= now_done
    return preview.done_on(day) and not habit.done_on(day)


_LOGGED_FIELDS = set(ev.HabitLogged.model_fields)
"""The fields set of every `logged_event`: all of them, one set shared by every event
(pydantic copies a model's fields set before it changes one, in `model_copy`; nothing
else changes it on a frozen model, and the game never does)."""
_NEW = object.__new__
_SET = object.__setattr__


def logged_event(fields: dict[str, Any]) -> ev.HabitLogged:
    """`HabitLogged.model_validate(fields)` for the fields `log_events` gives it: every
    field, in the class's order, each already of its field's type (from a validated
    command, or an import's already-checked `BulkLog`, and the rules' own outcome), so
    validating them again could change nothing. Built without it: an import decides one
    per log, and the validation was a tenth of its plan. A test holds it to the
    validated event on every path (directions, amounts, notes, criticals, targets,
    damage, rules v1 and v2): equal, with the same fields set and the same payload."""
    logged = _NEW(ev.HabitLogged)
    _SET(logged, "__dict__", fields)
    _SET(logged, "__pydantic_fields_set__", _LOGGED_FIELDS)
    _SET(logged, "__pydantic_extra__", None)
    _SET(logged, "__pydantic_private__", None)
    return logged


def log_habit(state: GameState, c: cmd.LogHabit, ctx: DecisionContext) -> Decision:
    """Log a habit now or for a past moment: task value, XP, gold or damage, a refund of
    a recorded miss the log makes good, goals it meets, level-ups, fainting."""
    habit = cx.habit(state, c.habit_id, active=True)
    moment = log_moment(state, c.at, ctx)
    day = log_day(habit, c, moment)
    rules = cx.rules(state)
    ledger = Ledger(cx.character(state), rules)
    today = cx.today(state, ctx)
    events = log_events(state, habit, c, day, moment.backfilled, today, rules, ctx, ledger)
    return events + ledger.follow_ups(day)


class LogMoment(NamedTuple):
    """Where a log's moment falls: its local day, whether it is in the future (refused),
    whether it is a backfill."""

    day: date
    future: bool
    backfilled: bool


def log_moment(state: GameState, at: datetime | None, ctx: DecisionContext) -> LogMoment:
    """The `LogMoment` of a log for `at` (None: now). The same for every log of one
    moment: the import's bulk path (`backfill`) works it out once per moment."""
    moment = at or ctx.now
    return LogMoment(
        state.local_day(moment, ctx.device_tz),
        moment > ctx.now + BACKFILL_AFTER,
        at is not None and ctx.now - moment >= BACKFILL_AFTER,
    )


def log_day(habit: Habit, c: LogFields, moment: LogMoment) -> date:
    """The local day the log counts for, once it is allowed: the habit's button, not in
    the future, not before the habit started. Shared by `log_habit` and `backfill`."""
    _check_direction(habit, c.direction)
    if moment.future:
        raise CommandRefused("A habit cannot be logged for a moment in the future.")
    day = moment.day
    if day < habit.start_day:
        raise CommandRefused(
            f"{day_text(day, year=True)} is before habit {habit.name!r} started "
            f"({day_text(habit.start_day, year=True)}).",
            hint="Log a later moment, or first move the habit's start back to that day: "
            f"`rpgmylife habit edit {shlex.quote(habit.name)} --start {day.isoformat()}`.",
            window_hint="Log a later moment, or first move the habit's start back to that day: "
            "select it and choose Edit > Edit… (Ctrl+E).",
        )
    return day


def log_events(
    state: GameState,
    habit: Habit,
    c: LogFields,
    day: date,
    backfilled: bool,
    today: date,
    rules: RulesV1,
    ctx: DecisionContext,
    ledger: Ledger,
) -> Decision:
    """The events of an allowed log on `day` (`log_day`), outcomes through `ledger`,
    without the ledger's follow-ups (level-ups, fainting): the HabitLogged, a refund of a
    recorded miss it makes good, goals it meets. Shared by `log_habit` and `backfill`."""
    value_delta, xp, gold, hp, critical, multiplier = _log_outcome(
        habit, c, day, rules, ctx.rng, ledger
    )
    logged = logged_event(
        {
            "xp_delta": xp,
            "gold_delta": gold,
            "hp_delta": hp,
            "day": day,
            "rules_version": rules.version,
            "habit_id": c.habit_id,
            "direction": c.direction,
            "amount": c.amount,
            "value_delta": value_delta,
            "critical": critical,
            "critical_multiplier": multiplier,
            "note": c.note,
            "backfilled": backfilled,
        }
    )
    stream = habit_stream(c.habit_id)
    events: Decision = [(stream, logged)]
    judged_day = _judged_day(habit, day)
    miss = habit.misses.get(judged_day)
    # Achieved goals are never judged again: skipping them spares the preview's copy.
    goals = [g for g in state.goals.values() if g.measure.habit_id == c.habit_id and not g.achieved]
    preview = habit.with_log(day, c.direction, c.amount) if miss is not None or goals else habit
    if miss is not None and _made_good(habit, preview, day, judged_day):
        refund = compensate(miss, "")
        assert isinstance(refund, ev.DailyMissReverted)
        hp = ledger.change_hp(refund.hp_delta)
        xp, gold = ledger.gain(refund.xp_delta, refund.gold_delta)
        refund = refund.model_copy(update={"hp_delta": hp, "xp_delta": xp, "gold_delta": gold})
        events.append((stream, refund))
    if goals:
        previews = {**state.habits, c.habit_id: preview}
        events += achieve_goals(state, ledger, today, habits=previews)
    return events
