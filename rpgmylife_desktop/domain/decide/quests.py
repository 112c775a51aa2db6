"""Decisions about quests and their checklists."""

from __future__ import annotations

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain import events as ev
from rpgmylife_desktop.domain.decide import context as cx
from rpgmylife_desktop.domain.decide.context import Decision, DecisionContext
from rpgmylife_desktop.domain.decide.goals import achieve_goals, unachieve_goals
from rpgmylife_desktop.domain.decide.ledger import Ledger
from rpgmylife_desktop.domain.errors import CommandRefused
from rpgmylife_desktop.domain.events.streams import quest_stream
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.state.quests import ChecklistItem, Quest
from rpgmylife_desktop.domain.values import ChecklistEntry


def add_quest(state: GameState, c: cmd.AddQuest, ctx: DecisionContext) -> Decision:
    """Add a quest with optional checklist items (their ids derive from the quest id)."""
    if c.quest_id in state.quests:
        raise CommandRefused(f"A quest with id {c.quest_id!r} already exists.")
    if c.goal_id is not None:
        cx.goal(state, c.goal_id)
    checklist = tuple(
        ChecklistEntry(item_id=f"{c.quest_id}-{n}", text=text)
        for n, text in enumerate(c.checklist, 1)
    )
    added = ev.QuestAdded(
        quest_id=c.quest_id,
        title=c.title,
        notes=c.notes,
        difficulty=c.difficulty,
        due=c.due,
        goal_id=c.goal_id,
        checklist=checklist,
    )
    return [(quest_stream(c.quest_id), added)]


def edit_quest(state: GameState, c: cmd.EditQuest, ctx: DecisionContext) -> Decision:
    """Change fields of a quest."""
    quest = cx.quest(state, c.quest_id)
    given = {"title": c.title, "notes": c.notes, "difficulty": c.difficulty}
    wanted: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    if c.clear_due or c.due is not None:
        wanted["due"] = None if c.clear_due else c.due
    if c.clear_goal or c.goal_id is not None:
        if c.goal_id is not None and not c.clear_goal:
            cx.goal(state, c.goal_id)
        wanted["goal_id"] = None if c.clear_goal else c.goal_id
    old, new = quest.changes(wanted)
    if not new:
        raise CommandRefused(f"Quest {quest.title!r} already looks like that; nothing to change.")
    return [(quest_stream(c.quest_id), ev.QuestEdited(quest_id=c.quest_id, old=old, new=new))]


def complete_quest(state: GameState, c: cmd.CompleteQuest, ctx: DecisionContext) -> Decision:
    """Complete an open quest: XP and gold (criticals possible), goals that it meets."""
    quest = cx.quest(state, c.quest_id)
    if quest.status == "completed":
        raise CommandRefused(f"Quest {quest.title!r} is already completed.")
    if quest.status == "abandoned":
        raise CommandRefused(
            f"Quest {quest.title!r} was abandoned.", hint="Reopen it first to complete it."
        )
    rules = cx.rules(state)
    ledger = Ledger(cx.character(state), rules)
    day = cx.today(state, ctx)
    ticked = quest.checklist_done()
    critical = rules.roll_critical(ctx.rng)
    gain = rules.gain(rules.quest_raw(0.0, ticked), quest.difficulty, critical)
    xp, gold = ledger.gain(gain.xp, gain.gold)
    completed = ev.QuestCompleted(
        quest_id=c.quest_id,
        xp_delta=xp,
        gold_delta=gold,
        critical=critical > 1,
        critical_multiplier=critical,
        checklist_done=ticked,
        day=day,
        rules_version=rules.version,
    )
    preview = quest.copy()
    preview.status = "completed"
    events: Decision = [(quest_stream(c.quest_id), completed)]
    events += achieve_goals(state, ledger, day, quests={**state.quests, c.quest_id: preview})
    return events + ledger.follow_ups(day)


def reopen_quest(state: GameState, c: cmd.ReopenQuest, ctx: DecisionContext) -> Decision:
    """Reopen a completed quest (its reward taken back) or an abandoned one. A goal of
    linked quests it had achieved is no longer achieved, its bonus taken back too."""
    quest = cx.quest(state, c.quest_id)
    if quest.status == "open":
        raise CommandRefused(f"Quest {quest.title!r} is already open.")
    if quest.status == "abandoned":
        return [
            (
                quest_stream(c.quest_id),
                ev.QuestAbandonReverted(quest_id=c.quest_id, previous_status="open"),
            )
        ]
    rules = cx.rules(state)
    ledger = Ledger(cx.character(state), rules)
    completion = quest.completion
    xp, gold = (0, 0.0) if completion is None else (completion.xp_delta, completion.gold_delta)
    xp, gold = ledger.gain(-xp, -gold)
    day = completion.day if completion is not None else cx.today(state, ctx)
    reopened = ev.QuestReopened(
        quest_id=c.quest_id, xp_delta=xp, gold_delta=gold, day=day, rules_version=rules.version
    )
    preview = quest.copy()
    preview.status = "open"
    goals = unachieve_goals(state, ledger, {**state.quests, c.quest_id: preview}, c.quest_id)
    events: Decision = [(quest_stream(c.quest_id), reopened), *goals]
    return events + ledger.follow_ups(cx.today(state, ctx))


def abandon_quest(state: GameState, c: cmd.AbandonQuest, ctx: DecisionContext) -> Decision:
    """Give up an open quest."""
    quest = cx.quest(state, c.quest_id)
    if quest.status != "open":
        raise CommandRefused(
            f"Quest {quest.title!r} is {quest.status}; only open quests can be abandoned."
        )
    return [
        (quest_stream(c.quest_id), ev.QuestAbandoned(quest_id=c.quest_id, previous_status="open"))
    ]


def _item(quest: Quest, item_id: str) -> ChecklistItem:
    item = quest.item(item_id)
    if item is None:
        raise CommandRefused(f"Quest {quest.title!r} has no checklist item {item_id!r}.")
    return item


def add_checklist_item(state: GameState, c: cmd.AddChecklistItem, ctx: DecisionContext) -> Decision:
    """Append a checklist item."""
    quest = cx.quest(state, c.quest_id)
    if quest.item(c.item_id) is not None:
        raise CommandRefused(f"Quest {quest.title!r} already has an item {c.item_id!r}.")
    added = ev.ChecklistItemAdded(
        quest_id=c.quest_id, item_id=c.item_id, text=c.text, index=len(quest.checklist)
    )
    return [(quest_stream(c.quest_id), added)]


def check_item(state: GameState, c: cmd.CheckChecklistItem, ctx: DecisionContext) -> Decision:
    """Tick a checklist item."""
    quest = cx.quest(state, c.quest_id)
    if _item(quest, c.item_id).done:
        raise CommandRefused("That checklist item is already ticked.")
    return [
        (quest_stream(c.quest_id), ev.ChecklistItemChecked(quest_id=c.quest_id, item_id=c.item_id))
    ]


def uncheck_item(state: GameState, c: cmd.UncheckChecklistItem, ctx: DecisionContext) -> Decision:
    """Untick a checklist item."""
    quest = cx.quest(state, c.quest_id)
    if not _item(quest, c.item_id).done:
        raise CommandRefused("That checklist item is not ticked.")
    unchecked = ev.ChecklistItemUnchecked(quest_id=c.quest_id, item_id=c.item_id)
    return [(quest_stream(c.quest_id), unchecked)]


def rename_item(state: GameState, c: cmd.RenameChecklistItem, ctx: DecisionContext) -> Decision:
    """Change a checklist item's text."""
    quest = cx.quest(state, c.quest_id)
    item = _item(quest, c.item_id)
    if item.text == c.text:
        raise CommandRefused("That checklist item already has this text.")
    renamed = ev.ChecklistItemRenamed(
        quest_id=c.quest_id, item_id=c.item_id, old_text=item.text, new_text=c.text
    )
    return [(quest_stream(c.quest_id), renamed)]


def remove_item(state: GameState, c: cmd.RemoveChecklistItem, ctx: DecisionContext) -> Decision:
    """Remove a checklist item (kept in the event for undo)."""
    quest = cx.quest(state, c.quest_id)
    item = _item(quest, c.item_id)
    removed = ev.ChecklistItemRemoved(
        quest_id=c.quest_id,
        item_id=c.item_id,
        text=item.text,
        done=item.done,
        index=quest.checklist.index(item),
    )
    return [(quest_stream(c.quest_id), removed)]
