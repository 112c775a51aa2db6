"""`rpgmylife reward add|edit|claim|archive|restore|delete|list`."""

from __future__ import annotations

import argparse
from typing import Any

from rpgmylife_desktop.cli import shelf
from rpgmylife_desktop.cli.common import find_reward, make, number, open_game, report
from rpgmylife_desktop.cli.output import Output
from rpgmylife_desktop.domain.commands import AddReward, ClaimReward, EditReward
from rpgmylife_desktop.errors import EXIT_OK, UsageError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the `reward` command group."""
    reward = subparsers.add_parser("reward", help="treats you buy with gold", parents=[common])
    actions = reward.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a reward", parents=[common])
    add.add_argument("title", help="the treat")
    add.add_argument("--price", type=float, required=True, metavar="GOLD")
    add.add_argument("--notes", default="")
    add.set_defaults(handler=_add)

    claim = actions.add_parser("claim", help="spend gold on a reward", parents=[common])
    claim.add_argument("reward", metavar="REWARD", help="title, id or id prefix")
    claim.set_defaults(handler=_claim)

    listing = actions.add_parser("list", help="list rewards", parents=[common])
    listing.add_argument("--archived", action="store_true", help="list archived rewards only")
    listing.set_defaults(handler=_list)
    shelf.register(actions, common, "reward")

    edit = actions.add_parser("edit", help="change a reward", parents=[common])
    edit.add_argument("reward", metavar="REWARD", help="title, id or id prefix")
    edit.add_argument("--title", help="new title")
    edit.add_argument("--price", type=float, metavar="GOLD", help="new price")
    edit.add_argument("--notes")
    edit.set_defaults(handler=_edit)


def _edit(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        reward_id = find_reward(game, args.reward)
        fields = {"title": args.title, "price": args.price, "notes": args.notes}
        fields = {key: value for key, value in fields.items() if value is not None}
        if not fields:
            raise UsageError("Nothing to change.", hint="See 'rpgmylife reward edit --help'.")
        result = game.handle(make(EditReward, reward_id=reward_id, **fields))
        reward = game.state.rewards[reward_id]
        text = f"Changed reward {reward.title!r} ({number(reward.price)} gold)."
        return report(game, output, result, text, {"reward_id": reward_id})


def _add(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        command = make(AddReward, title=args.title, price=args.price, notes=args.notes)
        result = game.handle(command)
        text = f"Added reward {command.title!r} for {number(command.price)} gold."
        return report(game, output, result, text, {"reward_id": command.reward_id})


def _claim(args: argparse.Namespace, output: Output) -> int:
    with open_game(args) as game:
        reward_id = find_reward(game, args.reward)
        result = game.handle(make(ClaimReward, reward_id=reward_id))
        reward = game.state.rewards[reward_id]
        gold = game.state.character.gold if game.state.character else 0.0
        text = f"Claimed {reward.title!r}: enjoy! {number(gold)} gold left."
        return report(game, output, result, text, {"reward_id": reward_id})


def _list(args: argparse.Namespace, output: Output) -> int:
    with open_game(args, write=False) as game:
        rows = [row for row in game.models.rewards.rows().values() if row.archived == args.archived]
        data = [
            {
                "id": row.reward_id,
                "title": row.title,
                "price": row.price,
                "times_claimed": row.times_claimed,
                "archived": row.archived,
            }
            for row in rows
        ]
        empty = "No archived rewards." if args.archived else "No rewards yet."
        empty = shelf.empty_list_text(game, "reward", empty, archived=args.archived)
        lines = [
            f"{row.title}  {number(row.price)} gold  (claimed {row.times_claimed}x)  "
            f"{row.reward_id[:8]}"
            for row in rows
        ]
        output.result({"rewards": data}, "\n".join(lines) if lines else empty)
        return EXIT_OK
