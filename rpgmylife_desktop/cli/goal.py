"""`rpgmylife goal add|edit|achieve|archive|restore|delete|list`."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.application.session import CommandResult, Game
from rpgmylife_desktop.cli import shelf
from rpgmylife_desktop.cli.common import (
    day,
    find_goal,
    find_habit,
    find_quest,
    make,
    open_game,
    report,
)
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.calendar.days import iso_day_text
from rpgmylife_desktop.domain.commands import AchieveGoal, AddGoal, EditGoal
from rpgmylife_desktop.domain.events import GoalAchieved
from rpgmylife_desktop.domain.values import GoalMeasure
from rpgmylife_desktop.errors import EXIT_OK, UsageError

_MEASURES = {
    "manual": "manual",
    "logs": "habit_logs",
    "days": "habit_days",
    "quests": "linked_quests",
}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `goal` command group."""
    goal = subparsers.add_parser("goal", help="longer milestones", parents=[common])
    actions = goal.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        help="add a goal",
        description="Add a goal. Measures: manual (you mark it achieved), logs (COUNT logs "
        "of the first --habit), days (COUNT done days of it), quests (every linked quest).",
        parents=[common],
    )
    add.add_argument("title", help="the goal")
    add.add_argument("--description", default="")
    add.add_argument("--target-date", metavar="DAY", help="when you aim to reach it")
    add.add_argument("--habit", action="append", dest="habits", default=[], metavar="HABIT")
    add.add_argument("--quest", action="append", dest="quests", default=[], metavar="QUEST")
    add.add_argument(
        "--measure", choices=sorted(_MEASURES), default=None, help="how progress is counted"
    )
    add.add_argument(
        "--count", type=int, default=None, metavar="N", help="target count (logs or days)"
    )
    add.set_defaults(handler=_add)

    listing = actions.add_parser("list", help="list goals with their progress", parents=[common])
    listing.add_argument("--archived", action="store_true", help="list archived goals only")
    listing.set_defaults(handler=_list)
    shelf.register(actions, common, "goal")

    edit = actions.add_parser(
        "edit",
        help="change a goal",
        description="Change a goal; only what you give changes. --habit and --quest replace "
        "the linked habits or quests. A goal whose new target is already met is reached.",
        parents=[common],
    )
    edit.add_argument("goal", metavar="GOAL", help="title, id or id prefix")
    edit.add_argument("--title", help="new title")
    edit.add_argument("--description")
    target = edit.add_mutually_exclusive_group()
    target.add_argument("--target-date", metavar="DAY", help="when you aim to reach it")
    target.add_argument("--clear-target-date", action="store_true", help="no target date")
    edit.add_argument("--habit", action="append", dest="habits", default=None, metavar="HABIT")
    edit.add_argument("--quest", action="append", dest="quests", default=None, metavar="QUEST")
    edit.add_argument("--measure", choices=sorted(_MEASURES), default=None)
    edit.add_argument("--count", type=int, default=None, metavar="N", help="target count")
    edit.set_defaults(handler=_edit)

    achieve = actions.add_parser(
        "achieve",
        help="mark a goal achieved (manual goals; measured ones once their target is met)",
        parents=[common],
    )
    achieve.add_argument("goal", metavar="GOAL", help="title, id or id prefix")
    achieve.set_defaults(handler=_achieve)


def _add(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        habit_ids = tuple(find_habit(game, name) for name in args.habits)
        quest_ids = tuple(find_quest(game, name) for name in args.quests)
        measure = _measure(args, habit_ids, quest_ids)
        command = make(
            AddGoal,
            title=args.title,
            description=args.description,
            target_date=None
            if args.target_date is None
            else day(game, args.target_date, future=True),
            habit_ids=habit_ids,
            quest_ids=quest_ids,
            measure=measure,
        )
        result = game.handle(command)
        return report(
            game,
            output,
            result,
            f"Added goal {command.title!r}.",
            _reached(result, command.goal_id),
        )


def _edit(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        goal_id = find_goal(game, args.goal)
        goal = game.state.goals[goal_id]
        fields: dict[str, Any] = {
            "title": args.title,
            "description": args.description,
            "target_date": None
            if args.target_date is None
            else day(game, args.target_date, future=True),
            "habit_ids": None
            if args.habits is None
            else tuple(find_habit(game, name) for name in args.habits),
            "quest_ids": None
            if args.quests is None
            else tuple(find_quest(game, name) for name in args.quests),
        }
        fields = {key: value for key, value in fields.items() if value is not None}
        if args.clear_target_date:
            fields["clear_target_date"] = True
        if args.measure is not None or args.count is not None:
            habit_ids = fields.get("habit_ids", goal.habit_ids)
            quest_ids = fields.get("quest_ids", goal.quest_ids)
            if args.measure is None:  # a new count for the measure the goal has
                current = next(k for k, v in _MEASURES.items() if v == goal.measure.kind)
                args.measure = current
            fields["measure"] = _measure(args, tuple(habit_ids), tuple(quest_ids))
        if not fields:
            raise UsageError("Nothing to change.", hint="See 'rpgmylife goal edit --help'.")
        result = game.handle(make(EditGoal, goal_id=goal_id, **fields))
        title = game.state.goals[goal_id].title
        text = f"Changed goal {title!r}."  # a goal it reached gets its own line
        return report(game, output, result, text, _reached(result, goal_id))


def _reached(result: CommandResult, goal_id: str) -> dict[str, Any]:
    """JSON of a goal add or edit: `reached` when this command reached the goal (it was met
    as it was set; then `bonus` is false: a goal met when set pays nothing)."""
    achieved = [r.event for r in result.events if isinstance(r.event, GoalAchieved)]
    data: dict[str, Any] = {"goal_id": goal_id, "reached": bool(achieved)}
    if achieved:
        data["bonus"] = bool(achieved[0].xp_delta or achieved[0].gold_delta)
    return data


def _achieve(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        goal_id = find_goal(game, args.goal)
        result = game.handle(make(AchieveGoal, goal_id=goal_id))
        # Its one line is report's "Goal reached: TITLE! (bonus)".
        return report(game, output, result, "", {"goal_id": goal_id})


def _measure(
    args: argparse.Namespace, habit_ids: tuple[str, ...], quest_ids: tuple[str, ...]
) -> GoalMeasure:
    """The goal's measure; a count with nothing to count, or a quests goal with no
    quests, is refused rather than silently becoming a goal that can never move."""
    if args.measure is None and args.count is not None:
        raise UsageError(
            "--count needs a measure: what should be counted?",
            hint="Add --measure logs (logs of the --habit) or --measure days (its done days).",
        )
    name = args.measure or "manual"
    kind = _MEASURES[name]
    if kind == "manual" and args.count is not None:
        raise UsageError("A manual goal has no count: you mark it achieved yourself.")
    if kind in ("habit_logs", "habit_days") and not habit_ids:
        raise UsageError(f"A '{name}' goal needs --habit HABIT to count.")
    if kind == "linked_quests" and not quest_ids:
        raise UsageError(
            "A 'quests' goal needs at least one --quest QUEST to complete.",
            hint="Add the quests first (rpgmylife quest add), then link them with --quest.",
        )
    return make(
        GoalMeasure,
        kind=kind,
        habit_id=habit_ids[0] if kind in ("habit_logs", "habit_days") else None,
        count=1 if args.count is None else args.count,
    )


def _list(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, write=False) as game:
        rows = [row for row in game.models.goals.rows().values() if row.archived == args.archived]
        data = [
            {
                "id": row.goal_id,
                "title": row.title,
                "measure": row.measure,
                "current": row.current,
                "target": row.target,
                "fraction": round(row.fraction, 4),
                "achieved": row.achieved,
                "target_date": row.target_date,
                "archived": row.archived,
            }
            for row in rows
        ]
        # The target date as the Goals page's column and `quest list` write a day.
        today = game.today()
        lines = [
            f"[{'x' if row.achieved else ' '}] {row.title}  {row.current}/{row.target} "
            f"({row.fraction:.0%}, {row.measure.replace('_', ' ')}"  # as the Goals page
            + (f", by {iso_day_text(row.target_date, today)}" if row.target_date else "")
            + f")  {row.goal_id[:8]}"
            for row in rows
        ]
        output.result({"goals": data}, "\n".join(lines) if lines else _empty(game, args))
        return EXIT_OK


def _empty(game: Game, args: argparse.Namespace) -> str:
    text = "No archived goals." if args.archived else "No goals yet."
    return shelf.empty_list_text(game, "goal", text, archived=args.archived)
