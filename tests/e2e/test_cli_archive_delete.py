"""Archive, restore and delete of quests, goals and rewards from the CLI."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Cli


def _gold_xp(cli: Cli) -> tuple[object, object, object]:
    sheet = cli("status", "--json").json()
    return sheet["gold"], sheet["xp"], sheet["hp"]


@pytest.mark.parametrize(
    ("kind", "add"),
    [
        ("quest", ("quest", "add", "Fix bike", "--item", "Tyres")),
        ("goal", ("goal", "add", "Fix bike")),
        ("reward", ("reward", "add", "Fix bike", "--price", "3")),
    ],
)
def test_archive_restore_delete_and_undo(cli: Cli, kind: str, add: tuple[str, ...]) -> None:
    cli(*add)
    cli("quest", "add", "Warm up", "--difficulty", "hard")
    cli("quest", "done", "warm")
    if kind == "quest":
        cli("quest", "done", "bike")  # what a completed quest paid stays when it is deleted
    before = _gold_xp(cli)
    assert before[0] > 0
    archived = cli(kind, "archive", "bike", "--json")
    assert archived.code == 0, archived.err
    assert archived.json()["events"][0]["event_type"] == f"{kind.capitalize()}Archived"
    assert "Fix bike" not in cli(kind, "list", "--all" if kind == "quest" else "--json").out
    assert cli(kind, "list", "--archived", "--json").json()[f"{kind}s"][0]["archived"] is True
    restored = cli(kind, "restore", "bike")
    assert restored.out == f"Restored {kind} 'Fix bike'.\n"
    deleted = cli(kind, "delete", "bike")
    assert deleted.code == 0 and deleted.out.startswith(f"Deleted {kind} 'Fix bike'.")
    assert "Fix bike" not in cli(kind, "list").out + cli(kind, "list", "--archived").out
    gone = cli(kind, "archive", "bike")
    assert gone.code == 2 and f"no {kind} called 'bike'" in gone.err
    history = cli("history", "--limit", "3").out
    assert f"Deleted {kind} Fix bike" in history
    assert cli("undo").code == 0
    assert "Fix bike" in cli(kind, "list", *(["--all"] if kind == "quest" else [])).out
    assert _gold_xp(cli) == before  # none of it paid or cost anything


def test_restore_finds_the_archived_one_beside_an_active_namesake(cli: Cli) -> None:
    cli("reward", "add", "Cake", "--price", "2")
    cli("reward", "archive", "cake")
    cli("reward", "add", "Cake", "--price", "4")
    restored = cli("reward", "restore", "cake", "--json")
    assert restored.code == 0, restored.err
    prices = sorted(r["price"] for r in cli("reward", "list", "--json").json()["rewards"])
    assert prices == [2, 4]


def test_goal_add_says_a_goal_met_when_set_is_reached_with_no_bonus(cli: Cli) -> None:
    cli("habit", "add", "Meditate")
    cli("log", "meditate")
    met = cli("goal", "add", "Once", "--habit", "meditate", "--measure", "logs", "--count", "1")
    assert met.code == 0, met.err
    assert met.out.splitlines() == [
        "Added goal 'Once'.",
        "Goal 'Once' is already met, so it is reached at once with no bonus "
        "(a goal pays for the play after it is set, not for setting it).",
    ]
    args = ("goal", "add", "Again", "--habit", "meditate", "--measure", "logs", "--count", "1")
    data = cli(*args, "--json").json()
    assert (data["reached"], data["bonus"]) == (True, False)
    later = cli("goal", "add", "Twice", "--habit", "meditate", "--measure", "logs", "--count", "2")
    assert later.out == "Added goal 'Twice'.\n"
    assert cli("goal", "add", "Thrice", "--json").json()["reached"] is False
    assert cli("goal", "list", "--json").json()["goals"][2]["achieved"] is False
    reached = cli("log", "meditate").out
    assert "Goal reached: Twice! (+100 XP, +20 gold)" in reached


def test_an_empty_list_says_when_items_are_only_archived(cli: Cli) -> None:
    cli("reward", "add", "Cake", "--price", "2")
    cli("reward", "archive", "cake")
    listed = cli("reward", "list")
    assert listed.out == "No rewards yet. (1 archived: see 'reward list --archived')\n"
    cli("reward", "delete", "cake")
    assert cli("reward", "list").out == "No rewards yet.\n"
