"""Create and edit dialogs with inline validation.

Each dialog builds the domain command from its fields on every change; what
the command (or the dialog's own checks) rejects is shown under the fields in
words, and OK stays disabled until the command is valid. The command is handed
to the controller by whoever opened the dialog.

Here: the base (`CommandDialog`) and the quest and reward dialogs; the habit and goal
dialogs, which have many more fields, live in `habit_dialog.py` and `goal_dialog.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

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
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop.domain import commands as cmd
from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.ui.widgets.amount_spin import AmountSpinBox
from rpgmylife_desktop.ui.widgets.day_edit import DayEdit

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


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class CommandDialog(QDialog):
    """A form whose OK is enabled only while `build()` makes a valid command."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # a refusal quotes names
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
                self._fit_height()
                return
        super().accept()

    def _fit_height(self) -> None:
        """Grow to show all of a wrapped reason: a top-level window's layout does not
        follow its word-wrapped label's height, so a refusal of two sentences (what
        happened, then what to do) was cut off in a narrow dialog."""
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else -1
        if needed > self.height():
            self.resize(self.width(), needed)

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
        self.due_edit = DayEdit(qdate(quest.due if quest and quest.due else today or date.today()))
        self.due_edit.setAccessibleName("Due day")
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
        due = pydate(self.due_edit.date()) if self.due_box.isChecked() else None
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
