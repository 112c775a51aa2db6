"""Time travel: a timeline slider over the log and the list of milestones.

Moving the slider (or choosing a milestone) shows the whole window as of that
point, read-only, under the banner; "Back to now" returns.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from rpgmylife_desktop.application.session import Game
from rpgmylife_desktop.ui.models.milestones import POSITION_ROLE, MilestonesModel
from rpgmylife_desktop.ui.pages.lists import DAY_PADDING, WIDEST_DAY
from rpgmylife_desktop.ui.widgets.views import EmptyTableView


class TravelPage(QWidget):
    """The slider (log positions) and the milestones (level-ups, goals, streak records,
    perfect days), each a place to travel to."""

    def __init__(
        self,
        game: Game,
        milestones: MilestonesModel,
        *,
        travel: Callable[[int], None],
        back: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("travelPage")
        self._game = game
        self._travel = travel
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("travelSlider")
        self.slider.setAccessibleName("Timeline: the point in the log to view")
        self.slider.setTracking(False)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.position_label = QLabel()
        self.position_label.setObjectName("travelPositionLabel")
        self.back_button = QPushButton("Back to now")
        self.back_button.setObjectName("travelBackButton")
        self.back_button.clicked.connect(back)
        self.milestones = milestones
        self.view = EmptyTableView(
            "No milestones yet: level up, keep a streak, have a perfect day."
        )
        self.view.setObjectName("milestonesTable")
        self.view.setAccessibleName("Milestones")
        self.view.setModel(milestones)
        widest = self.view.fontMetrics().horizontalAdvance(WIDEST_DAY) + DAY_PADDING
        self.view.setColumnWidth(0, max(110, widest))
        self.view.activated.connect(self._milestone_chosen)
        self.view.doubleClicked.connect(self._milestone_chosen)
        row = QHBoxLayout()
        row.addWidget(QLabel("First event"))
        row.addWidget(self.slider, 1)
        row.addWidget(QLabel("Now"))
        row.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h3>Travel through your history</h3>"))
        layout.addLayout(row)
        layout.addWidget(self.position_label)
        layout.addWidget(QLabel("<b>Milestones</b> (double-click or Enter to travel there)"))
        layout.addWidget(self.view)
        self.slider.valueChanged.connect(self._slid)
        self.slider.sliderMoved.connect(self._show_position)
        self.refresh()

    def refresh(self) -> None:
        """Fit the slider to the log's length."""
        head = self._game.position
        self.slider.blockSignals(True)
        self.slider.setRange(1, max(1, head))
        self.slider.setTickInterval(max(1, head // 20))
        self.slider.setPageStep(max(1, head // 50))
        if not self.slider.isSliderDown():
            self.slider.setValue(max(1, head))
        self.slider.blockSignals(False)
        self._show_position(self.slider.value())

    def show_travelled(self, position: int) -> None:
        """Put the slider and the label at the point the window now shows (a milestone,
        History or the slider took it there)."""
        self.refresh()
        self.slider.blockSignals(True)
        self.slider.setValue(max(1, position))
        self.slider.blockSignals(False)
        self._show_position(position)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The page opens at now (the slider's right end), so the milestones open at their
        # newest, in view and current (Enter travels there), not at the first day played.
        if not self.view.currentIndex().isValid():
            self.show_newest()

    def show_newest(self) -> None:
        """Scroll the milestones to the newest and make it the current row."""
        rows = self.milestones.rowCount()
        if rows:
            newest = self.milestones.index(rows - 1, 0)
            self.view.selectionModel().setCurrentIndex(
                newest, QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.view.scrollTo(newest)

    def _show_position(self, position: int) -> None:
        self.position_label.setText(f"Event {position} of {self._game.position}")

    def _slid(self, position: int) -> None:
        self._show_position(position)
        self._travel(position)

    def _milestone_chosen(self, index: object) -> None:
        position = getattr(index, "data", lambda _r: None)(POSITION_ROLE)
        if position is not None:
            self._travel(int(position))
