"""What the window's item commands do: the New, Edit, Archive, Skip, Pause, Claim and
Complete actions on the selected habit, quest, goal or reward, the quest and checklist
clicks, a log from Today (its gain floats up from the row) and the quick-log palette.

Each one opens a dialog or hands one command to the controller; a command that needs a
selection and has none is refused with a message saying what to select.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rpgmylife_desktop.application.session import CommandResult
from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.ui.dialogs import CommandDialog, QuestDialog, RewardDialog
from rpgmylife_desktop.ui.goal_dialog import GoalDialog
from rpgmylife_desktop.ui.habit_dialog import HabitDialog
from rpgmylife_desktop.ui.models.base import KEY_ROLE
from rpgmylife_desktop.ui.pages.habit_detail import HabitDetail
from rpgmylife_desktop.ui.pause_dialog import PauseDialog
from rpgmylife_desktop.ui.widgets.amount_prompt import ask_amount
from rpgmylife_desktop.ui.widgets.gain import FloatingGain
from rpgmylife_desktop.ui.widgets.palette import QuickLogPalette
from rpgmylife_desktop.ui.words import outcome_words, pause_label

if TYPE_CHECKING:
    from rpgmylife_desktop.ui.main_window import MainWindow


class ItemCommands:
    """The item commands of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.recent_logs: list[str] = []
        """Ids logged from the quick-log palette, most recent first (listed first there)."""
        self.last_gain: FloatingGain | None = None
        """The last gain that floated up from a row (kept for the tests)."""

    # -- dialogs ----------------------------------------------------------------------

    def open_dialog(self, dialog: CommandDialog, label: str | None = None) -> None:
        """Show a command dialog (window-modal, not blocking); OK hands its command in."""
        controller = self.window.controller
        self.window.active_dialog = dialog

        def submit(command: cmd.Command) -> str | None:
            words = label or _label_of(command, self.window.game.state)
            if controller.handle(command, words) is None:
                return controller.last_message  # the dialog stays open and says why
            return None

        dialog.submit = submit
        dialog.open()

    def new_habit(self) -> None:
        game = self.window.game
        self.open_dialog(HabitDialog(game.state, today=game.today(), parent=self.window))

    def new_quest(self) -> None:
        game = self.window.game
        self.open_dialog(QuestDialog(game.state, today=game.today(), parent=self.window))

    def new_goal(self) -> None:
        game = self.window.game
        self.open_dialog(GoalDialog(game.state, today=game.today(), parent=self.window))

    def new_reward(self) -> None:
        self.open_dialog(RewardDialog(self.window.game.state, parent=self.window))

    def selection(self) -> tuple[str, str | None]:
        """The kind ("habit", "quest", "goal", "reward"; "" for none) and id of the item
        selected on the current page (on Today: in the list that has the keyboard)."""
        w = self.window
        page = w.current_page()
        for kind, list_page in (
            ("habit", w.habits_page),
            ("quest", w.quests_page),
            ("goal", w.goals_page),
            ("reward", w.rewards_page),
        ):
            if page is list_page:
                return kind, list_page.selected_key()
        if page is w.today_page:
            chosen = w.today_page.menu_view
            if chosen is not None and chosen.currentIndex().isValid():
                return "habit", str(chosen.currentIndex().data(KEY_ROLE))
            for kind, view in (
                ("habit", w.today_page.habits_view),
                ("habit", w.today_page.dailies_view),
                ("quest", w.today_page.quests_view),
            ):
                if view.hasFocus() and view.currentIndex().isValid():
                    return kind, str(view.currentIndex().data(KEY_ROLE))
        return "", None

    def edit_selected(self) -> None:
        kind, key = self.selection()
        w = self.window
        if key is None:
            w.controller.refused.emit("Select a habit, quest, goal or reward to edit.")
            return
        state, today = w.game.state, w.game.today()
        if kind == "habit":
            self.open_dialog(HabitDialog(state, key, parent=w))
        elif kind == "quest":
            self.open_dialog(QuestDialog(state, key, today=today, parent=w))
        elif kind == "goal":
            self.open_dialog(GoalDialog(state, key, today=today, parent=w))
        elif kind == "reward":
            self.open_dialog(RewardDialog(state, key, parent=w))

    def open_detail(self, habit_id: str | None = None) -> HabitDetail | None:
        """The habit detail of `habit_id` (default: the selected habit)."""
        if habit_id is None:
            kind, habit_id = self.selection()
            if kind != "habit" or habit_id is None:
                return None
        w = self.window

        def edit(key: str) -> None:
            if key in w.game.state.habits:
                self.open_dialog(HabitDialog(w.game.state, key, parent=w))

        detail = HabitDetail(habit_id, w.source, w.controller, w.models.today, edit=edit, parent=w)
        w.active_dialog = detail
        w.focus_return.present(detail)
        return detail

    # -- commands on the selection ----------------------------------------------------

    def archive_selected(self) -> None:
        kind, key = self.selection()
        controller, state = self.window.controller, self.window.game.state
        if key is None:
            controller.refused.emit("Select a habit to archive (or a quest to abandon).")
            return
        if kind == "habit":
            habit = state.habits[key]
            if habit.archived:
                controller.handle(cmd.RestoreHabit(habit_id=key), f"Restored {habit.name}")
            else:
                controller.handle(cmd.ArchiveHabit(habit_id=key), f"Archived {habit.name}")
        elif kind == "quest":
            quest = state.quests[key]
            controller.handle(cmd.AbandonQuest(quest_id=key), f"Abandoned {quest.title}")
        else:
            controller.refused.emit("Only habits can be archived and quests abandoned.")

    def skip_selected(self) -> None:
        kind, key = self.selection()
        controller, game = self.window.controller, self.window.game
        if kind != "habit" or key is None:
            controller.refused.emit("Select a habit to skip today.")
            return
        name = game.state.habits[key].name
        controller.handle(cmd.SkipHabitDay(habit_id=key, day=game.today()), f"Skipped {name} today")

    def pause_selected(self) -> None:
        kind, key = self.selection()
        w = self.window
        if kind != "habit" or key is None:
            w.controller.refused.emit("Select a habit to pause.")
            return
        self.open_dialog(PauseDialog(w.game.state.habits[key], w.game.today(), parent=w))

    def claim_selected(self) -> None:
        kind, key = self.selection()
        if kind != "reward" or key is None:
            self.window.controller.refused.emit("Select a reward to claim.")
            return
        self.claim(key)

    def claim(self, reward_id: str) -> None:
        reward = self.window.game.state.rewards.get(reward_id)
        title = reward.title if reward is not None else reward_id
        self.window.controller.handle(cmd.ClaimReward(reward_id=reward_id), f"Claimed {title}")

    def complete_selected(self) -> None:
        kind, key = self.selection()
        if kind != "quest" or key is None:
            self.window.controller.refused.emit("Select a quest to complete.")
            return
        self.complete_quest(key, self.window.game.state.quests[key].status != "completed")

    def complete_quest(self, quest_id: str, done: bool) -> None:
        w = self.window
        quest = w.game.state.quests.get(quest_id)
        title = quest.title if quest is not None else quest_id
        if done:
            result = w.controller.handle(cmd.CompleteQuest(quest_id=quest_id), f"Completed {title}")
            self.float_gain(result, quest_id, [w.today_page.quests_view])
        else:
            w.controller.handle(cmd.ReopenQuest(quest_id=quest_id), f"Reopened {title}")

    # -- checklists -------------------------------------------------------------------

    def tick_item(self, quest_id: str, item_id: str, ticked: bool) -> None:
        w = self.window
        checklist = w.game.state.quests[quest_id].checklist
        item = next((i for i in checklist if i.item_id == item_id), None)
        text = item.text if item is not None else item_id
        if ticked:
            command: cmd.Command = cmd.CheckChecklistItem(quest_id=quest_id, item_id=item_id)
        else:
            command = cmd.UncheckChecklistItem(quest_id=quest_id, item_id=item_id)
        w.controller.handle(command, f"{'Ticked' if ticked else 'Unticked'} {text}")

    def add_checklist_item(self) -> None:
        w = self.window
        quest_id = w.models.checklist.quest_id
        text = w.checklist_panel.new_item.text().strip()
        if quest_id is None:
            w.controller.handle_refused("Select a quest first, then add items to it.")
            return
        if not text:
            w.controller.handle_refused("Type the new item's text first.")
            return
        result = w.controller.handle(
            cmd.AddChecklistItem(quest_id=quest_id, text=text), f"Added {text} to the checklist"
        )
        if result is not None:
            w.checklist_panel.new_item.clear()

    def remove_checklist_item(self) -> None:
        w = self.window
        quest_id = w.models.checklist.quest_id
        item_id = w.checklist_panel.selected_item()
        if quest_id is None or item_id is None:
            w.controller.handle_refused("Select a checklist item to remove.")
            return
        w.controller.handle(
            cmd.RemoveChecklistItem(quest_id=quest_id, item_id=item_id),
            "Removed a checklist item",
        )

    # -- logs -------------------------------------------------------------------------

    def log_from_today(self, habit_id: str, press: object, day: date | None) -> None:
        """A log clicked on Today: the controller writes it, the gain floats up from the row."""
        w = self.window
        result = w.controller.log(habit_id, press, day)
        self.float_gain(result, habit_id, [w.today_page.habits_view, w.today_page.dailies_view])

    def float_gain(self, result: CommandResult | None, key: str, views: list[Any]) -> None:
        """Float what `result` earned or cost up from the row of `key` in `views`."""
        if result is None or not result.written:
            return
        gain = outcome_words(result.events)
        if not gain:
            return
        for view in views:
            model = view.model()
            for row in range(model.rowCount()):
                index = model.index(row, view.modelColumn())
                if index.data(KEY_ROLE) == key:
                    rect = view.visualRect(index)
                    if rect.isValid() and view.isVisible():
                        self.last_gain = FloatingGain(
                            gain, rect, view.viewport(), loss=gain.startswith("-")
                        )
                    return

    def revert_event(self, event_id: str) -> None:
        self.window.controller.handle(cmd.RevertEvent(event_id=event_id), "Reverted")

    def quick_log(self) -> None:
        """The quick-log palette (Ctrl+L): type a few letters, Enter logs the habit or
        completes the quest."""
        w = self.window

        def chosen(kind: str, item_id: str) -> None:
            if item_id in self.recent_logs:
                self.recent_logs.remove(item_id)
            self.recent_logs.insert(0, item_id)
            if kind == "habit":
                # A bad habit has only its - button: the palette logs a slip, as the tray does.
                habit = w.game.state.habits.get(item_id)
                if habit is not None and habit.target is not None:
                    # A numeric habit asks how much, as the tray does; Escape logs nothing.
                    w.active_dialog = ask_amount(
                        habit.name,
                        habit.target.unit,
                        w,
                        lambda amount: w.controller.log(item_id, amount),
                    )
                    return
                negative = habit is not None and habit.kind == "negative"
                w.controller.log(item_id, "down" if negative else "up")
            else:
                self.complete_quest(item_id, True)

        palette = QuickLogPalette(w.game.state, chosen, w, self.recent_logs)
        w.active_dialog = palette
        palette.open()
        palette.edit.setFocus()


def _label_of(command: cmd.Command, state: GameState) -> str | None:
    """ "Added Read", "Saved Read", "Paused Gym & swim from Mon 2 Nov to Sun 8 Nov" (as
    History writes it); None: the controller words it from its events."""
    if isinstance(command, cmd.PauseHabit):
        return pause_label(state, command)
    for attribute in ("name", "title"):
        value = getattr(command, attribute, None)
        if isinstance(value, str) and value:
            verb = "Added" if type(command).__name__.startswith("Add") else "Saved"
            return f"{verb} {value}"
    return None
