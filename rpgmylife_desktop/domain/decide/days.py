"""Closing a local day: missed dailies (softened damage), the perfect-day bonus."""

from __future__ import annotations

from datetime import date

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.calendar import schedule as sched
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.decide import context as cx
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.decide.ledger import Ledger
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.streams import day_stream, habit_stream
from rpgmylife_desktop.domain.numbers import ten_thousandths
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.habits import Habit


def _hurt_by_its_logs(habit: Habit) -> bool:
    """Limits ("at most" targets, negative habits) already cost HP when the log that broke
    them was recorded; closing the day does not charge them twice."""
    if habit.target is not None:
        return habit.target.mode == "at_most"
    return habit.kind == "negative"


def day_already_closed(day: date) -> CommandRefused:
    """The refusal of closing `day` again (the rules and `Game.close_days_through` say it
    alike)."""
    return CommandRefused(
        f"{day_text(day, year=True)} is already closed; closing it again changes nothing."
    )


def day_not_over(day: date) -> CommandRefused:
    """The refusal of closing `day` before it ends."""
    return CommandRefused(
        f"{day_text(day, year=True)} is not over yet; a day is closed after it ends."
    )


def day_before_first_day(day: date, first: date) -> CommandRefused:
    """The refusal of closing `day`, earlier than the character's first day `first` (the
    rules and `Game.close_days_through` say it alike)."""
    return CommandRefused(
        f"{day_text(day, year=True)} is before your character's first day, "
        f"{day_text(first, year=True)}; there is nothing to close.",
        hint=f"The first day you can close is {day_text(first, year=True)}, once it is over.",
    )


def close_day(state: GameState, c: cmd.CloseDay, ctx: DecisionContext) -> Decision:
    """Judge every active habit on `c.day`: one DailyMissed per judged habit not done
    (no damage for limits: "at most" targets and negative habits were already hurt by
    the log that broke them), and the
    perfect-day bonus when every judged habit was done. Refused for a day that is
    already closed or not over yet, so closing twice changes nothing, and while an earlier
    day (from the character's first day on) is open: days are judged oldest first, each
    once, so a miss is always charged with what came before it."""
    character = state.character
    if character is None:
        raise CommandRefused("There is no character yet, so there is no day to close.")
    day = c.day
    if day in state.closed_days:
        raise day_already_closed(day)
    if day >= cx.today(state, ctx):
        raise day_not_over(day)
    if character.created_day is not None and day < character.created_day:
        raise day_before_first_day(day, character.created_day)
    first_open = state.first_open_day()
    if first_open is not None and first_open < day:
        raise CommandRefused(
            f"{day_text(first_open, year=True)} is still open; days are closed oldest first, "
            f"so {day_text(day, year=True)} waits for it.",
            hint=f"Close every ended day up to {day_text(day, year=True)} in order "
            f"(`close-day {day}`).",
            window_hint="Ended days close oldest first on their own while the window is open.",
        )
    rules = cx.rules(state)
    ledger = Ledger(character, rules)
    judged = done = missed = 0
    misses: Decision = []
    for habit in state.habits_in_order():
        if habit.start_day > day or not sched.is_judged_day(habit.schedule, day, habit.start_day):
            continue
        if habit.schedule.kind in sched.QUOTA_KINDS:
            done_days, required = habit.quota(day)
            if required == 0:
                continue
            ok = done_days >= required
        else:
            if habit.excuses(day):  # a skipped day logged until done counts as done
                continue
            ok = habit.done_on(day)
        judged += 1
        if ok:
            done += 1
            continue
        missed += 1
        if _hurt_by_its_logs(habit):
            continue
        step = rules.value_step(habit.value, "down")
        strength = ten_thousandths(habit.strength_before(day))
        hp = ledger.change_hp(rules.damage(step.raw, habit.difficulty, strength))
        miss = ev.DailyMissed(
            habit_id=habit.habit_id,
            day=day,
            hp_delta=hp,
            value_delta=step.applied,
            strength=strength,
            rules_version=rules.version,
        )
        misses.append((habit_stream(habit.habit_id), miss))
    perfect = judged > 0 and missed == 0
    xp, gold = 0, 0.0
    if perfect:
        bonus = rules.perfect_day_bonus(judged)
        xp, gold = ledger.gain(bonus.xp, bonus.gold)
    closed = ev.DayClosed(
        day=day,
        perfect=perfect,
        judged=judged,
        done=done,
        missed=missed,
        xp_delta=xp,
        gold_delta=gold,
        rules_version=rules.version,
    )
    return [(day_stream(day), closed), *misses, *ledger.follow_ups(day)]
