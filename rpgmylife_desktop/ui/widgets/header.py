"""The character header, always in view: name, level, XP bar, HP bar, gold.

It reads the one row of the character model and repaints on its signals, so
it shows the past while travelling like every other part of the window.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from rpgmylife_desktop.domain.numbers import amount_of_text, amount_text
from rpgmylife_desktop.ui.models.character import CharacterModel
from rpgmylife_desktop.ui.widgets.stat_bar import StatBar
from rpgmylife_desktop.ui.words import rich_text

AMBER = 0.5
"""HP share under which the HP bar turns amber."""
RED = 0.25
"""HP share under which it turns red."""

HP_COLOURS = {"ok": "#3fa34d", "amber": "#e0a100", "red": "#d13438"}


def hp_level(hp: float, max_hp: float) -> str:
    """ok, amber or red, by the share of HP left."""
    share = 0.0 if max_hp <= 0 else hp / max_hp
    if share < RED:
        return "red"
    if share < AMBER:
        return "amber"
    return "ok"


def _bar(name: str, accessible: str) -> StatBar:
    bar = StatBar()
    bar.setObjectName(name)
    bar.setAccessibleName(accessible)
    bar.setTextVisible(True)
    bar.setMinimumWidth(160)
    bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return bar


class CharacterHeader(QWidget):
    """Name and level, XP "XP / XP to next", HP (green, amber, red) and gold."""

    def __init__(self, model: CharacterModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("characterHeader")
        self._model = model
        self.name_label = QLabel()
        self.name_label.setObjectName("nameLabel")
        self.level_label = QLabel()
        self.level_label.setObjectName("levelLabel")
        self.xp_bar = _bar("xpBar", "Experience")
        self.hp_bar = _bar("hpBar", "Health")
        self.gold_label = QLabel()
        self.gold_label.setObjectName("goldLabel")
        self.gold_label.setAccessibleName("Gold")
        self.hp_state = "ok"
        self._coloured = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.name_label)
        layout.addWidget(self.level_label)
        layout.addSpacing(12)
        layout.addWidget(QLabel("XP"))
        layout.addWidget(self.xp_bar, 2)
        layout.addWidget(QLabel("HP"))
        layout.addWidget(self.hp_bar, 2)
        layout.addSpacing(12)
        layout.addWidget(self.gold_label)
        for signal in (
            model.dataChanged,
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
        ):
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        sheet = self._model.sheet()
        if sheet is None:
            # Empty bars without numbers, and how to begin (the first habit makes the
            # character, as the CLI says): a full, blue, unnumbered HP bar and "0 / 0"
            # XP looked broken.
            self.name_label.setText("<b>No character yet</b>")
            self.level_label.setText("add a habit (Ctrl+N) to begin")
            for bar in (self.xp_bar, self.hp_bar):
                bar.setRange(0, 1)
                bar.setValue(0)
                bar.setFormat("")
            self.hp_bar.setAccessibleDescription("no character yet")
            self.gold_label.setText("")
            return
        self.name_label.setText(f"<b style='font-size:15pt'>{rich_text(sheet.name)}</b>")
        self.level_label.setText(f"Level {sheet.level}")
        self.xp_bar.setRange(0, max(1, sheet.xp_to_next))
        self.xp_bar.setValue(min(sheet.xp, max(1, sheet.xp_to_next)))
        self.xp_bar.setFormat(amount_of_text(sheet.xp, sheet.xp_to_next, ""))
        # QProgressBar counts in ints; tenths keep HP like 49.2 honest.
        self.hp_bar.setRange(0, max(1, round(sheet.max_hp * 10)))
        self.hp_bar.setValue(max(0, round(sheet.hp * 10)))
        # The numbers as `rpgmylife status` writes them: "44.7 / 50", "50 / 50" (not "50.0").
        self.hp_bar.setFormat(amount_of_text(sheet.hp, sheet.max_hp, ""))
        state = hp_level(sheet.hp, sheet.max_hp)
        if state != self.hp_state or not self._coloured:
            self.hp_state = state
            self._coloured = True
            # Fusion paints the chunk in the Highlight colour; only that role is set here,
            # so the rest still follows the light or dark palette.
            palette = self.hp_bar.palette()
            palette.setColor(QPalette.ColorRole.Highlight, QColor(HP_COLOURS[state]))
            self.hp_bar.setPalette(palette)
        self.hp_bar.setAccessibleDescription(
            f"{amount_text(sheet.hp)} of {amount_text(sheet.max_hp)}, {state}"
        )
        self.gold_label.setText(f"<b style='color:#b8860b'>●</b> {amount_text(sheet.gold)} gold")
