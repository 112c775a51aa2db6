"""`rpgmylife habit add|edit|show|list|reorder|archive|restore|pause|skip`."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from rpgmylife_desktop.cli.common import (
    day,
    find_habit,
    make,
    open_game,
    report,
)
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.calendar.days import day_text, iso_day_text
from rpgmylife_desktop.domain.commands import (
    AddHabit,
    ArchiveHabit,
    EditHabit,
    PauseHabit,
    ReorderHabits,
    RestoreHabit,
    ResumeHabit,
    SkipHabitDay,
)
from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from rpgmylife_desktop.errors import EXIT_OK, UsageError
from rpgmylife_desktop.projections.habit_list import logs_text

DIFFICULTIES = ("trivial", "easy", "medium", "hard")
KINDS = ("positive", "negative", "both")
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `habit` command group."""
    habit = subparsers.add_parser("habit", help="add, change and list habits", parents=[common])
    actions = habit.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a habit", parents=[common])
    add.add_argument("name", help="what the habit is called")
    add.add_argument(
        "--start",
        metavar="DAY",
        help="the day the habit started (default today); earlier days can then be backfilled",
    )
    _habit_options(add)
    add.set_defaults(handler=_add)

    edit = actions.add_parser("edit", help="change a habit", parents=[common])
    edit.add_argument("habit", metavar="HABIT", help="name or id")
    edit.add_argument("--name", help="new name")
    _habit_options(edit)
    edit.add_argument("--clear-target", action="store_true", help="remove the numeric target")
    edit.add_argument(
        "--at-least", action="store_true", help="the target is a floor again (not --at-most)"
    )
    edit.add_argument(
        "--start",
        metavar="DAY",
        help="move the habit's first day (only within days not closed yet, none after a log)",
    )
    edit.set_defaults(handler=_edit)

    listing = actions.add_parser("list", help="list habits", parents=[common])
    listing.add_argument("--all", action="store_true", help="include archived habits")
    listing.set_defaults(handler=_list)

    for name, helptext, handler in (
        ("archive", "archive a habit (hidden, never due)", _archive),
        ("restore", "bring an archived habit back", _restore),
    ):
        sub = actions.add_parser(name, help=helptext, parents=[common])
        sub.add_argument("habit", metavar="HABIT", help="name or id")
        sub.set_defaults(handler=handler)

    pause = actions.add_parser("pause", help="pause a habit for some days", parents=[common])
    pause.add_argument("habit", metavar="HABIT", help="name or id")
    pause.add_argument("--from", dest="start", metavar="DAY", required=True, help="first day")
    pause.add_argument("--to", dest="end", metavar="DAY", required=True, help="last day")
    pause.set_defaults(handler=_pause)

    resume = actions.add_parser(
        "resume", help="end a pause early: the habit is due again from DAY", parents=[common]
    )
    resume.add_argument("habit", metavar="HABIT", help="name or id")
    resume.add_argument("--on", dest="day", metavar="DAY", help="first day due again (today)")
    resume.set_defaults(handler=_resume)

    skip = actions.add_parser("skip", help="skip one day of a habit", parents=[common])
    skip.add_argument("habit", metavar="HABIT", help="name or id")
    skip.add_argument("day", metavar="DAY", nargs="?", help="the day (default: today)")
    skip.set_defaults(handler=_skip)

    show = actions.add_parser(
        "show", help="everything about one habit: settings, pauses, today", parents=[common]
    )
    show.add_argument("habit", metavar="HABIT", help="name or id")
    show.set_defaults(handler=_show)

    reorder = actions.add_parser(
        "reorder",
        help="put habits first, in this order",
        description="Put the named habits first, in the order given; the others keep "
        "their order after them.",
        parents=[common],
    )
    reorder.add_argument("habits", metavar="HABIT", nargs="+", help="name or id")
    reorder.set_defaults(handler=_reorder)


def _habit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notes", help="free text")
    parser.add_argument("--tag", action="append", dest="tags", metavar="TAG", help="a tag")
    parser.add_argument("--color", help="a colour, e.g. #4caf50")
    parser.add_argument("--kind", choices=KINDS, help="+ only, - only, or both")
    parser.add_argument("--difficulty", choices=DIFFICULTIES, help="default: easy")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--daily", action="store_true", help="due every day (the default)")
    when.add_argument("--unscheduled", action="store_true", help="never due; log whenever")
    when.add_argument("--weekdays", metavar="DAYS", help="due on these days: mon,wed,fri")
    when.add_argument("--every", type=int, metavar="N", help="due every N days")
    when.add_argument("--per-week", type=int, metavar="N", help="N done days per week")
    when.add_argument("--per-month", type=int, metavar="N", help="N done days per month")
    parser.add_argument("--target", type=float, metavar="AMOUNT", help="numeric daily target")
    parser.add_argument("--unit", default=None, help="unit of the target, e.g. glasses")
    parser.add_argument("--at-most", action="store_true", help="the target is a ceiling")
    parser.add_argument(
        "--reminder", action="append", dest="reminders", metavar="HH:MM", help="reminder time"
    )


def _schedule(args: argparse.Namespace) -> Schedule | None:
    fields: dict[str, Any]
    if args.daily:
        fields = {"kind": "daily"}
    elif args.unscheduled:
        fields = {"kind": "unscheduled"}
    elif args.weekdays:
        fields = {"kind": "weekdays", "weekdays": _weekdays(args.weekdays)}
    elif args.every is not None:
        fields = {"kind": "every_n_days", "every": args.every}
    elif args.per_week is not None:
        fields = {"kind": "times_per_week", "times": args.per_week}
    elif args.per_month is not None:
        fields = {"kind": "times_per_month", "times": args.per_month}
    else:
        return None
    return make(Schedule, **fields)


def _weekdays(text: str) -> tuple[int, ...]:
    days = []
    for word in text.replace(" ", "").lower().split(","):
        if word.isdigit() and 0 <= int(word) <= 6:
            days.append(int(word))
        elif word[:3] in _DAY_NAMES:
            days.append(_DAY_NAMES.index(word[:3]))
        else:
            raise UsageError(f"{word!r} is not a weekday.", hint="Use names like mon,wed,fri.")
    return tuple(days)


def _target(args: argparse.Namespace) -> NumericTarget | None:
    if args.target is None:
        if args.unit is not None or args.at_most:
            raise UsageError("--unit and --at-most need --target AMOUNT.")
        return None
    mode = "at_most" if args.at_most else "at_least"
    return make(NumericTarget, mode=mode, amount=args.target, unit=args.unit or "")


def _edited_target(args: argparse.Namespace, current: NumericTarget | None) -> NumericTarget | None:
    """The new target of `habit edit`: what is not given is kept from the current one
    (`--target 10` keeps "glasses" and "at most"); None when the target is not touched."""
    if args.at_least and args.at_most:
        raise UsageError("A target is either --at-least or --at-most, not both.")
    touched = args.target is not None or args.unit is not None or args.at_most or args.at_least
    if not touched:
        return None
    if current is None and args.target is None:
        raise UsageError("--unit, --at-most and --at-least need --target AMOUNT.")
    mode = current.mode if current is not None else "at_least"
    if args.at_most or args.at_least:
        mode = "at_most" if args.at_most else "at_least"
    return make(
        NumericTarget,
        mode=mode,
        amount=args.target if args.target is not None else current.amount,  # type: ignore[union-attr]
        unit=args.unit if args.unit is not None else (current.unit if current else ""),
    )


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "notes": args.notes,
        "tags": None if args.tags is None else tuple(args.tags),
        "color": args.color,
        "kind": args.kind,
        "difficulty": args.difficulty,
        "schedule": _schedule(args),
        "target": _target(args),
        "reminders": None if args.reminders is None else tuple(args.reminders),
    }
    return {key: value for key, value in fields.items() if value is not None}


def _add(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        start = None if args.start is None else day(game, args.start)
        command = make(AddHabit, name=args.name, start_day=start, **_fields(args))
        result = game.handle(command)
        return report(
            game, output, result, f"Added habit {command.name!r}.", {"habit_id": command.habit_id}
        )


def _edit(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        habit_id = find_habit(game, args.habit)
        target = _edited_target(args, game.state.habits[habit_id].target)
        args.target, args.unit, args.at_most = None, None, False  # read above, once
        fields = _fields(args)
        if target is not None:
            fields["target"] = target
        if args.name is not None:
            fields["name"] = args.name
        if args.clear_target:
            fields["clear_target"] = True
        if args.start is not None:
            fields["start_day"] = day(game, args.start)
        if not fields:
            raise UsageError("Nothing to change.", hint="See 'rpgmylife habit edit --help'.")
        result = game.handle(make(EditHabit, habit_id=habit_id, **fields))
        name = game.state.habits[habit_id].name
        return report(game, output, result, f"Changed habit {name!r}.", {"habit_id": habit_id})


def _simple(args: argparse.Namespace, output: Output, command_type: Any, verb: str) -> int:
    with open_game(args) as game:
        habit_id = find_habit(game, args.habit)
        result = game.handle(make(command_type, habit_id=habit_id))
        name = game.state.habits[habit_id].name
        return report(game, output, result, f"{verb} habit {name!r}.", {"habit_id": habit_id})


def _archive(args: argparse.Namespace, output: Output) -> int:
    return _simple(args, output, ArchiveHabit, "Archived")


def _restore(args: argparse.Namespace, output: Output) -> int:
    return _simple(args, output, RestoreHabit, "Restored")


def _pause(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        habit_id = find_habit(game, args.habit)
        start = day(game, args.start, future=True)
        end = day(game, args.end, future=True)
        result = game.handle(make(PauseHabit, habit_id=habit_id, start=start, end=end))
        name = game.state.habits[habit_id].name
        text = f"Paused {name!r} from {day_text(start)} to {day_text(end)}."
        return report(game, output, result, text, {"habit_id": habit_id})


def _resume(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        habit_id = find_habit(game, args.habit)
        first = game.today() if args.day is None else day(game, args.day, future=True)
        result = game.handle(make(ResumeHabit, habit_id=habit_id, day=first))
        name = game.state.habits[habit_id].name
        text = f"Resumed {name!r}: due again from {day_text(first)}."
        return report(game, output, result, text, {"habit_id": habit_id, "day": str(first)})


def _skip(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        habit_id = find_habit(game, args.habit)
        skipped = day(game, args.day, future=True)
        result = game.handle(make(SkipHabitDay, habit_id=habit_id, day=skipped))
        name = game.state.habits[habit_id].name
        return report(game, output, result, f"Skipped {name!r} on {day_text(skipped)}.")


def _reorder(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        habit_ids = tuple(find_habit(game, name) for name in args.habits)
        result = game.handle(make(ReorderHabits, habit_ids=habit_ids))
        ordered = sorted(game.state.habits.values(), key=lambda h: (h.position, h.habit_id))
        names = [h.name for h in ordered if not h.archived]
        text = "New order: " + ", ".join(names) + "."
        return report(game, output, result, text, {"order": [h.habit_id for h in ordered]})


def _show(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, write=False) as game:
        habit_id = find_habit(game, args.habit)
        habit = game.state.habits[habit_id]
        row = game.models.habits.rows()[habit_id]
        today = game.models.today
        today.set_day(game.today())
        day_row = today.row(habit_id)
        pauses = sorted(habit.pauses.items(), key=lambda item: item[1])
        data = {
            "id": habit_id,
            "name": habit.name,
            "status": row.status,
            "kind": habit.kind,
            "difficulty": habit.difficulty,
            "schedule": row.schedule,
            "target": row.target,
            "start_day": habit.start_day.isoformat(),
            "notes": habit.notes,
            "tags": list(habit.tags),
            "color": habit.color,
            "reminders": list(habit.reminders),
            "pauses": [
                {"id": pause_id, "from": start.isoformat(), "to": end.isoformat()}
                for pause_id, (start, end) in pauses
            ],
            "skipped_days": sorted(d.isoformat() for d in habit.skips),
            "total_logs": row.total_logs,
            "up_logs": row.up_logs,
            "down_logs": row.down_logs,
            "due_today": None if day_row is None else day_row.due,
            "done_today": None if day_row is None else day_row.done,
            "streak": None if day_row is None else day_row.streak,
            "best_streak": None if day_row is None else day_row.best_streak,
            "strength": None if day_row is None else round(day_row.strength, 4),
        }
        output.result(data, _show_text(data, game.today()))
        return EXIT_OK


def _show_text(data: dict[str, Any], today: date) -> str:
    """`data` (its days ISO, as `--json` prints them) in lines: its days in words as the
    CLI's lists write them ("started Sun 23 Aug", "paused yesterday to Sun 8 Nov")."""

    def day(iso: str) -> str:
        return iso_day_text(iso, today)

    lines = [f"{data['name']}  {data['id']}"]
    kind = {"positive": "+ only", "negative": "- only", "both": "+ and -"}[data["kind"]]
    details = [data["schedule"], data["difficulty"], kind]
    if data["target"]:
        details.append(data["target"])
    if data["status"] != "active":
        details.append(data["status"])
    lines.append("  " + ", ".join(details))
    # Every press; + and − apart for a habit with a − button, as the window's "Logs" says.
    logs = data["total_logs"]
    words = f"{logs} log{'' if logs == 1 else 's'}"
    split = logs_text(data["kind"], data["up_logs"], data["down_logs"])
    if split != str(logs):
        words += f" ({split})"
    lines.append(f"  started {day(data['start_day'])}, {words}")
    if data["strength"] is not None:
        now = "done" if data["done_today"] else ("due" if data["due_today"] else "not due")
        lines.append(
            f"  today: {now}; streak {data['streak']} (best {data['best_streak']}), "
            f"strength {data['strength']:.0%}"
        )
    if data["reminders"]:
        lines.append("  reminders: " + ", ".join(data["reminders"]))
    if data["tags"]:
        lines.append("  tags: " + ", ".join(data["tags"]))
    if data["color"]:
        lines.append(f"  colour: {data['color']}")
    for pause in data["pauses"]:
        one_day = pause["from"] == pause["to"]
        lines.append(
            f"  paused {day(pause['from'])}" + ("" if one_day else f" to {day(pause['to'])}")
        )
    if data["skipped_days"]:
        lines.append("  skipped: " + ", ".join(map(day, data["skipped_days"])))
    if data["notes"]:
        lines.append("  notes:")
        lines.extend(f"    {line}" for line in data["notes"].splitlines())
    return "\n".join(lines)


def _list(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, write=False) as game:
        habits = game.models.habits
        today = game.models.today
        today.set_day(game.today())
        rows = [row for row in habits.rows().values() if args.all or row.status == "active"]
        data = []
        lines = []
        for row in rows:
            day_row = today.row(row.habit_id)
            entry = {
                "id": row.habit_id,
                "name": row.name,
                "kind": row.kind,
                "difficulty": row.difficulty,
                "schedule": row.schedule,
                "target": row.target,
                "status": row.status,
                "tags": list(row.tags),
                "total_logs": row.total_logs,
                "up_logs": row.up_logs,
                "down_logs": row.down_logs,
                "due_today": None if day_row is None else day_row.due,
                "done_today": None if day_row is None else day_row.done,
                "pending_today": None if day_row is None else day_row.pending,
                "streak": None if day_row is None else day_row.streak,
                "best_streak": None if day_row is None else day_row.best_streak,
                "strength": None if day_row is None else round(day_row.strength, 4),
            }
            data.append(entry)
            lines.append(_line(entry))
        text = (
            "\n".join(lines)
            if lines
            else "No habits yet. Add one with 'rpgmylife habit add', or bring yours from "
            "another tracker with 'rpgmylife import-loop', 'import-habitica' or 'import-csv'."
        )
        output.result({"habits": data}, text)
        return EXIT_OK


def _line(entry: dict[str, Any]) -> str:
    mark = "x" if entry["done_today"] else ("!" if entry["due_today"] else " ")
    if entry["pending_today"]:  # a limit kept so far: only the day's end decides
        mark = "~"
    if entry["status"] == "archived":
        mark = "-"
    details = [entry["schedule"], entry["difficulty"]]
    if entry["target"]:
        details.append(entry["target"])
    if entry["streak"] is not None:  # "streak 0" too, as the window's Today row says it
        details.append(f"streak {entry['streak']}")
    if entry["strength"] is not None:
        details.append(f"strength {entry['strength']:.0%}")
    if entry["status"] == "archived":
        details.append("archived")
    return f"[{mark}] {entry['name']}  ({', '.join(details)})  {entry['id'][:8]}"
