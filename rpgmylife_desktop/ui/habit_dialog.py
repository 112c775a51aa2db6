"""The habit dialog: New habit (Ctrl+N) or edit one, every field the domain has, with
inline validation (`CommandDialog`)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.domain.values import NumericTarget, Schedule
from rpgmylife_desktop.ui.dialogs import (
    CHOICE_WORDS,
    DIFFICULTIES,
    CommandDialog,
    pydate,
    qdate,
)
from rpgmylife_desktop.ui.widgets.amount_spin import AmountSpinBox
from rpgmylife_desktop.ui.widgets.day_edit import DayEdit

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
REMINDER = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


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
        # Shown when editing too: the rules move a habit's start while no closed day or
        # log stands in the way, and a log before the start is refused with "move the
        # habit's start back".
        self.start_edit = DayEdit(qdate(habit.start_day if habit else today or date.today()))
        self.start_edit.setObjectName("startEdit")
        self.start_edit.setAccessibleName("Start day")
        self.form.addRow("&Start day:", self.start_edit)
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
            self.start_edit,
            *self.weekday_boxes,
        )
        self.notes_edit.textChanged.connect(self.validate)
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
        if colour and not COLOUR.match(colour):
            raise ValueError("Colour: write it as #RRGGBB, for example #3fa34d.")
        reminders = tuple(r.strip() for r in self.reminders_edit.text().split(",") if r.strip())
        for reminder in reminders:
            if not REMINDER.match(reminder):
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
        start = pydate(self.start_edit.date())
        if self._habit is None:
            return cmd.AddHabit(target=target, start_day=start, **fields)
        # The start goes in only when it moved: an untouched start is no request to move
        # it, so the rules never judge (or refuse) a move nobody asked for.
        moved = start if start != self._habit.start_day else None
        return cmd.EditHabit(
            habit_id=self._habit.habit_id,
            target=target,
            clear_target=target is None,
            start_day=moved,
            **fields,
        )
