"""`rpgmylife quest|goal|reward archive|restore|delete`: the same three actions for each."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.cli.common import find_goal, find_quest, find_reward, make, open_game, report
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain import commands as cmd

_KINDS: dict[str, tuple[Callable[..., str], str, str]] = {
    "quest": (find_quest, "quest_id", "quests"),
    "goal": (find_goal, "goal_id", "goals"),
    "reward": (find_reward, "reward_id", "rewards"),
}

_COMMANDS: dict[tuple[str, str], type[cmd.Command]] = {
    ("quest", "archive"): cmd.ArchiveQuest,
    ("quest", "restore"): cmd.RestoreQuest,
    ("quest", "delete"): cmd.DeleteQuest,
    ("goal", "archive"): cmd.ArchiveGoal,
    ("goal", "restore"): cmd.RestoreGoal,
    ("goal", "delete"): cmd.DeleteGoal,
    ("reward", "archive"): cmd.ArchiveReward,
    ("reward", "restore"): cmd.RestoreReward,
    ("reward", "delete"): cmd.DeleteReward,
}

_HELP = {
    "archive": "archive a {0}: it leaves the list, its history stays (restore brings it back)",
    "restore": "bring an archived {0} back",
    "delete": "delete a {0}: gone from every list, kept in history; `undo` brings it back",
}

_DONE = {"archive": "Archived", "restore": "Restored", "delete": "Deleted"}


def register(actions: Any, common: argparse.ArgumentParser, kind: str) -> None:
    """Add `archive`, `restore` and `delete` to the `kind` command group."""
    for action in ("archive", "restore", "delete"):
        sub = actions.add_parser(action, help=_HELP[action].format(kind), parents=[common])
        sub.add_argument("item", metavar=kind.upper(), help="title, id or id prefix")
        sub.set_defaults(handler=_run, shelf_kind=kind, shelf_action=action)


def _run(args: argparse.Namespace, output: Output) -> int:
    kind, action = args.shelf_kind, args.shelf_action
    find, key, collection = _KINDS[kind]
    with open_game(args) as game:
        # restore looks among archived items (an active one may share the title)
        archived = True if action == "restore" else None
        item_id = find(game, args.item, archived=archived)
        result = game.handle(make(_COMMANDS[kind, action], **{key: item_id}))
        title = _title(game, collection, item_id)
        text = f"{_DONE[action]} {kind} {title!r}."
        if action == "delete":
            text += " It stays in history; `rpgmylife undo` brings it back."
        return report(game, output, result, text, {key: item_id})


def _title(game: Game, collection: str, item_id: str) -> str:
    title: str = getattr(game.state, collection)[item_id].title
    return title


def empty_list_text(game: Game, kind: str, text: str, *, archived: bool) -> str:
    """What an empty `KIND list` says; when only archived items are left, it says so
    (an empty list with items hidden from it read as if they were lost)."""
    if archived:
        return text
    items = getattr(game.state, _KINDS[kind][2]).values()
    hidden = sum(1 for item in items if item.archived and not item.deleted)
    if not hidden:
        return text
    return f"{text} ({hidden} archived: see '{kind} list --archived')"
