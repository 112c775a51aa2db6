"""A spin box for amounts and gold that writes its number as the rest of the window
does (`amount_text`: "8", "2.5", "0.97"), where QDoubleSpinBox wrote "8.00"."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from rpgmylife_desktop.domain.numbers import amount_text


class AmountSpinBox(QDoubleSpinBox):
    """Two decimals when typed, none shown that are zeros."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(2)
        # amount_text writes a decimal point: read one too, whatever the system locale.
        self.setLocale(QLocale.c())

    def textFromValue(self, value: float) -> str:
        return amount_text(value)
