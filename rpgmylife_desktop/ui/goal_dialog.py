"""The goal dialog: New goal or edit one (what it measures, by when, its linked habits
and quests), with inline validation (`CommandDialog`)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QSpinBox, QWidget

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import GoalMeasure
from rpgmylife_desktop.ui.dialogs import CommandDialog, pydate, qdate
from rpgmylife_desktop.ui.link_list import LinkList
from rpgmylife_desktop.ui.widgets.day_edit import DayEdit


class GoalDialog(CommandDialog):
    """New goal or edit one: title, description, target date and how it is measured."""

    def __init__(
        self,
        state: GameState,
        goal_id: str | None = None,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit goal" if goal_id else "New goal", parent)
        goal = None if goal_id is None else state.goals[goal_id]
        self.goal_id = goal_id
        self.title_edit = self._line("titleEdit", "Title", goal.title if goal else "")
        self.description_edit = self._line(
            "descriptionEdit", "Description", goal.description if goal else ""
        )
        self.date_box = QCheckBox("By")
        self.date_box.setChecked(goal is not None and goal.target_date is not None)
        self.date_edit = DayEdit(
            qdate(goal.target_date if goal and goal.target_date else today or date.today())
        )
        self.date_edit.setAccessibleName("Target date")
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.date_box)
        row_layout.addWidget(self.date_edit)
        self.form.addRow("Target date:", row)
        measure = goal.measure if goal else GoalMeasure()
        self.measure_combo = self._combo(
            "measureCombo",
            "Measure",
            ("manual", "habit_logs", "habit_days", "linked_quests"),
            measure.kind,
        )
        self.habit_combo = QComboBox()
        self.habit_combo.setObjectName("habitCombo")
        self.habit_combo.setAccessibleName("Habit measured")
        self.habit_combo.addItem("(none)", None)
        for habit in state.habits_in_order():
            self.habit_combo.addItem(habit.name, habit.habit_id)
        if measure.habit_id:
            self.habit_combo.setCurrentIndex(max(0, self.habit_combo.findData(measure.habit_id)))
        self.form.addRow("Habit:", self.habit_combo)
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName("countSpin")
        self.count_spin.setAccessibleName("Count")
        self.count_spin.setRange(1, 100_000)
        self.count_spin.setValue(measure.count)
        self.form.addRow("Count:", self.count_spin)
        self.habit_links = LinkList("linkedHabits", "Linked habits")
        linked_habits = goal.habit_ids if goal else ()
        self.habit_links.fill(
            [(h.habit_id, h.name) for h in state.habits_in_order()]
            + [
                (h.habit_id, f"{h.name} (archived)")
                for h in state.habits_in_order(archived=True)
                if h.habit_id in linked_habits
            ],
            linked_habits,
        )
        self.form.addRow("Linked habits:", self.habit_links)
        self.quest_links = LinkList("linkedQuests", "Linked quests")
        named_by_quest = {
            q.quest_id: "This quest names the goal: change that in the quest's dialog."
            for q in state.quests.values()
            if goal_id is not None and q.goal_id == goal_id
        }
        self.quest_links.fill(
            (
                (q.quest_id, q.title if q.status == "open" else f"{q.title} ({q.status})")
                for q in state.quests.values()
            ),
            goal.quest_ids if goal else (),
            named_by_quest,
        )
        self.form.addRow("Linked quests:", self.quest_links)
        self.habit_links.itemChanged.connect(self.validate)
        self.quest_links.itemChanged.connect(self.validate)
        self._watch(
            self.title_edit,
            self.description_edit,
            self.date_box,
            self.measure_combo,
            self.habit_combo,
            self.count_spin,
        )
        self.date_edit.dateChanged.connect(self.validate)
        self.measure_combo.currentIndexChanged.connect(self._show_measure_fields)
        self._show_measure_fields()
        self.validate()

    def _show_measure_fields(self, *_args: object) -> None:
        """The habit and the count mean something only to a measure that counts a habit's
        logs or days: otherwise they are greyed out, as a schedule's unused fields are."""
        counts_a_habit = self.measure_combo.currentData() in ("habit_logs", "habit_days")
        self.habit_combo.setEnabled(counts_a_habit)
        self.count_spin.setEnabled(counts_a_habit)

    def build(self) -> cmd.Command:
        title = self.title_edit.text().strip()
        if not title:
            raise ValueError("Title: give the goal a title.")
        measure = GoalMeasure(
            kind=self.measure_combo.currentData(),
            habit_id=self.habit_combo.currentData(),
            count=self.count_spin.value(),
        )
        target_date = pydate(self.date_edit.date()) if self.date_box.isChecked() else None
        if self.goal_id is None:
            return cmd.AddGoal(
                title=title,
                description=self.description_edit.text(),
                target_date=target_date,
                measure=measure,
                habit_ids=_with(self.habit_links.chosen(), measure.habit_id),
                quest_ids=self.quest_links.chosen(),
            )
        return cmd.EditGoal(
            goal_id=self.goal_id,
            title=title,
            description=self.description_edit.text(),
            target_date=target_date,
            clear_target_date=target_date is None,
            measure=measure,
            habit_ids=_with(self.habit_links.chosen(), measure.habit_id),
            quest_ids=self.quest_links.chosen(),
        )


def _with(ids: tuple[str, ...], extra: str | None) -> tuple[str, ...]:
    """`ids` and the measured habit (a measured habit is linked)."""
    return ids if extra is None or extra in ids else (*ids, extra)
