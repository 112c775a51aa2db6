"""A read-only overview window: the character sheet and today's habits.

It stands in for the full desktop window (a later issue) so that `rpgmylife`
with no command already shows the player's game. It only reads: the data
folder is opened read-only, so a running CLI command is never blocked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from rpgmylife_desktop import APP_NAME, __version__
from rpgmylife_desktop.application.results import Status
from rpgmylife_desktop.projections.today import TodayRow


def _bar(name: str, value: float, maximum: float, fmt: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setObjectName(name)
    # QProgressBar counts in ints; tenths keep HP like 49.2 honest.
    bar.setRange(0, max(1, round(maximum * 10)))
    bar.setValue(round(value * 10))
    bar.setFormat(fmt)
    bar.setTextVisible(True)
    return bar


def _habit_line(row: TodayRow) -> str:
    mark = "✔" if row.done else ("–" if row.excused or not row.due else "○")
    amount = ""
    if row.target is not None:
        amount = f"  {row.amount:g}/{row.target:g} {row.unit}".rstrip()
    return (
        f"{mark}  {row.name}{amount}   streak {row.streak}, strength {round(row.strength * 100)}%"
    )


class OverviewWindow(QMainWindow):
    """The character sheet, today's habits and where the data lives."""

    def __init__(
        self,
        data_dir: str,
        status: Status | None,
        today: Sequence[TodayRow],
        message: str | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        if status is None or not status.name:
            intro = message or (
                "No adventure yet. Add a habit with 'rpgmylife habit add NAME', "
                "or explore with 'rpgmylife demo'."
            )
            title = QLabel(f"<h1>{APP_NAME}</h1><p>{intro}</p>")
            title.setObjectName("introLabel")
            title.setWordWrap(True)
            layout.addWidget(title)
        else:
            heading = QLabel(f"<h1>{status.name}</h1><h3>Level {status.level}</h3>")
            heading.setObjectName("characterLabel")
            layout.addWidget(heading)
            layout.addWidget(_bar("hpBar", status.hp, status.max_hp, f"HP {status.hp:g}"))
            layout.addWidget(
                _bar("xpBar", status.xp, status.xp_to_next, f"XP {status.xp}/{status.xp_to_next}")
            )
            gold = QLabel(f"Gold: {status.gold:.2f}")
            gold.setObjectName("goldLabel")
            layout.addWidget(gold)
            layout.addWidget(QLabel("<b>Today</b>"))
            habits = QListWidget()
            habits.setObjectName("todayList")
            for row in today:
                QListWidgetItem(_habit_line(row), habits)
            layout.addWidget(habits)
        folder = QLabel(f"Data folder: {data_dir}")
        folder.setObjectName("dataFolderLabel")
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(folder)
        self.setCentralWidget(central)
        self.resize(560, 520)
