"""Every command the domain has is reachable from the CLI, in text and in JSON."""

from __future__ import annotations

from tests.e2e.conftest import Cli


def test_a_checklist_is_ticked_and_earns_its_bonus(cli: Cli) -> None:
    cli("quest", "add", "Clean garage", "--item", "Sort boxes", "--item", "Sweep")
    ticked = cli("quest", "tick", "garage", "1")
    assert ticked.code == 0, ticked.err
    assert ticked.out == "Ticked 'Sort boxes' on 'Clean garage' (1/2 ticked).\n"
    by_text = cli("quest", "tick", "garage", "sweep", "--json")
    assert by_text.json()["events"][0]["event_type"] == "ChecklistItemChecked"
    shown = cli("quest", "show", "garage", "--json").json()
    assert [i["done"] for i in shown["checklist"]] == [True, True]
    assert cli("quest", "untick", "garage", "2").code == 0
    again = cli("quest", "untick", "garage", "2")
    assert again.code == 1 and "not ticked" in again.err
    missing = cli("quest", "tick", "garage", "3")
    assert missing.code == 2 and "no item 3" in missing.err
    cli("quest", "tick", "garage", "2")
    full = cli("quest", "done", "garage", "--json").json()
    cli("quest", "add", "Plain", "--item", "One", "--item", "Two")
    plain = cli("quest", "done", "plain", "--json").json()

    def xp(result: dict[str, object]) -> int:
        events = result["events"]
        assert isinstance(events, list)
        return sum(e["payload"].get("xp_delta", 0) for e in events)

    assert xp(full) > xp(plain)  # the checklist bonus, now earnable from the CLI


def test_checklist_items_are_added_renamed_and_removed(cli: Cli) -> None:
    cli("quest", "add", "Move house")
    added = cli("quest", "add-item", "move", "Book the van", "--json")
    assert added.code == 0 and added.json()["item_id"]
    assert cli("quest", "rename-item", "move", "van", "Book a big van").code == 0
    shown = cli("quest", "show", "move").out
    assert "1. [ ] Book a big van" in shown
    removed = cli("quest", "remove-item", "move", "1")
    assert removed.out == "Removed 'Book a big van' from 'Move house'.\n"


def test_quest_edit_changes_only_what_is_given(cli: Cli) -> None:
    cli("goal", "add", "Tidy life")
    cli("quest", "add", "Clean garage", "--due", "2026-03-10", "--notes", "old")
    edited = cli("quest", "edit", "garage", "--title", "Clean the garage", "--goal", "tidy")
    assert edited.code == 0, edited.err
    shown = cli("quest", "show", "garage", "--json").json()
    assert shown["title"] == "Clean the garage" and shown["goal"]["title"] == "Tidy life"
    assert shown["due"] == "2026-03-10" and shown["notes"] == "old"
    assert cli("quest", "edit", "garage", "--clear-due", "--clear-goal").code == 0
    cleared = cli("quest", "show", "garage", "--json").json()
    assert cleared["due"] is None and cleared["goal"] is None
    assert cli("quest", "edit", "garage").code == 2


def test_overdue_quests_are_flagged(cli: Cli) -> None:
    cli("quest", "add", "Call the plumber", "--due", "2026-03-04")
    assert "overdue" not in cli("quest", "list").out
    late = cli("quest", "list", now="2026-03-06T10:00:00+01:00")
    assert late.out.startswith("[!] Call the plumber  (easy, overdue, was due Wed 4 Mar)")
    listed = cli("quest", "list", "--json", now="2026-03-06T10:00:00+01:00").json()
    assert listed["quests"][0]["overdue"] is True


def test_a_manual_goal_is_achieved_and_a_measured_one_when_met(cli: Cli) -> None:
    cli("goal", "add", "Run a marathon")
    reached = cli("goal", "achieve", "marathon")
    assert reached.code == 0, reached.err
    assert reached.out.startswith("Goal reached: Run a marathon! (+")
    assert cli("goal", "achieve", "marathon").code == 1
    cli("habit", "add", "Meditate")
    cli("log", "meditate")
    cli("goal", "add", "Calm", "--habit", "meditate", "--measure", "logs", "--count", "3")
    early = cli("goal", "achieve", "calm")
    assert early.code == 1 and "1 of 3" in early.err
    lowered = cli("goal", "edit", "calm", "--count", "1", "--title", "Calm start")
    assert lowered.code == 0, lowered.err
    assert "Goal 'Calm start' is already met, so it is reached at once with no bonus" in lowered.out
    goals = {g["title"]: g for g in cli("goal", "list", "--json").json()["goals"]}
    assert goals["Calm start"]["achieved"] and goals["Calm start"]["target"] == 1


def test_reward_edit(cli: Cli) -> None:
    cli("reward", "add", "Movie", "--price", "20")
    edited = cli("reward", "edit", "movie", "--price", "2.5", "--title", "Movie night")
    assert edited.out == "Changed reward 'Movie night' (2.5 gold).\n"
    rewards = cli("reward", "list", "--json").json()["rewards"]
    assert (rewards[0]["title"], rewards[0]["price"]) == ("Movie night", 2.5)
    assert cli("reward", "edit", "movie", "--price", "inf").code == 2


def test_habit_reorder_and_show(cli: Cli) -> None:
    for name in ("Meditate", "Read", "Stretch"):
        cli("habit", "add", name)
    cli("habit", "edit", "meditate", "--reminder", "7:00", "--color", "teal", "--tag", "mind")
    cli("habit", "edit", "meditate", "--notes", "Ten minutes\nafter coffee")
    cli("habit", "pause", "meditate", "--from", "fri", "--to", "sun")
    moved = cli("habit", "reorder", "stretch", "read")
    assert moved.out == "New order: Stretch, Read, Meditate.\n"
    names = [h["name"] for h in cli("habit", "list", "--json").json()["habits"]]
    assert names == ["Stretch", "Read", "Meditate"]
    shown = cli("habit", "show", "meditate")
    for text in (
        "reminders: 07:00",
        "colour: teal",
        "tags: mind",
        "paused Fri 6 Mar to Sun 8 Mar",
        "    after coffee",
    ):
        assert text in shown.out
    data = cli("habit", "show", "meditate", "--json").json()
    assert data["reminders"] == ["07:00"] and data["pauses"][0]["from"] == "2026-03-06"


def test_editing_a_target_keeps_its_unit_and_mode(cli: Cli) -> None:
    cli("habit", "add", "Coffee", "--target", "2", "--at-most", "--unit", "cups")
    assert cli("habit", "edit", "coffee", "--target", "3").code == 0
    assert cli("habit", "show", "coffee", "--json").json()["target"] == "at most 3 cups"
    assert cli("habit", "edit", "coffee", "--unit", "mugs", "--at-least").code == 0
    assert cli("habit", "show", "coffee", "--json").json()["target"] == "at least 3 mugs"
    cli("habit", "add", "Meditate")
    assert cli("habit", "edit", "meditate", "--unit", "minutes").code == 2
