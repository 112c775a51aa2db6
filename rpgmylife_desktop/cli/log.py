"""`rpgmylife log NAME_OR_ID [--down] [--amount N] [--at WHEN] [--note TEXT]`."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from rpgmylife_desktop.cli.common import (
    find_habit,
    make,
    open_game,
    outcome_text,
    report,
    when,
    without_goals,
)
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.calendar.days import day_text
from rpgmylife_desktop.domain.commands import LogHabit
from rpgmylife_desktop.domain.events import HabitLogged
from rpgmylife_desktop.domain.numbers import amount_of_text
from rpgmylife_desktop.domain.state.habits import Habit
from rpgmylife_desktop.errors import UsageError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `log` command."""
    log = subparsers.add_parser(
        "log",
        help="log a habit: press + (or - with --down)",
        description="Log a habit now, or for a past moment with --at (a backfill).",
        parents=[common],
    )
    log.add_argument("habit", metavar="HABIT", help="name, id or id prefix of the habit")
    log.add_argument("--down", action="store_true", help="press - (a slip on a bad habit)")
    log.add_argument("--amount", type=float, metavar="N", help="how much (numeric targets)")
    log.add_argument(
        "--at", metavar="WHEN", help="when it happened: 'yesterday 21:00', '-2h', 2026-03-03"
    )
    log.add_argument("--note", default="", metavar="TEXT", help="a note kept with the log")
    log.set_defaults(handler=_log)


def progress_text(habit: Habit, day: date) -> str:
    """Where the habit stands on the log's day, worded as the window words it: "3 / 8
    glasses", "1 of at most 2 coffees", "2/3 this week" ('' for nothing to count)."""
    if habit.target is not None:
        target = habit.target
        at_most = target.mode == "at_most"
        return amount_of_text(habit.day_amount(day), target.amount, target.unit, at_most=at_most)
    period = {"times_per_week": "this week", "times_per_month": "this month"}
    if habit.schedule.kind in period:
        done_days, needed = habit.quota(day)
        if needed == 0:  # a first, partial period too short to ask for a done day
            words = period[habit.schedule.kind]
            return f"{done_days} {words} (none needed in this first, short {words[5:]})"
        return f"{done_days}/{needed} {period[habit.schedule.kind]}"
    return ""


def _log(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        habit_id = find_habit(game, args.habit)
        habit = game.state.habits[habit_id]
        if args.amount is not None and habit.target is None:
            raise UsageError(
                f"Habit {habit.name!r} has no numeric target, so an amount would count "
                "for nothing.",
                hint=f"Log it without --amount, or give it a target first: "
                f"rpgmylife habit edit {habit_id[:8]} --target N --unit U",
            )
        moment = None if args.at is None else when(game, args.at)
        command = make(
            LogHabit,
            habit_id=habit_id,
            direction="down" if args.down else "up",
            amount=args.amount,
            at=moment,
            note=args.note,
        )
        result = game.handle(command)
        habit = game.state.habits[habit_id]
        logged = next((r.event for r in result.events if isinstance(r.event, HabitLogged)), None)
        verb = "Slipped on" if args.down else "Logged"
        text = f"{verb} {habit.name}"
        logged_day = game.today() if logged is None else logged.day
        parts = [
            p
            for p in (progress_text(habit, logged_day), outcome_text(without_goals(result.events)))
            if p
        ]
        if parts:
            text += ": " + ", ".join(parts)
        if logged is not None and logged.critical:
            text += f" (critical hit x{logged.critical_multiplier:g}!)"
        if logged is not None and logged.backfilled:
            text += f" (backfilled to {day_text(logged.day)})"
        return report(game, output, result, text + ".", {"habit_id": habit_id})
