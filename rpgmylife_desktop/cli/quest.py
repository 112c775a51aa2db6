"""`rpgmylife quest add|done|reopen|abandon|list`."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.cli.common import (
    day,
    find_goal,
    find_quest,
    make,
    open_game,
    outcome_text,
    report,
)
from rpgmylife_desktop.cli.habit import DIFFICULTIES
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.commands import AbandonQuest, AddQuest, CompleteQuest, ReopenQuest
from rpgmylife_desktop.errors import EXIT_OK


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `quest` command group."""
    quest = subparsers.add_parser("quest", help="one-off tasks", parents=[common])
    actions = quest.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a quest", parents=[common])
    add.add_argument("title", help="what to do")
    add.add_argument("--notes", default="", help="free text")
    add.add_argument("--difficulty", choices=DIFFICULTIES, default="easy")
    add.add_argument("--due", metavar="DAY", help="due day: 2026-03-10, today, fri")
    add.add_argument("--goal", metavar="GOAL", help="the goal it counts towards (name or id)")
    add.add_argument(
        "--item", action="append", dest="items", default=[], metavar="TEXT", help="checklist item"
    )
    add.set_defaults(handler=_add)

    for name, helptext, command_type, verb in (
        ("done", "complete a quest and collect its reward", CompleteQuest, "Completed"),
        ("reopen", "reopen a completed or abandoned quest", ReopenQuest, "Reopened"),
        ("abandon", "give a quest up", AbandonQuest, "Abandoned"),
    ):
        sub = actions.add_parser(name, help=helptext, parents=[common])
        sub.add_argument("quest", metavar="QUEST", help="title, id or id prefix")
        sub.set_defaults(handler=_change, command_type=command_type, verb=verb)

    listing = actions.add_parser("list", help="list quests", parents=[common])
    listing.add_argument("--all", action="store_true", help="include completed and abandoned")
    listing.set_defaults(handler=_list)


def _add(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        command = make(
            AddQuest,
            title=args.title,
            notes=args.notes,
            difficulty=args.difficulty,
            due=None if args.due is None else day(game, args.due, future=True),
            goal_id=None if args.goal is None else find_goal(game, args.goal),
            checklist=tuple(args.items),
        )
        result = game.handle(command)
        text = f"Added quest {command.title!r}."
        return report(game, output, result, text, {"quest_id": command.quest_id})


def _change(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        quest_id = find_quest(game, args.quest)
        result = game.handle(make(args.command_type, quest_id=quest_id))
        title = game.state.quests[quest_id].title
        text = f"{args.verb} quest {title!r}"
        outcome = outcome_text(result.events)
        if outcome:
            text += f": {outcome}"
        return report(game, output, result, text + ".", {"quest_id": quest_id})


def _list(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, write=False) as game:
        rows = [
            row
            for row in game.projection("quests").rows().values()
            if args.all or row.status == "open"
        ]
        data = [
            {
                "id": row.quest_id,
                "title": row.title,
                "status": row.status,
                "difficulty": row.difficulty,
                "due": row.due,
                "goal": row.goal_title,
                "checklist": [{"text": i.text, "done": i.done} for i in row.checklist],
            }
            for row in rows
        ]
        lines = []
        for row in rows:
            mark = {"open": " ", "completed": "x", "abandoned": "-"}.get(row.status, "?")
            extra = [row.difficulty]
            if row.due:
                extra.append(f"due {row.due}")
            if row.checklist:
                extra.append(f"{row.checklist_done}/{len(row.checklist)} items")
            if row.goal_title:
                extra.append(f"goal: {row.goal_title}")
            lines.append(f"[{mark}] {row.title}  ({', '.join(extra)})  {row.quest_id[:8]}")
        text = "\n".join(lines) if lines else "No open quests."
        output.result({"quests": data}, text)
        return EXIT_OK
