"""`rpgmylife quest add|edit|show|done|reopen|abandon|archive|restore|delete|list` and
the checklist: `quest tick|untick|add-item|rename-item|remove-item`."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.application.lookup import find_one
from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.cli import shelf
from rpgmylife_desktop.cli.common import (
    day,
    find_goal,
    find_quest,
    make,
    open_game,
    outcome_text,
    report,
    without_goals,
)
from rpgmylife_desktop.cli.habit import DIFFICULTIES
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.calendar.days import due_text, iso_day_text
from rpgmylife_desktop.domain.commands import (
    AbandonQuest,
    AddChecklistItem,
    AddQuest,
    CheckChecklistItem,
    Command,
    CompleteQuest,
    EditQuest,
    RemoveChecklistItem,
    RenameChecklistItem,
    ReopenQuest,
    UncheckChecklistItem,
)
from rpgmylife_desktop.domain.numbers import counted
from rpgmylife_desktop.domain.state.quests import Quest
from rpgmylife_desktop.errors import EXIT_OK, UsageError


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
    listing.add_argument("--archived", action="store_true", help="list archived quests only")
    listing.set_defaults(handler=_list)
    shelf.register(actions, common, "quest")

    edit = actions.add_parser("edit", help="change a quest", parents=[common])
    edit.add_argument("quest", metavar="QUEST", help="title, id or id prefix")
    edit.add_argument("--title", help="new title")
    edit.add_argument("--notes", help="free text")
    edit.add_argument("--difficulty", choices=DIFFICULTIES)
    due = edit.add_mutually_exclusive_group()
    due.add_argument("--due", metavar="DAY", help="due day: 2026-03-10, tomorrow, fri")
    due.add_argument("--clear-due", action="store_true", help="no due day")
    goal = edit.add_mutually_exclusive_group()
    goal.add_argument("--goal", metavar="GOAL", help="the goal it counts towards")
    goal.add_argument("--clear-goal", action="store_true", help="count towards no goal")
    edit.set_defaults(handler=_edit)

    show = actions.add_parser("show", help="a quest with its numbered checklist", parents=[common])
    show.add_argument("quest", metavar="QUEST", help="title, id or id prefix")
    show.set_defaults(handler=_show)

    item_commands: tuple[tuple[str, str, type[Command], str], ...] = (
        (
            "tick",
            "tick a checklist item (all ticked: a bonus on completion)",
            CheckChecklistItem,
            "Ticked",
        ),
        ("untick", "untick a checklist item", UncheckChecklistItem, "Unticked"),
        ("remove-item", "remove a checklist item", RemoveChecklistItem, "Removed"),
    )
    for name, helptext, item_command, verb in item_commands:
        sub = actions.add_parser(name, help=helptext, parents=[common])
        sub.add_argument("quest", metavar="QUEST", help="title, id or id prefix")
        sub.add_argument("item", metavar="ITEM", help="the item's number (see quest show) or text")
        sub.set_defaults(handler=_item_change, command_type=item_command, verb=verb)

    add_item = actions.add_parser("add-item", help="add a checklist item", parents=[common])
    add_item.add_argument("quest", metavar="QUEST", help="title, id or id prefix")
    add_item.add_argument("text", help="what to do")
    add_item.set_defaults(handler=_add_item)

    rename_item = actions.add_parser(
        "rename-item", help="change a checklist item's text", parents=[common]
    )
    rename_item.add_argument("quest", metavar="QUEST", help="title, id or id prefix")
    rename_item.add_argument("item", metavar="ITEM", help="the item's number or text")
    rename_item.add_argument("text", help="the new text")
    rename_item.set_defaults(handler=_rename_item)


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
        outcome = outcome_text(without_goals(result.events))
        if outcome:
            text += f": {outcome}"
        return report(game, output, result, text + ".", {"quest_id": quest_id})


def _edit(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        quest_id = find_quest(game, args.quest)
        fields: dict[str, Any] = {
            "title": args.title,
            "notes": args.notes,
            "difficulty": args.difficulty,
            "due": None if args.due is None else day(game, args.due, future=True),
            "goal_id": None if args.goal is None else find_goal(game, args.goal),
        }
        fields = {key: value for key, value in fields.items() if value is not None}
        if args.clear_due:
            fields["clear_due"] = True
        if args.clear_goal:
            fields["clear_goal"] = True
        if not fields:
            raise UsageError("Nothing to change.", hint="See 'rpgmylife quest edit --help'.")
        result = game.handle(make(EditQuest, quest_id=quest_id, **fields))
        title = game.state.quests[quest_id].title
        return report(game, output, result, f"Changed quest {title!r}.", {"quest_id": quest_id})


def find_item(quest: Quest, query: str) -> str:
    """The id of the checklist item `query` names: its number (1 = first), id or text."""
    if query.strip().isdigit():
        number = int(query)
        if not 1 <= number <= len(quest.checklist):
            raise UsageError(
                f"Quest {quest.title!r} has {counted(len(quest.checklist), 'checklist item')}; "
                f"there is no item {number}.",
                hint="See them with 'rpgmylife quest show QUEST'.",
            )
        return quest.checklist[number - 1].item_id
    return find_one("checklist item", query, [(i.item_id, i.text) for i in quest.checklist])


def _item_change(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        quest_id = find_quest(game, args.quest)
        quest = game.state.quests[quest_id]
        item_id = find_item(quest, args.item)
        text = quest.item(item_id).text  # type: ignore[union-attr]
        result = game.handle(make(args.command_type, quest_id=quest_id, item_id=item_id))
        done = _checklist_line(game.state.quests[quest_id])
        where = "from" if args.command_type is RemoveChecklistItem else "on"
        line = f"{args.verb} {text!r} {where} {quest.title!r}{done}."
        return report(game, output, result, line, {"quest_id": quest_id, "item_id": item_id})


def _add_item(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        quest_id = find_quest(game, args.quest)
        command = make(AddChecklistItem, quest_id=quest_id, text=args.text)
        result = game.handle(command)
        quest = game.state.quests[quest_id]
        line = f"Added {command.text!r} to {quest.title!r}{_checklist_line(quest)}."
        extra = {"quest_id": quest_id, "item_id": command.item_id}
        return report(game, output, result, line, extra)


def _rename_item(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        quest_id = find_quest(game, args.quest)
        item_id = find_item(game.state.quests[quest_id], args.item)
        command = make(RenameChecklistItem, quest_id=quest_id, item_id=item_id, text=args.text)
        result = game.handle(command)
        line = f"Renamed the item to {command.text!r}."
        return report(game, output, result, line, {"quest_id": quest_id, "item_id": item_id})


def _checklist_line(quest: Quest) -> str:
    total = len(quest.checklist)
    return f" ({quest.checklist_done()}/{total} ticked)" if total else ""


def _show(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, write=False) as game:
        quest = game.state.quests[find_quest(game, args.quest)]
        goal = game.state.goals.get(quest.goal_id) if quest.goal_id else None
        overdue = _overdue(game, quest)
        data = {
            "id": quest.quest_id,
            "title": quest.title,
            "notes": quest.notes,
            "status": quest.status,
            "difficulty": quest.difficulty,
            "due": None if quest.due is None else quest.due.isoformat(),
            "overdue": overdue,
            "goal": None if goal is None else {"id": goal.goal_id, "title": goal.title},
            "checklist": [
                {"number": n, "id": i.item_id, "text": i.text, "done": i.done}
                for n, i in enumerate(quest.checklist, start=1)
            ],
        }
        lines = [f"{quest.title}  ({quest.status}, {quest.difficulty})  {quest.quest_id}"]
        if quest.due is not None:
            lines.append(f"  {due_text(quest.due, game.today(), open_=quest.status == 'open')}")
        if goal is not None:
            lines.append(f"  goal: {goal.title}")
        if quest.notes:
            lines.extend(f"  {line}" for line in quest.notes.splitlines())
        for number, item in enumerate(quest.checklist, start=1):
            lines.append(f"  {number}. [{'x' if item.done else ' '}] {item.text}")
        output.result(data, "\n".join(lines))
        return EXIT_OK


def _overdue(game: Game, quest: Quest) -> bool:
    """An open quest whose due day has passed."""
    return quest.status == "open" and quest.due is not None and quest.due < game.today()


def _list(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, write=False) as game:
        rows = [
            row
            for row in game.models.quests.rows().values()
            if row.archived == args.archived and (args.all or args.archived or row.status == "open")
        ]
        day = game.today()
        today = day.isoformat()

        def overdue(row: Any) -> bool:
            return bool(row.status == "open" and row.due and row.due < today)

        data = [
            {
                "id": row.quest_id,
                "title": row.title,
                "status": row.status,
                "difficulty": row.difficulty,
                "due": row.due,
                "overdue": overdue(row),
                "goal": row.goal_title,
                "checklist": [{"text": i.text, "done": i.done} for i in row.checklist],
                "archived": row.archived,
            }
            for row in rows
        ]
        lines = []
        for row in rows:
            mark = {"open": " ", "completed": "x", "abandoned": "-"}.get(row.status, "?")
            mark = "!" if overdue(row) else mark
            extra = [row.difficulty]
            if row.due:
                words = iso_day_text(row.due, day)
                extra.append(f"overdue, was due {words}" if overdue(row) else f"due {words}")
            if row.checklist:
                extra.append(f"{row.checklist_done}/{counted(len(row.checklist), 'item')}")
            if row.goal_title:
                extra.append(f"goal: {row.goal_title}")
            lines.append(f"[{mark}] {row.title}  ({', '.join(extra)})  {row.quest_id[:8]}")
        empty = "No archived quests." if args.archived else "No open quests."
        empty = shelf.empty_list_text(game, "quest", empty, archived=args.archived)
        text = "\n".join(lines) if lines else empty
        output.result({"quests": data}, text)
        return EXIT_OK
