"""Create and edit dialogs with inline validation.

Each dialog builds the domain command from its fields on every change; what
the command (or the dialog's own checks) rejects is shown under the fields in
words, and OK stays disabled until the command is valid. The command is handed
to the controller by whoever opened the dialog.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import GoalMeasure, NumericTarget, Schedule
from rpgmylife_desktop.ui.link_list import LinkList
from rpgmylife_desktop.ui.widgets.amount_spin import AmountSpinBox

DATE_FORMAT = "ddd d MMM yyyy"
"""How date fields show a day ("Mon 2 Nov 2026"): the C locale's "2 11 2026" is unclear."""

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DIFFICULTIES = ("trivial", "easy", "medium", "hard")

CHOICE_WORDS = {
    "every_n_days": "every N days",
    "times_per_week": "N times a week",
    "times_per_month": "N times a month",
    "at_least": "at least",
    "at_most": "at most",
    "habit_logs": "habit logs",
    "habit_days": "habit days",
    "linked_quests": "linked quests",
    "manual": "set by hand",
}
"""How a choice is worded in a list ("at least", not the domain's `at_least`); the
domain's value stays the item's data."""
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_REMINDER = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def validation_text(exc: Exception) -> str:
    """A pydantic error in a person's words: "Name: should have at least 1 character"."""
    if isinstance(exc, ValidationError):
        lines = []
        for error in exc.errors():
            where = " ".join(str(part) for part in error["loc"]).replace("_", " ").strip()
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.append(f"{where.capitalize()}: {message}" if where else message.capitalize())
        return "\n".join(lines)
    return str(exc)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class CommandDialog(QDialog):
    """A form whose OK is enabled only while `build()` makes a valid command."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #d13438;")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._command: cmd.Command | None = None
        self.submit: Callable[[cmd.Command], str | None] | None = None
        """Hands the command in on OK; a refusal it returns keeps the dialog open."""
        # Enter in a multi-line field (notes, a checklist) starts a new line: Ctrl+Enter
        # presses OK from anywhere in the form (those fields would take it as Enter).
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._press_ok)

    def showEvent(self, event: QShowEvent) -> None:
        for edit in self.findChildren(QPlainTextEdit):
            edit.removeEventFilter(self)
            edit.installEventFilter(self)
        super().showEvent(event)
        # The buttons are made before the fields, so Qt would start on them: with OK
        # disabled until the form is valid, on Cancel, where the first space typed (in
        # "Call the bank") closed the dialog and the rest went to the window. Start on
        # the first field instead.
        first = self.first_field()
        focused = self.focusWidget()
        if first is not None and (focused is None or self.buttons.isAncestorOf(focused)):
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def first_field(self) -> QWidget | None:
        """The form's first field that takes the keyboard (a name, a title)."""
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if (
                widget is not None
                and widget.isEnabled()
                and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            ):
                return widget
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QKeyEvent)
            and event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if event.type() == QEvent.Type.KeyPress:
                self._press_ok()
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def _press_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.validate() and ok.isEnabled():
            ok.click()

    def _watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            for name in ("textChanged", "currentIndexChanged", "valueChanged", "toggled"):
                signal = getattr(widget, name, None)
                if signal is not None and hasattr(signal, "connect"):
                    signal.connect(self.validate)
                    break
            else:
                if isinstance(widget, QDateEdit):
                    widget.dateChanged.connect(self.validate)

    def build(self) -> cmd.Command:
        """The command the fields describe (raises ValueError / ValidationError)."""
        raise NotImplementedError

    def validate(self, *_args: object) -> bool:
        try:
            self._command = self.build()
        except (ValueError, ValidationError) as exc:
            self._command = None
            self.error_label.setText(validation_text(exc))
        else:
            self.error_label.setText("")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self._command is not None)
        return self._command is not None

    def command(self) -> cmd.Command | None:
        """The valid command, or None."""
        return self._command if self.validate() else None

    def accept(self) -> None:
        """Hand the command in (`submit`); when the game refuses it (a name already
        taken, a start after a log), stay open with the reason under the form and
        everything typed, instead of closing and losing it."""
        command = self.command()
        if command is None:
            return
        if self.submit is not None:
            refusal = self.submit(command)
            if refusal is not None:
                self.error_label.setText(refusal)
                return
        super().accept()

    def _line(self, name: str, label: str, text: str = "") -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(name)
        edit.setAccessibleName(label)
        self.form.addRow(f"&{label}:", edit)
        return edit

    def _combo(self, name: str, label: str, items: tuple[str, ...], current: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(label)
        for item in items:
            combo.addItem(CHOICE_WORDS.get(item, item), item)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        self.form.addRow(f"{label}:", combo)
        return combo


class HabitDialog(CommandDialog):
    """New habit (Ctrl+N) or edit one: every field the domain has."""

    def __init__(
        self,
        state: GameState,
        habit_id: str | None = None,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit habit" if habit_id else "New habit", parent)
        habit = None if habit_id is None else state.habits[habit_id]
        self.habit_id = habit_id
        self._habit = habit
        self.name_edit = self._line("nameEdit", "Name", habit.name if habit else "")
        self.notes_edit = QPlainTextEdit(habit.notes if habit else "")
        self.notes_edit.setObjectName("notesEdit")
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setFixedHeight(60)
        self.notes_edit.setTabChangesFocus(True)  # Tab leaves the box, as in every field
        self.form.addRow("Notes:", self.notes_edit)
        self.kind_combo = self._combo(
            "kindCombo",
            "Buttons",
            ("positive", "negative", "both"),
            habit.kind if habit else "positive",
        )
        self.difficulty_combo = self._combo(
            "difficultyCombo", "Difficulty", DIFFICULTIES, habit.difficulty if habit else "easy"
        )
        schedule = habit.schedule if habit else Schedule()
        self.schedule_combo = self._combo(
            "scheduleCombo",
            "Schedule",
            (
                "daily",
                "unscheduled",
                "weekdays",
                "every_n_days",
                "times_per_week",
                "times_per_month",
            ),
            schedule.kind,
        )
        days_row = QWidget()
        days_layout = QHBoxLayout(days_row)
        days_layout.setContentsMargins(0, 0, 0, 0)
        self.weekday_boxes = []
        for number, name in enumerate(WEEKDAYS):
            box = QCheckBox(name)
            box.setAccessibleName(f"Due on {name}")
            box.setChecked(number in schedule.weekdays)
            days_layout.addWidget(box)
            self.weekday_boxes.append(box)
        self.form.addRow("Weekdays:", days_row)
        self.every_spin = QSpinBox()
        self.every_spin.setObjectName("everySpin")
        self.every_spin.setAccessibleName("Every how many days")
        self.every_spin.setRange(1, 366)
        self.every_spin.setValue(schedule.every)
        self.form.addRow("Every N days:", self.every_spin)
        self.times_spin = QSpinBox()
        self.times_spin.setObjectName("timesSpin")
        self.times_spin.setAccessibleName("Times per period")
        self.times_spin.setRange(1, 31)
        self.times_spin.setValue(schedule.times)
        self.form.addRow("Times per period:", self.times_spin)
        target = habit.target if habit else None
        self.target_box = QCheckBox("Numeric target")
        self.target_box.setObjectName("targetBox")
        self.target_box.setChecked(target is not None)
        self.target_mode = QComboBox()
        self.target_mode.setAccessibleName("Target mode")
        for mode in ("at_least", "at_most"):
            self.target_mode.addItem(CHOICE_WORDS[mode], mode)
        self.target_mode.setCurrentIndex(
            max(0, self.target_mode.findData(target.mode if target else "at_least"))
        )
        self.target_amount = AmountSpinBox()
        self.target_amount.setObjectName("targetAmount")
        self.target_amount.setAccessibleName("Target amount")
        self.target_amount.setRange(0, 1_000_000)
        self.target_amount.setValue(target.amount if target else 1)
        self.target_unit = QLineEdit(target.unit if target else "")
        self.target_unit.setAccessibleName("Target unit")
        self.target_unit.setPlaceholderText("unit, e.g. glasses")
        hint_width = self.target_unit.fontMetrics().horizontalAdvance("unit, e.g. glasses")
        self.target_unit.setMinimumWidth(hint_width + 16)  # the hint is never clipped
        target_row = QWidget()
        target_layout = QHBoxLayout(target_row)
        target_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.target_box, self.target_mode, self.target_amount, self.target_unit):
            target_layout.addWidget(widget)
        self.form.addRow("Target:", target_row)
        self.colour_edit = self._line("colourEdit", "Colour", habit.color if habit else "")
        self.colour_edit.setPlaceholderText("#3fa34d")
        self.tags_edit = self._line("tagsEdit", "Tags", ", ".join(habit.tags) if habit else "")
        self.reminders_edit = self._line(
            "remindersEdit", "Reminders", ", ".join(habit.reminders) if habit else ""
        )
        self.reminders_edit.setPlaceholderText("07:30, 21:00")
        self.start_edit: QDateEdit | None = None
        if habit is None:
            self.start_edit = QDateEdit(_qdate(today or date.today()))
            self.start_edit.setObjectName("startEdit")
            self.start_edit.setAccessibleName("Start day")
            self.start_edit.setCalendarPopup(True)
            self.start_edit.setDisplayFormat(DATE_FORMAT)
            self.form.addRow("Start day:", self.start_edit)
        self._watch(
            self.name_edit,
            self.kind_combo,
            self.difficulty_combo,
            self.schedule_combo,
            self.every_spin,
            self.times_spin,
            self.target_box,
            self.target_mode,
            self.target_amount,
            self.target_unit,
            self.colour_edit,
            self.tags_edit,
            self.reminders_edit,
            *self.weekday_boxes,
        )
        self.notes_edit.textChanged.connect(self.validate)
        if self.start_edit is not None:
            self.start_edit.dateChanged.connect(self.validate)
        self.schedule_combo.currentIndexChanged.connect(self._show_schedule_fields)
        self._show_schedule_fields()
        self.validate()

    def _show_schedule_fields(self, *_args: object) -> None:
        kind = self.schedule_combo.currentData()
        for box in self.weekday_boxes:
            box.setEnabled(kind == "weekdays")
        self.every_spin.setEnabled(kind == "every_n_days")
        self.times_spin.setEnabled(kind in ("times_per_week", "times_per_month"))

    def _schedule(self) -> Schedule:
        kind = self.schedule_combo.currentData()
        fields: dict[str, Any] = {"kind": kind}
        if kind == "weekdays":
            fields["weekdays"] = tuple(i for i, b in enumerate(self.weekday_boxes) if b.isChecked())
        if kind == "every_n_days":
            fields["every"] = self.every_spin.value()
        if kind in ("times_per_week", "times_per_month"):
            fields["times"] = self.times_spin.value()
        return Schedule(**fields)

    def _target(self) -> NumericTarget | None:
        if not self.target_box.isChecked():
            return None
        return NumericTarget(
            mode=self.target_mode.currentData(),
            amount=self.target_amount.value(),
            unit=self.target_unit.text().strip(),
        )

    def build(self) -> cmd.Command:
        name = self.name_edit.text().strip()
        if not name:
            raise ValueError("Name: give the habit a name.")
        colour = self.colour_edit.text().strip()
        if colour and not _COLOUR.match(colour):
            raise ValueError("Colour: write it as #RRGGBB, for example #3fa34d.")
        reminders = tuple(r.strip() for r in self.reminders_edit.text().split(",") if r.strip())
        for reminder in reminders:
            if not _REMINDER.match(reminder):
                raise ValueError(f"Reminders: {reminder!r} is not a time like 07:30.")
        tags = tuple(t.strip() for t in self.tags_edit.text().split(",") if t.strip())
        fields: dict[str, Any] = {
            "name": name,
            "notes": self.notes_edit.toPlainText(),
            "tags": tags,
            "color": colour,
            "kind": self.kind_combo.currentData(),
            "difficulty": self.difficulty_combo.currentText(),
            "schedule": self._schedule(),
            "reminders": reminders,
        }
        target = self._target()
        if self.habit_id is None:
            assert self.start_edit is not None
            return cmd.AddHabit(target=target, start_day=_pydate(self.start_edit.date()), **fields)
        return cmd.EditHabit(
            habit_id=self.habit_id, target=target, clear_target=target is None, **fields
        )


class QuestDialog(CommandDialog):
    """New quest (Ctrl+Shift+N) or edit one."""

    def __init__(
        self,
        state: GameState,
        quest_id: str | None = None,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Edit quest" if quest_id else "New quest", parent)
        quest = None if quest_id is None else state.quests[quest_id]
        self.quest_id = quest_id
        self.title_edit = self._line("titleEdit", "Title", quest.title if quest else "")
        self.notes_edit = self._line("notesEdit", "Notes", quest.notes if quest else "")
        self.difficulty_combo = self._combo(
            "difficultyCombo", "Difficulty", DIFFICULTIES, quest.difficulty if quest else "easy"
        )
        self.due_box = QCheckBox("Due on")
        self.due_box.setObjectName("dueBox")
        self.due_box.setChecked(quest is not None and quest.due is not None)
        self.due_edit = QDateEdit(
            _qdate(quest.due if quest and quest.due else today or date.today())
        )
        self.due_edit.setAccessibleName("Due day")
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat(DATE_FORMAT)
        due_row = QWidget()
        due_layout = QHBoxLayout(due_row)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due_box)
        due_layout.addWidget(self.due_edit)
        self.form.addRow("Due:", due_row)
        self.goal_combo = QComboBox()
        self.goal_combo.setObjectName("goalCombo")
        self.goal_combo.setAccessibleName("Goal")
        self.goal_combo.addItem("(no goal)", None)
        for goal in state.goals.values():
            self.goal_combo.addItem(goal.title, goal.goal_id)
        if quest is not None and quest.goal_id:
            self.goal_combo.setCurrentIndex(max(0, self.goal_combo.findData(quest.goal_id)))
        self.form.addRow("Goal:", self.goal_combo)
        self.checklist_edit: QPlainTextEdit | None = None
        if quest is None:
            self.checklist_edit = QPlainTextEdit()
            self.checklist_edit.setObjectName("checklistEdit")
            self.checklist_edit.setAccessibleName("Checklist, one item a line")
            self.checklist_edit.setFixedHeight(70)
            self.checklist_edit.setTabChangesFocus(True)  # on to OK, not a tab in an item
            self.form.addRow("Checklist:", self.checklist_edit)
            self.checklist_edit.textChanged.connect(self.validate)
        self._watch(
            self.title_edit, self.notes_edit, self.difficulty_combo, self.due_box, self.goal_combo
        )
        self.due_edit.dateChanged.connect(self.validate)
        self.validate()

    def build(self) -> cmd.Command:
        title = self.title_edit.text().strip()
        if not title:
            raise ValueError("Title: give the quest a title.")
        due = _pydate(self.due_edit.date()) if self.due_box.isChecked() else None
        goal_id = self.goal_combo.currentData()
        if self.quest_id is None:
            assert self.checklist_edit is not None
            items = tuple(
                line.strip()
                for line in self.checklist_edit.toPlainText().splitlines()
                if line.strip()
            )
            return cmd.AddQuest(
                title=title,
                notes=self.notes_edit.text(),
                difficulty=self.difficulty_combo.currentText(),
                due=due,
                goal_id=goal_id,
                checklist=items,
            )
        return cmd.EditQuest(
            quest_id=self.quest_id,
            title=title,
            notes=self.notes_edit.text(),
            difficulty=self.difficulty_combo.currentText(),
            due=due,
            clear_due=due is None,
            goal_id=goal_id,
            clear_goal=goal_id is None,
        )


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
        self.date_edit = QDateEdit(
            _qdate(goal.target_date if goal and goal.target_date else today or date.today())
        )
        self.date_edit.setAccessibleName("Target date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
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
        target_date = _pydate(self.date_edit.date()) if self.date_box.isChecked() else None
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


class RewardDialog(CommandDialog):
    """New reward or edit one: title, notes, price in gold."""

    def __init__(
        self, state: GameState, reward_id: str | None = None, *, parent: QWidget | None = None
    ) -> None:
        super().__init__("Edit reward" if reward_id else "New reward", parent)
        reward = None if reward_id is None else state.rewards[reward_id]
        self.reward_id = reward_id
        self.title_edit = self._line("titleEdit", "Title", reward.title if reward else "")
        self.notes_edit = self._line("notesEdit", "Notes", reward.notes if reward else "")
        self.price_spin = AmountSpinBox()
        self.price_spin.setObjectName("priceSpin")
        self.price_spin.setAccessibleName("Price in gold")
        self.price_spin.setRange(0, 1_000_000)
        self.price_spin.setValue(reward.price if reward else 10)
        self.form.addRow("Price (gold):", self.price_spin)
        self._watch(self.title_edit, self.notes_edit, self.price_spin)
        self.validate()

    def build(self) -> cmd.Command:
        title = self.title_edit.text().strip()
        if not title:
            raise ValueError("Title: give the reward a title.")
        if self.reward_id is None:
            return cmd.AddReward(
                title=title, notes=self.notes_edit.text(), price=self.price_spin.value()
            )
        return cmd.EditReward(
            reward_id=self.reward_id,
            title=title,
            notes=self.notes_edit.text(),
            price=self.price_spin.value(),
        )


DialogFactory = Callable[..., CommandDialog]
